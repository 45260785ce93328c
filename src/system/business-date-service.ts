/**
 * The business date: one stored row that only close of business moves, one day at a time. A
 * foundation: it imports no domain; what a domain does as a date closes is handed in by the caller
 * (src/close-of-business/close-of-business-activities.ts).
 * @module
 */
import type { Transaction } from 'kysely'
import type { Db } from '../db/database.js'
import type { Database } from '../db/schema.js'
import { addDays, isoDate, type IsoDate } from '../kernel/business-date.js'
import { Refusal } from '../kernel/errors.js'

export async function getBusinessDate(db: Db): Promise<IsoDate> {
  const row = await db
    .selectFrom('systemState')
    .select('businessDate')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow()
  return isoDate(row.businessDate)
}

export type DayCloseResult = { closedDate: IsoDate; nextDate: IsoDate; alreadyClosed: boolean }

/** Work that happens with the close of a date, in its transaction: once, by the closer that closes it. */
export type WithDateClose = (trx: Transaction<Database>, closedDate: IsoDate) => Promise<void>

/**
 * Closes `date` and moves the business date to the next day, exactly once: the row lock serialises
 * closers, and a date that is already closed answers as closed without writing anything (`alreadyClosed`
 * is false when the same closer asks again: an activity retried after a crash). `withClose` runs in
 * the same transaction, after the close is recorded and before the date moves, and only when this
 * call closes the date, so it happens once per date too.
 */
export async function closeBusinessDate(
  db: Db,
  date: IsoDate,
  closedBy: string,
  withClose: WithDateClose,
): Promise<DayCloseResult> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('systemState')
      .select('businessDate')
      .where('id', '=', 1)
      .forUpdate()
      .executeTakeFirstOrThrow()
    const current = isoDate(row.businessDate)
    if (current > date) {
      // A retry of the closer that did it (same closedBy) gets the same answer as the first time.
      const close = await trx
        .selectFrom('businessDayCloses')
        .select('closedBy')
        .where('businessDate', '=', date)
        .executeTakeFirst()
      return { closedDate: date, nextDate: current, alreadyClosed: close?.closedBy !== closedBy }
    }
    if (current < date) {
      throw new Refusal('business_date_not_reached', `Cannot close ${date}: the business date is ${current}.`)
    }
    const nextDate = addDays(date, 1)
    await trx.insertInto('businessDayCloses').values({ businessDate: date, closedBy }).execute()
    await withClose(trx, date)
    await trx.updateTable('systemState').set({ businessDate: nextDate }).where('id', '=', 1).execute()
    return { closedDate: date, nextDate, alreadyClosed: false }
  })
}
