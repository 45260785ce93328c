/**
 * Close of business for merchant loans, one business date at a time. First each merchant's net sales
 * of the date are settled into its wallet; then, per loan: collect what is due from the wallet
 * (sales-share loans: their share of the day's net sales, and any shortfall of the 30-day minimum),
 * allocate it penalty → fees → interest → principal, age the loan (days past due, bucket, the
 * non-performing flag, each bucket change kept), accrue the night's interest and penalty interest on
 * overdue principal, write off at the policy's days past due, and close loans that are paid.
 * Each step is idempotent per loan and date: ledger keys `settle:{merchant}:{date}`,
 * `collect:{loan}:{date}`, `accrual:{loan}:{date}`, a single write-off per loan, and the loan's
 * `accrued_through` / `serviced_through` dates, so a retried or crashed close of business never does
 * anything twice.
 * @module
 */
import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import { addDays, type IsoDate } from '../kernel/business-date.js'
import { Conflict, NotFound, Refusal } from '../kernel/errors.js'
import { getBusinessDate } from '../system/business-date-service.js'
import { fenFromDb, mulBps } from '../kernel/money.js'
import type { AuditEntryInput } from '../system/audit-log.js'
import { accounts } from '../ledger/chart-of-accounts.js'
import {
  accountBalances,
  creditedUnderKeysStatement,
  entriesByKeys,
  entryByKey,
} from '../ledger/ledger-repository.js'
import type { LedgerService, LedgerTransaction } from '../ledger/ledger-service.js'
import type { EntryInput, PostingInput } from '../ledger/posting.js'
import type { Statement } from '../db/statement.js'
import { recordEvents, type EventSubject } from '../events/events.js'
import { DELINQUENCY_BUCKETS, isNonPerforming, type Bucket } from '../kernel/delinquency.js'
import {
  closeLoan,
  loanSubject,
  markWrittenOff,
  repaymentApplied,
  withLoansLocked,
} from './loan-lifecycle.js'
import {
  accruedInterestMarksMany,
  entryCredits,
  loanLedgerFigures,
  loanLedgerFiguresMany,
  recoveredFen,
  type LoanFigures,
  type LoanRow,
  markAccruedInterest,
  writtenOffByEntryFen,
} from './loan-repository.js'
import {
  ageLoan,
  ageSchedule,
  contractualSchedule,
  schedulePayments,
  termsOf,
  type AccruedInterest,
} from './loan-view.js'
import type { ServicingTotals } from './close-of-business-steps.js'
import { allocatePayment, totalOwedFen, type Allocation, type Owed } from './repayment-allocation.js'
import { accrueDailyInterest, type DailyAccrual } from './schedule.js'
import {
  accrualKey,
  interestBearingPrincipalFen,
  NOTHING_UNSPENT,
  unspentRestrictedByNight,
  type UnspentByNight,
} from './interest-on-use.js'
import { SERVICING_POLICY } from './servicing-policy.js'

/** Loans (or merchants, for settlement) per servicing activity: bounded work per activity. */
export const SERVICING_BATCH_LOANS = 500
/** Borrowers serviced at once within a batch. */
export const SERVICING_CONCURRENCY = 8

/**
 * A test-only seam: a test that races two operations pauses one of them at a named point (its read
 * done, its post not yet made) and runs the other there. Production never sets it.
 */
export type PauseForTest = (
  point: 'cob:batch-read' | 'write-off:figures-read' | 'refill:payoff-quoted',
) => Promise<void>

type Deps = { db: Db; ledger: LedgerService; pauseForTest?: PauseForTest | undefined }

/** Runs `work` over `items` with at most {@link SERVICING_CONCURRENCY} at once. */
async function inParallel<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items]
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item)
  }
  await Promise.all(Array.from({ length: SERVICING_CONCURRENCY }, worker))
}

/** Merchants whose sales settle in one ledger transaction: their rows locked, entries and marks committed together. */
export const SETTLEMENT_TRANSACTION_MERCHANTS = 32

/** One sales row to settle: the merchant and the sales date. */
type SalesRowKey = { merchantId: number; salesDate: IsoDate }

/**
 * The key of a row's settlement: the first settlement of a sales date keeps the key it always had
 * (`settle:{merchant}:{date}`, on time or late); each later one, after a correction upward, is named
 * by the revision of the row it settles, so each revision settles once.
 */
export const settlementKey = (row: SalesRowKey, settledBeforeFen: number, revision: number) =>
  settledBeforeFen === 0
    ? `settle:${row.merchantId}:${row.salesDate}`
    : `settle:${row.merchantId}:${row.salesDate}:r${revision}`

/**
 * Settles one batch of merchants' sales into their wallets (from the platform's clearing account) at
 * the close of `businessDate`. A row settles what its net sales exceed what was settled for it so far
 * (`settled_fen`): the date's own rows, and any earlier row the intake changed since (a day reported
 * after its close, or corrected after it settled: the difference settles at the next close, in an
 * entry of its own). The close reads only the date's rows and the rows waiting (`settle_pending`),
 * never the history.
 *
 * Nothing is ever taken back from a wallet (it may have been paid out): a day of net refunds settles
 * nothing, and neither does a correction downward; the platform nets such a difference against the
 * merchant's next settlements (PRODUCT.md, API.md). What was settled stays the row's mark, so a later
 * correction upward settles only what exceeds it.
 *
 * Each group of merchants settles in one ledger transaction that locks their rows, posts their
 * entries and marks the rows settled, so an activity that dies or is retried never settles a row
 * twice, and a correction arriving meanwhile waits for the lock and then waits for the next close.
 */
