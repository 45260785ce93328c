import { sql, type Kysely } from 'kysely'

/** Loan applications and loans (merchant loans first; agri loans share the loans table). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE loan_applications (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      workflow_id VARCHAR(191) NOT NULL,
      merchant_id BIGINT NOT NULL,
      amount_fen BIGINT NOT NULL,
      term_days INT NOT NULL,
      repayment_method VARCHAR(16) NOT NULL,
      frequency VARCHAR(16) NULL,
      status VARCHAR(16) NOT NULL,
      reasons TEXT NOT NULL,
      loan_id BIGINT NULL,
      business_date DATE NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      UNIQUE KEY loan_applications_workflow (workflow_id),
      KEY loan_applications_merchant (merchant_id, created_at),
      CONSTRAINT loan_applications_status CHECK (status IN ('approved', 'declined')),
      CONSTRAINT loan_applications_merchant_fk FOREIGN KEY (merchant_id) REFERENCES merchants (id)
    ) ENGINE=InnoDB`.execute(db)

  await sql`
    CREATE TABLE loans (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      product VARCHAR(16) NOT NULL,
      borrower_id BIGINT NOT NULL,
      application_id BIGINT NOT NULL,
      status VARCHAR(16) NOT NULL,
      principal_fen BIGINT NOT NULL,
      repayment_method VARCHAR(16) NOT NULL,
      frequency VARCHAR(16) NULL,
      repayments INT NULL,
      term_days INT NOT NULL,
      annual_rate_bps INT NULL,
      sales_share_bps INT NULL,
      fee_fen BIGINT NULL,
      apr_bps INT NULL,
      total_repay_fen BIGINT NOT NULL,
      disbursed_on DATE NULL,
      matures_on DATE NOT NULL,
      policy_version VARCHAR(64) NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      UNIQUE KEY loans_application (application_id),
      KEY loans_borrower (product, borrower_id, status),
      CONSTRAINT loans_status CHECK (status IN ('booked', 'active', 'closed', 'written_off', 'defaulted')),
      CONSTRAINT loans_principal CHECK (principal_fen > 0)
    ) ENGINE=InnoDB`.execute(db)
}
