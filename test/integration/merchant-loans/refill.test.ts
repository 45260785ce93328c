/**
 * A refill: once 75% of a loan's principal is repaid the merchant may borrow again, and the new
 * loan's proceeds pay the old one off in the same ledger entry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean, fundLender, move } from '../../support/ledger.js'
import { merchantsWithLines, type MerchantWithLine } from '../../support/merchant-lines.js'

let h: Harness
let merchants: MerchantWithLine[]

beforeAll(async () => {
  h = await startHarness()
  await fundLender(h.ledger, 1_000_000_00)
  merchants = await merchantsWithLines(h, { seed: 7272, merchantCount: 30, minAvailableFen: 60_000 })
  expect(merchants.length).toBeGreaterThanOrEqual(2)
})
afterAll(async () => {
  await expectLedgerClean(h.db)
  await h?.close()
})

function apply(merchant: MerchantWithLine, body: Record<string, unknown>, idempotencyKey: string) {
  return h.request('POST', '/v1/loan-applications', {
    key: merchant.key,
    body: {
      merchantId: merchant.merchantId,
      termDays: 30,
      repaymentMethod: 'installment',
      frequency: 'daily',
      ...body,
    },
    headers: { 'Idempotency-Key': idempotencyKey },
  })
}

function repay(merchant: MerchantWithLine, loanId: number, amountFen: number, idempotencyKey: string) {
  return h.request('POST', `/v1/loans/${loanId}/repayments`, {
    key: merchant.key,
    body: { amountFen },
    headers: { 'Idempotency-Key': idempotencyKey },
  })
}

describe('refill', () => {
  it('refuses a refill before 75% is repaid, and one that would not cover the payoff', async () => {
    const merchant = merchants[0]!
    const first = await apply(merchant, { amountFen: 40_000 }, 'refill-a-first')
    expect(first.body.status).toBe('approved')
    const applicationsBefore = await h.db.selectFrom('loanApplications').select('id').execute()
    expect((await repay(merchant, first.body.loanId, 29_999, 'refill-a-74')).status).toBe(200) // 74.99 %
    const early = await apply(
      merchant,
      { amountFen: 50_000, refillOfLoanId: first.body.loanId },
      'refill-a-early',
    )
    expect(early.status).toBe(422)
    expect(early.body.code).toBe('refill_not_eligible')
    expect((await repay(merchant, first.body.loanId, 1, 'refill-a-75')).status).toBe(200) // 75.00 %
    const small = await apply(
      merchant,
      { amountFen: 10_000, refillOfLoanId: first.body.loanId },
      'refill-a-small',
    )
    expect(small.status).toBe(422)
    expect(small.body.code).toBe('amount_below_payoff')
    const notMine = await apply(
      merchants[1]!,
      { amountFen: 50_000, refillOfLoanId: first.body.loanId },
      'refill-b',
    )
    expect(notMine.status).toBe(422)
    expect(notMine.body.code).toBe('refill_not_eligible')
    // Refusals write nothing.
    expect(await h.db.selectFrom('loanApplications').select('id').execute()).toEqual(applicationsBefore)
  })

  it('pays the old loan off from the new loan in one entry and puts the rest in the wallet', async () => {
    const merchant = merchants[0]!
    const [old] = (await h.request('GET', '/v1/loans?status=active', { key: merchant.key })).body.items
    // A day later interest has accrued on the old loan; the payoff includes it.
    await h.request('POST', '/v1/system/close-of-business', {
      key: await h.keyFor('officer'),
      body: { days: 1 },
    })
    await move(h.ledger, {
      debit: accounts.lenderCash().code,
      credit: accounts.merchantWallet(merchant.merchantId).code,
      amountFen: 1, // a sale, so the wallet is not exactly what the test computes by accident
      type: 'sales_settlement',
    })
    const quote = (await h.request('GET', `/v1/loans/${old.loanId}/payoff-quote`, { key: merchant.key })).body
    expect(quote.payoffFen).toBeGreaterThan(0)
    const walletBefore = await balanceOf(h.db, accounts.merchantWallet(merchant.merchantId).code)
    const offer = (
      await h.request('GET', `/v1/merchants/${merchant.merchantId}/offer`, { key: merchant.key })
    ).body

    const refill = await apply(merchant, { amountFen: 50_000, refillOfLoanId: old.loanId }, 'refill-a-go')
    expect(refill.status).toBe(201)
    expect(refill.body.status).toBe('approved')
    const replay = await apply(merchant, { amountFen: 50_000, refillOfLoanId: old.loanId }, 'refill-a-go')
    expect(replay.body.loanId).toBe(refill.body.loanId)

    const oldAfter = (await h.request('GET', `/v1/loans/${old.loanId}`, { key: merchant.key })).body
    expect(oldAfter.status).toBe('closed')
    expect(oldAfter.outstanding.totalFen).toBe(0)
    const newLoan = (await h.request('GET', `/v1/loans/${refill.body.loanId}`, { key: merchant.key })).body
    expect(newLoan.outstanding.principalFen).toBe(50_000)
    // Exactly the quote went to the old loan; the rest landed in the wallet.
    expect((await balanceOf(h.db, accounts.merchantWallet(merchant.merchantId).code)) - walletBefore).toBe(
      50_000 - quote.payoffFen,
    )
    const entries = await h.db
      .selectFrom('journalEntries')
      .select(['id'])
      .where('idempotencyKey', '=', `disb:${refill.body.loanId}`)
      .execute()
    expect(entries).toHaveLength(1)
    const oldTransactions = (
      await h.request('GET', `/v1/loans/${old.loanId}/transactions`, { key: merchant.key })
    ).body.items
    // The old loan's own history ends with the refill that paid it, allocated like a repayment.
    expect(oldTransactions.at(-1)).toMatchObject({
      entryId: entries[0]!.id,
      type: 'merchant_disbursement',
      amountFen: quote.payoffFen,
      allocation: quote.owed,
    })
    // The line counted the old loan's principal as repaid by the refill: available before = after + new − old.
    const offerAfter = (
      await h.request('GET', `/v1/merchants/${merchant.merchantId}/offer`, { key: merchant.key })
    ).body
    expect(offerAfter.availableFen).toBe(offer.availableFen + old.outstanding.principalFen - 50_000)
  })
})
