/**
 * The typed shape of the database, as Kysely sees it (camelCase; CamelCasePlugin maps to snake_case).
 * Money columns are BIGINT fen and arrive as numbers (mysql2 `supportBigNumbers`, safe integers only).
 * @module
 */
import type { ColumnType, Generated } from 'kysely'
import type { Bucket } from '../kernel/delinquency.js'

type CreatedAt = ColumnType<Date, Date | undefined, never>

export interface PrincipalsTable {
  id: Generated<number>
  role: string
  subjectId: number | null
  keyId: string
  keyHash: Buffer
  createdAt: CreatedAt
  revokedAt: ColumnType<Date | null, Date | null | undefined, Date | null>
}

export interface IdempotencyKeysTable {
  principalRef: string
  idempotencyKey: string
  requestHash: string
  method: string
  path: string
  state: 'in_progress' | 'completed'
  responseStatus: number | null
  responseBody: string | null
  responseContentType: string | null
  lockedUntil: Date
  createdAt: CreatedAt
}

export interface SystemStateTable {
  id: number
  businessDate: string
}

export interface BusinessDayClosesTable {
  businessDate: string
  closedAt: CreatedAt
  closedBy: string
}

export interface AuditLogTable {
  id: Generated<number>
  at: CreatedAt
  principalRef: string
  action: string
  subjectType: string
  subjectId: string
  reason: string | null
  details: string | null
  businessDate: string | null
  actionKey: string | null
}

export interface LedgerAccountsTable {
  id: Generated<number>
  code: string
  type: string
  normalSide: 'D' | 'C'
  category: string
  currency: string
  noOverdraft: number
  restricted: number
  loanId: number | null
  debitsPostedFen: number
  creditsPostedFen: number
  debitsPendingFen: number
  creditsPendingFen: number
  createdAt: CreatedAt
}

export interface JournalEntriesTable {
  id: Generated<number>
  idempotencyKey: string
  type: string
  businessDate: string
  contentHash: string
  description: string | null
  loanId: number | null
  purchaseId: number | null
  deliveryId: number | null
  claimId: number | null
  reversalOf: number | null
  createdAt: CreatedAt
}

export interface LedgerPostingsTable {
  id: Generated<number>
  entryId: number
  accountId: number
  side: 'D' | 'C'
  amountFen: number
  businessDate: string
}

export interface LedgerFailedPostsTable {
  idempotencyKey: string
  contentHash: string
  code: string
  detail: string
  createdAt: CreatedAt
}

export interface LedgerHoldsTable {
  id: Generated<number>
  idempotencyKey: string
  debitAccountId: number
  creditAccountId: number
  amountFen: number
  entryType: string
  state: 'pending' | 'posted' | 'voided' | 'expired'
  expiresAt: Date
  entryId: number | null
  createdAt: CreatedAt
}

export interface MerchantsTable {
  id: Generated<number>
  externalRef: string
  name: string
  openedOn: string
  createdAt: CreatedAt
  /** The first sales date the lender settles into the wallet (earlier days are history); a trigger sets it. */
  salesSettleFrom: Generated<string | null>
}

export interface MerchantDailySalesTable {
  merchantId: number
  salesDate: string
  grossFen: number
  refundFen: number
  netFen: ColumnType<number, never, never>
  orderCount: number
  updatedAt: ColumnType<Date, never, never>
  /** Fen settled into the wallet for this row so far, by every close of business (only grows). */
  settledFen: Generated<number>
  /** Changes of the row's net sales so far; a later settlement's key carries it. */
  revision: Generated<number>
  /** 1 while a change reported through the intake waits for a close of business to settle it. */
  settlePending: Generated<number | null>
  /** The close of business that last settled this row, and what it settled then. */
  lastSettledOn: Generated<string | null>
  lastSettledFen: Generated<number>
}

export interface CreditLinesTable {
  merchantId: number
  asOfDate: string
  computedAt: Date
  policyVersion: string
  modelVersion: string
  eligible: number
  creditLimitFen: number
  score: number
  scoreBand: string | null
  pd: number
  reasons: string
  features: string
}

export interface LoanApplicationsTable {
  id: Generated<number>
  workflowId: string
  merchantId: number
  amountFen: number
  termDays: number
  repaymentMethod: string
  frequency: string | null
  status: 'approved' | 'declined'
  reasons: string
  loanId: number | null
  businessDate: string
  createdAt: CreatedAt
}

