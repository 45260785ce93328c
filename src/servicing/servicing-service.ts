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
import { NotFound, Refusal } from '../kernel/errors.js'
import { getBusinessDate } from '../system/business-date-service.js'
import { mulBps } from '../kernel/money.js'
import { accounts } from '../ledger/chart-of-accounts.js'
import { accountBalance } from '../ledger/ledger-repository.js'
import type { LedgerService } from '../ledger/ledger-service.js'
import type { PostingInput } from '../ledger/posting.js'
import { isNonPerforming } from './delinquency.js'
import { loanLedgerFigures, type LoanRow } from './loan-repository.js'
import { ageLoan, type AgedSchedule } from './loan-view.js'
import { allocatePayment, totalOwedFen, type Owed } from './repayment-allocation.js'
import { accrueDailyInterest } from './schedule.js'
import { SERVICING_POLICY } from './servicing-policy.js'

/** Loans (or merchants, for settlement) per servicing activity: bounded work per activity. */
export const SERVICING_BATCH_LOANS = 500
/** Borrowers serviced at once within a batch. */
export const SERVICING_CONCURRENCY = 8

export type ServicingTotals = {
  loansProcessed: number
  accruedInterestFen: number
  accruedPenaltyFen: number
  collectedFen: number
  closed: number
  newlyDelinquent: number
  writtenOff: number
  writtenOffFen: number
}

type Deps = { db: Db; ledger: LedgerService }

/** Runs `work` over `items` with at most {@link SERVICING_CONCURRENCY} at once. */
async function inParallel<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items]
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item)
  }
  await Promise.all(Array.from({ length: SERVICING_CONCURRENCY }, worker))
}

/**
 * Settles one batch of the date's positive net sales into the merchants' wallets (from the platform's
 * clearing account), one entry per merchant and date. A day of net refunds settles nothing: the
 * platform nets it against the merchant's next settlements.
 */
export async function settleMerchantSales(
  deps: Deps,
  input: { businessDate: IsoDate; afterMerchantId: number; limit?: number },
): Promise<{ merchantsSettled: number; settledFen: number; lastMerchantId: number | null }> {
  const rows = await deps.db
    .selectFrom('merchantDailySales')
    .select(['merchantId', 'netFen'])
    .where('salesDate', '=', input.businessDate)
    .where('merchantId', '>', input.afterMerchantId)
    .orderBy('merchantId')
    .limit(input.limit ?? SERVICING_BATCH_LOANS)
    .execute()
  await deps.ledger.openAccount(accounts.platformClearing())
  let settledFen = 0
  let merchantsSettled = 0
  await inParallel(
    rows.filter((row) => row.netFen > 0),
    async (row) => {
      await deps.ledger.post({
        idempotencyKey: `settle:${row.merchantId}:${input.businessDate}`,
        type: 'sales_settlement',
        businessDate: input.businessDate,
        description: `net sales of ${input.businessDate} settled to merchant ${row.merchantId}`,
        postings: [
          { accountCode: accounts.platformClearing().code, side: 'D', amountFen: row.netFen },
          { accountCode: accounts.merchantWallet(row.merchantId).code, side: 'C', amountFen: row.netFen },
        ],
      })
      settledFen += row.netFen
      merchantsSettled += 1
    },
  )
  return {
    merchantsSettled,
    settledFen,
    lastMerchantId: rows.length === 0 ? null : Number(rows.at(-1)!.merchantId),
  }
}

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
  const totals: ServicingTotals = {
    loansProcessed: 0,
    accruedInterestFen: 0,
    accruedPenaltyFen: 0,
    collectedFen: 0,
    closed: 0,
    newlyDelinquent: 0,
    writtenOff: 0,
    writtenOffFen: 0,
  }
  // Borrowers in parallel, each borrower's loans in turn: loans of one merchant share its wallet.
  const byBorrower = new Map<number, LoanRow[]>()
  for (const loan of loans) {
    if (loan.servicedThrough !== null && loan.servicedThrough >= input.businessDate) continue
    byBorrower.set(loan.borrowerId, [...(byBorrower.get(loan.borrowerId) ?? []), loan])
  }
  await inParallel([...byBorrower.values()], async (group) => {
    for (const loan of group) {
      const day = await serviceLoanDay(deps, loan, input.businessDate)
      totals.loansProcessed += 1
      totals.accruedInterestFen += day.accruedInterestFen
      totals.accruedPenaltyFen += day.accruedPenaltyFen
      totals.collectedFen += day.collectedFen
      totals.closed += day.closed ? 1 : 0
      totals.newlyDelinquent += day.newlyDelinquent ? 1 : 0
      totals.writtenOff += day.writtenOffFen === null ? 0 : 1
      totals.writtenOffFen += day.writtenOffFen ?? 0
    }
  })
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
  // Collect first, then age and accrue the night's interest on what is still owed after today's
  // payment: an installment due today pays the interest accrued up to last night, as the schedule
  // computes it. The loan is aged as of tomorrow: an installment due today and not paid is 1 day late.
  let collectedFen = 0
  const collectKey = `collect:${loanId}:${businessDate}`
  if (!(await entryExists(deps.db, collectKey))) {
    collectedFen = await collect(deps, loan, businessDate, collectKey)
  }
  const figures = await loanLedgerFigures(deps.db, loanId)
  const aged = ageLoan(loan, figures.repaidFen, addDays(businessDate, 1))
  const accrued = await accrue(deps, loan, businessDate, figures.principalFen, aged.overduePrincipalFen)
  const paidOff = totalOwedFen(figures) === 0
  let writtenOffFen: number | null = null
  if (!paidOff && aged.daysPastDue >= SERVICING_POLICY.writeOffDaysPastDue) {
    writtenOffFen = await writeOffLoan(deps, loanId, businessDate, 'automatic')
  }
  const newlyDelinquent = await recordAgeing(deps.db, loan, businessDate, paidOff ? undefined : aged)
  await deps.db
    .updateTable('loans')
    .set({
      servicedThrough: businessDate,
      ...(paidOff ? { status: 'closed' as const, closedOn: businessDate } : {}),
    })
    .where('id', '=', loanId)
    .where('status', '=', 'active')
    .execute()
  return { ...accrued, collectedFen, closed: paidOff, newlyDelinquent, writtenOffFen }
}

