/**
 * Issue 16, bug 1, through HTTP and a real close of business: a borrower who pays the installments
 * they missed late, exactly as the schedule shows them, has paid penalty and the extra interest of the
 * late days before principal (penalty → fees → interest → principal). Principal is still short, so the
 * loan is not current, and the next collection takes the shortfall with the next installment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, isoDate } from '../../../src/kernel/business-date.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { merchantsWithLines, payOutWallet } from '../../support/merchant-lines.js'
import { startHarness, TEST_INITIAL_BUSINESS_DATE, type Harness } from '../../support/harness.js'
import { expectLedgerClean, fundLender, move } from '../../support/ledger.js'

type Line = { dueDate: string; principalFen: number; interestFen: number; feesFen: number; paidFen: number }

let h: Harness
let officerKey: string
let merchantKey: string
let merchantId = 0
let loanId = 0
const d0 = isoDate(TEST_INITIAL_BUSINESS_DATE)

beforeAll(async () => {
  h = await startHarness()
  officerKey = await h.keyFor('officer')
  await fundLender(h.ledger, 10_000_000_00)
  const [first] = await merchantsWithLines(h, { seed: 4242, merchantCount: 40, minAvailableFen: 200_000 })
  expect(first).toBeDefined()
  merchantId = first!.merchantId
  merchantKey = first!.key
  const applied = await h.request('POST', '/v1/loan-applications', {
    key: merchantKey,
    body: {
      merchantId,
      amountFen: 100_000,
      termDays: 30,
      repaymentMethod: 'installment',
      frequency: 'daily',
    },
    headers: { 'Idempotency-Key': 'late-payer' },
  })
  expect(applied.body.status).toBe('approved')
  loanId = applied.body.loanId
  // Nothing in the wallet: the close of business collects nothing until the borrower pays.
  await payOutWallet(h, { merchantId, key: merchantKey }, 'late-payer-payout')
})
afterAll(async () => {
  await expectLedgerClean(h.db)
  await h?.close()
})

async function loan() {
  return (await h.request('GET', `/v1/loans/${loanId}`, { key: officerKey })).body
}

async function closeDays(days: number) {
  const response = await h.request('POST', '/v1/system/close-of-business', {
    key: officerKey,
    body: { days },
  })
  expect(response.status).toBe(200)
  return response.body
}

const sum = (lines: Line[], pick: (line: Line) => number) =>
  lines.reduce((total, line) => total + pick(line), 0)

describe('a late payer', () => {
  it('is not current after paying the missed installments as scheduled: penalty and late interest came first', async () => {
    await closeDays(6) // days 0..5: installments 1..5 (due days 1..5) missed
    const late = await loan()
    expect(late.daysPastDue).toBe(5)
    expect(late.outstanding.penaltyFen).toBeGreaterThan(0)
    const missed: Line[] = late.schedule.slice(0, 5)
    expect(missed.map((line) => line.dueDate)).toEqual([1, 2, 3, 4, 5].map((day) => addDays(d0, day)))
    const scheduledFen = sum(missed, (line) => line.principalFen + line.interestFen + line.feesFen)

    // Day 6: the borrower pays exactly what the schedule shows for the five installments.
    await move(h.ledger, {
      debit: accounts.lenderCash().code,
      credit: accounts.merchantWallet(merchantId).code,
      amountFen: scheduledFen,
      key: 'late-payer-topup',
    })
    const paid = await h.request('POST', `/v1/loans/${loanId}/repayments`, {
      key: merchantKey,
      body: { amountFen: scheduledFen },
      headers: { 'Idempotency-Key': 'late-payer-arrears' },
    })
    expect(paid.status).toBeLessThan(300)
    const { allocation } = paid.body
    expect(allocation.penaltyFen).toBe(late.outstanding.penaltyFen)
    expect(allocation.interestFen).toBe(late.outstanding.interestFen)
    // What went to penalty and to interest above the schedule did not go to principal.
    const shortFen = allocation.penaltyFen + allocation.interestFen - sum(missed, (line) => line.interestFen)
    expect(shortFen).toBeGreaterThan(0)
    expect(allocation.principalFen).toBe(sum(missed, (line) => line.principalFen) - shortFen)

    const after = await loan()
    expect(after.outstanding.principalFen).toBe(100_000 - sum(missed, (line) => line.principalFen) + shortFen)
    // Installment 5's principal is short by exactly that: it is overdue, 1 day (due day 5, today day 6).
    expect(after.schedule.slice(0, 4).map((line: { status: string }) => line.status)).toEqual([
      'paid',
      'paid',
      'paid',
      'paid',
    ])
    expect(after.schedule[4]).toMatchObject({
      status: 'overdue',
      paidFen: missed[4]!.principalFen + missed[4]!.interestFen - shortFen,
    })
    expect(after.daysPastDue).toBe(1)
    expect(after.bucket).toBe('1-30')
  })

  it('has the shortfall collected with the next installment, and then owes exactly the scheduled principal', async () => {
    const before = await loan()
    const next: Line = before.schedule[5]
    expect(next.dueDate).toBe(addDays(d0, 6))
    const owedBeforeFen = before.outstanding.totalFen
    const principalShortFen =
      before.outstanding.principalFen - sum(before.schedule.slice(5), (l: Line) => l.principalFen)
    // Enough in the wallet for the rest of the loan: every later installment is collected on its day.
    await move(h.ledger, {
      debit: accounts.lenderCash().code,
      credit: accounts.merchantWallet(merchantId).code,
      amountFen: 200_000,
      key: 'late-payer-wallet',
    })
    const cob = await closeDays(1) // day 6
    // Collected: the interest owed (nothing else is, penalty was paid), the principal short and
    // installment 6's principal.
    expect(cob.collectedFen).toBe(before.outstanding.interestFen + principalShortFen + next.principalFen)
    const after = await loan()
    expect(after.daysPastDue).toBe(0)
    expect(after.bucket).toBe('current')
    expect(after.outstanding.principalFen).toBe(sum(after.schedule.slice(6), (l: Line) => l.principalFen))
    expect(owedBeforeFen - after.outstanding.totalFen + after.outstanding.interestFen).toBe(cob.collectedFen)
  })
})
