/**
 * The rules of a merchant loan application, as a pure function of what was read under the credit
 * line's lock: refused (422, nothing written), declined (recorded with its reasons) or approved with
 * the offered option it takes. src/merchant-loans/origination-service.ts reads the facts and writes
 * the outcome.
 * @module
 */
import {
  CREDIT_POLICY,
  type InstallmentFrequency,
  type RepaymentMethod,
  type ScoreBand,
} from '../credit/credit-policy.js'
import type { Reason } from '../credit/application-decision.js'
import { offerOptions, type OfferOption } from '../credit/offer.js'
import type { IsoDate } from '../kernel/business-date.js'
import type { RefusalCodeWith } from '../kernel/refusals.js'

/**
 * This many applications (approved or declined) on one business date, and the next one that day is a
 * velocity decline. Business time, not the wall clock: a simulation closes days in seconds, and the
 * lender's day is the unit every other rule counts in.
 */
export const APPLICATIONS_PER_BUSINESS_DAY_MAX = 5
/** Last week's sales above this multiple of the 90-day average look pumped to win a bigger line. */
export const SALES_SPIKE_RATIO_MAX = 3
/** A loan may be refilled once this share of its principal is repaid. */
export const REFILL_REPAID_BPS_MIN = 7_500

/** What the merchant asks for (the application without its workflow id). */
export type ApplicationRequest = {
  merchantId: number
  amountFen: number
  termDays: number
  repaymentMethod: RepaymentMethod
  frequency?: InstallmentFrequency
  /** A refill: this loan of the merchant's, at least 75% repaid, is paid off from the new loan's proceeds. */
  refillOfLoanId?: number
}

/** The merchant's credit line, locked for the decision. */
export type LineFacts = {
  eligible: boolean
  scoreBand: ScoreBand | null
  creditLimitFen: number
  reasons: Reason[]
  /** Last week's sales over the 90-day average, from the line's features. */
  spikeRatio: number
  /** The credit policy the line was decided under; the loan is booked under it. */
  policyVersion: string
}

/** The loan a refill would pay off, locked for the decision; `loan` is null when there is none. */
export type RefillFacts =
  | { loan: null }
  | {
      loan: { id: number; product: string; borrowerId: number; status: string; principalFen: number }
      /** A loan that already refills this one. */
      refilledByLoanId: number | null
      principalOwedFen: number
      payoffFen: number
    }

/**
 * Everything an application is decided on. `position` is read only for an eligible line (a declined
 * line locks nothing more); `refill` only when the application names a loan to refill.
 */
export type ApplicationFacts = {
  businessDate: IsoDate
  line: LineFacts
  position?: {
    /** Principal still owed on the merchant's booked and active loans. */
    outstandingPrincipalFen: number
    /** Applications of the merchant already recorded on the business date. */
    applicationsToday: number
    refill?: RefillFacts
  }
}

export type ApplicationRefusalCode = Extract<
  RefusalCodeWith<422>,
  | 'amount_below_minimum'
  | 'amount_above_available'
  | 'option_not_offered'
  | 'refill_not_eligible'
  | 'amount_below_payoff'
  | 'terms_changed'
>

export type ApplicationVerdict =
  | { kind: 'refused'; code: ApplicationRefusalCode; detail: string }
  | { kind: 'declined'; reasons: Reason[] }
  | { kind: 'approved'; reasons: Reason[]; option: OfferOption }

/** Whether the line lends at all; the rest of the facts are read only when it does. */
export function lineLends(line: LineFacts): line is LineFacts & { scoreBand: ScoreBand } {
  return line.eligible && line.scoreBand !== null
}

