/**
 * The merchant lending simulation, small: 40 merchants × 60 days in a database of its own, then the
 * accounting identities a user would check against the ledger itself (not against the simulation's
 * own counters). No Temporal: the simulation calls the activities' functions in-process.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, dropDatabase, type Db } from '../../../src/db/database.js'
import { fenFromDb } from '../../../src/kernel/money.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { accountBalance } from '../../../src/ledger/ledger-repository.js'
import { verifyLedger } from '../../../src/ledger/ledger-verifier.js'
import {
  runMerchantSimulation,
  type SimulationResult,
} from '../../../tools/simulation/merchant-simulation.js'
import { testDatabaseUrl } from '../../support/harness.js'

const databaseUrl = testDatabaseUrl()
let result: SimulationResult
let db: Db

beforeAll(async () => {
  result = await runMerchantSimulation({
    merchants: 40,
    days: 60,
    seed: 7,
    databaseUrl,
    // Busier than the default, so that 40 merchants borrow, repay and fall behind within 60 days.
    applyProbabilityPerDay: 0.05,
  })
  db = createDb(databaseUrl)
}, 90_000)

afterAll(async () => {
  await db?.destroy()
  await dropDatabase(databaseUrl)
})

async function balance(code: string): Promise<number> {
  return (await accountBalance(db, code)).balanceFen
}

/** Σ of one side of the postings to accounts of `categories` in entries of `type`. */
async function moved(type: string, side: 'D' | 'C', categories: string[]): Promise<number> {
  const { rows } = await sql<{ fen: string | number | null }>`
    SELECT SUM(p.amount_fen) AS fen FROM ledger_postings p
    JOIN journal_entries e ON e.id = p.entry_id
    JOIN ledger_accounts a ON a.id = p.account_id
    WHERE e.type = ${type} AND p.side = ${side} AND a.category IN (${sql.join(categories)})`.execute(db)
  return fenFromDb(rows[0]?.fen ?? 0)
}

describe('the merchant simulation, 40 merchants × 60 days', () => {
  it('lends, collects and closes days, and the ledger verifies', async () => {
    expect(result.verify.ok).toBe(true)
    expect((await verifyLedger(db)).discrepancy).toBeUndefined()
    expect(result.mismatches).toEqual([])
    expect(result.figures.approved).toBeGreaterThan(5)
    expect(result.figures.collectedFen).toBeGreaterThan(0)
    expect(result.figures.interestEarnedFen).toBeGreaterThan(0)
    expect(result.figures.refused).toBe(0)
    const closes = await db.selectFrom('businessDayCloses').select('businessDate').execute()
    expect(closes).toHaveLength(60)
  })

  it('keeps the principal identity: disbursed − collected = outstanding + written off', async () => {
    const disbursedFen = await moved('merchant_disbursement', 'D', ['loan_principal'])
    const collectedPrincipalFen = await moved('repayment', 'C', ['loan_principal'])
    const writtenOffPrincipalFen = await moved('write_off', 'C', ['loan_principal'])
    const { rows } = await sql<{ fen: string | number | null }>`
      SELECT SUM(debits_posted_fen - credits_posted_fen) AS fen FROM ledger_accounts
      WHERE category = 'loan_principal'`.execute(db)
    const outstandingFen = fenFromDb(rows[0]?.fen ?? 0)
    expect(disbursedFen).toBeGreaterThan(0)
    expect(disbursedFen - collectedPrincipalFen).toBe(outstandingFen + writtenOffPrincipalFen)
    // Closed and written-off loans owe no principal: the outstanding is all on active loans.
    expect(result.ledger.outstandingPrincipalFen).toBe(outstandingFen)
  })

  it('disburses every approved application exactly once, and nothing else', async () => {
    const approved = await db
      .selectFrom('loanApplications')
      .select(['id', 'loanId'])
      .where('status', '=', 'approved')
      .execute()
    expect(approved).toHaveLength(result.figures.approved)
    const { rows } = await sql<{ applicationId: number; disbursements: number }>`
      SELECT a.id AS application_id, COUNT(e.id) AS disbursements
      FROM loan_applications a
      LEFT JOIN journal_entries e ON e.loan_id = a.loan_id AND e.type = 'merchant_disbursement'
      WHERE a.status = 'approved'
      GROUP BY a.id`.execute(db)
    expect(rows.filter((row) => Number(row.disbursements) !== 1)).toEqual([])
    const entries = await db
      .selectFrom('journalEntries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('type', '=', 'merchant_disbursement')
      .executeTakeFirstOrThrow()
    expect(Number(entries.n)).toBe(approved.length)
    expect(result.figures.loansDisbursed).toBe(approved.length)
  })

  it('prints figures equal to the ledger’s account balances', async () => {
    const f = result.figures
    expect(f.interestEarnedFen).toBe(await balance(accounts.interestIncome().code))
    expect(f.penaltyIncomeFen).toBe(await balance(accounts.penaltyIncome().code))
    expect(f.feesFen).toBe(await balance(accounts.feeIncome().code))
    expect(f.lossesWrittenOffFen).toBe(await balance(accounts.creditLoss().code))
    expect(f.disbursedFen).toBe(await moved('merchant_disbursement', 'D', ['loan_principal']))
    expect(f.collectedFen).toBe(
      await moved('repayment', 'C', ['loan_principal', 'loan_interest', 'loan_fees', 'loan_penalty']),
    )
    expect(f.settledFen).toBe(await balance(accounts.platformClearing().code))
    expect(f.paidOutFen).toBe(await moved('wallet_payout', 'D', ['merchant_wallet']))
    // What the merchants' wallets hold is what was settled and lent, less collected and paid out.
    const { rows } = await sql<{ fen: string | number | null }>`
      SELECT SUM(credits_posted_fen - debits_posted_fen) AS fen FROM ledger_accounts
      WHERE category = 'merchant_wallet'`.execute(db)
    expect(fenFromDb(rows[0]?.fen ?? 0)).toBe(f.settledFen + f.disbursedFen - f.collectedFen - f.paidOutFen)
    // PAR30 from the loans themselves.
    const late = await sql<{ fen: string | number | null }>`
      SELECT SUM(a.debits_posted_fen - a.credits_posted_fen) AS fen
      FROM loans l JOIN ledger_accounts a ON a.loan_id = l.id AND a.category = 'loan_principal'
      WHERE l.status = 'active' AND l.days_past_due > 30`.execute(db)
    expect(result.ledger.par30PrincipalFen).toBe(fenFromDb(late.rows[0]?.fen ?? 0))
    const counts = await db
      .selectFrom('loans')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute()
    const count = (status: string) => Number(counts.find((row) => row.status === status)?.n ?? 0)
    expect(result.loans).toEqual({
      active: count('active'),
      closed: count('closed'),
      writtenOff: count('written_off'),
    })
  })
})
