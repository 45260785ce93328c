/**
 * The parties of the closed loop (farmers, suppliers, offtakers, insurers), each with its ledger
 * accounts opened when it is created, the supplier catalog with its officer review, and who may see
 * which record.
 * @module
 */
import { randomUUID } from 'node:crypto'
import type { Selectable, Transaction } from 'kysely'
import { isDuplicateKey, type Db } from '../db/database.js'
import type { Database, ProductStatus, SupplierProductsTable } from '../db/schema.js'
import type { Principal, Role } from '../access/principal.js'
import { Conflict, NotFound, Refusal } from '../kernel/errors.js'
import { fenFromDb } from '../kernel/money.js'
import type { IsoDate } from '../kernel/business-date.js'
import { recordAudit } from '../system/audit-log.js'
import { getBusinessDate } from '../system/business-date-service.js'
import { AGRI_POLICY, priceAboveTolerance } from './agri-policy.js'
import { accounts, type AccountSpec } from '../ledger/chart-of-accounts.js'
import type { LedgerService } from '../ledger/ledger-service.js'

type Deps = { db: Db; ledger: LedgerService }

export type PartyKind = 'farmer' | 'supplier' | 'offtaker' | 'insurer'

const TABLE = {
  farmer: 'farmers',
  supplier: 'suppliers',
  offtaker: 'offtakers',
  insurer: 'insurers',
} as const

/** What each party holds in the ledger from the day it exists. */
function partyAccounts(kind: PartyKind, id: number): AccountSpec[] {
  switch (kind) {
    case 'farmer':
      return [accounts.farmerWallet(id)]
    case 'supplier':
      return [accounts.supplierPayable(id)]
    case 'offtaker':
      return [accounts.offtakerClearing(id)]
    case 'insurer':
      return [accounts.insurerReceivable(id), accounts.premiumPayable(id)]
  }
}

export type PartyInput = { externalRef: string; name: string; region?: string; approved?: boolean }

export type Party = {
  id: number
  externalRef: string
  name: string
  region?: string
  approved?: boolean
  createdAt: string
}

export async function createParty(deps: Deps, kind: PartyKind, input: PartyInput): Promise<Party> {
  let id: number
  try {
    const base = { externalRef: input.externalRef, name: input.name }
    const result =
      kind === 'farmer'
        ? await deps.db
            .insertInto('farmers')
            .values({ ...base, region: input.region ?? '' })
            .executeTakeFirstOrThrow()
        : // Suppliers, offtakers and insurers start unapproved unless an admin says otherwise.
          await deps.db
            .insertInto(TABLE[kind])
            .values({ ...base, approved: input.approved ? 1 : 0 })
            .executeTakeFirstOrThrow()
    id = Number(result.insertId)
  } catch (error) {
    if (isDuplicateKey(error)) {
      throw new Conflict('external_ref_taken', `A ${kind} with externalRef ${input.externalRef} exists.`)
    }
    throw error
  }
  await deps.ledger.openAccounts(partyAccounts(kind, id))
  return getParty(deps.db, kind, id)
}

export async function getParty(db: Db, kind: PartyKind, id: number): Promise<Party> {
  const row = await db.selectFrom(TABLE[kind]).selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new NotFound(`No ${kind} ${id}.`)
  const extra = row as { region?: string; approved?: number }
  return {
    id: Number(row.id),
    externalRef: row.externalRef,
    name: row.name,
    ...(extra.region === undefined ? {} : { region: extra.region }),
    ...(extra.approved === undefined ? {} : { approved: extra.approved === 1 }),
    createdAt: new Date(row.createdAt).toISOString(),
  }
}

/** The parties an officer approves before they sell to restricted wallets or back a loan. */
export type VettedPartyKind = Exclude<PartyKind, 'farmer'>

export type ApprovalDecision = {
  decision: 'approve' | 'revoke'
  reason: string
  principalRef: string
  /** Unique per request: a retried request leaves one audit entry. */
  actionKey: string
}

/**
 * Approves or revokes a supplier, offtaker or insurer, under the party's row lock (the lock a farm
 * loan origination takes to read whether it may back the loan), and audits the decision. A revoked
 * party's existing loans stand; it backs no new one.
 */
