import { sql, type Kysely } from 'kysely'

/**
 * Catalogue governance (issue 17, item 1): restricted money buys only what an officer has reviewed.
 * - `supplier_products.status`: `pending_review` until an officer approves or rejects the product;
 *   a category change, or a price more than the policy's tolerance above `reference_price_fen` (the
 *   price the officer reviewed), sends an approved product back to `pending_review`. Products that
 *   exist before this migration were never reviewed, so they start `pending_review` too.
 * - `supplier_products.unit`: what one quantity of the product is (a bag, a litre).
 * - `offtake_contracts.input_plan`: the offtaker's plan for the crop (JSON `{categories, skus?}`),
 *   set before the contract is financed; NULL: no plan beyond the crop's eligible categories.
 * - `purchases.first_refunded_on`: the business date of a purchase's first refund, so officers see
 *   suppliers that refund soon after the sale; filled in from the refund entries already posted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE supplier_products
      ADD COLUMN status VARCHAR(16) NOT NULL DEFAULT 'pending_review',
      ADD COLUMN unit VARCHAR(32) NOT NULL DEFAULT 'unit',
      ADD COLUMN reference_price_fen BIGINT NULL,
      ADD CONSTRAINT supplier_products_status CHECK (status IN ('pending_review', 'approved', 'rejected')),
      ADD CONSTRAINT supplier_products_reference CHECK (reference_price_fen IS NULL OR reference_price_fen > 0)`.execute(
    db,
  )
  await sql`ALTER TABLE offtake_contracts ADD COLUMN input_plan TEXT NULL`.execute(db)
  await sql`ALTER TABLE purchases ADD COLUMN first_refunded_on DATE NULL`.execute(db)
  await sql`
    UPDATE purchases p
      JOIN (
        SELECT CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(idempotency_key, ':', 2), ':', -1) AS UNSIGNED) AS purchase_id,
          MIN(business_date) AS first_on
        FROM journal_entries WHERE idempotency_key LIKE 'refund:%' GROUP BY purchase_id
      ) r ON r.purchase_id = p.id
    SET p.first_refunded_on = r.first_on
    WHERE p.refunded_fen > 0`.execute(db)
}
