/**
 * What a farmer's own page shows (API.md, v1 additions, "Pages"): each open farm loan (and the
 * newest, even closed) with its restricted wallet (what is left per category of the input plan), its
 * contract and deliveries and what is owed and when; the purchases made; the free wallet with its
 * movements (harvest money in, payouts out). Reads only, for the farmer whose id the caller checked;
 * other parties are shown by name.
 * @module
 */
import type { Db } from '../db/database.js'
import { fenFromDb } from '../kernel/money.js'
import { accounts } from '../ledger/chart-of-accounts.js'
import { accountBalance, accountEntries } from '../ledger/ledger-repository.js'
import { listLoanViews, type LoanView } from '../servicing/loan-repository.js'
import { getDelivery, type DeliveryResult } from './agri-servicing.js'
import { getContract, parseInputPlan, type Contract } from './contracts.js'
import { getParty } from './parties.js'
import { getWallet, type WalletView } from './restricted-wallet.js'

/** Rows each list shows at most, newest first. */
export const FARMER_LIST_MAX = 20
/** Loans a farmer has at most at once, in practice; the page shows the open ones among these. */
const LOANS_READ_MAX = 10

/** One category the farmer's restricted money may buy: spent so far and what is left for it. */
export type CategoryLeft = { category: string; spentFen: number; leftFen: number; limitFen: number | null }

export type FarmLoanOverview = {
  loan: LoanView
  wallet: WalletView
  /** The categories the input plan (or the crop, without a plan) allows, each with what is left. */
  categories: CategoryLeft[]
  /** The only products the plan allows, when it names them. */
  plannedProducts: Array<{ supplierName: string; name: string }>
  contract: Contract & { offtakerName: string }
  deliveries: DeliveryResult[]
}

export type FarmerPurchase = {
  purchaseId: number
  supplierName: string
  businessDate: string
  amountFen: number
  refundedFen: number
  lines: Array<{ name: string; quantity: number; refundedQuantity: number }>
}

/** A movement of the free wallet: money in (harvest proceeds past the loan), a payout to the bank, or other money out. */
export type FreeWalletLine = {
  entryId: number
  businessDate: string
  amountFen: number
  kind: 'in' | 'payout' | 'out'
}

export type FarmerOverview = {
  name: string
  loans: FarmLoanOverview[]
  purchases: FarmerPurchase[]
  freeWalletFen: number
  freeWalletLines: FreeWalletLine[]
}

/** Names of suppliers' products, by `supplierId:sku` (the SKU itself when the product is gone). */
export async function productNames(
  db: Db,
  products: ReadonlyArray<{ supplierId: number; sku: string }>,
): Promise<Map<string, string>> {
  const names = new Map<string, string>()
  if (products.length === 0) return names
  const rows = await db
    .selectFrom('supplierProducts')
    .select(['supplierId', 'sku', 'name'])
    .where('supplierId', 'in', [...new Set(products.map((p) => p.supplierId))])
    .where('sku', 'in', [...new Set(products.map((p) => p.sku))])
    .execute()
  for (const row of rows) names.set(`${Number(row.supplierId)}:${row.sku}`, row.name)
  return names
}

/** Names of parties of one kind, by id. */
export async function partyNames(
  db: Db,
  table: 'farmers' | 'suppliers' | 'offtakers',
  ids: readonly number[],
): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map()
  const rows = await db
    .selectFrom(table)
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute()
  return new Map(rows.map((row) => [Number(row.id), row.name]))
}

function categoriesLeft(wallet: WalletView, planned: readonly string[] | undefined): CategoryLeft[] {
  const allowed = planned ?? wallet.eligibleCategories
  return allowed.map((category) => {
    const budget = wallet.budgets[category]
    return {
      category,
      spentFen: wallet.spentByCategory[category] ?? 0,
      // A budget caps a category; the balance caps them all.
      leftFen: Math.min(budget?.remainingFen ?? wallet.balanceFen, wallet.balanceFen),
      limitFen: budget?.limitFen ?? null,
    }
  })
}

