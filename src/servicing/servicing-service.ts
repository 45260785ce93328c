/**
 * Close of business for merchant loans, one business date at a time: collect what is due from the
 * merchant's wallet (sales-share loans: their share of the day's net sales), allocate it penalty →
 * fees → interest → principal, accrue the night's interest, and close loans that are paid.
 * Each step is idempotent per loan and date: ledger keys `accrual:{loan}:{date}` and
 * `collect:{loan}:{date}`, and the loan's `accrued_through` / `serviced_through` dates, so a retried
 * or crashed close of business never accrues or collects twice.
 * @module
 */
import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import { addDays, type IsoDate } from '../kernel/business-date.js'
import { NotFound, Refusal } from '../kernel/errors.js'
import { getBusinessDate } from '../system/business-date-service.js'
import { mulBps } from '../kernel/money.js'
import { accounts } from '../ledger/chart-of-accounts.js'
import { accountBalance } from '../ledger/ledger-repository.js'
import type { LedgerService } from '../ledger/ledger-service.js'
import type { PostingInput } from '../ledger/posting.js'
import { loanLedgerFigures, type LoanRow } from './loan-repository.js'
import { contractualSchedule } from './loan-view.js'
import { allocatePayment, totalOwedFen, type Owed } from './repayment-allocation.js'
import { accrueDailyInterest } from './schedule.js'

/** Loans per servicing activity: bounded work per activity and per workflow history event. */
export const SERVICING_BATCH_LOANS = 500
/** Borrowers serviced at once within a batch. */
export const SERVICING_CONCURRENCY = 8

export type ServicingTotals = {
  loansProcessed: number
  accruedInterestFen: number
  collectedFen: number
  closed: number
}

type Deps = { db: Db; ledger: LedgerService }

export async function serviceMerchantLoans(
  deps: Deps,
  input: { businessDate: IsoDate; afterLoanId: number; limit?: number },
): Promise<ServicingTotals & { lastLoanId: number | null }> {
  const loans = await deps.db
    .selectFrom('loans')
    .selectAll()
    .where('product', '=', 'merchant')
    .where('status', '=', 'active')
    .where('id', '>', input.afterLoanId)
    .where('disbursedOn', '<=', input.businessDate)
    .orderBy('id')
    .limit(input.limit ?? SERVICING_BATCH_LOANS)
    .execute()
  const totals: ServicingTotals = { loansProcessed: 0, accruedInterestFen: 0, collectedFen: 0, closed: 0 }
  // Borrowers in parallel, each borrower's loans in turn: loans of one merchant share its wallet.
  const byBorrower = new Map<number, LoanRow[]>()
  for (const loan of loans) {
    if (loan.servicedThrough !== null && loan.servicedThrough >= input.businessDate) continue
    byBorrower.set(loan.borrowerId, [...(byBorrower.get(loan.borrowerId) ?? []), loan])
  }
  const queue = [...byBorrower.values()]
  const worker = async () => {
    for (let group = queue.shift(); group; group = queue.shift()) {
      for (const loan of group) {
        const day = await serviceLoanDay(deps, loan, input.businessDate)
        totals.loansProcessed += 1
        totals.accruedInterestFen += day.accruedInterestFen
        totals.collectedFen += day.collectedFen
        totals.closed += day.closed ? 1 : 0
      }
    }
  }
  await Promise.all(Array.from({ length: SERVICING_CONCURRENCY }, worker))
  return { ...totals, lastLoanId: loans.length === 0 ? null : Number(loans.at(-1)!.id) }
}

async function entryExists(db: Db, idempotencyKey: string): Promise<boolean> {
  const row = await db
    .selectFrom('journalEntries')
    .select('id')
    .where('idempotencyKey', '=', idempotencyKey)
    .executeTakeFirst()
  return row !== undefined
}

