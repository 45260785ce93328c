import { sql, type Kysely } from 'kysely'

/**
 * An installment asks for the interest actually accrued in its period, not the schedule's projection
 * (issue 16, "Servicing tells the truth"). What had accrued on a loan before the night of a date is
 * marked once: at the close of each installment's due date (before that night's accrual) and when an
 * officer restructures (the new schedule's start). A mark is a fact of the loan's past, never
 * updated. No foreign key: close of business writes marks while the batch's loan rows are held by
 * its own transaction, and a child row's key check would wait for them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE loan_accrued_interest (
      loan_id BIGINT NOT NULL,
      as_of DATE NOT NULL,
      interest_accrued_fen BIGINT NOT NULL,
      PRIMARY KEY (loan_id, as_of)
    ) ENGINE=InnoDB`.execute(db)
}
