/**
 * Principals: who may call the API, with one role each. Party roles are bound to one party record.
 * @module
 */
import type { Db } from '../db/database.js'
import { NotFound } from '../kernel/errors.js'
import { getBusinessDate } from '../system/business-date-service.js'
import { recordAudit } from '../system/audit-log.js'
import { generateApiKey, hashSecret, parseApiKey, sameHash } from './api-key.js'
import type { Principal, Role } from './principal.js'
import { deleteSessionsOf } from './sessions.js'

export const PARTY_ROLES: readonly Role[] = ['merchant', 'farmer', 'supplier', 'offtaker', 'insurer']

export type CreatedPrincipal = { principalId: number; role: Role; subjectId: number | null; apiKey: string }

export async function createPrincipal(
  db: Db,
  input: { role: Role; subjectId: number | null },
): Promise<CreatedPrincipal> {
  const { apiKey, keyId, keyHash } = generateApiKey()
  const result = await db
    .insertInto('principals')
    .values({ role: input.role, subjectId: input.subjectId, keyId, keyHash })
    .executeTakeFirstOrThrow()
  return { principalId: Number(result.insertId), role: input.role, subjectId: input.subjectId, apiKey }
}

/** The admin key from the environment, held only as its hash. */
export class AdminKey {
  readonly #hash: Buffer
  constructor(apiKey: string) {
    this.#hash = hashSecret(apiKey)
  }
  matches(candidate: string): boolean {
    return sameHash(this.#hash, hashSecret(candidate))
  }
}

/**
 * How long one API process reuses a principal row it looked up. The process that revokes a key
 * forgets it at once; another API process that had looked the key up lets it work for at most this
 * long after the revocation, which is why it is short. The secret is still hashed and compared on
 * every request, and a key that is not found (or is revoked) is not cached.
 */
export const PRINCIPAL_CACHE_TTL_MS = 10_000
/** Rows kept at most (the oldest go first). */
export const PRINCIPAL_CACHE_ENTRIES_MAX = 10_000

type PrincipalRow = { id: number; role: Role; subjectId: number | null; keyHash: Buffer }

/** Principal rows by key id, per process, for {@link PRINCIPAL_CACHE_TTL_MS}. */
export class PrincipalCache {
  readonly #rows = new Map<string, { row: PrincipalRow; expiresAtMs: number }>()
  constructor(readonly ttlMs = PRINCIPAL_CACHE_TTL_MS) {}

  get(keyId: string, nowMs: number): PrincipalRow | undefined {
    const hit = this.#rows.get(keyId)
    if (!hit) return undefined
    if (hit.expiresAtMs > nowMs) return hit.row
    this.#rows.delete(keyId)
    return undefined
  }

  set(keyId: string, row: PrincipalRow, nowMs: number): void {
    this.#rows.delete(keyId)
    if (this.#rows.size >= PRINCIPAL_CACHE_ENTRIES_MAX) {
      this.#rows.delete(this.#rows.keys().next().value!)
    }
    this.#rows.set(keyId, { row, expiresAtMs: nowMs + this.ttlMs })
  }

  forget(keyId: string): void {
    this.#rows.delete(keyId)
  }
}

export async function authenticate(
  db: Db,
  adminKey: AdminKey,
  apiKey: string,
  cache?: PrincipalCache,
): Promise<Principal | undefined> {
  if (adminKey.matches(apiKey)) return { ref: 'admin', principalId: null, role: 'admin', subjectId: null }
  const parsed = parseApiKey(apiKey)
  if (!parsed) return undefined
  const nowMs = Date.now()
  let row = cache?.get(parsed.keyId, nowMs)
  if (!row) {
    const found = await db
      .selectFrom('principals')
      .select(['id', 'role', 'subjectId', 'keyHash'])
      .where('keyId', '=', parsed.keyId)
      .where('revokedAt', 'is', null)
      .executeTakeFirst()
    if (!found) return undefined
    row = {
      id: Number(found.id),
      role: found.role as Role,
      subjectId: found.subjectId === null ? null : Number(found.subjectId),
      keyHash: Buffer.from(found.keyHash),
    }
    cache?.set(parsed.keyId, row, nowMs)
  }
  if (!sameHash(row.keyHash, hashSecret(parsed.secret))) return undefined
  return { ref: `p:${row.id}`, principalId: row.id, role: row.role, subjectId: row.subjectId }
}

export type RevokedPrincipal = {
  principalId: number
  role: Role
  subjectId: number | null
  revokedAt: string
}

/**
 * Revokes a principal's API key: from now on it answers 401 `invalid_api_key`, its console
 * sessions end and its webhook endpoints are disabled. Once per principal: revoking it again answers the first revocation and writes
 * nothing. The revocation and its audit entry commit together. `cache` (this process's) forgets
 * the key at once; other processes stop accepting it within {@link PRINCIPAL_CACHE_TTL_MS}.
 */
export async function revokePrincipal(
  db: Db,
  input: { principalId: number; reason: string; byPrincipalRef: string },
  cache?: PrincipalCache,
): Promise<RevokedPrincipal> {
  const businessDate = await getBusinessDate(db)
  const revoked = await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('principals')
      .select(['id', 'role', 'subjectId', 'keyId', 'revokedAt'])
      .where('id', '=', input.principalId)
      .forUpdate()
      .executeTakeFirst()
    if (!row) throw new NotFound(`No principal ${input.principalId}.`)
    let revokedAt = row.revokedAt
    if (revokedAt === null) {
      revokedAt = new Date(Date.now())
      await trx.updateTable('principals').set({ revokedAt }).where('id', '=', row.id).execute()
      await deleteSessionsOf(trx, Number(row.id))
      // A revoked key's endpoints stop receiving in the same commit (issue 19, finding 2).
      await trx
        .updateTable('webhookEndpoints')
        .set({ status: 'disabled' })
        .where('principalId', '=', Number(row.id))
        .where('status', '=', 'active')
        .execute()
      await recordAudit(trx, {
        principalRef: input.byPrincipalRef,
        action: 'principal.revoke',
        subjectType: 'principal',
        subjectId: Number(row.id),
        reason: input.reason,
        details: { role: row.role, subjectId: row.subjectId },
        businessDate,
        actionKey: `principal.revoke:${row.id}`,
      })
    }
    return { row, revokedAt }
  })
  cache?.forget(revoked.row.keyId)
  return {
    principalId: Number(revoked.row.id),
    role: revoked.row.role as Role,
    subjectId: revoked.row.subjectId === null ? null : Number(revoked.row.subjectId),
    revokedAt: revoked.revokedAt.toISOString(),
  }
}
