import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generatePopulation } from '../../../src/credit/merchant-population.js'
import { loadPopulation } from '../../../src/credit/population-loader.js'
import { isoDate } from '../../../src/kernel/business-date.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { serviceLoans } from '../../../src/servicing/servicing-service.js'
import { buildSchedule, SCHEDULE_VERSION_CURRENT } from '../../../src/servicing/schedule.js'
import { getBusinessDate } from '../../../src/system/business-date-service.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean, fundLender, move } from '../../support/ledger.js'

let h: Harness
let officerKey: string
const merchants: Array<{ merchantId: number; key: string }> = []
const population = generatePopulation({
  seed: 8080,
  merchantCount: 40,
  days: 200,
  endDate: isoDate('2025-12-31'),
})

beforeAll(async () => {
  h = await startHarness()
  officerKey = await h.keyFor('officer')
  await fundLender(h.ledger, 1_000_000_00)
  const ids = await loadPopulation({ db: h.db, ledger: h.ledger }, population)
  for (const merchantId of ids.values()) {
    const key = await h.keyFor('merchant', merchantId)
    const offer = await h.request('GET', `/v1/merchants/${merchantId}/offer`, { key })
    if (offer.body.eligible && offer.body.availableFen >= 200_000) merchants.push({ merchantId, key })
  }
  expect(merchants.length).toBeGreaterThanOrEqual(5)
})
afterAll(async () => {
  await expectLedgerClean(h.db)
  await h?.close()
})

async function borrow(merchant: { merchantId: number; key: string }, amountFen: number, key: string) {
  const response = await h.request('POST', '/v1/loan-applications', {
    key: merchant.key,
    body: {
      merchantId: merchant.merchantId,
      amountFen,
      termDays: 30,
      repaymentMethod: 'installment',
      frequency: 'daily',
    },
    headers: { 'Idempotency-Key': key },
  })
  expect(response.body.status).toBe('approved')
  return response.body.loanId as number
}

