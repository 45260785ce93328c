/**
 * The portfolio in figures, computed set-based in SQL: what is outstanding, how late, what moved
 * today (`GET /v1/portfolio/summary`, API.md "Ledger and portfolio"), and how outstanding principal
 * and collections moved over the closed business dates (the console's trend chart). The console's
 * overview and the API call the same functions, so the two can never disagree.
 * @module
 */
import { sql, type Expression } from 'kysely'
import type { Db } from '../db/database.js'
import { addDays, type IsoDate } from '../kernel/business-date.js'
import { divRoundHalfEven, fenFromDb } from '../kernel/money.js'
import { DELINQUENCY_BUCKETS, type Bucket } from '../kernel/delinquency.js'
import {
  LOAN_RECEIVABLE_CATEGORIES,
  loanAccountSql,
  postingTotals,
  type PostingTotal,
} from '../ledger/ledger-repository.js'
import type { EntryType } from '../ledger/posting.js'
import { getBusinessDate } from '../system/business-date-service.js'

export const PRODUCTS = ['merchant', 'agri'] as const
export const BUCKETS: readonly Bucket[] = DELINQUENCY_BUCKETS.map((range) => range.bucket)
export type Product = (typeof PRODUCTS)[number]

/** Loans on the book: they owe principal and age every night. */
export const ON_BOOK_STATUSES = ['active', 'defaulted'] as const
/** Entries that lend principal out. */
export const DISBURSEMENT_ENTRY_TYPES = ['merchant_disbursement', 'agri_disbursement'] as const
/**
 * Entries that pay a loan's receivables with someone's money: the borrower's repayments, harvest
 * proceeds, the insurer's claim payment and unspent restricted funds swept back.
 */
export const COLLECTION_ENTRY_TYPES = [
  'repayment',
  'delivery_proceeds',
  'claim_payment',
  'restricted_sweep',
] as const

/** Closed business dates the trend shows at most (with today: about a quarter). */
export const TREND_DAYS_MAX = 90

export type BucketFigures = { count: number; principalFen: number }

export type PortfolioFigures = {
  activeLoans: number
  outstandingPrincipalFen: number
  disbursedTodayFen: number
  collectedTodayFen: number
  par1Bps: number
  par30Bps: number
  par90Bps: number
  /** Principal of non-performing loans (90+ once reached, until written off) over outstanding. */
  nplBps: number
  buckets: Record<Bucket, BucketFigures>
}

export type PortfolioSummary = PortfolioFigures & {
  asOf: IsoDate
  byProduct: Record<Product, PortfolioFigures>
}

type Accumulator = {
  activeLoans: number
  outstandingPrincipalFen: number
  disbursedTodayFen: number
  collectedTodayFen: number
  par1Fen: number
  par30Fen: number
  par90Fen: number
  nplFen: number
  buckets: Record<Bucket, BucketFigures>
}

function emptyAccumulator(): Accumulator {
  return {
    activeLoans: 0,
    outstandingPrincipalFen: 0,
    disbursedTodayFen: 0,
    collectedTodayFen: 0,
    par1Fen: 0,
    par30Fen: 0,
    par90Fen: 0,
    nplFen: 0,
    buckets: Object.fromEntries(BUCKETS.map((bucket) => [bucket, { count: 0, principalFen: 0 }])) as Record<
      Bucket,
      BucketFigures
    >,
  }
}

/** part / whole in basis points, half-even; 0 when nothing is outstanding. */
export function shareBps(partFen: number, wholeFen: number): number {
  if (wholeFen === 0) return 0
  return Number(divRoundHalfEven(BigInt(partFen) * 10_000n, BigInt(wholeFen)))
}

function figuresOf(acc: Accumulator): PortfolioFigures {
  return {
    activeLoans: acc.activeLoans,
    outstandingPrincipalFen: acc.outstandingPrincipalFen,
    disbursedTodayFen: acc.disbursedTodayFen,
    collectedTodayFen: acc.collectedTodayFen,
    par1Bps: shareBps(acc.par1Fen, acc.outstandingPrincipalFen),
    par30Bps: shareBps(acc.par30Fen, acc.outstandingPrincipalFen),
    par90Bps: shareBps(acc.par90Fen, acc.outstandingPrincipalFen),
    nplBps: shareBps(acc.nplFen, acc.outstandingPrincipalFen),
    buckets: acc.buckets,
  }
}