async function serviceLoanDay(deps: Deps, loan: LoanRow, businessDate: IsoDate) {
  const loanId = Number(loan.id)
  // Collect first, then accrue the night's interest on what is still owed after today's payment:
  // an installment due today pays the interest accrued up to last night, as the schedule computes it.
  let collectedFen = 0
  const collectKey = `collect:${loanId}:${businessDate}`
  if (!(await entryExists(deps.db, collectKey))) {
    collectedFen = await collect(deps, loan, businessDate, collectKey)
  }
  const accruedInterestFen = await accrueInterest(deps, loan, businessDate)
  const figures = await loanLedgerFigures(deps.db, loanId)
  const paidOff = totalOwedFen(figures) === 0
  await deps.db
    .updateTable('loans')
    .set({ servicedThrough: businessDate, ...(paidOff ? { status: 'closed' as const } : {}) })
    .where('id', '=', loanId)
    .execute()
  return { accruedInterestFen, collectedFen, closed: paidOff }
}

/** One day of ACT/365 interest on the principal still owed, the rounding remainder carried. */
async function accrueInterest(deps: Deps, loan: LoanRow, businessDate: IsoDate): Promise<number> {
  if (loan.repaymentMethod !== 'installment' || !loan.annualRateBps) return 0
  if (loan.accruedThrough !== null && loan.accruedThrough >= businessDate) return 0
  const loanId = Number(loan.id)
  const { principalFen } = await loanLedgerFigures(deps.db, loanId)
  const day = accrueDailyInterest({
    outstandingPrincipalFen: principalFen,
    annualRateBps: loan.annualRateBps,
    carryNumerator: Number(loan.accrualCarry),
  })
  if (day.interestFen > 0) {
    // A retry after a crash recomputes the same amount from the same carry: the post replays.
    await deps.ledger.post({
      idempotencyKey: `accrual:${loanId}:${businessDate}`,
      type: 'interest_accrual',
      businessDate,
      refs: { loanId },
      postings: [
        { accountCode: accounts.loanInterest(loanId).code, side: 'D', amountFen: day.interestFen },
        { accountCode: accounts.interestIncome().code, side: 'C', amountFen: day.interestFen },
      ],
    })
  }
  await sql`UPDATE loans SET accrual_carry = ${day.carryNumerator}, accrued_through = ${businessDate}
    WHERE id = ${loanId} AND (accrued_through IS NULL OR accrued_through < ${businessDate})`.execute(deps.db)
  return day.interestFen
}

/** What is due today: installments due by today not yet paid, or the sales share of today's net. */
async function dueTodayFen(db: Db, loan: LoanRow, businessDate: IsoDate, repaidFen: number): Promise<number> {
  // From maturity on, everything still owed is due (accrued interest can differ from the schedule's).
  if (loan.maturesOn <= businessDate) return Number.MAX_SAFE_INTEGER
  if (loan.repaymentMethod === 'sales_share') {
    const sales = await db
      .selectFrom('merchantDailySales')
      .select('netFen')
      .where('merchantId', '=', loan.borrowerId)
      .where('salesDate', '=', businessDate)
      .executeTakeFirst()
    return mulBps(Math.max(0, sales?.netFen ?? 0), loan.salesShareBps ?? 0)
  }
  const lines = contractualSchedule({
    principalFen: loan.principalFen,
    repaymentMethod: 'installment',
    frequency: loan.frequency as 'daily' | 'weekly' | 'monthly',
    repayments: loan.repayments,
    annualRateBps: loan.annualRateBps,
    feeFen: loan.feeFen,
    disbursedOn: loan.disbursedOn as IsoDate,
    maturesOn: loan.maturesOn as IsoDate,
  })
  const scheduledFen = lines
    .filter((line) => line.dueDate <= businessDate)
    .reduce((sum, line) => sum + line.principalFen + line.interestFen + line.feesFen, 0)
  return Math.max(0, scheduledFen - repaidFen)
}

