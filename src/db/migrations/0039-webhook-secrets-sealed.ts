import { sql, type Kysely } from 'kysely'

/**
 * Webhook signing secrets are sealed at rest (issue 19, finding 7): the column holds the AES-256-GCM
 * sealed secret and `secret_key_id` the id of the `SECRETS_KEY` key that sealed it. Rows from before
 * keep their clear secret with no key id until the next start seals them (src/events/webhook-secrets.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE webhook_endpoints
      CHANGE COLUMN secret secret_sealed VARCHAR(255) NOT NULL,
      ADD COLUMN secret_key_id VARCHAR(32) NULL AFTER secret_sealed`.execute(db)
}
