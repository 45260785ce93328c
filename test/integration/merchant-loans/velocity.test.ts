/**
 * Issue 16: the velocity check counts business time, not the wall clock. A merchant who applies once
 * a business day is never a burst, however fast the days are closed (a simulation closes a month in
 * seconds); more than the limit on one business date still is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APPLICATIONS_PER_BUSINESS_DAY_MAX } from '../../../src/merchant-loans/origination-rules.js'
import { merchantsWithLines } from '../../support/merchant-lines.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { expectLedgerClean, fundLender } from '../../support/ledger.js'

let h: Harness
let officerKey: string
let merchant: { merchantId: number; key: string }

beforeAll(async () => {
  h = await startHarness()
  officerKey = await h.keyFor('officer')
  await fundLender(h.ledger, 1_000_000_00)
  const [first] = await merchantsWithLines(h, { seed: 1313, merchantCount: 30, minAvailableFen: 100_000 })
  expect(first).toBeDefined()
  merchant = first!
})
afterAll(async () => {
  await expectLedgerClean(h.db)
  await h?.close()
})

async function apply(idempotencyKey: string) {
  const response = await h.request('POST', '/v1/loan-applications', {
    key: merchant.key,
    body: {
      merchantId: merchant.merchantId,
      amountFen: 1_000,
      termDays: 30,
      repaymentMethod: 'installment',
      frequency: 'daily',
    },
    headers: { 'Idempotency-Key': idempotencyKey },
  })
  expect(response.status).toBe(201)
  return response.body as { status: string; reasons?: Array<{ code: string }> }
}

describe('the velocity check', () => {
  it('counts applications on the business date, so one a day over fast-closed days is never a burst', async () => {
    const days = APPLICATIONS_PER_BUSINESS_DAY_MAX + 1
    for (let day = 0; day < days; day++) {
      if (day > 0) {
        const cob = await h.request('POST', '/v1/system/close-of-business', {
          key: officerKey,
          body: { days: 1 },
        })
        expect(cob.status).toBe(200)
      }
      // Within the same wall-clock minute as the others, but on its own business date.
      expect((await apply(`one-a-day-${day}`)).status, `business day ${day}`).toBe('approved')
    }
    // The burst the rule is for: more than the limit on one business date.
    for (let n = 1; n < APPLICATIONS_PER_BUSINESS_DAY_MAX; n++) {
      expect((await apply(`burst-${n}`)).status).toBe('approved')
    }
    const declined = await apply('burst-over')
    expect(declined.status).toBe('declined')
    expect(declined.reasons?.map((reason) => reason.code)).toEqual(['too_many_applications'])
  })
})