/**
 * Stores the loan's days past due and bucket as of the next business date, keeps the bucket change
 * in the history, and flags it non-performing once it reaches 90+ (the flag stays: a cure is an
 * officer's decision, not the next payment's). Says whether it has just become delinquent.
 */
async function recordAgeing(
  db: Db,
  loan: LoanRow,
  businessDate: IsoDate,
  aged: AgedSchedule | undefined,
): Promise<boolean> {
  const daysPastDue = aged?.daysPastDue ?? 0
  const bucket = aged?.bucket ?? 'current'
  const effectiveOn = addDays(businessDate, 1)
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('loans')
      .select(['bucket'])
      .where('id', '=', loan.id)
      .forUpdate()
      .executeTakeFirstOrThrow()
    if (current.bucket !== bucket) {
      await sql`INSERT IGNORE INTO loan_bucket_history (loan_id, business_date, from_bucket, to_bucket, days_past_due)
        VALUES (${loan.id}, ${effectiveOn}, ${current.bucket}, ${bucket}, ${daysPastDue})`.execute(trx)
    }
    await trx
      .updateTable('loans')
      .set({
        daysPastDue,
        bucket,
        ...(isNonPerforming(daysPastDue) ? { nonPerforming: 1 } : {}),
      })
      .where('id', '=', loan.id)
      .execute()
    return current.bucket === 'current' && bucket !== 'current'
  })
}

/**
 * One night of ACT/365 interest on the principal still owed and of penalty interest on the principal
 * past due, each with its rounding remainder carried: one entry `accrual:{loan}:{date}`.
 */
