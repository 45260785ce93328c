/**
 * An offtaker's own book, as its page shows it: its contracts (with the farmer's name and the input
 * plan), every delivery on them and the payments it made. Reads only, and only the offtaker's own
 * rows: what is due comes from {@link offtakerReceivables}, a payment is recorded by
 * {@link recordOfftakerPayment}, a plan set by `setInputPlan`.
 * @module
 */
import type { Db } from '../db/database.js'
import { deliveryFromRow, type DeliveryResult } from './agri-servicing.js'
import { contractFromRow, parseInputPlan, type Contract, type InputPlan } from './contracts.js'
import { paymentFromRow, type OfftakerPayment } from './offtaker-payments.js'

/** The most rows of each list a page shows (newest first). */
export const OFFTAKER_BOOK_ROWS_MAX = 100

export type OfftakerContract = Contract & { farmerName: string; inputPlan: InputPlan | null }

export type OfftakerBook = {
  contracts: OfftakerContract[]
  deliveries: DeliveryResult[]
  payments: Array<Omit<OfftakerPayment, 'loanIds'>>
}

export async function offtakerBook(db: Db, offtakerId: number): Promise<OfftakerBook> {
  const contractRows = await db
    .selectFrom('offtakeContracts')
    .innerJoin('farmers', 'farmers.id', 'offtakeContracts.farmerId')
    .selectAll('offtakeContracts')
    .select('farmers.name as farmerName')
    .where('offtakeContracts.offtakerId', '=', offtakerId)
    .orderBy('offtakeContracts.id', 'desc')
    .limit(OFFTAKER_BOOK_ROWS_MAX)
    .execute()
  const deliveryRows = await db
    .selectFrom('deliveries')
    .innerJoin('offtakeContracts', 'offtakeContracts.id', 'deliveries.contractId')
    .selectAll('deliveries')
    .where('offtakeContracts.offtakerId', '=', offtakerId)
    .orderBy('deliveries.deliveredOn', 'desc')
    .orderBy('deliveries.id', 'desc')
    .limit(OFFTAKER_BOOK_ROWS_MAX)
    .execute()
  const paymentRows = await db
    .selectFrom('offtakerPayments')
    .selectAll()
    .where('offtakerId', '=', offtakerId)
    .orderBy('id', 'desc')
    .limit(OFFTAKER_BOOK_ROWS_MAX)
    .execute()
  return {
    contracts: contractRows.map((row) => ({
      ...contractFromRow(row),
      farmerName: row.farmerName,
      inputPlan: parseInputPlan(row.inputPlan),
    })),
    deliveries: deliveryRows.map(deliveryFromRow),
    payments: paymentRows.map((row) => {
      const { loanIds: _, ...payment } = paymentFromRow(row)
      return payment
    }),
  }
}

/** The input plan of one of the offtaker's contracts (null: none, or not its contract). */
export async function offtakerInputPlan(
  db: Db,
  offtakerId: number,
  contractId: number,
): Promise<InputPlan | null> {
  const row = await db
    .selectFrom('offtakeContracts')
    .select('inputPlan')
    .where('id', '=', contractId)
    .where('offtakerId', '=', offtakerId)
    .executeTakeFirst()
  return row ? parseInputPlan(row.inputPlan) : null
}
