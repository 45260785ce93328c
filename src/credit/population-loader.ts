/**
 * Loads a synthetic merchant population into the database (merchants, daily sales, wallets) in bulk:
 * for the demo seed, the tests and the benchmarks.
 * @module
 */
import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import { accounts } from '../ledger/chart-of-accounts.js'
import type { LedgerService } from '../ledger/ledger-service.js'
import type { SyntheticMerchant } from './merchant-population.js'

export const LOAD_SALES_ROWS_PER_INSERT = 5_000

/** Inserts the merchants (skipping external refs already there) and all their sales; returns their ids. */
export async function loadPopulation(
  deps: { db: Db; ledger: LedgerService },
  merchants: Iterable<SyntheticMerchant>,
): Promise<Map<string, number>> {
  const ids = new Map<string, number>()
  let pending: SyntheticMerchant[] = []
  const flush = async () => {
    if (pending.length === 0) return
    await sql`INSERT IGNORE INTO merchants (external_ref, name, opened_on) VALUES ${sql.join(
      pending.map((m) => sql`(${m.externalRef}, ${`Synthetic merchant ${m.index}`}, ${m.openedOn})`),
    )}`.execute(deps.db)
    const rows = await deps.db
      .selectFrom('merchants')
      .select(['id', 'externalRef'])
      .where(
        'externalRef',
        'in',
        pending.map((m) => m.externalRef),
      )
      .execute()
    const idOf = new Map(rows.map((row) => [row.externalRef, Number(row.id)]))
    await deps.ledger.openAccounts([...idOf.values()].map((id) => accounts.merchantWallet(id)))
    let values: ReturnType<typeof sql>[] = []
    for (const merchant of pending) {
      const merchantId = idOf.get(merchant.externalRef)!
      ids.set(merchant.externalRef, merchantId)
      for (const day of merchant.dailySales) {
        values.push(sql`(${merchantId}, ${day.date}, ${day.grossFen}, ${day.refundFen}, ${day.orderCount})`)
        if (values.length >= LOAD_SALES_ROWS_PER_INSERT) {
          await insertSales(deps.db, values)
          values = []
        }
      }
    }
    await insertSales(deps.db, values)
    pending = []
  }
  for (const merchant of merchants) {
    pending.push(merchant)
    if (pending.length >= 500) await flush()
  }
  await flush()
  return ids
}

async function insertSales(db: Db, values: ReturnType<typeof sql>[]): Promise<void> {
  if (values.length === 0) return
  await sql`INSERT IGNORE INTO merchant_daily_sales (merchant_id, sales_date, gross_fen, refund_fen, order_count)
    VALUES ${sql.join(values)}`.execute(db)
}
