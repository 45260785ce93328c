import { sql, type Kysely } from 'kysely'

/**
 * Guarantees that mean something (issue 17, item 5):
 * - `offtakers.approved`, `insurers.approved`: an officer approves a party before it backs a loan
 *   (`POST /v1/{offtakers|insurers}/{id}/approval`); suppliers had the column already. Parties that
 *   exist already are approved: an admin created each of them when that was the only vetting there
 *   was, and contracts and policies they signed under those rules keep backing their loans.
 * - `guarantee_requests`: a contract's farmer or offtaker asked an insurer to guarantee it; an
 *   insurer sees, and writes a policy on, only the contracts it was asked about.
 * - `loans_policy`: the exposure of an insurer (outstanding principal of the loans its policies
 *   back) is read under its lock at every farm loan origination, by policy.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['offtakers', 'insurers']) {
    await sql`ALTER TABLE ${sql.raw(table)} ADD COLUMN approved TINYINT(1) NOT NULL DEFAULT 0`.execute(db)
    await sql`UPDATE ${sql.raw(table)} SET approved = 1`.execute(db)
  }
  await sql`
    CREATE TABLE guarantee_requests (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      contract_id BIGINT NOT NULL,
      insurer_id BIGINT NOT NULL,
      requested_by VARCHAR(64) NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      UNIQUE KEY guarantee_requests_contract_insurer (contract_id, insurer_id),
      KEY guarantee_requests_insurer (insurer_id),
      CONSTRAINT guarantee_requests_contract_fk FOREIGN KEY (contract_id) REFERENCES offtake_contracts (id),
      CONSTRAINT guarantee_requests_insurer_fk FOREIGN KEY (insurer_id) REFERENCES insurers (id)
    )`.execute(db)
  await sql`ALTER TABLE loans ADD KEY loans_policy (policy_id)`.execute(db)
}
