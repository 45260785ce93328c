/**
 * A farm loan's restricted wallet (its id is the loan's id): money that can only buy eligible farm
 * inputs, reviewed by an officer and in the offtaker's input plan, from approved suppliers. A purchase is decided and posted while the loan's row is locked, so
 * concurrent purchases, budgets and the sweep see one balance; the ledger's restricted partition
 * refuses any other movement even if this code tried. Attempts to buy ineligible goods, to buy from a
 * supplier that is not approved, or to withdraw or transfer are refused and recorded for officers.
 * @module
 */
import { createHash } from 'node:crypto'
import { sql, type Selectable, type Transaction } from 'kysely'
import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise'
import type { Db } from '../db/database.js'
import { IdempotencyKeyTaken, type AnswerInTransaction } from '../db/idempotency-record.js'
import type { Database, PurchaseLinesTable } from '../db/schema.js'
import type { Statement } from '../db/statement.js'
import { isoDate, type IsoDate } from '../kernel/business-date.js'
import { NotFound, Refusal } from '../kernel/errors.js'
import type { RefusalCodeWith } from '../kernel/refusals.js'
import { capBps, fenFromDb, FEN_MAX } from '../kernel/money.js'
import { accounts } from '../ledger/chart-of-accounts.js'
import { accountBalances, balancesStatement } from '../ledger/ledger-repository.js'
import type { LedgerService, LedgerTransaction } from '../ledger/ledger-service.js'
import type { EntryInput } from '../ledger/posting.js'
import { getBusinessDate } from '../system/business-date-service.js'
import { GroupCommitQueue } from '../kernel/group-commit.js'
import {
  AGRI_POLICY,
  eligibleCategories,
  FARM_INPUT_CATEGORIES,
  priceAboveTolerance,
  type FarmInputCategory,
} from './agri-policy.js'
import { inPlan, parseInputPlan, type InputPlan } from './contracts.js'
import { eventRow, recordEvents } from '../events/events.js'

type Deps = { db: Db; ledger: LedgerService }

export type AttemptKind =
  | 'withdrawal'
  | 'transfer'
  | 'ineligible_category'
  | 'unapproved_supplier'
  /** A product no officer has approved (new, relabelled, rejected): the goods may not be what they say. */
  | 'unapproved_product'
  /** A product priced past the tolerance above its reviewed reference. */
  | 'price_above_reference'
  /** Goods outside the offtaker's input plan for the contract. */
  | 'outside_input_plan'

/** Records a blocked attempt on restricted money (kept even though the request is refused). */
export async function recordAttempt(
  db: Db,
  input: {
    loanId: number
    farmerId: number
    kind: AttemptKind
    code: string
    detail: string
    principalRef: string
  },
): Promise<void> {
  const businessDate = await getBusinessDate(db)
  await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('restrictedWalletAttempts')
      .values({ ...input, detail: input.detail.slice(0, 500), businessDate })
      .executeTakeFirstOrThrow()
    await recordEvents(trx, [
      {
        key: `restricted_wallet.breach_attempt:${inserted.insertId}`,
        type: 'restricted_wallet.breach_attempt',
        businessDate,
        subject: { loanId: input.loanId, walletId: input.loanId, farmerId: input.farmerId },
        data: { kind: input.kind, code: input.code, detail: input.detail },
      },
    ])
  })
}

async function loanOfWallet(db: Db | Transaction<Database>, walletId: number, lock = false) {
  let query = db.selectFrom('loans').selectAll().where('id', '=', walletId).where('product', '=', 'agri')
  if (lock) query = query.forUpdate()
  const loan = await query.executeTakeFirst()
  if (!loan) throw new NotFound(`No restricted wallet ${walletId}.`)
  return loan
}

/** The farmer who owns the wallet (for access checks before anything else). */
export async function walletOwner(db: Db, walletId: number): Promise<number> {
  return (await loanOfWallet(db, walletId)).borrowerId
}

export async function refuseWithdrawal(
  db: Db,
  input: { walletId: number; kind: 'withdrawal' | 'transfer'; principalRef: string },
): Promise<never> {
  const loan = await loanOfWallet(db, input.walletId)
  const detail = `Restricted funds of loan ${loan.id} can only buy farm inputs from approved suppliers.`
  await recordAttempt(db, {
    loanId: Number(loan.id),
    farmerId: loan.borrowerId,
    kind: input.kind,
    code: 'restricted_funds_not_withdrawable',
    detail,
    principalRef: input.principalRef,
  })
  throw new Refusal('restricted_funds_not_withdrawable', detail)
}

/** Spent per category, net of refunds, over paid purchases. */
async function spentByCategory(
  db: Db | Transaction<Database>,
  loanId: number,
): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('purchaseLines')
    .innerJoin('purchases', 'purchases.id', 'purchaseLines.purchaseId')
    .select([
      'purchaseLines.category',
      sql<string>`SUM(purchase_lines.unit_price_fen * (purchase_lines.quantity - purchase_lines.refunded_quantity))`.as(
        'netFen',
      ),
    ])
    .where('purchases.loanId', '=', loanId)
    .where('purchases.status', 'in', ['paid', 'refunded'])
    .groupBy('purchaseLines.category')
    .execute()
  return Object.fromEntries(rows.map((row) => [row.category, fenFromDb(row.netFen)]))
}

