import { sql, type Kysely } from 'kysely'

/**
 * Delinquency kept per loan (days past due, bucket, the non-performing flag apart from the status),
 * each bucket change kept in a history, penalty accrual state, restructured terms, and officer
 * actions recorded once per request in the audit log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE loans
      ADD COLUMN days_past_due INT NOT NULL DEFAULT 0,
      ADD COLUMN bucket VARCHAR(8) NOT NULL DEFAULT 'current',
      ADD COLUMN non_performing TINYINT(1) NOT NULL DEFAULT 0,
      ADD COLUMN penalty_annual_rate_bps INT NOT NULL DEFAULT 0,
      ADD COLUMN penalty_carry BIGINT NOT NULL DEFAULT 0,
      ADD COLUMN schedule_start_on DATE NULL,
      ADD COLUMN schedule_principal_fen BIGINT NULL,
      ADD COLUMN schedule_arrears_fen BIGINT NOT NULL DEFAULT 0,
      ADD COLUMN schedule_paid_offset_fen BIGINT NOT NULL DEFAULT 0,
      ADD COLUMN restructured_on DATE NULL,
      ADD COLUMN closed_on DATE NULL,
      ADD COLUMN written_off_on DATE NULL,
      ADD COLUMN refinanced_loan_id BIGINT NULL,
      ADD KEY loans_bucket (bucket, status),
      ADD KEY loans_status (status, id),
      ADD CONSTRAINT loans_bucket CHECK (bucket IN ('current', '1-30', '31-60', '61-90', '90+'))`.execute(db)

  await sql`
    CREATE TABLE loan_bucket_history (
      loan_id BIGINT NOT NULL,
      business_date DATE NOT NULL,
      from_bucket VARCHAR(8) NOT NULL,
      to_bucket VARCHAR(8) NOT NULL,
      days_past_due INT NOT NULL,
      PRIMARY KEY (loan_id, business_date),
      KEY loan_bucket_history_date (business_date, to_bucket),
      CONSTRAINT loan_bucket_history_loan FOREIGN KEY (loan_id) REFERENCES loans (id)
    ) ENGINE=InnoDB`.execute(db)

  // A loan's entries of one type (waivers, write-offs) without reading its daily accruals.
  await sql`ALTER TABLE journal_entries ADD KEY journal_entries_loan_type (loan_id, type)`.execute(db)

  await sql`
    ALTER TABLE audit_log
      ADD COLUMN business_date DATE NULL,
      ADD COLUMN action_key VARCHAR(191) NULL,
      ADD UNIQUE KEY audit_log_action_key (action_key)`.execute(db)
}