export interface LoansTable {
  id: Generated<number>
  product: 'merchant' | 'agri'
  borrowerId: number
  applicationId: number
  status: 'booked' | 'active' | 'closed' | 'written_off' | 'defaulted'
  principalFen: number
  repaymentMethod: string
  frequency: string | null
  repayments: number | null
  termDays: number
  annualRateBps: number | null
  salesShareBps: number | null
  feeFen: number | null
  aprBps: number | null
  totalRepayFen: number
  disbursedOn: string | null
  maturesOn: string
  policyVersion: string
  createdAt: CreatedAt
  accrualCarry: ColumnType<number, number | undefined, number>
  accruedThrough: string | null
  servicedThrough: string | null
  daysPastDue: ColumnType<number, number | undefined, number>
  bucket: ColumnType<Bucket, Bucket | undefined, Bucket>
  nonPerforming: ColumnType<number, number | undefined, number>
  penaltyAnnualRateBps: ColumnType<number, number | undefined, number>
  penaltyCarry: ColumnType<number, number | undefined, number>
  /** The schedule in force: from disbursement, or from the last restructure. */
  scheduleStartOn: string | null
  schedulePrincipalFen: number | null
  /** Interest, fees and penalty owed when restructured, due with the new first installment. */
  scheduleArrearsFen: ColumnType<number, number | undefined, number>
  /** What had been repaid when the schedule in force began. */
  schedulePaidOffsetFen: ColumnType<number, number | undefined, number>
  restructuredOn: string | null
  /**
   * The formula the schedule in force is derived with (SCHEDULE_VERSIONS in src/servicing/schedule.ts):
   * the one current when the loan was booked or last restructured. No default: every insert states it.
   */
  scheduleVersion: number
  closedOn: string | null
  writtenOffOn: string | null
  /** The loan this one paid off at disbursement (a refill). */
  refinancedLoanId: number | null
  /** Agri loans: the offtake contract that repays it and the policy that guarantees it. */
  contractId: number | null
  policyId: number | null
  /** Agri loans: JSON {category: bps of the approved amount}, the most each category may take. */
  categoryBudgets: string | null
  sweptOn: string | null
  defaultedOn: string | null
  /**
   * 1: interest accrues only on the principal used (owed less the unspent restricted balance), as
   * AGRI_POLICY said when the loan was booked; 0: on all the principal owed (merchant loans, and farm
   * loans booked before the setting).
   */
  interestOnUse: ColumnType<number, number | undefined, number>
}

interface PartyTable {
  id: Generated<number>
  externalRef: string
  name: string
  createdAt: CreatedAt
}

export interface FarmersTable extends PartyTable {
  region: string
}

export interface SuppliersTable extends PartyTable {
  approved: number
}

/** Offtakers and insurers: approved by an officer before they back a loan (migration 0019). */
export interface BackingPartyTable extends PartyTable {
  approved: ColumnType<number, number | undefined, number>
}

export interface GuaranteeRequestsTable {
  id: Generated<number>
  contractId: number
  insurerId: number
  /** The principal ref of the farmer or offtaker who asked. */
  requestedBy: string
  createdAt: CreatedAt
}

export interface SupplierProductsTable {
  supplierId: number
  sku: string
  name: string
  category: string
  priceFen: number
  status: ColumnType<ProductStatus, ProductStatus | undefined, ProductStatus>
  unit: ColumnType<string, string | undefined, string>
  referencePriceFen: ColumnType<number | null, number | null | undefined, number | null>
  updatedAt: ColumnType<Date, never, never>
}

export type ProductStatus = 'pending_review' | 'approved' | 'rejected'

export type ContractStatus = 'signed' | 'financed' | 'delivering' | 'fulfilled' | 'shortfall' | 'cancelled'

export interface OfftakeContractsTable {
  id: Generated<number>
  offtakerId: number
  farmerId: number
  crop: string
  quantityKg: number
  priceFenPerKg: number
  valueFen: number
  deliveryFrom: string
  deliveryTo: string
  deliveredKg: ColumnType<number, number | undefined, number>
  status: ContractStatus
  /** The offtaker's input plan, JSON `{categories, skus?}`; NULL: none. */
  inputPlan: ColumnType<string | null, string | null | undefined, string | null>
  /** Days after a delivery the offtaker's payment for it is due (default 7). */
  paymentTermDays: ColumnType<number, number | undefined, number>
  createdAt: CreatedAt
}

