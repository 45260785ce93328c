/**
 * Issue 16, item 9, "late or corrected sales never settle": a day the platform reports after its close
 * of business, or corrects upward after it settled, settles its difference into the wallet at the
 * next close, once, in an entry of its own (`settle:{merchant}:{date}` for a date's first settlement,
 * `settle:{merchant}:{date}:r{revision}` for each correction after it); the same figures again, or a
 * correction downward, settle nothing (nothing is taken back from a wallet); a retried settlement
 * settles nothing twice; and a sales-share loan takes its share of what each close settles, late days
 * included. Through HTTP, a real worker and real closes of business.
 */
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { addDays, isoDate, type IsoDate } from '../../../src/kernel/business-date.js'
import { backfillSettledSales } from '../../../src/db/migrations/0017-sales-settled.js'
import { fenFromDb, mulBps } from '../../../src/kernel/money.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { settleMerchantSales } from '../../../src/servicing/servicing-service.js'
import { getBusinessDate } from '../../../src/system/business-date-service.js'
import { merchantsWithLines, type MerchantWithLine } from '../../support/merchant-lines.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean, fundLender } from '../../support/ledger.js'

let h: Harness
let officerKey: string
let platformKey: string
let late: MerchantWithLine
let corrected: MerchantWithLine
let borrower: MerchantWithLine
let loanId: number
let shareBps: number
let disbursedOn: IsoDate

beforeAll(async () => {
  h = await startHarness()
  officerKey = await h.keyFor('officer')
  platformKey = await h.keyFor('platform')
  await fundLender(h.ledger, 10_000_000_00)
  const merchants = await merchantsWithLines(h, { seed: 1609, merchantCount: 30, minAvailableFen: 200_000 })
  expect(merchants.length).toBeGreaterThanOrEqual(3)
  ;[late, corrected, borrower] = merchants as [MerchantWithLine, MerchantWithLine, MerchantWithLine]
  // The third borrows on the first business date, repaid by a share of its sales.
  const applied = await h.request('POST', '/v1/loan-applications', {
    key: borrower.key,
    body: {
      merchantId: borrower.merchantId,
      amountFen: 200_000,
      termDays: 180,
      repaymentMethod: 'sales_share',
    },
    headers: { 'Idempotency-Key': 'late-sales-share' },
  })
  expect(applied.body.status).toBe('approved')
  loanId = applied.body.loanId
  const loan = await h.request('GET', `/v1/loans/${loanId}`, { key: officerKey })
  shareBps = loan.body.salesShareBps
  disbursedOn = loan.body.disbursedOn
  expect(shareBps).toBeGreaterThan(0)
})
afterAll(async () => {
  await expectLedgerClean(h.db)
  await h?.close()
})

async function closeDay(): Promise<{ settledFen: number }> {
  const response = await h.request('POST', '/v1/system/close-of-business', {
    key: officerKey,
    body: { days: 1 },
  })
  expect(response.status).toBe(200)
  return response.body
}

async function putSales(merchant: MerchantWithLine, date: IsoDate, netFen: number): Promise<void> {
  const response = await h.request('PUT', `/v1/merchants/${merchant.merchantId}/sales/${date}`, {
    key: platformKey,
    body: { grossFen: netFen + 100, refundFen: 100, orderCount: 7 },
  })
  expect(response.status).toBeLessThan(300)
  expect(response.body.netFen).toBe(netFen)
}

const today = async () => isoDate(await getBusinessDate(h.db))
const wallet = (merchant: MerchantWithLine) =>
  balanceOf(h.db, accounts.merchantWallet(merchant.merchantId).code)

/** The merchant's sales settlements, oldest first: each entry's key and the fen it settled. */
async function settlements(merchant: MerchantWithLine): Promise<Array<[string, number]>> {
  const { rows } = await sql<{ idempotencyKey: string; amountFen: number }>`
    SELECT e.idempotency_key, p.amount_fen FROM journal_entries e
      JOIN ledger_postings p ON p.entry_id = e.id AND p.side = 'C'
    WHERE e.type = 'sales_settlement' AND e.idempotency_key LIKE ${`settle:${merchant.merchantId}:%`}
    ORDER BY e.id`.execute(h.db)
  return rows.map((row) => [row.idempotencyKey, fenFromDb(row.amountFen)])
}

/** What the loan's collection of `date` took from the wallet (0 when there was none). */
async function collectedFen(loanId: number, date: IsoDate): Promise<number> {
  const { rows } = await sql<{ amountFen: number }>`
    SELECT p.amount_fen FROM journal_entries e JOIN ledger_postings p ON p.entry_id = e.id AND p.side = 'D'
    WHERE e.idempotency_key = ${`collect:${loanId}:${date}`}`.execute(h.db)
  return rows.reduce((total, row) => total + fenFromDb(row.amountFen), 0)
}

