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
import { ageSchedule, contractualSchedule, type ScheduleLine } from './loan-view.js'

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
  const disbursedOn = (row.disbursedOn ?? businessDate) as IsoDate
  const lines = contractualSchedule({
    principalFen: row.principalFen,
    repaymentMethod: row.repaymentMethod as 'installment' | 'sales_share',
    frequency: row.frequency as 'daily' | 'weekly' | 'monthly' | null,
    repayments: row.repayments,
    annualRateBps: row.annualRateBps,
    feeFen: row.feeFen,
    disbursedOn,
    maturesOn: row.maturesOn as IsoDate,
  })
  const aged = ageSchedule(lines, figures.repaidFen, businessDate)
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

export type LoanFilter = { status?: string; product?: 'merchant' | 'agri'; borrowerId?: number }

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
  if (page.cursor !== undefined) query = query.where('id', '<', page.cursor)
  const rows = await query.execute()
  const businessDate = await getBusinessDate(db)
  const items = await Promise.all(rows.slice(0, page.limit).map((row) => toView(db, row, businessDate)))
  return { items, nextCursor: rows.length > page.limit ? String(items.at(-1)!.loanId) : null }
}
