/**
 * A season of merchant lending, simulated end to end against its own MySQL database: a synthetic
 * population (src/credit/merchant-population.ts) with a sales history before the start date, so lines
 * exist on day 0, and sales continuing through the simulated days. Every simulated business date:
 *
 * 1. morning — a few "prepaying" merchants sweep their wallet into their open loan
 *    ({@link repayFromWallet}); some merchants without an open loan look at their offer (the line of
 *    {@link currentCreditLine}, less what they owe, priced by {@link offerOptions}, as `GET /offer`
 *    does) and, when eligible, apply for a share of the available line on one of the offered
 *    options: {@link decideApplication} then {@link disburseLoan}, the functions the origination
 *    workflow's activities call, in-process. Then every merchant pays out its whole wallet (the loan
 *    just received included) with the payout route's function (see {@link payOut}): nothing is kept
 *    back, so collection lives on the day's settlement;
 * 2. day — the platform sends each merchant's sales of the date ({@link upsertSales}, the intake code);
 * 3. close of business — settlement batches, servicing batches, the farm loans' milestones (none
 *    here), then the date is closed: the close-of-business workflow's steps over its activities
 *    ({@link closeOfBusinessInProcess}, shared with the season simulation).
 *
 * The point is the money model, not Temporal: no workflow runs here (the workflows only sequence these
 * functions, and their retries and crash behaviour are tested elsewhere).
 *
 * Defaults: the population's latent model draws `defaulted` (12-month PD) before any sales; such a
 * merchant is given a default day, uniform over a year from the start date (its own seeded draw). From
 * that day it sells nothing more, applies for nothing, and its wallet is empty (paid out, as every
 * morning): its loan goes unpaid, ages and is written off at the servicing policy's days past due.
 * Churn and sales shocks of the population model happen as they fall in the window.
 *
 * Money: payouts credit the lender's cash ({@link payOutMerchant}) while settlements debit the platform's
 * clearing account, and this system has no flow for the platform remitting what it collected. So the
 * simulation opens the lender with capital enough for every payout and loan (twice the population's
 * net sales of the simulated window plus 100 million yuan): one `capital_contribution` entry, the only
 * entry posted here directly.
 * @module
 */
import { sql } from 'kysely'
import { AdminKey, createPrincipal } from '../../src/access/principal-service.js'
import { CREDIT_POLICY } from '../../src/credit/credit-policy.js'
import { currentCreditLine } from '../../src/credit/credit-line-service.js'
import { generatePopulation, type SyntheticMerchant } from '../../src/credit/merchant-population.js'
import { offerOptions } from '../../src/credit/offer.js'
import { loadPopulation } from '../../src/credit/population-loader.js'
import { createRandom, deriveSeed, type Random } from '../../src/credit/random.js'
import type { Db } from '../../src/db/database.js'
import { createApp } from '../../src/http/app.js'
import { addDays, isoDate, type IsoDate } from '../../src/kernel/business-date.js'
import { fenFromDb, FEN_MAX } from '../../src/kernel/money.js'
import { accounts } from '../../src/ledger/chart-of-accounts.js'
import {
  categoryTotals,
  LOAN_RECEIVABLE_CATEGORIES,
  loanAccountSql,
  positiveAvailableBalances,
  postingTotals,
} from '../../src/ledger/ledger-repository.js'
import { verifyLedger, type VerifyResult } from '../../src/ledger/ledger-verifier.js'
import { createLogger } from '../../src/log.js'
import {
  decideApplication,
  disburseLoan,
  outstandingPrincipalFen,
} from '../../src/merchant-loans/origination-service.js'
import { payOutMerchant } from '../../src/merchants/merchant-payouts.js'
import { upsertSales } from '../../src/merchants/sales-intake.js'
import { repayFromWallet } from '../../src/servicing/servicing-service.js'
import type { Services } from '../../src/services.js'
import { Client } from '@temporalio/client'
import {
  checkSimulationDatabaseUrl,
  closeOfBusinessInProcess,
  forEachConcurrent,
  openSimulationDatabase,
  stepClock,
} from './simulation-support.js'

