/**
 * Reads the console needs beyond the loan views: a sortable, numbered page of loans (the figures for
 * the page still come from the loan repository), the workflow that booked a loan, and the agri lists
 * (contracts, wallets, purchases, blocked attempts, claims), each bounded. A loan's ledger postings
 * come from the ledger (`postingsOfEntries` in src/ledger/ledger-repository.ts).
 * @module
 */
import { proceedsAgeing } from '../agri/offtaker-payments.js'
import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import { fenFromDb } from '../kernel/money.js'
import { CLAIM_PAYMENT_DAYS } from '../agri/claims.js'
import { suspiciousSuppliers, type SupplierSignals } from '../agri/supplier-watch.js'
import { loanAccountSql } from '../ledger/ledger-repository.js'
import { loanLedgerFiguresMany, type LoanFigures } from '../servicing/loan-repository.js'
import type { Bucket } from '../kernel/delinquency.js'

export const LOAN_PAGE_SIZE = 25
/** A page number beyond this is refused (an offset past 250,000 rows is a query nobody needs). */
export const LOAN_PAGE_MAX = 10_000
/** Rows the agri lists show at most, newest first. */
export const AGRI_LIST_MAX = 100

export const LOAN_SORTS = {
  id: 'id',
  principal: 'principal_fen',
  dpd: 'days_past_due',
  disbursed: 'disbursed_on',
  matures: 'matures_on',
} as const
export type LoanSort = keyof typeof LOAN_SORTS

export const LOAN_STATUSES = ['booked', 'active', 'closed', 'written_off', 'defaulted'] as const
export type LoanStatus = (typeof LOAN_STATUSES)[number]

export type ConsoleLoanFilter = {
  product?: 'merchant' | 'agri'
  status?: LoanStatus
  bucket?: Bucket
  borrowerId?: number
}

export type ConsoleLoanRow = {
  loanId: number
  product: 'merchant' | 'agri'
  borrowerId: number
  status: string
  principalFen: number
  daysPastDue: number
  bucket: Bucket
  disbursedOn: string | null
  maturesOn: string
  outstanding: LoanFigures
}

export async function listConsoleLoans(
  db: Db,
  filter: ConsoleLoanFilter,
  order: { sort: LoanSort; direction: 'asc' | 'desc'; page: number },
): Promise<{ rows: ConsoleLoanRow[]; total: number }> {
  let query = db.selectFrom('loans')
  if (filter.product) query = query.where('product', '=', filter.product)
  if (filter.status) query = query.where('status', '=', filter.status)
  if (filter.bucket) query = query.where('bucket', '=', filter.bucket)
  if (filter.borrowerId !== undefined) query = query.where('borrowerId', '=', filter.borrowerId)
  const column = LOAN_SORTS[order.sort]
  const [rows, count] = await Promise.all([
    query
      .select([
        'id',
        'product',
        'borrowerId',
        'status',
        'principalFen',
        'daysPastDue',
        'bucket',
        'disbursedOn',
        'maturesOn',
      ])
      .orderBy(sql.ref(column), order.direction)
      .orderBy('id', order.direction)
      .limit(LOAN_PAGE_SIZE)
      .offset((order.page - 1) * LOAN_PAGE_SIZE)
      .execute(),
    query.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow(),
  ])
  const figures = await loanLedgerFiguresMany(
    db,
    rows.map((row) => Number(row.id)),
  )
  return {
    total: Number(count.total),
    rows: rows.map((row) => ({
      loanId: Number(row.id),
      product: row.product,
      borrowerId: Number(row.borrowerId),
      status: row.status,
      principalFen: row.principalFen,
      daysPastDue: row.daysPastDue,
      bucket: row.bucket,
      disbursedOn: row.disbursedOn,
      maturesOn: row.maturesOn,
      outstanding: figures.get(Number(row.id))!,
    })),
  }
}

