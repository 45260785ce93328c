import { sql, type Kysely } from 'kysely'

/**
 * Offtakers pay in cash (issue 17, item 3): a delivery books the proceeds due from the offtaker,
 * `payment_term_days` (a contract field, default 7) after delivery; the offtaker's payments (by API
 * or a bank-statement line an officer imports) settle its open deliveries oldest first. Deliveries
 * recorded before this change were settled at once, so they are marked paid in full.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE offtake_contracts
      ADD COLUMN payment_term_days INT NOT NULL DEFAULT 7,
      ADD CONSTRAINT offtake_contracts_payment_terms CHECK (payment_term_days BETWEEN 0 AND 365)`.execute(db)
  await sql`
    ALTER TABLE deliveries
      ADD COLUMN due_on DATE NULL,
      ADD COLUMN paid_fen BIGINT NOT NULL DEFAULT 0,
      ADD COLUMN status VARCHAR(20) NOT NULL DEFAULT 'awaiting_payment'`.execute(db)
  await sql`UPDATE deliveries SET due_on = delivered_on, paid_fen = proceeds_fen, status = 'paid'`.execute(db)
  await sql`
    ALTER TABLE deliveries
      MODIFY due_on DATE NOT NULL,
      ADD KEY deliveries_open (status, due_on),
      ADD CONSTRAINT deliveries_paid CHECK (paid_fen BETWEEN 0 AND proceeds_fen),
      ADD CONSTRAINT deliveries_status CHECK (status IN ('awaiting_payment', 'partly_paid', 'paid'))`.execute(
    db,
  )
  await sql`
    CREATE TABLE offtaker_payments (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      request_key VARCHAR(191) NOT NULL,
      offtaker_id BIGINT NOT NULL,
      amount_fen BIGINT NOT NULL,
      paid_on DATE NOT NULL,
      reference VARCHAR(64) NOT NULL,
      applied TEXT NOT NULL,
      business_date DATE NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      UNIQUE KEY offtaker_payments_request (request_key),
      KEY offtaker_payments_offtaker (offtaker_id),
      CONSTRAINT offtaker_payments_offtaker FOREIGN KEY (offtaker_id) REFERENCES offtakers (id),
      CONSTRAINT offtaker_payments_amount CHECK (amount_fen > 0)
    ) ENGINE=InnoDB`.execute(db)
  await sql`
    CREATE TABLE bank_statement_lines (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      line_key CHAR(64) NOT NULL,
      value_date DATE NOT NULL,
      amount_fen BIGINT NOT NULL,
      reference VARCHAR(64) NOT NULL,
      payer_name VARCHAR(200) NOT NULL,
      status VARCHAR(16) NOT NULL,
      reason VARCHAR(64) NULL,
      payment_id BIGINT NULL,
      business_date DATE NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      UNIQUE KEY bank_statement_lines_key (line_key),
      KEY bank_statement_lines_status (status, id),
      CONSTRAINT bank_statement_lines_status CHECK (status IN ('matched', 'unmatched'))
    ) ENGINE=InnoDB`.execute(db)
}
