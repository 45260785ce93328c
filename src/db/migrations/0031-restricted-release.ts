import { sql, type Kysely } from 'kysely'

/**
 * Restricted money the loan no longer needs goes back to its farmer (issue 17, item 9: "sweep or
 * return all of it, always"). A farmer who repaid part of the loan with their own money and then had
 * goods taken back can hold more restricted money at the sweep than the loan owes; until now the rest
 * stayed in a closed wallet for good. A `restricted_release` entry of the loan may now debit its
 * restricted account and credit a farmer's free wallet, and nothing else; the code posts it only at
 * the sweep, once the loan owes nothing. Every other rule of the fence (migration 0008) is as it was.
 */
const CHECK_WITH_RELEASE = sql`
  CHECK (
    entry_type IS NOT NULL AND account_restricted IS NOT NULL AND account_category IS NOT NULL AND
    CASE
      WHEN account_restricted = 1 THEN
        ((side = 'C' AND entry_type IN ('agri_disbursement', 'purchase_refund'))
          OR (side = 'D' AND entry_type IN ('restricted_purchase', 'restricted_sweep', 'restricted_release')))
        AND entry_loan_id IS NOT NULL AND account_loan_id IS NOT NULL AND entry_loan_id = account_loan_id
      WHEN entry_type = 'restricted_purchase' THEN side = 'C' AND account_category = 'supplier_payable'
      WHEN entry_type = 'purchase_refund' THEN side = 'D' AND account_category = 'supplier_payable'
      WHEN entry_type = 'restricted_sweep' THEN
        side = 'C' AND entry_loan_id IS NOT NULL AND account_loan_id IS NOT NULL
        AND account_loan_id = entry_loan_id
      WHEN entry_type = 'restricted_release' THEN side = 'C' AND account_category = 'farmer_wallet'
      ELSE TRUE
    END)`

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE ledger_postings DROP CONSTRAINT restricted_funds_not_withdrawable`.execute(db)
  await sql`ALTER TABLE ledger_postings ADD CONSTRAINT restricted_funds_not_withdrawable ${CHECK_WITH_RELEASE}`.execute(
    db,
  )
}
