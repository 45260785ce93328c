/**
 * What a merchant is offered for an amount: every term and repayment option of its band, with the
 * total it would repay, computed by the same schedule code (and version) that will service the loan.
 * An installment option whose schedule would have an installment repaying no principal (an amount too
 * small for its number of installments) is not offered, so it cannot be applied for either
 * (`option_not_offered`), the same rule as the calculator and restructures (`newSchedule`).
 * Pure; safe to import from workflows.
 * @module
 */
import type { IsoDate } from '../kernel/business-date.js'
import { mulBps } from '../kernel/money.js'
import {
  buildSchedule,
  INSTALLMENT_LOAN_SCHEDULE,
  installmentsWithoutPrincipal,
  SCHEDULE_VERSION_CURRENT,
} from '../servicing/schedule.js'
import {
  bandPolicy,
  CREDIT_POLICY,
  type CreditPolicy,
  type InstallmentFrequency,
  type ScoreBand,
} from './credit-policy.js'

export type OfferOption =
  | {
      termDays: number
      repaymentMethod: 'installment'
      frequency: InstallmentFrequency
      repayments: number
      annualRateBps: number
      aprBps: number
      estimatedTotalRepayFen: number
    }
  | {
      termDays: number
      repaymentMethod: 'sales_share'
      salesShareBps: number
      feeFen: number
      estimatedTotalRepayFen: number
    }

/** The options for borrowing `amountFen` on `startDate` in `band`. */
export function offerOptions(
  band: ScoreBand,
  amountFen: number,
  startDate: IsoDate,
  policy: CreditPolicy = CREDIT_POLICY,
): OfferOption[] {
  const pricing = bandPolicy(band, policy)
  const installments = policy.installmentTerms.flatMap((term): OfferOption[] => {
    const schedule = buildSchedule(
      {
        principalFen: amountFen,
        annualRateBps: pricing.annualRateBps,
        repayments: term.repayments,
        frequency: term.frequency,
        ...INSTALLMENT_LOAN_SCHEDULE,
        startDate,
      },
      SCHEDULE_VERSION_CURRENT,
    )
    if (installmentsWithoutPrincipal(schedule).length > 0) return []
    const option: OfferOption = {
      termDays: term.termDays,
      repaymentMethod: 'installment',
      frequency: term.frequency,
      repayments: term.repayments,
      annualRateBps: pricing.annualRateBps,
      aprBps: schedule.aprBps,
      estimatedTotalRepayFen: amountFen + schedule.totalInterestFen,
    }
    return [option]
  })
  const feeFen = mulBps(amountFen, pricing.salesShareFeeBps)
  return [
    ...installments,
    {
      termDays: policy.salesShareTermDays,
      repaymentMethod: 'sales_share',
      salesShareBps: pricing.salesShareBps,
      feeFen,
      estimatedTotalRepayFen: amountFen + feeFen,
    },
  ]
}
