/**
 * Reads loans and what the ledger says they owe; the loan view itself is derived in loan-view.ts.
 * @module
 */
import type { Selectable } from 'kysely'
import type { Db } from '../db/database.js'
import type { LoansTable } from '../db/schema.js'
import type { IsoDate } from '../kernel/business-date.js'
import { NotFound } from '../kernel/errors.js'
import { fenFromDb } from '../kernel/money.js'
import { accounts } from '../ledger/chart-of-accounts.js'
import {
  entryPostings,
  loanEntriesPostingSumFen,
  loanEntryPostingFen,
  loanReceivableCreditsOf,
  loanReceivables,
  loanStatement,
} from '../ledger/ledger-repository.js'
import { getBusinessDate } from '../system/business-date-service.js'
import type { Bucket } from '../kernel/delinquency.js'
import { ageLoan, type ScheduleLine } from './loan-view.js'

export type LoanView = {
  loanId: number
  product: 'merchant' | 'agri'
  borrowerId: number
  status: string
  principalFen: number
  repaymentMethod: string
  frequency: string | null
  annualRateBps: number | null
  /**
   * Annual percentage rate in bps, a disclosure: for a farm loan the IRR of what the farmer receives
   * (less the premium deducted) and repays, its interest as if all was spent at disbursement.
   */
  aprBps: number | null
  /** Whether interest runs only on the principal used (owed less the unspent restricted money). */
  interestOnUse: boolean
  salesShareBps: number | null
  totalRepayFen: number
  outstanding: {
    principalFen: number
    interestFen: number
    feesFen: number
    penaltyFen: number
    totalFen: number
  }
  daysPastDue: number
  bucket: Bucket
  schedule: ScheduleLine[]
  disbursedOn: string | null
  maturesOn: string
  /** What the write-off wrote off (0 unless written off). */
  writtenOffFen: number
  /** What recoveries have brought home since the write-off: at most `writtenOffFen`. */
  recoveredFen: number
}

export type LoanRow = Selectable<LoansTable>

function loanRows(db: Db) {
  return db.selectFrom('loans').selectAll()
}

export type LoanFigures = {
  principalFen: number
  interestFen: number
  feesFen: number
  penaltyFen: number
  /** Everything repayments have paid into the loan's receivables. */
  repaidFen: number
  /** All the interest ever accrued on the loan (its interest receivable's debits). */
  interestAccruedFen: number
}

/** Entry types that credit a loan's receivables without being paid by anyone. */
const NON_REPAYMENT_CREDIT_TYPES = ['penalty_waiver', 'write_off', 'reversal'] as const

/**
 * Balances of each loan's receivable accounts and what repayments have paid into them, for many
 * loans in two queries: repaid is every credit on the receivables less waivers, write-offs and
 * reversals (found through the (loan_id, type) index, so a loan's daily accruals are not read).
 */
export async function loanLedgerFiguresMany(
  db: Db,
  loanIds: readonly number[],
): Promise<Map<number, LoanFigures>> {
  const figures = new Map<number, LoanFigures>()
  if (loanIds.length === 0) return figures
  for (const loanId of loanIds) {
    figures.set(loanId, {
      principalFen: 0,
      interestFen: 0,
      feesFen: 0,
      penaltyFen: 0,
      repaidFen: 0,
      interestAccruedFen: 0,
    })
  }
  const [receivables, notRepaid] = await Promise.all([
    loanReceivables(db, loanIds),
    loanReceivableCreditsOf(db, loanIds, NON_REPAYMENT_CREDIT_TYPES),
  ])
  const FIELD: Record<string, keyof LoanFigures> = {
    loan_principal: 'principalFen',
    loan_interest: 'interestFen',
    loan_fees: 'feesFen',
    loan_penalty: 'penaltyFen',
  }
  for (const receivable of receivables) {
    const loan = figures.get(receivable.loanId)
    const field = FIELD[receivable.category]
    if (!loan || !field) continue
    loan[field] += receivable.balanceFen
    loan.repaidFen += receivable.creditsFen
    if (field === 'interestFen') loan.interestAccruedFen += receivable.balanceFen + receivable.creditsFen
  }
  for (const [loanId, creditsFen] of notRepaid) {
    const loan = figures.get(loanId)
    if (loan) loan.repaidFen -= creditsFen
  }
  return figures
}

/** One loan's figures (see {@link loanLedgerFiguresMany}). */
export async function loanLedgerFigures(db: Db, loanId: number): Promise<LoanFigures> {
  return (await loanLedgerFiguresMany(db, [loanId])).get(loanId)!
}