export interface GuaranteePoliciesTable {
  id: Generated<number>
  insurerId: number
  farmerId: number
  contractId: number
  coverageBps: number
  premiumFen: number
  premiumDeducted: ColumnType<number, number | undefined, number>
  status: 'active' | 'claimed' | 'paid' | 'expired'
  createdAt: CreatedAt
}

export interface AgriLoanApplicationsTable {
  id: Generated<number>
  workflowId: string
  farmerId: number
  contractId: number
  policyId: number
  amountFen: number
  status: 'approved' | 'declined'
  reasons: string
  loanId: number | null
  businessDate: string
  createdAt: CreatedAt
}

export interface PurchasesTable {
  id: Generated<number>
  requestKey: string
  loanId: number
  farmerId: number
  supplierId: number
  amountFen: number
  refundedFen: ColumnType<number, number | undefined, number>
  status: 'pending' | 'paid' | 'refused' | 'refunded'
  businessDate: string
  /** The business date of the purchase's first refund (officers watch refunds soon after a sale). */
  firstRefundedOn: ColumnType<string | null, string | null | undefined, string | null>
  createdAt: CreatedAt
}

export type PurchaseRequestStatus = 'awaiting_farmer' | 'confirmed' | 'cancelled' | 'expired' | 'locked'

export interface PurchaseRequestsTable {
  id: Generated<number>
  requestKey: string
  loanId: number
  farmerId: number
  supplierId: number
  amountFen: number
  /** JSON: the lines as the supplier rang them up, `[{sku, quantity}]`. */
  lineItems: string
  status: ColumnType<PurchaseRequestStatus, PurchaseRequestStatus | undefined, PurchaseRequestStatus>
  /** HMAC-SHA-256 of the one-time code under the server's secret (hex). */
  codeHash: string
  /** The one-time code sealed with AES-256-GCM, for the farmer's own read only. */
  codeSealed: string
  wrongCodes: ColumnType<number, number | undefined, number>
  expiresAtMs: number
  purchaseId: ColumnType<number | null, number | null | undefined, number | null>
  businessDate: string
  closedAtMs: ColumnType<number | null, number | null | undefined, number | null>
  createdAt: CreatedAt
}

export interface PurchaseLinesTable {
  purchaseId: number
  lineNo: number
  sku: string
  category: string
  quantity: number
  unitPriceFen: number
  amountFen: number
  refundedQuantity: ColumnType<number, number | undefined, number>
}

export interface RestrictedWalletAttemptsTable {
  id: Generated<number>
  loanId: number
  farmerId: number
  kind: string
  code: string
  detail: string
  principalRef: string
  businessDate: string
  createdAt: CreatedAt
}

export interface DeliveriesTable {
  id: Generated<number>
  requestKey: string
  contractId: number
  loanId: number | null
  quantityKg: number
  deliveredOn: string
  proceedsFen: number
  /** JSON: what the offtaker's payments did so far (penalty, fees, interest, principal, to the farmer) and the sweep. */
  waterfall: string
  /** When the offtaker's payment is due: delivered on + the contract's payment term. */
  dueOn: string
  paidFen: ColumnType<number, number | undefined, number>
  status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>
  createdAt: CreatedAt
}

export type DeliveryStatus = 'awaiting_payment' | 'partly_paid' | 'paid'

export interface OfftakerPaymentsTable {
  id: Generated<number>
  requestKey: string
  offtakerId: number
  amountFen: number
  paidOn: string
  reference: string
  /** JSON: the deliveries it paid, each with its waterfall. */
  applied: string
  businessDate: string
  createdAt: CreatedAt
}

export interface BankStatementLinesTable {
  id: Generated<number>
  /** SHA-256 of the line's fields and its occurrence in the statement: a line imported again is found. */
  lineKey: string
  valueDate: string
  amountFen: number
  reference: string
  payerName: string
  status: 'matched' | 'unmatched'
  reason: string | null
  paymentId: number | null
  /** The guarantee claim a `CLM-` line paid. */
  claimId: number | null
  businessDate: string
  createdAt: CreatedAt
}

export type ClaimStatus = 'open' | 'accepted' | 'rejected' | 'paid' | 'withdrawn'

