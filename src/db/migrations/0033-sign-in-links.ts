import { sql, type Kysely } from 'kysely'

/**
 * Pages for every party (issue 18):
 * - `sign_in_links`: single-use links that open a party's page signed in. Only the SHA-256 of the
 *   link's token is kept; `used_at` is set once, by the request that redeems it.
 * - `console_sessions` serve every page now: `page` says which one a session was opened for (a
 *   merchant's session is not a console session even if its cookie were sent there), and `role` and
 *   `subject_id` say whose page it is.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE sign_in_links (
      token_hash BINARY(32) NOT NULL PRIMARY KEY,
      principal_id BIGINT NOT NULL,
      role VARCHAR(16) NOT NULL,
      subject_id BIGINT NOT NULL,
      created_by VARCHAR(40) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      expires_at DATETIME(3) NOT NULL,
      used_at DATETIME(3) NULL,
      KEY sign_in_links_expires (expires_at)
    ) ENGINE=InnoDB`.execute(db)
  await sql`
    ALTER TABLE console_sessions
      ADD COLUMN page VARCHAR(16) NOT NULL DEFAULT 'console',
      ADD COLUMN role VARCHAR(16) NOT NULL DEFAULT 'officer',
      ADD COLUMN subject_id BIGINT NULL`.execute(db)
}
