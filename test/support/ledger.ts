/** Ledger helpers for tests: open the chart's accounts and move money with real posts. */
import { describeBreak, reconcile } from '../../src/agri/reconciliation.js'
import { randomUUID } from 'node:crypto'
import { expect } from 'vitest'
import type { Db } from '../../src/db/database.js'
import { isoDate } from '../../src/kernel/business-date.js'
import { accounts, type AccountSpec } from '../../src/ledger/chart-of-accounts.js'
import { accountBalance } from '../../src/ledger/ledger-repository.js'
import type { LedgerService } from '../../src/ledger/ledger-service.js'
import { verifyLedger } from '../../src/ledger/ledger-verifier.js'
import type { EntryType } from '../../src/ledger/posting.js'

export const DAY = isoDate('2026-01-01')

export async function open(ledger: LedgerService, ...specs: AccountSpec[]): Promise<void> {
  for (const spec of specs) await ledger.openAccount(spec)
}

/**
 * Opens `count` accounts `${prefix}:0…`: account 0 an unlimited source (equity), the rest wallets
 * that may not overdraw, the shape the model-checked ledger tests work on.
 */
export async function openSourceAndWallets(
  ledger: LedgerService,
  prefix: string,
  count: number,
): Promise<AccountSpec[]> {
  const specs: AccountSpec[] = Array.from({ length: count }, (_, index) => ({
    code: `${prefix}:${index}`,
    type: index === 0 ? 'equity' : 'liability',
    category: index === 0 ? 'equity' : 'merchant_wallet',
    noOverdraft: index !== 0,
    restricted: false,
    loanId: null,
  }))
  await open(ledger, ...specs)
  return specs
}

/** Moves money from one account to another with a two-posting entry (debit `to`, credit `from`). */
export async function move(
  ledger: LedgerService,
  input: {
    debit: string
    credit: string
    amountFen: number
    type?: EntryType
    key?: string
    loanId?: number
  },
) {
  return ledger.post({
    idempotencyKey: input.key ?? randomUUID(),
    type: input.type ?? 'transfer',
    businessDate: DAY,
    refs: input.loanId === undefined ? undefined : { loanId: input.loanId },
    postings: [
      { accountCode: input.debit, side: 'D', amountFen: input.amountFen },
      { accountCode: input.credit, side: 'C', amountFen: input.amountFen },
    ],
  })
}

/** The lender's owners put money in: lender cash grows. */
export async function fundLender(ledger: LedgerService, amountFen: number): Promise<void> {
  await open(ledger, accounts.lenderCash(), accounts.lenderEquity())
  await move(ledger, {
    debit: accounts.lenderCash().code,
    credit: accounts.lenderEquity().code,
    amountFen,
    type: 'capital_contribution',
  })
}

export async function balanceOf(db: Db, code: string): Promise<number> {
  return (await accountBalance(db, code)).balanceFen
}

/** The pair assertion every money test ends with: the ledger re-derives exactly. */
export async function expectLedgerClean(db: Db): Promise<void> {
  const result = await verifyLedger(db)
  expect(result.discrepancy).toBeUndefined()
  expect(result.ok).toBe(true)
}

/** Every counterparty's balance equals its documents (`npm run reconcile`); names the first break. */
export async function expectReconciled(db: Db): Promise<void> {
  const result = await reconcile(db)
  expect(result.breaks[0] && describeBreak(result.breaks[0])).toBeUndefined()
  expect(result.ok).toBe(true)
}
