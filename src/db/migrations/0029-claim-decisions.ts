import { sql, type Kysely } from 'kysely'

/**
 * Insurers decide claims (issue 17, item 4): a claim is accepted (in full or in part, `accepted_fen`)
 * or rejected, once, with the reason and the business date; its cash comes in payments (`paid_fen`
 * is what has come in so far, the ledger holding each payment). An accepted claim unpaid past its
 * due date is marked `overdue_on` once, when close of business announces it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE guarantee_claims
      ADD COLUMN decision VARCHAR(16) NULL,
      ADD COLUMN accepted_fen BIGINT NULL,
      ADD COLUMN decision_reason VARCHAR(500) NULL,
      ADD COLUMN decided_on DATE NULL,
      ADD COLUMN overdue_on DATE NULL,
      DROP CONSTRAINT guarantee_claims_status,
      ADD CONSTRAINT guarantee_claims_status
        CHECK (status IN ('open', 'accepted', 'rejected', 'paid', 'withdrawn')),
      ADD CONSTRAINT guarantee_claims_decision CHECK (decision IN ('accept', 'partial', 'reject')),
      ADD KEY guarantee_claims_status_decided (status, decided_on)`.execute(db)
}
