/**
 * A farm loan's restricted wallet (its id is the loan's id): money that can only buy eligible farm
 * inputs from approved suppliers. A purchase is decided and posted while the loan's row is locked, so
 * concurrent purchases, budgets and the sweep see one balance; the ledger's restricted partition
 * refuses any other movement even if this code tried. Attempts to buy ineligible goods, to buy from a
 * supplier that is not approved, or to withdraw or transfer are refused and recorded for officers.
 * @module
 */
import { createHash } from 'node:crypto'
import { sql, type Transaction } from 'kysely'
import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise'
import { isDuplicateKey, type Db } from '../db/database.js'
import type { Database } from '../db/schema.js'
import { isoDate, type IsoDate } from '../kernel/business-date.js'
import { NotFound, Refusal } from '../kernel/errors.js'
import { fenFromDb, FEN_MAX, mulBps } from '../kernel/money.js'
import { accounts } from '../ledger/chart-of-accounts.js'
import type { LedgerService, LedgerTransaction } from '../ledger/ledger-service.js'
import { getBusinessDate } from '../system/business-date-service.js'
import { eligibleCategories, FARM_INPUT_CATEGORIES, type FarmInputCategory } from './agri-policy.js'
import { eventRow, recordEvents } from '../events/events.js'
import { IdempotencyKeyTaken, type AnswerInTransaction } from '../http/idempotency.js'

type Deps = { db: Db; ledger: LedgerService }

export type AttemptKind = 'withdrawal' | 'transfer' | 'ineligible_category' | 'unapproved_supplier'

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