/** The rules in the order a merchant hears them: the line, the refill, the amount, the option, fraud. */
export function judgeApplication(request: ApplicationRequest, facts: ApplicationFacts): ApplicationVerdict {
  const { line, position } = facts
  if (!lineLends(line) || !position) return { kind: 'declined', reasons: line.reasons }
  const refill = position.refill && refillTerms(request, position.refill)
  if (refill && 'refusal' in refill) return refill.refusal
  // A refill's old loan is paid off from the new one, so its principal does not count against the line.
  const availableFen =
    line.creditLimitFen - position.outstandingPrincipalFen + (refill?.oldPrincipalOwedFen ?? 0)
  if (request.amountFen < CREDIT_POLICY.creditLimitFenMin) {
    return {
      kind: 'refused',
      code: 'amount_below_minimum',
      detail: `The smallest loan is ${CREDIT_POLICY.creditLimitFenMin} fen.`,
    }
  }
  if (request.amountFen > availableFen) {
    return {
      kind: 'refused',
      code: 'amount_above_available',
      detail: `At most ${Math.max(0, availableFen)} fen is available.`,
    }
  }
  const option = offerOptions(line.scoreBand, request.amountFen, facts.businessDate).find(
    (candidate) =>
      candidate.termDays === request.termDays &&
      candidate.repaymentMethod === request.repaymentMethod &&
      (candidate.repaymentMethod === 'sales_share' || candidate.frequency === request.frequency),
  )
  if (!option) {
    return {
      kind: 'refused',
      code: 'option_not_offered',
      detail: 'No offered option has this term, method and frequency.',
    }
  }
  if (refill && request.amountFen <= refill.payoffFen) {
    return {
      kind: 'refused',
      code: 'amount_below_payoff',
      detail: `A refill must be more than the ${refill.payoffFen} fen that pays loan ${request.refillOfLoanId} off.`,
    }
  }
  const fraud = fraudReasons(position.applicationsToday, line.spikeRatio)
  if (fraud.length > 0) return { kind: 'declined', reasons: fraud }
  return { kind: 'approved', reasons: line.reasons, option }
}

/**
 * Whether the merchant may refill the loan (its own active loan, at least 75% of the principal
 * repaid, not already being refilled), what is still owed on it and what pays it off today.
 */
export function refillTerms(
  request: Pick<ApplicationRequest, 'merchantId' | 'refillOfLoanId'>,
  facts: RefillFacts,
):
  | { refusal: Extract<ApplicationVerdict, { kind: 'refused' }> }
  | { oldPrincipalOwedFen: number; payoffFen: number } {
  const refuse = (detail: string) => ({
    refusal: { kind: 'refused' as const, code: 'refill_not_eligible' as const, detail },
  })
  const old = facts.loan
  if (!old || old.product !== 'merchant' || old.borrowerId !== request.merchantId) {
    return refuse(`Loan ${request.refillOfLoanId} is not one of this merchant's loans.`)
  }
  if (old.status !== 'active') return refuse(`Loan ${old.id} is ${old.status}.`)
  if (facts.refilledByLoanId !== null) {
    return refuse(`Loan ${old.id} is already refilled by loan ${facts.refilledByLoanId}.`)
  }
  const repaidBps = Math.floor(((old.principalFen - facts.principalOwedFen) * 10_000) / old.principalFen)
  if (repaidBps < REFILL_REPAID_BPS_MIN) {
    return refuse(
      `${(repaidBps / 100).toFixed(2)}% of loan ${old.id}'s principal is repaid; a refill needs ${REFILL_REPAID_BPS_MIN / 100}%.`,
    )
  }
  return { oldPrincipalOwedFen: facts.principalOwedFen, payoffFen: facts.payoffFen }
}

/** What a merchant declined by the fraud checks is told (the pages translate them by code). */
export const FRAUD_DECLINE_TEXTS = {
  too_many_applications: 'Too many applications today; please try again tomorrow.',
  sales_spike: 'Your sales in the last week are far above your usual level; we need to see them settle.',
} as const

function fraudReasons(applicationsToday: number, spikeRatio: number): Reason[] {
  const reasons: Reason[] = []
  if (applicationsToday >= APPLICATIONS_PER_BUSINESS_DAY_MAX) {
    reasons.push({ code: 'too_many_applications', text: FRAUD_DECLINE_TEXTS.too_many_applications })
  }
  if (spikeRatio > SALES_SPIKE_RATIO_MAX) {
    reasons.push({ code: 'sales_spike', text: FRAUD_DECLINE_TEXTS.sales_spike })
  }
  return reasons
}
