/**
 * The season simulation of the agricultural closed loop, small: 40 farmers through a whole season in
 * a database of its own, then the identities a user would check against the ledger and the tables
 * themselves (not against the simulation's own counters). No Temporal: the simulation calls the
 * routes' and activities' functions in-process.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AGRI_POLICY } from '../../../src/agri/agri-policy.js'
import { createDb, dropDatabase, type Db } from '../../../src/db/database.js'
import { capBps, fenFromDb } from '../../../src/kernel/money.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { accountBalance } from '../../../src/ledger/ledger-repository.js'
import { verifyLedger } from '../../../src/ledger/ledger-verifier.js'
import { runSeasonSimulation, type SeasonResult } from '../../../tools/simulation/season-simulation.js'
import { testDatabaseUrl } from '../../support/harness.js'
import { expectReconciled } from '../../support/ledger.js'

const databaseUrl = testDatabaseUrl()
let result: SeasonResult
let db: Db

beforeAll(async () => {
  result = await runSeasonSimulation({ farmers: 40, seed: 13, databaseUrl })
  db = createDb(databaseUrl)
}, 120_000)

afterAll(async () => {
  await db?.destroy()
  await dropDatabase(databaseUrl)
})

const RECEIVABLES = ['loan_principal', 'loan_interest', 'loan_fees', 'loan_penalty']

/** Σ of one side of the postings to accounts of `categories` in entries of `type`. */
async function moved(type: string, side: 'D' | 'C', categories: string[]): Promise<number> {
  const { rows } = await sql<{ fen: string | number | null }>`
    SELECT SUM(p.amount_fen) AS fen FROM ledger_postings p
    JOIN journal_entries e ON e.id = p.entry_id
    JOIN ledger_accounts a ON a.id = p.account_id
    WHERE e.type = ${type} AND p.side = ${side} AND a.category IN (${sql.join(categories)})`.execute(db)
  return fenFromDb(rows[0]?.fen ?? 0)
}

/** Σ of the balances (on their normal side) of every account of `category`. */
async function categoryBalance(category: string, normal: 'D' | 'C'): Promise<number> {
  const { rows } = await sql<{ fen: string | number | null }>`
    SELECT SUM(${normal === 'D' ? sql`debits_posted_fen - credits_posted_fen` : sql`credits_posted_fen - debits_posted_fen`}) AS fen
    FROM ledger_accounts WHERE category = ${category}`.execute(db)
  return fenFromDb(rows[0]?.fen ?? 0)
}