export async function settleMerchantSales(
  deps: Deps,
  input: { businessDate: IsoDate; afterMerchantId: number; limit?: number },
): Promise<{ merchantsSettled: number; settledFen: number; lastMerchantId: number | null }> {
  const { businessDate, afterMerchantId } = input
  const limit = input.limit ?? SERVICING_BATCH_LOANS
  const merchants = await sql<{ merchantId: number }>`
    SELECT merchant_id FROM (
      (SELECT merchant_id FROM merchant_daily_sales
        WHERE sales_date = ${businessDate} AND merchant_id > ${afterMerchantId}
        ORDER BY merchant_id LIMIT ${limit})
      UNION
      (SELECT DISTINCT merchant_id FROM merchant_daily_sales
        WHERE settle_pending = 1 AND merchant_id > ${afterMerchantId} AND sales_date <= ${businessDate}
        ORDER BY merchant_id LIMIT ${limit})
    ) AS candidates
    ORDER BY merchant_id LIMIT ${limit}`.execute(deps.db)
  const merchantIds = merchants.rows.map((row) => Number(row.merchantId))
  if (merchantIds.length === 0) return { merchantsSettled: 0, settledFen: 0, lastMerchantId: null }
  const candidates = await sql<SalesRowKey>`
    SELECT merchant_id, sales_date FROM merchant_daily_sales
      WHERE sales_date = ${businessDate} AND merchant_id IN (${sql.join(merchantIds)}) AND net_fen > settled_fen
    UNION
    SELECT merchant_id, sales_date FROM merchant_daily_sales
      WHERE settle_pending = 1 AND merchant_id IN (${sql.join(merchantIds)}) AND sales_date <= ${businessDate}`.execute(
    deps.db,
  )
  const byMerchant = new Map<number, SalesRowKey[]>()
  for (const row of candidates.rows) {
    const merchantId = Number(row.merchantId)
    byMerchant.set(merchantId, [
      ...(byMerchant.get(merchantId) ?? []),
      { merchantId, salesDate: row.salesDate },
    ])
  }
  await deps.ledger.openAccount(accounts.platformClearing())
  const groups: SalesRowKey[][] = []
  const withSales = [...byMerchant.keys()]
  for (let index = 0; index < withSales.length; index += SETTLEMENT_TRANSACTION_MERCHANTS) {
    groups.push(
      withSales.slice(index, index + SETTLEMENT_TRANSACTION_MERCHANTS).flatMap((id) => byMerchant.get(id)!),
    )
  }
  let settledFen = 0
  const settledMerchants = new Set<number>()
  await inParallel(groups, async (rows) => {
    for (const settled of await settleSalesRows(deps, businessDate, rows)) {
      settledFen += settled.amountFen
      settledMerchants.add(settled.merchantId)
    }
  })
  return { merchantsSettled: settledMerchants.size, settledFen, lastMerchantId: merchantIds.at(-1)! }
}

type LockedSalesRow = {
  merchant_id: number
  sales_date: IsoDate
  net_fen: number
  settled_fen: number
  revision: number
  settle_pending: number | null
}

/**
 * In one ledger transaction: locks `rows`, settles what each one's net sales exceed what was settled
 * for it, and marks each settled (or, with nothing to settle, no longer waiting). Decided from what
 * the locked rows hold, so a retry (after a deadlock, a crash, a retried activity) settles nothing
 * twice. An entry already posted under a row's key (by a run that died before it committed its mark,
 * e.g. a worker of the code before the marks) is not posted again: the row is marked with what that
 * entry settled. Returns what was settled.
 */
async function settleSalesRows(
  deps: Deps,
  businessDate: IsoDate,
  rows: SalesRowKey[],
): Promise<Array<{ merchantId: number; amountFen: number }>> {
  return deps.ledger.transaction(async (tx) => {
    const [locked] = (await tx.run([
      {
        sql: `SELECT merchant_id, DATE_FORMAT(sales_date, '%Y-%m-%d') AS sales_date, net_fen, settled_fen, revision,
            settle_pending
          FROM merchant_daily_sales WHERE ${rows.map(() => '(merchant_id = ? AND sales_date = ?)').join(' OR ')}
          FOR UPDATE`,
        params: rows.flatMap((row) => [row.merchantId, row.salesDate]),
      },
    ])) as LockedSalesRow[][]
    const marks: Statement[] = []
    const planned: Array<{ row: SalesRowKey; netFen: number; settledBeforeFen: number; entry: EntryInput }> =
      []
    for (const sales of locked!) {
      const row = { merchantId: Number(sales.merchant_id), salesDate: sales.sales_date }
      const netFen = fenFromDb(sales.net_fen)
      const settledBeforeFen = fenFromDb(sales.settled_fen)
      const amountFen = netFen - settledBeforeFen
      if (amountFen <= 0) {
        if (sales.settle_pending !== null) marks.push(salesRowMark('settle_pending = NULL', [], row))
        continue
      }
      planned.push({
        row,
        netFen,
        settledBeforeFen,
        entry: {
          idempotencyKey: settlementKey(row, settledBeforeFen, sales.revision),
          type: 'sales_settlement',
          businessDate,
          description: settlementDescription(row, businessDate, settledBeforeFen, sales.revision),
          postings: [
            { accountCode: accounts.platformClearing().code, side: 'D', amountFen },
            { accountCode: accounts.merchantWallet(row.merchantId).code, side: 'C', amountFen },
          ],
        },
      })
    }
    const postedBefore =
      planned.length === 0 ? new Map<string, number>() : await settledUnderKeys(tx, planned)
    const settled: Array<{ merchantId: number; amountFen: number }> = []
    const entries: EntryInput[] = []
    for (const { row, netFen, settledBeforeFen, entry } of planned) {
      const amountFen = postedBefore.get(entry.idempotencyKey) ?? entry.postings[0]!.amountFen
      if (!postedBefore.has(entry.idempotencyKey)) entries.push(entry)
      settled.push({ merchantId: row.merchantId, amountFen })
      const settledFen = settledBeforeFen + amountFen
      // What this close settled of the row (with what an earlier run of the same close did).
      marks.push(
        salesRowMark(
          `last_settled_fen = IF(last_settled_on = ?, last_settled_fen, 0) + ?, last_settled_on = ?,
            settled_fen = ?, settle_pending = ?`,
          [businessDate, amountFen, businessDate, settledFen, netFen > settledFen ? 1 : null],
          row,
        ),
      )
    }
    if (marks.length === 0) return []
    const posting = entries.length === 0 ? { statements: [] } : await tx.entries(entries)
    await tx.run([...posting.statements, ...marks], { commit: true })
    return settled
  })
}

/** Of the planned settlements' keys, those already posted, with the fen each settled. */
async function settledUnderKeys(
  tx: LedgerTransaction,
  planned: Array<{ entry: EntryInput }>,
): Promise<Map<string, number>> {
  const posted = creditedUnderKeysStatement(planned.map(({ entry }) => entry.idempotencyKey))
  const [rows] = await tx.run([posted.statement])
  return posted.read(rows)
}

