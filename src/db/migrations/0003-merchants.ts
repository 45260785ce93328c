import { sql, type Kysely } from 'kysely'

/** Merchants and the daily sales the payment platform reports for them. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE merchants (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      external_ref VARCHAR(64) NOT NULL,
      name VARCHAR(200) NOT NULL,
      opened_on DATE NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      UNIQUE KEY merchants_external_ref (external_ref)
    ) ENGINE=InnoDB`.execute(db)

  await sql`
    CREATE TABLE merchant_daily_sales (
      merchant_id BIGINT NOT NULL,
      sales_date DATE NOT NULL,
      gross_fen BIGINT NOT NULL,
      refund_fen BIGINT NOT NULL,
      net_fen BIGINT GENERATED ALWAYS AS (gross_fen - refund_fen) STORED,
      order_count INT NOT NULL,
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      PRIMARY KEY (merchant_id, sales_date),
      KEY merchant_daily_sales_date (sales_date),
      CONSTRAINT merchant_daily_sales_amounts CHECK (gross_fen >= 0 AND refund_fen >= 0 AND order_count >= 0),
      CONSTRAINT merchant_daily_sales_merchant FOREIGN KEY (merchant_id) REFERENCES merchants (id)
    ) ENGINE=InnoDB`.execute(db)
}