/** {@link spentByCategory} read in a purchase's ledger transaction (under the loan's lock). */
async function spentByCategoryIn(tx: LedgerTransaction, loanId: number): Promise<Record<string, number>> {
  const [rows] = (await tx.run([
    {
      sql: `SELECT purchase_lines.category,
                   SUM(purchase_lines.unit_price_fen * (purchase_lines.quantity - purchase_lines.refunded_quantity)) AS net_fen
            FROM purchase_lines JOIN purchases ON purchases.id = purchase_lines.purchase_id
            WHERE purchases.loan_id = ? AND purchases.status IN ('paid', 'refunded')
            GROUP BY purchase_lines.category`,
      params: [loanId],
    },
  ])) as RowDataPacket[][]
  return Object.fromEntries(rows!.map((row) => [String(row.category), fenFromDb(row.net_fen)]))
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
  const account = await db
    .selectFrom('ledgerAccounts')
    .select(['debitsPostedFen', 'creditsPostedFen'])
    .where('code', '=', accounts.restrictedWallet(loanId).code)
    .executeTakeFirst()
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
    balanceFen: account ? account.creditsPostedFen - account.debitsPostedFen : 0,
    spentFen: Object.values(spent).reduce((sum, fen) => sum + fen, 0),
    spentByCategory: spent,
    eligibleCategories: [...eligibleCategories(contract.crop)],
    budgets: Object.fromEntries(
      Object.entries(budgetBps).map(([category, bps]) => {
        const limitFen = mulBps(loan.principalFen, bps)
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
    amountFen: Number(row.amountFen),
    refundedFen: Number(row.refundedFen),
    status: row.status,
    lines: lines.map((line) => ({
      sku: line.sku,
      category: line.category,
      quantity: line.quantity,
      unitPriceFen: Number(line.unitPriceFen),
      amountFen: Number(line.amountFen),
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
    return await decidePurchase(deps, input)
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
  loan: {
    id: number
    borrowerId: number
    status: string
    sweptOn: string | null
    principalFen: number
    categoryBudgets: string | null
  }
  earlierPurchaseId: number | null
  crop: string
  balanceFen: number
  businessDate: IsoDate
  supplierApproved: boolean
  products: Array<{ sku: string; category: string; priceFen: number }>
}

/**
 * One round trip: locks the loan's row, then (a consistent read taken after the lock is granted, so
 * it sees every purchase, refund and sweep committed before) the earlier purchase of this request, the
 * contract's crop, the wallet's balance, the business date, the supplier and its products.
 */
async function readPurchaseFacts(
  tx: LedgerTransaction,
  input: PurchaseInput,
): Promise<PurchaseFacts | undefined> {
  // The request's key is claimed first: a duplicate waits here for the first to commit, then is refused.
  const claim = input.answer ? [input.answer.claim] : []
  const results = (await tx
    .run([
      ...claim,
      {
        sql: `SELECT id, borrower_id, status, swept_on, principal_fen, category_budgets FROM loans
            WHERE id = ? AND product = 'agri' FOR UPDATE`,
        params: [input.walletId],
      },
      {
        sql: `SELECT (SELECT id FROM purchases WHERE request_key = ?) AS earlier_id,
                   (SELECT c.crop FROM loans l JOIN offtake_contracts c ON c.id = l.contract_id WHERE l.id = ?) AS crop,
                   (SELECT credits_posted_fen - debits_posted_fen FROM ledger_accounts WHERE code = ?) AS balance_fen,
                   (SELECT business_date FROM system_state WHERE id = 1) AS business_date,
                   (SELECT approved FROM suppliers WHERE id = ?) AS supplier_approved`,
        params: [
          input.requestKey,
          input.walletId,
          accounts.restrictedWallet(input.walletId).code,
          input.supplierId,
        ],
      },
      {
        sql: 'SELECT sku, category, price_fen FROM supplier_products WHERE supplier_id = ? AND sku IN (?)',
        params: [input.supplierId, input.lines.map((line) => line.sku)],
      },
    ])
    .catch((error: unknown) => {
      if (claim.length > 0 && isDuplicateKey(error)) throw new IdempotencyKeyTaken()
      throw error
    })) as RowDataPacket[][]
  const [loans, facts, products] = results.slice(claim.length)
  const loan = loans![0]
  if (!loan) return undefined
  const row = facts![0]!
  return {
    loan: {
      id: Number(loan.id),
      borrowerId: Number(loan.borrower_id),
      status: String(loan.status),
      sweptOn: loan.swept_on === null ? null : String(loan.swept_on),
      principalFen: fenFromDb(loan.principal_fen),
      categoryBudgets: loan.category_budgets === null ? null : String(loan.category_budgets),
    },
    earlierPurchaseId: row.earlier_id === null ? null : Number(row.earlier_id),
    crop: String(row.crop),
    balanceFen: row.balance_fen === null ? 0 : fenFromDb(row.balance_fen),
    businessDate: isoDate(String(row.business_date)),
    supplierApproved: row.supplier_approved !== null && Number(row.supplier_approved) === 1,
    products: products!.map((product) => ({
      sku: String(product.sku),
      category: String(product.category),
      priceFen: fenFromDb(product.price_fen),
    })),
  }
}

async function decidePurchase(deps: Deps, input: PurchaseInput): Promise<PurchaseView> {
  const attempt = async (
    kind: AttemptKind,
    code: string,
    detail: string,
    loan: { id: number; borrowerId: number },
  ) => {
    await recordAttempt(deps.db, {
      loanId: Number(loan.id),
      farmerId: loan.borrowerId,
      kind,
      code,
      detail,
      principalRef: input.principalRef,
    })
    return new Refusal(code, detail)
  }
  // Refusals found inside the transaction are thrown after it ends, so the attempt is recorded
  // outside the rolled-back work.
  let refusal: (() => Promise<Refusal>) | undefined
  let earlierId: number | undefined
  // Two round trips while the loan's row is locked: the facts, then (when the purchase is allowed)
  // the purchase, its lines, its ledger entry and its event with the COMMIT, in one batch, so the
  // purchase and its payment commit together or not at all.
  const paid = await deps.ledger
    .transaction(async (tx): Promise<PurchaseView | undefined> => {
      refusal = undefined
      earlierId = undefined
      const facts = await readPurchaseFacts(tx, input)
      if (!facts || (input.farmerId !== undefined && facts.loan.borrowerId !== input.farmerId)) {
        throw new NotFound(`No restricted wallet ${input.walletId}.`)
      }
      const { loan, businessDate } = facts
      const loanId = loan.id
      if (facts.earlierPurchaseId !== null) {
        earlierId = facts.earlierPurchaseId
        return undefined
      }
      if (loan.status !== 'active' || loan.sweptOn !== null) {
        throw new Refusal(
          'restricted_wallet_closed',
          `Restricted wallet ${loanId} is closed (loan ${loan.status}).`,
        )
      }
      if (!facts.supplierApproved) {
        refusal = () =>
          attempt(
            'unapproved_supplier',
            'supplier_not_approved',
            `Supplier ${input.supplierId} is not an approved supplier.`,
            loan,
          )
        return undefined
      }
      const lines = input.lines.map((line) => ({
        ...line,
        product: facts.products.find((p) => p.sku === line.sku),
      }))
      const unknown = lines.find((line) => !line.product)
      if (unknown) throw new Refusal('unknown_sku', `Supplier ${input.supplierId} sells no ${unknown.sku}.`)
      const allowed = eligibleCategories(facts.crop) as readonly string[]
      const ineligible = lines.find((line) => !allowed.includes(line.product!.category))
      if (ineligible) {
        const category = ineligible.product!.category
        const why = (FARM_INPUT_CATEGORIES as readonly string[]).includes(category)
          ? `not a farm input for ${facts.crop}`
          : 'not a farm input'
        refusal = () =>
          attempt(
            'ineligible_category',
            'category_not_eligible',
            `${ineligible.sku} is ${category}: ${why}.`,
            loan,
          )
        return undefined
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
        throw new Refusal('insufficient_restricted_balance', 'The purchase is larger than any wallet.')
      }
      const budgetBps = JSON.parse(loan.categoryBudgets ?? '{}') as Record<string, number>
      if (Object.keys(budgetBps).length > 0) {
        const spent = await spentByCategoryIn(tx, loanId)
        for (const [category, bps] of Object.entries(budgetBps)) {
          const addFen = priced
            .filter((line) => line.category === category)
            .reduce((sum, line) => sum + line.amountFen, 0)
          const limitFen = mulBps(loan.principalFen, bps)
          if (addFen > 0 && (spent[category] ?? 0) + addFen > limitFen) {
            throw new Refusal(
              'category_budget_exceeded',
              `${category} may take at most ${limitFen} fen of this loan; ${spent[category] ?? 0} fen is spent.`,
            )
          }
        }
      }
      if (amountFen > facts.balanceFen) {
        throw new Refusal(
          'insufficient_restricted_balance',
          `The purchase is ${amountFen} fen; the restricted wallet holds ${facts.balanceFen} fen.`,
        )
      }
      // Posted in the purchase's own transaction: the entry exists if and only if the purchase does.
      const payment = await tx.entry({
        idempotencyKey: `purchase:${createHash('sha256').update(input.requestKey).digest('hex').slice(0, 48)}`,
        type: 'restricted_purchase',
        businessDate,
        description: `farm inputs from supplier ${input.supplierId} for loan ${loanId}`,
        refs: { loanId },
        postings: [
          { accountCode: accounts.restrictedWallet(loanId).code, side: 'D', amountFen },
          { accountCode: accounts.supplierPayable(input.supplierId).code, side: 'C', amountFen },
        ],
      })
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
        data: { amountFen, lines: priced },
      })
      // The answer, with the new row's id filled in by the statement that stores it.
      const view: PurchaseView = {
        purchaseId: 0,
        walletId: loanId,
        supplierId: input.supplierId,
        amountFen,
        refundedFen: 0,
        status: 'paid',
        lines: priced.map((line) => ({
          sku: line.sku,
          category: line.category,
          quantity: line.quantity,
          unitPriceFen: line.unitPriceFen,
          amountFen: line.amountFen,
          refundedQuantity: 0,
        })),
      }
      const answer = input.answer ? [input.answer.complete(view, { purchaseId: '@purchase_id' })] : []
      const results = await tx.run(
        [
          {
            sql: `INSERT INTO purchases (request_key, loan_id, farmer_id, supplier_id, amount_fen, status, business_date)
                VALUES (?, ?, ?, ?, ?, 'paid', ?)`,
            params: [input.requestKey, loanId, loan.borrowerId, input.supplierId, amountFen, businessDate],
          },
          { sql: 'SET @purchase_id = LAST_INSERT_ID()', params: [] },
          {
            sql: `INSERT INTO purchase_lines (purchase_id, line_no, sku, category, quantity, unit_price_fen, amount_fen)
                VALUES ${priced.map(() => '(@purchase_id, ?, ?, ?, ?, ?, ?)').join(', ')}`,
            params: priced.flatMap((line) => [
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
                VALUES (CONCAT(?, @purchase_id), ?, ?, ?, ?, ?, ?, ?, ?, JSON_SET(?, '$.purchaseId', @purchase_id), ?)`,
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
          ...answer,
          ...payment.statements,
        ],
        { commit: true },
      )
      input.answer?.completed()
      payment.entryId(results.slice(4 + answer.length))
      return { ...view, purchaseId: Number((results[0] as ResultSetHeader).insertId) }
    })
    .catch((error: unknown) => {
      if (error instanceof Refusal && error.code === 'insufficient_funds') {
        throw new Refusal('insufficient_restricted_balance', error.message)
      }
      throw error
    })
  if (paid) return paid
  if (earlierId !== undefined) return getPurchase(deps.db, earlierId)
  throw await refusal!()
}

/**
 * A supplier takes goods back: the money returns to the restricted wallet (one entry per refund,
 * keyed by the purchase and the total refunded after it). Without lines, everything not yet refunded.
 */
export async function refundPurchase(
  deps: Deps,
  input: { purchaseId: number; supplierId: number; lines?: Array<{ sku: string; quantity: number }> },
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
      refundFen += want.quantity * Number(line.unitPriceFen)
    }
    if (refundFen === 0)
      throw new Refusal('nothing_to_refund', `Purchase ${input.purchaseId} has nothing left to refund.`)
    const refundedFen = Number(row.refundedFen) + refundFen
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
      .set({ refundedFen, status: refundedFen === Number(row.amountFen) ? 'refunded' : 'paid' })
      .where('id', '=', input.purchaseId)
      .execute()
  })
  return { ...(await getPurchase(deps.db, input.purchaseId)), refundFen }
}