async function accrue(
  deps: Deps,
  loan: LoanRow,
  businessDate: IsoDate,
  principalFen: number,
  overduePrincipalFen: number,
): Promise<{ accruedInterestFen: number; accruedPenaltyFen: number }> {
  if (loan.accruedThrough !== null && loan.accruedThrough >= businessDate) {
    return { accruedInterestFen: 0, accruedPenaltyFen: 0 }
  }
  const loanId = Number(loan.id)
  const interest =
    loan.repaymentMethod === 'installment' && loan.annualRateBps
      ? accrueDailyInterest({
          outstandingPrincipalFen: principalFen,
          annualRateBps: loan.annualRateBps,
          carryNumerator: Number(loan.accrualCarry),
        })
      : { interestFen: 0, carryNumerator: Number(loan.accrualCarry) }
  const penalty =
    loan.penaltyAnnualRateBps > 0 && overduePrincipalFen > 0
      ? accrueDailyInterest({
          outstandingPrincipalFen: overduePrincipalFen,
          annualRateBps: loan.penaltyAnnualRateBps,
          carryNumerator: Number(loan.penaltyCarry),
        })
      : { interestFen: 0, carryNumerator: Number(loan.penaltyCarry) }
  const postings: PostingInput[] = []
  if (interest.interestFen > 0) {
    postings.push(
      { accountCode: accounts.loanInterest(loanId).code, side: 'D', amountFen: interest.interestFen },
      { accountCode: accounts.interestIncome().code, side: 'C', amountFen: interest.interestFen },
    )
  }
  if (penalty.interestFen > 0) {
    postings.push(
      { accountCode: accounts.loanPenalty(loanId).code, side: 'D', amountFen: penalty.interestFen },
      { accountCode: accounts.penaltyIncome().code, side: 'C', amountFen: penalty.interestFen },
    )
  }
  if (postings.length > 0) {
    // A retry after a crash recomputes the same amounts from the same carries: the post replays.
    await deps.ledger.post({
      idempotencyKey: `accrual:${loanId}:${businessDate}`,
      type: 'interest_accrual',
      businessDate,
      refs: { loanId },
      postings,
    })
  }
  await sql`UPDATE loans SET accrual_carry = ${interest.carryNumerator}, penalty_carry = ${penalty.carryNumerator},
      accrued_through = ${businessDate}
    WHERE id = ${loanId} AND (accrued_through IS NULL OR accrued_through < ${businessDate})`.execute(deps.db)
  return { accruedInterestFen: interest.interestFen, accruedPenaltyFen: penalty.interestFen }
}

/**
 * Writes off everything a loan still owes against credit losses, once: the receivables cannot go
 * below zero, so a second write-off (a retry, or the automatic one racing an officer's) is refused
 * by the ledger and finds the first. Returns the fen written off (0 when it was already done).
 */
export async function writeOffLoan(
  deps: Deps,
  loanId: number,
  businessDate: IsoDate,
  why: string,
): Promise<number> {
  const done = await deps.db
    .selectFrom('journalEntries')
    .select('id')
    .where('loanId', '=', loanId)
    .where('type', '=', 'write_off')
    .executeTakeFirst()
  let writtenOffFen = 0
  if (!done) {
    const figures = await loanLedgerFigures(deps.db, loanId)
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
  await deps.db
    .updateTable('loans')
    .set({ status: 'written_off', writtenOffOn: businessDate })
    .where('id', '=', loanId)
    .where('status', '=', 'active')
    .execute()
  return writtenOffFen
}

/** What is due today: the schedule's installments due by today not yet paid, or for a sales-share loan its share of today's net sales, at least the minimum's shortfall. */
async function dueTodayFen(db: Db, loan: LoanRow, businessDate: IsoDate, repaidFen: number): Promise<number> {
  // From maturity on, everything still owed is due (accrued interest can differ from the schedule's).
  if (loan.maturesOn <= businessDate) return Number.MAX_SAFE_INTEGER
  const scheduledDueFen = ageLoan(loan, repaidFen, businessDate).dueFen
  if (loan.repaymentMethod !== 'sales_share') return scheduledDueFen
  const sales = await db
    .selectFrom('merchantDailySales')
    .select('netFen')
    .where('merchantId', '=', loan.borrowerId)
    .where('salesDate', '=', businessDate)
    .executeTakeFirst()
  return Math.max(scheduledDueFen, mulBps(Math.max(0, sales?.netFen ?? 0), loan.salesShareBps ?? 0))
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
    await deps.db
      .updateTable('loans')
      .set({ status: 'closed', closedOn: businessDate })
      .where('id', '=', input.loanId)
      .where('status', '=', 'active')
      .execute()
  }
  const { principalFen, interestFen, feesFen, penaltyFen } = after
  return {
    allocation,
    outstanding: { principalFen, interestFen, feesFen, penaltyFen, totalFen: totalOwedFen(after) },
  }
}