/**
 * The marks of what had accrued on each loan before the night of a date (`loan_accrued_interest`),
 * from the start of its schedule in force on: what its installments' interest is measured with.
 */
export async function accruedInterestMarksMany(
  db: Db,
  loans: ReadonlyArray<{ id: number; scheduleStartOn: string | null; disbursedOn: string | null }>,
): Promise<Map<number, Map<string, number>>> {
  const marks = new Map<number, Map<string, number>>()
  const disbursed = loans.filter((loan) => loan.disbursedOn !== null)
  for (const loan of disbursed) marks.set(Number(loan.id), new Map())
  if (disbursed.length === 0) return marks
  const rows = await db
    .selectFrom('loanAccruedInterest')
    .select(['loanId', 'asOf', 'interestAccruedFen'])
    .where((eb) =>
      eb.or(
        disbursed.map((loan) =>
          eb.and([
            eb('loanId', '=', Number(loan.id)),
            eb('asOf', '>=', (loan.scheduleStartOn ?? loan.disbursedOn)!),
          ]),
        ),
      ),
    )
    .execute()
  for (const row of rows) marks.get(Number(row.loanId))?.set(row.asOf, fenFromDb(row.interestAccruedFen))
  return marks
}

/** One loan's marks (see {@link accruedInterestMarksMany}). */
export async function accruedInterestMarks(
  db: Db,
  loan: { id: number; scheduleStartOn: string | null; disbursedOn: string | null },
): Promise<Map<string, number>> {
  return (await accruedInterestMarksMany(db, [loan])).get(Number(loan.id)) ?? new Map()
}

/**
 * Marks what had accrued on loans before the night of a date. A mark is written once: a retry that
 * computes it again (after that night's accrual was posted, say) leaves the first one.
 */
export async function markAccruedInterest(
  db: Db,
  marks: ReadonlyArray<{ loanId: number; asOf: IsoDate; interestAccruedFen: number }>,
): Promise<void> {
  if (marks.length === 0) return
  await db
    .insertInto('loanAccruedInterest')
    .ignore()
    .values(marks.map((mark) => ({ ...mark })))
    .execute()
}

/** What the loan's write-off entry wrote off; undefined when it has none. */
export async function writtenOffByEntryFen(db: Db, loanId: number): Promise<number | undefined> {
  return loanEntryPostingFen(db, loanId, 'write_off', 'D')
}

/**
 * What recoveries on the written-off loan have brought home: their credits to recoveries income (a
 * recovery from a late delivery also credits the farmer with what is beyond it, which is not).
 */
export async function recoveredFen(db: Db, loanId: number): Promise<number> {
  return loanEntriesPostingSumFen(db, loanId, 'recovery', 'C', accounts.recoveries().code)
}

async function toView(db: Db, row: LoanRow, businessDate: IsoDate): Promise<LoanView> {
  const loanId = Number(row.id)
  const figures = await loanLedgerFigures(db, loanId)
  // Only a written-off loan has either: the others are not asked (a list reads many loans).
  const [writtenOffFen, recovered] =
    row.status === 'written_off'
      ? await Promise.all([writtenOffByEntryFen(db, loanId), recoveredFen(db, loanId)])
      : [0, 0]
  const accrued = {
    marks: await accruedInterestMarks(db, { ...row, id: loanId }),
    nowOn: businessDate,
    nowFen: figures.interestAccruedFen,
  }
  const aged = ageLoan(row, figures, businessDate, accrued)
  const { principalFen, interestFen, feesFen, penaltyFen } = figures
  return {
    loanId,
    product: row.product,
    borrowerId: Number(row.borrowerId),
    status: row.status,
    principalFen: row.principalFen,
    repaymentMethod: row.repaymentMethod,
    frequency: row.frequency,
    annualRateBps: row.annualRateBps,
    aprBps: row.aprBps,
    interestOnUse: row.interestOnUse === 1,
    salesShareBps: row.salesShareBps,
    totalRepayFen: fenFromDb(row.totalRepayFen),
    outstanding: {
      principalFen,
      interestFen,
      feesFen,
      penaltyFen,
      totalFen: principalFen + interestFen + feesFen + penaltyFen,
    },
    daysPastDue: aged.daysPastDue,
    bucket: aged.bucket,
    schedule: aged.schedule,
    disbursedOn: row.disbursedOn,
    maturesOn: row.maturesOn,
    writtenOffFen: writtenOffFen ?? 0,
    recoveredFen: recovered,
  }
}

