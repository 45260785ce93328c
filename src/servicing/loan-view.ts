/**
 * A loan as borrowers and officers see it, derived (never stored) from its terms, the ledger and the
 * business date: the schedule from the same code as the calculator, payments applied to the
 * installments in due order, days past due from the oldest unpaid installment. Pure.
 * @module
 */
import { daysBetween, type IsoDate } from '../kernel/business-date.js'
import { buildSchedule } from './schedule.js'
import { bucketFor, type Bucket } from './delinquency.js'

export type LoanTerms = {
  principalFen: number
  repaymentMethod: 'installment' | 'sales_share'
  frequency: 'daily' | 'weekly' | 'monthly' | null
  repayments: number | null
  annualRateBps: number | null
  feeFen: number | null
  disbursedOn: IsoDate
  maturesOn: IsoDate
}

export type ScheduleLine = {
  dueDate: string
  principalFen: number
  interestFen: number
  feesFen: number
  paidFen: number
  status: 'paid' | 'partial' | 'overdue' | 'due' | 'upcoming'
}

/** The installments a loan's terms imply, before payments. */
export function contractualSchedule(terms: LoanTerms): Array<Omit<ScheduleLine, 'paidFen' | 'status'>> {
  if (terms.repaymentMethod === 'sales_share') {
    // Repaid from sales as they come; contractually everything is due at maturity.
    return [
      {
        dueDate: terms.maturesOn,
        principalFen: terms.principalFen,
        interestFen: 0,
        feesFen: terms.feeFen ?? 0,
      },
    ]
  }
  const schedule = buildSchedule({
    principalFen: terms.principalFen,
    annualRateBps: terms.annualRateBps ?? 0,
    repayments: terms.repayments ?? 1,
    frequency: terms.frequency ?? 'monthly',
    method: 'annuity',
    interestBasis: 'act365',
    startDate: terms.disbursedOn,
  })
  return schedule.installments.map((line) => ({
    dueDate: line.dueDate,
    principalFen: line.principalFen,
    interestFen: line.interestFen,
    feesFen: 0,
  }))
}

/** Applies `paidFen` to the installments in due order and ages the loan as of `businessDate`. */
export function ageSchedule(
  lines: Array<Omit<ScheduleLine, 'paidFen' | 'status'>>,
  paidFen: number,
  businessDate: IsoDate,
): { schedule: ScheduleLine[]; daysPastDue: number; bucket: Bucket } {
  let left = paidFen
  let oldestUnpaidDue: string | undefined
  const schedule = lines.map((line): ScheduleLine => {
    const totalFen = line.principalFen + line.interestFen + line.feesFen
    const paid = Math.min(left, totalFen)
    left -= paid
    let status: ScheduleLine['status']
    if (paid === totalFen) status = 'paid'
    else if (line.dueDate < businessDate) status = 'overdue'
    else if (line.dueDate === businessDate) status = 'due'
    else status = paid > 0 ? 'partial' : 'upcoming'
    if (status === 'overdue') oldestUnpaidDue ??= line.dueDate
    return { ...line, paidFen: paid, status }
  })
  const daysPastDue = oldestUnpaidDue ? daysBetween(oldestUnpaidDue as IsoDate, businessDate) : 0
  return { schedule, daysPastDue, bucket: bucketFor(daysPastDue) }
}
