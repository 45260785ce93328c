/**
 * A loan as borrowers and officers see it, derived (never stored) from its terms, the ledger, the
 * marks of what had accrued before each due date and the business date: the schedule in force from
 * the same code as the calculator (installments due by the date with the interest actually accrued in
 * their periods), payments applied to the installments in due order (principal only by principal
 * repaid), days past due from the oldest unpaid installment, or from maturity for a matured loan
 * still owing. Pure.
 * @module
 */
import { addDays, daysBetween, type IsoDate } from '../kernel/business-date.js'
import { allocate, divRoundHalfEven } from '../kernel/money.js'
import {
  buildSchedule,
  INSTALLMENT_LOAN_SCHEDULE,
  scheduleVersionOf,
  type ScheduleVersion,
} from './schedule.js'
import { bucketFor, type Bucket } from '../kernel/delinquency.js'

/** A sales-share loan must have repaid at least its pro-rata share of principal and fee every this many days. */
export const SALES_SHARE_MINIMUM_PERIOD_DAYS = 30

/** The terms of the schedule in force: from disbursement, or from the loan's last restructure. */
export type LoanTerms = {
  principalFen: number
  repaymentMethod: 'installment' | 'sales_share' | 'bullet'
  frequency: 'daily' | 'weekly' | 'monthly' | null
  repayments: number | null
  annualRateBps: number | null
  feeFen: number | null
  /** The disbursement date, or the restructure date. */
  startOn: IsoDate
  maturesOn: IsoDate
  /** Interest, fees and penalty owed at a restructure, due with the first new installment. */
  arrearsFen: number
  /** The formula the installments are derived with: the loan's own, never a newer one. */
  scheduleVersion: ScheduleVersion
}

/** The columns of a loan row the schedule in force is derived from. */
export type LoanTermsRow = {
  principalFen: number
  repaymentMethod: string
  frequency: string | null
  repayments: number | null
  annualRateBps: number | null
  feeFen: number | null
  disbursedOn: string | null
  maturesOn: string
  scheduleStartOn: string | null
  schedulePrincipalFen: number | null
  scheduleArrearsFen: number
  schedulePaidOffsetFen: number
  restructuredOn: string | null
  scheduleVersion: number
}

/** The schedule's terms from a loan row; `fallbackStartOn` for a loan not yet disbursed. */
export function termsOf(row: LoanTermsRow, fallbackStartOn: IsoDate): LoanTerms {
  const restructured = row.restructuredOn !== null
  return {
    principalFen: row.schedulePrincipalFen ?? row.principalFen,
    repaymentMethod: row.repaymentMethod as LoanTerms['repaymentMethod'],
    frequency: row.frequency as LoanTerms['frequency'],
    repayments: row.repayments,
    annualRateBps: row.annualRateBps,
    // After a restructure the fee (if any) is part of the arrears; it is not charged again.
    feeFen: restructured ? 0 : row.feeFen,
    startOn: (row.scheduleStartOn ?? row.disbursedOn ?? fallbackStartOn) as IsoDate,
    maturesOn: row.maturesOn as IsoDate,
    arrearsFen: row.scheduleArrearsFen,
    scheduleVersion: scheduleVersionOf(row.scheduleVersion),
  }
}

/** What repayments paid towards the schedule in force (those before a restructure paid the old one). */
export function paidOnSchedule(row: LoanTermsRow, repaidFen: number): number {
  return Math.max(0, repaidFen - row.schedulePaidOffsetFen)
}

export type ScheduleLine = {
  dueDate: string
  principalFen: number
  interestFen: number
  feesFen: number
  paidFen: number
  status: 'paid' | 'partial' | 'overdue' | 'due' | 'upcoming'
}

export type ContractualLine = Omit<ScheduleLine, 'paidFen' | 'status'>

/**
 * The installments a loan's terms imply, before payments. A sales-share loan is repaid from sales as
 * they come, with a minimum: by each 30th day it must have repaid its pro-rata share of principal and
 * fee (the shortfall becomes due), and everything by maturity.
 */
