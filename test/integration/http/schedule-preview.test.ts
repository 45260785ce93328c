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

  it('charges a level act365 annuity, only rounding in the last installment (issue 16 item 4)', async () => {
    // 999,999.99 yuan at 360 % over 12 months, interest on the actual days: the payment is solved under
    // those days (it was solved at 30 %/month, leaving eleven of 31,316,405 fen and a last of 59).
    const response = await h.request('POST', '/v1/schedule-preview', {
      key: await h.keyFor('officer'),
      body: { ...TEXTBOOK, principalFen: 99_999_999, annualRateBps: 36_000, interestBasis: 'act365' },
    })
    expect(response.status).toBe(200)
    const totals = response.body.installments.map((row: any) => row.totalFen)
    expect(totals.slice(0, 11)).toEqual(Array(11).fill(30_900_940))
    expect(totals[11]).toBe(30_900_911)
    expect(response.body.totalInterestFen).toBe(270_811_252)
  })

  it('rounds level principal half-even, the last installment absorbing the rest (issue 16 item 5)', async () => {
    const response = await h.request('POST', '/v1/schedule-preview', {
      key: await h.keyFor('officer'),
      body: { ...TEXTBOOK, principalFen: 200, repayments: 3, method: 'equal_principal' },
    })
    expect(response.status).toBe(200)
    expect(response.body.installments.map((row: any) => row.principalFen)).toEqual([67, 67, 66])
  })

  it('refuses terms that would leave an installment without principal: 100 fen over 365 days', async () => {
    const key = await h.keyFor('merchant', 1)
    for (const method of ['annuity', 'equal_principal', 'flat']) {
      const response = await h.request('POST', '/v1/schedule-preview', {
        key,
        body: { ...TEXTBOOK, principalFen: 100, repayments: 365, frequency: 'daily', method },
      })
      expect(response.status).toBe(422)
      expect(response.headers.get('content-type')).toContain('application/problem+json')
      expect(response.body.code).toBe('installment_without_principal')
    }
    // 100 fen over 100 days is one fen a day: every installment repays principal.
    const fits = await h.request('POST', '/v1/schedule-preview', {
      key,
      body: {
        ...TEXTBOOK,
        principalFen: 100,
        repayments: 100,
        frequency: 'daily',
        method: 'equal_principal',
      },
    })
    expect(fits.status).toBe(200)
    expect(fits.body.installments.every((row: any) => row.principalFen === 1)).toBe(true)
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