/** An UPDATE of one sales row; `updated_at` keeps its value (it tells credit the sales changed). */
const salesRowMark = (assignments: string, params: unknown[], row: SalesRowKey): Statement => ({
  sql: `UPDATE merchant_daily_sales SET ${assignments}, updated_at = updated_at WHERE merchant_id = ? AND sales_date = ?`,
  params: [...params, row.merchantId, row.salesDate],
})

function settlementDescription(
  row: SalesRowKey,
  businessDate: IsoDate,
  settledBeforeFen: number,
  revision: number,
): string {
  if (settledBeforeFen > 0)
    return `net sales of ${row.salesDate} corrected (revision ${revision}): the difference settled to merchant ${row.merchantId}`
  if (row.salesDate < businessDate)
    return `net sales of ${row.salesDate}, reported late, settled to merchant ${row.merchantId}`
  return `net sales of ${row.salesDate} settled to merchant ${row.merchantId}`
}

export async function serviceLoans(
  deps: Deps,
  input: { businessDate: IsoDate; afterLoanId: number; limit?: number },
): Promise<ServicingTotals & { lastLoanId: number | null }> {
  const { businessDate } = input
  const batch = await deps.db
    .selectFrom('loans')
    .selectAll()
    .where('status', '=', 'active')
    .where('id', '>', input.afterLoanId)
    .where('disbursedOn', '<=', businessDate)
    .orderBy('id')
    .limit(input.limit ?? SERVICING_BATCH_LOANS)
    .execute()
  const lastLoanId = batch.length === 0 ? null : Number(batch.at(-1)!.id)
  const loans = batch.filter((loan) => loan.servicedThrough === null || loan.servicedThrough < businessDate)
  const snapshot = await loadSnapshot(deps.db, loans, businessDate)
  await deps.pauseForTest?.('cob:batch-read')

  // The batch's loans are locked from here until their accruals are posted, so an officer's write-off
  // or a refill's payoff that read a loan meanwhile waits, and one that changed a loan since the read
  // above has left it written off or closed: it is left out, nothing is collected or accrued on it.
  const { collections, days } = await withLoansLocked(
    deps.db,
    loans.map((loan) => Number(loan.id)),
    async (_trx, locked) => {
      const stillDue = loans.filter((loan) => {
        const now = locked.get(Number(loan.id))
        return (
          now?.status === 'active' && (now.servicedThrough === null || now.servicedThrough < businessDate)
        )
      })
      // 1. Collections, computed borrower by borrower against the wallet balance (loans of one merchant
      //    share its wallet), then posted all at once so the ledger commits them in groups.
      const collections = planCollections(stillDue, snapshot, businessDate)
      await Promise.all(collections.map((collection) => postCollection(deps, collection, snapshot)))
      // 2. Ageing as of tomorrow and the night's accruals (with any earlier night not yet accrued, each
      //    its own entry), from the figures after collection. Interest-on-use loans' unspent restricted
      //    money is read here, under the locks purchases and refunds wait for.
      const unspent = await unspentRestrictedByNight(deps.db, stillDue, businessDate)
      const days = stillDue.map((loan) =>
        ageLoanDay(
          loan,
          snapshot.figures.get(Number(loan.id))!,
          businessDate,
          accruedOf(loan, snapshot, businessDate),
          unspent.get(Number(loan.id)),
        ),
      )
      await Promise.all(
        days.flatMap((day) => [
          ...day.catchUp.map((night) => postAccrual(deps, day.loanId, night, businessDate)),
          postAccrual(deps, day.loanId, { night: businessDate, ...day }, businessDate),
        ]),
      )
      return { collections, days }
    },
  )
  // 3. Write-offs (rare), then every loan's new state in one statement.
  for (const day of days) {
    if (!day.writeOff) continue
    try {
      day.writtenOffFen = await writeOffLoan(deps, day.loanId, businessDate, 'automatic')
    } catch (error) {
      // Closed by a refill since its accrual: there is nothing left to write off.
      if (!(error instanceof Refusal && error.code === 'loan_not_active')) throw error
      day.writeOff = false
    }
  }
  await recordLoanDays(deps.db, days, businessDate)

  const totals: ServicingTotals = {
    loansProcessed: days.length,
    accruedInterestFen: sum(
      days.flatMap((day) => [day, ...day.catchUp].map((night) => night.interest?.interestFen ?? 0)),
    ),
    accruedPenaltyFen: sum(
      days.flatMap((day) => [day, ...day.catchUp].map((night) => night.penalty?.interestFen ?? 0)),
    ),
    collectedFen: sum(collections.map((collection) => collection.collectedFen)),
    closed: days.filter((day) => day.paidOff).length,
    newlyDelinquent: days.filter((day) => day.previousBucket === 'current' && day.bucket !== 'current')
      .length,
    writtenOff: days.filter((day) => day.writeOff).length,
    writtenOffFen: sum(days.map((day) => day.writtenOffFen)),
  }
  return { ...totals, lastLoanId }
}

const bucketRank = (bucket: Bucket) => DELINQUENCY_BUCKETS.findIndex((range) => range.bucket === bucket)

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0)

type Snapshot = {
  figures: Map<number, LoanFigures>
  /** Loans whose collection for the date is already in the ledger (a retried batch). */
  collectedAlready: Set<number>
  walletAvailableFen: Map<number, number>
  /** Per sales-share borrower: what today's close settled into its wallet, per sales date. */
  settledSales: Map<number, SettledSales[]>
  /**
   * Per loan, what had accrued before the night of each marked date, today's included: what its
   * installments due by today ask in interest.
   */
  marks: Map<number, Map<string, number>>
}

/** What one close of business settled of one day's sales (late and corrected days included). */
type SettledSales = { salesDate: IsoDate; settledFen: number }

