/**
 * `GET /v1/portfolio/summary` to the fen: two merchant loans, one never repaid (late), one collected
 * every night, a repayment and a new loan today; the figures are checked against what the loans'
 * own transactions say, and the console's trend walks back to the same balances day by day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, isoDate } from '../../../src/kernel/business-date.js'
import { divRoundHalfEven } from '../../../src/kernel/money.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { portfolioOverview } from '../../../src/portfolio/portfolio-service.js'
import { startHarness, TEST_INITIAL_BUSINESS_DATE, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean, fundLender, open } from '../../support/ledger.js'
import { merchantsWithLines, type MerchantWithLine } from '../../support/merchant-lines.js'

let h: Harness
let officerKey: string
let merchants: MerchantWithLine[]
const loans = { late: 0, paying: 0, today: 0 }
const d0 = isoDate(TEST_INITIAL_BUSINESS_DATE)
const DAYS_CLOSED = 3
const REPAYMENT_FEN = 12_345
/** Repayments of today's loan made while the overview is read over and over. */
const RACING_REPAYMENTS = 20
const RACING_REPAYMENT_FEN = 1_000

const daily = (amountFen: number) => ({
  amountFen,
  termDays: 30,
  repaymentMethod: 'installment',
  frequency: 'daily',
})

async function borrow(who: MerchantWithLine, body: Record<string, unknown>, idempotencyKey: string) {
  const response = await h.request('POST', '/v1/loan-applications', {
    key: who.key,
    body: { merchantId: who.merchantId, ...body },
    headers: { 'Idempotency-Key': idempotencyKey },
  })
  expect(response.body.status).toBe('approved')
  return response.body.loanId as number
}

beforeAll(async () => {
  h = await startHarness()
  officerKey = await h.keyFor('officer')
  await fundLender(h.ledger, 10_000_000_00)
  await open(h.ledger, accounts.creditLoss())
  merchants = await merchantsWithLines(h, { seed: 777, merchantCount: 30, minAvailableFen: 300_000 })
  expect(merchants.length).toBeGreaterThanOrEqual(3)
  loans.late = await borrow(merchants[0]!, daily(100_000), 'summary-late')
  loans.paying = await borrow(merchants[1]!, daily(200_000), 'summary-paying')
  // The late merchant takes every fen out: nothing can be collected from it.
  const wallet = accounts.merchantWallet(merchants[0]!.merchantId).code
  const payout = await h.request('POST', `/v1/merchants/${merchants[0]!.merchantId}/payouts`, {
    key: merchants[0]!.key,
    body: { amountFen: await balanceOf(h.db, wallet) },
    headers: { 'Idempotency-Key': 'summary-payout' },
  })
  expect(payout.status).toBe(201)
  const cob = await h.request('POST', '/v1/system/close-of-business', {
    key: officerKey,
    body: { days: DAYS_CLOSED },
  })
  expect(cob.status).toBe(200)
})
afterAll(async () => {
  await expectLedgerClean(h.db)
  await h?.close()
})

async function principalRepaid(loanId: number, through?: string): Promise<number> {
  const items = (await h.request('GET', `/v1/loans/${loanId}/transactions?limit=200`, { key: officerKey }))
    .body.items as Array<{ type: string; businessDate: string; allocation: { principalFen: number } }>
  return items
    .filter((item) => item.type === 'repayment' && (through === undefined || item.businessDate <= through))
    .reduce((sum, item) => sum + item.allocation.principalFen, 0)
}

const bps = (part: number, whole: number) => Number(divRoundHalfEven(BigInt(part) * 10_000n, BigInt(whole)))

