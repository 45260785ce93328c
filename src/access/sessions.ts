/**
 * Page sessions (the console's and every party's page), kept server-side (`console_sessions`,
 * migrations 0010 and 0033). A session belongs to one page (`console`, `merchant`, `farmer`, ...) and
 * is found only by that page, whatever path its cookie is sent to. The cookie carries a random
 * 32-byte id; the table holds only its SHA-256, the officer, a per-session CSRF token and an idle
 * expiry that each request pushes forward (up to an absolute limit), so a stolen database row is not
 * a usable cookie and an abandoned laptop signs itself out.
 * @module
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Generated } from 'kysely'
import type { Db } from '../db/database.js'

/** Signed out after this long without a request. */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000
/** Signed out this long after signing in, however busy. */
export const SESSION_LIFETIME_MS = 24 * 60 * 60 * 1000
/** A session's expiry is written again only when it has moved by this much (not on every click). */
const SESSION_TOUCH_MS = 60 * 1000

interface ConsoleSessionsTable {
  idHash: Buffer
  principalId: number
  principalRef: string
  csrfToken: string
  createdAt: Generated<Date>
  lastSeenAt: Date
  expiresAt: Date
  page: string
  role: string
  subjectId: number | null
}

function sessions(db: Db) {
  return db.withTables<{ consoleSessions: ConsoleSessionsTable }>()
}

/** Which page a session opens: the console, or one party's page. */
export type SessionPage = 'console' | 'merchant' | 'farmer' | 'supplier' | 'offtaker' | 'insurer'

export type ConsoleSession = {
  principalId: number
  principalRef: string
  csrfToken: string
  createdAt: Date
  page: SessionPage
  role: string
  /** The party whose page this is; null on the console. */
  subjectId: number | null
}

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/

function hashOf(sessionId: string): Buffer {
  return createHash('sha256').update(sessionId, 'utf8').digest()
}

/** A random token: 32 bytes, base64url (43 characters). */
export function randomToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Constant-time comparison of two tokens. */
export function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8')
  const right = Buffer.from(b, 'utf8')
  return left.length === right.length && timingSafeEqual(left, right)
}

export async function createSession(
  db: Db,
  principal: {
    principalId: number
    principalRef: string
    page?: SessionPage
    role?: string
    subjectId?: number | null
  },
  now = new Date(),
): Promise<{ sessionId: string; session: ConsoleSession }> {
  const page = principal.page ?? 'console'
  const role = principal.role ?? 'officer'
  const subjectId = principal.subjectId ?? null
  const sessionId = randomToken()
  const csrfToken = randomToken()
  await sessions(db)
    .insertInto('consoleSessions')
    .values({
      idHash: hashOf(sessionId),
      principalId: principal.principalId,
      principalRef: principal.principalRef,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_IDLE_MS),
      page,
      role,
      subjectId,
    })
    .execute()
  // Sessions nobody signed out of are removed by the next sign-in rather than by a job.
  await sessions(db).deleteFrom('consoleSessions').where('expiresAt', '<', now).execute()
  return {
    sessionId,
    session: {
      principalId: principal.principalId,
      principalRef: principal.principalRef,
      csrfToken,
      createdAt: now,
      page,
      role,
      subjectId,
    },
  }
}

/**
 * The live session of `page` for a cookie value, its idle expiry pushed forward; undefined when
 * unknown, expired or another page's.
 */
export async function findSession(
  db: Db,
  sessionId: string | undefined,
  now = new Date(),
  page: SessionPage = 'console',
): Promise<ConsoleSession | undefined> {
  if (!sessionId || !SESSION_ID.test(sessionId)) return undefined
  const idHash = hashOf(sessionId)
  const row = await sessions(db)
    .selectFrom('consoleSessions')
    .select([
      'principalId',
      'principalRef',
      'csrfToken',
      'createdAt',
      'lastSeenAt',
      'expiresAt',
      'page',
      'role',
      'subjectId',
    ])
    .where('idHash', '=', idHash)
    .executeTakeFirst()
  if (!row || row.page !== page) return undefined
  const endsAt = Math.min(row.expiresAt.getTime(), row.createdAt.getTime() + SESSION_LIFETIME_MS)
  if (endsAt <= now.getTime()) {
    await deleteSession(db, sessionId)
    return undefined
  }
  if (now.getTime() - row.lastSeenAt.getTime() >= SESSION_TOUCH_MS) {
    await sessions(db)
      .updateTable('consoleSessions')
      .set({ lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_IDLE_MS) })
      .where('idHash', '=', idHash)
      .execute()
  }
  return {
    principalId: Number(row.principalId),
    principalRef: row.principalRef,
    csrfToken: row.csrfToken,
    createdAt: row.createdAt,
    page,
    role: row.role,
    subjectId: row.subjectId === null ? null : Number(row.subjectId),
  }
}

/** Ends every console session of a principal (its key was revoked). */
export async function deleteSessionsOf(db: Db, principalId: number): Promise<void> {
  await sessions(db).deleteFrom('consoleSessions').where('principalId', '=', principalId).execute()
}

export async function deleteSession(db: Db, sessionId: string | undefined): Promise<void> {
  if (!sessionId || !SESSION_ID.test(sessionId)) return
  await sessions(db).deleteFrom('consoleSessions').where('idHash', '=', hashOf(sessionId)).execute()
}
