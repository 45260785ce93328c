import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../../support/harness.js'

let h: Harness
beforeAll(async () => {
  h = await startHarness({ worker: false })
})
afterAll(async () => h?.close())

const TEXTBOOK = {
  principalFen: 10_000_000,
  annualRateBps: 1_200,
  repayments: 12,
  frequency: 'monthly',
  method: 'annuity',
  interestBasis: 'periodic',
  startDate: '2026-01-31',
}

describe('POST /v1/schedule-preview', () => {
  it('gives a merchant the textbook annuity schedule exactly to the fen', async () => {
    const response = await h.request('POST', '/v1/schedule-preview', {
      key: await h.keyFor('merchant', 1),
      body: TEXTBOOK,
    })
    expect(response.status).toBe(200)
    expect(response.body.installments).toHaveLength(12)
    expect(response.body.installments.slice(0, 11).every((row: any) => row.totalFen === 888_488)).toBe(true)
    expect(response.body.installments[0]).toEqual({
      n: 1,
      dueDate: '2026-02-28',
      principalFen: 788_488,
      interestFen: 100_000,
      totalFen: 888_488,
    })
    expect(response.body.installments[11]).toMatchObject({ dueDate: '2027-01-31', totalFen: 888_487 })
    expect(response.body.totalInterestFen).toBe(661_855)
    expect(response.body.aprBps).toBe(1_200)
  })

  it('answers any authenticated role', async () => {
    for (const [role, subjectId] of [
      ['officer', undefined],
      ['farmer', 7],
      ['platform', undefined],
    ] as const) {
      const response = await h.request('POST', '/v1/schedule-preview', {
        key: await h.keyFor(role, subjectId),
        body: { ...TEXTBOOK, method: 'flat' },
      })
      expect(response.status).toBe(200)
      expect(response.body.totalInterestFen).toBe(1_200_000)
      expect(response.body.aprBps).toBe(2_146)
    }
  })

  it('refuses a caller without a key', async () => {
    const response = await h.request('POST', '/v1/schedule-preview', { body: TEXTBOOK })
    expect(response.status).toBe(401)
  })

  it('refuses malformed terms with validation_failed and the fields at fault', async () => {
    const key = await h.keyFor('merchant', 1)
    const { startDate: _startDate, ...withoutStartDate } = TEXTBOOK
    for (const [body, path] of [
      [{ ...TEXTBOOK, principalFen: -100 }, 'json.principalFen'],
      [{ ...TEXTBOOK, principalFen: 1.5 }, 'json.principalFen'],
      [{ ...TEXTBOOK, method: 'balloon' }, 'json.method'],
      [{ ...TEXTBOOK, startDate: '2026-02-29' }, 'json.startDate'],
      [withoutStartDate, 'json.startDate'],
      [{ ...TEXTBOOK, annualRateBps: 36_001 }, 'json.annualRateBps'],
    ] as const) {
      const response = await h.request('POST', '/v1/schedule-preview', { key, body })
      expect(response.status).toBe(400)
      expect(response.headers.get('content-type')).toContain('application/problem+json')
      expect(response.body.code).toBe('validation_failed')
      expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(path)
    }
  })

  it('documents the route in the OpenAPI document', async () => {
    const doc = await h.request('GET', '/openapi.json')
    expect(doc.body.paths['/v1/schedule-preview'].post.requestBody).toBeDefined()
    expect(doc.body.components.schemas.SchedulePreview).toBeDefined()
  })
})