export const SIMULATION_DATABASE_URL = 'mysql://root@127.0.0.1:3306/microloan_sim'
export const SIMULATION_START_DATE = '2026-01-01'
/** Days of sales loaded before the start date: the scorecard's features look back 180 days. */
export const HISTORY_DAYS = 180
/** A merchant without an open loan looks at its offer and applies with this probability per day. */
export const APPLY_PROBABILITY_PER_DAY = 0.02
/** After a decline or a look at an offer with nothing to take, a merchant waits this long. */
export const COOLDOWN_DAYS = 30
/** The share of merchants that sweep their wallet into their open loan every morning. */
export const PREPAYER_SHARE = 0.03
/** Merchants handled at once in the simulation's own steps (intake, applications, payouts). */
const CONCURRENCY = 8
const LENDING_CAPITAL_FEN = 10_000_000_000
const DAYS_PER_YEAR = 365
/** Seeds of the simulation's own draws, apart from the population's. */
const BEHAVIOUR_STREAM = 0x51_4d_00_01
const DEFAULT_DAY_STREAM = 0x51_4d_00_02

export type SimulationOptions = {
  merchants: number
  days: number
  seed?: number
  databaseUrl?: string
  startDate?: string
  applyProbabilityPerDay?: number
  /** How merchants pay out (see {@link payOut}): the route's function (default) or the route itself. */
  payoutsVia?: 'entry' | 'route'
  /** Progress lines (every 30 simulated days). */
  log?: (line: string) => void
}

export type SimulationFigures = {
  applications: number
  approved: number
  declined: number
  /** Refused before a decision (amount or option not offered): should stay 0. */
  refused: number
  /** Looks at an offer that had nothing to take (ineligible or no line left). */
  offersWithoutLine: number
  declineReasons: Record<string, number>
  loansDisbursed: number
  disbursedFen: number
  /** Every repayment into the loans (close-of-business collection and early repayments). */
  collectedFen: number
  earlyRepayments: number
  earlyRepaidFen: number
  interestEarnedFen: number
  penaltyIncomeFen: number
  feesFen: number
  lossesWrittenOffFen: number
  loansWrittenOff: number
  settledFen: number
  paidOutFen: number
  payouts: number
  salesRows: number
  merchantsDefaulted: number
}

/** What the ledger holds at the end, read back from account balances and postings. */
export type LedgerFigures = {
  disbursedFen: number
  collectedFen: number
  collectedPrincipalFen: number
  interestEarnedFen: number
  penaltyIncomeFen: number
  feesFen: number
  lossesWrittenOffFen: number
  principalWrittenOffFen: number
  outstandingPrincipalFen: number
  par30PrincipalFen: number
  par30Bps: number
}

export type SimulationResult = {
  merchants: number
  days: number
  seed: number
  databaseUrl: string
  fromDate: IsoDate
  toDate: IsoDate
  figures: SimulationFigures
  ledger: LedgerFigures
  loans: { active: number; closed: number; writtenOff: number }
  /** Names of the figures that differ from the ledger's (empty when everything reconciles). */
  mismatches: string[]
  verify: VerifyResult
  wallMs: number
  simulatedMs: number
  daysPerSecond: number
  phaseMs: Record<Phase, number>
}

const PHASES = [
  'setup',
  'prepay',
  'apply',
  'payout',
  'sales',
  'settle',
  'service',
  'milestones',
  'close',
  'verify',
] as const
type Phase = (typeof PHASES)[number]

type SimMerchant = {
  merchantId: number
  key: string
  synthetic: SyntheticMerchant
  /** The simulated day from which it defaults (sells nothing, borrows nothing), or null. */
  defaultDay: number | null
  prepayer: boolean
  salesByDate: Map<string, { grossFen: number; refundFen: number; orderCount: number }>
  openLoanId: number | null
  cooldownUntilDay: number
}

