import { sql, type Kysely } from 'kysely'

/**
 * The agreement each merchant loan was accepted with (issue 18, `GET /v1/loans/{loanId}/agreement`):
 * the exact text shown, its SHA-256, the template's version, the language it was shown in, how and
 * when it was accepted. Written in the transaction that books the loan; never updated. utf8mb4 is
 * stated because the text may be Chinese and a server's default charset may not hold it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE loan_agreements (
      loan_id BIGINT NOT NULL PRIMARY KEY,
      application_id BIGINT NOT NULL,
      merchant_id BIGINT NOT NULL,
      version VARCHAR(64) NOT NULL,
      terms_hash CHAR(64) NOT NULL,
      language VARCHAR(8) NOT NULL,
      accepted_via VARCHAR(8) NOT NULL,
      accepted_at DATETIME(3) NOT NULL,
      text TEXT NOT NULL,
      UNIQUE KEY loan_agreements_application (application_id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`.execute(db)
}
