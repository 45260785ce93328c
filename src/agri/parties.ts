/**
 * The parties of the closed loop (farmers, suppliers, offtakers, insurers), each with its ledger
 * accounts opened when it is created, the supplier catalog, and who may see which record.
 * @module
 */
import { isDuplicateKey, type Db } from '../db/database.js'
import type { Principal, Role } from '../access/principal.js'
import { Conflict, NotFound } from '../kernel/errors.js'
import { getBusinessDate } from '../system/business-date-service.js'
import { recordAudit } from '../system/audit-log.js'
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

export type Product = { supplierId: number; sku: string; name: string; category: string; priceFen: number }

export async function upsertProduct(
  db: Db,
  product: Product,
): Promise<{ product: Product; created: boolean }> {
  await getParty(db, 'supplier', product.supplierId)
  const existing = await db
    .selectFrom('supplierProducts')
    .select('sku')
    .where('supplierId', '=', product.supplierId)
    .where('sku', '=', product.sku)
    .executeTakeFirst()
  await db
    .insertInto('supplierProducts')
    .values(product)
    .onDuplicateKeyUpdate({ name: product.name, category: product.category, priceFen: product.priceFen })
    .execute()
  return { product, created: existing === undefined }
}