async function collect(
  deps: Deps,
  loan: LoanRow,
  businessDate: IsoDate,
  idempotencyKey: string,
): Promise<number> {
  const loanId = Number(loan.id)
  const figures = await loanLedgerFigures(deps.db, loanId)
  const owed: Owed = figures
  const wallet = accounts.merchantWallet(loan.borrowerId).code
  const availableFen = (await accountBalance(deps.db, wallet)).availableFen
  const dueFen = await dueTodayFen(deps.db, loan, businessDate, figures.repaidFen)
  const amountFen = Math.min(dueFen, Math.max(0, availableFen), totalOwedFen(owed))
  if (amountFen <= 0) return 0
  const allocation = allocatePayment(amountFen, owed)
  try {
    await deps.ledger.post({
      idempotencyKey,
      type: 'repayment',
      businessDate,
      description: `collected from merchant ${loan.borrowerId}'s wallet for loan ${loanId}`,
      refs: { loanId },
      postings: repaymentPostings(loanId, wallet, allocation),
    })
  } catch (error) {
    // The merchant paid out in between: nothing is collected today (the ledger remembers this
    // key's refusal, so a retry of this loan-day comes to the same answer); it stays due tomorrow.
    if (error instanceof Refusal && error.code === 'insufficient_funds') return 0
    throw error
  }
  return amountFen - allocation.leftoverFen
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
 * What pays a loan off during `payDate`: everything owed now plus the interest of the nights from
 * the last accrual up to the night before `payDate` (none when close of business is up to date).
 * The quote and the payoff posting both come from here, so they cannot disagree.
 */
export async function payoffQuote(
  db: Db,
  loanId: number,
  payDate: IsoDate,
): Promise<{ payoffFen: number; owed: Owed }> {
  const loan = await db.selectFrom('loans').selectAll().where('id', '=', loanId).executeTakeFirst()
  if (!loan) throw new NotFound(`No loan ${loanId}.`)
  const figures = await loanLedgerFigures(db, loanId)
  let interestFen = figures.interestFen
  if (loan.repaymentMethod === 'installment' && loan.annualRateBps && loan.disbursedOn) {
    let night = loan.accruedThrough
      ? addDays(loan.accruedThrough as IsoDate, 1)
      : (loan.disbursedOn as IsoDate)
    let carryNumerator = Number(loan.accrualCarry)
    for (; night < payDate; night = addDays(night, 1)) {
      const day = accrueDailyInterest({
        outstandingPrincipalFen: figures.principalFen,
        annualRateBps: loan.annualRateBps,
        carryNumerator,
      })
      interestFen += day.interestFen
      carryNumerator = day.carryNumerator
    }
  }
  const owed: Owed = {
    penaltyFen: figures.penaltyFen,
    feesFen: figures.feesFen,
    interestFen,
    principalFen: figures.principalFen,
  }
  return { payoffFen: totalOwedFen(owed), owed }
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
  const replayed = await entryExists(deps.db, input.idempotencyKey)
  if (loan.status !== 'active' && !replayed)
    throw new Refusal('loan_closed', `Loan ${input.loanId} is ${loan.status}.`)
  // Today's quote: close of business has accrued every night before today, so nothing is projected
  // and what is allocated is exactly what the ledger holds (the same computation as the quote).
  const { owed } = await payoffQuote(deps.db, input.loanId, businessDate)
  const allocation = allocatePayment(input.amountFen, owed)
  const paidFen = input.amountFen - allocation.leftoverFen
  if (paidFen > 0) {
    await deps.ledger.post({
      idempotencyKey: input.idempotencyKey,
      type: 'repayment',
      businessDate,
      description: `repayment of loan ${input.loanId} from the wallet`,
      refs: { loanId: input.loanId },
      postings: repaymentPostings(input.loanId, accounts.merchantWallet(loan.borrowerId).code, allocation),
    })
  }
  const after = await loanLedgerFigures(deps.db, input.loanId)
  if (totalOwedFen(after) === 0) {
    await deps.db.updateTable('loans').set({ status: 'closed' }).where('id', '=', input.loanId).execute()
  }
  const { principalFen, interestFen, feesFen, penaltyFen } = after
  return {
    allocation,
    outstanding: { principalFen, interestFen, feesFen, penaltyFen, totalFen: totalOwedFen(after) },
  }
}
