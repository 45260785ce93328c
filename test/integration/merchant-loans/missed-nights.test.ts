/**
 * Issue 16, bug 3, "missed interest nights": a loan decided on one business date and disbursed after
 * that date's close of business (origination's decision and disbursement are separate activities) is
 * stamped with the date the money moved, and accrues interest every night from then on, to the fen:
 * the payoff quote on the day of disbursement is what the ledger holds, a repayment that day is
 * accepted, and after the next closes the ledger's accrued interest is the exact ACT/365 interest of
 * every night since the loan's disbursement date, each night with its own accrual entry.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { loadScorecardModel } from '../../../src/credit/credit-line-service.js'
import { addDays, isoDate, type IsoDate } from '../../../src/kernel/business-date.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { decideApplication, disburseLoan } from '../../../src/merchant-loans/origination-service.js'
import type { LedgerService } from '../../../src/ledger/ledger-service.js'
import { accrueDailyInterest } from '../../../src/servicing/schedule.js'
import { merchantsWithLines, payOutWallet, type MerchantWithLine } from '../../support/merchant-lines.js'
import { startHarness, TEST_INITIAL_BUSINESS_DATE, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean, fundLender } from '../../support/ledger.js'

let h: Harness
let officerKey: string
let borrower: MerchantWithLine
let second: MerchantWithLine
const d0 = isoDate(TEST_INITIAL_BUSINESS_DATE)

beforeAll(async () => {
  h = await startHarness()
  officerKey = await h.keyFor('officer')
  await fundLender(h.ledger, 10_000_000_00)
  const merchants = await merchantsWithLines(h, { seed: 1603, merchantCount: 30, minAvailableFen: 200_000 })
  expect(merchants.length).toBeGreaterThanOrEqual(2)
  borrower = merchants[0]!
  second = merchants[1]!
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

it('a loan disbursed after its decision date closed accrues every night from the day the money moved', async () => {
  // Decided on d0; d0 closes before the disbursement activity runs (on d0 + 1).
  const outcome = await decideApplication(
    { db: h.db, scorecard: loadScorecardModel() },
    {
      workflowId: 'missed-nights-1',
      merchantId: borrower.merchantId,
      amountFen: 150_000,
      termDays: 30,
      repaymentMethod: 'installment',
      frequency: 'daily',
    },
  )
  expect(outcome.kind).toBe('approved')
  const loanId = outcome.kind === 'approved' ? outcome.loanId : 0
  await closeDays(1)
  const movedOn = addDays(d0, 1)
  await disburseLoan({ db: h.db, ledger: h.ledger }, loanId)

  // The day of the disbursement: the quote is what the ledger holds, and a repayment is accepted.
  const loanView = async () => (await h.request('GET', `/v1/loans/${loanId}`, { key: officerKey })).body
  const disbursed = await loanView()
  const quoteToday = await h.request('GET', `/v1/loans/${loanId}/payoff-quote`, { key: officerKey })
  const repaid = await h.request('POST', `/v1/loans/${loanId}/repayments`, {
    key: borrower.key,
    body: { amountFen: 10_000 },
    headers: { 'Idempotency-Key': 'missed-nights-repay' },
  })
  // The merchant takes the rest out and sells nothing: the closes below collect nothing.
  await payOutWallet(h, borrower, 'missed-nights-payout')

  await closeDays(3) // d0+1 … d0+3 (installments fall due unpaid: penalty accrues besides)
  const after = await loanView()
  const lastClosed = addDays(d0, 3)
  // Exact ACT/365 interest of every night from the loan's disbursement date through the last close,
  // on the principal owed (constant: nothing was collected), half-even with the carry.
  const principalFen = await balanceOf(h.db, accounts.loanPrincipal(loanId).code)
  const loanRow = await h.db
    .selectFrom('loans')
    .selectAll()
    .where('id', '=', loanId)
    .executeTakeFirstOrThrow()
  let carry = 0
  let expectedInterestFen = 0
  const nights: IsoDate[] = []
  for (let night = after.disbursedOn as IsoDate; night <= lastClosed; night = addDays(night, 1)) {
    const day = accrueDailyInterest({
      outstandingPrincipalFen: principalFen,
      annualRateBps: loanRow.annualRateBps!,
      carryNumerator: carry,
    })
    expectedInterestFen += day.interestFen
    carry = day.carryNumerator
    nights.push(night)
  }
  const accruals = await h.db
    .selectFrom('journalEntries')
    .select('businessDate')
    .where('loanId', '=', loanId)
    .where('type', '=', 'interest_accrual')
    .orderBy('id')
    .execute()
  const quoteAfter = await h.request('GET', `/v1/loans/${loanId}/payoff-quote`, { key: officerKey })
  expect({
    disbursedOn: disbursed.disbursedOn,
    quoteToday: quoteToday.body.payoffFen,
    repaymentStatus: repaid.status,
    interestAccruedFen: after.outstanding.interestFen,
    accrualEntries: accruals.length,
    quoteAfter: quoteAfter.body.payoffFen,
  }).toEqual({
    disbursedOn: movedOn,
    quoteToday: disbursed.outstanding.totalFen,
    repaymentStatus: 200,
    interestAccruedFen: expectedInterestFen,
    accrualEntries: nights.length,
    quoteAfter: after.outstanding.totalFen,
  })
  expect(nights[0]).toBe(movedOn)
})

/** Exact ACT/365 interest of each night from `from` through `through` on a constant principal, with the carry. */
function exactInterestFen(principalFen: number, annualRateBps: number, from: IsoDate, through: IsoDate) {
  let carry = 0
  let interestFen = 0
  const nights: IsoDate[] = []
  for (let night = from; night <= through; night = addDays(night, 1)) {
    const day = accrueDailyInterest({
      outstandingPrincipalFen: principalFen,
      annualRateBps,
      carryNumerator: carry,
    })
    interestFen += day.interestFen
    carry = day.carryNumerator
    nights.push(night)
  }
  return { interestFen, nights }
}