it('settles a day reported after its date closed at the next close of business, once', async () => {
  const salesDate = await today()
  await closeDay() // the day closes without the merchant's sales
  expect(await settlements(late)).toEqual([])
  await putSales(late, salesDate, 10_000) // reported the next day
  const before = await wallet(late)

  const next = await closeDay()
  expect(next.settledFen).toBe(10_000)
  expect((await wallet(late)) - before).toBe(10_000)
  expect(await settlements(late)).toEqual([[`settle:${late.merchantId}:${salesDate}`, 10_000]])

  const again = await closeDay()
  expect(again.settledFen).toBe(0)
  expect((await wallet(late)) - before).toBe(10_000)
  expect(await settlements(late)).toHaveLength(1)
})

it('settles only the difference of a correction upward; the same figures or lower settle nothing', async () => {
  const salesDate = await today()
  const key = `settle:${corrected.merchantId}:${salesDate}`
  await putSales(corrected, salesDate, 5_000)
  const before = await wallet(corrected)
  expect((await closeDay()).settledFen).toBe(5_000)

  await putSales(corrected, salesDate, 7_500) // revision 1
  expect((await closeDay()).settledFen).toBe(2_500)
  expect((await wallet(corrected)) - before).toBe(7_500)

  await putSales(corrected, salesDate, 7_500) // the same figures: still revision 1
  expect((await closeDay()).settledFen).toBe(0)

  // Lower (revision 2, through the bulk import), then higher but below what settled (revision 3):
  // nothing is taken back from the wallet, and nothing settles.
  const imported = await h.request('POST', `/v1/merchants/${corrected.merchantId}/sales:import`, {
    key: platformKey,
    body: JSON.stringify({ date: salesDate, grossFen: 6_000, refundFen: 0, orderCount: 5 }),
    headers: { 'Content-Type': 'application/x-ndjson' },
  })
  expect(imported.body).toMatchObject({ accepted: 1, rejected: [] })
  expect((await closeDay()).settledFen).toBe(0)
  await putSales(corrected, salesDate, 7_000)
  expect((await closeDay()).settledFen).toBe(0)
  expect((await wallet(corrected)) - before).toBe(7_500)

  await putSales(corrected, salesDate, 8_000) // revision 4: 500 fen above what settled
  expect((await closeDay()).settledFen).toBe(500)
  expect((await wallet(corrected)) - before).toBe(8_000)
  expect(await settlements(corrected)).toEqual([
    [key, 5_000],
    [`${key}:r1`, 2_500],
    [`${key}:r4`, 500],
  ])
})

it('settles nothing twice when the settlement activity runs again for the same close', async () => {
  const salesDate = addDays(await today(), -1)
  await putSales(late, salesDate, 4_444) // yesterday's sales, after yesterday closed
  const before = await wallet(late)
  const deps = { db: h.db, ledger: h.ledger }
  const first = await settleMerchantSales(deps, { businessDate: await today(), afterMerchantId: 0 })
  expect(first.settledFen).toBe(4_444)
  const retried = await settleMerchantSales(deps, { businessDate: await today(), afterMerchantId: 0 })
  expect(retried.settledFen).toBe(0)
  // The close of business runs the activity once more: it finds nothing left to settle.
  expect((await closeDay()).settledFen).toBe(0)
  expect((await wallet(late)) - before).toBe(4_444)
  expect((await settlements(late)).filter(([key]) => key.includes(salesDate))).toEqual([
    [`settle:${late.merchantId}:${salesDate}`, 4_444],
  ])
})

it('marks a row settled, without posting again, when its entry was posted by a run that died', async () => {
  const businessDate = await today()
  const salesDate = addDays(businessDate, -1)
  await putSales(late, salesDate, 3_333) // yesterday's sales, after yesterday closed
  const before = await wallet(late)
  // A settlement run posted the entry under the row's key and died before it marked the row.
  const amountFen = 3_333
  await h.ledger.post({
    idempotencyKey: `settle:${late.merchantId}:${salesDate}`,
    type: 'sales_settlement',
    businessDate,
    description: 'posted by a run that died',
    postings: [
      { accountCode: accounts.platformClearing().code, side: 'D', amountFen },
      { accountCode: accounts.merchantWallet(late.merchantId).code, side: 'C', amountFen },
    ],
  })
  expect((await closeDay()).settledFen).toBe(3_333)
  expect((await closeDay()).settledFen).toBe(0)
  expect((await wallet(late)) - before).toBe(3_333)
  expect((await settlements(late)).filter(([key]) => key.includes(salesDate))).toEqual([
    [`settle:${late.merchantId}:${salesDate}`, 3_333],
  ])
})