/** {@link spentByCategory} of each of `loanIds`, read in a purchase's ledger transaction (under their locks). */
async function spentByCategoryIn(
  tx: LedgerTransaction,
  loanIds: number[],
): Promise<Map<number, Record<string, number>>> {
  const [rows] = (await tx.run([
    {
      sql: `SELECT purchases.loan_id, purchase_lines.category,
                   SUM(purchase_lines.unit_price_fen * (purchase_lines.quantity - purchase_lines.refunded_quantity)) AS net_fen
            FROM purchase_lines JOIN purchases ON purchases.id = purchase_lines.purchase_id
            WHERE purchases.loan_id IN (?) AND purchases.status IN ('paid', 'refunded')
            GROUP BY purchases.loan_id, purchase_lines.category`,
      params: [loanIds],
    },
  ])) as RowDataPacket[][]
  const byLoan = new Map<number, Record<string, number>>()
  for (const row of rows!) {
    const spent = byLoan.get(Number(row.loan_id)) ?? {}
    spent[String(row.category)] = fenFromDb(row.net_fen)
    byLoan.set(Number(row.loan_id), spent)
  }
  return byLoan
}

export type WalletView = {
  walletId: number
  loanId: number
  farmerId: number
  status: 'open' | 'closed'
  balanceFen: number
  spentFen: number
  spentByCategory: Record<string, number>
  eligibleCategories: FarmInputCategory[]
  budgets: Record<string, { limitFen: number; spentFen: number; remainingFen: number }>
}

export async function getWallet(db: Db, walletId: number): Promise<WalletView> {
  const loan = await loanOfWallet(db, walletId)
  const loanId = Number(loan.id)
  const walletCode = accounts.restrictedWallet(loanId).code
  const account = (await accountBalances(db, [walletCode])).get(walletCode)
  const contract = await db
    .selectFrom('offtakeContracts')
    .select('crop')
    .where('id', '=', Number(loan.contractId))
    .executeTakeFirstOrThrow()
  const spent = await spentByCategory(db, loanId)
  const budgetBps = JSON.parse(loan.categoryBudgets ?? '{}') as Record<string, number>
  return {
    walletId: loanId,
    loanId,
    farmerId: loan.borrowerId,
    status: loan.status === 'active' && loan.sweptOn === null ? 'open' : 'closed',
    balanceFen: account?.balanceFen ?? 0,
    spentFen: Object.values(spent).reduce((sum, fen) => sum + fen, 0),
    spentByCategory: spent,
    eligibleCategories: [...eligibleCategories(contract.crop)],
    budgets: Object.fromEntries(
      Object.entries(budgetBps).map(([category, bps]) => {
        const limitFen = capBps(loan.principalFen, bps)
        const spentFen = spent[category] ?? 0
        return [category, { limitFen, spentFen, remainingFen: Math.max(0, limitFen - spentFen) }]
      }),
    ),
  }
}

export type PurchaseInput = {
  walletId: number
  supplierId: number
  lines: Array<{ sku: string; quantity: number }>
  /** Unique per request (principal and Idempotency-Key): a retry finds the first purchase. */
  requestKey: string
  principalRef: string
  /** When set, a wallet of another farmer answers 404 (checked under the lock, before anything else). */
  farmerId?: number
  /** The HTTP request's idempotency record, claimed and completed in the purchase's own transaction. */
  answer?: AnswerInTransaction
  /**
   * Decide only: every rule, budget and the balance are checked (blocked attempts recorded as for a
   * purchase) and nothing is paid; the answer is the priced purchase with purchaseId 0. A supplier's
   * point-of-sale request is checked this way when it is rung up (purchase-requests.ts).
   */
  quoteOnly?: boolean
  /** What a purchase made on the farmer's consent adds (purchase-requests.ts); never batched. */
  guard?: PurchaseGuard
}

/**
 * A purchase that pays a point-of-sale request: `check` runs under the loan's lock once the rules
 * allow the purchase at `amountFen`, before it is paid (it throws to refuse: the request was
 * cancelled, locked or expired meanwhile, or the price is not the one the farmer agreed to);
 * `statements` commit with the payment (`idVariable` holds the new purchase's id).
 */
export type PurchaseGuard = {
  check(tx: LedgerTransaction, amountFen: number): Promise<void>
  statements(idVariable: string): Statement[]
}

export type PurchaseView = {
  purchaseId: number
  walletId: number
  supplierId: number
  amountFen: number
  refundedFen: number
  status: string
  lines: Array<{
    sku: string
    category: string
    quantity: number
    unitPriceFen: number
    amountFen: number
    refundedQuantity: number
  }>
}