/** The id of the origination workflow that booked the loan (merchant or agri application). */
export async function loanWorkflowId(
  db: Db,
  loanId: number,
  product: 'merchant' | 'agri',
): Promise<string | null> {
  const table = product === 'merchant' ? sql.raw('loan_applications') : sql.raw('agri_loan_applications')
  const result = await sql<{ workflowId: string }>`
    SELECT a.workflow_id FROM loans l JOIN ${table} a ON a.id = l.application_id
    WHERE l.id = ${loanId}`.execute(db)
  return result.rows[0]?.workflowId ?? null
}

export type ContractRow = {
  contractId: number
  farmerId: number
  offtakerId: number
  crop: string
  quantityKg: number
  deliveredKg: number
  valueFen: number
  deliveryFrom: string
  deliveryTo: string
  status: string
  loanId: number | null
  deliveries: number
}

export type WalletRow = {
  loanId: number
  farmerId: number
  loanStatus: string
  principalFen: number
  balanceFen: number
  spentFen: number
  sweptOn: string | null
}

export type PurchaseRow = {
  purchaseId: number
  loanId: number
  farmerId: number
  supplierId: number
  amountFen: number
  refundedFen: number
  status: string
  businessDate: string
  categories: string
}

export type AttemptRow = {
  attemptId: number
  loanId: number
  farmerId: number
  kind: string
  code: string
  detail: string
  businessDate: string
}

export type ClaimRow = {
  claimId: number
  loanId: number
  policyId: number
  insurerId: number
  owedFen: number
  claimFen: number
  status: string
  openedOn: string
  paidOn: string | null
  /** What the insurer accepted (null until accepted) and the cash it paid so far. */
  acceptedFen: number | null
  receivedFen: number
  /** An accepted claim's cash is due then (30 days after acceptance). */
  dueOn: string | null
}

export type AgriOverview = {
  contracts: ContractRow[]
  wallets: WalletRow[]
  purchases: PurchaseRow[]
  attempts: AttemptRow[]
  claims: ClaimRow[]
  /** Suppliers whose restricted sales look wrong (src/agri/supplier-watch.ts). */
  suppliersToWatch: SupplierSignals[]
  /** Each offtaker's unpaid delivery proceeds by days past due (largest overdue first). */
  proceedsAgeing: Awaited<ReturnType<typeof proceedsAgeing>>
}

type Cell = number | string | null | undefined
const num = (value: Cell) => (value === null || value === undefined ? 0 : Number(value))
const fen = (value: Cell) => fenFromDb(value ?? null)