type BookRow = {
  product: Product
  bucket: Bucket
  loans: number | string
  principal: string | null
  par1: string | null
  par30: string | null
  par90: string | null
  npl: string | null
}

/**
 * Outstanding principal by product and bucket: one pass over the on-book loans, each loan's
 * principal account balance read from the (loan_id, category, balances) index alone. Days past due,
 * bucket and the non-performing flag are as of the last close of business.
 *
 * STRAIGHT_JOIN keeps that order (loans, then one index lookup each). Left to the optimizer, with
 * statistics taken before a bulk load (the bench right after booking 100,000 loans) MariaDB 10.11
 * starts from the ledger's category index instead, a row lookup per account and per loan: 0.8–1.1 s
 * against 0.23–0.28 s this way over the same 100,000 loans.
 *
 * It still reads every on-book loan (about 3× a bare GROUP BY over the loan rows). A figure maintained
 * per loan, principal beside the bucket, is not kept here because of how it would have to be written:
 * the ledger posts on its own connection, and officer actions and the agri loop post while holding the
 * loan's row lock, so a post that also updated that row would wait on a lock its own caller holds.
 */
async function bookByProductAndBucket(db: Db): Promise<BookRow[]> {
  const principal = loanAccountSql('a', sql.ref('l.id'), 'loan_principal')
  const result = await sql<BookRow>`
    SELECT l.product, l.bucket, COUNT(*) AS loans,
      SUM(${principal.balanceFen}) AS principal,
      SUM(IF(l.days_past_due >= 1, ${principal.balanceFen}, 0)) AS par1,
      SUM(IF(l.days_past_due >= 30, ${principal.balanceFen}, 0)) AS par30,
      SUM(IF(l.days_past_due >= 90, ${principal.balanceFen}, 0)) AS par90,
      SUM(IF(l.non_performing = 1, ${principal.balanceFen}, 0)) AS npl
    FROM loans l
    STRAIGHT_JOIN ${principal.join}
    WHERE l.status IN (${sql.join(ON_BOOK_STATUSES)})
    GROUP BY l.product, l.bucket`.execute(db)
  return result.rows
}

export type DayFlows = {
  disbursedFen: number
  collectedFen: number
  /** Net debits of the loans' principal accounts: disbursed less principal repaid, waived or written off. */
  principalChangeFen: number
}

function emptyFlows(): Record<Product, DayFlows> {
  return {
    merchant: { disbursedFen: 0, collectedFen: 0, principalChangeFen: 0 },
    agri: { disbursedFen: 0, collectedFen: 0, principalChangeFen: 0 },
  }
}

/** Entries other than disbursements that move a loan's receivables. */
const RECEIVABLE_ENTRY_TYPES = [...COLLECTION_ENTRY_TYPES, 'write_off', 'penalty_waiver', 'reversal'] as const

const isCollection = (type: EntryType) => (COLLECTION_ENTRY_TYPES as readonly EntryType[]).includes(type)

/** Ledger totals per product of the loan whose account was posted to. */
const BY_PRODUCT = {
  join: (accountLoanId: Expression<unknown>) => sql`JOIN loans l ON l.id = ${accountLoanId}`,
  key: sql`l.product`,
}

const productTotal = (total: PostingTotal) => ({
  businessDate: total.businessDate ?? '',
  product: total.group as Product,
})

/**
 * What each of `dates` lent, collected and did to principal, by product. Three reads, none of which
 * touches a disbursement entry (a day can disburse 100,000 loans):
 * - disbursed: the principal of the loans disbursed that date (a disbursement entry debits the new
 *   loan's principal account by exactly its principal), from the `loans_disbursed` index;
 * - collected and the other principal movements: the entries of collection, write-off, waiver and
 *   reversal types that date, through (business_date, type), so nightly accruals are not read;
 * - refills: the old loan's principal that a refill's disbursement entry paid off, for the few loans
 *   disbursed that date with a refinanced loan.
 */