export async function getPurchase(db: Db, purchaseId: number): Promise<PurchaseView> {
  const row = await db.selectFrom('purchases').selectAll().where('id', '=', purchaseId).executeTakeFirst()
  if (!row) throw new NotFound(`No purchase ${purchaseId}.`)
  const lines = await db
    .selectFrom('purchaseLines')
    .selectAll()
    .where('purchaseId', '=', purchaseId)
    .orderBy('lineNo')
    .execute()
  return {
    purchaseId: Number(row.id),
    walletId: Number(row.loanId),
    supplierId: Number(row.supplierId),
    amountFen: fenFromDb(row.amountFen),
    refundedFen: fenFromDb(row.refundedFen),
    status: row.status,
    lines: lines.map((line) => ({
      sku: line.sku,
      category: line.category,
      quantity: line.quantity,
      unitPriceFen: fenFromDb(line.unitPriceFen),
      amountFen: fenFromDb(line.amountFen),
      refundedQuantity: line.refundedQuantity,
    })),
  }
}

/**
 * Buys farm inputs from the restricted wallet: checks, then one entry `purchase:{request}`, under the
 * loan's lock. A refusal is an event of its own (`restricted_purchase.refused`), recorded with it.
 */
export async function purchase(deps: Deps, input: PurchaseInput): Promise<PurchaseView> {
  try {
    return await purchaseBatcher(deps).decide(input)
  } catch (error) {
    if (error instanceof Refusal) {
      const loan = await deps.db
        .selectFrom('loans')
        .select(['id', 'borrowerId'])
        .where('id', '=', input.walletId)
        .executeTakeFirst()
      if (loan) {
        await recordEvents(deps.db, [
          {
            key: `restricted_purchase.refused:${createHash('sha256').update(input.requestKey).digest('hex').slice(0, 48)}`,
            type: 'restricted_purchase.refused',
            businessDate: await getBusinessDate(deps.db),
            subject: {
              loanId: Number(loan.id),
              walletId: Number(loan.id),
              farmerId: loan.borrowerId,
              supplierId: input.supplierId,
            },
            data: { code: error.code, detail: error.message, lines: input.lines },
          },
        ])
      }
    }
    throw error
  }
}

/** The locked loan and everything a purchase is decided on, as read in its first round trip. */
type PurchaseFacts = {
  loan: PurchaseLoan
  earlierPurchaseId: number | null
  crop: string
  /** The offtaker's input plan for the loan's contract; null: none. */
  inputPlan: InputPlan | null
  balanceFen: number
  businessDate: IsoDate
  supplierApproved: boolean
  products: Array<{
    sku: string
    category: string
    priceFen: number
    status: string
    referencePriceFen: number | null
  }>
}

type PurchaseLoan = {
  id: number
  borrowerId: number
  status: string
  sweptOn: string | null
  principalFen: number
  categoryBudgets: string | null
}

/** A purchase line as it will be stored, before its purchase has an id. */
type PricedLine = Omit<Selectable<PurchaseLinesTable>, 'purchaseId' | 'refundedQuantity'>

/** What the rules say of a purchase before its budgets and balance: refuse it, replay it, or its price. */
type Verdict =
  | { kind: 'not_found' }
  | { kind: 'earlier'; purchaseId: number }
  | { kind: 'refused'; refusal: Refusal }
  /** A refusal recorded as an attempt on restricted money (after the transaction, so it is kept). */
  | { kind: 'attempt'; attempt: AttemptKind; code: RefusalCodeWith<422>; detail: string }
  | { kind: 'priced'; lines: PricedLine[]; amountFen: number }

function loanFromRow(row: RowDataPacket): PurchaseLoan {
  return {
    id: Number(row.id),
    borrowerId: Number(row.borrower_id),
    status: String(row.status),
    sweptOn: row.swept_on === null ? null : String(row.swept_on),
    principalFen: fenFromDb(row.principal_fen),
    categoryBudgets: row.category_budgets === null ? null : String(row.category_budgets),
  }
}

const LOANS_FOR_UPDATE = `SELECT id, borrower_id, status, swept_on, principal_fen, category_budgets FROM loans
  WHERE id IN (?) AND product = 'agri' ORDER BY id FOR UPDATE`

/**
 * One round trip: claims the requests' keys (a duplicate waits here for the first to commit), locks
 * their loans' rows in id order, then (a consistent read taken after the locks are granted, so it sees
 * every purchase, refund and sweep committed before) reads for each purchase its earlier purchase
 * under the same request, its contract's crop, its wallet's balance, the business date, the supplier
 * and its products. `claimed` is false for a purchase whose key another request holds.
 */