async function loanOverview(db: Db, loan: LoanView): Promise<FarmLoanOverview> {
  const wallet = await getWallet(db, loan.loanId)
  const row = await db
    .selectFrom('loans')
    .innerJoin('offtakeContracts', 'offtakeContracts.id', 'loans.contractId')
    .select(['offtakeContracts.id as contractId', 'offtakeContracts.inputPlan'])
    .where('loans.id', '=', loan.loanId)
    .executeTakeFirstOrThrow()
  const contract = await getContract(db, Number(row.contractId))
  const plan = parseInputPlan(row.inputPlan)
  const skus = plan?.skus ?? []
  const [names, suppliers, offtaker, deliveryIds] = await Promise.all([
    productNames(db, skus),
    partyNames(
      db,
      'suppliers',
      skus.map((s) => s.supplierId),
    ),
    getParty(db, 'offtaker', contract.offtakerId),
    db
      .selectFrom('deliveries')
      .select('id')
      .where('contractId', '=', contract.contractId)
      .orderBy('id', 'desc')
      .limit(FARMER_LIST_MAX)
      .execute(),
  ])
  return {
    loan,
    wallet,
    categories: categoriesLeft(wallet, plan?.categories),
    plannedProducts: skus.map((s) => ({
      supplierName: suppliers.get(s.supplierId) ?? '',
      name: names.get(`${s.supplierId}:${s.sku}`) ?? s.sku,
    })),
    contract: { ...contract, offtakerName: offtaker.name },
    deliveries: await Promise.all(deliveryIds.map((d) => getDelivery(db, Number(d.id)))),
  }
}

async function farmerPurchases(db: Db, farmerId: number): Promise<FarmerPurchase[]> {
  const rows = await db
    .selectFrom('purchases')
    .innerJoin('suppliers', 'suppliers.id', 'purchases.supplierId')
    .select([
      'purchases.id',
      'purchases.supplierId',
      'suppliers.name as supplierName',
      'purchases.businessDate',
      'purchases.amountFen',
      'purchases.refundedFen',
    ])
    .where('purchases.farmerId', '=', farmerId)
    .where('purchases.status', 'in', ['paid', 'refunded'])
    .orderBy('purchases.id', 'desc')
    .limit(FARMER_LIST_MAX)
    .execute()
  const lines =
    rows.length === 0
      ? []
      : await db
          .selectFrom('purchaseLines')
          .select(['purchaseId', 'sku', 'quantity', 'refundedQuantity'])
          .where(
            'purchaseId',
            'in',
            rows.map((row) => Number(row.id)),
          )
          .orderBy('purchaseId')
          .orderBy('lineNo')
          .execute()
  const supplierOf = new Map(rows.map((row) => [Number(row.id), Number(row.supplierId)]))
  const names = await productNames(
    db,
    lines.map((line) => ({ supplierId: supplierOf.get(Number(line.purchaseId))!, sku: line.sku })),
  )
  return rows.map((row) => {
    const purchaseId = Number(row.id)
    return {
      purchaseId,
      supplierName: row.supplierName,
      businessDate: row.businessDate,
      amountFen: fenFromDb(row.amountFen),
      refundedFen: fenFromDb(row.refundedFen),
      lines: lines
        .filter((line) => Number(line.purchaseId) === purchaseId)
        .map((line) => ({
          name: names.get(`${Number(row.supplierId)}:${line.sku}`) ?? line.sku,
          quantity: line.quantity,
          refundedQuantity: line.refundedQuantity,
        })),
    }
  })
}

/** The farmer's page, read for `farmerId` (404 when there is no such farmer). */
export async function farmerOverview(db: Db, farmerId: number): Promise<FarmerOverview> {
  const farmer = await getParty(db, 'farmer', farmerId)
  const { items } = await listLoanViews(
    db,
    { product: 'agri', borrowerId: farmerId },
    { limit: LOANS_READ_MAX },
  )
  // The open loans, and the newest even when closed: the season just ended stays in view.
  const open = items.filter((loan, index) => index === 0 || loan.status !== 'closed')
  const walletCode = accounts.farmerWallet(farmerId).code
  const [loans, purchases, balance, entries] = await Promise.all([
    Promise.all(open.map((loan) => loanOverview(db, loan))),
    farmerPurchases(db, farmerId),
    accountBalance(db, walletCode),
    accountEntries(db, walletCode, { limit: FARMER_LIST_MAX }),
  ])
  return {
    name: farmer.name,
    loans,
    purchases,
    freeWalletFen: balance.balanceFen,
    freeWalletLines: entries.items.map((entry) => ({
      entryId: entry.entryId,
      businessDate: entry.businessDate,
      amountFen: entry.amountFen,
      kind: entry.side === 'C' ? 'in' : entry.type === 'wallet_payout' ? 'payout' : 'out',
    })),
  }
}