export async function decideApproval(
  db: Db,
  kind: VettedPartyKind,
  id: number,
  input: ApprovalDecision,
): Promise<Party> {
  const businessDate = await getBusinessDate(db)
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom(TABLE[kind])
      .select('approved')
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()
    if (!row) throw new NotFound(`No ${kind} ${id}.`)
    const approved = input.decision === 'approve' ? 1 : 0
    await trx.updateTable(TABLE[kind]).set({ approved }).where('id', '=', id).execute()
    await recordAudit(trx, {
      principalRef: input.principalRef,
      action: `${kind}.${input.decision}`,
      subjectType: kind,
      subjectId: id,
      reason: input.reason,
      details: { approvedBefore: row.approved === 1, approved: approved === 1 },
      businessDate,
      actionKey: input.actionKey,
    })
  })
  return getParty(db, kind, id)
}

/** A party key sees its own record only (others answer 404); officers and admin see all. */
export function assertMayAccessParty(principal: Principal, kind: PartyKind, id: number): void {
  const role: Role = kind
  if (principal.role === role && principal.subjectId !== id) throw new NotFound(`No ${kind} ${id}.`)
  const partyRoles: Role[] = ['merchant', 'farmer', 'supplier', 'offtaker', 'insurer']
  if (partyRoles.includes(principal.role) && principal.role !== role) throw new NotFound(`No ${kind} ${id}.`)
}

/** What a supplier says of a product (its category is its own claim until an officer reviews it). */
export type ProductInput = {
  supplierId: number
  sku: string
  name: string
  category: string
  priceFen: number
  /** What one quantity is (a bag, a litre); `unit` when not said. */
  unit?: string
}

export type Product = {
  supplierId: number
  sku: string
  name: string
  category: string
  unit: string
  priceFen: number
  status: ProductStatus
  /** The price the officer reviewed; absent until a review. */
  referencePriceFen?: number
}

function productFromRow(row: Selectable<SupplierProductsTable>): Product {
  return {
    supplierId: Number(row.supplierId),
    sku: row.sku,
    name: row.name,
    category: row.category,
    unit: row.unit,
    priceFen: fenFromDb(row.priceFen),
    status: row.status,
    ...(row.referencePriceFen === null ? {} : { referencePriceFen: fenFromDb(row.referencePriceFen) }),
  }
}

export async function getProduct(
  db: Db | Transaction<Database>,
  supplierId: number,
  sku: string,
  lock = false,
): Promise<Product> {
  let query = db
    .selectFrom('supplierProducts')
    .selectAll()
    .where('supplierId', '=', supplierId)
    .where('sku', '=', sku)
  if (lock) query = query.forUpdate()
  const row = await query.executeTakeFirst()
  if (!row) throw new NotFound(`Supplier ${supplierId} sells no ${sku}.`)
  return productFromRow(row)
}

/**
 * Why a change sends a product (back) to review, or undefined when it stays as it is: a new product,
 * a rejected one offered again, a change of category, or a price more than the policy's tolerance
 * above the reviewed reference. A product in review stays in review whatever changes.
 */
function reviewReason(
  before: Product | undefined,
  after: { category: string; priceFen: number },
): 'new_product' | 'resubmitted' | 'category_changed' | 'price_above_tolerance' | undefined {
  if (!before) return 'new_product'
  if (before.status === 'rejected') return 'resubmitted'
  if (before.status !== 'approved') return undefined
  if (before.category !== after.category) return 'category_changed'
  if (
    before.referencePriceFen === undefined ||
    priceAboveTolerance(after.priceFen, before.referencePriceFen)
  ) {
    return 'price_above_tolerance'
  }
  return undefined
}

/**
 * A supplier adds or changes a product. It enters `pending_review`; an approved product stays approved
 * through a change of name, unit, a lower price or a rise within the tolerance, and goes back to review
 * (audited, with why) on a change of category or a rise past the tolerance.
 */
