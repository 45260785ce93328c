/**
 * Reads loans and what the ledger says they owe; the loan view itself is derived in loan-view.ts.
 * @module
 */
import { sql, type Selectable } from 'kysely'
import type { Db } from '../db/database.js'
import type { LoansTable } from '../db/schema.js'
import type { IsoDate } from '../kernel/business-date.js'
import { NotFound } from '../kernel/errors.js'
import { fenFromDb } from '../kernel/money.js'
import { getBusinessDate } from '../system/business-date-service.js'
import type { Bucket } from './delinquency.js'
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
  aprBps: number | null
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
}

export type LoanRow = Selectable<LoansTable>

function loanRows(db: Db) {
  return db.selectFrom('loans').selectAll()
}

/** Balances of the loan's receivable accounts and what repayments have paid into them. */
export async function loanLedgerFigures(db: Db, loanId: number) {
  const { rows } = await sql<{ category: string; balance: string; repaid: string }>`
    SELECT a.category, a.debits_posted_fen - a.credits_posted_fen AS balance,
           COALESCE((SELECT SUM(p.amount_fen) FROM ledger_postings p JOIN journal_entries e ON e.id = p.entry_id
                     WHERE p.account_id = a.id AND p.side = 'C' AND e.type = 'repayment'), 0) AS repaid
    FROM ledger_accounts a WHERE a.loan_id = ${loanId} AND a.category LIKE 'loan_%'`.execute(db)
  const balanceOf = (category: string) =>
    fenFromDb(rows.find((row) => row.category === category)?.balance ?? 0)
  return {
    principalFen: balanceOf('loan_principal'),
    interestFen: balanceOf('loan_interest'),
    feesFen: balanceOf('loan_fees'),
    penaltyFen: balanceOf('loan_penalty'),
    repaidFen: rows.reduce((sum, row) => sum + fenFromDb(row.repaid), 0),
  }
}

async function toView(db: Db, row: LoanRow, businessDate: IsoDate): Promise<LoanView> {
  const loanId = Number(row.id)
  const figures = await loanLedgerFigures(db, loanId)
  const aged = ageLoan(row, figures.repaidFen, businessDate)
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
    salesShareBps: row.salesShareBps,
    totalRepayFen: Number(row.totalRepayFen),
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
  /** What the entry moved on the loan's own accounts, by component (debits for accruals and disbursement, credits for repayments, waivers and write-offs). */
  amountFen: number
  allocation: { penaltyFen: number; feesFen: number; interestFen: number; principalFen: number }
}

const COMPONENT_OF: Record<string, keyof LoanTransaction['allocation']> = {
  loan_penalty: 'penaltyFen',
  loan_fees: 'feesFen',
  loan_interest: 'interestFen',
  loan_principal: 'principalFen',
}

/** The loan's journal entries, oldest first, with what each did to each of its receivables. */
export async function loanTransactions(
  db: Db,
  loanId: number,
  page: { limit: number; cursor?: number },
): Promise<{ items: LoanTransaction[]; nextCursor: string | null }> {
  let entries = db
    .selectFrom('journalEntries')
    .select(['id', 'type', 'businessDate', 'createdAt', 'description'])
    .where('loanId', '=', loanId)
    .orderBy('id')
    .limit(page.limit + 1)
  if (page.cursor !== undefined) entries = entries.where('id', '>', page.cursor)
  const rows = await entries.execute()
  const shown = rows.slice(0, page.limit)
  const postings =
    shown.length === 0
      ? []
      : await db
          .selectFrom('ledgerPostings')
          .innerJoin('ledgerAccounts', 'ledgerAccounts.id', 'ledgerPostings.accountId')
          .select(['ledgerPostings.entryId', 'ledgerPostings.amountFen', 'ledgerAccounts.category'])
          .where(
            'ledgerPostings.entryId',
            'in',
            shown.map((row) => row.id),
          )
          .where('ledgerAccounts.loanId', '=', loanId)
          .execute()
  const items = shown.map((row): LoanTransaction => {
    const allocation = { penaltyFen: 0, feesFen: 0, interestFen: 0, principalFen: 0 }
    for (const posting of postings) {
      const component = COMPONENT_OF[posting.category]
      if (Number(posting.entryId) === Number(row.id) && component) {
        allocation[component] += fenFromDb(posting.amountFen)
      }
    }
    return {
      entryId: Number(row.id),
      type: row.type,
      businessDate: row.businessDate,
      createdAt: row.createdAt.toISOString(),
      description: row.description,
      amountFen:
        allocation.penaltyFen + allocation.feesFen + allocation.interestFen + allocation.principalFen,
      allocation,
    }
  })
  return { items, nextCursor: rows.length > page.limit ? String(items.at(-1)!.entryId) : null }
}