export async function runMerchantSimulation(options: SimulationOptions): Promise<SimulationResult> {
  const startedAt = performance.now()
  const seed = options.seed ?? 20_260_101
  const days = options.days
  const databaseUrl = options.databaseUrl ?? SIMULATION_DATABASE_URL
  const applyProbability = options.applyProbabilityPerDay ?? APPLY_PROBABILITY_PER_DAY
  const log = options.log ?? (() => {})
  if (!Number.isInteger(options.merchants) || options.merchants < 1) throw new Error('merchants must be ≥ 1')
  if (!Number.isInteger(days) || days < 1 || days > 3_000) throw new Error('days must be in 1..3000')
  checkSimulationDatabaseUrl(databaseUrl)
  const fromDate = isoDate(options.startDate ?? SIMULATION_START_DATE)
  const toDate = addDays(fromDate, days - 1)
  const { ms: phaseMs, timed } = stepClock(PHASES)

  const services = await openSimulationDatabase(databaseUrl, fromDate)
  try {
    const { db } = services
    const figures = emptyFigures()
    const merchants = await timed('setup', () =>
      setUp(services, { seed, merchantCount: options.merchants, days, fromDate, toDate, figures }),
    )
    log(`loaded ${merchants.length} merchants with ${HISTORY_DAYS} days of history before ${fromDate}`)
    const payoutsVia =
      options.payoutsVia === 'route'
        ? {
            kind: 'route' as const,
            // The payout route, served in-process: it never reaches Temporal (a lazy client, unused).
            app: createApp({
              ...services,
              temporal: new Client(),
              taskQueue: 'simulation-unused',
              log: createLogger('silent'),
              adminKey: new AdminKey(`adm_simulation_unused_${Date.now()}_${seed}`),
            }),
          }
        : { kind: 'entry' as const }
    const behaviour = createRandom(deriveSeed(seed, BEHAVIOUR_STREAM))
    const simulatedAt = performance.now()

    for (let day = 0; day < days; day++) {
      const date = addDays(fromDate, day)
      await timed('prepay', () => refreshOpenLoans(db, merchants))
      await timed('prepay', () => prepay(services, merchants, date, figures))
      await timed('apply', () =>
        apply(services, merchants, { day, date, seed, random: behaviour, applyProbability, figures }),
      )
      await timed('payout', () => payOut(services, payoutsVia, merchants, date, figures))
      await timed('sales', () => sendSales(db, merchants, day, date, figures))
      const closed = await closeOfBusinessInProcess(
        services,
        { businessDate: date, closedBy: `simulation ${seed}` },
        timed,
      )
      figures.settledFen += closed.summary.settledFen
      figures.collectedFen += closed.summary.collectedFen
      figures.interestEarnedFen += closed.summary.accruedInterestFen
      figures.penaltyIncomeFen += closed.summary.accruedPenaltyFen
      figures.loansWrittenOff += closed.summary.writtenOff
      figures.lossesWrittenOffFen += closed.summary.writtenOffFen
      if ((day + 1) % 30 === 0 || day + 1 === days) {
        const elapsed = (performance.now() - simulatedAt) / 1000
        log(
          `day ${day + 1}/${days} (${date}): ${figures.loansDisbursed} loans disbursed, ` +
            `${figures.loansWrittenOff} written off; ${elapsed.toFixed(1)} s`,
        )
      }
    }
    const simulatedMs = performance.now() - simulatedAt
    const ledgerFigures = await readLedgerFigures(db)
    const loans = await loanCounts(db)
    const verify = await timed('verify', () => verifyLedger(db))
    const wallMs = performance.now() - startedAt
    return {
      merchants: merchants.length,
      days,
      seed,
      databaseUrl,
      fromDate,
      toDate,
      figures,
      ledger: ledgerFigures,
      loans,
      mismatches: reconcile(figures, ledgerFigures, loans),
      verify,
      wallMs,
      simulatedMs,
      daysPerSecond: days / (simulatedMs / 1000),
      phaseMs,
    }
  } finally {
    await services.close()
  }
}