async function flowsOn(db: Db, dates: readonly IsoDate[]): Promise<Map<string, Record<Product, DayFlows>>> {
  const flows = new Map<string, Record<Product, DayFlows>>(dates.map((date) => [date, emptyFlows()]))
  if (dates.length === 0) return flows
  const [disbursed, moved, refills] = await Promise.all([
    sql<{ businessDate: string; product: Product; amount: string | null }>`
      SELECT disbursed_on AS business_date, product, SUM(principal_fen) AS amount
      FROM loans WHERE disbursed_on IN (${sql.join(dates)})
      GROUP BY disbursed_on, product`.execute(db),
    postingTotals(db, {
      categories: LOAN_RECEIVABLE_CATEGORIES,
      businessDates: dates,
      perDate: true,
      entryTypes: RECEIVABLE_ENTRY_TYPES,
      perLoanGroup: BY_PRODUCT,
    }),
    refillPayoffs(db, dates),
  ])
  const day = (row: { businessDate: string; product: Product }) =>
    flows.get(String(row.businessDate))?.[row.product]
  for (const row of disbursed.rows) {
    const flow = day(row)
    if (!flow) continue
    flow.disbursedFen += fenFromDb(row.amount)
    flow.principalChangeFen += fenFromDb(row.amount)
  }
  for (const total of moved) {
    const flow = day(productTotal(total))
    if (!flow) continue
    if (isCollection(total.entryType) && total.side === 'C') flow.collectedFen += total.amountFen
    if (total.category === 'loan_principal') {
      flow.principalChangeFen += total.side === 'D' ? total.amountFen : -total.amountFen
    }
  }
  for (const total of refills) {
    const flow = day(productTotal(total))
    if (flow) flow.principalChangeFen -= total.amountFen
  }
  return flows
}

/**
 * The old loans' principal that refills disbursed on `dates` paid off in their disbursement entries.
 * The refills are found in the `loans_disbursed` index first (a few a day), then their entries.
 */
async function refillPayoffs(db: Db, dates: readonly IsoDate[]): Promise<PostingTotal[]> {
  const refills = await sql<{ id: number }>`
    SELECT id FROM loans WHERE disbursed_on IN (${sql.join(dates)}) AND refinanced_loan_id IS NOT NULL`.execute(
    db,
  )
  if (refills.rows.length === 0) return []
  return postingTotals(db, {
    categories: ['loan_principal'],
    side: 'C',
    perDate: true,
    entryLoanIds: refills.rows.map((row) => Number(row.id)),
    entryTypes: DISBURSEMENT_ENTRY_TYPES,
    perLoanGroup: BY_PRODUCT,
  })
}

type BookAndToday = { asOf: IsoDate; book: BookRow[]; today: Record<Product, DayFlows> }

/**
 * The business date, the book and today's flows read in one snapshot (a read-only repeatable-read
 * transaction, so one connection, one after another), so they agree with each other to the fen even
 * while money moves: a disbursement or repayment committing between two reads on different
 * connections would be in outstanding principal and not yet in today's flows, or the other way round,
 * and the trend walked back from them would be off by it. The cost is running today's flows after the
 * book instead of beside it (the book is most of the time).
 */
async function bookAndToday(db: Db): Promise<BookAndToday> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const asOf = await getBusinessDate(trx)
      const book = await bookByProductAndBucket(trx)
      const today = await flowsOn(trx, [asOf])
      return { asOf, book, today: today.get(asOf)! }
    })
}

/** The portfolio as of the current business date (`GET /v1/portfolio/summary`). */
export async function portfolioSummary(db: Db): Promise<PortfolioSummary> {
  const { asOf, book, today } = await bookAndToday(db)
  return summaryFrom(asOf, book, today)
}

function summaryFrom(asOf: IsoDate, book: BookRow[], today: Record<Product, DayFlows>): PortfolioSummary {
  const total = emptyAccumulator()
  const byProduct = { merchant: emptyAccumulator(), agri: emptyAccumulator() }
  for (const row of book) {
    const count = Number(row.loans)
    const principalFen = fenFromDb(row.principal)
    for (const acc of [total, byProduct[row.product]]) {
      acc.activeLoans += count
      acc.outstandingPrincipalFen += principalFen
      acc.par1Fen += fenFromDb(row.par1)
      acc.par30Fen += fenFromDb(row.par30)
      acc.par90Fen += fenFromDb(row.par90)
      acc.nplFen += fenFromDb(row.npl)
      acc.buckets[row.bucket].count += count
      acc.buckets[row.bucket].principalFen += principalFen
    }
  }
  for (const product of PRODUCTS) {
    for (const acc of [total, byProduct[product]]) {
      acc.disbursedTodayFen += today[product].disbursedFen
      acc.collectedTodayFen += today[product].collectedFen
    }
  }
  return {
    asOf,
    ...figuresOf(total),
    byProduct: { merchant: figuresOf(byProduct.merchant), agri: figuresOf(byProduct.agri) },
  }
}

