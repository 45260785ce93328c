/**
 * Texts for the codes API answers carry (src/kernel/refusals.ts) and the credit reasons a merchant
 * is told. The English reason and decline texts are the credit domain's own, so they cannot drift.
 */
import { DECLINE_TEXTS, LINE_REASON_TEXTS } from '../../../credit/credit-policy.js'
import { REASON_TEXTS, STRENGTH_TEXTS } from '../../../credit/scorecard.js'
import { FRAUD_DECLINE_TEXTS } from '../../../merchant-loans/origination-rules.js'

export const codes = {
  refusal: {
    validation_failed: 'Some of what was entered is not valid.',
    not_found: 'Not found.',
    forbidden: 'You may not do that.',
    insufficient_funds: 'There is not enough money for that.',
    amount_below_minimum: 'The smallest loan is ¥1.00.',
    amount_above_available: 'That is more than you can borrow now.',
    option_not_offered: 'That term is not offered for this amount.',
    refill_not_eligible: 'This loan cannot be refilled now.',
    amount_below_payoff: 'A refill must be more than what pays the old loan off.',
    terms_changed: 'The terms changed since you read the agreement. Read the new one and accept it.',
    loan_closed: 'This loan is already closed.',
    loan_not_active: 'This loan is not active.',
  },
  /** What shapes a line: what holds it down, what supports it, how it is set. */
  reason: { ...REASON_TEXTS, ...STRENGTH_TEXTS, ...LINE_REASON_TEXTS },
  /** Why an application or a line is declined: the credit rules, then the fraud checks. */
  decline: { ...DECLINE_TEXTS, ...FRAUD_DECLINE_TEXTS },
} as const
