/**
 * Bearer API-key authentication and role checks.
 * @module
 */
import type { MiddlewareHandler } from 'hono'
import { authenticate, PrincipalCache, type AdminKey } from '../access/principal-service.js'
import type { Db } from '../db/database.js'
import { invalidKeyLockout, type AbuseGuard } from './abuse-limits.js'
import type { Role } from '../access/principal.js'
import type { AppEnv } from './app-env.js'
import { problem } from './problem.js'

const BEARER = /^Bearer\s+(\S{1,200})\s*$/i

/** Authenticates every request; principal rows are reused for a few seconds ({@link PrincipalCache}). */
export function authentication(deps: {
  db: Db
  adminKey: AdminKey
  guard: AbuseGuard
  /** Shared with the revocation route, which makes this process forget a revoked key at once. */
  principalCache?: PrincipalCache
}): MiddlewareHandler<AppEnv> {
  const cache = deps.principalCache ?? new PrincipalCache()
  return async function authentication(c, next) {
    const header = c.req.header('Authorization')
    const match = header ? BEARER.exec(header) : null
    if (!match) {
      c.header('WWW-Authenticate', 'Bearer')
      return problem(c, 'unauthenticated', 'Send `Authorization: Bearer <apiKey>`.')
    }
    // The lockout is read beside the key lookup (no added round trip) and wins over its result, so a
    // locked-out address learns nothing about the key it sent.
    const [lockedOutForSeconds, principal] = await Promise.all([
      deps.guard.lockedOutForSeconds(c),
      authenticate(deps.db, deps.adminKey, match[1]!, cache),
    ])
    if (lockedOutForSeconds !== null) return invalidKeyLockout(c, lockedOutForSeconds)
    if (!principal) {
      await deps.guard.recordInvalidKey(c)
      c.header('WWW-Authenticate', 'Bearer error="invalid_token"')
      return problem(c, 'invalid_api_key', 'The API key is not valid.')
    }
    c.set('principal', principal)
    await next()
  }
}

/** A role check that names its roles, so the API document says who may call each operation. */
export type RoleCheck = MiddlewareHandler<AppEnv> & { readonly roles: readonly Role[] }

/** Lets through only the given roles; every other authenticated caller gets 403. */
export function requireRole(...roles: Role[]): RoleCheck {
  const check: MiddlewareHandler<AppEnv> = async function requireRole(c, next) {
    const principal = c.get('principal')
    if (!roles.includes(principal.role)) {
      return problem(c, 'forbidden', `This action needs one of the roles: ${roles.join(', ')}.`)
    }
    await next()
  }
  return Object.assign(check, { roles: Object.freeze([...roles]) })
}