describe('close of business for merchant loans', () => {
  it('pays a loan off early with exactly the quoted amount, leaves any excess in the wallet, then refuses more', async () => {
    const merchant = merchants[2]!
    const loanId = await borrow(merchant, 20_000, 'servicing-early')
    const officerKey2 = await h.keyFor('officer')
    await h.request('POST', '/v1/system/close-of-business', { key: officerKey2, body: { days: 3 } })
    await move(h.ledger, {
      debit: accounts.lenderCash().code,
      credit: accounts.merchantWallet(merchant.merchantId).code,
      amountFen: 30_000,
      type: 'sales_settlement',
    })
    const quote = await h.request('GET', `/v1/loans/${loanId}/payoff-quote`, { key: merchant.key })
    expect(quote.status).toBe(200)
    const loanBefore = await h.request('GET', `/v1/loans/${loanId}`, { key: merchant.key })
    expect(quote.body.payoffFen).toBe(loanBefore.body.outstanding.totalFen)
    expect(quote.body.owed.interestFen).toBeGreaterThan(0)
    const later = await h.request('GET', `/v1/loans/${loanId}/payoff-quote?date=2026-03-01`, {
      key: merchant.key,
    })
    expect(later.body.payoffFen).toBeGreaterThan(quote.body.payoffFen)

    const walletBefore = await balanceOf(h.db, accounts.merchantWallet(merchant.merchantId).code)
    const paid = await h.request('POST', `/v1/loans/${loanId}/repayments`, {
      key: merchant.key,
      body: { amountFen: quote.body.payoffFen + 1_234 },
      headers: { 'Idempotency-Key': 'early-payoff' },
    })
    expect(paid.status).toBe(200)
    expect(paid.body.allocation).toEqual({ ...quote.body.owed, leftoverFen: 1_234 })
    expect(paid.body.outstanding.totalFen).toBe(0)
    // The quote and the posting agree to the fen: exactly the quote left the wallet.
    expect(walletBefore - (await balanceOf(h.db, accounts.merchantWallet(merchant.merchantId).code))).toBe(
      quote.body.payoffFen,
    )
    expect((await h.request('GET', `/v1/loans/${loanId}`, { key: merchant.key })).body.status).toBe('closed')
    const again = await h.request('POST', `/v1/loans/${loanId}/repayments`, {
      key: merchant.key,
      body: { amountFen: 100 },
      headers: { 'Idempotency-Key': 'after-close' },
    })
    expect(again.status).toBe(422)
    expect(again.body.code).toBe('loan_closed')
  })

  it('answers a retried payoff whose stored answer was lost with the allocation it posted, once', async () => {
    const merchant = merchants[4]!
    const loanId = await borrow(merchant, 15_000, 'servicing-lost-answer')
    const wallet = accounts.merchantWallet(merchant.merchantId).code
    const quote = await h.request('GET', `/v1/loans/${loanId}/payoff-quote`, { key: merchant.key })
    const pay = (amountFen: number) =>
      h.request('POST', `/v1/loans/${loanId}/repayments`, {
        key: merchant.key,
        body: { amountFen },
        headers: { 'Idempotency-Key': 'lost-answer' },
      })
    const first = await pay(quote.body.payoffFen + 500)
    expect(first.status).toBe(200)
    expect(first.body.allocation).toEqual({ ...quote.body.owed, leftoverFen: 500 })
    const walletAfterFirst = await balanceOf(h.db, wallet)
    // The entry committed but the stored answer did not (MariaDB went down between the two): the
    // key is free again and the client's retry runs the route a second time.
    await h.db.deleteFrom('idempotencyKeys').where('idempotencyKey', '=', 'lost-answer').execute()
    const retry = await pay(quote.body.payoffFen + 500)
    expect(retry.status).toBe(200)
    expect(retry.body).toEqual(first.body)
    expect(await balanceOf(h.db, wallet)).toBe(walletAfterFirst)
    const repayments = await h.db
      .selectFrom('journalEntries')
      .select('id')
      .where('idempotencyKey', 'like', '%:lost-answer')
      .execute()
    expect(repayments).toHaveLength(1)
    // The same key for a smaller amount than was posted under it is another repayment.
    await h.db.deleteFrom('idempotencyKeys').where('idempotencyKey', '=', 'lost-answer').execute()
    const smaller = await pay(1_000)
    expect(smaller.status).toBe(409)
    expect(smaller.body.code).toBe('idempotency_key_reused')
    expect(await balanceOf(h.db, wallet)).toBe(walletAfterFirst)
  })

  it('refuses a repayment the wallet cannot cover and a quote for a past date', async () => {
    const merchant = merchants[3]!
    const loanId = await borrow(merchant, 10_000, 'servicing-broke')
    // The merchant spends 6,000 of the 10,000 it borrowed, then offers 8,000 back.
    const payout = await h.request('POST', `/v1/merchants/${merchant.merchantId}/payouts`, {
      key: merchant.key,
      body: { amountFen: 6_000 },
      headers: { 'Idempotency-Key': 'spend-some' },
    })
    expect(payout.status).toBe(201)
    const tooMuch = await h.request('POST', `/v1/loans/${loanId}/repayments`, {
      key: merchant.key,
      body: { amountFen: 8_000 },
      headers: { 'Idempotency-Key': 'broke' },
    })
    expect(tooMuch.status).toBe(422)
    expect(tooMuch.body.code).toBe('insufficient_funds')
    const loan = await h.request('GET', `/v1/loans/${loanId}`, { key: merchant.key })
    expect(loan.body.outstanding.principalFen).toBe(10_000)
    const past = await h.request('GET', `/v1/loans/${loanId}/payoff-quote?date=2025-12-01`, {
      key: merchant.key,
    })
    expect(past.status).toBe(422)
  })
  it('accrues daily interest, collects each installment from the wallet and closes the paid loan', async () => {
    const [payer, defaulter] = merchants
    const payerLoan = await borrow(payer!, 100_000, 'servicing-payer')
    const unpaidLoan = await borrow(defaulter!, 100_000, 'servicing-unpaid')
    // The payer's sales keep its wallet topped up; the other merchant takes its money out at once.
    await move(h.ledger, {
      debit: accounts.lenderCash().code,
      credit: accounts.merchantWallet(payer!.merchantId).code,
      amountFen: 50_000,
      type: 'sales_settlement',
    })
    const payout = await h.request('POST', `/v1/merchants/${defaulter!.merchantId}/payouts`, {
      key: defaulter!.key,
      body: { amountFen: 100_000 },
      headers: { 'Idempotency-Key': 'empty-wallet' },
    })
    expect(payout.status).toBe(201)
    const walletBefore = await balanceOf(h.db, accounts.merchantWallet(payer!.merchantId).code)

    const cob = await h.request('POST', '/v1/system/close-of-business', {
      key: officerKey,
      body: { days: 31 },
    })
    expect(cob.status).toBe(200)
    expect(cob.body.loansProcessed).toBeGreaterThan(31)
    expect(cob.body.accruedInterestFen).toBeGreaterThan(0)

    const paid = await h.request('GET', `/v1/loans/${payerLoan}`, { key: payer!.key })
    expect(paid.body.status).toBe('closed')
    expect(paid.body.outstanding.totalFen).toBe(0)
    const interestFen = (
      await h.db
        .selectFrom('journalEntries as e')
        .innerJoin('ledgerPostings as p', 'p.entryId', 'e.id')
        .select((eb) => eb.fn.sum<string>('p.amountFen').as('sum'))
        .where('e.type', '=', 'interest_accrual')
        .where('e.loanId', '=', payerLoan)
        .where('p.side', '=', 'D')
        .executeTakeFirstOrThrow()
    ).sum
    const walletAfter = await balanceOf(h.db, accounts.merchantWallet(payer!.merchantId).code)
    // Every fen that left the wallet repaid the principal or the interest accrued, no more, no less.
    expect(walletBefore - walletAfter).toBe(100_000 + Number(interestFen))
    // Daily accrual on what is really owed matches the calculator's ACT/365 schedule to the fen per day.
    const schedule = buildSchedule(
      {
        principalFen: 100_000,
        annualRateBps: paid.body.annualRateBps,
        repayments: 30,
        frequency: 'daily',
        method: 'annuity',
        interestBasis: 'act365',
        startDate: isoDate(paid.body.disbursedOn),
      },
      SCHEDULE_VERSION_CURRENT,
    )
    expect(Math.abs(Number(interestFen) - schedule.totalInterestFen)).toBeLessThanOrEqual(30)

    const unpaid = await h.request('GET', `/v1/loans/${unpaidLoan}`, { key: defaulter!.key })
    expect(unpaid.body.status).toBe('active')
    expect(unpaid.body.outstanding.principalFen).toBe(100_000)
    expect(unpaid.body.outstanding.interestFen).toBeGreaterThan(0)
    expect(unpaid.body.daysPastDue).toBe(30) // the first installment was due 31 days before the business date
    expect(unpaid.body.bucket).toBe('1-30')
  })

  it('services a loan-day once: running the same date again changes nothing', async () => {
    const businessDate = await getBusinessDate(h.db)
    const before = await h.request('GET', '/v1/ledger/trial-balance', { key: officerKey })
    const again = await serviceLoans(
      { db: h.db, ledger: h.ledger },
      { businessDate: isoDate('2026-01-15'), afterLoanId: 0 },
    )
    expect(again.loansProcessed).toBe(0)
    const after = await h.request('GET', '/v1/ledger/trial-balance', { key: officerKey })
    expect(after.body).toEqual(before.body)
    expect(await getBusinessDate(h.db)).toBe(businessDate)
  })
})
