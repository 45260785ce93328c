/**
 * Suppliers whose restricted sales look wrong, for officers (the console's agri page): the signs of a
 * supplier helping farmers turn restricted money into cash. Each is a count or share an officer can
 * check against the purchases themselves; none refuses anything.
 * - quick refunds: paid purchases refunded within {@link SUPPLIER_WATCH}.quickRefundDays of the sale
 *   (goods "returned" for cash outside the loop);
 * - one farmer far above plan: the most one farmer has bought (net of refunds) from the supplier, as a
 *   share of that farmer's loan principal, listed at {@link SUPPLIER_WATCH}.farmerShareBps or more
 *   (one shop taking most of a loan meant for a season's several inputs);
 * - prices at the edge: lines sold at a unit price in the top part of the tolerance above the
 *   product's reviewed reference (past {@link SUPPLIER_WATCH}.edgeOfToleranceBps of it).
 * @module
 */
import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import { fenFromDb } from '../kernel/money.js'
import { AGRI_POLICY } from './agri-policy.js'

export const SUPPLIER_WATCH = {
  /** A refund this many days or fewer after the sale counts as quick. */
  quickRefundDays: 7,
  /** One farmer's net purchases at one supplier, as a share of the farmer's loan principal (50%). */
  farmerShareBps: 5_000,
  /** A unit price past this share of the tolerance above the reference is at its edge (80%). */
  edgeOfToleranceBps: 8_000,
  /** Suppliers listed at most. */
  listMax: 50,
} as const

export type SupplierSignals = {
  supplierId: number
  name: string
  /** Net restricted sales (paid less refunded). */
  salesFen: number
  quickRefunds: number
  /** The farmer who bought the largest share of their loan from this supplier, and that share. */
  topFarmerId: number | null
  topFarmerShareBps: number
  edgePricedLines: number
}

type Cell = string | number | null

/** Suppliers with at least one signal, most signals first. */
export async function suspiciousSuppliers(db: Db): Promise<SupplierSignals[]> {
  const edgeBps = Math.floor((AGRI_POLICY.priceToleranceBps * SUPPLIER_WATCH.edgeOfToleranceBps) / 10_000)
  const [sales, refunds, shares, edges] = await Promise.all([
    sql<{ supplierId: Cell; name: Cell; salesFen: Cell }>`
      SELECT s.id AS supplier_id, s.name, COALESCE(SUM(p.amount_fen - p.refunded_fen), 0) AS sales_fen
      FROM suppliers s JOIN purchases p ON p.supplier_id = s.id AND p.status IN ('paid', 'refunded')
      GROUP BY s.id, s.name`.execute(db),
    sql<{ supplierId: Cell; quick: Cell }>`
      SELECT p.supplier_id, COUNT(DISTINCT p.id) AS quick
      FROM purchases p
      WHERE p.first_refunded_on <= p.business_date + INTERVAL ${SUPPLIER_WATCH.quickRefundDays} DAY
      GROUP BY p.supplier_id`.execute(db),
    sql<{ supplierId: Cell; farmerId: Cell; shareBps: Cell }>`
      SELECT p.supplier_id, p.farmer_id,
        FLOOR(SUM(p.amount_fen - p.refunded_fen) * 10000 / MAX(l.principal_fen)) AS share_bps
      FROM purchases p JOIN loans l ON l.id = p.loan_id
      WHERE p.status IN ('paid', 'refunded')
      GROUP BY p.supplier_id, p.loan_id, p.farmer_id
      HAVING share_bps >= ${SUPPLIER_WATCH.farmerShareBps}`.execute(db),
    sql<{ supplierId: Cell; edgeLines: Cell }>`
      SELECT p.supplier_id, COUNT(*) AS edge_lines
      FROM purchase_lines pl
      JOIN purchases p ON p.id = pl.purchase_id
      JOIN supplier_products sp ON sp.supplier_id = p.supplier_id AND sp.sku = pl.sku
      WHERE sp.reference_price_fen IS NOT NULL
        AND pl.unit_price_fen * 10000 > sp.reference_price_fen * ${10_000 + edgeBps}
      GROUP BY p.supplier_id`.execute(db),
  ])
  const bySupplier = new Map<number, SupplierSignals>()
  for (const row of sales.rows) {
    bySupplier.set(Number(row.supplierId), {
      supplierId: Number(row.supplierId),
      name: String(row.name),
      salesFen: fenFromDb(row.salesFen),
      quickRefunds: 0,
      topFarmerId: null,
      topFarmerShareBps: 0,
      edgePricedLines: 0,
    })
  }
  for (const row of refunds.rows) {
    const signals = bySupplier.get(Number(row.supplierId))
    if (signals) signals.quickRefunds = Number(row.quick)
  }
  for (const row of shares.rows) {
    const signals = bySupplier.get(Number(row.supplierId))
    if (signals && Number(row.shareBps) > signals.topFarmerShareBps) {
      signals.topFarmerShareBps = Number(row.shareBps)
      signals.topFarmerId = Number(row.farmerId)
    }
  }
  for (const row of edges.rows) {
    const signals = bySupplier.get(Number(row.supplierId))
    if (signals) signals.edgePricedLines = Number(row.edgeLines)
  }
  const flags = (s: SupplierSignals) =>
    Number(s.quickRefunds > 0) + Number(s.topFarmerId !== null) + Number(s.edgePricedLines > 0)
  return [...bySupplier.values()]
    .filter((signals) => flags(signals) > 0)
    .sort((a, b) => flags(b) - flags(a) || b.salesFen - a.salesFen || a.supplierId - b.supplierId)
    .slice(0, SUPPLIER_WATCH.listMax)
}
