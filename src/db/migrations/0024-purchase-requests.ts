import { sql, type Kysely } from 'kysely'

/**
 * The farmer consents at the point of sale (issue 17, item 2): a supplier rings up a purchase request
 * against a farmer's restricted wallet; nothing moves until the farmer confirms it, on their own
 * call or by telling the supplier its one-time code. The code is kept twice, neither in the clear:
 * `code_hash` (HMAC-SHA-256 under a server secret, to check what a supplier types) and `code_sealed`
 * (AES-256-GCM under a key derived from the same secret, so the farmer's own read can show it). At
 * most one outcome per request: `purchase_id` is set in the transaction that pays, and the unique
 * key on it means no two requests ever claim one purchase.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE purchase_requests (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      request_key VARCHAR(191) NOT NULL,
      loan_id BIGINT NOT NULL,
      farmer_id BIGINT NOT NULL,
      supplier_id BIGINT NOT NULL,
      amount_fen BIGINT NOT NULL,
      line_items TEXT NOT NULL,
      status VARCHAR(24) NOT NULL DEFAULT 'awaiting_farmer',
      code_hash CHAR(64) NOT NULL,
      code_sealed VARCHAR(128) NOT NULL,
      wrong_codes INT NOT NULL DEFAULT 0,
      expires_at_ms BIGINT NOT NULL,
      purchase_id BIGINT NULL,
      business_date DATE NOT NULL,
      closed_at_ms BIGINT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      UNIQUE KEY purchase_requests_request (request_key),
      UNIQUE KEY purchase_requests_purchase (purchase_id),
      KEY purchase_requests_farmer (farmer_id, status),
      KEY purchase_requests_supplier (supplier_id, status),
      CONSTRAINT purchase_requests_loan FOREIGN KEY (loan_id) REFERENCES loans (id),
      CONSTRAINT purchase_requests_amount CHECK (amount_fen > 0),
      CONSTRAINT purchase_requests_wrong_codes CHECK (wrong_codes BETWEEN 0 AND 5),
      CONSTRAINT purchase_requests_status CHECK
        (status IN ('awaiting_farmer', 'confirmed', 'cancelled', 'expired', 'locked')),
      CONSTRAINT purchase_requests_paid CHECK ((status = 'confirmed') = (purchase_id IS NOT NULL))
    ) ENGINE=InnoDB`.execute(db)
}