async function readPurchaseFacts(
  tx: LedgerTransaction,
  inputs: readonly PurchaseInput[],
): Promise<{ claimed: boolean[]; facts: Array<PurchaseFacts | undefined> }> {
  const loanIds = [...new Set(inputs.map((input) => input.walletId))]
  const supplierIds = [...new Set(inputs.map((input) => input.supplierId))]
  const claims = inputs.flatMap((input) => (input.answer ? [input.answer.claim] : []))
  const walletBalances = balancesStatement(loanIds.map((loanId) => accounts.restrictedWallet(loanId).code))
  const results = (await tx.run([
    ...claims,
    { sql: LOANS_FOR_UPDATE, params: [loanIds] },
    {
      sql: 'SELECT request_key, id FROM purchases WHERE request_key IN (?)',
      params: [inputs.map((input) => input.requestKey)],
    },
    {
      sql: `SELECT l.id, c.crop, c.input_plan FROM loans l JOIN offtake_contracts c ON c.id = l.contract_id
            WHERE l.id IN (?)`,
      params: [loanIds],
    },
    walletBalances.statement,
    { sql: 'SELECT business_date FROM system_state WHERE id = 1', params: [] },
    { sql: 'SELECT id, approved FROM suppliers WHERE id IN (?)', params: [supplierIds] },
    {
      sql: `SELECT supplier_id, sku, category, price_fen, status, reference_price_fen FROM supplier_products
            WHERE supplier_id IN (?) AND sku IN (?)`,
      params: [supplierIds, [...new Set(inputs.flatMap((input) => input.lines.map((line) => line.sku)))]],
    },
  ])) as RowDataPacket[][]
  let claimIndex = 0
  const claimed = inputs.map((input) =>
    input.answer ? (results[claimIndex++] as unknown as ResultSetHeader).affectedRows === 1 : true,
  )
  const [loanRows, earlierRows, cropRows, balanceRows, dateRows, supplierRows, productRows] = results.slice(
    claims.length,
  )
  const loans = new Map(loanRows!.map((row) => [Number(row.id), loanFromRow(row)]))
  const earlier = new Map(earlierRows!.map((row) => [String(row.request_key), Number(row.id)]))
  const crops = new Map(cropRows!.map((row) => [Number(row.id), String(row.crop)]))
  const plans = new Map(
    cropRows!.map((row) => [
      Number(row.id),
      parseInputPlan(row.input_plan === null ? null : String(row.input_plan)),
    ]),
  )
  const balances = walletBalances.read(balanceRows)
  const businessDate = isoDate(String(dateRows![0]!.business_date))
  const approved = new Map(supplierRows!.map((row) => [Number(row.id), Number(row.approved) === 1]))
  const facts = inputs.map((input): PurchaseFacts | undefined => {
    const loan = loans.get(input.walletId)
    if (!loan) return undefined
    return {
      loan,
      earlierPurchaseId: earlier.get(input.requestKey) ?? null,
      crop: crops.get(loan.id) ?? '',
      inputPlan: plans.get(loan.id) ?? null,
      balanceFen: balances.get(accounts.restrictedWallet(loan.id).code) ?? 0,
      businessDate,
      supplierApproved: approved.get(input.supplierId) ?? false,
      products: productRows!
        .filter((row) => Number(row.supplier_id) === input.supplierId)
        .map((row) => ({
          sku: String(row.sku),
          category: String(row.category),
          priceFen: fenFromDb(row.price_fen),
          status: String(row.status),
          referencePriceFen: row.reference_price_fen === null ? null : fenFromDb(row.reference_price_fen),
        })),
    }
  })
  return { claimed, facts }
}

/** The rules of a restricted purchase up to its budgets and balance, in the order a farmer hears them. */
function judge(input: PurchaseInput, facts: PurchaseFacts | undefined): Verdict {
  if (!facts || (input.farmerId !== undefined && facts.loan.borrowerId !== input.farmerId)) {
    return { kind: 'not_found' }
  }
  const { loan } = facts
  if (facts.earlierPurchaseId !== null) return { kind: 'earlier', purchaseId: facts.earlierPurchaseId }
  if (loan.status !== 'active' || loan.sweptOn !== null) {
    return {
      kind: 'refused',
      refusal: new Refusal(
        'restricted_wallet_closed',
        `Restricted wallet ${loan.id} is closed (loan ${loan.status}).`,
      ),
    }
  }
  if (!facts.supplierApproved) {
    return {
      kind: 'attempt',
      attempt: 'unapproved_supplier',
      code: 'supplier_not_approved',
      detail: `Supplier ${input.supplierId} is not an approved supplier.`,
    }
  }
  const lines = input.lines.map((line) => ({
    ...line,
    product: facts.products.find((p) => p.sku === line.sku),
  }))
  const unknown = lines.find((line) => !line.product)
  if (unknown) {
    return {
      kind: 'refused',
      refusal: new Refusal('unknown_sku', `Supplier ${input.supplierId} sells no ${unknown.sku}.`),
    }
  }
  const overpriced = lines.find(
    ({ product }) =>
      product!.referencePriceFen !== null &&
      priceAboveTolerance(product!.priceFen, product!.referencePriceFen),
  )
  if (overpriced) {
    const { priceFen, referencePriceFen } = overpriced.product!
    return {
      kind: 'attempt',
      attempt: 'price_above_reference',
      code: 'price_above_reference',
      detail: `${overpriced.sku} costs ${priceFen} fen, more than ${AGRI_POLICY.priceToleranceBps} bps above its reviewed ${referencePriceFen} fen.`,
    }
  }
  const unreviewed = lines.find((line) => line.product!.status !== 'approved')
  if (unreviewed) {
    return {
      kind: 'attempt',
      attempt: 'unapproved_product',
      code: 'product_not_approved',
      detail: `${unreviewed.sku} of supplier ${input.supplierId} is ${unreviewed.product!.status}, not approved.`,
    }
  }
  const allowed = eligibleCategories(facts.crop) as readonly string[]
  const ineligible = lines.find((line) => !allowed.includes(line.product!.category))
  if (ineligible) {
    const category = ineligible.product!.category
    const why = (FARM_INPUT_CATEGORIES as readonly string[]).includes(category)
      ? `not a farm input for ${facts.crop}`
      : 'not a farm input'
    return {
      kind: 'attempt',
      attempt: 'ineligible_category',
      code: 'category_not_eligible',
      detail: `${ineligible.sku} is ${category}: ${why}.`,
    }
  }
  const unplanned = lines.find(
    (line) =>
      !inPlan(facts.inputPlan, {
        supplierId: input.supplierId,
        sku: line.sku,
        category: line.product!.category,
      }),
  )
  if (unplanned) {
    return {
      kind: 'attempt',
      attempt: 'outside_input_plan',
      code: 'not_in_input_plan',
      detail: `${unplanned.sku} (${unplanned.product!.category}) is not in the input plan of loan ${loan.id}'s contract.`,
    }
  }
  const priced = lines.map((line, index) => ({
    lineNo: index + 1,
    sku: line.sku,
    category: line.product!.category,
    quantity: line.quantity,
    unitPriceFen: line.product!.priceFen,
    amountFen: line.quantity * line.product!.priceFen,
  }))
  const amountFen = priced.reduce((sum, line) => sum + line.amountFen, 0)
  if (!Number.isSafeInteger(amountFen) || amountFen > FEN_MAX) {
    return {
      kind: 'refused',
      refusal: new Refusal('insufficient_restricted_balance', 'The purchase is larger than any wallet.'),
    }
  }
  return { kind: 'priced', lines: priced, amountFen }
}