it('a loan whose disbursement is posted while its date closes accrues that night at the next close', async () => {
  const outcome = await decideApplication(
    { db: h.db, scorecard: loadScorecardModel() },
    {
      workflowId: 'missed-nights-2',
      merchantId: second.merchantId,
      amountFen: 150_000,
      termDays: 30,
      repaymentMethod: 'installment',
      frequency: 'daily',
    },
  )
  expect(outcome.kind).toBe('approved')
  const loanId = outcome.kind === 'approved' ? outcome.loanId : 0
  // The disbursement's entry is posted on date D; before the loan is marked active, the merchant
  // takes the money out and D closes (the loan, still booked, is not serviced by that close).
  const ledger = new Proxy(h.ledger, {
    get(target, prop, receiver) {
      if (prop !== 'post') {
        const value = Reflect.get(target, prop, receiver)
        return typeof value === 'function' ? value.bind(target) : value
      }
      return async (...args: Parameters<LedgerService['post']>) => {
        const posted = await target.post(...args)
        if (args[0].idempotencyKey === `disb:${loanId}`) {
          await payOutWallet(h, second, 'missed-nights-payout-2')
          await closeDays(1)
        }
        return posted
      }
    },
  })
  await disburseLoan({ db: h.db, ledger }, loanId)
  const disbursed = (await h.request('GET', `/v1/loans/${loanId}`, { key: officerKey })).body
  await closeDays(2) // D+1 (catching up night D) and D+2
  const after = (await h.request('GET', `/v1/loans/${loanId}`, { key: officerKey })).body
  const loanRow = await h.db
    .selectFrom('loans')
    .selectAll()
    .where('id', '=', loanId)
    .executeTakeFirstOrThrow()
  const from = disbursed.disbursedOn as IsoDate
  const expected = exactInterestFen(
    await balanceOf(h.db, accounts.loanPrincipal(loanId).code),
    loanRow.annualRateBps!,
    from,
    addDays(from, 2),
  )
  const accruals = await h.db
    .selectFrom('journalEntries')
    .select('idempotencyKey')
    .where('loanId', '=', loanId)
    .where('type', '=', 'interest_accrual')
    .orderBy('id')
    .execute()
  const quote = await h.request('GET', `/v1/loans/${loanId}/payoff-quote`, { key: officerKey })
  expect({
    interestAccruedFen: after.outstanding.interestFen,
    accrualKeys: accruals.map((entry) => entry.idempotencyKey).sort(),
    quote: quote.body.payoffFen,
    accruedThrough: loanRow.accruedThrough,
  }).toEqual({
    interestAccruedFen: expected.interestFen,
    accrualKeys: expected.nights.map((night) => `accrual:${loanId}:${night}`),
    quote: after.outstanding.totalFen,
    accruedThrough: addDays(from, 2),
  })
})