export function contractualSchedule(terms: LoanTerms): ContractualLine[] {
  const lines =
    terms.repaymentMethod === 'sales_share'
      ? salesShareMinimums(terms)
      : terms.repaymentMethod === 'bullet'
        ? bullet(terms)
        : installments(terms)
  if (terms.arrearsFen > 0 && lines.length > 0) {
    lines[0] = { ...lines[0]!, feesFen: lines[0]!.feesFen + terms.arrearsFen }
  }
  return lines
}

function installments(terms: LoanTerms): ContractualLine[] {
  const schedule = buildSchedule(
    {
      principalFen: terms.principalFen,
      annualRateBps: terms.annualRateBps ?? 0,
      repayments: terms.repayments ?? 1,
      frequency: terms.frequency ?? 'monthly',
      ...INSTALLMENT_LOAN_SCHEDULE,
      startDate: terms.startOn,
    },
    terms.scheduleVersion,
  )
  return schedule.installments.map((line) => ({
    dueDate: line.dueDate,
    principalFen: line.principalFen,
    interestFen: line.interestFen,
    feesFen: 0,
  }))
}

/**
 * A farm loan: principal and the interest of the whole term due at once at maturity (the end of the
 * delivery window); the interest shown is ACT/365 on the full principal, what accrues if nothing is
 * repaid early (for a loan accruing interest on use, the most: as if all was spent at disbursement).
 */
function bullet(terms: LoanTerms): ContractualLine[] {
  const days = Math.max(0, daysBetween(terms.startOn, terms.maturesOn))
  const interestFen = Number(
    divRoundHalfEven(
      BigInt(terms.principalFen) * BigInt(terms.annualRateBps ?? 0) * BigInt(days),
      3_650_000n,
    ),
  )
  return [
    { dueDate: terms.maturesOn, principalFen: terms.principalFen, interestFen, feesFen: terms.feeFen ?? 0 },
  ]
}

/**
 * A sales-share minimum's parts (schedule version 2 on): each period's pro-rata share of `totalFen`
 * by its days, rounded half-even, the last period absorbing the remainder, as every schedule does
 * (API.md); rounded down instead where rounding up would leave the last part negative. Version 1
 * split by largest remainders, which could round the first period's share up.
 */
function shareByDays(totalFen: number, periodDays: readonly number[], termDays: number): number[] {
  const parts = (round: (numerator: bigint, denominator: bigint) => bigint) =>
    periodDays.map((days, k) =>
      k < periodDays.length - 1 ? Number(round(BigInt(totalFen) * BigInt(days), BigInt(termDays))) : 0,
    )
  let shares = parts(divRoundHalfEven)
  if (shares.reduce((sum, fen) => sum + fen, 0) > totalFen) shares = parts((n, d) => n / d)
  shares[shares.length - 1] = totalFen - shares.reduce((sum, fen) => sum + fen, 0)
  return shares
}

function salesShareMinimums(terms: LoanTerms): ContractualLine[] {
  const termDays = Math.max(1, daysBetween(terms.startOn, terms.maturesOn))
  const periods = Math.max(1, Math.ceil(termDays / SALES_SHARE_MINIMUM_PERIOD_DAYS))
  const periodDays = Array.from({ length: periods }, (_, k) =>
    k < periods - 1 ? SALES_SHARE_MINIMUM_PERIOD_DAYS : termDays - SALES_SHARE_MINIMUM_PERIOD_DAYS * k,
  )
  const split = (totalFen: number) =>
    terms.scheduleVersion >= 2 ? shareByDays(totalFen, periodDays, termDays) : allocate(totalFen, periodDays)
  const principalParts = split(terms.principalFen)
  const feeParts = terms.feeFen ? split(terms.feeFen) : periodDays.map(() => 0)
  return periodDays.map((_, k) => ({
    dueDate:
      k < periods - 1 ? addDays(terms.startOn, SALES_SHARE_MINIMUM_PERIOD_DAYS * (k + 1)) : terms.maturesOn,
    principalFen: principalParts[k]!,
    interestFen: 0,
    feesFen: feeParts[k]!,
  }))
}

export type AgedSchedule = {
  schedule: ScheduleLine[]
  daysPastDue: number
  bucket: Bucket
  /** Principal of installments past their due date and not paid: what penalty interest runs on. */
  overduePrincipalFen: number
  /** Everything scheduled on or before `asOf` and not yet paid. */
  dueFen: number
}

