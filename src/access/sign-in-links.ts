/**
 * Sign-in links (issue 18): the platform (for its merchants) or an officer (for any party) gets a
 * single-use link, valid {@link SIGN_IN_LINK_TTL_MS}, that opens that party's page signed in. The link
 * carries a random 32-byte token; only its SHA-256 is stored. Redeeming marks it used in one UPDATE,
 * so two tabs racing for one link get one session between them. The page runs as the party's own
 * principal (found, or created with a key nobody is shown), so everything it does is scoped,
 * idempotent and audited exactly as the party's API calls are.
 * @module
 */
import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import { createPrincipal } from './principal-service.js'
import type { Role } from './principal.js'
import { randomToken, type SessionPage } from './sessions.js'

export const SIGN_IN_LINK_TTL_MS = 10 * 60 * 1000
/** Where a link is opened: `/sign-in/{token}`. */
export const SIGN_IN_PATH = '/sign-in'
export const PAGE_ROLES = ['merchant', 'farmer', 'supplier', 'offtaker', 'insurer'] as const
export type PageRole = (typeof PAGE_ROLES)[number] & SessionPage & Role

const TOKEN = /^[A-Za-z0-9_-]{43}$/

function hashOf(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest()
}

/** The party's own live principal, or a new one whose key is never shown (the page is its only use). */
async function partyPrincipal(db: Db, role: PageRole, subjectId: number): Promise<number> {
  const found = await db
    .selectFrom('principals')
    .select('id')
    .where('role', '=', role)
    .where('subjectId', '=', subjectId)
    .where('revokedAt', 'is', null)
    .orderBy('id')
    .executeTakeFirst()
  if (found) return Number(found.id)
  return (await createPrincipal(db, { role, subjectId })).principalId
}

export type SignInLink = { token: string; path: string; expiresAt: Date }

/** A new link for a party that exists (the caller checks that, and who may ask). */
export async function createSignInLink(
  db: Db,
  input: { role: PageRole; subjectId: number; createdBy: string },
  now = new Date(),
): Promise<SignInLink> {
  const principalId = await partyPrincipal(db, input.role, input.subjectId)
  const token = randomToken()
  const expiresAt = new Date(now.getTime() + SIGN_IN_LINK_TTL_MS)
  await db
    .withTables<{ signInLinks: SignInLinksTable }>()
    .insertInto('signInLinks')
    .values({
      tokenHash: hashOf(token),
      principalId,
      role: input.role,
      subjectId: input.subjectId,
      createdBy: input.createdBy,
      createdAt: now,
      expiresAt,
    })
    .execute()
  return { token, path: `${SIGN_IN_PATH}/${token}`, expiresAt }
}

interface SignInLinksTable {
  tokenHash: Buffer
  principalId: number
  role: string
  subjectId: number
  createdBy: string
  createdAt: Date
  expiresAt: Date
  usedAt: Date | null
}

export type Redemption =
  | { ok: true; principalId: number; principalRef: string; role: PageRole; subjectId: number }
  | { ok: false; reason: 'used' | 'expired' | 'unknown' }

/** Uses a link once: the party it signs in, or why it cannot (used, expired, unknown, revoked). */
export async function redeemSignInLink(db: Db, token: string, now = new Date()): Promise<Redemption> {
  if (!TOKEN.test(token)) return { ok: false, reason: 'unknown' }
  const links = db.withTables<{ signInLinks: SignInLinksTable }>()
  const tokenHash = hashOf(token)
  const claimed = await links
    .updateTable('signInLinks')
    .set({ usedAt: now })
    .where('tokenHash', '=', tokenHash)
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', now)
    .executeTakeFirst()
  const row = await links
    .selectFrom('signInLinks')
    .innerJoin('principals', 'principals.id', 'signInLinks.principalId')
    .select(['signInLinks.principalId', 'signInLinks.role', 'signInLinks.subjectId', 'signInLinks.usedAt'])
    .select(sql<number>`principals.revoked_at IS NOT NULL`.as('revoked'))
    .where('signInLinks.tokenHash', '=', tokenHash)
    .executeTakeFirst()
  if (!row || Number(row.revoked) === 1) return { ok: false, reason: 'unknown' }
  if (Number(claimed.numUpdatedRows) !== 1) {
    return { ok: false, reason: row.usedAt === null ? 'expired' : 'used' }
  }
  const principalId = Number(row.principalId)
  return {
    ok: true,
    principalId,
    principalRef: `p:${principalId}`,
    role: row.role as PageRole,
    subjectId: Number(row.subjectId),
  }
}
