import { sql, type Kysely } from 'kysely'

/**
 * `loans.interest_on_use`: whether the loan's nightly interest runs only on the principal the borrower
 * has used (principal owed less the unspent restricted balance; src/servicing/interest-on-use.ts)
 * rather than on all of it. Stored per loan when it is booked (AGRI_POLICY.interestOnUse for a farm
 * loan), so the loans already on the books (0) keep accruing as they were contracted and a later
 * change of policy never changes a loan already booked. Merchant loans have no restricted money: 0.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE loans ADD COLUMN interest_on_use TINYINT NOT NULL DEFAULT 0`.execute(db)
}
