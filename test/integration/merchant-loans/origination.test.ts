import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generatePopulation } from '../../../src/credit/merchant-population.js'
import { loadPopulation } from '../../../src/credit/population-loader.js'
import { isoDate } from '../../../src/kernel/business-date.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean, fundLender } from '../../support/ledger.js'

let h: Harness
let platformKey: string
const eligible: Array<{ merchantId: number; key: string; availableFen: number }> = []
const population = generatePopulation({
  seed: 31337,
  merchantCount: 60,
  days: 200,
  endDate: isoDate('2025-12-31'),
})

beforeAll(async () => {
  h = await startHarness()
  platformKey = await h.keyFor('platform')
  await fundLender(h.ledger, 1_000_000_00)
  const ids = await loadPopulation({ db: h.db, ledger: h.ledger }, population)
  for (const merchantId of ids.values()) {
    const offer = await h.request('GET', `/v1/merchants/${merchantId}/offer`, { key: platformKey })
    if (offer.body.eligible && offer.body.availableFen >= 10_000) {
      eligible.push({
        merchantId,
        key: await h.keyFor('merchant', merchantId),
        availableFen: offer.body.availableFen,
      })
    }
  }
  expect(eligible.length).toBeGreaterThanOrEqual(6)
})
afterAll(async () => {
  await expectLedgerClean(h.db)
  await h?.close()
})

