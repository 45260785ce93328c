/**
 * What a merchant is offered for an amount: every term and repayment option of its band, with the
 * total it would repay, computed by the same schedule code that will service the loan.
 * Pure; safe to import from workflows.
 * @module
 */
import type { IsoDate } from '../kernel/business-date.js'
import { mulBps } from '../kernel/money.js'
import { buildSchedule } from '../servicing/schedule.js'
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
  const installments = policy.installmentTerms.map((term): OfferOption => {
    const schedule = buildSchedule({
      principalFen: amountFen,
      annualRateBps: pricing.annualRateBps,
      repayments: term.repayments,
      frequency: term.frequency,
      method: 'annuity',
      interestBasis: 'act365',
      startDate,
    })
    return {
      termDays: term.termDays,
      repaymentMethod: 'installment',
      frequency: term.frequency,
      repayments: term.repayments,
      annualRateBps: pricing.annualRateBps,
      aprBps: schedule.aprBps,
      estimatedTotalRepayFen: amountFen + schedule.totalInterestFen,
    }
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
