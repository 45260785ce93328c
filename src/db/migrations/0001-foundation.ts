import { sql, type Kysely } from 'kysely'

// Migrations are forward-only: there is no `down`. A mistake is fixed by a later migration.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE principals (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      role VARCHAR(16) NOT NULL,
      subject_id BIGINT NULL,
      key_id CHAR(16) NOT NULL,
      key_hash BINARY(32) NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      UNIQUE KEY principals_key_id (key_id),
      KEY principals_role_subject (role, subject_id)
    ) ENGINE=InnoDB`.execute(db)

  await sql`
    CREATE TABLE idempotency_keys (
      principal_ref VARCHAR(40) NOT NULL,
      idempotency_key VARCHAR(255) NOT NULL,
      request_hash CHAR(64) NOT NULL,
      method VARCHAR(8) NOT NULL,
      path VARCHAR(1024) NOT NULL,
      state VARCHAR(16) NOT NULL,
      response_status INT NULL,
      response_body MEDIUMTEXT NULL,
      response_content_type VARCHAR(100) NULL,
      locked_until DATETIME(3) NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (principal_ref, idempotency_key)
    ) ENGINE=InnoDB`.execute(db)

  await sql`
    CREATE TABLE system_state (
      id TINYINT NOT NULL PRIMARY KEY,
      business_date DATE NOT NULL,
      CONSTRAINT system_state_single_row CHECK (id = 1)
    ) ENGINE=InnoDB`.execute(db)

  await sql`
    CREATE TABLE business_day_closes (
      business_date DATE NOT NULL PRIMARY KEY,
      closed_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      closed_by VARCHAR(255) NOT NULL
    ) ENGINE=InnoDB`.execute(db)

  await sql`
    CREATE TABLE audit_log (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      principal_ref VARCHAR(40) NOT NULL,
      action VARCHAR(64) NOT NULL,
      subject_type VARCHAR(32) NOT NULL,
      subject_id VARCHAR(64) NOT NULL,
      reason VARCHAR(1000) NULL,
      details TEXT NULL,
      KEY audit_log_subject (subject_type, subject_id)
    ) ENGINE=InnoDB`.execute(db)
}