it('never settles days before the merchant was registered, however they arrive', async () => {
  // History imported (or corrected) now, for days before the first business date: the platform
  // settled those itself; they are kept for credit only. A late day since then still settles.
  const yesterday = addDays(await today(), -1)
  const history = ['2025-06-30', '2025-12-31'].map((date) => ({
    date,
    grossFen: 900_000,
    refundFen: 0,
    orderCount: 90,
  }))
  const imported = await h.request('POST', `/v1/merchants/${late.merchantId}/sales:import`, {
    key: platformKey,
    body: [...history, { date: yesterday, grossFen: 2_222, refundFen: 0, orderCount: 2 }]
      .map((row) => JSON.stringify(row))
      .join('\n'),
    headers: { 'Content-Type': 'application/x-ndjson' },
  })
  expect(imported.body).toMatchObject({ accepted: 3, rejected: [] })
  await putSales(late, isoDate('2025-12-30'), 700_000)
  const before = await wallet(late)
  expect((await closeDay()).settledFen).toBe(2_222)
  expect((await wallet(late)) - before).toBe(2_222)
  expect((await settlements(late)).filter(([key]) => key.includes(':2025-'))).toEqual([])
})

it('takes a sales-share loan’s share of what each close settles, late and corrected days included', async () => {
  // The disbursement date's sales, reported days late, settle without a share (made before the loan).
  const day1 = await today()
  await putSales(borrower, disbursedOn, 3_000)
  await putSales(borrower, day1, 20_000)
  let before = await wallet(borrower)
  await closeDay()
  expect(await collectedFen(loanId, day1)).toBe(mulBps(20_000, shareBps))
  expect((await wallet(borrower)) - before).toBe(23_000 - mulBps(20_000, shareBps))

  // Yesterday corrected upward by 6,000 fen and today's sales: a share of each, each rounded.
  const day2 = addDays(day1, 1)
  await putSales(borrower, day1, 26_000)
  await putSales(borrower, day2, 10_001)
  before = await wallet(borrower)
  await closeDay()
  const shareFen = mulBps(6_000, shareBps) + mulBps(10_001, shareBps)
  expect(await collectedFen(loanId, day2)).toBe(shareFen)
  expect((await wallet(borrower)) - before).toBe(16_001 - shareFen)

  // A day after the loan reported only the next day: its share is taken at that close.
  const day3 = addDays(day1, 2)
  await closeDay()
  expect(await collectedFen(loanId, day3)).toBe(0)
  await putSales(borrower, day3, 9_000)
  before = await wallet(borrower)
  await closeDay()
  expect(await collectedFen(loanId, addDays(day1, 3))).toBe(mulBps(9_000, shareBps))
  expect((await wallet(borrower)) - before).toBe(9_000 - mulBps(9_000, shareBps))
  expect((await settlements(borrower)).map(([key]) => key).sort()).toEqual([
    `settle:${borrower.merchantId}:${disbursedOn}`,
    `settle:${borrower.merchantId}:${day1}`,
    `settle:${borrower.merchantId}:${day1}:r1`,
    `settle:${borrower.merchantId}:${day2}`,
    `settle:${borrower.merchantId}:${day3}`,
  ])
})

it('marks a day settled before the marks existed with what its entry settled (migration 0017)', async () => {
  // A history row of the merchant, settled (as the code before migration 0017 did) under its date's key.
  const { rows } = await sql<{ salesDate: IsoDate; netFen: number; updatedAt: Date }>`
    SELECT sales_date, net_fen, updated_at FROM merchant_daily_sales
    WHERE merchant_id = ${corrected.merchantId} AND net_fen > 0 AND settled_fen = 0
    ORDER BY sales_date DESC LIMIT 1`.execute(h.db)
  const row = rows[0]!
  const netFen = fenFromDb(row.netFen)
  const before = await wallet(corrected)
  await h.ledger.post({
    idempotencyKey: `settle:${corrected.merchantId}:${row.salesDate}`,
    type: 'sales_settlement',
    businessDate: row.salesDate,
    description: `net sales of ${row.salesDate} settled to merchant ${corrected.merchantId}`,
    postings: [
      { accountCode: accounts.platformClearing().code, side: 'D', amountFen: netFen },
      { accountCode: accounts.merchantWallet(corrected.merchantId).code, side: 'C', amountFen: netFen },
    ],
  })
  await backfillSettledSales(h.db as unknown as Kysely<unknown>)
  const marked = await h.db
    .selectFrom('merchantDailySales')
    .select(['settledFen', 'settlePending', 'updatedAt'])
    .where('merchantId', '=', corrected.merchantId)
    .where('salesDate', '=', row.salesDate)
    .executeTakeFirstOrThrow()
  expect(marked).toEqual({ settledFen: netFen, settlePending: null, updatedAt: row.updatedAt })

  // Corrected upward afterwards: only the difference settles, under the correction's own key.
  await putSales(corrected, row.salesDate, netFen + 1_000)
  expect((await closeDay()).settledFen).toBe(1_000)
  expect((await wallet(corrected)) - before).toBe(netFen + 1_000)
  expect((await settlements(corrected)).filter(([key]) => key.includes(row.salesDate))).toEqual([
    [`settle:${corrected.merchantId}:${row.salesDate}`, netFen],
    [`settle:${corrected.merchantId}:${row.salesDate}:r1`, 1_000],
  ])
})