/** Everything a batch needs, read in a handful of set-based queries. */
async function loadSnapshot(db: Db, loans: LoanRow[], businessDate: IsoDate): Promise<Snapshot> {
  const loanIds = loans.map((loan) => Number(loan.id))
  const borrowerIds = [...new Set(loans.map((loan) => loan.borrowerId))]
  const salesShareBorrowers = [
    ...new Set(loans.filter((loan) => loan.repaymentMethod === 'sales_share').map((loan) => loan.borrowerId)),
  ]
  const installmentLoans = loans.filter((loan) => loan.repaymentMethod === 'installment')
  const [figures, collected, wallets, sales, marks] = await Promise.all([
    loanLedgerFiguresMany(db, loanIds),
    entriesByKeys(
      db,
      loanIds.map((loanId) => collectKey(loanId, businessDate)),
    ),
    accountBalances(
      db,
      borrowerIds.map((merchantId) => accounts.merchantWallet(merchantId).code),
    ),
    salesShareBorrowers.length === 0
      ? []
      : db
          .selectFrom('merchantDailySales')
          .select(['merchantId', 'salesDate', 'lastSettledFen'])
          .where('lastSettledOn', '=', businessDate)
          .where('merchantId', 'in', salesShareBorrowers)
          .execute(),
    accruedInterestMarksMany(
      db,
      installmentLoans.map((loan) => ({ ...loan, id: Number(loan.id) })),
    ),
  ])
  // Today's mark for each installment loan with an installment due today: what accrued before
  // tonight, read before anything is posted tonight. Written once, before tonight's accruals, so a
  // retried batch (whose figures may hold tonight's accrual) finds and keeps it.
  const todays: Array<{ loanId: number; asOf: IsoDate; interestAccruedFen: number }> = []
  for (const loan of installmentLoans) {
    const loanId = Number(loan.id)
    const loanMarks = marks.get(loanId)
    if (!loanMarks || loanMarks.has(businessDate)) continue
    const terms = termsOf(loan, businessDate)
    if (!contractualSchedule(terms).some((line) => line.dueDate === businessDate)) continue
    const interestAccruedFen = figures.get(loanId)!.interestAccruedFen
    loanMarks.set(businessDate, interestAccruedFen)
    todays.push({ loanId, asOf: businessDate, interestAccruedFen })
  }
  await markAccruedInterest(db, todays)
  const walletAvailableFen = new Map<number, number>()
  for (const merchantId of borrowerIds) {
    // What the wallet holds less what holds reserve to pay out.
    walletAvailableFen.set(
      merchantId,
      wallets.get(accounts.merchantWallet(merchantId).code)?.availableFen ?? 0,
    )
  }
  const settledSales = new Map<number, SettledSales[]>()
  for (const row of sales) {
    const merchantId = Number(row.merchantId)
    settledSales.set(merchantId, [
      ...(settledSales.get(merchantId) ?? []),
      { salesDate: row.salesDate as IsoDate, settledFen: fenFromDb(row.lastSettledFen) },
    ])
  }
  return {
    figures,
    collectedAlready: new Set(collected.map((row) => Number(row.loanId))),
    walletAvailableFen,
    settledSales,
    marks,
  }
}

/** What had accrued on the loan before the night of each date up to `businessDate` (see {@link Snapshot}). */
function accruedOf(loan: LoanRow, snapshot: Snapshot, businessDate: IsoDate): AccruedInterest | undefined {
  const loanId = Number(loan.id)
  const marks = snapshot.marks.get(loanId)
  if (!marks) return undefined
  const nowFen = marks.get(businessDate) ?? snapshot.figures.get(loanId)!.interestAccruedFen
  return { marks, nowOn: businessDate, nowFen }
}

const collectKey = (loanId: number, businessDate: IsoDate) => `collect:${loanId}:${businessDate}`

type Collection = {
  loanId: number
  borrowerId: number
  businessDate: IsoDate
  allocation: Allocation
  collectedFen: number
}

/** What each loan collects today: what is due, at most what the wallet holds and what is owed. */
function planCollections(loans: LoanRow[], snapshot: Snapshot, businessDate: IsoDate): Collection[] {
  const collections: Collection[] = []
  for (const loan of loans) {
    const loanId = Number(loan.id)
    // Farm loans are repaid by deliveries, the sweep and claims, never from a wallet.
    if (loan.product !== 'merchant' || snapshot.collectedAlready.has(loanId)) continue
    const figures = snapshot.figures.get(loanId)!
    const availableFen = snapshot.walletAvailableFen.get(loan.borrowerId) ?? 0
    const dueFen = dueTodayFen(
      loan,
      businessDate,
      figures,
      snapshot.settledSales.get(loan.borrowerId) ?? [],
      accruedOf(loan, snapshot, businessDate),
    )
    const amountFen = Math.min(dueFen, Math.max(0, availableFen), totalOwedFen(figures))
    if (amountFen <= 0) continue
    const allocation = allocatePayment(amountFen, figures)
    const collectedFen = amountFen - allocation.leftoverFen
    snapshot.walletAvailableFen.set(loan.borrowerId, availableFen - collectedFen)
    collections.push({ loanId, borrowerId: loan.borrowerId, businessDate, allocation, collectedFen })
  }
  return collections
}

/** Posts one collection; on success the batch's figures for the loan move by its allocation. */
async function postCollection(deps: Deps, collection: Collection, snapshot: Snapshot): Promise<void> {
  const { loanId, allocation } = collection
  try {
    await deps.ledger.post({
      idempotencyKey: collectKey(loanId, collection.businessDate),
      type: 'repayment',
      businessDate: collection.businessDate,
      description: `collected from merchant ${collection.borrowerId}'s wallet for loan ${loanId}`,
      refs: { loanId },
      postings: repaymentPostings(loanId, accounts.merchantWallet(collection.borrowerId).code, allocation),
      events: [
        repaymentApplied({
          entryKey: collectKey(loanId, collection.businessDate),
          businessDate: collection.businessDate,
          subject: { loanId, merchantId: collection.borrowerId },
          allocation,
          source: 'collection',
        }),
      ],
    })
  } catch (error) {
    // The merchant paid out in between: nothing is collected today (the ledger remembers this
    // key's refusal, so a retry of this loan-day comes to the same answer); it stays due tomorrow.
    if (error instanceof Refusal && error.code === 'insufficient_funds') {
      collection.collectedFen = 0
      return
    }
    throw error
  }
  const figures = snapshot.figures.get(loanId)!
  figures.penaltyFen -= allocation.penaltyFen
  figures.feesFen -= allocation.feesFen
  figures.interestFen -= allocation.interestFen
  figures.principalFen -= allocation.principalFen
  figures.repaidFen += collection.collectedFen
}