const budgetsOf = (loan: PurchaseLoan) => JSON.parse(loan.categoryBudgets ?? '{}') as Record<string, number>

/** The category budget or the balance a priced purchase would break; `spent` is read when the loan has budgets. */
function budgetOrBalanceRefusal(
  loan: PurchaseLoan,
  priced: { lines: PricedLine[]; amountFen: number },
  spent: Record<string, number>,
  balanceFen: number,
): Refusal | undefined {
  for (const [category, bps] of Object.entries(budgetsOf(loan))) {
    const addFen = priced.lines
      .filter((line) => line.category === category)
      .reduce((sum, line) => sum + line.amountFen, 0)
    const limitFen = capBps(loan.principalFen, bps)
    if (addFen > 0 && (spent[category] ?? 0) + addFen > limitFen) {
      return new Refusal(
        'category_budget_exceeded',
        `${category} may take at most ${limitFen} fen of this loan; ${spent[category] ?? 0} fen is spent.`,
      )
    }
  }
  if (priced.amountFen > balanceFen) {
    return new Refusal(
      'insufficient_restricted_balance',
      `The purchase is ${priced.amountFen} fen; the restricted wallet holds ${balanceFen} fen.`,
    )
  }
  return undefined
}

/**
 * The statements that store a paid purchase (its row, lines and event, and the request's answer),
 * its ledger entry, and the answer with the new row's id left for `idVariable` (an SQL user variable
 * set from the row's INSERT, which is the first statement).
 */
function paidPurchase(
  input: PurchaseInput,
  loan: PurchaseLoan,
  businessDate: IsoDate,
  priced: { lines: PricedLine[]; amountFen: number },
  idVariable: string,
): { statements: Statement[]; entry: EntryInput; view: PurchaseView } {
  const loanId = loan.id
  const { amountFen } = priced
  const entry: EntryInput = {
    idempotencyKey: `purchase:${createHash('sha256').update(input.requestKey).digest('hex').slice(0, 48)}`,
    type: 'restricted_purchase',
    businessDate,
    description: `farm inputs from supplier ${input.supplierId} for loan ${loanId}`,
    refs: { loanId },
    postings: [
      { accountCode: accounts.restrictedWallet(loanId).code, side: 'D', amountFen },
      { accountCode: accounts.supplierPayable(input.supplierId).code, side: 'C', amountFen },
    ],
  }
  const event = eventRow({
    key: 'restricted_purchase.paid:',
    type: 'restricted_purchase.paid',
    businessDate,
    // purchaseId first, replaced by the new row's id in the statement.
    subject: {
      purchaseId: 0,
      loanId,
      walletId: loanId,
      farmerId: loan.borrowerId,
      supplierId: input.supplierId,
    },
    data: { amountFen, lines: priced.lines },
  })
  // The answer, with the new row's id filled in by the statement that stores it.
  const view: PurchaseView = {
    purchaseId: 0,
    walletId: loanId,
    supplierId: input.supplierId,
    amountFen,
    refundedFen: 0,
    status: 'paid',
    lines: priced.lines.map((line) => ({
      sku: line.sku,
      category: line.category,
      quantity: line.quantity,
      unitPriceFen: line.unitPriceFen,
      amountFen: line.amountFen,
      refundedQuantity: 0,
    })),
  }
  const statements: Statement[] = [
    {
      sql: `INSERT INTO purchases (request_key, loan_id, farmer_id, supplier_id, amount_fen, status, business_date)
          VALUES (?, ?, ?, ?, ?, 'paid', ?)`,
      params: [input.requestKey, loanId, loan.borrowerId, input.supplierId, amountFen, businessDate],
    },
    { sql: `SET ${idVariable} = LAST_INSERT_ID()`, params: [] },
    {
      sql: `INSERT INTO purchase_lines (purchase_id, line_no, sku, category, quantity, unit_price_fen, amount_fen)
          VALUES ${priced.lines.map(() => `(${idVariable}, ?, ?, ?, ?, ?, ?)`).join(', ')}`,
      params: priced.lines.flatMap((line) => [
        line.lineNo,
        line.sku,
        line.category,
        line.quantity,
        line.unitPriceFen,
        line.amountFen,
      ]),
    },
    {
      sql: `INSERT IGNORE INTO events (event_key, type, business_date, loan_id, merchant_id, farmer_id, supplier_id,
            offtaker_id, insurer_id, subject, data)
          VALUES (CONCAT(?, ${idVariable}), ?, ?, ?, ?, ?, ?, ?, ?, JSON_SET(?, '$.purchaseId', ${idVariable}), ?)`,
      params: [
        event.eventKey,
        event.type,
        event.businessDate,
        event.loanId,
        event.merchantId,
        event.farmerId,
        event.supplierId,
        event.offtakerId,
        event.insurerId,
        event.subject,
        event.data,
      ],
    },
    ...(input.guard?.statements(idVariable) ?? []),
    ...(input.answer ? [input.answer.complete(view, { purchaseId: idVariable })] : []),
  ]
  return { statements, entry, view }
}

