/**
 * Interest only on what the borrower used (issue 17, item 7): a farm loan booked with
 * `interest_on_use` accrues each night's interest on the principal owed less the restricted money
 * still unspent at that night's close, so restricted money accrues from the night of the day it is
 * spent, a supplier's refund stops interest on what it returns, and a premium deducted at
 * disbursement (never in the wallet) accrues from the start. The sweep and repayments lower the
 * principal owed as for any loan. Close of business and the payoff quote both ask here, so the
 * quote projects exactly what the closes will post.
 * @module
 */
import type { Db } from '../db/database.js'
import { addDays, type IsoDate } from '../kernel/business-date.js'
import { accounts } from '../ledger/chart-of-accounts.js'
import {
  accountBalance,
  accountBalanceBeforeEntry,
  accountBalances,
  entriesByKeys,
} from '../ledger/ledger-repository.js'

/** The key of a loan's night of interest (and penalty interest), posted by close of business. */
export const accrualKey = (loanId: number, night: IsoDate) => `accrual:${loanId}:${night}`

/** The restricted money not yet spent at the close of a night, in fen (0 for a loan without the setting). */
export type UnspentByNight = (night: IsoDate) => number

/** Every night nothing is unspent: the loan accrues on all the principal it owes. */
export const NOTHING_UNSPENT: UnspentByNight = () => 0

/**
 * The principal a night's interest runs on: what is owed less what is still unspent in the
 * restricted wallet, never below zero (a farmer who repaid more than was used owes no interest on
 * money not used). Pure.
 */
export function interestBearingPrincipalFen(principalFen: number, unspentRestrictedFen: number): number {
  return Math.max(0, principalFen - Math.max(0, unspentRestrictedFen))
}

/** The loan columns the unspent balances are read for. */
export type InterestOnUseLoan = {
  id: number | string
  interestOnUse: number
  disbursedOn: string | null
  accruedThrough: string | null
}

/**
 * For each loan, its restricted money unspent at the close of every night from its first night not
 * yet accrued on: for a night before `businessDate` (a close catching up, rare and few) what the
 * entries dated up to that night left in the wallet; from `businessDate` on, the balance now (no
 * entry is dated after the open business date, and a projection assumes nothing is bought or
 * refunded meanwhile, as it assumes nothing is repaid). A loan without the setting reads nothing:
 * {@link NOTHING_UNSPENT}. Close of business calls this while it holds the loans' row locks, which
 * purchases, refunds and the sweep take too, so the balance cannot move before the night is posted.
 * A close retried after it posted tonight's accrual but died before recording the loan's day reads
 * the balance that accrual was computed on (what the entries before it left), not one a purchase
 * changed since, so it recomputes the same entry and the post replays instead of conflicting.
 */
export async function unspentRestrictedByNight(
  db: Db,
  loans: readonly InterestOnUseLoan[],
  businessDate: IsoDate,
): Promise<Map<number, UnspentByNight>> {
  const byLoan = new Map<number, UnspentByNight>()
  const onUse = loans.filter((loan) => loan.interestOnUse === 1 && loan.disbursedOn !== null)
  for (const loan of loans) byLoan.set(Number(loan.id), NOTHING_UNSPENT)
  if (onUse.length === 0) return byLoan
  const codes = onUse.map((loan) => accounts.restrictedWallet(Number(loan.id)).code)
  const [now, postedTonight] = await Promise.all([
    accountBalances(db, codes),
    entriesByKeys(
      db,
      onUse.map((loan) => accrualKey(Number(loan.id), businessDate)),
    ),
  ])
  const tonightEntry = new Map(postedTonight.map((entry) => [entry.idempotencyKey, entry.id]))
  await Promise.all(
    onUse.map(async (loan) => {
      const code = accounts.restrictedWallet(Number(loan.id)).code
      const entryId = tonightEntry.get(accrualKey(Number(loan.id), businessDate))
      const nowFen =
        entryId === undefined
          ? (now.get(code)?.balanceFen ?? 0)
          : await accountBalanceBeforeEntry(db, code, entryId)
      const earlier = new Map<IsoDate, number>()
      const first = loan.accruedThrough
        ? addDays(loan.accruedThrough as IsoDate, 1)
        : (loan.disbursedOn as IsoDate)
      for (let night = first; night < businessDate; night = addDays(night, 1)) {
        earlier.set(night, (await accountBalance(db, code, night)).balanceFen)
      }
      byLoan.set(Number(loan.id), (night) => earlier.get(night) ?? nowFen)
    }),
  )
  return byLoan
}
