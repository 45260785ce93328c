/**
 * Every operation of the API as an integrator reads it: a stable `operationId` (generated clients
 * name their methods by it, so never rename one), a one-line summary, what it changes, and the
 * business refusals it may answer. Who may call it, whether it needs an `Idempotency-Key`, and the
 * refusals those checks imply are added from the route itself (src/http/api-document.ts).
 * @module
 */
import type { Role } from '../access/principal.js'
import type { RefusalCode } from '../kernel/refusals.js'

export type OperationDoc = {
  /** Stable, unique, a verb of the domain: what generated clients call the method. */
  readonly operationId: string
  /** One line. */
  readonly summary: string
  /** What it changes (or reads), and anything a caller must know. */
  readonly effect: string
  /** The business refusals (409, 422, ...) it may answer, as codes of the catalogue. */
  readonly refusals?: readonly RefusalCode[]
  /** Only for a route that checks its caller in its handler: who may call it. */
  readonly callers?: readonly Role[]
  /** A real request body and its success answer, shown on the docs page (the money-moving operations). */
  readonly example?: { readonly request?: unknown; readonly response?: unknown }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
export type OperationKey = `${Method} /v1/${string}`

const LEDGER_POST: readonly RefusalCode[] = ['insufficient_funds', 'invalid_amount']
/** What a restricted-wallet purchase is checked against, whether the farmer pays or a supplier rings it up. */
const PURCHASE_CHECKS: readonly RefusalCode[] = [
  'supplier_not_approved',
  'unknown_sku',
  'product_not_approved',
  'category_not_eligible',
  'price_above_reference',
  'not_in_input_plan',
  'category_budget_exceeded',
  'insufficient_restricted_balance',
  'restricted_wallet_closed',
]

export const OPERATIONS: Readonly<Record<OperationKey, OperationDoc>> = {
  // System and admin.
  'GET /v1/system/business-date': {
    operationId: 'getBusinessDate',
    summary: 'The current business date',
    effect:
      'The date the lender’s books are on: schedules, due dates and sales settle by it, not by the wall clock.',
  },
  'POST /v1/system/close-of-business': {
    operationId: 'closeBusinessDay',
    summary: 'Close the business day (or several)',
    effect:
      'Runs the close of business: settles the day’s sales, collects what is due, accrues interest and penalties, ages loans, then moves the business date on.',
    refusals: ['close_of_business_running'],
  },
  'POST /v1/admin/principals': {
    operationId: 'createApiKey',
    summary: 'Create an API key for a role',
    effect:
      'Creates a principal with a role (and, for a party role, the party it acts for) and answers its API key once; it is never shown again.',
  },
  'POST /v1/admin/principals/{principalId}/revoke': {
    operationId: 'revokeApiKey',
    summary: 'Revoke an API key',
    effect: 'The key stops working at once on every API process; audited.',
  },
  // Ledger, audit, portfolio.
  'GET /v1/ledger/trial-balance': {
    operationId: 'getTrialBalance',
    summary: 'The trial balance of the ledger',
    effect: 'Every account’s balance; debits equal credits.',
  },
  'GET /v1/ledger/accounts/{code}': {
    operationId: 'getLedgerAccount',
    summary: 'One ledger account and its balance',
    effect: 'Reads one account by its code.',
  },
  'GET /v1/ledger/accounts/{code}/entries': {
    operationId: 'listLedgerAccountEntries',
    summary: 'The entries posted to one ledger account',
    effect: 'Pages through the account’s postings, newest first.',
  },
  'GET /v1/audit-log': {
    operationId: 'listAuditLog',
    summary: 'The audit log',
    effect: 'Who did what: officer actions, approvals, key changes; paged.',
  },
  'GET /v1/portfolio/summary': {
    operationId: 'getPortfolioSummary',
    summary: 'The loan book at a glance',
    effect: 'Outstanding principal, arrears buckets and losses across the book.',
  },
  // Merchants.
  'POST /v1/merchants': {
    operationId: 'registerMerchant',
    summary: 'Register a merchant',
    effect:
      'Creates the merchant under the platform’s external reference and opens its wallet; the same reference with the same details answers the existing merchant.',
    refusals: ['external_ref_taken', 'account_exists_different'],
  },
  'GET /v1/merchants/{merchantId}': {
    operationId: 'getMerchant',
    summary: 'One merchant',
    effect: 'A merchant sees only itself; a platform, officers and admin any.',
  },
  'PUT /v1/merchants/{merchantId}/sales/{date}': {
    operationId: 'putDailySales',
    summary: 'Send a merchant’s sales of one day',
    effect:
      'Records (or replaces) the day’s gross sales and refunds; they settle into the wallet at the close of business and feed the credit line.',
    refusals: ['future_date', 'refund_exceeds_gross'],
  },
  'POST /v1/merchants/{merchantId}/sales:import': {
    operationId: 'importSales',
    summary: 'Import a merchant’s sales history (NDJSON or CSV)',
    effect: 'Streams many days of sales at once; each day is recorded as by `putDailySales`.',
    refusals: ['invalid_csv_header', 'unsupported_media_type', 'future_date', 'refund_exceeds_gross'],
  },
  'GET /v1/merchants/{merchantId}/wallet': {
    operationId: 'getMerchantWallet',
    summary: 'A merchant’s wallet balance',
    effect: 'What the merchant may pay out or repay from.',
  },
  'POST /v1/merchants/{merchantId}/payouts': {
    operationId: 'payOutMerchantWallet',
    summary: 'Pay money out of the merchant’s wallet',
    effect: 'Moves the amount from the wallet to the merchant’s bank account.',
    refusals: LEDGER_POST,
    example: {
      request: { amountFen: 150_000 },
      response: { payoutId: 311, amountFen: 150_000, balanceFen: 42_500 },
    },
  },
  // Merchant credit.
  'GET /v1/merchants/{merchantId}/offer': {
    operationId: 'getLoanOffer',
    summary: 'The merchant’s credit offer',
    effect:
      'The credit line, what is available now, the terms offered (term, repayment method, frequency) and the reasons behind the line.',
  },
  'POST /v1/credit-lines/refresh': {
    operationId: 'refreshCreditLines',
    summary: 'Recompute every merchant’s credit line',
    effect: 'Scores every merchant on its recent sales and sets its line.',
    refusals: ['credit_refresh_running'],
  },
  'POST /v1/loan-applications': {
    operationId: 'applyForLoan',
    summary: 'Apply for a merchant loan',
    effect:
      'Decides at once and, if approved, books the loan and pays the money into the merchant’s wallet before answering. Calling it accepts the loan agreement (kept in English). A decline answers 201 with `status: declined` and its reasons.',
    refusals: [
      'amount_below_minimum',
      'amount_above_available',
      'option_not_offered',
      'refill_not_eligible',
      'amount_below_payoff',
      'installment_without_principal',
    ],
    example: {
      request: {
        merchantId: 42,
        amountFen: 500_000,
        termDays: 30,
        repaymentMethod: 'installment',
        frequency: 'daily',
      },
      response: {
        applicationId: 1201,
        status: 'approved',
        loanId: 877,
        reasons: [{ code: 'steady_sales', text: 'Your sales are steady from day to day.' }],
        decidedInMs: 184,
      },
    },
  },
  'GET /v1/loan-applications/{applicationId}': {
    operationId: 'getLoanApplication',
    summary: 'One loan application and its decision',
    effect: 'The decision, its reasons and the loan it made.',
  },
  // Loans.
  'GET /v1/loans/{loanId}': {
    operationId: 'getLoan',
    summary: 'One loan: balances, schedule, status',
    effect: 'A merchant or farmer sees only its own loans.',
  },
  'GET /v1/loans': {
    operationId: 'listLoans',
    summary: 'List loans',
    effect: 'Filtered by borrower and status; a merchant or farmer sees only its own; paged by cursor.',
  },
  'POST /v1/loans/{loanId}/repayments': {
    operationId: 'repayLoan',
    summary: 'Repay a loan',
    effect:
      'Takes the amount from the borrower’s wallet and applies it penalty → fees → interest → principal; anything above what is owed stays in the wallet.',
    refusals: ['loan_closed', 'loan_not_active', 'loan_changed', ...LEDGER_POST],
    example: {
      request: { amountFen: 12_000 },
      response: {
        allocation: { penaltyFen: 0, feesFen: 0, interestFen: 1_850, principalFen: 10_150, leftoverFen: 0 },
        outstanding: { principalFen: 489_850, interestFen: 0, feesFen: 0, penaltyFen: 0, totalFen: 489_850 },
      },
    },
  },
  'GET /v1/loans/{loanId}/transactions': {
    operationId: 'listLoanTransactions',
    summary: 'A loan’s money movements',
    effect: 'Disbursement, repayments, accruals, waivers and write-off, in order.',
  },
  'POST /v1/loans/{loanId}/write-off': {
    operationId: 'writeOffLoan',
    summary: 'Write the loan off to credit losses',
    effect: 'Moves what is owed to losses and closes the loan for servicing; audited.',
    refusals: ['loan_not_active', 'loan_changed'],
    example: { request: { reason: 'Merchant closed the shop; no contact for 120 days' } },
  },
  'POST /v1/loans/{loanId}/waive-penalty': {
    operationId: 'waiveLoanPenalty',
    summary: 'Waive penalty interest owed',
    effect: 'Reduces the penalty owed by the amount; audited.',
    refusals: ['loan_not_active', 'amount_above_penalty', 'loan_changed'],
    example: { request: { amountFen: 1_250, reason: 'Payment delayed by the platform’s settlement outage' } },
  },
  'POST /v1/loans/{loanId}/restructure': {
    operationId: 'restructureLoan',
    summary: 'Re-schedule what is owed over a new term',
    effect: 'Replaces the schedule from today; audited.',
    refusals: [
      'loan_not_active',
      'nothing_to_restructure',
      'term_not_allowed',
      'installment_without_principal',
      'loan_changed',
    ],
    example: { request: { termDays: 90, reason: 'Harvest failed; sales down by half until spring' } },
  },
  'GET /v1/loans/{loanId}/payoff-quote': {
    operationId: 'getPayoffQuote',
    summary: 'What it takes to pay the loan off on a date',
    effect: 'Principal, interest to that date, penalty and fees; changes nothing.',
    refusals: ['date_in_past', 'loan_not_active'],
  },
  'GET /v1/loans/{loanId}/agreement': {
    operationId: 'getLoanAgreement',
    summary: 'The loan agreement the merchant accepted',
    effect:
      'The text as it was accepted, in its language, with how and when. A merchant sees its own, the platform, officers and admin any; farm parties get 404.',
    callers: ['merchant', 'platform', 'officer', 'admin'],
  },
  'POST /v1/schedule-preview': {
    operationId: 'previewSchedule',
    summary: 'Loan calculator: the repayment schedule for given terms',
    effect: 'Computes a schedule; reads and writes nothing.',
    refusals: ['installment_without_principal'],
  },
  // Farm parties.
  'POST /v1/farmers': {
    operationId: 'registerFarmer',
    summary: 'Register a farmer',
    effect: 'Creates the farmer and opens its ledger accounts.',
    refusals: ['external_ref_taken'],
  },
  'POST /v1/suppliers': {
    operationId: 'registerSupplier',
    summary: 'Register a supplier of farm inputs',
    effect: 'Creates the supplier (unapproved unless said) and opens its ledger accounts.',
    refusals: ['external_ref_taken'],
  },
  'POST /v1/offtakers': {
    operationId: 'registerOfftaker',
    summary: 'Register an offtaker',
    effect: 'Creates the offtaker (unapproved unless said) and opens its ledger accounts.',
    refusals: ['external_ref_taken'],
  },
  'POST /v1/insurers': {
    operationId: 'registerInsurer',
    summary: 'Register an insurer',
    effect: 'Creates the insurer (unapproved unless said) and opens its ledger accounts.',
    refusals: ['external_ref_taken'],
  },
  'POST /v1/suppliers/{supplierId}/approval': {
    operationId: 'decideSupplierApproval',
    summary: 'Approve or revoke a supplier',
    effect: 'Only approved suppliers can be paid from restricted money; audited.',
  },
  'POST /v1/offtakers/{offtakerId}/approval': {
    operationId: 'decideOfftakerApproval',
    summary: 'Approve or revoke an offtaker',
    effect: 'Only an approved offtaker’s contract can back a new loan; audited.',
  },
  'POST /v1/insurers/{insurerId}/approval': {
    operationId: 'decideInsurerApproval',
    summary: 'Approve or revoke an insurer',
    effect: 'Only an approved insurer’s policy can guarantee a new loan; audited.',
  },
  'GET /v1/farmers/{farmerId}': {
    operationId: 'getFarmer',
    summary: 'One farmer',
    effect: 'A farmer sees only itself.',
  },
  'GET /v1/farmers/{farmerId}/wallet': {
    operationId: 'getFarmerWallet',
    summary: 'A farmer’s free wallet',
    effect: 'The farmer’s own money (surplus from its crop), which it may pay out.',
  },
  'PUT /v1/suppliers/{supplierId}/products/{sku}': {
    operationId: 'putSupplierProduct',
    summary: 'Add or change a product in the supplier’s list',
    effect:
      'A new product, or a changed category or price, waits for an officer’s review before restricted money may buy it.',
  },
  'POST /v1/suppliers/{supplierId}/products/{sku}/review': {
    operationId: 'reviewSupplierProduct',
    summary: 'Review a supplier’s product',
    effect: 'An officer sets its real category and a reference price, or rejects it; audited.',
    refusals: ['category_not_eligible'],
  },
  // Farm loans.
  'POST /v1/offtake-contracts': {
    operationId: 'createOfftakeContract',
    summary: 'Sign an offtake contract with a farmer',
    effect: 'The offtaker commits to buy the farmer’s crop at a price in a delivery window.',
    refusals: [
      'offtaker_not_approved',
      'delivery_window_invalid',
      'delivery_window_past',
      'contract_value_too_large',
    ],
  },
  'GET /v1/offtake-contracts/{contractId}': {
    operationId: 'getOfftakeContract',
    summary: 'One offtake contract',
    effect: 'Its parties, terms, input plan and deliveries.',
  },
  'PUT /v1/offtake-contracts/{contractId}/input-plan': {
    operationId: 'putInputPlan',
    summary: 'Set the inputs a contract’s loan may buy',
    effect: 'Per category, the budget restricted money may spend; fixed once the contract is financed.',
    refusals: ['contract_already_financed', 'contract_cancelled', 'category_not_eligible'],
  },
  'POST /v1/offtake-contracts/{contractId}/guarantee-requests': {
    operationId: 'requestGuarantee',
    summary: 'Ask an insurer to guarantee a contract',
    effect: 'The insurer may then see the contract and write a policy on it.',
    refusals: ['insurer_not_found', 'insurer_not_approved', 'contract_cancelled'],
  },
  'GET /v1/guarantee-requests': {
    operationId: 'listGuaranteeRequests',
    summary: 'The contracts an insurer was asked to guarantee',
    effect: 'An insurer sees its own requests, officers every one.',
  },
  'POST /v1/guarantee-policies': {
    operationId: 'createGuaranteePolicy',
    summary: 'Write a guarantee policy on a contract',
    effect: 'The insurer covers a share of the loan the contract will back, for a premium.',
    refusals: [
      'contract_cancelled',
      'insurer_not_approved',
      'policy_coverage_below_minimum',
      'policy_premium_not_positive',
    ],
  },
  'POST /v1/agri-loan-applications': {
    operationId: 'applyForFarmLoan',
    summary: 'Apply for a farm loan on a contract',
    effect:
      'Decides on the contract, policy and parties; if approved, books the loan and puts its money in a restricted wallet that can only buy approved inputs in the plan.',
    refusals: [
      'contract_not_signed',
      'contract_cancelled',
      'policy_contract_mismatch',
      'offtaker_not_approved',
      'insurer_not_approved',
      'offtaker_exposure_limit',
      'insurer_exposure_limit',
      'offtaker_proceeds_overdue',
    ],
    example: {
      request: { farmerId: 15, contractId: 31, policyId: 9, amountFen: 300_000 },
      response: {
        applicationId: 64,
        status: 'approved',
        loanId: 902,
        restrictedWalletId: 902,
        approvedFen: 300_000,
        reasons: [],
      },
    },
  },
  'GET /v1/restricted-wallets/{walletId}': {
    operationId: 'getRestrictedWallet',
    summary: 'A farm loan’s restricted wallet',
    effect: 'What is left to spend, per input category.',
  },
  'POST /v1/restricted-wallets/{walletId}/purchases': {
    operationId: 'buyFarmInputs',
    summary: 'Pay a supplier from the restricted wallet',
    effect: 'The farmer buys approved inputs in the plan; the supplier is paid at the next settlement.',
    refusals: PURCHASE_CHECKS,
    example: {
      request: { supplierId: 4, lines: [{ sku: 'seed-pack', quantity: 3 }] },
      response: {
        purchaseId: 5120,
        walletId: 902,
        supplierId: 4,
        amountFen: 30_000,
        refundedFen: 0,
        status: 'paid',
        lines: [
          {
            sku: 'seed-pack',
            category: 'seed',
            quantity: 3,
            unitPriceFen: 10_000,
            amountFen: 30_000,
            refundedQuantity: 0,
          },
        ],
      },
    },
  },
  'POST /v1/purchases/{purchaseId}/refund': {
    operationId: 'refundPurchase',
    summary: 'Refund a purchase to the restricted wallet',
    effect:
      'The supplier gives back all or part of a purchase; the money returns to the farmer’s restricted wallet.',
    refusals: ['nothing_to_refund', 'refund_exceeds_purchase', 'restricted_wallet_closed'],
    example: { request: { lines: [{ sku: 'seed-pack', quantity: 1 }] } },
  },
  'GET /v1/purchases/{purchaseId}': {
    operationId: 'getPurchase',
    summary: 'One purchase',
    effect: 'Its lines, amount and refunds.',
  },
  'GET /v1/restricted-wallet-attempts': {
    operationId: 'listRestrictedWalletAttempts',
    summary: 'Refused attempts to take restricted money out',
    effect: 'Every refused withdrawal or transfer from a restricted wallet, for officers.',
  },
  'POST /v1/offtake-contracts/{contractId}/deliveries': {
    operationId: 'recordDelivery',
    summary: 'Record a crop delivery',
    effect:
      'Books what the offtaker owes for the delivery; nothing reaches the loan or the farmer until its cash arrives (`recordOfftakerPayment`).',
    refusals: ['contract_cancelled', 'delivery_outside_window', 'quantity_too_large', 'future_date'],
    example: { request: { quantityKg: 2_000, deliveredOn: '2026-09-14' } },
  },
  // Claims.
  'GET /v1/guarantee-claims': {
    operationId: 'listGuaranteeClaims',
    summary: 'Guarantee claims',
    effect: 'An insurer sees the claims on its policies, officers every one; paged.',
  },
  'GET /v1/guarantee-claims/ageing': {
    operationId: 'getGuaranteeClaimAgeing',
    summary: 'Claims waiting for the insurer, by age',
    effect: 'By days since acceptance (or since opening, undecided).',
  },
  'GET /v1/guarantee-claims/{claimId}': {
    operationId: 'getGuaranteeClaim',
    summary: 'One guarantee claim',
    effect: 'Its amount, decision and payments.',
  },
  'POST /v1/guarantee-claims/{claimId}/decision': {
    operationId: 'decideGuaranteeClaim',
    summary: 'Accept, partly accept or reject a claim',
    effect: 'The insurer decides its claim, once.',
    refusals: ['claim_already_decided', 'claim_not_open', 'claim_amount_invalid'],
    example: {
      request: { decision: 'partial', amountFen: 90_000, reason: 'Hail covered on 3 of 4 hectares' },
    },
  },
  'POST /v1/guarantee-claims/{claimId}/pay': {
    operationId: 'payGuaranteeClaim',
    summary: 'Record the insurer’s payment of a claim',
    effect: 'The cash received runs the loan’s waterfall like any other payment.',
    refusals: ['claim_not_accepted', 'claim_overpaid', 'invalid_amount'],
    example: { request: { amountFen: 120_000, reference: 'CLM-77' } },
  },
  // Settlement.
  'GET /v1/suppliers/{supplierId}/settlements': {
    operationId: 'listSupplierSettlements',
    summary: 'A supplier’s settlements',
    effect: 'What each close of business paid (or is paying) the supplier.',
  },
  'GET /v1/insurers/{insurerId}/settlements': {
    operationId: 'listInsurerSettlements',
    summary: 'An insurer’s settlements',
    effect: 'The premiums each close of business paid (or is paying) the insurer.',
  },
  'POST /v1/settlements/{settlementId}/result': {
    operationId: 'recordSettlementResult',
    summary: 'Record whether a settlement’s bank transfer went through',
    effect: 'Paid closes it; failed puts the money back to be settled again.',
    refusals: ['settlement_not_pending'],
    example: { request: { status: 'paid', bankReference: 'ICBC-20260914-0042' } },
  },
  'GET /v1/reconciliation': {
    operationId: 'getReconciliation',
    summary: 'Every counterparty’s ledger balance against its open documents',
    effect: 'Names the first break, if any.',
  },
  'POST /v1/farmers/{farmerId}/payouts': {
    operationId: 'payOutFarmerWallet',
    summary: 'Pay money out of the farmer’s free wallet',
    effect: 'Moves the amount to the farmer’s bank account; restricted money can never be paid out.',
    refusals: [...LEDGER_POST, 'restricted_funds_not_withdrawable'],
    example: {
      request: { amountFen: 80_000 },
      response: { payoutId: 58, amountFen: 80_000, balanceFen: 21_400 },
    },
  },
  'POST /v1/offtaker-payments': {
    operationId: 'recordOfftakerPayment',
    summary: 'Record an offtaker’s cash payment for deliveries',
    effect:
      'Runs the waterfall penalty → fees → interest → principal → the farmer’s surplus over the deliveries it pays.',
    refusals: ['payment_exceeds_open_proceeds', 'future_date', 'external_ref_taken'],
    example: {
      request: { offtakerId: 3, amountFen: 600_000, paidOn: '2026-10-02', reference: 'OFT-2026-0042' },
      response: {
        paymentId: 88,
        offtakerId: 3,
        amountFen: 600_000,
        paidOn: '2026-10-02',
        reference: 'OFT-2026-0042',
        applied: [
          {
            deliveryId: 240,
            amountFen: 600_000,
            waterfall: {
              penaltyFen: 0,
              feesFen: 0,
              interestFen: 9_600,
              principalFen: 300_000,
              toFarmerFen: 290_400,
            },
          },
        ],
        unappliedFen: 0,
      },
    },
  },
  'GET /v1/offtakers/{offtakerId}/receivables': {
    operationId: 'listOfftakerReceivables',
    summary: 'What an offtaker owes for deliveries',
    effect: 'Open deliveries, paid and unpaid, with due dates.',
  },
  'POST /v1/bank-statements:import': {
    operationId: 'importBankStatement',
    summary: 'Import a bank statement (CSV)',
    effect:
      'Matches each line by its reference (DLV-, OFT-, CLM-) and books it as the payment it names; unmatched lines are kept for review.',
    refusals: ['invalid_csv_header', 'invalid_statement_line', 'unsupported_media_type'],
  },
  'GET /v1/bank-statement-lines': {
    operationId: 'listBankStatementLines',
    summary: 'Imported bank-statement lines',
    effect: 'Matched and unmatched, with what each was booked as.',
  },
  // Point of sale.
  'POST /v1/purchase-requests': {
    operationId: 'createPurchaseRequest',
    summary: 'Ring up a sale for the farmer to confirm',
    effect:
      'Checks the purchase as `buyFarmInputs` would and answers a 6-digit code for the farmer (15 minutes); no money moves until the farmer confirms.',
    refusals: PURCHASE_CHECKS,
    example: {
      request: { farmerId: 15, lines: [{ sku: 'seed-pack', quantity: 3 }] },
      response: {
        requestId: 731,
        walletId: 902,
        farmerId: 15,
        supplierId: 4,
        amountFen: 30_000,
        lines: [{ sku: 'seed-pack', quantity: 3 }],
        status: 'awaiting_farmer',
        expiresAt: '2026-04-02T08:15:00.000Z',
        purchaseId: null,
      },
    },
  },
  'GET /v1/purchase-requests': {
    operationId: 'listPurchaseRequests',
    summary: 'Purchase requests',
    effect: 'A farmer sees those made to it, a supplier its own; paged.',
  },
  'GET /v1/purchase-requests/{requestId}': {
    operationId: 'getPurchaseRequest',
    summary: 'One purchase request',
    effect: 'Its status, lines and, once confirmed, the purchase it made.',
  },
  'POST /v1/purchase-requests/{requestId}/confirm': {
    operationId: 'confirmPurchaseRequest',
    summary: 'Confirm a purchase request and pay the supplier',
    effect:
      'The farmer confirms (no code needed), or the supplier sends the code the farmer told it (locked after 5 wrong tries); the purchase is paid from the restricted wallet.',
    refusals: [
      'purchase_request_code_wrong',
      'purchase_request_locked',
      'purchase_request_expired',
      'purchase_request_cancelled',
      'purchase_request_price_changed',
      'insufficient_restricted_balance',
      'category_budget_exceeded',
      'restricted_wallet_closed',
    ],
    example: {
      request: { code: '482913' },
      response: { purchaseId: 5121, amountFen: 30_000, status: 'paid' },
    },
  },
  'POST /v1/purchase-requests/{requestId}/cancel': {
    operationId: 'cancelPurchaseRequest',
    summary: 'Cancel a purchase request',
    effect: 'The farmer or the supplier drops an unconfirmed request; nothing was paid.',
    refusals: ['purchase_request_confirmed', 'purchase_request_expired'],
  },
  // Events and webhooks.
  'GET /v1/events': {
    operationId: 'listEvents',
    summary: 'The events the caller may see',
    effect:
      'What happened to the caller’s records (loans booked, repaid, purchases confirmed, ...), paged by cursor.',
  },
  'POST /v1/webhook-endpoints': {
    operationId: 'createWebhookEndpoint',
    summary: 'Register a webhook endpoint',
    effect: 'Events the caller may see are POSTed to the URL, signed; the signing secret is answered once.',
    refusals: ['too_many_endpoints', 'webhook_url_not_allowed'],
  },
  'GET /v1/webhook-endpoints': {
    operationId: 'listWebhookEndpoints',
    summary: 'The caller’s webhook endpoints',
    effect: 'Without their secrets.',
  },
  'DELETE /v1/webhook-endpoints/{endpointId}': {
    operationId: 'deleteWebhookEndpoint',
    summary: 'Remove a webhook endpoint',
    effect: 'No further deliveries are made to it.',
  },
  'GET /v1/webhook-endpoints/{endpointId}/deliveries': {
    operationId: 'listWebhookDeliveries',
    summary: 'An endpoint’s deliveries',
    effect: 'Each event sent, its attempts and the last answer.',
  },
  'POST /v1/webhook-endpoints/{endpointId}/deliveries/{deliveryId}/retry': {
    operationId: 'retryWebhookDelivery',
    summary: 'Send a delivery again',
    effect: 'Queues the delivery for another attempt.',
  },
  // Pages.
  'POST /v1/sign-in-links': {
    operationId: 'createSignInLink',
    summary: 'A single-use sign-in link to a party’s page',
    effect:
      'Opens the merchant’s (or another party’s) page without an API key ever reaching the browser; the link works once, for minutes.',
  },
}