/** The agri lists, newest first, each at most {@link AGRI_LIST_MAX} rows; claims waiting for the insurer (a decision or its cash) first. */
export async function agriOverview(db: Db): Promise<AgriOverview> {
  const wallet = loanAccountSql('a', sql.ref('l.id'), 'restricted_wallet')
  const [contracts, wallets, purchases, attempts, claims, suppliersToWatch, ageing] = await Promise.all([
    sql<Record<string, Cell>>`
      SELECT c.id AS contract_id, c.farmer_id, c.offtaker_id, c.crop, c.quantity_kg, c.delivered_kg,
        c.value_fen, c.delivery_from, c.delivery_to, c.status, l.id AS loan_id,
        (SELECT COUNT(*) FROM deliveries d WHERE d.contract_id = c.id) AS deliveries
      FROM offtake_contracts c LEFT JOIN loans l ON l.contract_id = c.id
      ORDER BY c.id DESC LIMIT ${AGRI_LIST_MAX}`.execute(db),
    sql<Record<string, Cell>>`
      SELECT l.id AS loan_id, l.borrower_id AS farmer_id, l.status AS loan_status, l.principal_fen,
        ${wallet.balanceFen} AS balance,
        (SELECT COALESCE(SUM(p.amount_fen - p.refunded_fen), 0) FROM purchases p
          WHERE p.loan_id = l.id AND p.status IN ('paid', 'refunded')) AS spent,
        l.swept_on
      FROM loans l JOIN ${wallet.join}
      WHERE l.product = 'agri'
      ORDER BY l.id DESC LIMIT ${AGRI_LIST_MAX}`.execute(db),
    sql<Record<string, Cell>>`
      SELECT p.id AS purchase_id, p.loan_id, p.farmer_id, p.supplier_id, p.amount_fen, p.refunded_fen,
        p.status, p.business_date,
        (SELECT GROUP_CONCAT(DISTINCT pl.category ORDER BY pl.category SEPARATOR ', ')
          FROM purchase_lines pl WHERE pl.purchase_id = p.id) AS categories
      FROM purchases p ORDER BY p.id DESC LIMIT ${AGRI_LIST_MAX}`.execute(db),
    sql<Record<string, Cell>>`
      SELECT id AS attempt_id, loan_id, farmer_id, kind, code, detail, business_date
      FROM restricted_wallet_attempts ORDER BY id DESC LIMIT ${AGRI_LIST_MAX}`.execute(db),
    sql<Record<string, Cell>>`
      SELECT id AS claim_id, loan_id, policy_id, insurer_id, owed_fen, claim_fen, status, opened_on, paid_on,
             accepted_fen, COALESCE(paid_fen, 0) AS received_fen,
             CASE WHEN status = 'accepted' THEN decided_on + INTERVAL ${sql.lit(CLAIM_PAYMENT_DAYS)} DAY END AS due_on
      FROM guarantee_claims ORDER BY status IN ('open', 'accepted') DESC, id DESC LIMIT ${AGRI_LIST_MAX}`.execute(
      db,
    ),
    suspiciousSuppliers(db),
    proceedsAgeing(db),
  ])
  return {
    contracts: contracts.rows.map((r) => ({
      contractId: num(r.contractId),
      farmerId: num(r.farmerId),
      offtakerId: num(r.offtakerId),
      crop: String(r.crop),
      quantityKg: num(r.quantityKg),
      deliveredKg: num(r.deliveredKg),
      valueFen: fen(r.valueFen),
      deliveryFrom: String(r.deliveryFrom),
      deliveryTo: String(r.deliveryTo),
      status: String(r.status),
      loanId: r.loanId === null ? null : num(r.loanId),
      deliveries: num(r.deliveries),
    })),
    wallets: wallets.rows.map((r) => ({
      loanId: num(r.loanId),
      farmerId: num(r.farmerId),
      loanStatus: String(r.loanStatus),
      principalFen: fen(r.principalFen),
      balanceFen: fen(r.balance),
      spentFen: fen(r.spent),
      sweptOn: r.sweptOn === null ? null : String(r.sweptOn),
    })),
    purchases: purchases.rows.map((r) => ({
      purchaseId: num(r.purchaseId),
      loanId: num(r.loanId),
      farmerId: num(r.farmerId),
      supplierId: num(r.supplierId),
      amountFen: fen(r.amountFen),
      refundedFen: fen(r.refundedFen),
      status: String(r.status),
      businessDate: String(r.businessDate),
      categories: String(r.categories ?? ''),
    })),
    attempts: attempts.rows.map((r) => ({
      attemptId: num(r.attemptId),
      loanId: num(r.loanId),
      farmerId: num(r.farmerId),
      kind: String(r.kind),
      code: String(r.code),
      detail: String(r.detail),
      businessDate: String(r.businessDate),
    })),
    claims: claims.rows.map((r) => ({
      claimId: num(r.claimId),
      loanId: num(r.loanId),
      policyId: num(r.policyId),
      insurerId: num(r.insurerId),
      owedFen: fen(r.owedFen),
      claimFen: fen(r.claimFen),
      status: String(r.status),
      openedOn: String(r.openedOn),
      paidOn: r.paidOn === null ? null : String(r.paidOn),
      acceptedFen: r.acceptedFen === null ? null : fen(r.acceptedFen),
      receivedFen: fen(r.receivedFen),
      dueOn: r.dueOn === null ? null : String(r.dueOn),
    })),
    suppliersToWatch,
    proceedsAgeing: ageing.slice(0, AGRI_LIST_MAX),
  }
}
