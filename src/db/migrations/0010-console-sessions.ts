import { sql, type Kysely } from 'kysely'

/**
 * The loan officer console: server-side sessions, and what its overview reads.
 *
 * - `console_sessions`: one row per signed-in officer. The cookie carries a random 32-byte id; only
 *   its SHA-256 is stored, so a leaked table cannot be replayed as cookies. Each session has its own
 *   CSRF token (checked on every POST) and an idle expiry that every request pushes forward.
 * - `portfolio_days`: per closed business date and product, what was disbursed and collected and how
 *   much outstanding principal moved. A closed date's entries never change (every post carries the
 *   current business date, and a date closes once), so the row is computed once, the first time the
 *   overview needs it, and the trend chart never rescans history.
 * - `journal_entries (business_date, type)`: a date's collections, write-offs and waivers without
 *   reading that date's nightly accruals.
 * - `ledger_accounts (loan_id, category, balances)`: each on-book loan's principal balance read from
 *   the index alone, so the summary over 100,000 loans is one pass over `loans` plus index lookups.
 * - `loans (disbursed_on, product, principal_fen, refinanced_loan_id)`: what a date disbursed (and
 *   which of those loans were refills) without reading a disbursement entry.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE console_sessions (
      id_hash BINARY(32) NOT NULL PRIMARY KEY,
      principal_id BIGINT NOT NULL,
      principal_ref VARCHAR(40) NOT NULL,
      csrf_token CHAR(43) NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      last_seen_at DATETIME(3) NOT NULL,
      expires_at DATETIME(3) NOT NULL,
      KEY console_sessions_expires (expires_at)
    ) ENGINE=InnoDB`.execute(db)

  await sql`
    CREATE TABLE portfolio_days (
      business_date DATE NOT NULL,
      product VARCHAR(16) NOT NULL,
      disbursed_fen BIGINT NOT NULL,
      collected_fen BIGINT NOT NULL,
      principal_change_fen BIGINT NOT NULL,
      computed_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (business_date, product),
      CONSTRAINT portfolio_days_product CHECK (product IN ('merchant', 'agri'))
    ) ENGINE=InnoDB`.execute(db)

  await sql`ALTER TABLE journal_entries ADD KEY journal_entries_date_type (business_date, type)`.execute(db)
  await sql`
    ALTER TABLE ledger_accounts
      ADD KEY ledger_accounts_loan_balances (loan_id, category, debits_posted_fen, credits_posted_fen)`.execute(
    db,
  )
  await sql`
    ALTER TABLE loans ADD KEY loans_disbursed (disbursed_on, product, principal_fen, refinanced_loan_id)`.execute(
    db,
  )
}
