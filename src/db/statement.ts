/**
 * The raw-SQL idiom beside Kysely: one statement with its `?` parameters, for the paths that batch
 * many statements into one round trip (the ledger's posts, a purchase and its idempotency record).
 * @module
 */

/** One SQL statement with its `?` parameters. */
export type Statement = { sql: string; params: unknown[] }
