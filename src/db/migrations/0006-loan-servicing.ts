import { sql, type Kysely } from 'kysely'

/** What close of business needs per loan: the interest rounding carry and how far it has run. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE loans
      ADD COLUMN accrual_carry BIGINT NOT NULL DEFAULT 0,
      ADD COLUMN accrued_through DATE NULL,
      ADD COLUMN serviced_through DATE NULL,
      ADD KEY loans_servicing (product, status, id)`.execute(db)
}