export async function upsertProduct(
  db: Db,
  input: ProductInput,
  by: { principalRef: string } = { principalRef: 'system' },
): Promise<{ product: Product; created: boolean }> {
  await getParty(db, 'supplier', input.supplierId)
  const businessDate = await getBusinessDate(db)
  try {
    return await changeProduct(db, input, by, businessDate)
  } catch (error) {
    // Another request created the product first: this one is a change of it, decided again.
    if (isDuplicateKey(error)) return changeProduct(db, input, by, businessDate)
    throw error
  }
}

async function changeProduct(
  db: Db,
  input: ProductInput,
  by: { principalRef: string },
  businessDate: IsoDate,
): Promise<{ product: Product; created: boolean }> {
  return db.transaction().execute(async (trx) => {
    const before = await getProduct(trx, input.supplierId, input.sku, true).catch((error: unknown) => {
      if (error instanceof NotFound) return undefined
      throw error
    })
    const reason = reviewReason(before, input)
    const status: ProductStatus = reason ? 'pending_review' : (before?.status ?? 'pending_review')
    const values = {
      name: input.name,
      category: input.category,
      unit: input.unit ?? before?.unit ?? 'unit',
      priceFen: input.priceFen,
      status,
    }
    if (before) {
      await trx
        .updateTable('supplierProducts')
        .set(values)
        .where('supplierId', '=', input.supplierId)
        .where('sku', '=', input.sku)
        .execute()
    } else {
      await trx
        .insertInto('supplierProducts')
        .values({ supplierId: input.supplierId, sku: input.sku, ...values })
        .execute()
    }
    if (reason && before?.status === 'approved') {
      await recordAudit(trx, {
        principalRef: by.principalRef,
        action: 'product.returned_to_review',
        subjectType: 'supplier',
        subjectId: input.supplierId,
        reason,
        details: {
          sku: input.sku,
          category: { from: before.category, to: input.category },
          priceFen: { from: before.priceFen, to: input.priceFen },
          referencePriceFen: before.referencePriceFen ?? null,
        },
        businessDate,
        actionKey: `product.returned_to_review:${randomUUID()}`,
      })
    }
    return { product: await getProduct(trx, input.supplierId, input.sku), created: before === undefined }
  })
}

export type ProductReview = {
  supplierId: number
  sku: string
  decision: 'approve' | 'reject'
  category: string
  referencePriceFen: number
  reason: string
  principalRef: string
}

/**
 * An officer's decision on a product: approve it with the category it really is and the reference
 * price it is bought at (its price may not already be past the tolerance above that reference), or
 * reject it. Audited in the same transaction as the change.
 */
export async function reviewProduct(db: Db, review: ProductReview): Promise<Product> {
  const businessDate = await getBusinessDate(db)
  return db.transaction().execute(async (trx) => {
    const before = await getProduct(trx, review.supplierId, review.sku, true)
    if (review.decision === 'approve' && priceAboveTolerance(before.priceFen, review.referencePriceFen)) {
      throw new Refusal(
        'price_above_reference',
        `${review.sku} costs ${before.priceFen} fen, more than ${AGRI_POLICY.priceToleranceBps} bps above the reference ${review.referencePriceFen} fen.`,
      )
    }
    await trx
      .updateTable('supplierProducts')
      .set(
        review.decision === 'approve'
          ? { status: 'approved', category: review.category, referencePriceFen: review.referencePriceFen }
          : { status: 'rejected' },
      )
      .where('supplierId', '=', review.supplierId)
      .where('sku', '=', review.sku)
      .execute()
    await recordAudit(trx, {
      principalRef: review.principalRef,
      action: review.decision === 'approve' ? 'product.approve' : 'product.reject',
      subjectType: 'supplier',
      subjectId: review.supplierId,
      reason: review.reason,
      details: {
        sku: review.sku,
        decision: review.decision,
        category: { from: before.category, to: review.category },
        priceFen: before.priceFen,
        referencePriceFen: review.referencePriceFen,
        statusBefore: before.status,
      },
      businessDate,
      actionKey: `product.review:${randomUUID()}`,
    })
    return getProduct(trx, review.supplierId, review.sku)
  })
}
