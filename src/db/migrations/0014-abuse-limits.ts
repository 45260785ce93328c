import { sql, type Kysely } from 'kysely'

/**
 * Fixed-window counters for the abuse limits (`src/http/abuse-limits.ts`), kept in MySQL so that
 * every API process counts against the same windows.
 *
 * - `bucket_key`: what is counted: `key:<principalRef>` (requests per API key) or `addr:<address>`
 *   (invalid-key attempts per client address).
 * - `window_start_ms`: the window's start, epoch milliseconds, a multiple of the window's length.
 * - `expires_at_ms`: when the window ends; rows past it are pruned when a new window opens.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE rate_limit_windows (
      bucket_key VARCHAR(80) NOT NULL,
      window_start_ms BIGINT NOT NULL,
      expires_at_ms BIGINT NOT NULL,
      hits INT NOT NULL,
      PRIMARY KEY (bucket_key, window_start_ms),
      KEY rate_limit_windows_expires (expires_at_ms)
    ) ENGINE=InnoDB`.execute(db)
}
