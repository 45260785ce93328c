import { sql, type Kysely } from 'kysely'

/**
 * The double-entry ledger. Balances are stored on the account row and changed in the same
 * transaction as the postings; CHECK constraints refuse an overdraft of a `no_overdraft` account
 * (including held amounts); triggers make entries and postings append-only and fence restricted
 * accounts so that only the allowed entry types can touch them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE ledger_accounts (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      code VARCHAR(128) NOT NULL,
      type VARCHAR(16) NOT NULL,
      normal_side CHAR(1) NOT NULL,
      category VARCHAR(32) NOT NULL,
      currency CHAR(3) NOT NULL,
      no_overdraft TINYINT(1) NOT NULL DEFAULT 0,
      restricted TINYINT(1) NOT NULL DEFAULT 0,
      loan_id BIGINT NULL,
      debits_posted_fen BIGINT NOT NULL DEFAULT 0,
      credits_posted_fen BIGINT NOT NULL DEFAULT 0,
      debits_pending_fen BIGINT NOT NULL DEFAULT 0,
      credits_pending_fen BIGINT NOT NULL DEFAULT 0,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      UNIQUE KEY ledger_accounts_code (code),
      KEY ledger_accounts_category (category),
      CONSTRAINT ledger_accounts_type CHECK (type IN ('asset', 'liability', 'equity', 'income', 'expense')),
      CONSTRAINT ledger_accounts_normal_side CHECK (normal_side IN ('D', 'C')),
      CONSTRAINT ledger_accounts_amounts CHECK (
        debits_posted_fen >= 0 AND credits_posted_fen >= 0 AND debits_pending_fen >= 0 AND credits_pending_fen >= 0),
      CONSTRAINT ledger_accounts_no_overdraft CHECK (
        no_overdraft = 0
        OR (normal_side = 'C' AND credits_posted_fen - debits_posted_fen - debits_pending_fen >= 0)
        OR (normal_side = 'D' AND debits_posted_fen - credits_posted_fen - credits_pending_fen >= 0))
    ) ENGINE=InnoDB`.execute(db)

  await sql`
    CREATE TABLE journal_entries (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      idempotency_key VARCHAR(191) NOT NULL,
      type VARCHAR(48) NOT NULL,
      business_date DATE NOT NULL,
      content_hash CHAR(64) NOT NULL,
      description VARCHAR(255) NULL,
      loan_id BIGINT NULL,
      purchase_id BIGINT NULL,
      delivery_id BIGINT NULL,
      claim_id BIGINT NULL,
      reversal_of BIGINT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      UNIQUE KEY journal_entries_idempotency_key (idempotency_key),
      UNIQUE KEY journal_entries_reversal_of (reversal_of),
      KEY journal_entries_loan (loan_id),
      KEY journal_entries_business_date (business_date),
      CONSTRAINT journal_entries_reversal FOREIGN KEY (reversal_of) REFERENCES journal_entries (id)
    ) ENGINE=InnoDB`.execute(db)

  await sql`
    CREATE TABLE ledger_postings (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      entry_id BIGINT NOT NULL,
      account_id BIGINT NOT NULL,
      side CHAR(1) NOT NULL,
      amount_fen BIGINT NOT NULL,
      business_date DATE NOT NULL,
      KEY ledger_postings_entry (entry_id),
      KEY ledger_postings_account (account_id, business_date),
      CONSTRAINT ledger_postings_side CHECK (side IN ('D', 'C')),
      CONSTRAINT ledger_postings_amount CHECK (amount_fen > 0),
      CONSTRAINT ledger_postings_entry_fk FOREIGN KEY (entry_id) REFERENCES journal_entries (id),
      CONSTRAINT ledger_postings_account_fk FOREIGN KEY (account_id) REFERENCES ledger_accounts (id)
    ) ENGINE=InnoDB`.execute(db)

  // A refused post is remembered under its key, so a retry fails the same way instead of succeeding
  // later by accident (a trigger on journal_entries consults it).
  await sql`
    CREATE TABLE ledger_failed_posts (
      idempotency_key VARCHAR(191) NOT NULL PRIMARY KEY,
      content_hash CHAR(64) NOT NULL,
      code VARCHAR(64) NOT NULL,
      detail VARCHAR(500) NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
    ) ENGINE=InnoDB`.execute(db)

  await sql`
    CREATE TABLE ledger_holds (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      idempotency_key VARCHAR(191) NOT NULL,
      debit_account_id BIGINT NOT NULL,
      credit_account_id BIGINT NOT NULL,
      amount_fen BIGINT NOT NULL,
      entry_type VARCHAR(48) NOT NULL,
      state VARCHAR(16) NOT NULL,
      expires_at DATETIME(3) NOT NULL,
      entry_id BIGINT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      UNIQUE KEY ledger_holds_idempotency_key (idempotency_key),
      KEY ledger_holds_pending (state, expires_at),
      CONSTRAINT ledger_holds_amount CHECK (amount_fen > 0),
      CONSTRAINT ledger_holds_state CHECK (state IN ('pending', 'posted', 'voided', 'expired')),
      CONSTRAINT ledger_holds_debit_fk FOREIGN KEY (debit_account_id) REFERENCES ledger_accounts (id),
      CONSTRAINT ledger_holds_credit_fk FOREIGN KEY (credit_account_id) REFERENCES ledger_accounts (id)
    ) ENGINE=InnoDB`.execute(db)

  for (const table of ['journal_entries', 'ledger_postings']) {
    for (const action of ['UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER ${table}_no_${action.toLowerCase()} BEFORE ${action} ON ${table} FOR EACH ROW
           SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'ledger_append_only: ${table} rows are never changed; post a reversing entry'`,
        )
        .execute(db)
    }
  }

  await sql`
    CREATE TRIGGER ledger_accounts_no_delete BEFORE DELETE ON ledger_accounts FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'ledger_append_only: accounts are never deleted'`.execute(db)

  await sql`
    CREATE TRIGGER journal_entries_not_failed BEFORE INSERT ON journal_entries FOR EACH ROW
    BEGIN
      IF EXISTS (SELECT 1 FROM ledger_failed_posts WHERE idempotency_key = NEW.idempotency_key) THEN
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'ledger_post_failed_before';
      END IF;
    END`.execute(db)

  // The restricted partition: a restricted account (a farmer's restricted wallet) is credited only by
  // an agri disbursement or a purchase refund of its own loan, and debited only by a purchase or the
  // sweep into its own loan. There is no generic reversal for it: a refund is how a purchase is undone. Entries of the purchase and sweep types may move money only to a
  // supplier payable (purchase), from one (refund), or to the same loan's receivables (sweep).
  await sql`
    CREATE TRIGGER ledger_postings_restricted BEFORE INSERT ON ledger_postings FOR EACH ROW
    BEGIN
      DECLARE account_restricted TINYINT;
      DECLARE account_category VARCHAR(32);
      DECLARE account_loan BIGINT;
      DECLARE entry_type VARCHAR(48);
      DECLARE entry_loan BIGINT;
      SELECT restricted, category, loan_id INTO account_restricted, account_category, account_loan
        FROM ledger_accounts WHERE id = NEW.account_id;
      SELECT type, loan_id INTO entry_type, entry_loan FROM journal_entries WHERE id = NEW.entry_id;
      IF account_restricted = 1 THEN
        IF NOT (
          (NEW.side = 'C' AND entry_type IN ('agri_disbursement', 'purchase_refund'))
          OR (NEW.side = 'D' AND entry_type IN ('restricted_purchase', 'restricted_sweep'))
        ) OR entry_loan IS NULL OR account_loan IS NULL OR entry_loan <> account_loan THEN
          SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'restricted_funds_not_withdrawable';
        END IF;
      ELSEIF entry_type = 'restricted_purchase' THEN
        IF NOT (NEW.side = 'C' AND account_category = 'supplier_payable') THEN
          SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'restricted_funds_not_withdrawable';
        END IF;
      ELSEIF entry_type = 'purchase_refund' THEN
        IF NOT (NEW.side = 'D' AND account_category = 'supplier_payable') THEN
          SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'restricted_funds_not_withdrawable';
        END IF;
      ELSEIF entry_type = 'restricted_sweep' THEN
        IF NOT (NEW.side = 'C' AND account_loan = entry_loan) THEN
          SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'restricted_funds_not_withdrawable';
        END IF;
      END IF;
    END`.execute(db)
}