type LoanDay = {
  loanId: number
  subject: EventSubject
  previousBucket: Bucket
  daysPastDue: number
  bucket: Bucket
  paidOff: boolean
  writeOff: boolean
  writtenOffFen: number
  /** The night's accruals, or undefined when the night was accrued already. */
  interest: DailyAccrual | undefined
  penalty: DailyAccrual | undefined
  /** Earlier nights never accrued, oldest first (their carries lead into tonight's); usually none. */
  catchUp: NightAccrual[]
  /** The schedule the ageing was computed on (a restructure in between makes it stale). */
  maturesOn: string
  schedulePaidOffsetFen: number
}

type NightAccrual = { night: IsoDate; interest: DailyAccrual | undefined; penalty: DailyAccrual | undefined }

/** The first night the loan has not accrued: the night after the last accrued, else its disbursement's. */
function firstUnaccruedNight(loan: LoanRow): IsoDate {
  return loan.accruedThrough ? addDays(loan.accruedThrough as IsoDate, 1) : (loan.disbursedOn as IsoDate)
}

/**
 * The loan's state after today, as of tomorrow: an installment due today and not paid is 1 day late.
 * The night's interest runs on the principal still owed and penalty interest on the principal past
 * due, each with its rounding remainder carried. Nights before today not yet accrued (a loan
 * activated while its disbursement's date closed) are accrued first, one by one, so no night is
 * lost: on the figures after today's collection, as {@link payoffQuote} projects them, so a retried
 * batch (which finds the collection posted) computes the same nights. Interest runs on the principal
 * used ({@link interestBearingPrincipalFen}): all of it unless the loan accrues interest on use.
 */
function ageLoanDay(
  loan: LoanRow,
  figures: LoanFigures,
  businessDate: IsoDate,
  accrued: AccruedInterest | undefined,
  unspentFen: UnspentByNight = NOTHING_UNSPENT,
): LoanDay {
  const paidOff = totalOwedFen(figures) === 0
  // Installments due by today ask the interest accrued before their due dates (tomorrow's, due
  // tomorrow, is not late yet whatever it asks).
  const aged = ageLoan(loan, figures, addDays(businessDate, 1), accrued)
  const accrueTonight = !paidOff && (loan.accruedThrough === null || loan.accruedThrough < businessDate)
  const accruesInterest = loan.repaymentMethod !== 'sales_share' && Boolean(loan.annualRateBps)
  let interestCarry = Number(loan.accrualCarry)
  let penaltyCarry = Number(loan.penaltyCarry)
  const catchUp: NightAccrual[] = []
  if (accrueTonight) {
    for (let night = firstUnaccruedNight(loan); night < businessDate; night = addDays(night, 1)) {
      const interest = accruesInterest
        ? accrueDailyInterest({
            outstandingPrincipalFen: interestBearingPrincipalFen(figures.principalFen, unspentFen(night)),
            annualRateBps: loan.annualRateBps!,
            carryNumerator: interestCarry,
          })
        : undefined
      const penalty =
        loan.penaltyAnnualRateBps > 0
          ? accrueDailyInterest({
              outstandingPrincipalFen: ageLoan(loan, figures, addDays(night, 1)).overduePrincipalFen,
              annualRateBps: loan.penaltyAnnualRateBps,
              carryNumerator: penaltyCarry,
            })
          : undefined
      interestCarry = interest?.carryNumerator ?? interestCarry
      penaltyCarry = penalty?.carryNumerator ?? penaltyCarry
      catchUp.push({ night, interest, penalty })
    }
  }
  return {
    loanId: Number(loan.id),
    subject: loanSubject(loan),
    previousBucket: loan.bucket,
    daysPastDue: paidOff ? 0 : aged.daysPastDue,
    bucket: paidOff ? 'current' : aged.bucket,
    paidOff,
    // A farm loan defaults after its grace period and is settled by its guarantee claim instead.
    writeOff:
      loan.product === 'merchant' && !paidOff && aged.daysPastDue >= SERVICING_POLICY.writeOffDaysPastDue,
    writtenOffFen: 0,
    interest:
      accrueTonight && accruesInterest
        ? accrueDailyInterest({
            outstandingPrincipalFen: interestBearingPrincipalFen(
              figures.principalFen,
              unspentFen(businessDate),
            ),
            annualRateBps: loan.annualRateBps!,
            carryNumerator: interestCarry,
          })
        : undefined,
    penalty:
      accrueTonight && loan.penaltyAnnualRateBps > 0
        ? accrueDailyInterest({
            outstandingPrincipalFen: aged.overduePrincipalFen,
            annualRateBps: loan.penaltyAnnualRateBps,
            carryNumerator: penaltyCarry,
          })
        : undefined,
    catchUp,
    maturesOn: loan.maturesOn,
    schedulePaidOffsetFen: loan.schedulePaidOffsetFen,
  }
}

/**
 * One entry `accrual:{loan}:{night}` with the night's interest and penalty (none when both are 0),
 * booked on the business date of the close that accrues it.
 */
async function postAccrual(
  deps: Deps,
  loanId: number,
  day: NightAccrual,
  businessDate: IsoDate,
): Promise<void> {
  const postings: PostingInput[] = []
  const interestFen = day.interest?.interestFen ?? 0
  const penaltyFen = day.penalty?.interestFen ?? 0
  if (interestFen > 0) {
    postings.push(
      { accountCode: accounts.loanInterest(loanId).code, side: 'D', amountFen: interestFen },
      { accountCode: accounts.interestIncome().code, side: 'C', amountFen: interestFen },
    )
  }
  if (penaltyFen > 0) {
    postings.push(
      { accountCode: accounts.loanPenalty(loanId).code, side: 'D', amountFen: penaltyFen },
      { accountCode: accounts.penaltyIncome().code, side: 'C', amountFen: penaltyFen },
    )
  }
  if (postings.length === 0) return
  // A retry after a crash recomputes the same amounts from the same carries: the post replays
  // (each night its own key, so a re-run of a close books nothing twice).
  await deps.ledger.post({
    idempotencyKey: accrualKey(loanId, day.night),
    type: 'interest_accrual',
    businessDate,
    refs: { loanId },
    postings,
  })
}

/**
 * Every loan's day in one transaction: accrual carries and `accrued_through` (once per night), days
 * past due, bucket and the non-performing flag (unless an officer restructured the loan meanwhile;
 * the flag stays once set: a cure is an officer's decision), closed when paid, `serviced_through`;
 * and each bucket change in the history.
 */
