/**
 * What the chaos suite checks after the faults stop: from the definitive answers the clients got, it
 * derives what the ledger must hold (one disbursement per approved application, one repayment entry
 * per accepted repayment key and none for a refused one, the purchases and deliveries as answered,
 * and every wallet's balance), reads what the database holds, and names each difference.
 * `findAnomalies` is pure, so a test can feed it a tampered expectation and see it fail.
 * @module
 */
import type { Db } from '../../src/db/database.js'
import { fenFromDb } from '../../src/kernel/money.js'
import { accounts } from '../../src/ledger/chart-of-accounts.js'
import {
  accountBalance,
  entryCount,
  entryCountsByKey,
  entryCountsByLoan,
} from '../../src/ledger/ledger-repository.js'

/** What the accepted (and the refused) requests imply. */
export type Expectations = {
  merchantIds: number[]
  farms: Array<{
    walletId: number
    farmerId: number
    restrictedBaselineFen: number
    farmerBaselineFen: number
  }>
  approvedLoans: Array<{ merchantId: number; loanId: number; amountFen: number }>
  /** Accepted repayments, by the ledger key the route posts them under. */
  repayments: Array<{
    merchantId: number
    loanId: number
    ledgerKey: string
    paidFen: number
    principalFen: number
  }>
  /** Ledger keys of repayments answered 4xx: nothing may be posted under them. */
  refusedRepaymentKeys: string[]
  purchases: Array<{ walletId: number; purchaseId: number; amountFen: number }>
  deliveries: Array<{
    walletId: number
    farmerId: number
    deliveryId: number
    sweptFen: number
    toFarmerFen: number
  }>
}

/** What the database holds, read after the faults stopped and every workflow settled. */
export type LedgerFacts = {
  /** Merchant loans in the database: id → borrower and principal. */
  merchantLoans: Map<number, { merchantId: number; principalFen: number }>
  disbursementEntriesByLoan: Map<number, number>
  repaymentEntriesByKey: Map<string, number>
  /** All entries of type `repayment` (no close of business runs, so all come from the route). */
  repaymentEntriesTotal: number
  merchantWalletFen: Map<number, number>
  loanPrincipalFen: Map<number, number>
  /** Purchases in the database: id → wallet, amount and status (a refused attempt is kept as `refused`). */
  purchases: Map<number, { walletId: number; amountFen: number; status: string }>
  restrictedWalletFen: Map<number, number>
  farmerWalletFen: Map<number, number>
  deliveryIds: Set<number>
}

function sumBy<T>(
  items: readonly T[],
  key: (item: T) => number,
  value: (item: T) => number,
): Map<number, number> {
  const sums = new Map<number, number>()
  for (const item of items) sums.set(key(item), (sums.get(key(item)) ?? 0) + value(item))
  return sums
}

