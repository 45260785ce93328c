import { sql, type Kysely } from 'kysely'

/**
 * A merchant's current pre-approved line, with everything that decided it (model and policy
 * versions, the features, the score and its reasons), refreshed nightly and on demand.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE credit_lines (
      merchant_id BIGINT NOT NULL PRIMARY KEY,
      as_of_date DATE NOT NULL,
      computed_at DATETIME(3) NOT NULL,
      policy_version VARCHAR(64) NOT NULL,
      model_version VARCHAR(64) NOT NULL,
      eligible TINYINT(1) NOT NULL,
      credit_limit_fen BIGINT NOT NULL,
      score INT NOT NULL,
      score_band CHAR(1) NULL,
      pd DOUBLE NOT NULL,
      reasons TEXT NOT NULL,
      features TEXT NOT NULL,
      CONSTRAINT credit_lines_limit CHECK (credit_limit_fen >= 0),
      CONSTRAINT credit_lines_merchant FOREIGN KEY (merchant_id) REFERENCES merchants (id)
    ) ENGINE=InnoDB`.execute(db)
}
