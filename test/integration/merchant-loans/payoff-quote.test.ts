/**
 * Issue 16, "servicing tells the truth": a payoff quote for a later date, made today, is what the
 * quote on that date says after the closes of business in between when nothing is paid meanwhile,
 * to the fen: ordinary interest, penalty interest on principal past due (from each installment's due
 * date, as more falls due in between), and each accrual's rounding carry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, isoDate } from '../../../src/kernel/business-date.js'
import { merchantsWithLines, payOutWallet } from '../../support/merchant-lines.js'
import { startHarness, TEST_INITIAL_BUSINESS_DATE, type Harness } from '../../support/harness.js'
import { expectLedgerClean, fundLender } from '../../support/ledger.js'

let h: Harness
let officerKey: string
type Borrower = { merchantId: number; key: string }
const borrowers: Borrower[] = []
const d0 = isoDate(TEST_INITIAL_BUSINESS_DATE)
const loans = { daily: 0, salesShare: 0 }

beforeAll(async () => {
  h = await startHarness()
  officerKey = await h.keyFor('officer')
  await fundLender(h.ledger, 10_000_000_00)
  borrowers.push(
    ...(await merchantsWithLines(h, { seed: 1616, merchantCount: 40, minAvailableFen: 200_000 })),
  )
  expect(borrowers.length).toBeGreaterThanOrEqual(2)
  const borrow = async (who: Borrower, body: Record<string, unknown>, idempotencyKey: string) => {
    const response = await h.request('POST', '/v1/loan-applications', {
      key: who.key,
      body: { merchantId: who.merchantId, ...body },
      headers: { 'Idempotency-Key': idempotencyKey },
    })
    expect(response.body.status).toBe('approved')
    return response.body.loanId as number
  }
  loans.daily = await borrow(
    borrowers[0]!,
    { amountFen: 100_000, termDays: 30, repaymentMethod: 'installment', frequency: 'daily' },
    'quote-daily',
  )
  loans.salesShare = await borrow(
    borrowers[1]!,
    { amountFen: 200_000, termDays: 180, repaymentMethod: 'sales_share' },
    'quote-sales-share',
  )
  // Both merchants take every fen out and sell nothing: close of business collects nothing.
  for (const [index, who] of [borrowers[0]!, borrowers[1]!].entries()) {
    await payOutWallet(h, who, `quote-payout-${index}`)
  }
})
afterAll(async () => {
  await expectLedgerClean(h.db)
  await h?.close()
})

async function closeDays(days: number) {
  const response = await h.request('POST', '/v1/system/close-of-business', {
    key: officerKey,
    body: { days },
  })
  expect(response.status).toBe(200)
}

async function quote(loanId: number, date?: string) {
  const response = await h.request('GET', `/v1/loans/${loanId}/payoff-quote${date ? `?date=${date}` : ''}`, {
    key: officerKey,
  })
  expect(response.status).toBe(200)
  return response.body as { payoffFen: number; owed: { penaltyFen: number; interestFen: number } }
}

describe('a payoff quote for a later date', () => {
  it('equals the quote made on that date after the closes of business in between, penalty included', async () => {
    await closeDays(25) // the daily loan is 25 days in arrears; the sales-share minimum is due on day 30
    const later = addDays(d0, 35) // past the daily loan's maturity and the first sales-share minimum
    const daily = await quote(loans.daily)
    expect(daily.owed.penaltyFen).toBeGreaterThan(0)
    const quotedEarly = {
      daily: (await quote(loans.daily, later)).payoffFen,
      salesShare: (await quote(loans.salesShare, later)).payoffFen,
    }
    await closeDays(10)
    const onTheDay = { daily: await quote(loans.daily), salesShare: await quote(loans.salesShare) }
    expect(onTheDay.daily.owed.penaltyFen).toBeGreaterThan(daily.owed.penaltyFen)
    expect(onTheDay.salesShare.owed.penaltyFen).toBeGreaterThan(0)
    expect(quotedEarly).toEqual({
      daily: onTheDay.daily.payoffFen,
      salesShare: onTheDay.salesShare.payoffFen,
    })
  })
})