function emptyFigures(): SimulationFigures {
  return {
    applications: 0,
    approved: 0,
    declined: 0,
    refused: 0,
    offersWithoutLine: 0,
    declineReasons: {},
    loansDisbursed: 0,
    disbursedFen: 0,
    collectedFen: 0,
    earlyRepayments: 0,
    earlyRepaidFen: 0,
    interestEarnedFen: 0,
    penaltyIncomeFen: 0,
    feesFen: 0,
    lossesWrittenOffFen: 0,
    loansWrittenOff: 0,
    settledFen: 0,
    paidOutFen: 0,
    payouts: 0,
    salesRows: 0,
    merchantsDefaulted: 0,
  }
}

/**
 * The population (history and the simulated window from one generation, ending on the last
 * simulated day), its history loaded in bulk, one merchant key each, and the lender's capital.
 */
async function setUp(
  services: Services,
  input: {
    seed: number
    merchantCount: number
    days: number
    fromDate: IsoDate
    toDate: IsoDate
    figures: SimulationFigures
  },
): Promise<SimMerchant[]> {
  const { db, ledger } = services
  const population = generatePopulation({
    seed: input.seed,
    merchantCount: input.merchantCount,
    days: HISTORY_DAYS + input.days,
    endDate: input.toDate,
  })
  const ids = await loadPopulation(
    services,
    population.map((merchant) => ({
      ...merchant,
      dailySales: merchant.dailySales.filter((row) => row.date < input.fromDate),
    })),
  )
  let windowNetFen = 0
  const merchants: SimMerchant[] = []
  for (const synthetic of population) {
    const merchantId = ids.get(synthetic.externalRef)!
    const own = createRandom(deriveSeed(deriveSeed(input.seed, DEFAULT_DAY_STREAM), synthetic.index))
    const defaultDay = synthetic.defaulted ? own.int(0, DAYS_PER_YEAR - 1) : null
    const prepayer = own.bernoulli(PREPAYER_SHARE)
    const salesByDate = new Map<string, { grossFen: number; refundFen: number; orderCount: number }>()
    for (const row of synthetic.dailySales) {
      if (row.date < input.fromDate) continue
      salesByDate.set(row.date, {
        grossFen: row.grossFen,
        refundFen: row.refundFen,
        orderCount: row.orderCount,
      })
      windowNetFen += Math.max(0, row.grossFen - row.refundFen)
    }
    if (defaultDay !== null && defaultDay < input.days) input.figures.merchantsDefaulted += 1
    const { apiKey } = await createPrincipal(db, { role: 'merchant', subjectId: merchantId })
    merchants.push({
      merchantId,
      key: apiKey,
      synthetic,
      defaultDay,
      prepayer,
      salesByDate,
      openLoanId: null,
      cooldownUntilDay: 0,
    })
  }
  await ledger.openAccounts([
    accounts.lenderCash(),
    accounts.lenderEquity(),
    accounts.platformClearing(),
    accounts.creditLoss(),
    accounts.interestIncome(),
    accounts.feeIncome(),
    accounts.penaltyIncome(),
  ])
  await ledger.post({
    idempotencyKey: 'simulation:opening-capital',
    type: 'capital_contribution',
    businessDate: input.fromDate,
    description: 'opening capital (simulation): every payout and loan is paid from lender cash',
    postings: [
      { accountCode: accounts.lenderCash().code, side: 'D', amountFen: capitalFen(windowNetFen) },
      { accountCode: accounts.lenderEquity().code, side: 'C', amountFen: capitalFen(windowNetFen) },
    ],
  })
  return merchants
}

function capitalFen(windowNetFen: number): number {
  return Math.min(FEN_MAX, 2 * windowNetFen + LENDING_CAPITAL_FEN)
}

function isGone(merchant: SimMerchant, day: number): boolean {
  return merchant.defaultDay !== null && day >= merchant.defaultDay
}

