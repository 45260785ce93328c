import { sql, type Kysely } from 'kysely'

/**
 * The agricultural closed loop: parties, the supplier catalog, offtake contracts, guarantee policies,
 * agri loan applications, purchases from restricted wallets (with their lines and refunds),
 * blocked attempts on restricted money, deliveries and guarantee claims. Agri loans live in `loans`
 * (product 'agri'), so an application id is unique per product only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const party = (table: string, extra = '') => sql`
    CREATE TABLE ${sql.raw(table)} (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      external_ref VARCHAR(64) NOT NULL,
      name VARCHAR(200) NOT NULL,
      ${sql.raw(extra)}
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      UNIQUE KEY ${sql.raw(table)}_external_ref (external_ref)
    ) ENGINE=InnoDB`
  await party('farmers', 'region VARCHAR(100) NOT NULL,').execute(db)
  await party('suppliers', 'approved TINYINT(1) NOT NULL,').execute(db)
  await party('offtakers').execute(db)
  await party('insurers').execute(db)

  await sql`
    CREATE TABLE supplier_products (
      supplier_id BIGINT NOT NULL,
      sku VARCHAR(64) NOT NULL,
      name VARCHAR(200) NOT NULL,
      category VARCHAR(32) NOT NULL,
      price_fen BIGINT NOT NULL,
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      PRIMARY KEY (supplier_id, sku),
      CONSTRAINT supplier_products_price CHECK (price_fen > 0),
      CONSTRAINT supplier_products_supplier FOREIGN KEY (supplier_id) REFERENCES suppliers (id)
    ) ENGINE=InnoDB`.execute(db)

  await sql`
    CREATE TABLE offtake_contracts (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      offtaker_id BIGINT NOT NULL,
      farmer_id BIGINT NOT NULL,
      crop VARCHAR(32) NOT NULL,
      quantity_kg BIGINT NOT NULL,
      price_fen_per_kg BIGINT NOT NULL,
      value_fen BIGINT NOT NULL,
      delivery_from DATE NOT NULL,
      delivery_to DATE NOT NULL,
      delivered_kg BIGINT NOT NULL DEFAULT 0,
      status VARCHAR(16) NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      KEY offtake_contracts_farmer (farmer_id),
      KEY offtake_contracts_offtaker (offtaker_id),
      CONSTRAINT offtake_contracts_status CHECK
        (status IN ('signed', 'financed', 'delivering', 'fulfilled', 'shortfall', 'cancelled')),
      CONSTRAINT offtake_contracts_amounts CHECK (quantity_kg > 0 AND price_fen_per_kg > 0 AND delivered_kg >= 0),
      CONSTRAINT offtake_contracts_window CHECK (delivery_from <= delivery_to),
      CONSTRAINT offtake_contracts_offtaker_fk FOREIGN KEY (offtaker_id) REFERENCES offtakers (id),
      CONSTRAINT offtake_contracts_farmer_fk FOREIGN KEY (farmer_id) REFERENCES farmers (id)
    ) ENGINE=InnoDB`.execute(db)

  await sql`
    CREATE TABLE guarantee_policies (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      insurer_id BIGINT NOT NULL,
      farmer_id BIGINT NOT NULL,
      contract_id BIGINT NOT NULL,
      coverage_bps INT NOT NULL,
      premium_fen BIGINT NOT NULL,
      premium_deducted TINYINT(1) NOT NULL DEFAULT 1,
      status VARCHAR(16) NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      KEY guarantee_policies_contract (contract_id),
      KEY guarantee_policies_insurer (insurer_id),
      CONSTRAINT guarantee_policies_status CHECK (status IN ('active', 'claimed', 'paid', 'expired')),
      CONSTRAINT guarantee_policies_coverage CHECK (coverage_bps BETWEEN 1 AND 10000 AND premium_fen >= 0),
      CONSTRAINT guarantee_policies_insurer_fk FOREIGN KEY (insurer_id) REFERENCES insurers (id),
      CONSTRAINT guarantee_policies_contract_fk FOREIGN KEY (contract_id) REFERENCES offtake_contracts (id)
    ) ENGINE=InnoDB`.execute(db)

  await sql`
    CREATE TABLE agri_loan_applications (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      workflow_id VARCHAR(191) NOT NULL,
      farmer_id BIGINT NOT NULL,
      contract_id BIGINT NOT NULL,
      policy_id BIGINT NOT NULL,
      amount_fen BIGINT NOT NULL,
      status VARCHAR(16) NOT NULL,
      reasons TEXT NOT NULL,
      loan_id BIGINT NULL,
      business_date DATE NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      UNIQUE KEY agri_loan_applications_workflow (workflow_id),
      KEY agri_loan_applications_contract (contract_id),
      CONSTRAINT agri_loan_applications_status CHECK (status IN ('approved', 'declined'))
    ) ENGINE=InnoDB`.execute(db)

  await sql`
    ALTER TABLE loans
      DROP KEY loans_application,
      ADD UNIQUE KEY loans_application (product, application_id),
      ADD COLUMN contract_id BIGINT NULL,
      ADD COLUMN policy_id BIGINT NULL,
      ADD COLUMN category_budgets TEXT NULL,
      ADD COLUMN swept_on DATE NULL,
      ADD COLUMN defaulted_on DATE NULL,
      ADD UNIQUE KEY loans_contract (contract_id)`.execute(db)

  await sql`
    CREATE TABLE purchases (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      request_key VARCHAR(191) NOT NULL,
      loan_id BIGINT NOT NULL,
      farmer_id BIGINT NOT NULL,
      supplier_id BIGINT NOT NULL,
      amount_fen BIGINT NOT NULL,
      refunded_fen BIGINT NOT NULL DEFAULT 0,
      status VARCHAR(16) NOT NULL,
      business_date DATE NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      UNIQUE KEY purchases_request (request_key),
      KEY purchases_loan (loan_id, status),
      KEY purchases_supplier (supplier_id),
      CONSTRAINT purchases_status CHECK (status IN ('pending', 'paid', 'refused', 'refunded')),
      CONSTRAINT purchases_amounts CHECK (amount_fen > 0 AND refunded_fen BETWEEN 0 AND amount_fen)
    ) ENGINE=InnoDB`.execute(db)

  await sql`
    CREATE TABLE purchase_lines (
      purchase_id BIGINT NOT NULL,
      line_no INT NOT NULL,
      sku VARCHAR(64) NOT NULL,
      category VARCHAR(32) NOT NULL,
      quantity INT NOT NULL,
      unit_price_fen BIGINT NOT NULL,
      amount_fen BIGINT NOT NULL,
      refunded_quantity INT NOT NULL DEFAULT 0,
      PRIMARY KEY (purchase_id, line_no),
      CONSTRAINT purchase_lines_quantity CHECK (quantity > 0 AND refunded_quantity BETWEEN 0 AND quantity),
      CONSTRAINT purchase_lines_purchase FOREIGN KEY (purchase_id) REFERENCES purchases (id)
    ) ENGINE=InnoDB`.execute(db)

  await sql`
    CREATE TABLE restricted_wallet_attempts (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      loan_id BIGINT NOT NULL,
      farmer_id BIGINT NOT NULL,
      kind VARCHAR(32) NOT NULL,
      code VARCHAR(64) NOT NULL,
      detail VARCHAR(500) NOT NULL,
      principal_ref VARCHAR(40) NOT NULL,
      business_date DATE NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      KEY restricted_wallet_attempts_loan (loan_id, id)
    ) ENGINE=InnoDB`.execute(db)

  await sql`
    CREATE TABLE deliveries (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      request_key VARCHAR(191) NOT NULL,
      contract_id BIGINT NOT NULL,
      loan_id BIGINT NULL,
      quantity_kg BIGINT NOT NULL,
      delivered_on DATE NOT NULL,
      proceeds_fen BIGINT NOT NULL,
      waterfall TEXT NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      UNIQUE KEY deliveries_request (request_key),
      KEY deliveries_contract (contract_id),
      CONSTRAINT deliveries_quantity CHECK (quantity_kg > 0)
    ) ENGINE=InnoDB`.execute(db)

  await sql`
    CREATE TABLE guarantee_claims (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      policy_id BIGINT NOT NULL,
      insurer_id BIGINT NOT NULL,
      loan_id BIGINT NOT NULL,
      owed_fen BIGINT NOT NULL,
      claim_fen BIGINT NOT NULL,
      status VARCHAR(16) NOT NULL,
      opened_on DATE NOT NULL,
      paid_on DATE NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      UNIQUE KEY guarantee_claims_loan (loan_id),
      KEY guarantee_claims_insurer (insurer_id, status),
      CONSTRAINT guarantee_claims_status CHECK (status IN ('open', 'paid'))
    ) ENGINE=InnoDB`.execute(db)
}