async function recordLoanDays(db: Db, days: LoanDay[], businessDate: IsoDate): Promise<void> {
  if (days.length === 0) return
  const effectiveOn = addDays(businessDate, 1)
  const rows = days.map(
    (day) =>
      sql`SELECT ${day.loanId} AS id, ${day.daysPastDue} AS dpd, ${day.bucket} AS bucket,
        ${isNonPerforming(day.daysPastDue) ? 1 : 0} AS np, ${day.paidOff ? 1 : 0} AS paid_off,
        ${day.interest || day.penalty ? 1 : 0} AS accrued,
        ${day.interest?.carryNumerator ?? null} AS interest_carry, ${day.penalty?.carryNumerator ?? null} AS penalty_carry,
        ${day.maturesOn} AS matures_on, ${day.schedulePaidOffsetFen} AS paid_offset`,
  )
  const changes = days.filter((day) => day.bucket !== day.previousBucket)
  await db.transaction().execute(async (trx) => {
    await sql`
      UPDATE loans l JOIN (${sql.join(rows, sql` UNION ALL `)}) v ON v.id = l.id
      SET l.accrual_carry = CASE WHEN v.accrued = 1 AND v.interest_carry IS NOT NULL THEN v.interest_carry ELSE l.accrual_carry END,
          l.penalty_carry = CASE WHEN v.accrued = 1 AND v.penalty_carry IS NOT NULL THEN v.penalty_carry ELSE l.penalty_carry END,
          l.accrued_through = CASE WHEN v.accrued = 1 THEN ${businessDate} ELSE l.accrued_through END,
          l.days_past_due = CASE WHEN l.matures_on = v.matures_on AND l.schedule_paid_offset_fen = v.paid_offset
                                 THEN v.dpd ELSE l.days_past_due END,
          l.non_performing = CASE WHEN l.matures_on = v.matures_on AND l.schedule_paid_offset_fen = v.paid_offset
                                  THEN GREATEST(l.non_performing, v.np) ELSE l.non_performing END,
          l.bucket = CASE WHEN l.matures_on = v.matures_on AND l.schedule_paid_offset_fen = v.paid_offset
                          THEN v.bucket ELSE l.bucket END,
          l.status = CASE WHEN v.paid_off = 1 AND l.status = 'active' THEN 'closed' ELSE l.status END,
          l.closed_on = CASE WHEN v.paid_off = 1 AND l.status = 'active' THEN ${businessDate} ELSE l.closed_on END,
          l.serviced_through = ${businessDate}
      WHERE l.serviced_through IS NULL OR l.serviced_through < ${businessDate}`.execute(trx)
    // Events in the same transaction: a loan that got later, and a loan that is paid.
    const worse = changes.filter((day) => bucketRank(day.bucket) > bucketRank(day.previousBucket))
    await recordEvents(trx, [
      ...worse.map((day) => ({
        key: `loan.became_delinquent:${day.loanId}:${effectiveOn}`,
        type: 'loan.became_delinquent' as const,
        businessDate,
        subject: day.subject,
        data: { bucket: day.bucket, previousBucket: day.previousBucket, daysPastDue: day.daysPastDue },
      })),
      ...days
        .filter((day) => day.paidOff)
        .map((day) => ({
          key: `loan.closed:${day.loanId}`,
          type: 'loan.closed' as const,
          businessDate,
          subject: day.subject,
          data: { why: 'repaid' },
        })),
    ])
    if (changes.length > 0) {
      await sql`INSERT IGNORE INTO loan_bucket_history (loan_id, business_date, from_bucket, to_bucket, days_past_due)
        VALUES ${sql.join(
          changes.map(
            (day) =>
              sql`(${day.loanId}, ${effectiveOn}, ${day.previousBucket}, ${day.bucket}, ${day.daysPastDue})`,
          ),
        )}`.execute(trx)
    }
  })
}

/**
 * Writes off everything a loan still owes against credit losses, once: a second write-off (a retry,
 * or the automatic one racing an officer's) waits for the loan's row and finds the first's entry.
 * Returns the fen written off (0 when it was already done); a loan closed meanwhile (repaid, refilled)
 * is refused with `loan_not_active`.
 */
export async function writeOffLoan(
  deps: Deps,
  loanId: number,
  businessDate: IsoDate,
  why: string,
  /** An officer's audit entry, written in the transaction that marks the loan written off. */
  audit?: Omit<AuditEntryInput, 'details'>,
): Promise<number> {
  // The loan's row is held from reading what it owes to marking it written off, so close of business
  // cannot accrue on it in between (its accruals wait, then find it written off), and an accrual
  // posted before is written off with the rest.
  return withLoansLocked(deps.db, [loanId], async (trx, locked) => {
    const loan = locked.get(loanId)
    if (!loan) throw new NotFound(`No loan ${loanId}.`)
    const doneFen = await writtenOffByEntryFen(deps.db, loanId)
    if (doneFen === undefined && loan.status !== 'active' && loan.status !== 'defaulted') {
      throw new Refusal('loan_not_active', `Loan ${loanId} is ${loan.status}.`)
    }
    let writtenOffFen = 0
    if (doneFen === undefined) {
      const figures = await loanLedgerFigures(deps.db, loanId)
      await deps.pauseForTest?.('write-off:figures-read')
      const parts: Array<[string, number]> = [
        [accounts.loanPenalty(loanId).code, figures.penaltyFen],
        [accounts.loanFees(loanId).code, figures.feesFen],
        [accounts.loanInterest(loanId).code, figures.interestFen],
        [accounts.loanPrincipal(loanId).code, figures.principalFen],
      ]
      writtenOffFen = totalOwedFen(figures)
      if (writtenOffFen > 0) {
        await deps.ledger.openAccount(accounts.creditLoss())
        try {
          await deps.ledger.post({
            // The amount is in the key: a write-off refused because a repayment slipped in between is
            // not remembered against the next attempt, which sees the new balances.
            idempotencyKey: `writeoff:${loanId}:${writtenOffFen}`,
            type: 'write_off',
            businessDate,
            description: `loan ${loanId} written off (${why})`.slice(0, 255),
            refs: { loanId },
            postings: [
              { accountCode: accounts.creditLoss().code, side: 'D', amountFen: writtenOffFen },
              ...parts
                .filter(([, amountFen]) => amountFen > 0)
                .map(([accountCode, amountFen]) => ({ accountCode, side: 'C' as const, amountFen })),
            ],
          })
        } catch (error) {
          if (error instanceof Refusal && error.code === 'insufficient_funds') {
            throw new Refusal('loan_changed', `Loan ${loanId} changed while being written off; try again.`)
          }
          throw error
        }
      }
    }
    // Posted before a crash that stopped this short: the event and the audit say what the entry did.
    const entryFen = doneFen ?? writtenOffFen
    await markWrittenOff(trx, {
      loanId,
      businessDate,
      subject: loanSubject(loan),
      writtenOffFen: entryFen,
      why,
      audit: audit && { ...audit, details: { writtenOffFen: entryFen } },
    })
    return writtenOffFen
  })
}