function apply(
  merchant: { merchantId: number; key: string },
  body: Record<string, unknown>,
  idempotencyKey: string,
) {
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

async function applicationCount(): Promise<number> {
  const row = await h.db
    .selectFrom('loanApplications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

describe('merchant loan origination', () => {
  it('approves and pays the loan into the wallet, and the line shrinks by it', async () => {
    const merchant = eligible[0]!
    const response = await apply(merchant, { amountFen: 5_000 }, 'apply-1')
    expect(response.status).toBe(201)
    expect(response.body).toMatchObject({ status: 'approved', loanId: expect.any(Number) })
    expect(response.body.decidedInMs).toBeLessThan(5_000)
    expect(await balanceOf(h.db, accounts.merchantWallet(merchant.merchantId).code)).toBe(5_000)
    expect(await balanceOf(h.db, accounts.loanPrincipal(response.body.loanId).code)).toBe(5_000)
    const loan = await h.db
      .selectFrom('loans')
      .selectAll()
      .where('id', '=', response.body.loanId)
      .executeTakeFirstOrThrow()
    expect(loan).toMatchObject({
      status: 'active',
      principalFen: 5_000,
      repayments: 30,
      disbursedOn: '2026-01-01',
    })
    expect(loan.totalRepayFen).toBeGreaterThan(5_000)
    const offer = await h.request('GET', `/v1/merchants/${merchant.merchantId}/offer`, { key: merchant.key })
    expect(offer.body.availableFen).toBe(merchant.availableFen - 5_000)
    const application = await h.request('GET', `/v1/loan-applications/${response.body.applicationId}`, {
      key: merchant.key,
    })
    expect(application.body).toMatchObject({
      status: 'approved',
      loanId: response.body.loanId,
      amountFen: 5_000,
    })
  })

  it('lends 1 yuan, the smallest loan', async () => {
    const merchant = eligible[1]!
    const response = await apply(merchant, { amountFen: 100 }, 'apply-one-yuan')
    expect(response.body.status).toBe('approved')
    expect(await balanceOf(h.db, accounts.merchantWallet(merchant.merchantId).code)).toBe(100)
  })

  it('answers a retry with the same key with the same loan and pays once', async () => {
    const merchant = eligible[2]!
    const [first, second] = await Promise.all([
      apply(merchant, { amountFen: 7_000 }, 'apply-retry'),
      apply(merchant, { amountFen: 7_000 }, 'apply-retry'),
    ])
    const third = await apply(merchant, { amountFen: 7_000 }, 'apply-retry')
    expect(second.body).toEqual(first.body)
    expect(third.body).toEqual(first.body)
    expect(await balanceOf(h.db, accounts.merchantWallet(merchant.merchantId).code)).toBe(7_000)
    const loans = await h.db
      .selectFrom('loans')
      .select('id')
      .where('borrowerId', '=', merchant.merchantId)
      .execute()
    expect(loans).toHaveLength(1)
  })

  it('refuses amounts below 1 yuan or above the available line, writing nothing', async () => {
    const merchant = eligible[3]!
    const before = await applicationCount()
    const small = await apply(merchant, { amountFen: 99 }, 'apply-small')
    expect(small.status).toBe(422)
    expect(small.body.code).toBe('amount_below_minimum')
    const large = await apply(merchant, { amountFen: merchant.availableFen + 100 }, 'apply-large')
    expect(large.status).toBe(422)
    expect(large.body.code).toBe('amount_above_available')
    const odd = await apply(merchant, { amountFen: 1_000, termDays: 45 }, 'apply-odd-term')
    expect(odd.body.code).toBe('option_not_offered')
    expect(await applicationCount()).toBe(before)
    expect(await balanceOf(h.db, accounts.merchantWallet(merchant.merchantId).code)).toBe(0)
  })

  it('lets only one of two racing applications take the same line', async () => {
    const merchant = eligible[4]!
    const amountFen = Math.floor((merchant.availableFen * 0.6) / 100) * 100
    const [a, b] = await Promise.all([
      apply(merchant, { amountFen }, 'race-a'),
      apply(
        merchant,
        { amountFen, repaymentMethod: 'sales_share', termDays: 180, frequency: undefined },
        'race-b',
      ),
    ])
    expect([a.status, b.status].sort()).toEqual([201, 422])
    const loser = a.status === 422 ? a : b
    expect(loser.body.code).toBe('amount_above_available')
    expect(await balanceOf(h.db, accounts.merchantWallet(merchant.merchantId).code)).toBe(amountFen)
  })

  it('declines a merchant without a line, with reasons, and pays nothing', async () => {
    const created = await h.request('POST', '/v1/merchants', {
      key: platformKey,
      body: { externalRef: 'brand-new', name: 'Brand new shop', openedOn: '2025-12-28' },
    })
    const merchant = {
      merchantId: created.body.merchantId,
      key: await h.keyFor('merchant', created.body.merchantId),
    }
    const response = await apply(merchant, { amountFen: 1_000 }, 'apply-new')
    expect(response.status).toBe(201)
    expect(response.body.status).toBe('declined')
    expect(response.body.loanId).toBeUndefined()
    expect(response.body.reasons[0].code).toBe('short_tenure')
    expect(await balanceOf(h.db, accounts.merchantWallet(merchant.merchantId).code)).toBe(0)
  })

  it('lets a merchant apply only for itself and needs an Idempotency-Key', async () => {
    const [a, b] = eligible
    const stranger = await h.request('POST', '/v1/loan-applications', {
      key: a!.key,
      body: {
        merchantId: b!.merchantId,
        amountFen: 1_000,
        termDays: 30,
        repaymentMethod: 'installment',
        frequency: 'daily',
      },
      headers: { 'Idempotency-Key': 'stranger' },
    })
    expect(stranger.status).toBe(404)
    const noKey = await h.request('POST', '/v1/loan-applications', {
      key: a!.key,
      body: {
        merchantId: a!.merchantId,
        amountFen: 1_000,
        termDays: 30,
        repaymentMethod: 'installment',
        frequency: 'daily',
      },
    })
    expect(noKey.status).toBe(400)
    expect((await h.request('POST', '/v1/loan-applications', { key: platformKey, body: {} })).status).toBe(
      403,
    )
  })
})

describe('the loan as its borrower and officers see it', () => {
  it('shows terms, what is owed and a schedule whose principal sums to the loan, to its borrower only', async () => {
    const merchant = eligible[5]!
    const applied = await apply(
      merchant,
      { amountFen: 3_000, termDays: 84, frequency: 'weekly' },
      'apply-view',
    )
    const loan = await h.request('GET', `/v1/loans/${applied.body.loanId}`, { key: merchant.key })
    expect(loan.status).toBe(200)
    expect(loan.body).toMatchObject({
      product: 'merchant',
      borrowerId: merchant.merchantId,
      status: 'active',
      principalFen: 3_000,
      outstanding: { principalFen: 3_000, interestFen: 0, feesFen: 0, penaltyFen: 0, totalFen: 3_000 },
      daysPastDue: 0,
      bucket: 'current',
      disbursedOn: '2026-01-01',
    })
    expect(loan.body.schedule).toHaveLength(12)
    expect(loan.body.schedule.reduce((sum: number, line: any) => sum + line.principalFen, 0)).toBe(3_000)
    expect(loan.body.schedule[0]).toMatchObject({ dueDate: '2026-01-08', paidFen: 0, status: 'upcoming' })
    const other = eligible[0]!
    expect((await h.request('GET', `/v1/loans/${applied.body.loanId}`, { key: other.key })).status).toBe(404)
    const mine = await h.request('GET', '/v1/loans', { key: merchant.key })
    expect(mine.body.items.map((item: any) => item.loanId)).toEqual([applied.body.loanId])
    const officerKey = await h.keyFor('officer')
    const all = await h.request('GET', '/v1/loans?product=merchant&limit=200', { key: officerKey })
    expect(all.body.items.length).toBeGreaterThan(3)
  })

  it('ages an unpaid daily loan: two missed installments are 2 days past due', async () => {
    const merchant = eligible[0]!
    const [loan] = (await h.request('GET', '/v1/loans', { key: merchant.key })).body.items
    expect(loan.frequency).toBe('daily')
    // The merchant takes the loan's money out, so close of business finds nothing to collect.
    const wallet = await h.request('GET', `/v1/merchants/${merchant.merchantId}/wallet`, {
      key: merchant.key,
    })
    const payout = await h.request('POST', `/v1/merchants/${merchant.merchantId}/payouts`, {
      key: merchant.key,
      body: { amountFen: wallet.body.balanceFen },
      headers: { 'Idempotency-Key': 'empty-before-ageing' },
    })
    expect(payout.body).toMatchObject({ balanceFen: 0 })
    const officerKey = await h.keyFor('officer')
    expect(
      (await h.request('POST', '/v1/system/close-of-business', { key: officerKey, body: { days: 3 } }))
        .status,
    ).toBe(200)
    const aged = await h.request('GET', `/v1/loans/${loan.loanId}`, { key: merchant.key })
    // Business date 2026-01-04: the installments due 01-02 and 01-03 are unpaid; 01-04 is due today.
    expect(aged.body.daysPastDue).toBe(2)
    expect(aged.body.bucket).toBe('1-30')
    expect(aged.body.schedule.slice(0, 4).map((line: any) => line.status)).toEqual([
      'overdue',
      'overdue',
      'due',
      'upcoming',
    ])
  })
})
