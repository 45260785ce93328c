/**
 * Texts for the codes API answers carry (src/kernel/refusals.ts) and the credit reasons a merchant
 * is told. The English reason and decline texts are the credit domain's own, so they cannot drift.
 */
import { DECLINE_TEXTS, LINE_REASON_TEXTS } from '../../../credit/credit-policy.js'
import { REASON_TEXTS, STRENGTH_TEXTS } from '../../../credit/scorecard.js'

export const codes = {
  refusal: {
    validation_failed: 'Some of what was entered is not valid.',
    not_found: 'Not found.',
    forbidden: 'You may not do that.',
    insufficient_funds: 'There is not enough money for that.',
  },
  /** What shapes a line: what holds it down, what supports it, how it is set. */
  reason: { ...REASON_TEXTS, ...STRENGTH_TEXTS, ...LINE_REASON_TEXTS },
  decline: DECLINE_TEXTS,
} as const
