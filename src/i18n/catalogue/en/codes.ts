/**
 * Texts for the codes API answers carry (src/kernel/refusals.ts) and the credit reasons a merchant
 * is told. The English reason and decline texts are the credit domain's own, so they cannot drift.
 */
import { DECLINE_TEXTS } from '../../../credit/credit-policy.js'
import { REASON_TEXTS } from '../../../credit/scorecard.js'

export const codes = {
  refusal: {
    validation_failed: 'Some of what was entered is not valid.',
    not_found: 'Not found.',
    forbidden: 'You may not do that.',
    insufficient_funds: 'There is not enough money for that.',
    claim_already_decided: 'This claim was decided already; a claim is decided once.',
    claim_not_open: 'This claim is closed: its loan was repaid.',
    claim_amount_invalid:
      'That amount does not fit the decision: accept part means more than zero and at most the claim.',
    claim_not_accepted: 'This claim is not accepted, so nothing can be paid on it.',
    claim_overpaid: 'That is more than is still to pay on this claim.',
    payment_exceeds_open_proceeds: 'That is more than you owe for these deliveries.',
    future_date: 'That date is in the future.',
    invalid_amount: 'Enter an amount above zero.',
    idempotency_key_reused: 'This form was already sent with other values. Reload the page and try again.',
    contract_already_financed: 'This contract is financed already; its inputs can no longer change.',
    contract_cancelled: 'This contract is cancelled.',
    category_not_eligible: 'That input is not allowed for this crop.',
  },
  reason: REASON_TEXTS,
  decline: DECLINE_TEXTS,
} as const
