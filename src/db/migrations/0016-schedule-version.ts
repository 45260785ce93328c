import { sql, type Kysely } from 'kysely'

/**
 * `loans.schedule_version`: the formula the loan's schedule is derived with (src/servicing/schedule.ts,
 * SCHEDULE_VERSIONS). Schedules are derived from the stored terms, never stored, so a loan keeps the
 * formula it was contracted under: the loans already on the books get version 1, the formula they
 * were booked with. The default is then dropped, so every new loan (and every restructure) states its
 * version rather than inheriting an old one by omission.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE loans ADD COLUMN schedule_version SMALLINT NOT NULL DEFAULT 1`.execute(db)
  await sql`ALTER TABLE loans ALTER COLUMN schedule_version DROP DEFAULT`.execute(db)
}
