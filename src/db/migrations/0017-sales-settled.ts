import { sql, type Kysely } from 'kysely'

/**
 * What close of business has settled of each day's sales, so that a day reported late, or corrected
 * after it settled, settles its difference at the next close (issue 16, item 9):
 * - `settled_fen`: every fen settled into the wallet for this row so far (it only grows);
 * - `revision`: counts the changes of the row's net sales, and names each later settlement's key;
 * - `settle_pending`: 1 while a change reported through the intake waits for a close of business,
 *   NULL otherwise, so the close reads only the waiting rows (index `merchant_daily_sales_pending`);
 * - `last_settled_on` / `last_settled_fen`: the close that last settled the row and what it settled
 *   then, from which a sales-share loan takes its share of what that close settled.
 * And `merchants.sales_settle_from`: the first sales date the lender settles for the merchant, the
 * business date on which it was registered (a trigger stamps it). Sales of earlier days are history
 * the platform settled before (the 180 days a credit line is computed on, imported at onboarding):
 * they are stored, never settled, however late they arrive.
 * Rows already settled are filled in from their `settle:{merchant}:{date}` entries, and an existing
 * merchant settles from its first settled day (else from today). Nothing is made pending here: rows
 * that never settled are history (and any day reported late before this migration, which an
 * operator may flag for the next close).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE merchant_daily_sales
      ADD COLUMN settled_fen BIGINT NOT NULL DEFAULT 0,
      ADD COLUMN revision INT NOT NULL DEFAULT 0,
      ADD COLUMN settle_pending TINYINT NULL,
      ADD COLUMN last_settled_on DATE NULL,
      ADD COLUMN last_settled_fen BIGINT NOT NULL DEFAULT 0,
      ADD KEY merchant_daily_sales_pending (settle_pending, merchant_id, sales_date),
      ADD KEY merchant_daily_sales_last_settled (last_settled_on, merchant_id),
      ADD CONSTRAINT merchant_daily_sales_settled CHECK (settled_fen >= 0 AND last_settled_fen >= 0),
      ADD CONSTRAINT merchant_daily_sales_pending_flag CHECK (settle_pending = 1)`.execute(db)

  await sql`ALTER TABLE merchants ADD COLUMN sales_settle_from DATE NULL`.execute(db)
  await sql`
    CREATE TRIGGER merchants_sales_settle_from BEFORE INSERT ON merchants FOR EACH ROW
    SET NEW.sales_settle_from = COALESCE(
      NEW.sales_settle_from, (SELECT business_date FROM system_state WHERE id = 1))`.execute(db)
  await backfillSettledSales(db)
}

/**
 * Marks each sales row not yet marked with what its `settle:{merchant}:{date}` entry settled (the one
 * settlement a row had before this migration; `updated_at` keeps its value: it tells the credit line
 * that the sales changed, and they did not), then has each merchant settle from its first settled day
 * at the latest (else from the business date).
 */
export async function backfillSettledSales(db: Kysely<unknown>): Promise<void> {
  await sql`
    UPDATE merchant_daily_sales s
      JOIN journal_entries e ON e.idempotency_key = CONCAT('settle:', s.merchant_id, ':', s.sales_date)
      JOIN ledger_postings p ON p.entry_id = e.id AND p.side = 'C'
    SET s.settled_fen = p.amount_fen,
        s.last_settled_on = e.business_date,
        s.last_settled_fen = p.amount_fen,
        s.updated_at = s.updated_at
    WHERE s.settled_fen = 0`.execute(db)
  await sql`
    UPDATE merchants m
      JOIN system_state st ON st.id = 1
      LEFT JOIN (
        SELECT merchant_id, MIN(sales_date) AS first_settled_on FROM merchant_daily_sales
        WHERE settled_fen > 0 GROUP BY merchant_id
      ) settled ON settled.merchant_id = m.id
    SET m.sales_settle_from = LEAST(
      COALESCE(m.sales_settle_from, st.business_date), COALESCE(settled.first_settled_on, st.business_date))`.execute(
    db,
  )
}