/** Records the attempt a verdict names and returns the refusal the farmer gets. */
async function attemptRefusal(
  deps: Deps,
  input: PurchaseInput,
  loan: { id: number; borrowerId: number },
  verdict: Extract<Verdict, { kind: 'attempt' }>,
): Promise<Refusal> {
  await recordAttempt(deps.db, {
    loanId: loan.id,
    farmerId: loan.borrowerId,
    kind: verdict.attempt,
    code: verdict.code,
    detail: verdict.detail,
    principalRef: input.principalRef,
  })
  return new Refusal(verdict.code, verdict.detail)
}

const restrictedRefusal = (error: unknown) => {
  if (error instanceof Refusal && error.code === 'insufficient_funds') {
    return new Refusal('insufficient_restricted_balance', error.message)
  }
  return error
}

/** One purchase in a transaction of its own: the path every refusal, replay and lone purchase takes. */
async function decidePurchase(deps: Deps, input: PurchaseInput): Promise<PurchaseView> {
  // Refusals found inside the transaction are thrown after it ends, so the attempt is recorded
  // outside the rolled-back work.
  let attempt: (() => Promise<Refusal>) | undefined
  let earlierId: number | undefined
  // Two round trips while the loan's row is locked: the facts, then (when the purchase is allowed)
  // the purchase, its lines, its ledger entry and its event with the COMMIT, in one batch, so the
  // purchase and its payment commit together or not at all.
  const paid = await deps.ledger
    .transaction(async (tx): Promise<PurchaseView | undefined> => {
      attempt = undefined
      earlierId = undefined
      const read = await readPurchaseFacts(tx, [input])
      if (!read.claimed[0]) throw new IdempotencyKeyTaken()
      const facts = read.facts[0]
      const verdict = judge(input, facts)
      switch (verdict.kind) {
        case 'not_found':
          throw new NotFound(`No restricted wallet ${input.walletId}.`)
        case 'earlier':
          earlierId = verdict.purchaseId
          return undefined
        case 'refused':
          throw verdict.refusal
        case 'attempt':
          attempt = () => attemptRefusal(deps, input, facts!.loan, verdict)
          return undefined
        case 'priced':
          break
      }
      await input.guard?.check(tx, verdict.amountFen)
      const { loan, businessDate } = facts!
      const spent =
        Object.keys(budgetsOf(loan)).length > 0
          ? ((await spentByCategoryIn(tx, [loan.id])).get(loan.id) ?? {})
          : {}
      const refusal = budgetOrBalanceRefusal(loan, verdict, spent, facts!.balanceFen)
      if (refusal) throw refusal
      if (input.quoteOnly) return paidPurchase(input, loan, businessDate, verdict, '@purchase_id').view
      // Posted in the purchase's own transaction: the entry exists if and only if the purchase does.
      const { statements, entry, view } = paidPurchase(input, loan, businessDate, verdict, '@purchase_id')
      const payment = await tx.entry(entry)
      const results = await tx.run([...statements, ...payment.statements], { commit: true })
      input.answer?.completed()
      payment.entryId(results.slice(statements.length))
      return { ...view, purchaseId: Number((results[0] as ResultSetHeader).insertId) }
    })
    .catch((error: unknown) => {
      throw restrictedRefusal(error)
    })
  if (paid) return paid
  if (earlierId !== undefined) return getPurchase(deps.db, earlierId)
  throw await attempt!()
}

/** Purchase transactions running at once from one process; more purchases wait and go together. */
export const PURCHASE_BATCHES_IN_FLIGHT_MAX = 4
/** Purchases decided in one transaction at most. */
export const PURCHASE_BATCH_MAX = 32

type QueuedPurchase = {
  input: PurchaseInput
  resolve: (view: PurchaseView) => void
  reject: (error: unknown) => void
}

