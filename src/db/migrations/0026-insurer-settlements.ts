import { sql, type Kysely } from 'kysely'

/**
 * Insurers are paid too (issue 17): the premiums withheld from farm loans for an insurer are settled
 * to its bank at each close of business like a supplier's payable. One settlements table serves both
 * parties: each row names exactly one of them (a foreign key each, so neither can name a party that
 * does not exist), at most one per party and business date.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`RENAME TABLE supplier_settlements TO settlements`.execute(db)
  await sql`
    ALTER TABLE settlements
      MODIFY supplier_id BIGINT NULL,
      ADD COLUMN insurer_id BIGINT NULL AFTER supplier_id,
      ADD UNIQUE KEY settlements_insurer_close (insurer_id, business_date),
      ADD CONSTRAINT settlements_insurer FOREIGN KEY (insurer_id) REFERENCES insurers (id),
      ADD CONSTRAINT settlements_one_party CHECK ((supplier_id IS NULL) <> (insurer_id IS NULL))`.execute(db)
}