export interface GuaranteeClaimsTable {
  id: Generated<number>
  policyId: number
  insurerId: number
  loanId: number
  owedFen: number
  claimFen: number
  status: ClaimStatus
  openedOn: string
  /** The day of the last payment. */
  paidOn: string | null
  /** The insurer's cash received so far (each payment is a ledger entry with the claim's id). */
  paidFen: number | null
  decision: 'accept' | 'partial' | 'reject' | null
  acceptedFen: number | null
  decisionReason: string | null
  decidedOn: string | null
  /** The close of business that announced the accepted claim unpaid past its due date. */
  overdueOn: string | null
  createdAt: CreatedAt
}

/** A settlement to one party's bank: a supplier's payable or an insurer's withheld premiums. */
export interface SettlementsTable {
  id: Generated<number>
  supplierId: number | null
  insurerId: number | null
  businessDate: string
  amountFen: number
  status: 'pending' | 'paid' | 'failed'
  bankReference: string | null
  resolvedOn: string | null
  createdAt: CreatedAt
}

export interface LoanBucketHistoryTable {
  loanId: number
  businessDate: string
  fromBucket: Bucket
  toBucket: Bucket
  daysPastDue: number
}

/** What had accrued on a loan before the night of `asOf` (migration 0027): written once, never updated. */
export interface LoanAccruedInterestTable {
  loanId: number
  asOf: string
  interestAccruedFen: number
}

export interface EventsTable {
  id: Generated<number>
  eventKey: string
  type: string
  businessDate: string
  createdAt: CreatedAt
  loanId: number | null
  merchantId: number | null
  farmerId: number | null
  supplierId: number | null
  offtakerId: number | null
  insurerId: number | null
  subject: string
  data: string
}

export interface WebhookEndpointsTable {
  id: Generated<number>
  principalId: number | null
  principalRef: string
  role: string
  subjectId: number | null
  url: string
  eventTypes: string
  /** AES-256-GCM sealed under key `secretKeyId`; in the clear when that is null (rows from before 0039). */
  secretSealed: string
  secretKeyId: string | null
  status: 'active' | 'deleted' | 'disabled'
  cursorEventId: number
  createdAt: CreatedAt
}

export interface WebhookDeliveriesTable {
  id: Generated<number>
  endpointId: number
  eventId: number
  subjectKey: string
  status: 'pending' | 'delivered' | 'failed'
  attempts: ColumnType<number, number | undefined, number>
  firstAttemptAt: Date | null
  nextAttemptAt: Date
  deliveredAt: Date | null
  lastStatus: number | null
  lastError: string | null
  createdAt: CreatedAt
}

export interface RateLimitWindowsTable {
  bucketKey: string
  windowStartMs: number
  expiresAtMs: number
  hits: number
}

export interface Database {
  principals: PrincipalsTable
  idempotencyKeys: IdempotencyKeysTable
  systemState: SystemStateTable
  businessDayCloses: BusinessDayClosesTable
  auditLog: AuditLogTable
  ledgerAccounts: LedgerAccountsTable
  journalEntries: JournalEntriesTable
  ledgerPostings: LedgerPostingsTable
  ledgerFailedPosts: LedgerFailedPostsTable
  ledgerHolds: LedgerHoldsTable
  merchants: MerchantsTable
  merchantDailySales: MerchantDailySalesTable
  creditLines: CreditLinesTable
  loanApplications: LoanApplicationsTable
  loans: LoansTable
  loanBucketHistory: LoanBucketHistoryTable
  loanAccruedInterest: LoanAccruedInterestTable
  farmers: FarmersTable
  suppliers: SuppliersTable
  offtakers: BackingPartyTable
  insurers: BackingPartyTable
  supplierProducts: SupplierProductsTable
  offtakeContracts: OfftakeContractsTable
  guaranteePolicies: GuaranteePoliciesTable
  guaranteeRequests: GuaranteeRequestsTable
  agriLoanApplications: AgriLoanApplicationsTable
  purchases: PurchasesTable
  purchaseRequests: PurchaseRequestsTable
  purchaseLines: PurchaseLinesTable
  restrictedWalletAttempts: RestrictedWalletAttemptsTable
  deliveries: DeliveriesTable
  offtakerPayments: OfftakerPaymentsTable
  bankStatementLines: BankStatementLinesTable
  guaranteeClaims: GuaranteeClaimsTable
  settlements: SettlementsTable
  events: EventsTable
  webhookEndpoints: WebhookEndpointsTable
  webhookDeliveries: WebhookDeliveriesTable
  rateLimitWindows: RateLimitWindowsTable
}
