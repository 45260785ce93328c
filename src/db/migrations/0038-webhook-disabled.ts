import { sql, type Kysely } from 'kysely'

/**
 * A webhook endpoint may be `disabled`: its principal's key was revoked (issue 19, finding 2), so
 * nothing more is delivered to it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE webhook_endpoints
      DROP CONSTRAINT webhook_endpoints_status,
      ADD CONSTRAINT webhook_endpoints_status CHECK (status IN ('active', 'deleted', 'disabled'))`.execute(db)
}
