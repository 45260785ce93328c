/**
 * Console sessions: found by the cookie's id only (the table holds its hash), pushed forward by use,
 * ended after 8 idle hours or 24 hours in all, and gone at sign-out.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createSession,
  deleteSession,
  findSession,
  SESSION_IDLE_MS,
  SESSION_LIFETIME_MS,
} from '../../../src/access/sessions.js'
import { startHarness, type Harness } from '../../support/harness.js'

const HOUR_MS = 60 * 60 * 1000
let h: Harness

beforeAll(async () => {
  h = await startHarness({ worker: false })
})
afterAll(async () => {
  await h?.close()
})

const officer = { principalId: 7, principalRef: 'p:7' }
const at = (start: Date, ms: number) => new Date(start.getTime() + ms)

describe('console sessions', () => {
  it('stores only the hash of the id and finds the session by the id', async () => {
    const { sessionId, session } = await createSession(h.db, officer)
    expect(sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const rows = await h.db
      .withTables<{ consoleSessions: { idHash: Buffer; csrfToken: string } }>()
      .selectFrom('consoleSessions')
      .select(['idHash', 'csrfToken'])
      .execute()
    const hash = createHash('sha256').update(sessionId).digest()
    expect(rows.some((row) => Buffer.from(row.idHash).equals(hash))).toBe(true)
    expect(JSON.stringify(rows)).not.toContain(sessionId)
    expect(await findSession(h.db, sessionId)).toMatchObject({ ...officer, csrfToken: session.csrfToken })
    expect(await findSession(h.db, 'x'.repeat(43))).toBeUndefined()
    expect(await findSession(h.db, undefined)).toBeUndefined()
  })

  it('ends after 8 idle hours, is kept alive by use, and ends after 24 hours however busy', async () => {
    const start = new Date('2026-01-01T08:00:00Z')
    const idle = await createSession(h.db, officer, start)
    expect(await findSession(h.db, idle.sessionId, at(start, SESSION_IDLE_MS - 1000))).toBeDefined()
    const busy = await createSession(h.db, officer, start)
    for (let hour = 7; hour < 24; hour += 7) {
      expect(await findSession(h.db, busy.sessionId, at(start, hour * HOUR_MS)), `hour ${hour}`).toBeDefined()
    }
    // The idle session was last seen just before 8 hours; 8 more hours later it is gone.
    expect(await findSession(h.db, idle.sessionId, at(start, 2 * SESSION_IDLE_MS))).toBeUndefined()
    expect(await findSession(h.db, busy.sessionId, at(start, SESSION_LIFETIME_MS))).toBeUndefined()
  })

  it('is gone after sign-out', async () => {
    const { sessionId } = await createSession(h.db, officer)
    await deleteSession(h.db, sessionId)
    expect(await findSession(h.db, sessionId)).toBeUndefined()
  })
})
