import { sql, type Kysely } from 'kysely'

/**
 * A claim records what the insurer actually paid (`paid_fen`), and a claim whose loan is repaid
 * before the insurer pays (a late harvest) is `withdrawn` instead of staying open.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE guarantee_claims
      ADD COLUMN paid_fen BIGINT NULL,
      DROP CONSTRAINT guarantee_claims_status,
      ADD CONSTRAINT guarantee_claims_status CHECK (status IN ('open', 'paid', 'withdrawn'))`.execute(db)
}
