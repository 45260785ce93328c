/**
 * What a supplier's own page shows (API.md, v1 additions, "Pages"): its catalogue with each
 * product's review status, its sales to restricted wallets (with what was refunded), what the lender
 * owes it and its settlements; and, at the counter, the farmer it is about to ring up a sale for.
 * Reads only, for the supplier whose id the caller checked.
 * @module
 */
import type { Db } from '../db/database.js'
import type { ProductStatus } from '../db/schema.js'
import { NotFound, Refusal } from '../kernel/errors.js'
import { fenFromDb } from '../kernel/money.js'
import { accounts } from '../ledger/chart-of-accounts.js'
import { accountBalance } from '../ledger/ledger-repository.js'
import { parseInputPlan } from './contracts.js'
import { getParty } from './parties.js'
import { openWalletOf } from './purchase-requests.js'
import { getPurchase, type PurchaseView } from './restricted-wallet.js'

/** Rows each list shows at most, newest first. */
export const SUPPLIER_LIST_MAX = 20

export type CatalogueItem = {
  sku: string
  name: string
  category: string
  unit: string
  priceFen: number
  status: ProductStatus
}

export type SupplierSale = {
  purchaseId: number
  farmerName: string
  businessDate: string
  amountFen: number
  refundedFen: number
}

export type SupplierOverview = {
  name: string
  approved: boolean
  catalogue: CatalogueItem[]
  sales: SupplierSale[]
  /** What the lender owes it for sales not yet settled (below zero: a refund after settlement). */
  payableFen: number
}

export async function supplierCatalogue(db: Db, supplierId: number): Promise<CatalogueItem[]> {
  const rows = await db
    .selectFrom('supplierProducts')
    .select(['sku', 'name', 'category', 'unit', 'priceFen', 'status'])
    .where('supplierId', '=', supplierId)
    .orderBy('name')
    .orderBy('sku')
    .execute()
  return rows.map((row) => ({ ...row, priceFen: fenFromDb(row.priceFen) }))
}

/** The supplier's page, read for `supplierId` (404 when there is no such supplier). */
export async function supplierOverview(db: Db, supplierId: number): Promise<SupplierOverview> {
  const supplier = await getParty(db, 'supplier', supplierId)
  const [catalogue, rows, payable] = await Promise.all([
    supplierCatalogue(db, supplierId),
    db
      .selectFrom('purchases')
      .innerJoin('farmers', 'farmers.id', 'purchases.farmerId')
      .select([
        'purchases.id',
        'farmers.name as farmerName',
        'purchases.businessDate',
        'purchases.amountFen',
        'purchases.refundedFen',
      ])
      .where('purchases.supplierId', '=', supplierId)
      .where('purchases.status', 'in', ['paid', 'refunded'])
      .orderBy('purchases.id', 'desc')
      .limit(SUPPLIER_LIST_MAX)
      .execute(),
    accountBalance(db, accounts.supplierPayable(supplierId).code).catch((error: unknown) => {
      if (error instanceof NotFound) return { balanceFen: 0 }
      throw error
    }),
  ])
  return {
    name: supplier.name,
    approved: supplier.approved === true,
    catalogue,
    sales: rows.map((row) => ({
      purchaseId: Number(row.id),
      farmerName: row.farmerName,
      businessDate: row.businessDate,
      amountFen: fenFromDb(row.amountFen),
      refundedFen: fenFromDb(row.refundedFen),
    })),
    payableFen: payable.balanceFen,
  }
}

export type CounterFarmer = { farmerId: number; name: string; region: string }

/**
 * The farmer a supplier rings up a sale for, found by id or by external reference, if this supplier
 * may sell to them: the supplier is approved (422 `supplier_not_approved` otherwise), the farmer has
 * an open restricted wallet, and its contract's input plan, when it names products, names one of this
 * supplier's. Any other farmer answers 404, as one that does not exist: a supplier learns nothing of
 * farmers it cannot sell to.
 */
export async function findFarmerToSellTo(db: Db, supplierId: number, query: string): Promise<CounterFarmer> {
  const supplier = await getParty(db, 'supplier', supplierId)
  if (supplier.approved !== true) {
    throw new Refusal('supplier_not_approved', `Supplier ${supplierId} is not an approved supplier.`)
  }
  const wanted = query.trim()
  const notFound = new NotFound(`No farmer ${wanted} to sell to.`)
  if (wanted === '' || wanted.length > 64) throw notFound
  // A number is the farmer's id first (the number the farmer's page shows), else a reference.
  const byId = /^\d{1,15}$/.test(wanted) ? Number(wanted) : undefined
  const farmers = db.selectFrom('farmers').select(['id', 'name', 'region'])
  const farmer =
    (byId === undefined ? undefined : await farmers.where('id', '=', byId).executeTakeFirst()) ??
    (await farmers.where('externalRef', '=', wanted).executeTakeFirst())
  if (!farmer) throw notFound
  const walletId = await openWalletOf(db, Number(farmer.id)).catch((error: unknown) => {
    throw error instanceof NotFound ? notFound : error
  })
  const contract = await db
    .selectFrom('loans')
    .innerJoin('offtakeContracts', 'offtakeContracts.id', 'loans.contractId')
    .select('offtakeContracts.inputPlan')
    .where('loans.id', '=', walletId)
    .executeTakeFirstOrThrow()
  const skus = parseInputPlan(contract.inputPlan)?.skus ?? []
  if (skus.length > 0 && !skus.some((planned) => planned.supplierId === supplierId)) throw notFound
  return { farmerId: Number(farmer.id), name: farmer.name, region: farmer.region }
}

/** One of the supplier's sales, with its lines (404 for another supplier's). */
export async function supplierSale(db: Db, supplierId: number, purchaseId: number): Promise<PurchaseView> {
  const found = await getPurchase(db, purchaseId)
  if (found.supplierId !== supplierId) throw new NotFound(`No purchase ${purchaseId}.`)
  return found
}