export type TrendPoint = {
  businessDate: IsoDate
  /** At the end of the date (for today: now). */
  outstandingPrincipalFen: number
  disbursedFen: number
  collectedFen: number
  closed: boolean
}

export type PortfolioOverview = { summary: PortfolioSummary; trend: TrendPoint[] }

/**
 * The summary plus the trend over the last closed dates and today. Closed dates come from
 * `portfolio_days` (filled here the first time a date is needed); outstanding principal at the end
 * of each date is walked back from today's: what is outstanding now less each later day's change.
 */
export async function portfolioOverview(
  db: Db,
  options: { trendDays?: number } = {},
): Promise<PortfolioOverview> {
  const trendDays = Math.min(options.trendDays ?? TREND_DAYS_MAX, TREND_DAYS_MAX)
  const { asOf, book, today: todayFlows } = await bookAndToday(db)
  // Closed dates are final, so they need not share the snapshot.
  const closedFlows = await closedDayFlows(db, asOf, trendDays)
  const summary = summaryFrom(asOf, book, todayFlows)
  const sum = (flows: Record<Product, DayFlows>, field: keyof DayFlows) =>
    flows.merchant[field] + flows.agri[field]
  const trend: TrendPoint[] = [
    {
      businessDate: asOf,
      outstandingPrincipalFen: summary.outstandingPrincipalFen,
      disbursedFen: summary.disbursedTodayFen,
      collectedFen: summary.collectedTodayFen,
      closed: false,
    },
  ]
  let outstandingFen = summary.outstandingPrincipalFen - sum(todayFlows, 'principalChangeFen')
  for (const [date, flows] of closedFlows) {
    trend.unshift({
      businessDate: date,
      outstandingPrincipalFen: outstandingFen,
      disbursedFen: sum(flows, 'disbursedFen'),
      collectedFen: sum(flows, 'collectedFen'),
      closed: true,
    })
    outstandingFen -= sum(flows, 'principalChangeFen')
  }
  return { summary, trend }
}

/**
 * The flows of the closed dates before `asOf`, newest first, from `portfolio_days` (filled if missing).
 * A date's row is final because every post carries the current business date; the one exception is a
 * disbursement retried across a close (it keeps its application's date), which a stored row would
 * miss: the trend before that date would be off by that loan until the row is deleted.
 */
async function closedDayFlows(
  db: Db,
  asOf: IsoDate,
  days: number,
): Promise<Array<[IsoDate, Record<Product, DayFlows>]>> {
  if (days === 0) return []
  const from = addDays(asOf, -days)
  const closes = await db
    .selectFrom('businessDayCloses')
    .select('businessDate')
    .where('businessDate', '>=', from)
    .where('businessDate', '<', asOf)
    .orderBy('businessDate', 'desc')
    .execute()
  const dates = closes.map((row) => String(row.businessDate) as IsoDate)
  if (dates.length === 0) return []
  const stored = await sql<{
    businessDate: string
    product: Product
    disbursedFen: number
    collectedFen: number
    principalChangeFen: number
  }>`SELECT business_date, product, disbursed_fen, collected_fen, principal_change_fen
     FROM portfolio_days WHERE business_date IN (${sql.join(dates)})`.execute(db)
  const byDate = new Map<string, Record<Product, DayFlows>>()
  for (const row of stored.rows) {
    const day = byDate.get(String(row.businessDate)) ?? emptyFlows()
    day[row.product] = {
      disbursedFen: fenFromDb(row.disbursedFen),
      collectedFen: fenFromDb(row.collectedFen),
      principalChangeFen: fenFromDb(row.principalChangeFen),
    }
    byDate.set(String(row.businessDate), day)
  }
  const missing = dates.filter((date) => !byDate.has(date))
  if (missing.length > 0) {
    const computed = await flowsOn(db, missing)
    const rows = [...computed].flatMap(([date, flows]) =>
      PRODUCTS.map(
        (product) => sql`(${date}, ${product}, ${flows[product].disbursedFen},
        ${flows[product].collectedFen}, ${flows[product].principalChangeFen})`,
      ),
    )
    // Two renders may fill the same date at once; both computed the same figures.
    await sql`INSERT IGNORE INTO portfolio_days
      (business_date, product, disbursed_fen, collected_fen, principal_change_fen)
      VALUES ${sql.join(rows)}`.execute(db)
    for (const [date, flows] of computed) byDate.set(date, flows)
  }
  return dates.map((date) => [date, byDate.get(date)!])
}