/**
 * What the ledger says was repaid towards the schedule in force and what is still owed. Principal
 * meets installments only through `principalPaidFen`: penalty and interest above the schedule paid by
 * a late payer are not principal, and must not make installments look paid.
 */
export type SchedulePayments = {
  /** Everything repayments paid towards the schedule in force (penalty and fees included). */
  paidFen: number
  /**
   * Of that, what was allocated to principal; undefined to apply `paidFen` to each installment in
   * order instead (a sales-share loan, whose minimums are of principal and fee together).
   */
  principalPaidFen: number | undefined
  /** What the loan still owes, by component. */
  owed: { principalFen: number; interestFen: number; feesFen: number; penaltyFen: number }
  maturesOn: IsoDate
}

/**
 * Ages the loan as of `asOf`. Payments meet the installments in due order: an installment's principal
 * only by principal repaid, its interest and fees by the rest (penalty above the schedule can fill
 * those, but never principal, which is allocated last). Days past due count from the oldest
 * installment not fully met; a loan past maturity that still owes anything is past due since maturity
 * at least. `paid` as a plain number (no ledger split) applies it to each installment's fees,
 * interest, then principal.
 */
export function ageSchedule(
  lines: ContractualLine[],
  paid: number | SchedulePayments,
  asOf: IsoDate,
): AgedSchedule {
  const payments = typeof paid === 'number' ? undefined : paid
  const principalPaidFen = payments?.principalPaidFen
  const split =
    principalPaidFen === undefined
      ? splitInOrder(lines, typeof paid === 'number' ? paid : paid.paidFen)
      : { principalFen: principalPaidFen, otherFen: payments!.paidFen - principalPaidFen }
  let principalLeft = Math.max(0, split.principalFen)
  let otherLeft = Math.max(0, split.otherFen)
  let oldestUnpaidDue: string | undefined
  let overduePrincipalFen = 0
  let principalShortFen = 0
  let dueFen = 0
  const schedule = lines.map((line): ScheduleLine => {
    const totalFen = line.principalFen + line.interestFen + line.feesFen
    const principalPaid = Math.min(principalLeft, line.principalFen)
    principalLeft -= principalPaid
    const otherPaid = Math.min(otherLeft, line.interestFen + line.feesFen)
    otherLeft -= otherPaid
    const paidFen = principalPaid + otherPaid
    let status: ScheduleLine['status']
    if (paidFen === totalFen) status = 'paid'
    else if (line.dueDate < asOf) status = 'overdue'
    else if (line.dueDate === asOf) status = 'due'
    else status = paidFen > 0 ? 'partial' : 'upcoming'
    if (status === 'overdue') {
      oldestUnpaidDue ??= line.dueDate
      overduePrincipalFen += line.principalFen - principalPaid
    }
    if (line.dueDate <= asOf) {
      dueFen += totalFen - paidFen
      principalShortFen += line.principalFen - principalPaid
    }
    return { ...line, paidFen, status }
  })
  let daysPastDue = oldestUnpaidDue ? daysBetween(oldestUnpaidDue as IsoDate, asOf) : 0
  if (payments) {
    const { owed } = payments
    const owedFen = owed.principalFen + owed.interestFen + owed.feesFen + owed.penaltyFen
    if (owedFen > 0 && payments.maturesOn < asOf) {
      daysPastDue = Math.max(daysPastDue, daysBetween(payments.maturesOn, asOf))
      overduePrincipalFen = owed.principalFen
    }
    // Principal is allocated last: meeting a principal shortfall takes everything else owed first.
    if (principalShortFen > 0 && principalPaidFen !== undefined) {
      dueFen = Math.max(dueFen, owed.penaltyFen + owed.feesFen + owed.interestFen + principalShortFen)
    }
  }
  return { schedule, daysPastDue, bucket: bucketFor(daysPastDue), overduePrincipalFen, dueFen }
}

/** `paidFen` applied to each installment in due order (fees, interest, then principal), by kind. */
function splitInOrder(lines: ContractualLine[], paidFen: number): { principalFen: number; otherFen: number } {
  let left = paidFen
  let principalFen = 0
  for (const line of lines) {
    const other = Math.min(left, line.interestFen + line.feesFen)
    const principal = Math.min(left - other, line.principalFen)
    left -= other + principal
    principalFen += principal
  }
  return { principalFen, otherFen: paidFen - principalFen }
}

