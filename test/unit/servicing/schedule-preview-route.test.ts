import { describe, expect, it } from 'vitest'
import { schedulePreviewRoutes } from '../../../src/http/routes/schedule-preview-routes.js'

// The router mounted alone: no authentication middleware, which the app adds for all of /v1.
const app = schedulePreviewRoutes()

const VALID = {
  principalFen: 10_000_000,
  annualRateBps: 1_200,
  repayments: 12,
  frequency: 'monthly',
  method: 'annuity',
  interestBasis: 'periodic',
  startDate: '2026-01-31',
}

async function preview(body: unknown): Promise<{ status: number; body: any; contentType: string | null }> {
  const response = await app.request('/v1/schedule-preview', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return {
    status: response.status,
    body: await response.json(),
    contentType: response.headers.get('content-type'),
  }
}

async function expectInvalid(body: unknown, path: string): Promise<void> {
  const response = await preview(body)
  expect(response.status).toBe(400)
  expect(response.contentType).toContain('application/problem+json')
  expect(response.body.code).toBe('validation_failed')
  expect(Array.isArray(response.body.errors)).toBe(true)
  expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(path)
}

describe('POST /v1/schedule-preview (router alone)', () => {
  it('answers the textbook annuity exactly to the fen', async () => {
    const response = await preview(VALID)
    expect(response.status).toBe(200)
    expect(response.body.installments).toHaveLength(12)
    expect(response.body.installments[0]).toEqual({
      n: 1,
      dueDate: '2026-02-28',
      principalFen: 788_488,
      interestFen: 100_000,
      totalFen: 888_488,
    })
    expect(response.body.installments[11]).toEqual({
      n: 12,
      dueDate: '2027-01-31',
      principalFen: 879_690,
      interestFen: 8_797,
      totalFen: 888_487,
    })
    expect(response.body.totalInterestFen).toBe(661_855)
    expect(response.body.aprBps).toBe(1_200)
  })

  it('answers a 1-yuan daily equal-principal loan', async () => {
    const response = await preview({
      ...VALID,
      principalFen: 100,
      repayments: 3,
      frequency: 'daily',
      method: 'equal_principal',
    })
    expect(response.status).toBe(200)
    expect(response.body.installments.map((row: any) => row.principalFen)).toEqual([33, 33, 34])
  })

  it('refuses a negative or fractional principal', async () => {
    await expectInvalid({ ...VALID, principalFen: -1 }, 'json.principalFen')
    await expectInvalid({ ...VALID, principalFen: 0 }, 'json.principalFen')
    await expectInvalid({ ...VALID, principalFen: 100.5 }, 'json.principalFen')
    await expectInvalid({ ...VALID, principalFen: '100' }, 'json.principalFen')
  })

  it('refuses an unknown method, frequency or interest basis', async () => {
    await expectInvalid({ ...VALID, method: 'balloon' }, 'json.method')
    await expectInvalid({ ...VALID, frequency: 'yearly' }, 'json.frequency')
    await expectInvalid({ ...VALID, interestBasis: 'act360' }, 'json.interestBasis')
  })

  it('refuses a date that is not a calendar date', async () => {
    await expectInvalid({ ...VALID, startDate: '2026-02-30' }, 'json.startDate')
    await expectInvalid({ ...VALID, startDate: '31/01/2026' }, 'json.startDate')
  })

  it('refuses missing fields and unknown ones', async () => {
    const { method: _method, ...withoutMethod } = VALID
    await expectInvalid(withoutMethod, 'json.method')
    await expectInvalid({}, 'json.principalFen')
    await expectInvalid({ ...VALID, feeFen: 100 }, 'json')
  })

  it('refuses a rate above 360 % and repayments beyond the limit', async () => {
    await expectInvalid({ ...VALID, annualRateBps: 36_001 }, 'json.annualRateBps')
    await expectInvalid({ ...VALID, annualRateBps: 12.5 }, 'json.annualRateBps')
    await expectInvalid({ ...VALID, repayments: 1_001 }, 'json.repayments')
    await expectInvalid({ ...VALID, repayments: 0 }, 'json.repayments')
  })

  it('refuses a schedule that would run past 9999-12-31', async () => {
    await expectInvalid({ ...VALID, startDate: '9999-06-30' }, 'json.repayments')
  })
})
