/**
 * Every code an API answer can carry, with its HTTP status and the key the pages translate it by
 * (API answers stay in English; pages show `messageKey` in the reader's language). A code is a
 * promise to clients: add one here before throwing it, never rename one.
 *
 * `Refusal` takes only the 422 codes, `Conflict` only the 409 codes, so the class a site throws and
 * the status the catalogue gives can never disagree (src/kernel/errors.ts).
 * @module
 */
import { assert } from './assert.js'

/** The statuses a problem answer has; `null`: the 4xx status the HTTP framework raised, passed on. */
export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503

type Entry = { readonly status: ProblemStatus | null; readonly messageKey: string }

/** Checks, at compile time, that each entry's message key is `refusal.` + its own code. */
function catalogue<const T extends Record<string, Entry>>(
  entries: T & { [Code in keyof T & string]: { messageKey: `refusal.${Code}` } },
): T {
  return Object.freeze(entries)
}

export const REFUSALS = catalogue({
  // 400: the request itself is malformed.
  validation_failed: { status: 400, messageKey: 'refusal.validation_failed' },
  idempotency_key_required: { status: 400, messageKey: 'refusal.idempotency_key_required' },
  // 401, 403: who is asking.
  unauthenticated: { status: 401, messageKey: 'refusal.unauthenticated' },
  invalid_api_key: { status: 401, messageKey: 'refusal.invalid_api_key' },
  forbidden: { status: 403, messageKey: 'refusal.forbidden' },
  // 404: no such thing, or not the caller's (others' records answer 404 too).
  not_found: { status: 404, messageKey: 'refusal.not_found' },
  // 409: conflicts with the current state.
  idempotency_key_reused: { status: 409, messageKey: 'refusal.idempotency_key_reused' },
  idempotency_request_in_progress: { status: 409, messageKey: 'refusal.idempotency_request_in_progress' },
  account_exists_different: { status: 409, messageKey: 'refusal.account_exists_different' },
  external_ref_taken: { status: 409, messageKey: 'refusal.external_ref_taken' },
  close_of_business_running: { status: 409, messageKey: 'refusal.close_of_business_running' },
  credit_refresh_running: { status: 409, messageKey: 'refusal.credit_refresh_running' },
  /** An input plan changed after its contract was financed. */
  contract_already_financed: { status: 409, messageKey: 'refusal.contract_already_financed' },
  /** An insurer deciding a claim it decided already (a claim is decided once). */
  claim_already_decided: { status: 409, messageKey: 'refusal.claim_already_decided' },
  // 413, 415: the body cannot be read.
  body_too_large: { status: 413, messageKey: 'refusal.body_too_large' },
  // 422: business rules. Nothing was written.
  // Merchant loan applications.
  amount_below_minimum: { status: 422, messageKey: 'refusal.amount_below_minimum' },
  amount_above_available: { status: 422, messageKey: 'refusal.amount_above_available' },
  option_not_offered: { status: 422, messageKey: 'refusal.option_not_offered' },
  refill_not_eligible: { status: 422, messageKey: 'refusal.refill_not_eligible' },
  amount_below_payoff: { status: 422, messageKey: 'refusal.amount_below_payoff' },
  /** The agreement the merchant was shown no longer matches the terms the loan would be booked on. */
  terms_changed: { status: 422, messageKey: 'refusal.terms_changed' },
  // Merchants: sales, wallets.
  future_date: { status: 422, messageKey: 'refusal.future_date' },
  refund_exceeds_gross: { status: 422, messageKey: 'refusal.refund_exceeds_gross' },
  invalid_csv_header: { status: 422, messageKey: 'refusal.invalid_csv_header' },
  /**
   * Sales import given a body that is neither NDJSON nor CSV: 422. (A 415 the HTTP framework raises
   * carries this code too; the error handler passes that status on.)
   */
  unsupported_media_type: { status: 422, messageKey: 'refusal.unsupported_media_type' },
  // Loans and servicing.
  loan_closed: { status: 422, messageKey: 'refusal.loan_closed' },
  loan_not_active: { status: 422, messageKey: 'refusal.loan_not_active' },
  loan_changed: { status: 422, messageKey: 'refusal.loan_changed' },
  date_in_past: { status: 422, messageKey: 'refusal.date_in_past' },
  amount_above_penalty: { status: 422, messageKey: 'refusal.amount_above_penalty' },
  term_not_allowed: { status: 422, messageKey: 'refusal.term_not_allowed' },
  nothing_to_restructure: { status: 422, messageKey: 'refusal.nothing_to_restructure' },
  /** New terms (calculator, loan option, restructure) whose schedule has an installment repaying no principal. */
  installment_without_principal: { status: 422, messageKey: 'refusal.installment_without_principal' },
  business_date_not_reached: { status: 422, messageKey: 'refusal.business_date_not_reached' },
  // Ledger.
  insufficient_funds: { status: 422, messageKey: 'refusal.insufficient_funds' },
  invalid_amount: { status: 422, messageKey: 'refusal.invalid_amount' },
  invalid_entry: { status: 422, messageKey: 'refusal.invalid_entry' },
  entry_unbalanced: { status: 422, messageKey: 'refusal.entry_unbalanced' },
  entry_already_reversed: { status: 422, messageKey: 'refusal.entry_already_reversed' },
  account_not_found: { status: 422, messageKey: 'refusal.account_not_found' },
  currency_mismatch: { status: 422, messageKey: 'refusal.currency_mismatch' },
  hold_not_found: { status: 422, messageKey: 'refusal.hold_not_found' },
  hold_not_pending: { status: 422, messageKey: 'refusal.hold_not_pending' },
  hold_expired: { status: 422, messageKey: 'refusal.hold_expired' },
  // Farm loans: contracts, policies, claims.
  contract_not_signed: { status: 422, messageKey: 'refusal.contract_not_signed' },
  contract_cancelled: { status: 422, messageKey: 'refusal.contract_cancelled' },
  contract_value_too_large: { status: 422, messageKey: 'refusal.contract_value_too_large' },
  delivery_window_invalid: { status: 422, messageKey: 'refusal.delivery_window_invalid' },
  delivery_window_past: { status: 422, messageKey: 'refusal.delivery_window_past' },
  quantity_too_large: { status: 422, messageKey: 'refusal.quantity_too_large' },
  policy_contract_mismatch: { status: 422, messageKey: 'refusal.policy_contract_mismatch' },
  claim_not_open: { status: 422, messageKey: 'refusal.claim_not_open' },
  /** A partial acceptance of 0 or more than the claim, an amount on a rejection or a full acceptance that is not the claim. */
  claim_amount_invalid: { status: 422, messageKey: 'refusal.claim_amount_invalid' },
  /** A payment on a claim not accepted (open, rejected, withdrawn); `claimStatus` says which. */
  claim_not_accepted: { status: 422, messageKey: 'refusal.claim_not_accepted' },
  /** A payment beyond what may still be paid on the claim; `payableFen` says how much may. */
  claim_overpaid: { status: 422, messageKey: 'refusal.claim_overpaid' },
  // Farm loans: the parties that back a loan (issue 17, item 5).
  offtaker_not_approved: { status: 422, messageKey: 'refusal.offtaker_not_approved' },
  insurer_not_approved: { status: 422, messageKey: 'refusal.insurer_not_approved' },
  insurer_not_found: { status: 422, messageKey: 'refusal.insurer_not_found' },
  policy_coverage_below_minimum: { status: 422, messageKey: 'refusal.policy_coverage_below_minimum' },
  policy_premium_not_positive: { status: 422, messageKey: 'refusal.policy_premium_not_positive' },
  offtaker_exposure_limit: { status: 422, messageKey: 'refusal.offtaker_exposure_limit' },
  insurer_exposure_limit: { status: 422, messageKey: 'refusal.insurer_exposure_limit' },
  // Farm loop: offtakers pay for deliveries in cash (issue 17, item 3).
  delivery_outside_window: { status: 422, messageKey: 'refusal.delivery_outside_window' },
  payment_exceeds_open_proceeds: { status: 422, messageKey: 'refusal.payment_exceeds_open_proceeds' },
  offtaker_proceeds_overdue: { status: 422, messageKey: 'refusal.offtaker_proceeds_overdue' },
  invalid_statement_line: { status: 422, messageKey: 'refusal.invalid_statement_line' },
  // Farm loop: supplier settlements.
  settlement_not_pending: { status: 422, messageKey: 'refusal.settlement_not_pending' },
  // Farm loans: restricted wallets.
  restricted_funds_not_withdrawable: { status: 422, messageKey: 'refusal.restricted_funds_not_withdrawable' },
  restricted_wallet_closed: { status: 422, messageKey: 'refusal.restricted_wallet_closed' },
  supplier_not_approved: { status: 422, messageKey: 'refusal.supplier_not_approved' },
  unknown_sku: { status: 422, messageKey: 'refusal.unknown_sku' },
  category_not_eligible: { status: 422, messageKey: 'refusal.category_not_eligible' },
  // Farm loans: the reviewed catalogue and the offtaker's input plan.
  product_not_approved: { status: 422, messageKey: 'refusal.product_not_approved' },
  price_above_reference: { status: 422, messageKey: 'refusal.price_above_reference' },
  not_in_input_plan: { status: 422, messageKey: 'refusal.not_in_input_plan' },
  category_budget_exceeded: { status: 422, messageKey: 'refusal.category_budget_exceeded' },
  insufficient_restricted_balance: { status: 422, messageKey: 'refusal.insufficient_restricted_balance' },
  nothing_to_refund: { status: 422, messageKey: 'refusal.nothing_to_refund' },
  refund_exceeds_purchase: { status: 422, messageKey: 'refusal.refund_exceeds_purchase' },
  // Farm loans: the farmer's consent at the point of sale (issue 17, item 2).
  /** A supplier typed a code that is not the request's; `details.attemptsLeft` says how many tries remain. */
  purchase_request_code_wrong: { status: 422, messageKey: 'refusal.purchase_request_code_wrong' },
  /** Five wrong codes locked the request: nothing confirms it any more, not even the right code. */
  purchase_request_locked: { status: 422, messageKey: 'refusal.purchase_request_locked' },
  purchase_request_expired: { status: 422, messageKey: 'refusal.purchase_request_expired' },
  purchase_request_cancelled: { status: 422, messageKey: 'refusal.purchase_request_cancelled' },
  /** The supplier's price changed after the farmer was shown the request: nothing paid; ring it up again. */
  purchase_request_price_changed: { status: 422, messageKey: 'refusal.purchase_request_price_changed' },
  /** Cancelling a request already paid (a refund is the way back); `details.purchaseId` names the purchase. */
  purchase_request_confirmed: { status: 422, messageKey: 'refusal.purchase_request_confirmed' },
  // Webhooks.
  too_many_endpoints: { status: 422, messageKey: 'refusal.too_many_endpoints' },
  /** A webhook URL aimed at a loopback, private, link-local, shared, multicast or unspecified address (issue 19). */
  webhook_url_not_allowed: { status: 422, messageKey: 'refusal.webhook_url_not_allowed' },
  // 429: too many requests.
  rate_limited: { status: 429, messageKey: 'refusal.rate_limited' },
  too_many_invalid_keys: { status: 429, messageKey: 'refusal.too_many_invalid_keys' },
  // The server's side.
  /** Any other 4xx the HTTP framework raised, with its own status. */
  http_error: { status: null, messageKey: 'refusal.http_error' },
  internal_error: { status: 500, messageKey: 'refusal.internal_error' },
  service_unavailable: { status: 503, messageKey: 'refusal.service_unavailable' },
  not_ready: { status: 503, messageKey: 'refusal.not_ready' },
})

type Refusals = typeof REFUSALS

/** A code from the catalogue; a code that is not in it fails to compile. */
export type RefusalCode = keyof Refusals

/** The codes the catalogue answers with `status`. */
export type RefusalCodeWith<Status extends ProblemStatus | null> = {
  [Code in RefusalCode]: Refusals[Code]['status'] extends Status ? Code : never
}[RefusalCode]

/** Codes with a status of their own (all but `http_error`). */
export type FixedStatusCode = RefusalCodeWith<ProblemStatus>

export function isRefusalCode(value: string): value is RefusalCode {
  return Object.hasOwn(REFUSALS, value)
}

/** A code read back from storage (the ledger keeps a failed post's refusal): it must be a 422 one. */
export function unprocessableCode(value: string): RefusalCodeWith<422> {
  assert(isRefusalCode(value) && REFUSALS[value].status === 422, `${value} is not a 422 refusal code`)
  return value as RefusalCodeWith<422>
}
