/**
 * A merchant takes money out of its wallet to its bank (`POST /v1/merchants/{merchantId}/payouts`;
 * the demo history and the merchant simulation pay out the same way).
 * @module
 */
import type { Db } from '../db/database.js'
import { accounts } from '../ledger/chart-of-accounts.js'
import { accountBalance } from '../ledger/ledger-repository.js'
import type { LedgerService } from '../ledger/ledger-service.js'
import { getBusinessDate } from '../system/business-date-service.js'

/**
 * One `wallet_payout` entry, wallet → lender cash, dated the business date, under `idempotencyKey`
 * (a retry moves the money once). More than the wallet holds is refused by the ledger
 * (`insufficient_funds`: a wallet never goes below zero), nothing moved.
 */
export async function payOutMerchant(
  deps: { db: Db; ledger: LedgerService },
  input: { merchantId: number; amountFen: number; idempotencyKey: string },
): Promise<{ payoutId: number; amountFen: number; balanceFen: number }> {
  const wallet = accounts.merchantWallet(input.merchantId).code
  const posted = await deps.ledger.post({
    idempotencyKey: input.idempotencyKey,
    type: 'wallet_payout',
    businessDate: await getBusinessDate(deps.db),
    description: `payout to merchant ${input.merchantId}'s bank`,
    postings: [
      { accountCode: wallet, side: 'D', amountFen: input.amountFen },
      { accountCode: accounts.lenderCash().code, side: 'C', amountFen: input.amountFen },
    ],
  })
  const balance = await accountBalance(deps.db, wallet)
  return { payoutId: posted.entryId, amountFen: input.amountFen, balanceFen: balance.balanceFen }
}
