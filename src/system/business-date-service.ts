/**
 * The business date: one stored row that only close of business moves, one day at a time.
 * @module
 */
import { sql } from 'kysely'
import { CREDIT_POLICY } from '../credit/credit-policy.js'
import type { Db } from '../db/database.js'
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

/**
 * Closes `date` and moves the business date to the next day, exactly once: the row lock serialises
 * closers, and a date that is already closed answers as closed without writing anything (`alreadyClosed`
 * is false when the same closer asks again: an activity retried after a crash).
 */
export async function closeBusinessDate(db: Db, date: IsoDate, closedBy: string): Promise<DayCloseResult> {
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
    // Offers not refreshed within their validity expire with the day (one event per line and as-of date).
    await sql`
      INSERT IGNORE INTO events (event_key, type, business_date, merchant_id, subject, data)
      SELECT CONCAT('offer.expired:', merchant_id, ':', as_of_date), 'offer.expired', ${date}, merchant_id,
             CONCAT('{"merchantId":', merchant_id, '}'),
             CONCAT('{"why":"not renewed","creditLimitFen":', credit_limit_fen, ',"asOfDate":"', as_of_date, '"}')
      FROM credit_lines
      WHERE eligible = 1 AND as_of_date < ${addDays(date, -CREDIT_POLICY.offerValidityDays)}`.execute(trx)
    await trx.updateTable('systemState').set({ businessDate: nextDate }).where('id', '=', 1).execute()
    return { closedDate: date, nextDate, alreadyClosed: false }
  })
}
