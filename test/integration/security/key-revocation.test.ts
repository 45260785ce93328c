/**
 * Revoking an API key (`POST /v1/admin/principals/{id}/revoke`): the key answers 401 on its next
 * request (this process forgets the cached row at once), its console sessions end, the revocation is
 * audited once with its reason, and a second revocation answers the first. Refusals write nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSession, findSession } from '../../../src/access/sessions.js'
import { startHarness, type Harness } from '../../support/harness.js'

let h: Harness

beforeAll(async () => {
  h = await startHarness({ worker: false })
})
afterAll(async () => {
  await h?.close()
})

const businessDate = (key: string) => h.request('GET', '/v1/system/business-date', { key })
const revoke = (principalId: number, key: string, body: unknown = { reason: 'key leaked in a log' }) =>
  h.request('POST', `/v1/admin/principals/${principalId}/revoke`, { key, body })

async function revocationsOf(principalId: number) {
  return h.db
    .selectFrom('auditLog')
    .select(['action', 'reason', 'principalRef'])
    .where('subjectType', '=', 'principal')
    .where('subjectId', '=', String(principalId))
    .execute()
}

describe('revoking an API key', () => {
  it('stops the key at its next request, ends its console sessions and is audited once', async () => {
    const officer = await h.created('/v1/admin/principals', h.adminKey, { role: 'officer' })
    expect((await businessDate(officer.apiKey)).status).toBe(200) // now cached by this process
    const { sessionId } = await createSession(h.db, {
      principalId: officer.principalId,
      principalRef: `p:${officer.principalId}`,
    })
    expect(await findSession(h.db, sessionId)).toBeDefined()

    const revoked = await revoke(officer.principalId, h.adminKey)
    expect(revoked.status).toBe(200)
    expect(revoked.body).toMatchObject({ principalId: officer.principalId, role: 'officer', subjectId: null })
    expect(Date.parse(revoked.body.revokedAt)).not.toBeNaN()

    const refused = await businessDate(officer.apiKey)
    expect([refused.status, refused.body.code]).toEqual([401, 'invalid_api_key'])
    expect(await findSession(h.db, sessionId)).toBeUndefined()
    expect(await revocationsOf(officer.principalId)).toEqual([
      { action: 'principal.revoke', reason: 'key leaked in a log', principalRef: 'admin' },
    ])

    // Again: the first revocation is the answer, and nothing more is written.
    const again = await revoke(officer.principalId, h.adminKey, { reason: 'twice' })
    expect(again.status).toBe(200)
    expect(again.body).toEqual(revoked.body)
    expect(await revocationsOf(officer.principalId)).toHaveLength(1)
  })

  it('refuses other roles, unknown principals and a missing reason, and writes nothing', async () => {
    const officer = await h.created('/v1/admin/principals', h.adminKey, { role: 'officer' })
    const target = await h.created('/v1/admin/principals', h.adminKey, { role: 'platform' })

    const byOfficer = await revoke(target.principalId, officer.apiKey)
    expect([byOfficer.status, byOfficer.body.code]).toEqual([403, 'forbidden'])
    const byItself = await revoke(target.principalId, target.apiKey)
    expect(byItself.status).toBe(403)
    const unknown = await revoke(target.principalId + 1_000, h.adminKey)
    expect([unknown.status, unknown.body.code]).toEqual([404, 'not_found'])
    for (const body of [{}, { reason: '  ' }, { reason: 'x'.repeat(501) }, { reason: 'ok', extra: 1 }]) {
      const malformed = await revoke(target.principalId, h.adminKey, body)
      expect([malformed.status, malformed.body.code], JSON.stringify(body)).toEqual([
        400,
        'validation_failed',
      ])
    }

    expect((await businessDate(target.apiKey)).status).toBe(200)
    expect(await revocationsOf(target.principalId)).toEqual([])
    const row = await h.db
      .selectFrom('principals')
      .select('revokedAt')
      .where('id', '=', target.principalId)
      .executeTakeFirstOrThrow()
    expect(row.revokedAt).toBeNull()
  })
})