/**
 * What is due today: the schedule's installments due by today not yet paid; for a sales-share loan
 * its share of today's net sales (from the day after disbursement on), at least the shortfall of its
 * 30-day minimum. Pure.
 */
function dueTodayFen(
  loan: LoanRow,
  businessDate: IsoDate,
  figures: LoanFigures,
  settledToday: SettledSales[],
  accrued: AccruedInterest | undefined,
): number {
  // From maturity on, everything still owed is due (accrued interest can differ from the schedule's).
  if (loan.maturesOn <= businessDate) return Number.MAX_SAFE_INTEGER
  const scheduledDueFen = ageLoan(loan, figures, businessDate, accrued).dueFen
  if (loan.repaymentMethod !== 'sales_share' || !loan.disbursedOn) return scheduledDueFen
  // The share comes from what today's close settled of the sales of the days after the loan (a day
  // reported late or corrected upward included: its difference settles today), each day's share
  // rounded on its own. The disbursement date's own sales were (partly) made before the loan existed.
  const shareFen = sum(
    settledToday
      .filter((sales) => sales.salesDate > loan.disbursedOn!)
      .map((sales) => mulBps(sales.settledFen, loan.salesShareBps ?? 0)),
  )
  return Math.max(scheduledDueFen, shareFen)
}

/** Debit the paying account, credit each receivable by its share (zero shares left out). */
export function repaymentPostings(
  loanId: number,
  payingAccountCode: string,
  allocation: Owed & { leftoverFen: number },
): PostingInput[] {
  const parts: Array<[string, number]> = [
    [accounts.loanPenalty(loanId).code, allocation.penaltyFen],
    [accounts.loanFees(loanId).code, allocation.feesFen],
    [accounts.loanInterest(loanId).code, allocation.interestFen],
    [accounts.loanPrincipal(loanId).code, allocation.principalFen],
  ]
  const paidFen = parts.reduce((sum, [, amountFen]) => sum + amountFen, 0)
  return [
    { accountCode: payingAccountCode, side: 'D', amountFen: paidFen },
    ...parts
      .filter(([, amountFen]) => amountFen > 0)
      .map(([accountCode, amountFen]) => ({ accountCode, side: 'C' as const, amountFen })),
  ]
}

/**
 * What pays a loan off during `payDate`: everything owed now plus what the closes of business from
 * the last accrual up to the night before `payDate` would accrue if nothing were paid meanwhile (none
 * when close of business is up to date): each night's interest on the principal owed and penalty
 * interest on the principal past due as of the next morning (installments falling due in between
 * add to it from their due dates), each with its rounding remainder carried, as {@link ageLoanDay}
 * does (on the principal used, for a loan accruing interest on use, assuming nothing is bought or
 * refunded meanwhile). The quote and the payoff posting both come from here, so they cannot disagree.
 */
export async function payoffQuote(
  db: Db,
  loanId: number,
  payDate: IsoDate,
): Promise<{ payoffFen: number; owed: Owed }> {
  const loan = await db.selectFrom('loans').selectAll().where('id', '=', loanId).executeTakeFirst()
  if (!loan) throw new NotFound(`No loan ${loanId}.`)
  const figures = await loanLedgerFigures(db, loanId)
  let { interestFen, penaltyFen } = figures
  if (loan.disbursedOn && totalOwedFen(figures) > 0) {
    const accruesInterest = loan.repaymentMethod !== 'sales_share' && loan.annualRateBps
    // The schedule in force does not change without a payment or an officer: build it once.
    const terms = termsOf(loan, payDate)
    const lines = contractualSchedule(terms)
    // Nothing is paid in between: what was repaid so far meets the schedule the same way every night.
    const payments = schedulePayments(loan, terms, figures)
    let night = loan.accruedThrough
      ? addDays(loan.accruedThrough as IsoDate, 1)
      : (loan.disbursedOn as IsoDate)
    let interestCarry = Number(loan.accrualCarry)
    let penaltyCarry = Number(loan.penaltyCarry)
    const unspentFen = loan.interestOnUse
      ? ((await unspentRestrictedByNight(db, [loan], await getBusinessDate(db))).get(loanId) ??
        NOTHING_UNSPENT)
      : NOTHING_UNSPENT
    for (; night < payDate; night = addDays(night, 1)) {
      if (accruesInterest) {
        const day = accrueDailyInterest({
          outstandingPrincipalFen: interestBearingPrincipalFen(figures.principalFen, unspentFen(night)),
          annualRateBps: loan.annualRateBps!,
          carryNumerator: interestCarry,
        })
        interestFen += day.interestFen
        interestCarry = day.carryNumerator
      }
      if (loan.penaltyAnnualRateBps > 0) {
        const day = accrueDailyInterest({
          outstandingPrincipalFen: ageSchedule(lines, payments, addDays(night, 1)).overduePrincipalFen,
          annualRateBps: loan.penaltyAnnualRateBps,
          carryNumerator: penaltyCarry,
        })
        penaltyFen += day.interestFen
        penaltyCarry = day.carryNumerator
      }
    }
  }
  const owed: Owed = {
    penaltyFen,
    feesFen: figures.feesFen,
    interestFen,
    principalFen: figures.principalFen,
  }
  return { payoffFen: totalOwedFen(owed), owed }
}

/** The allocation a posted repayment entry made, with what was left of `amountFen` beyond it. */
async function postedAllocation(
  db: Db,
  input: { loanId: number; amountFen: number; idempotencyKey: string },
  entryId: number,
): Promise<Owed & { leftoverFen: number }> {
  const { penaltyFen, feesFen, interestFen, principalFen } = await entryCredits(db, entryId)
  const paid = { penaltyFen, feesFen, interestFen, principalFen }
  const leftoverFen = input.amountFen - totalOwedFen(paid)
  if (leftoverFen < 0) {
    throw new Conflict(
      'idempotency_key_reused',
      `entry key ${input.idempotencyKey} was used for a repayment of another amount`,
    )
  }
  return { ...paid, leftoverFen }
}

