/**
 * The typed shape of the database, as Kysely sees it (camelCase; CamelCasePlugin maps to snake_case).
 * Money columns are BIGINT fen and arrive as numbers (mysql2 `supportBigNumbers`, safe integers only).
 * @module
 */
import type { ColumnType, Generated } from 'kysely'
import type { Bucket } from '../servicing/delinquency.js'

type CreatedAt = ColumnType<Date, Date | undefined, never>

export interface PrincipalsTable {
  id: Generated<number>
  role: string
  subjectId: number | null
  keyId: string
  keyHash: Buffer
  createdAt: CreatedAt
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
}

export interface MerchantDailySalesTable {
  merchantId: number
  salesDate: string
  grossFen: number
  refundFen: number
  netFen: ColumnType<number, never, never>
  orderCount: number
  updatedAt: ColumnType<Date, never, never>
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
  closedOn: string | null
  writtenOffOn: string | null
  /** The loan this one paid off at disbursement (a refill). */
  refinancedLoanId: number | null
}

export interface LoanBucketHistoryTable {
  loanId: number
  businessDate: string
  fromBucket: Bucket
  toBucket: Bucket
  daysPastDue: number
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
}