export function findAnomalies(expected: Expectations, facts: LedgerFacts): string[] {
  const anomalies: string[] = []
  const approvedIds = new Set(expected.approvedLoans.map((loan) => loan.loanId))
  if (approvedIds.size !== expected.approvedLoans.length)
    anomalies.push('two approved applications answered with the same loanId')
  for (const loan of expected.approvedLoans) {
    const stored = facts.merchantLoans.get(loan.loanId)
    if (!stored) anomalies.push(`loan ${loan.loanId}: approved but not in the database`)
    else if (stored.principalFen !== loan.amountFen || stored.merchantId !== loan.merchantId)
      anomalies.push(
        `loan ${loan.loanId}: principal ${stored.principalFen} fen for merchant ${stored.merchantId}, applied ${loan.amountFen} for ${loan.merchantId}`,
      )
    const disbursements = facts.disbursementEntriesByLoan.get(loan.loanId) ?? 0
    if (disbursements !== 1)
      anomalies.push(`loan ${loan.loanId}: ${disbursements} disbursement entries, expected 1`)
  }
  for (const loanId of facts.merchantLoans.keys())
    if (!approvedIds.has(loanId))
      anomalies.push(`loan ${loanId}: in the database but no client was told of it`)
  for (const [loanId, count] of facts.disbursementEntriesByLoan)
    if (!approvedIds.has(loanId))
      anomalies.push(`loan ${loanId}: ${count} disbursement entries for no approved application`)

  const paidRepayments = expected.repayments.filter((repayment) => repayment.paidFen > 0)
  for (const repayment of paidRepayments) {
    const count = facts.repaymentEntriesByKey.get(repayment.ledgerKey) ?? 0
    if (count !== 1) anomalies.push(`repayment ${repayment.ledgerKey}: ${count} ledger entries, expected 1`)
  }
  for (const key of expected.refusedRepaymentKeys) {
    const count = facts.repaymentEntriesByKey.get(key) ?? 0
    if (count !== 0) anomalies.push(`repayment ${key}: refused but ${count} ledger entries posted`)
  }
  if (facts.repaymentEntriesTotal !== paidRepayments.length)
    anomalies.push(
      `${facts.repaymentEntriesTotal} repayment entries, ${paidRepayments.length} accepted repayments`,
    )

  const lent = sumBy(
    expected.approvedLoans,
    (loan) => loan.merchantId,
    (loan) => loan.amountFen,
  )
  const repaid = sumBy(
    expected.repayments,
    (r) => r.merchantId,
    (r) => r.paidFen,
  )
  for (const merchantId of expected.merchantIds) {
    const want = (lent.get(merchantId) ?? 0) - (repaid.get(merchantId) ?? 0)
    const have = facts.merchantWalletFen.get(merchantId) ?? 0
    if (want !== have)
      anomalies.push(`merchant ${merchantId} wallet: ${have} fen, accepted requests imply ${want}`)
  }
  const principalRepaid = sumBy(
    expected.repayments,
    (r) => r.loanId,
    (r) => r.principalFen,
  )
  for (const loan of expected.approvedLoans) {
    const want = loan.amountFen - (principalRepaid.get(loan.loanId) ?? 0)
    const have = facts.loanPrincipalFen.get(loan.loanId)
    if (have !== want)
      anomalies.push(`loan ${loan.loanId} principal: ${have} fen, accepted requests imply ${want}`)
  }

  const purchaseIds = new Set(expected.purchases.map((purchase) => purchase.purchaseId))
  if (purchaseIds.size !== expected.purchases.length)
    anomalies.push('two accepted purchases answered with one purchaseId')
  for (const purchase of expected.purchases) {
    const stored = facts.purchases.get(purchase.purchaseId)
    if (
      !stored ||
      stored.amountFen !== purchase.amountFen ||
      stored.walletId !== purchase.walletId ||
      stored.status !== 'paid'
    )
      anomalies.push(
        `purchase ${purchase.purchaseId}: stored ${JSON.stringify(stored)}, answered ${purchase.amountFen} fen paid`,
      )
  }
  for (const [purchaseId, stored] of facts.purchases) {
    if (stored.status === 'pending')
      anomalies.push(`purchase ${purchaseId}: still pending after the faults stopped`)
    if (stored.status === 'paid' && !purchaseIds.has(purchaseId))
      anomalies.push(`purchase ${purchaseId}: paid in the database but no client was told of it`)
  }
  const deliveryIds = new Set(expected.deliveries.map((delivery) => delivery.deliveryId))
  for (const deliveryId of facts.deliveryIds)
    if (!deliveryIds.has(deliveryId))
      anomalies.push(`delivery ${deliveryId}: in the database but no client was told of it`)
  for (const deliveryId of deliveryIds)
    if (!facts.deliveryIds.has(deliveryId))
      anomalies.push(`delivery ${deliveryId}: answered but not in the database`)

  const spent = sumBy(
    expected.purchases,
    (p) => p.walletId,
    (p) => p.amountFen,
  )
  const swept = sumBy(
    expected.deliveries,
    (d) => d.walletId,
    (d) => d.sweptFen,
  )
  const toFarmer = sumBy(
    expected.deliveries,
    (d) => d.farmerId,
    (d) => d.toFarmerFen,
  )
  for (const farm of expected.farms) {
    const want =
      farm.restrictedBaselineFen - (spent.get(farm.walletId) ?? 0) - (swept.get(farm.walletId) ?? 0)
    const have = facts.restrictedWalletFen.get(farm.walletId)
    if (have !== want)
      anomalies.push(`restricted wallet ${farm.walletId}: ${have} fen, accepted requests imply ${want}`)
    const wantFree = farm.farmerBaselineFen + (toFarmer.get(farm.farmerId) ?? 0)
    const haveFree = facts.farmerWalletFen.get(farm.farmerId)
    if (haveFree !== wantFree)
      anomalies.push(`farmer ${farm.farmerId} wallet: ${haveFree} fen, accepted deliveries imply ${wantFree}`)
  }
  return anomalies
}

async function balance(db: Db, code: string): Promise<number> {
  return (await accountBalance(db, code)).balanceFen
}

/** Reads the facts `findAnomalies` compares, for the merchants, loans, farms and keys `expected` names. */
export async function collectFacts(db: Db, expected: Expectations): Promise<LedgerFacts> {
  const loans = await db
    .selectFrom('loans')
    .select(['id', 'borrowerId', 'principalFen'])
    .where('product', '=', 'merchant')
    .execute()
  const merchantLoans = new Map(
    loans.map((loan) => [
      Number(loan.id),
      { merchantId: Number(loan.borrowerId), principalFen: fenFromDb(loan.principalFen) },
    ]),
  )
  const disbursementEntriesByLoan = await entryCountsByLoan(db, 'merchant_disbursement')
  const repaymentEntriesByKey = await entryCountsByKey(db, [
    ...expected.repayments.map((repayment) => repayment.ledgerKey),
    ...expected.refusedRepaymentKeys,
  ])
  const repaymentEntriesTotal = await entryCount(db, 'repayment')
  const merchantWalletFen = new Map<number, number>()
  for (const merchantId of expected.merchantIds)
    merchantWalletFen.set(merchantId, await balance(db, accounts.merchantWallet(merchantId).code))
  const loanPrincipalFen = new Map<number, number>()
  for (const loanId of merchantLoans.keys())
    loanPrincipalFen.set(loanId, await balance(db, accounts.loanPrincipal(loanId).code))
  const purchaseRows = await db
    .selectFrom('purchases')
    .select(['id', 'loanId', 'amountFen', 'status'])
    .execute()
  const restrictedWalletFen = new Map<number, number>()
  const farmerWalletFen = new Map<number, number>()
  for (const farm of expected.farms) {
    restrictedWalletFen.set(farm.walletId, await balance(db, accounts.restrictedWallet(farm.walletId).code))
    farmerWalletFen.set(farm.farmerId, await balance(db, accounts.farmerWallet(farm.farmerId).code))
  }
  const deliveryRows = await db.selectFrom('deliveries').select('id').execute()
  return {
    merchantLoans,
    disbursementEntriesByLoan,
    repaymentEntriesByKey,
    repaymentEntriesTotal,
    merchantWalletFen,
    loanPrincipalFen,
    purchases: new Map(
      purchaseRows.map((row) => [
        Number(row.id),
        { walletId: Number(row.loanId), amountFen: fenFromDb(row.amountFen), status: row.status },
      ]),
    ),
    restrictedWalletFen,
    farmerWalletFen,
    deliveryIds: new Set(deliveryRows.map((row) => Number(row.id))),
  }
}