/**
 * Group commit for purchases, as the ledger has for posts: while {@link PURCHASE_BATCHES_IN_FLIGHT_MAX}
 * purchase transactions run, purchases that arrive queue up and are decided together in the next
 * one (two round trips and one commit for them all, their entries posted as one batch). A lone
 * purchase goes at once on its own. Only purchases that will be paid stay in a batch: one to be
 * refused or replayed gives its claim back and is decided alone after the batch, where it gets the
 * answer it would have got anyway; and if the batch fails for any reason it is rolled back and each
 * purchase is decided alone.
 */
class PurchaseBatcher {
  readonly #deps: Deps
  readonly #queue = new GroupCommitQueue<QueuedPurchase>({
    inFlightMax: PURCHASE_BATCHES_IN_FLIGHT_MAX,
    batchMax: () => this.batchMax,
    run: (batch) => this.#run(batch),
  })
  /**
   * Purchases paid in batches of more than one, those batches, and batches that failed and were
   * rolled back (each purchase then decided alone); for tests and the benchmark.
   */
  readonly stats = { batchedPurchases: 0, batches: 0, failedBatches: 0 }
  /** Purchases decided in one transaction at most; 1 decides each alone (the benchmark's baseline). */
  batchMax = PURCHASE_BATCH_MAX

  constructor(deps: Deps) {
    this.#deps = deps
  }

  decide(input: PurchaseInput): Promise<PurchaseView> {
    return new Promise<PurchaseView>((resolve, reject) => this.#queue.push({ input, resolve, reject }))
  }

  async #run(batch: QueuedPurchase[]): Promise<void> {
    let alone = batch
    if (batch.length > 1) {
      try {
        const paid = await decideBatch(
          this.#deps,
          batch.map((queued) => queued.input),
        )
        alone = batch.filter((queued, index) => {
          const view = paid[index]
          if (view) queued.resolve(view)
          return !view
        })
        if (alone.length < batch.length) {
          this.stats.batches += 1
          this.stats.batchedPurchases += batch.length - alone.length
        }
      } catch {
        // Rolled back: each is decided alone below, getting its own answer.
        this.stats.failedBatches += 1
      }
    }
    await Promise.all(
      alone.map((queued) => decidePurchase(this.#deps, queued.input).then(queued.resolve, queued.reject)),
    )
  }
}

const batchers = new WeakMap<LedgerService, PurchaseBatcher>()

/** The process's purchase batcher for this ledger. */
export function purchaseBatcher(deps: Deps): PurchaseBatcher {
  let batcher = batchers.get(deps.ledger)
  if (!batcher) {
    batcher = new PurchaseBatcher({ db: deps.db, ledger: deps.ledger })
    batchers.set(deps.ledger, batcher)
  }
  return batcher
}

/**
 * Decides `inputs` in one transaction: claims their keys, locks their loans in id order, reads what
 * they are decided on in one round trip, and pays, in arrival order, each that the rules allow and
 * its wallet (the balance left after the batch's earlier purchases) can afford, in a second round
 * trip that commits. Returns the answer of each purchase paid, and undefined for each left to be
 * decided alone (its claim given back).
 */
async function decideBatch(deps: Deps, inputs: PurchaseInput[]): Promise<Array<PurchaseView | undefined>> {
  return deps.ledger.transaction(async (tx) => {
    const { claimed, facts } = await readPurchaseFacts(tx, inputs)
    const loanIds = [...new Set(inputs.map((input) => input.walletId))]
    const loans = new Map(facts.flatMap((fact) => (fact ? [[fact.loan.id, fact.loan] as const] : [])))
    // What each wallet holds once the batch's earlier purchases are paid.
    const running = new Map(facts.flatMap((fact) => (fact ? [[fact.loan.id, fact.balanceFen] as const] : [])))
    const verdicts = inputs.map((input, index) => judge(input, facts[index]))
    const budgeted = loanIds.filter((loanId) => {
      const loan = loans.get(loanId)
      return loan !== undefined && Object.keys(budgetsOf(loan)).length > 0
    })
    const spent =
      budgeted.length > 0 ? await spentByCategoryIn(tx, budgeted) : new Map<number, Record<string, number>>()

    const seenKeys = new Set<string>()
    const releases: Statement[] = []
    const paid: Array<{ index: number; statements: Statement[]; entry: EntryInput; view: PurchaseView }> = []
    inputs.forEach((input, index) => {
      const verdict = verdicts[index]!
      const loan = loans.get(input.walletId)
      const firstOfKey = !seenKeys.has(input.requestKey)
      seenKeys.add(input.requestKey)
      const pays =
        !input.quoteOnly &&
        input.guard === undefined &&
        claimed[index] &&
        firstOfKey &&
        verdict.kind === 'priced' &&
        loan !== undefined &&
        budgetOrBalanceRefusal(loan, verdict, spent.get(loan.id) ?? {}, running.get(loan.id)!) === undefined
      if (!pays) {
        // Decided alone after the batch (a refusal, a replay, a key another request holds).
        if (claimed[index] && input.answer) releases.push(input.answer.release)
        return
      }
      const priced = verdict as Extract<Verdict, { kind: 'priced' }>
      running.set(loan!.id, running.get(loan!.id)! - priced.amountFen)
      const loanSpent = spent.get(loan!.id) ?? {}
      for (const line of priced.lines)
        loanSpent[line.category] = (loanSpent[line.category] ?? 0) + line.amountFen
      spent.set(loan!.id, loanSpent)
      const { businessDate } = facts[index]!
      paid.push({ index, ...paidPurchase(input, loan!, businessDate, priced, `@purchase_id_${paid.length}`) })
    })
    if (paid.length === 0) {
      if (releases.length > 0) await tx.run(releases, { commit: true })
      return inputs.map(() => undefined)
    }
    const payments = await tx.entries(paid.map((purchase) => purchase.entry))
    const purchaseStatements = paid.flatMap((purchase) => purchase.statements)
    const done = await tx.run([...releases, ...purchaseStatements, ...payments.statements], { commit: true })
    for (const purchase of paid) inputs[purchase.index]!.answer?.completed()
    payments.entryIds(done.slice(releases.length + purchaseStatements.length))
    const answers: Array<PurchaseView | undefined> = inputs.map(() => undefined)
    let offset = releases.length
    for (const purchase of paid) {
      answers[purchase.index] = {
        ...purchase.view,
        purchaseId: Number((done[offset] as ResultSetHeader).insertId),
      }
      offset += purchase.statements.length
    }
    return answers
  })
}

/**
 * A supplier takes goods back: the money returns to the restricted wallet (one entry per refund,
 * keyed by the purchase and the total refunded after it). Without lines, everything not yet refunded.
 * With `refundedBeforeFen` (a page's form: what had been refunded when it was shown), a purchase
 * refunded since (the same form sent twice) is left as it is and the answer's `refundFen` is 0.
 */
export async function refundPurchase(
  deps: Deps,
  input: {
    purchaseId: number
    supplierId: number
    lines?: Array<{ sku: string; quantity: number }>
    refundedBeforeFen?: number
  },
): Promise<PurchaseView & { refundFen: number }> {
  const businessDate = await getBusinessDate(deps.db)
  let refundFen = 0
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('purchases')
      .selectAll()
      .where('id', '=', input.purchaseId)
      .forUpdate()
      .executeTakeFirst()
    if (!row || Number(row.supplierId) !== input.supplierId)
      throw new NotFound(`No purchase ${input.purchaseId}.`)
    if (input.refundedBeforeFen !== undefined && fenFromDb(row.refundedFen) !== input.refundedBeforeFen)
      return
    const loan = await loanOfWallet(trx, Number(row.loanId), true)
    if (loan.status !== 'active' || loan.sweptOn !== null) {
      throw new Refusal(
        'restricted_wallet_closed',
        `Restricted wallet ${loan.id} is closed; the refund cannot return there.`,
      )
    }
    const lines = await trx
      .selectFrom('purchaseLines')
      .selectAll()
      .where('purchaseId', '=', input.purchaseId)
      .execute()
    const wanted =
      input.lines ?? lines.map((line) => ({ sku: line.sku, quantity: line.quantity - line.refundedQuantity }))
    const updates: Array<{ lineNo: number; refundedQuantity: number }> = []
    for (const want of wanted) {
      if (want.quantity === 0) continue
      const line = lines.find(
        (candidate) => candidate.sku === want.sku && !updates.some((u) => u.lineNo === candidate.lineNo),
      )
      if (!line) throw new Refusal('unknown_sku', `Purchase ${input.purchaseId} has no ${want.sku}.`)
      if (want.quantity > line.quantity - line.refundedQuantity) {
        throw new Refusal(
          'refund_exceeds_purchase',
          `Only ${line.quantity - line.refundedQuantity} of ${want.sku} can be refunded.`,
        )
      }
      updates.push({ lineNo: line.lineNo, refundedQuantity: line.refundedQuantity + want.quantity })
      refundFen += want.quantity * fenFromDb(line.unitPriceFen)
    }
    if (refundFen === 0)
      throw new Refusal('nothing_to_refund', `Purchase ${input.purchaseId} has nothing left to refund.`)
    const refundedFen = fenFromDb(row.refundedFen) + refundFen
    await deps.ledger.post({
      idempotencyKey: `refund:${input.purchaseId}:${refundedFen}`,
      type: 'purchase_refund',
      businessDate: businessDate as IsoDate,
      description: `supplier ${input.supplierId} refunds purchase ${input.purchaseId}`,
      refs: { loanId: Number(loan.id) },
      postings: [
        { accountCode: accounts.supplierPayable(input.supplierId).code, side: 'D', amountFen: refundFen },
        { accountCode: accounts.restrictedWallet(Number(loan.id)).code, side: 'C', amountFen: refundFen },
      ],
    })
    for (const update of updates) {
      await trx
        .updateTable('purchaseLines')
        .set({ refundedQuantity: update.refundedQuantity })
        .where('purchaseId', '=', input.purchaseId)
        .where('lineNo', '=', update.lineNo)
        .execute()
    }
    await trx
      .updateTable('purchases')
      .set({
        refundedFen,
        status: refundedFen === fenFromDb(row.amountFen) ? 'refunded' : 'paid',
        firstRefundedOn: row.firstRefundedOn ?? businessDate,
      })
      .where('id', '=', input.purchaseId)
      .execute()
  })
  return { ...(await getPurchase(deps.db, input.purchaseId)), refundFen }
}
