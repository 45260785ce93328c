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
    supplier_not_approved: 'This supplier is not approved to sell to farmers yet.',
    unknown_sku: 'This shop does not sell that product.',
    category_not_eligible: 'Farm-input money cannot buy this kind of product for this crop.',
    product_not_approved: 'This product has not been approved yet.',
    price_above_reference: 'This product’s price is too far above its approved price.',
    not_in_input_plan: 'This product is not in the input plan of the farmer’s contract.',
    category_budget_exceeded: 'This would spend more on this kind of input than the loan allows.',
    insufficient_restricted_balance: 'There is not enough farm-input money left for this.',
    restricted_wallet_closed: 'The farm-input money is closed: the season’s buying has ended.',
    nothing_to_refund: 'Nothing is left to refund on this sale.',
    refund_exceeds_purchase: 'That is more than is left to refund.',
    purchase_request_code_wrong: 'That code is wrong.',
    purchase_request_locked: 'Too many wrong codes: this sale is locked. Ring it up again.',
    purchase_request_expired: 'This sale has expired (15 minutes). Ring it up again.',
    purchase_request_cancelled: 'This sale was cancelled.',
    purchase_request_confirmed: 'This sale is already paid.',
    purchase_request_price_changed: 'The price changed since the sale was rung up. Ring it up again.',
  },
  reason: REASON_TEXTS,
  decline: DECLINE_TEXTS,
} as const
