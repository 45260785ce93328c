import { sql, type Kysely } from 'kysely'

/**
 * `principals.revoked_at`: when an admin revoked the principal's API key
 * (`POST /v1/admin/principals/{principalId}/revoke`); a revoked key answers 401 `invalid_api_key`.
 * The row stays, so idempotency records and audit entries that name `p:{id}` keep their meaning.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE principals ADD COLUMN revoked_at DATETIME(3) NULL`.execute(db)
}