/** Forgets loans that close of business has closed or written off. */
async function refreshOpenLoans(db: Db, merchants: SimMerchant[]): Promise<void> {
  const open = merchants.filter((merchant) => merchant.openLoanId !== null)
  if (open.length === 0) return
  const rows = await db
    .selectFrom('loans')
    .select(['id', 'status'])
    .where(
      'id',
      'in',
      open.map((merchant) => merchant.openLoanId!),
    )
    .execute()
  const status = new Map(rows.map((row) => [Number(row.id), row.status]))
  for (const merchant of open) {
    const now = status.get(merchant.openLoanId!)
    if (now !== 'active' && now !== 'booked') merchant.openLoanId = null
  }
}

/** Available wallet balances of every merchant with something in it. */
async function walletBalances(db: Db): Promise<Map<number, number>> {
  const balances = new Map<number, number>()
  for (const wallet of await positiveAvailableBalances(db, 'merchant_wallet')) {
    balances.set(Number(wallet.code.split(':')[1]), wallet.availableFen)
  }
  return balances
}

/** Prepaying merchants put everything in their wallet into their open loan (partial or full payoff). */
async function prepay(
  services: Services,
  merchants: SimMerchant[],
  date: IsoDate,
  figures: SimulationFigures,
): Promise<void> {
  const payers = merchants.filter((merchant) => merchant.prepayer && merchant.openLoanId !== null)
  if (payers.length === 0) return
  const balances = await walletBalances(services.db)
  await forEachConcurrent(payers, CONCURRENCY, async (merchant) => {
    const amountFen = balances.get(merchant.merchantId) ?? 0
    if (amountFen <= 0) return
    const loanId = merchant.openLoanId!
    const { allocation, outstanding } = await repayFromWallet(services, {
      loanId,
      amountFen,
      idempotencyKey: `sim-prepay:${loanId}:${date}`,
    })
    const paidFen = amountFen - allocation.leftoverFen
    if (paidFen > 0) {
      figures.earlyRepayments += 1
      figures.earlyRepaidFen += paidFen
      figures.collectedFen += paidFen
    }
    if (outstanding.totalFen === 0) merchant.openLoanId = null
  })
}

/** Some merchants without a loan look at their offer; the eligible ones apply and are paid at once. */
async function apply(
  services: Services,
  merchants: SimMerchant[],
  input: {
    day: number
    date: IsoDate
    seed: number
    random: Random
    applyProbability: number
    figures: SimulationFigures
  },
): Promise<void> {
  const { day, date, random, figures } = input
  // One draw per merchant and day, in id order, whatever happens: the run is reproducible.
  const applicants: Array<{ merchant: SimMerchant; share: number; optionDraw: number }> = []
  for (const merchant of merchants) {
    const looks = random.uniform() < input.applyProbability
    const share = 0.2 + 0.8 * random.uniform()
    const optionDraw = random.uniform()
    if (!looks || isGone(merchant, day) || merchant.openLoanId !== null || day < merchant.cooldownUntilDay)
      continue
    applicants.push({ merchant, share, optionDraw })
  }
  await forEachConcurrent(applicants, CONCURRENCY, async ({ merchant, share, optionDraw }) => {
    const { merchantId } = merchant
    const line = await currentCreditLine(services.db, services.scorecard, merchantId)
    const availableFen = line.creditLimitFen - (await outstandingPrincipalFen(services.db, merchantId))
    if (!line.eligible || !line.scoreBand || availableFen < CREDIT_POLICY.creditLimitFenMin) {
      figures.offersWithoutLine += 1
      merchant.cooldownUntilDay = day + COOLDOWN_DAYS
      return
    }
    // A round number of yuan, as a person picks it, within the line.
    const amountFen = Math.max(
      CREDIT_POLICY.creditLimitFenMin,
      Math.floor((availableFen * share) / 100) * 100,
    )
    const options = offerOptions(line.scoreBand, amountFen, date)
    const option = options[Math.min(options.length - 1, Math.floor(optionDraw * options.length))]!
    figures.applications += 1
    const outcome = await decideApplication(services, {
      workflowId: `sim/${input.seed}/${merchantId}/${date}`,
      merchantId,
      amountFen,
      termDays: option.termDays,
      repaymentMethod: option.repaymentMethod,
      ...(option.repaymentMethod === 'installment' ? { frequency: option.frequency } : {}),
    })
    if (outcome.kind === 'refused') {
      figures.refused += 1
      merchant.cooldownUntilDay = day + COOLDOWN_DAYS
      return
    }
    if (outcome.kind === 'declined') {
      figures.declined += 1
      for (const reason of outcome.reasons) {
        figures.declineReasons[reason.code] = (figures.declineReasons[reason.code] ?? 0) + 1
      }
      merchant.cooldownUntilDay = day + COOLDOWN_DAYS
      return
    }
    figures.approved += 1
    await disburseLoan(services, outcome.loanId)
    const loan = await services.db
      .selectFrom('loans')
      .select(['principalFen', 'feeFen'])
      .where('id', '=', outcome.loanId)
      .executeTakeFirstOrThrow()
    figures.loansDisbursed += 1
    figures.disbursedFen += loan.principalFen
    figures.feesFen += loan.feeFen ?? 0
    merchant.openLoanId = outcome.loanId
  })
}