describe('GET /v1/portfolio/summary', () => {
  it('is for officers and admin only', async () => {
    expect((await h.request('GET', '/v1/portfolio/summary')).status).toBe(401)
    expect((await h.request('GET', '/v1/portfolio/summary', { key: merchants[0]!.key })).status).toBe(403)
    expect((await h.request('GET', '/v1/portfolio/summary', { key: h.adminKey })).status).toBe(200)
  })

  it('adds up outstanding principal, today’s flows, buckets and PAR to the fen', async () => {
    const today = addDays(d0, DAYS_CLOSED)
    const repay = await h.request('POST', `/v1/loans/${loans.paying}/repayments`, {
      key: officerKey,
      body: { amountFen: REPAYMENT_FEN },
      headers: { 'Idempotency-Key': 'summary-repay' },
    })
    expect(repay.status).toBe(200)
    loans.today = await borrow(merchants[2]!, daily(50_000), 'summary-today')

    const late = (await h.request('GET', `/v1/loans/${loans.late}`, { key: officerKey })).body
    expect(late.bucket).toBe('1-30')
    expect(late.daysPastDue).toBeGreaterThanOrEqual(1)
    const payingPrincipalFen = 200_000 - (await principalRepaid(loans.paying))
    expect(payingPrincipalFen).toBeLessThan(200_000)
    const outstandingFen = 100_000 + payingPrincipalFen + 50_000

    const summary = await h.request('GET', '/v1/portfolio/summary', { key: officerKey })
    expect(summary.status).toBe(200)
    const figures = {
      activeLoans: 3,
      outstandingPrincipalFen: outstandingFen,
      disbursedTodayFen: 50_000,
      collectedTodayFen: REPAYMENT_FEN,
      par1Bps: bps(100_000, outstandingFen),
      par30Bps: 0,
      par90Bps: 0,
      nplBps: 0,
      buckets: {
        current: { count: 2, principalFen: payingPrincipalFen + 50_000 },
        '1-30': { count: 1, principalFen: 100_000 },
        '31-60': { count: 0, principalFen: 0 },
        '61-90': { count: 0, principalFen: 0 },
        '90+': { count: 0, principalFen: 0 },
      },
    }
    const nothing = {
      activeLoans: 0,
      outstandingPrincipalFen: 0,
      disbursedTodayFen: 0,
      collectedTodayFen: 0,
      par1Bps: 0,
      par30Bps: 0,
      par90Bps: 0,
      nplBps: 0,
      buckets: Object.fromEntries(
        ['current', '1-30', '31-60', '61-90', '90+'].map((bucket) => [bucket, { count: 0, principalFen: 0 }]),
      ),
    }
    expect(summary.body).toEqual({ asOf: today, ...figures, byProduct: { merchant: figures, agri: nothing } })
  })

  it('walks the console’s trend back to each closed day’s outstanding principal', async () => {
    const { summary, trend } = await portfolioOverview(h.db)
    expect(trend.map((point) => point.businessDate)).toEqual(
      Array.from({ length: DAYS_CLOSED + 1 }, (_, day) => addDays(d0, day)),
    )
    expect(trend.at(-1)).toMatchObject({
      outstandingPrincipalFen: summary.outstandingPrincipalFen,
      collectedFen: REPAYMENT_FEN,
      disbursedFen: 50_000,
      closed: false,
    })
    for (const point of trend.slice(0, -1)) {
      const repaid = await principalRepaid(loans.paying, point.businessDate)
      expect(point.outstandingPrincipalFen).toBe(300_000 - repaid)
    }
    expect(trend[0]!.disbursedFen).toBe(300_000)
    // Stored once per closed date: a second read gives the same trend from portfolio_days.
    expect((await portfolioOverview(h.db)).trend).toEqual(trend)
  })

  it('agrees with itself while repayments land: every read walks back to the same end of yesterday', async () => {
    const before = await portfolioOverview(h.db)
    const endOfYesterdayFen = before.trend.at(-2)!.outstandingPrincipalFen
    let repaying = true
    // Today's loan owes no interest yet (no night has accrued), so each repayment is all principal.
    const repayments = (async () => {
      try {
        for (let i = 0; i < RACING_REPAYMENTS; i++) {
          const repaid = await h.request('POST', `/v1/loans/${loans.today}/repayments`, {
            key: officerKey,
            body: { amountFen: RACING_REPAYMENT_FEN },
            headers: { 'Idempotency-Key': `summary-race-${i}` },
          })
          expect(repaid.status).toBe(200)
          expect(repaid.body.allocation.principalFen).toBe(RACING_REPAYMENT_FEN)
        }
      } finally {
        repaying = false
      }
    })()
    const reads: Awaited<ReturnType<typeof portfolioOverview>>[] = []
    while (repaying) reads.push(await portfolioOverview(h.db))
    await repayments
    expect(reads.length).toBeGreaterThan(1)
    // Outstanding principal and today's principal change come from one snapshot: a repayment is in
    // both or in neither, so what was outstanding at the end of yesterday never moves.
    for (const read of reads) {
      expect(read.trend.at(-2)!.outstandingPrincipalFen).toBe(endOfYesterdayFen)
      expect(before.summary.outstandingPrincipalFen - read.summary.outstandingPrincipalFen).toBe(
        read.summary.collectedTodayFen - before.summary.collectedTodayFen,
      )
    }
    const after = await portfolioOverview(h.db)
    const racedFen = RACING_REPAYMENTS * RACING_REPAYMENT_FEN
    expect(after.summary.outstandingPrincipalFen).toBe(before.summary.outstandingPrincipalFen - racedFen)
    expect(after.summary.collectedTodayFen).toBe(before.summary.collectedTodayFen + racedFen)
    expect(after.summary.buckets.current.principalFen).toBe(
      before.summary.buckets.current.principalFen - racedFen,
    )
    expect(after.trend.at(-2)!.outstandingPrincipalFen).toBe(endOfYesterdayFen)
  })
})
