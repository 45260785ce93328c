/**
 * A loan as borrowers and officers see it, derived (never stored) from its terms, the ledger and the
 * business date: the schedule in force from the same code as the calculator, payments applied to the
 * installments in due order, days past due from the oldest unpaid installment. Pure.
 * @module
 */
import { addDays, daysBetween, type IsoDate } from '../kernel/business-date.js'
import { allocate, divRoundHalfEven } from '../kernel/money.js'
import { buildSchedule } from './schedule.js'
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
  const schedule = buildSchedule({
    principalFen: terms.principalFen,
    annualRateBps: terms.annualRateBps ?? 0,
    repayments: terms.repayments ?? 1,
    frequency: terms.frequency ?? 'monthly',
    method: 'annuity',
    interestBasis: 'act365',
    startDate: terms.startOn,
  })
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
 * repaid early.
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

function salesShareMinimums(terms: LoanTerms): ContractualLine[] {
  const termDays = Math.max(1, daysBetween(terms.startOn, terms.maturesOn))
  const periods = Math.max(1, Math.ceil(termDays / SALES_SHARE_MINIMUM_PERIOD_DAYS))
  const periodDays = Array.from({ length: periods }, (_, k) =>
    k < periods - 1 ? SALES_SHARE_MINIMUM_PERIOD_DAYS : termDays - SALES_SHARE_MINIMUM_PERIOD_DAYS * k,
  )
  const principalParts = allocate(terms.principalFen, periodDays)
  const feeParts = terms.feeFen ? allocate(terms.feeFen, periodDays) : periodDays.map(() => 0)
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
 * Applies `paidFen` to the installments in due order (within an installment: fees, interest, then
 * principal) and ages the loan as of `asOf`.
 */
export function ageSchedule(lines: ContractualLine[], paidFen: number, asOf: IsoDate): AgedSchedule {
  let left = paidFen
  let oldestUnpaidDue: string | undefined
  let overduePrincipalFen = 0
  let dueFen = 0
  const schedule = lines.map((line): ScheduleLine => {
    const totalFen = line.principalFen + line.interestFen + line.feesFen
    const paid = Math.min(left, totalFen)
    left -= paid
    let status: ScheduleLine['status']
    if (paid === totalFen) status = 'paid'
    else if (line.dueDate < asOf) status = 'overdue'
    else if (line.dueDate === asOf) status = 'due'
    else status = paid > 0 ? 'partial' : 'upcoming'
    if (status === 'overdue') {
      oldestUnpaidDue ??= line.dueDate
      overduePrincipalFen += Math.min(line.principalFen, totalFen - paid)
    }
    if (line.dueDate <= asOf) dueFen += totalFen - paid
    return { ...line, paidFen: paid, status }
  })
  const daysPastDue = oldestUnpaidDue ? daysBetween(oldestUnpaidDue as IsoDate, asOf) : 0
  return { schedule, daysPastDue, bucket: bucketFor(daysPastDue), overduePrincipalFen, dueFen }
}

/** The schedule in force of a loan row, aged as of `asOf` with everything repaid so far. */
export function ageLoan(row: LoanTermsRow, repaidFen: number, asOf: IsoDate): AgedSchedule {
  return ageSchedule(contractualSchedule(termsOf(row, asOf)), paidOnSchedule(row, repaidFen), asOf)
}