type App = ReturnType<typeof createApp>

/**
 * Every merchant takes its whole wallet out. By default with {@link payOutMerchant}, the function the
 * payout route (`POST /v1/merchants/{id}/payouts`) calls; `payoutsVia: 'route'` calls the route
 * itself in-process instead, with the merchant's own key and a fresh Idempotency-Key, at about ten
 * times the cost per payout (key lookup, idempotency rows and their commits).
 */
async function payOut(
  services: Services,
  via: { kind: 'entry' } | { kind: 'route'; app: App },
  merchants: SimMerchant[],
  date: IsoDate,
  figures: SimulationFigures,
): Promise<void> {
  const balances = await walletBalances(services.db)
  const payees = merchants.filter((merchant) => (balances.get(merchant.merchantId) ?? 0) > 0)
  await forEachConcurrent(payees, CONCURRENCY, async (merchant) => {
    const amountFen = balances.get(merchant.merchantId)!
    if (via.kind === 'route') {
      const response = await via.app.request(`/v1/merchants/${merchant.merchantId}/payouts`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${merchant.key}`,
          'Content-Type': 'application/json',
          'Idempotency-Key': `sim-payout-${date}`,
        },
        body: JSON.stringify({ amountFen }),
      })
      if (response.status !== 201) {
        throw new Error(
          `payout of ${amountFen} fen for merchant ${merchant.merchantId} on ${date}: ${response.status} ${await response.text()}`,
        )
      }
    } else {
      await payOutMerchant(services, {
        merchantId: merchant.merchantId,
        amountFen,
        idempotencyKey: `payout:sim:${merchant.merchantId}:${date}`,
      })
    }
    figures.payouts += 1
    figures.paidOutFen += amountFen
  })
}

/** The platform sends the day's sales of every merchant still trading (a merchant gone sends none). */
async function sendSales(
  db: Db,
  merchants: SimMerchant[],
  day: number,
  date: IsoDate,
  figures: SimulationFigures,
): Promise<void> {
  const sellers = merchants.filter((merchant) => !isGone(merchant, day) && merchant.salesByDate.has(date))
  await forEachConcurrent(sellers, CONCURRENCY, async (merchant) => {
    const sales = merchant.salesByDate.get(date)!
    await upsertSales(db, merchant.merchantId, { date, ...sales })
    figures.salesRows += 1
  })
}

async function readLedgerFigures(db: Db): Promise<LedgerFigures> {
  const byCategory = await categoryTotals(db)
  const category = (name: string) => {
    const totals = byCategory.get(name)
    return { d: totals?.debitsFen ?? 0, c: totals?.creditsFen ?? 0 }
  }
  const byType = await postingTotals(db, { categories: LOAN_RECEIVABLE_CATEGORIES })
  const moved = (type: string, side: 'D' | 'C', categories: string[]) =>
    byType
      .filter((row) => row.entryType === type && row.side === side && categories.includes(row.category))
      .reduce((sum, row) => sum + row.amountFen, 0)
  const receivables = ['loan_principal', 'loan_interest', 'loan_fees', 'loan_penalty']
  const principal = loanAccountSql('a', sql.ref('l.id'), 'loan_principal')
  const { rows: par } = await sql<{ outstanding: string | number | null; late: string | number | null }>`
    SELECT SUM(${principal.balanceFen}) AS outstanding,
           SUM(CASE WHEN l.days_past_due >= 31 THEN ${principal.balanceFen} ELSE 0 END) AS late
    FROM loans l JOIN ${principal.join}
    WHERE l.product = 'merchant' AND l.status = 'active'`.execute(db)
  const outstandingPrincipalFen = fenFromDb(par[0]?.outstanding ?? 0)
  const par30PrincipalFen = fenFromDb(par[0]?.late ?? 0)
  const interest = category('interest_income')
  const penalty = category('penalty_income')
  const fees = category('fee_income')
  const loss = category('credit_loss')
  return {
    disbursedFen: moved('merchant_disbursement', 'D', ['loan_principal']),
    collectedFen: moved('repayment', 'C', receivables),
    collectedPrincipalFen: moved('repayment', 'C', ['loan_principal']),
    interestEarnedFen: interest.c - interest.d,
    penaltyIncomeFen: penalty.c - penalty.d,
    feesFen: fees.c - fees.d,
    lossesWrittenOffFen: loss.d - loss.c,
    principalWrittenOffFen: moved('write_off', 'C', ['loan_principal']),
    outstandingPrincipalFen,
    par30PrincipalFen,
    par30Bps:
      outstandingPrincipalFen === 0 ? 0 : Math.round((par30PrincipalFen * 10_000) / outstandingPrincipalFen),
  }
}

async function loanCounts(db: Db): Promise<SimulationResult['loans']> {
  const rows = await db
    .selectFrom('loans')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('product', '=', 'merchant')
    .groupBy('status')
    .execute()
  const count = (status: string) => Number(rows.find((row) => row.status === status)?.n ?? 0)
  return { active: count('active'), closed: count('closed'), writtenOff: count('written_off') }
}

/** The figures the run counted from what each function reported, against what the ledger holds. */
function reconcile(
  figures: SimulationFigures,
  ledger: LedgerFigures,
  loans: SimulationResult['loans'],
): string[] {
  const pairs: Array<[string, number, number]> = [
    ['disbursedFen', figures.disbursedFen, ledger.disbursedFen],
    ['collectedFen', figures.collectedFen, ledger.collectedFen],
    ['interestEarnedFen', figures.interestEarnedFen, ledger.interestEarnedFen],
    ['penaltyIncomeFen', figures.penaltyIncomeFen, ledger.penaltyIncomeFen],
    ['feesFen', figures.feesFen, ledger.feesFen],
    ['lossesWrittenOffFen', figures.lossesWrittenOffFen, ledger.lossesWrittenOffFen],
    ['loansWrittenOff', figures.loansWrittenOff, loans.writtenOff],
    ['loansDisbursed', figures.loansDisbursed, loans.active + loans.closed + loans.writtenOff],
    [
      'principal identity (disbursed − collected = outstanding + written off)',
      ledger.disbursedFen - ledger.collectedPrincipalFen,
      ledger.outstandingPrincipalFen + ledger.principalWrittenOffFen,
    ],
  ]
  return pairs
    .filter(([, counted, held]) => counted !== held)
    .map(([name, counted, held]) => `${name}: ${counted} ≠ ${held}`)
}