describe('the season simulation, 40 farmers', () => {
  it('runs the season to its end, and the ledger verifies', async () => {
    expect(result.verify.ok).toBe(true)
    expect((await verifyLedger(db)).discrepancy).toBeUndefined()
    expect(result.mismatches).toEqual([])
    expect(result.figures.unexpected).toEqual({})
    expect(result.figures.approved).toBe(40)
    expect(result.figures.purchases).toBeGreaterThan(40)
    expect(result.figures.deliveries).toBeGreaterThan(20)
    expect(result.figures.blocked.ineligible_category).toBeGreaterThan(0)
    // Every loan ended: closed, or written off after its claim was paid.
    const open = await db
      .selectFrom('loans')
      .select('id')
      .where('status', 'not in', ['closed', 'written_off'])
      .execute()
    expect(open).toEqual([])
    expect(result.loans.closed + result.loans.writtenOff).toBe(40)
    const closes = await db.selectFrom('businessDayCloses').select('businessDate').execute()
    expect(closes).toHaveLength(result.days)
    // A good harvest sold to an offtaker that pays on time repays its loan; a failed one ends in a claim.
    const onTime = result.goodHarvestByOfftaker.on_time
    expect(onTime.farmers).toBeGreaterThan(0)
    expect(onTime.repaidWithoutClaim).toBe(onTime.farmers)
    expect(result.byHarvest.failed.claims).toBe(result.byHarvest.failed.farmers)
    // An offtaker that pays late, in parts or not at all costs its farmers' loans their claims.
    expect(result.goodHarvestByOfftaker.fails_some.claims).toBeGreaterThan(0)
    // Days from delivery to the last fen of its cash, by how the offtaker pays.
    const cash = result.figures.daysToCash
    expect(cash.on_time.maxDays).toBeLessThanOrEqual(7)
    expect(cash.late_in_parts.maxDays).toBeGreaterThanOrEqual(25)
    expect(cash.fails_some.maxDays).toBeGreaterThanOrEqual(150)
  })

  it('keeps the principal identity: disbursed = repaid (deliveries + sweep + claims) + written off + outstanding', async () => {
    const disbursedFen = await moved('agri_disbursement', 'D', ['loan_principal'])
    const byDeliveries = await moved('delivery_proceeds', 'C', ['loan_principal'])
    const bySweep = await moved('restricted_sweep', 'C', ['loan_principal'])
    const byClaims = await moved('claim_payment', 'C', ['loan_principal'])
    const writtenOff = await moved('write_off', 'C', ['loan_principal'])
    const outstanding = await categoryBalance('loan_principal', 'D')
    expect(disbursedFen).toBe(result.figures.disbursedFen)
    expect(byDeliveries).toBeGreaterThan(0)
    expect(bySweep).toBeGreaterThan(0)
    expect(disbursedFen).toBe(byDeliveries + bySweep + byClaims + writtenOff + outstanding)
    expect(outstanding).toBe(0)
    // Nothing is owed on any receivable at the end, and no restricted money is left.
    for (const category of RECEIVABLES) expect(await categoryBalance(category, 'D')).toBe(0)
    expect(await categoryBalance('restricted_wallet', 'C')).toBe(0)
  })

  it('decides every claim (in full, in part, or rejected), takes the insurers’ cash, writes off the rest and books late cash as recoveries', async () => {
    const { rows: claims } = await sql<{
      claimFen: string | number
      owedFen: string | number
      acceptedFen: string | number | null
      paidFen: string | number | null
      coverageBps: number
      status: string
      decision: string | null
      loanStatus: string
    }>`
      SELECT c.claim_fen, c.owed_fen, c.accepted_fen, c.paid_fen, p.coverage_bps, c.status, c.decision,
             l.status AS loan_status
      FROM guarantee_claims c JOIN guarantee_policies p ON p.id = c.policy_id JOIN loans l ON l.id = c.loan_id`.execute(
      db,
    )
    expect(claims.length).toBeGreaterThan(0)
    expect(claims.length).toBe(result.claims.opened)
    let paidFen = 0
    for (const claim of claims) {
      expect(fenFromDb(claim.claimFen)).toBe(capBps(fenFromDb(claim.owedFen), claim.coverageBps))
      expect(claim.loanStatus).toBe('written_off')
      if (claim.decision === 'reject') {
        expect(claim.status).toBe('rejected')
        expect(fenFromDb(claim.paidFen ?? 0)).toBe(0)
        continue
      }
      expect(claim.status).toBe('paid')
      expect(fenFromDb(claim.paidFen ?? 0)).toBeLessThanOrEqual(fenFromDb(claim.acceptedFen ?? 0))
      if (claim.decision === 'partial')
        expect(fenFromDb(claim.acceptedFen ?? 0)).toBe(capBps(fenFromDb(claim.claimFen), 7_500))
      paidFen += fenFromDb(claim.paidFen ?? 0)
    }
    expect(claims.filter((claim) => claim.decision === 'reject')).toHaveLength(result.figures.claimsRejected)
    expect(claims.filter((claim) => claim.decision === 'partial')).toHaveLength(
      result.figures.claimsAcceptedInPart,
    )
    expect(result.figures.claimsRejected).toBeGreaterThan(0)
    expect(result.figures.claimsAcceptedInPart).toBeGreaterThan(0)
    // The insurers' cash: into lender cash and onto the loans' receivables; no receivable is left.
    expect(await moved('claim_payment', 'C', RECEIVABLES)).toBe(paidFen)
    expect(await moved('claim_payment', 'D', ['lender_cash'])).toBe(paidFen)
    expect(await categoryBalance('insurer_receivable', 'D')).toBe(0)
    expect(result.figures.claimsPaidFen).toBe(paidFen)
    // What nobody paid is the credit loss; the offtakers' late cash on written-off loans came home as
    // recoveries, and nothing is still owed by any offtaker.
    expect(await balance(accounts.creditLoss().code)).toBe(result.figures.writtenOffFen)
    expect(result.figures.recoveredFen).toBeGreaterThan(0)
    expect(await balance(accounts.recoveries().code)).toBe(result.figures.recoveredFen)
    expect(await categoryBalance('offtaker_clearing', 'D')).toBe(0)
    expect(await categoryBalance('offtaker_proceeds_due', 'C')).toBe(0)
    await expectReconciled(db)
  })

  it('disburses every approved application exactly once, and nothing else', async () => {
    const approved = await db
      .selectFrom('agriLoanApplications')
      .select(['id', 'loanId'])
      .where('status', '=', 'approved')
      .execute()
    expect(approved).toHaveLength(result.figures.approved)
    const { rows } = await sql<{ applicationId: number; disbursements: number }>`
      SELECT a.id AS application_id, COUNT(e.id) AS disbursements
      FROM agri_loan_applications a
      LEFT JOIN journal_entries e ON e.loan_id = a.loan_id AND e.type = 'agri_disbursement'
      WHERE a.status = 'approved'
      GROUP BY a.id`.execute(db)
    expect(rows.filter((row) => Number(row.disbursements) !== 1)).toEqual([])
    const entries = await db
      .selectFrom('journalEntries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('type', '=', 'agri_disbursement')
      .executeTakeFirstOrThrow()
    expect(Number(entries.n)).toBe(approved.length)
  })

  it('prints figures equal to the ledger’s balances and the tables', async () => {
    const f = result.figures
    // Every close settles the insurers' premiums too; none of the settlements is answered here.
    expect(f.premiumsFen).toBe(
      (await categoryBalance('premium_payable', 'C')) + (await categoryBalance('insurer_settlement', 'C')),
    )
    expect(await categoryBalance('insurer_settlement', 'C')).toBeGreaterThan(0)
    // Every close settles the suppliers' payables; none of the settlements is answered here.
    expect(f.purchasedFen).toBe(
      (await categoryBalance('supplier_payable', 'C')) + (await categoryBalance('supplier_settlement', 'C')),
    )
    expect(await categoryBalance('supplier_settlement', 'C')).toBeGreaterThan(0)
    expect(f.toFarmersFen).toBe(await categoryBalance('farmer_wallet', 'C'))
    // Every delivery was paid for in cash by the season's end: no receivable is left.
    expect(f.offtakerPaidFen).toBe(f.proceedsFen)
    expect(await categoryBalance('offtaker_clearing', 'D')).toBe(0)
    expect(await categoryBalance('offtaker_proceeds_due', 'C')).toBe(0)
    expect(
      (await moved('delivery_proceeds', 'D', ['lender_cash'])) +
        (await moved('recovery', 'D', ['lender_cash'])),
    ).toBe(f.offtakerPaidFen)
    expect(f.interestAccruedFen).toBe(await balance(accounts.interestIncome().code))
    expect(f.penaltyAccruedFen).toBe(await balance(accounts.penaltyIncome().code))
    expect(result.ledger.repaid.deliveries.totalFen).toBe(await moved('delivery_proceeds', 'C', RECEIVABLES))
    expect(result.ledger.repaid.sweep.totalFen).toBe(await moved('restricted_sweep', 'C', RECEIVABLES))
    // Restricted spend by category, from the purchase lines.
    const { rows: lines } = await sql<{ category: string; fen: string | number }>`
      SELECT l.category, SUM(l.unit_price_fen * (l.quantity - l.refunded_quantity)) AS fen
      FROM purchase_lines l JOIN purchases p ON p.id = l.purchase_id WHERE p.status IN ('paid', 'refunded')
      GROUP BY l.category`.execute(db)
    expect(Object.fromEntries(lines.map((row) => [row.category, fenFromDb(row.fen)]))).toEqual(
      f.spendByCategory,
    )
    // Only farm inputs were bought.
    expect(
      Object.keys(f.spendByCategory).every(
        (category) => !['electronics', 'consumer_goods', 'fuel'].includes(category),
      ),
    ).toBe(true)
    // Blocked attempts as officers see them.
    const attempts = await db
      .selectFrom('restrictedWalletAttempts')
      .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('kind')
      .execute()
    const recorded = Object.fromEntries(attempts.map((row) => [row.kind, Number(row.n)]))
    for (const [kind, n] of Object.entries(f.blocked)) expect(recorded[kind] ?? 0, kind).toBe(n)
    // Suppliers tried to cash restricted money out at the point of sale (a television labelled as
    // fertilizer, a urea raised past the tolerance): refused, and recorded as blocked attempts.
    expect(f.blocked.unapproved_product).toBeGreaterThan(0)
    expect(f.blocked.price_above_reference).toBeGreaterThan(0)
    expect(f.unexpected).toEqual({})
    // Real sales rung up by suppliers were paid only when their farmer confirmed them.
    const requests = await db
      .selectFrom('purchaseRequests')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute()
    expect(f.pointOfSalePurchases).toBeGreaterThan(0)
    expect(Object.fromEntries(requests.map((row) => [row.status, Number(row.n)]))).toEqual({
      confirmed: f.pointOfSalePurchases,
    })
    // Side-selling shows as contracts short of their quantity, beside partial and failed harvests.
    expect(f.sideSold).toBe(result.byHarvest.side_sold.farmers)
    expect(f.sideSold).toBeGreaterThan(0)
    const short = await db
      .selectFrom('offtakeContracts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .whereRef('deliveredKg', '<', 'quantityKg')
      .executeTakeFirstOrThrow()
    const { partial, failed, side_sold: sideSold } = result.byHarvest
    expect(Number(short.n)).toBe(partial.farmers + failed.farmers + sideSold.farmers)
    // Each backer's peak exposure (outstanding principal at a close) is within its cap.
    const peaks = result.peakExposureFen
    expect(Object.keys(peaks.offtakers)).toHaveLength(3)
    for (const fen of Object.values(peaks.offtakers))
      expect(fen).toBeLessThanOrEqual(AGRI_POLICY.offtakerExposureFenMax)
    for (const fen of Object.values(peaks.insurers))
      expect(fen).toBeLessThanOrEqual(AGRI_POLICY.insurerExposureFenMax)
    expect(Object.values(peaks.offtakers).reduce((sum, fen) => sum + fen, 0)).toBeGreaterThan(0)
    // The repayment rate from the loans themselves.
    const { rows: rate } = await sql<{ repaid: number; total: number }>`
      SELECT SUM(l.status = 'closed' AND c.id IS NULL) AS repaid, COUNT(*) AS total
      FROM loans l LEFT JOIN guarantee_claims c ON c.loan_id = l.id WHERE l.product = 'agri'`.execute(db)
    expect(result.loans.repaidWithoutClaim).toBe(Number(rate[0]!.repaid))
    expect(result.repaymentRateBps).toBe(
      Math.round((Number(rate[0]!.repaid) * 10_000) / Number(rate[0]!.total)),
    )
  })
})

async function balance(code: string): Promise<number> {
  return (await accountBalance(db, code)).balanceFen
}
