import { sql, type Kysely } from 'kysely'

/**
 * Events and webhooks. `events` is the outbox: a row is written in the same transaction as the change
 * it announces (the ledger writes the money events with their entries), with the subject's ids as
 * columns so each principal reads only its own. `event_key` makes a producer that runs twice write
 * one event. Webhook endpoints keep their signing secret (it has to sign) and a cursor into the
 * events; deliveries keep their attempts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE events (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      event_key VARCHAR(191) NOT NULL,
      type VARCHAR(48) NOT NULL,
      business_date DATE NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      loan_id BIGINT NULL,
      merchant_id BIGINT NULL,
      farmer_id BIGINT NULL,
      supplier_id BIGINT NULL,
      offtaker_id BIGINT NULL,
      insurer_id BIGINT NULL,
      subject TEXT NOT NULL,
      data TEXT NOT NULL,
      UNIQUE KEY events_key (event_key),
      KEY events_type (type, id),
      KEY events_loan (loan_id, id),
      KEY events_merchant (merchant_id, id),
      KEY events_farmer (farmer_id, id),
      KEY events_supplier (supplier_id, id),
      KEY events_offtaker (offtaker_id, id),
      KEY events_insurer (insurer_id, id)
    ) ENGINE=InnoDB`.execute(db)

  await sql`
    CREATE TABLE webhook_endpoints (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      principal_id BIGINT NULL,
      principal_ref VARCHAR(40) NOT NULL,
      role VARCHAR(16) NOT NULL,
      subject_id BIGINT NULL,
      url VARCHAR(2000) NOT NULL,
      event_types TEXT NOT NULL,
      secret VARCHAR(100) NOT NULL,
      status VARCHAR(16) NOT NULL,
      cursor_event_id BIGINT NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      KEY webhook_endpoints_principal (principal_ref, id),
      CONSTRAINT webhook_endpoints_status CHECK (status IN ('active', 'deleted'))
    ) ENGINE=InnoDB`.execute(db)

  await sql`
    CREATE TABLE webhook_deliveries (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      endpoint_id BIGINT NOT NULL,
      event_id BIGINT NOT NULL,
      subject_key VARCHAR(64) NOT NULL,
      status VARCHAR(16) NOT NULL,
      attempts INT NOT NULL DEFAULT 0,
      first_attempt_at DATETIME(3) NULL,
      next_attempt_at DATETIME(3) NOT NULL,
      delivered_at DATETIME(3) NULL,
      last_status INT NULL,
      last_error VARCHAR(500) NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      UNIQUE KEY webhook_deliveries_event (endpoint_id, event_id),
      KEY webhook_deliveries_due (endpoint_id, status, next_attempt_at),
      KEY webhook_deliveries_subject (endpoint_id, subject_key, status, event_id),
      CONSTRAINT webhook_deliveries_status CHECK (status IN ('pending', 'delivered', 'failed'))
    ) ENGINE=InnoDB`.execute(db)
}
