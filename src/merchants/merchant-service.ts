/**
 * Merchants: the party record, its wallet in the ledger, and who may see it.
 * @module
 */
import { isDuplicateKey, type Db } from '../db/database.js'
import { Conflict, NotFound } from '../kernel/errors.js'
import { accounts } from '../ledger/chart-of-accounts.js'
import type { LedgerService } from '../ledger/ledger-service.js'
import type { Principal } from '../access/principal.js'

export type Merchant = {
  merchantId: number
  externalRef: string
  name: string
  openedOn: string
  createdAt: string
}

/** Creates a merchant and opens its wallet. An external reference is one merchant, once. */
export async function createMerchant(
  deps: { db: Db; ledger: LedgerService },
  input: { externalRef: string; name: string; openedOn: string },
): Promise<Merchant> {
  let merchantId: number
  try {
    const result = await deps.db.insertInto('merchants').values(input).executeTakeFirstOrThrow()
    merchantId = Number(result.insertId)
  } catch (error) {
    if (isDuplicateKey(error)) {
      throw new Conflict('external_ref_taken', `A merchant with externalRef ${input.externalRef} exists.`)
    }
    throw error
  }
  await deps.ledger.openAccount(accounts.merchantWallet(merchantId))
  return getMerchant(deps.db, merchantId)
}

export async function getMerchant(db: Db, merchantId: number): Promise<Merchant> {
  const row = await db.selectFrom('merchants').selectAll().where('id', '=', merchantId).executeTakeFirst()
  if (!row) throw new NotFound(`No merchant ${merchantId}.`)
  return {
    merchantId: Number(row.id),
    externalRef: row.externalRef,
    name: row.name,
    openedOn: row.openedOn,
    createdAt: new Date(row.createdAt).toISOString(),
  }
}

/**
 * A merchant key sees only its own merchant; everyone else that may reach the route sees all.
 * Another merchant's record answers 404, as if it did not exist (API.md).
 */
export function assertMayAccessMerchant(principal: Principal, merchantId: number): void {
  if (principal.role === 'merchant' && principal.subjectId !== merchantId) {
    throw new NotFound(`No merchant ${merchantId}.`)
  }
}