/**
 * What a written-off loan can still recover: what was written off less what was recovered. Read
 * under the loan's row lock by whoever books a recovery (a repayment from the wallet, a late
 * delivery), so two at once cannot recover more than was written off.
 */
export async function recoverableFen(db: Db, loanId: number): Promise<number> {
  const [writtenOffFen, recovered] = await Promise.all([
    writtenOffByEntryFen(db, loanId),
    recoveredFen(db, loanId),
  ])
  return Math.max(0, (writtenOffFen ?? 0) - recovered)
}

/**
 * Money paid on a written-off loan is a recovery: the wallet → recoveries income, at most what was
 * written off less what was already recovered; the rest stays in the wallet (as beyond what an
 * active loan owes), so a loan fully recovered takes nothing and answers with it all left over.
 * The receivables stay at zero. Recoveries of one loan are serialized on its row, so two at once
 * cannot recover more than was written off; the entry's key is the request's Idempotency-Key, so a
 * retry finds the entry and answers with what it recovered.
 */
async function recoverFromWallet(
  deps: Deps,
  loan: LoanRow,
  businessDate: IsoDate,
  input: { loanId: number; amountFen: number; idempotencyKey: string },
): Promise<{ allocation: Owed & { leftoverFen: number }; outstanding: Owed & { totalFen: number } }> {
  const recoveredFen = await deps.db.transaction().execute(async (trx) => {
    await trx.selectFrom('loans').select('id').where('id', '=', input.loanId).forUpdate().execute()
    const posted = await entryByKey(deps.db, input.idempotencyKey)
    if (posted) {
      const alreadyFen = (await entryCredits(deps.db, posted.id, accounts.recoveries().code)).otherFen
      if (alreadyFen > input.amountFen) {
        throw new Conflict(
          'idempotency_key_reused',
          `entry key ${input.idempotencyKey} was used for a recovery of another amount`,
        )
      }
      return alreadyFen
    }
    const amountFen = Math.min(input.amountFen, await recoverableFen(deps.db, input.loanId))
    if (amountFen <= 0) return 0
    await deps.ledger.openAccount(accounts.recoveries())
    const wallet = (
      loan.product === 'agri'
        ? accounts.farmerWallet(loan.borrowerId)
        : accounts.merchantWallet(loan.borrowerId)
    ).code
    await deps.ledger.post({
      idempotencyKey: input.idempotencyKey,
      type: 'recovery',
      businessDate,
      description: `recovery on written-off loan ${input.loanId} from the wallet`,
      refs: { loanId: input.loanId },
      postings: [
        { accountCode: wallet, side: 'D', amountFen },
        { accountCode: accounts.recoveries().code, side: 'C', amountFen },
      ],
    })
    return amountFen
  })
  const zero = { penaltyFen: 0, feesFen: 0, interestFen: 0, principalFen: 0 }
  return {
    // What was recovered is shown as principal (it comes home against the written-off loan).
    allocation: { ...zero, principalFen: recoveredFen, leftoverFen: input.amountFen - recoveredFen },
    outstanding: { ...zero, totalFen: 0 },
  }
}

/**
 * A borrower's repayment from its wallet, today. More than owed repays everything and leaves the
 * rest in the wallet; a loan that ends up owing nothing is closed.
 */
export async function repayFromWallet(
  deps: Deps,
  input: { loanId: number; amountFen: number; idempotencyKey: string },
): Promise<{ allocation: Owed & { leftoverFen: number }; outstanding: Owed & { totalFen: number } }> {
  const loan = await deps.db.selectFrom('loans').selectAll().where('id', '=', input.loanId).executeTakeFirst()
  if (!loan) throw new NotFound(`No loan ${input.loanId}.`)
  const businessDate = await getBusinessDate(deps.db)
  const posted = await entryByKey(deps.db, input.idempotencyKey)
  if (loan.status === 'written_off') {
    // A retry of a repayment posted before the write-off is answered with that repayment.
    const repaidBefore = posted && totalOwedFen(await entryCredits(deps.db, posted.id)) > 0
    if (!repaidBefore) return recoverFromWallet(deps, loan, businessDate, input)
  }
  if (loan.status !== 'active' && !posted)
    throw new Refusal('loan_closed', `Loan ${input.loanId} is ${loan.status}.`)
  // A retry of a repayment already posted (its answer was lost, say to a crash after the commit) is
  // answered with the allocation that entry made, not one recomputed from what is owed now.
  const allocation = posted
    ? await postedAllocation(deps.db, input, posted.id)
    : // Today's quote: close of business has accrued every night before today, so nothing is
      // projected and what is allocated is exactly what the ledger holds (as in the quote).
      allocatePayment(input.amountFen, (await payoffQuote(deps.db, input.loanId, businessDate)).owed)
  const paidFen = input.amountFen - allocation.leftoverFen
  if (paidFen > 0 && !posted) {
    await deps.ledger.post({
      idempotencyKey: input.idempotencyKey,
      type: 'repayment',
      businessDate,
      description: `repayment of loan ${input.loanId} from the wallet`,
      refs: { loanId: input.loanId },
      // The borrower's own free wallet: a merchant's, or for a farm loan the farmer's (never the
      // merchant's wallet that happens to share the farmer's id).
      postings: repaymentPostings(
        input.loanId,
        (loan.product === 'agri'
          ? accounts.farmerWallet(loan.borrowerId)
          : accounts.merchantWallet(loan.borrowerId)
        ).code,
        allocation,
      ),
      events: [
        repaymentApplied({
          entryKey: input.idempotencyKey,
          businessDate,
          subject: loanSubject(loan),
          allocation,
          source: 'repayment',
        }),
      ],
    })
  }
  const after = await loanLedgerFigures(deps.db, input.loanId)
  if (totalOwedFen(after) === 0) {
    await closeLoan(deps.db, {
      loanId: input.loanId,
      businessDate,
      subject: loanSubject(loan),
      why: 'repaid',
    })
  }
  const { principalFen, interestFen, feesFen, penaltyFen } = after
  return {
    allocation,
    outstanding: { principalFen, interestFen, feesFen, penaltyFen, totalFen: totalOwedFen(after) },
  }
}
