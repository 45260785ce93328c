import { sql, type Kysely } from 'kysely'

/**
 * Suppliers get their money out (issue 17, item 6): each close of business turns a supplier's
 * positive net payable into one settlement row (`pending` → `paid` | `failed`, with the bank's
 * reference), at most one per supplier and business date. A refund after a settlement makes the
 * payable negative (the supplier owes it back) until the next settlement nets it, so the payable
 * may now go below zero; the settlement in transit may not.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE supplier_settlements (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      supplier_id BIGINT NOT NULL,
      business_date DATE NOT NULL,
      amount_fen BIGINT NOT NULL,
      status VARCHAR(16) NOT NULL DEFAULT 'pending',
      bank_reference VARCHAR(64) NULL,
      resolved_on DATE NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      UNIQUE KEY supplier_settlements_close (supplier_id, business_date),
      CONSTRAINT supplier_settlements_supplier FOREIGN KEY (supplier_id) REFERENCES suppliers (id),
      CONSTRAINT supplier_settlements_amount CHECK (amount_fen > 0),
      CONSTRAINT supplier_settlements_status CHECK (status IN ('pending', 'paid', 'failed'))
    ) ENGINE=InnoDB`.execute(db)
  await sql`UPDATE ledger_accounts SET no_overdraft = 0 WHERE category = 'supplier_payable'`.execute(db)
}