/** What the ledger says of a loan: balances owed and everything repayments paid into it. */
export type LoanLedgerFigures = {
  principalFen: number
  interestFen: number
  feesFen: number
  penaltyFen: number
  repaidFen: number
}

/**
 * What had accrued on a loan before the night of a date (cumulative since disbursement): `marks` for
 * dates whose close has run (`loan_accrued_interest`), and `nowFen` for `nowOn`, the first night not
 * yet accrued (what the ledger holds now).
 */
export type AccruedInterest = {
  marks: ReadonlyMap<string, number>
  nowOn: IsoDate
  nowFen: number
}

function accruedBefore(accrued: AccruedInterest, date: string): number | undefined {
  return date === accrued.nowOn ? accrued.nowFen : accrued.marks.get(date)
}

/**
 * The installments in force with each one whose due date has come (on or before `asOf`) asking the
 * interest that actually accrued in its period (from the previous due date, or the schedule's start,
 * to the night before its own), not the schedule's projection: a prepayment leaves less to accrue,
 * and a restructure's first period starts from the accrual's running remainder. Installments still to
 * come show the projection. A period whose start or end was never marked (a loan serviced before the
 * marks existed) keeps the projection.
 */
export function withAccruedInterest(
  lines: ContractualLine[],
  terms: LoanTerms,
  accrued: AccruedInterest | undefined,
  startAccruedFen: number | undefined,
  asOf: IsoDate,
): ContractualLine[] {
  if (!accrued || terms.repaymentMethod !== 'installment') return lines
  let previousFen = startAccruedFen ?? accrued.marks.get(terms.startOn)
  return lines.map((line) => {
    if (line.dueDate > asOf) return line
    const atDueFen = accruedBefore(accrued, line.dueDate)
    const interestFen =
      atDueFen === undefined || previousFen === undefined
        ? line.interestFen
        : Math.max(0, atDueFen - previousFen)
    previousFen = atDueFen
    return { ...line, interestFen }
  })
}

/**
 * The schedule in force of a loan row, aged as of `asOf` with everything repaid so far. The principal
 * repaid on the schedule in force is its principal less what the ledger says is still owed. With
 * `accrued`, the installments due by `asOf` ask the interest actually accrued in their periods.
 */
export function ageLoan(
  row: LoanTermsRow,
  figures: LoanLedgerFigures,
  asOf: IsoDate,
  accrued?: AccruedInterest,
): AgedSchedule {
  const terms = termsOf(row, asOf)
  return ageSchedule(loanLines(row, terms, accrued, asOf), schedulePayments(row, terms, figures), asOf)
}

/** The loan's installments in force, those due by `asOf` with the interest accrued (see {@link withAccruedInterest}). */
export function loanLines(
  row: LoanTermsRow,
  terms: LoanTerms,
  accrued: AccruedInterest | undefined,
  asOf: IsoDate,
): ContractualLine[] {
  // A schedule from the disbursement starts with nothing accrued; a restructured one from its mark.
  const startAccruedFen = row.restructuredOn === null ? 0 : undefined
  return withAccruedInterest(contractualSchedule(terms), terms, accrued, startAccruedFen, asOf)
}

/**
 * What has been repaid towards the schedule in force (`terms`, from {@link termsOf}), for
 * {@link ageSchedule}: ageing a loan and projecting its payoff use the same figures.
 */
export function schedulePayments(
  row: LoanTermsRow,
  terms: LoanTerms,
  figures: LoanLedgerFigures,
): SchedulePayments {
  const paidFen = paidOnSchedule(row, figures.repaidFen)
  // Not yet disbursed: nothing owed and nothing repaid. Never more than repayments paid (a write-off
  // clears principal without paying it). A sales-share loan's minimums too are met in principal by
  // principal repaid: its fee, allocated first, paid ahead does not stand in for principal.
  const principalPaidFen =
    row.disbursedOn === null ? 0 : Math.min(paidFen, terms.principalFen - figures.principalFen)
  return { paidFen, principalPaidFen, owed: figures, maturesOn: terms.maturesOn }
}
