import { sql, type Kysely } from 'kysely'

/**
 * A bank-statement line may pay a guarantee claim (`CLM-{id}`, API.md "Settlement"): the line records
 * the claim it paid, as it records the offtaker payment a `DLV-`/`OFT-` line became.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE bank_statement_lines ADD COLUMN claim_id BIGINT NULL AFTER payment_id`.execute(db)
}