export async function getLoanView(db: Db, loanId: number): Promise<LoanView> {
  const row = await loanRows(db).where('id', '=', loanId).executeTakeFirst()
  if (!row) throw new NotFound(`No loan ${loanId}.`)
  return toView(db, row, await getBusinessDate(db))
}

export type LoanFilter = {
  status?: string
  product?: 'merchant' | 'agri'
  borrowerId?: number
  bucket?: Bucket
}

/** Loans newest first, paged by id. */
export async function listLoanViews(
  db: Db,
  filter: LoanFilter,
  page: { limit: number; cursor?: number },
): Promise<{ items: LoanView[]; nextCursor: string | null }> {
  let query = loanRows(db)
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
  if (filter.status) query = query.where('status', '=', filter.status as LoanRow['status'])
  if (filter.product) query = query.where('product', '=', filter.product)
  if (filter.borrowerId !== undefined) query = query.where('borrowerId', '=', filter.borrowerId)
  // The bucket as of the last close of business (the loans table keeps it for exactly this).
  if (filter.bucket) query = query.where('bucket', '=', filter.bucket)
  if (page.cursor !== undefined) query = query.where('id', '<', page.cursor)
  const rows = await query.execute()
  const businessDate = await getBusinessDate(db)
  const items = await Promise.all(rows.slice(0, page.limit).map((row) => toView(db, row, businessDate)))
  return { items, nextCursor: rows.length > page.limit ? String(items.at(-1)!.loanId) : null }
}

export type LoanTransaction = {
  entryId: number
  type: string
  businessDate: string
  createdAt: string
  description: string | null
  /**
   * What the entry moved on the loan's own accounts, by component (debits for accruals and
   * disbursement, credits for repayments, waivers and write-offs); for a recovery on a written-off
   * loan, what it brought home, shown as principal.
   */
  amountFen: number
  allocation: { penaltyFen: number; feesFen: number; interestFen: number; principalFen: number }
}

const COMPONENT_OF: Record<string, keyof LoanTransaction['allocation']> = {
  loan_penalty: 'penaltyFen',
  loan_fees: 'feesFen',
  loan_interest: 'interestFen',
  loan_principal: 'principalFen',
  // A recovery comes home against the written-off loan: shown as principal, as its repayment answers.
  credit_loss_recovery: 'principalFen',
}

/**
 * The entries that moved the loan's own accounts (its receivables; for a farm loan also its restricted
 * wallet), oldest first, with what each did to each receivable. Found through the postings, so an
 * entry booked under another loan (a refill paying this one off) is listed too; and the recoveries
 * on the written-off loan, which move only a wallet (or an offtaker's proceeds) and income.
 */
export async function loanTransactions(
  db: Db,
  loanId: number,
  page: { limit: number; cursor?: number },
): Promise<{ items: LoanTransaction[]; nextCursor: string | null }> {
  const statement = await loanStatement(db, loanId, page, {
    entryTypes: ['recovery'],
    categories: ['credit_loss_recovery'],
  })
  const items = statement.entries.map((entry): LoanTransaction => {
    const allocation = { penaltyFen: 0, feesFen: 0, interestFen: 0, principalFen: 0 }
    for (const posting of entry.postings) {
      const component = COMPONENT_OF[posting.category]
      if (component) allocation[component] += posting.amountFen
    }
    return {
      entryId: entry.entryId,
      type: entry.type,
      businessDate: entry.businessDate,
      createdAt: entry.createdAt.toISOString(),
      description: entry.description,
      amountFen:
        allocation.penaltyFen + allocation.feesFen + allocation.interestFen + allocation.principalFen,
      allocation,
    }
  })
  return { items, nextCursor: statement.more ? String(items.at(-1)!.entryId) : null }
}

/**
 * What a posted entry credited to each loan receivable and to `otherCode`: read back this way, a
 * repayment, delivery or claim entry gives exactly the allocation it was posted with.
 */
export async function entryCredits(db: Db, entryId: number, otherCode = '') {
  const rows = await entryPostings(db, entryId)
  const credit = (match: (row: (typeof rows)[number]) => boolean) =>
    rows.filter((row) => row.side === 'C' && match(row)).reduce((sum, row) => sum + row.amountFen, 0)
  return {
    penaltyFen: credit((row) => row.category === 'loan_penalty'),
    feesFen: credit((row) => row.category === 'loan_fees'),
    interestFen: credit((row) => row.category === 'loan_interest'),
    principalFen: credit((row) => row.category === 'loan_principal'),
    otherFen: credit((row) => row.accountCode === otherCode),
  }
}
