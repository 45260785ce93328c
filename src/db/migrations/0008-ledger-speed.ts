import { sql, type Kysely } from 'kysely'

/**
 * The restricted-account fence without a trigger. The trigger of 0002 ran two SELECTs per posting
 * row, about a third of what posting an entry cost the database. Now every posting carries the
 * attributes the rule needs, copied from its entry (type, loan) and its account (restricted,
 * category, loan); composite foreign keys make the copies agree with the rows they were copied from,
 * and a CHECK constraint named `restricted_funds_not_withdrawable` applies the rule to the row itself.
 *
 * Why a copy cannot lie: a non-NULL copy is checked by its foreign key; a NULL loan cannot be checked
 * (a foreign key with a NULL column is skipped), so the rule never lets a NULL loan pass where a loan
 * is required. The type, restricted and category copies must not be NULL. One consequence: a
 * `restricted_sweep` may credit only an account of the same loan, never an account without a loan
 * (the trigger let a NULL loan through there).
 *
 * The posting indexes are reshaped so the new foreign keys need no index of their own: the entry
 * index leads with (entry_id, entry_type, entry_loan_id), the account index with the account's copies
 * before business_date (they are constant per account, so it orders an account's postings by date
 * as before).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE journal_entries ADD KEY journal_entries_fence (id, type, loan_id)`.execute(db)
  await sql`ALTER TABLE ledger_accounts ADD KEY ledger_accounts_fence (id, restricted, category, loan_id)`.execute(
    db,
  )
  await sql`
    ALTER TABLE ledger_postings
      ADD COLUMN entry_type VARCHAR(48) NULL,
      ADD COLUMN entry_loan_id BIGINT NULL,
      ADD COLUMN account_restricted TINYINT(1) NULL,
      ADD COLUMN account_category VARCHAR(32) NULL,
      ADD COLUMN account_loan_id BIGINT NULL`.execute(db)

  // Postings are append-only; the copies are filled in once, with the guard lifted for that alone.
  await sql`DROP TRIGGER ledger_postings_no_update`.execute(db)
  await sql`
    UPDATE ledger_postings p
      JOIN journal_entries e ON e.id = p.entry_id
      JOIN ledger_accounts a ON a.id = p.account_id
    SET p.entry_type = e.type, p.entry_loan_id = e.loan_id, p.account_restricted = a.restricted,
        p.account_category = a.category, p.account_loan_id = a.loan_id`.execute(db)
  await sql`
    CREATE TRIGGER ledger_postings_no_update BEFORE UPDATE ON ledger_postings FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'ledger_append_only: ledger_postings rows are never changed; post a reversing entry'`.execute(
    db,
  )

  await sql`
    ALTER TABLE ledger_postings
      DROP FOREIGN KEY ledger_postings_entry_fk,
      DROP FOREIGN KEY ledger_postings_account_fk`.execute(db)
  await sql`
    ALTER TABLE ledger_postings
      DROP KEY ledger_postings_entry,
      DROP KEY ledger_postings_account,
      ADD KEY ledger_postings_entry (entry_id, entry_type, entry_loan_id),
      ADD KEY ledger_postings_account (account_id, account_restricted, account_category, account_loan_id, business_date),
      ADD CONSTRAINT ledger_postings_entry_type_fk FOREIGN KEY (entry_id, entry_type)
        REFERENCES journal_entries (id, type),
      ADD CONSTRAINT ledger_postings_entry_loan_fk FOREIGN KEY (entry_id, entry_type, entry_loan_id)
        REFERENCES journal_entries (id, type, loan_id),
      ADD CONSTRAINT ledger_postings_account_class_fk FOREIGN KEY (account_id, account_restricted, account_category)
        REFERENCES ledger_accounts (id, restricted, category),
      ADD CONSTRAINT ledger_postings_account_loan_fk
        FOREIGN KEY (account_id, account_restricted, account_category, account_loan_id)
        REFERENCES ledger_accounts (id, restricted, category, loan_id),
      ADD CONSTRAINT restricted_funds_not_withdrawable CHECK (
        entry_type IS NOT NULL AND account_restricted IS NOT NULL AND account_category IS NOT NULL AND
        CASE
          WHEN account_restricted = 1 THEN
            ((side = 'C' AND entry_type IN ('agri_disbursement', 'purchase_refund'))
              OR (side = 'D' AND entry_type IN ('restricted_purchase', 'restricted_sweep')))
            AND entry_loan_id IS NOT NULL AND account_loan_id IS NOT NULL AND entry_loan_id = account_loan_id
          WHEN entry_type = 'restricted_purchase' THEN side = 'C' AND account_category = 'supplier_payable'
          WHEN entry_type = 'purchase_refund' THEN side = 'D' AND account_category = 'supplier_payable'
          WHEN entry_type = 'restricted_sweep' THEN
            side = 'C' AND entry_loan_id IS NOT NULL AND account_loan_id IS NOT NULL
            AND account_loan_id = entry_loan_id
          ELSE TRUE
        END)`.execute(db)
  await sql`DROP TRIGGER ledger_postings_restricted`.execute(db)
}
