/**
 * A growing season of the agricultural closed loop, simulated end to end against its own MySQL
 * database (dropped and recreated; never `microloan`).
 *
 * Set-up: a few approved suppliers and one that is not, each with a catalog across the farm-input
 * categories and some goods that are not farm inputs; offtakers; insurers; then per farmer an offtake
 * contract (a crop of {@link AGRI_POLICY}`.categoriesByCrop`, or tea, which the policy does not list
 * and so may buy every farm input), a guarantee policy (coverage 60–90%, a premium on most) and a
 * seeded plan: the day it applies (the first week), a loan of 40–70% of the contract's value, its
 * purchases over the first six weeks (with ~5% attempts to buy goods that are not eligible, ~1% at
 * the supplier that is not approved and ~2% attempts to withdraw or transfer), and its harvest:
 * good (~80%: delivers 100–110% of the contract), partial (~15%: 30–90%) or failed (~5%: nothing),
 * delivered in lots within the contract's delivery window. A twentieth of the good harvests are
 * side-sold: the farmer sells most of the crop elsewhere and delivers only 10–50% of the contract.
 * Suppliers try to cash restricted money out: each lists a television labelled as fertilizer (an
 * officer rejects it) and raises a bulk urea past the price tolerance (back to review), and rings
 * them up for farmers (~2% and ~2% per planned purchase); about a quarter of the real purchases are
 * rung up by the supplier at the point of sale and confirmed by the farmer. Those draws come from a
 * stream of their own, so the rest of a seed's plan is as it was.
 *
 * Every simulated business date:
 * 1. morning — the insurers accept every open claim ({@link decideClaim}) and pay it ({@link payClaim}); farmers due to apply do
 *    ({@link decideAgriApplication}, then {@link disburseAgriLoan}: the farm-loan workflow's two
 *    activities); farmers buy ({@link purchase}), try what the wallet refuses ({@link purchase} at a
 *    supplier that is not approved or of goods that are not eligible, {@link refuseWithdrawal}: the
 *    real functions, which record the attempts), and offtakers record deliveries
 *    ({@link recordDelivery});
 * 2. close of business — {@link closeOfBusinessInProcess}: settlement and servicing batches (nightly
 *    interest on farm loans), the farm loans' milestones (the sweep when a delivery window closes,
 *    default and a claim after the grace period), and the date is closed: the close-of-business
 *    workflow's steps over its activities.
 *
 * It runs until every loan is closed or written off (a paid claim writes off what it does not
 * cover). These are the functions the HTTP routes and the workflows' activities call, in-process:
 * no Temporal runs here (the workflows only sequence these functions and wake the farm loan's
 * workflow, whose retries and crash behaviour are tested elsewhere), and no HTTP (auth, validation
 * and idempotency rows are the routes' own).
 * @module
 */
import { sql } from 'kysely'
import { decideAgriApplication, disburseAgriLoan } from '../../src/agri/agri-origination.js'
import { AGRI_POLICY, eligibleCategories, FARM_INPUT_CATEGORIES } from '../../src/agri/agri-policy.js'
import { recordDelivery } from '../../src/agri/agri-servicing.js'
import { claimPayableFen, decideClaim, payClaim } from '../../src/agri/claims.js'
import { recordOfftakerPayment } from '../../src/agri/offtaker-payments.js'
import { createContract, createPolicy, requestGuarantee } from '../../src/agri/contracts.js'
import { createParty, reviewProduct, upsertProduct } from '../../src/agri/parties.js'
import { purchase, refuseWithdrawal, type AttemptKind } from '../../src/agri/restricted-wallet.js'
import { confirmPurchaseRequest, createPurchaseRequest } from '../../src/agri/purchase-requests.js'
import { PurchaseCodeSecret } from '../../src/agri/purchase-request-code.js'
import { createRandom, deriveSeed, type Random } from '../../src/credit/random.js'
import type { Db } from '../../src/db/database.js'
import { addDays, daysBetween, isoDate, type IsoDate } from '../../src/kernel/business-date.js'
import { Refusal } from '../../src/kernel/errors.js'
import { allocate, capBps, fenFromDb, mulBps } from '../../src/kernel/money.js'
import { categoryTotals, loanAccountSql, postingTotals } from '../../src/ledger/ledger-repository.js'
import { verifyLedger, type VerifyResult } from '../../src/ledger/ledger-verifier.js'
import type { Services } from '../../src/services.js'
import {
  checkSimulationDatabaseUrl,
  closeOfBusinessInProcess,
  forEachConcurrent,
  openSimulationDatabase,
  stepClock,
} from './simulation-support.js'

export const SEASON_DATABASE_URL = 'mysql://root@127.0.0.1:3306/microloan_season'
export const SEASON_START_DATE = '2026-03-01'
/** Farmers apply on one of the first days. */
export const APPLICATION_DAYS = 7
/** Purchases fall within this many days of the loan. */
export const PURCHASE_DAYS = 42
/** The delivery window opens this many days (plus up to {@link WINDOW_OPENS_SPREAD_DAYS}) into the season. */
export const GROWING_DAYS = 90
export const WINDOW_OPENS_SPREAD_DAYS = 30
export const DELIVERY_WINDOW_DAYS = 30
export const HARVEST_SHARES = { good: 0.8, partial: 0.15, failed: 0.05 } as const
/** Per planned purchase, the chance of an extra attempt of each kind that the wallet refuses. */
export const INELIGIBLE_ATTEMPT_SHARE = 0.05
export const UNAPPROVED_ATTEMPT_SHARE = 0.01
export const WITHDRAWAL_ATTEMPT_SHARE = 0.02
/** Per planned purchase, the chance its supplier also rings up a mislabelled, or an overpriced, product. */
export const MISLABELLED_ATTEMPT_SHARE = 0.02
export const OVERPRICED_ATTEMPT_SHARE = 0.02
/** Planned purchases rung up by the supplier and confirmed by the farmer, not bought by the farmer. */
export const POINT_OF_SALE_SHARE = 0.25
/** Good harvests of which the farmer sells most elsewhere. */
export const SIDE_SELL_SHARE = 0.05
/** Farmers handled at once in each step of a day. */
const CONCURRENCY = 8
const APPROVED_SUPPLIERS = 4
/**
 * Offtakers and insurers, at least 3 of each, and enough that the book fits their exposure caps
 * (`AGRI_POLICY`: ¥20 million an offtaker, ¥50 million an insurer, against loans of about ¥50,000):
 * with 3 offtakers a 10,000-farmer season approved only the 1,268 loans their caps allowed.
 */
const FARMERS_PER_OFFTAKER = 250
const FARMERS_PER_INSURER = 600
const offtakerCount = (farmers: number) => Math.max(3, Math.ceil(farmers / FARMERS_PER_OFFTAKER))
const insurerCount = (farmers: number) => Math.max(3, Math.ceil(farmers / FARMERS_PER_INSURER))
const PLAN_STREAM = 0x5e_a5_00_01
const RUN_STREAM = 0x5e_a5_00_02
const CHEAT_STREAM = 0x5e_a5_00_03
/**
 * How each offtaker pays (by its number): on the due date; late and in parts (half 10 days after the
 * due date, the rest 25 days after); or not at all for every other delivery until 150 days after the
 * due date (the farmer's loan defaults, its claim is decided, and the cash that comes at last is a
 * recovery). And how each insurer decides a claim: in full; in part (75 %); or by rejecting every
 * other claim.
 */
export const OFFTAKER_BEHAVIOURS = ['on_time', 'late_in_parts', 'fails_some'] as const
export type OfftakerBehaviour = (typeof OFFTAKER_BEHAVIOURS)[number]
export const INSURER_BEHAVIOURS = ['accepts', 'accepts_part', 'rejects_some'] as const
export type InsurerBehaviour = (typeof INSURER_BEHAVIOURS)[number]
const LATE_PART_DAYS = 10
const LATE_REST_DAYS = 25
const FAILED_PAYS_AFTER_DAYS = 150
const PART_ACCEPTED_BPS = 7_500
/** The point of sale's code secret for the run (codes live only as long as the process). */
const POINT_OF_SALE_SECRET = PurchaseCodeSecret.random()
/** What each approved supplier lists to cash restricted money out: never in a farmer's basket. */
const MISLABELLED = {
  sku: 'tv-as-fertilizer',
  labelled: 'fertilizer',
  truly: 'electronics',
  priceFen: 299_900,
}
const OVERPRICED = { sku: 'urea-bulk', category: 'fertilizer', priceFen: 15_000, raisedToFen: 19_900 }

/** Crops, their contract price and the quantity a farm contracts (kg), and how common they are. */
export const CROPS = [
  { crop: 'rice', weight: 25, priceFenPerKg: 280, minKg: 10_000, maxKg: 40_000 },
  { crop: 'wheat', weight: 20, priceFenPerKg: 250, minKg: 10_000, maxKg: 40_000 },
  { crop: 'corn', weight: 20, priceFenPerKg: 220, minKg: 10_000, maxKg: 50_000 },
  { crop: 'hogs', weight: 15, priceFenPerKg: 1_600, minKg: 3_000, maxKg: 12_000 },
  { crop: 'dairy', weight: 10, priceFenPerKg: 400, minKg: 20_000, maxKg: 60_000 },
  // Not in the policy's list: may buy every farm input.
  { crop: 'tea', weight: 10, priceFenPerKg: 6_000, minKg: 500, maxKg: 2_000 },
] as const

/** Every supplier's catalog (each prices it ±10%); the last four are not farm inputs. */
export const CATALOG = [
  { sku: 'rice-seed', category: 'seed', priceFen: 12_000 },
  { sku: 'wheat-seed', category: 'seed', priceFen: 9_000 },
  { sku: 'corn-seed', category: 'seed', priceFen: 15_000 },
  { sku: 'tea-seedlings', category: 'seed', priceFen: 20_000 },
  { sku: 'urea', category: 'fertilizer', priceFen: 15_000 },
  { sku: 'npk-compound', category: 'fertilizer', priceFen: 22_000 },
  { sku: 'herbicide', category: 'pesticide', priceFen: 8_000 },
  { sku: 'fungicide', category: 'pesticide', priceFen: 11_000 },
  { sku: 'pig-feed', category: 'feed', priceFen: 16_000 },
  { sku: 'cattle-feed', category: 'feed', priceFen: 14_000 },
  { sku: 'vaccine-pack', category: 'veterinary', priceFen: 5_000 },
  { sku: 'vet-visit', category: 'veterinary', priceFen: 30_000 },
  { sku: 'drip-tape', category: 'irrigation', priceFen: 25_000 },
  { sku: 'pump-service', category: 'irrigation', priceFen: 40_000 },
  { sku: 'tractor-day', category: 'equipment_rental', priceFen: 60_000 },
  { sku: 'phone', category: 'electronics', priceFen: 199_900 },
  { sku: 'television', category: 'electronics', priceFen: 299_900 },
  { sku: 'rice-cooker', category: 'consumer_goods', priceFen: 39_900 },
  { sku: 'diesel-20l', category: 'fuel', priceFen: 16_000 },
] as const

export type Harvest = 'good' | 'partial' | 'failed' | 'side_sold'
export const HARVESTS = ['good', 'partial', 'failed', 'side_sold'] as const satisfies readonly Harvest[]
type ActionKind =
  | 'purchase'
  | 'point_of_sale'
  | 'ineligible'
  | 'unapproved'
  | 'withdrawal'
  | 'transfer'
  | 'mislabelled'
  | 'overpriced'

export type SeasonOptions = {
  farmers: number
  seed?: number
  databaseUrl?: string
  startDate?: string
  /** Stop with an error if loans are still open after this many days (default 400). */
  maxDays?: number
  /** Progress lines (every 30 simulated days). */
  log?: (line: string) => void
}

type Farm = {
  index: number
  farmerId: number
  crop: string
  offtakerId: number
  insurerId: number
  contractId: number
  policyId: number
  quantityKg: number
  contractValueFen: number
  coverageBps: number
  premiumFen: number
  applyDay: number
  amountFen: number
  harvest: Harvest
  deliveries: Array<{ day: number; quantityKg: number }>
  actions: Array<{ day: number; kind: ActionKind; share: number }>
  loanId: number | null
  /** The restricted balance as the farmer knows it (funded, less what it bought). */
  remainingFen: number
  fundedFen: number
  random: Random
}

export type SeasonFigures = {
  applications: number
  approved: number
  declined: number
  declineReasons: Record<string, number>
  disbursedFen: number
  premiumsFen: number
  restrictedFundedFen: number
  purchases: number
  /** Of those, rung up by the supplier and confirmed by the farmer. */
  pointOfSalePurchases: number
  purchasedFen: number
  /** Planned purchases that found too little left in the wallet to buy anything. */
  purchasesSkipped: number
  spendByCategory: Record<string, number>
  blocked: Record<AttemptKind, number>
  /** Anything the functions did that the plan did not expect (a refusal of a planned purchase, an attempt let through): should stay empty. */
  unexpected: Record<string, number>
  deliveries: number
  deliveredKg: number
  /** Farmers who sold most of a good harvest elsewhere, and the contracted kg they did not deliver. */
  sideSold: number
  sideSoldShortKg: number
  proceedsFen: number
  /** The offtakers' cash for deliveries (each as its behaviour says). */
  offtakerPaidFen: number
  offtakerPayments: number
  /** Of that cash, what came home on loans already written off (recoveries income). */
  recoveredFen: number
  /** Per offtaker behaviour: deliveries paid in full, and the days from delivery to the last fen. */
  daysToCash: Record<OfftakerBehaviour, { deliveries: number; totalDays: number; maxDays: number }>
  claimsRejected: number
  claimsAcceptedInPart: number
  repaidByDeliveriesFen: number
  repaidPrincipalByDeliveriesFen: number
  sweptAtFirstDeliveryFen: number
  toFarmersFen: number
  windowsClosedSwept: number
  claimsOpened: number
  claimsPaid: number
  claimsPaidFen: number
  claimWriteOffs: number
  writtenOffFen: number
  interestAccruedFen: number
  penaltyAccruedFen: number
}

/** What the ledger holds at the end, from account balances and postings by entry type. */
export type SeasonLedgerFigures = {
  disbursedPrincipalFen: number
  premiumsFen: number
  restrictedFundedFen: number
  repaid: Record<'deliveries' | 'sweep' | 'claims', { totalFen: number; principalFen: number }>
  writtenOffFen: number
  principalWrittenOffFen: number
  creditLossFen: number
  outstandingPrincipalFen: number
  supplierPayableFen: number
  restrictedBalanceFen: number
  farmerWalletsFen: number
  offtakerClearingFen: number
  /** Delivery proceeds still awaiting the offtakers' cash (the liability beside their receivable). */
  offtakerProceedsDueFen: number
  /** Lender cash in from offtakers, for deliveries (on a written-off loan, as recoveries). */
  offtakerCashFen: number
  /** The insurers' cash received on claims. */
  claimCashFen: number
  /** What came home on written-off loans (income:recoveries). */
  recoveriesFen: number
  interestIncomeFen: number
  penaltyIncomeFen: number
}

export type HarvestOutcome = {
  farmers: number
  repaidWithoutClaim: number
  claims: number
  writtenOff: number
  open: number
}

export type SeasonResult = {
  farmers: number
  seed: number
  databaseUrl: string
  fromDate: IsoDate
  toDate: IsoDate
  days: number
  crops: Record<string, number>
  figures: SeasonFigures
  ledger: SeasonLedgerFigures
  loans: { total: number; closed: number; writtenOff: number; open: number; repaidWithoutClaim: number }
  /** Loans fully repaid without a claim, over all loans, in basis points. */
  repaymentRateBps: number
  byHarvest: Record<Harvest, HarvestOutcome>
  /** The good harvests, by how their offtaker pays. */
  goodHarvestByOfftaker: Record<OfftakerBehaviour, HarvestOutcome>
  claims: { opened: number; openedClaimFen: number; openedOwedFen: number; paid: number; paidFen: number }
  attempts: Record<string, number>
  /** The most principal outstanding at any close on loans each counterparty backs, by its external ref. */
  peakExposureFen: { offtakers: Record<string, number>; insurers: Record<string, number> }
  mismatches: string[]
  verify: VerifyResult
  wallMs: number
  stepMs: Record<Step, number>
}

const STEPS = [
  'setup',
  'claims',
  'apply',
  'wallet',
  'deliver',
  'collect',
  'settle',
  'service',
  'milestones',
  'close',
  'exposure',
  'verify',
] as const
type Step = (typeof STEPS)[number]

export async function runSeasonSimulation(options: SeasonOptions): Promise<SeasonResult> {
  const startedAt = performance.now()
  const seed = options.seed ?? 20_260_301
  const databaseUrl = options.databaseUrl ?? SEASON_DATABASE_URL
  const maxDays = options.maxDays ?? 400
  const log = options.log ?? (() => {})
  if (!Number.isInteger(options.farmers) || options.farmers < 1) throw new Error('farmers must be ≥ 1')
  checkSimulationDatabaseUrl(databaseUrl)
  const fromDate = isoDate(options.startDate ?? SEASON_START_DATE)
  const { ms: stepMs, timed } = stepClock(STEPS)

  const services = await openSimulationDatabase(databaseUrl, fromDate)
  try {
    const { db } = services
    const figures = emptyFigures()
    const world = await timed('setup', () => setUp(services, { seed, farmers: options.farmers, fromDate }))
    log(
      `${world.farms.length} farmers with contracts and policies; ${world.suppliers.length} suppliers ` +
        `(${world.suppliers.filter((s) => s.approved).length} approved), ${world.offtakerBehaviour.size} offtakers, ${world.insurerBehaviour.size} insurers`,
    )
    for (const farm of world.farms.filter((farm) => farm.harvest === 'side_sold')) {
      figures.sideSold += 1
      figures.sideSoldShortKg +=
        farm.quantityKg - farm.deliveries.reduce((sum, lot) => sum + lot.quantityKg, 0)
    }
    const byDay = scheduleByDay(world.farms)
    const peakExposureFen: SeasonResult['peakExposureFen'] = { offtakers: {}, insurers: {} }
    const lastPlannedDay = Math.max(...byDay.keys())
    const simulatedAt = performance.now()
    let day = 0
    for (; ; day++) {
      if (day >= maxDays) throw new Error(`loans still open after ${maxDays} days`)
      const date = addDays(fromDate, day)
      await timed('claims', () => payOpenClaims(services, world, figures))
      const today = byDay.get(day) ?? { apply: [], wallet: [], deliver: [] }
      await timed('apply', () => applyForLoans(services, today.apply, seed, figures))
      await timed('wallet', () => useWallets(services, world, today.wallet, day, seed, figures))
      await timed('deliver', () => deliver(services, today.deliver, day, date, seed, figures))
      await timed('collect', () => collectFromOfftakers(services, world, day, date, seed, figures))
      const closed = await closeOfBusinessInProcess(
        services,
        { businessDate: date, closedBy: `season simulation ${seed}` },
        timed,
      )
      await timed('exposure', () => trackExposure(db, peakExposureFen))
      figures.interestAccruedFen += closed.summary.accruedInterestFen
      figures.penaltyAccruedFen += closed.summary.accruedPenaltyFen
      for (const event of closed.milestones) {
        if (event.event === 'defaulted') figures.claimsOpened += 1
        else figures.windowsClosedSwept += 1
      }
      if ((day + 1) % 30 === 0) {
        log(
          `day ${day + 1} (${date}): ${figures.approved} loans, ${figures.purchases} purchases, ` +
            `${figures.deliveries} deliveries, ${figures.claimsOpened} claims; ` +
            `${((performance.now() - simulatedAt) / 1000).toFixed(1)} s`,
        )
      }
      if (day >= lastPlannedDay && (await openLoansAndClaims(db)) === 0) break
    }
    const toDate = addDays(fromDate, day)
    const ledger = await readLedgerFigures(db)
    const outcome = await readOutcomes(db, world)
    const attempts = await attemptCounts(db)
    const verify = await timed('verify', () => verifyLedger(db))
    const crops: Record<string, number> = {}
    for (const farm of world.farms) crops[farm.crop] = (crops[farm.crop] ?? 0) + 1
    return {
      farmers: world.farms.length,
      seed,
      databaseUrl,
      fromDate,
      toDate,
      days: day + 1,
      crops,
      figures,
      ledger,
      ...outcome,
      attempts,
      peakExposureFen,
      mismatches: reconcile(figures, ledger, outcome, attempts),
      verify,
      wallMs: performance.now() - startedAt,
      stepMs,
    }
  } finally {
    await services.close()
  }
}

function emptyFigures(): SeasonFigures {
  return {
    applications: 0,
    approved: 0,
    declined: 0,
    declineReasons: {},
    disbursedFen: 0,
    premiumsFen: 0,
    restrictedFundedFen: 0,
    purchases: 0,
    pointOfSalePurchases: 0,
    purchasedFen: 0,
    purchasesSkipped: 0,
    spendByCategory: {},
    blocked: {
      withdrawal: 0,
      transfer: 0,
      ineligible_category: 0,
      unapproved_supplier: 0,
      unapproved_product: 0,
      price_above_reference: 0,
      outside_input_plan: 0,
    },
    unexpected: {},
    deliveries: 0,
    deliveredKg: 0,
    sideSold: 0,
    sideSoldShortKg: 0,
    proceedsFen: 0,
    offtakerPaidFen: 0,
    offtakerPayments: 0,
    repaidByDeliveriesFen: 0,
    repaidPrincipalByDeliveriesFen: 0,
    sweptAtFirstDeliveryFen: 0,
    toFarmersFen: 0,
    windowsClosedSwept: 0,
    claimsOpened: 0,
    claimsPaid: 0,
    claimsPaidFen: 0,
    claimWriteOffs: 0,
    writtenOffFen: 0,
    recoveredFen: 0,
    daysToCash: Object.fromEntries(
      OFFTAKER_BEHAVIOURS.map((behaviour) => [behaviour, { deliveries: 0, totalDays: 0, maxDays: 0 }]),
    ) as SeasonFigures['daysToCash'],
    claimsRejected: 0,
    claimsAcceptedInPart: 0,
    interestAccruedFen: 0,
    penaltyAccruedFen: 0,
  }
}

const bump = (counts: Record<string, number>, key: string, by = 1) => {
  counts[key] = (counts[key] ?? 0) + by
}

type Supplier = {
  supplierId: number
  approved: boolean
  products: Array<{ sku: string; category: string; priceFen: number }>
}
type World = {
  farms: Farm[]
  suppliers: Supplier[]
  offtakerBehaviour: Map<number, OfftakerBehaviour>
  insurerBehaviour: Map<number, InsurerBehaviour>
  /** Claims each insurer has decided so far: a `rejects_some` insurer rejects its 1st, 3rd, 5th… */
  claimsDecided: Map<number, number>
}

function pickWeighted<T extends { weight: number }>(random: Random, items: readonly T[]): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0)
  let draw = random.uniform() * total
  for (const item of items) {
    draw -= item.weight
    if (draw < 0) return item
  }
  return items.at(-1)!
}

/** Parties, catalogs, and per farmer its contract, its policy and its seeded plan. */
async function setUp(
  services: Services,
  input: { seed: number; farmers: number; fromDate: IsoDate },
): Promise<World> {
  const { db } = services
  const setupRandom = createRandom(deriveSeed(input.seed, PLAN_STREAM))
  const suppliers: Supplier[] = []
  for (let s = 0; s <= APPROVED_SUPPLIERS; s++) {
    const approved = s < APPROVED_SUPPLIERS
    const party = await createParty(services, 'supplier', {
      externalRef: approved ? `supplier-${s + 1}` : 'supplier-unapproved',
      name: approved ? `Farm Supply ${s + 1}` : 'Roadside Goods (not approved)',
      approved,
    })
    const products = CATALOG.map((item) => ({
      sku: item.sku,
      category: item.category as string,
      // Each shop prices ±10%, to the yuan.
      priceFen: Math.max(100, Math.round((item.priceFen * (0.9 + 0.2 * setupRandom.uniform())) / 100) * 100),
    }))
    for (const product of products) {
      await upsertProduct(db, { supplierId: party.id, name: product.sku, ...product })
      // An officer reviews the catalogue before the season: each product as labelled, at its price.
      await reviewProduct(db, {
        supplierId: party.id,
        sku: product.sku,
        decision: 'approve',
        category: product.category,
        referencePriceFen: product.priceFen,
        reason: 'catalogue review before the season',
        principalRef: 'simulation',
      })
    }
    if (approved) await listCheats(db, party.id)
    suppliers.push({ supplierId: party.id, approved, products })
  }
  const offtakers: number[] = []
  for (let o = 0; o < offtakerCount(input.farmers); o++) {
    offtakers.push(
      (
        await createParty(services, 'offtaker', {
          externalRef: `offtaker-${o + 1}`,
          name: `Offtaker ${o + 1}`,
          approved: true,
        })
      ).id,
    )
  }
  const insurers: number[] = []
  for (let i = 0; i < insurerCount(input.farmers); i++) {
    insurers.push(
      (
        await createParty(services, 'insurer', {
          externalRef: `insurer-${i + 1}`,
          name: `Insurer ${i + 1}`,
          approved: true,
        })
      ).id,
    )
  }
  const regions = ['Heilongjiang', 'Henan', 'Shandong', 'Sichuan', 'Yunnan', 'Anhui']
  const farms: Farm[] = []
  const indexes = Array.from({ length: input.farmers }, (_, index) => index)
  await forEachConcurrent(indexes, CONCURRENCY, async (index) => {
    const plan = createRandom(deriveSeed(deriveSeed(input.seed, PLAN_STREAM), index))
    const crop = pickWeighted(plan, CROPS)
    const quantityKg = plan.int(crop.minKg / 100, crop.maxKg / 100) * 100
    const opensDay = GROWING_DAYS + plan.int(0, WINDOW_OPENS_SPREAD_DAYS - 1)
    const closesDay = opensDay + DELIVERY_WINDOW_DAYS - 1
    const offtakerId = offtakers[plan.int(0, offtakers.length - 1)]!
    const insurerId = insurers[plan.int(0, insurers.length - 1)]!
    const farmer = await createParty(services, 'farmer', {
      externalRef: `farmer-${index + 1}`,
      name: `Farmer ${index + 1}`,
      region: regions[plan.int(0, regions.length - 1)]!,
    })
    const contract = await createContract(db, {
      offtakerId,
      farmerId: farmer.id,
      crop: crop.crop,
      quantityKg,
      priceFenPerKg: crop.priceFenPerKg,
      deliveryFrom: addDays(input.fromDate, opensDay),
      deliveryTo: addDays(input.fromDate, closesDay),
    })
    // A loan of 40–70% of the contract, to the yuan, within the advance rate.
    const amountFen = Math.min(
      capBps(contract.contractValueFen, AGRI_POLICY.advanceRateBps),
      Math.floor((contract.contractValueFen * (0.4 + 0.3 * plan.uniform())) / 100) * 100,
    )
    const coverageBps = plan.int(60, 90) * 100
    // Most policies charge a premium of 1–3% of the loan, the rest 0.5% (a policy's premium is above
    // zero), deducted from the disbursement.
    const premiumBps = plan.bernoulli(0.7) ? plan.int(100, 300) : 50
    const premiumFen = Math.max(100, Math.round(mulBps(amountFen, premiumBps) / 100) * 100)
    // The farmer asks the insurer for the guarantee; only then may it write the policy.
    await requestGuarantee(db, {
      contractId: contract.contractId,
      insurerId,
      asker: { role: 'farmer', subjectId: farmer.id, ref: 'season-simulation' },
    })
    const policy = await createPolicy(db, {
      insurerId,
      farmerId: farmer.id,
      contractId: contract.contractId,
      coverageBps,
      premiumFen,
    })
    const cheat = createRandom(deriveSeed(deriveSeed(input.seed, CHEAT_STREAM), index))
    const harvestDraw = plan.uniform()
    let harvest: Harvest =
      harvestDraw < HARVEST_SHARES.good
        ? 'good'
        : harvestDraw < HARVEST_SHARES.good + HARVEST_SHARES.partial
          ? 'partial'
          : 'failed'
    let deliveredKg =
      harvest === 'good'
        ? Math.ceil(quantityKg * (1 + 0.1 * plan.uniform()))
        : harvest === 'partial'
          ? Math.round(quantityKg * (0.3 + 0.6 * plan.uniform()))
          : 0
    const lots = harvest === 'good' ? plan.int(1, 3) : harvest === 'partial' ? plan.int(1, 2) : 0
    const lotDays = Array.from({ length: lots }, () => plan.int(opensDay, closesDay)).sort((a, b) => a - b)
    const lotWeights = Array.from({ length: lots }, () => plan.int(1, 100))
    if (harvest === 'good' && cheat.bernoulli(SIDE_SELL_SHARE)) {
      harvest = 'side_sold'
      deliveredKg = Math.round(quantityKg * (0.1 + 0.4 * cheat.uniform()))
    }
    const lotKg = lots === 0 ? [] : allocate(deliveredKg, lotWeights)
    const applyDay = plan.int(0, APPLICATION_DAYS - 1)
    const purchases = plan.int(2, 6)
    const spendShare = 0.7 + 0.3 * plan.uniform()
    const weights = Array.from({ length: purchases }, () => plan.int(1, 100))
    const weightSum = weights.reduce((sum, weight) => sum + weight, 0)
    const actions: Farm['actions'] = []
    for (const weight of weights) {
      const actionDay = applyDay + plan.int(0, PURCHASE_DAYS - 1)
      actions.push({
        day: actionDay,
        kind: cheat.bernoulli(POINT_OF_SALE_SHARE) ? 'point_of_sale' : 'purchase',
        share: (spendShare * weight) / weightSum,
      })
      if (cheat.bernoulli(MISLABELLED_ATTEMPT_SHARE))
        actions.push({ day: actionDay, kind: 'mislabelled', share: 0 })
      if (cheat.bernoulli(OVERPRICED_ATTEMPT_SHARE))
        actions.push({ day: actionDay, kind: 'overpriced', share: 0 })
      if (plan.bernoulli(INELIGIBLE_ATTEMPT_SHARE))
        actions.push({ day: actionDay, kind: 'ineligible', share: 0 })
      if (plan.bernoulli(UNAPPROVED_ATTEMPT_SHARE))
        actions.push({ day: actionDay, kind: 'unapproved', share: 0 })
      if (plan.bernoulli(WITHDRAWAL_ATTEMPT_SHARE)) {
        actions.push({ day: actionDay, kind: plan.bernoulli(0.75) ? 'withdrawal' : 'transfer', share: 0 })
      }
    }
    actions.sort((a, b) => a.day - b.day)
    farms.push({
      index,
      farmerId: farmer.id,
      crop: crop.crop,
      offtakerId,
      insurerId,
      contractId: contract.contractId,
      policyId: policy.policyId,
      quantityKg,
      contractValueFen: contract.contractValueFen,
      coverageBps,
      premiumFen,
      applyDay,
      amountFen,
      harvest,
      deliveries: lotDays
        .map((lotDay, lot) => ({ day: lotDay, quantityKg: lotKg[lot]! }))
        .filter((lot) => lot.quantityKg > 0),
      actions,
      loanId: null,
      remainingFen: 0,
      fundedFen: 0,
      random: createRandom(deriveSeed(deriveSeed(input.seed, RUN_STREAM), index)),
    })
  })
  farms.sort((a, b) => a.index - b.index)
  return {
    farms,
    suppliers,
    offtakerBehaviour: new Map(
      offtakers.map((id, o) => [id, OFFTAKER_BEHAVIOURS[o % OFFTAKER_BEHAVIOURS.length]!]),
    ),
    insurerBehaviour: new Map(
      insurers.map((id, i) => [id, INSURER_BEHAVIOURS[i % INSURER_BEHAVIOURS.length]!]),
    ),
    claimsDecided: new Map(),
  }
}

type DayPlan = {
  apply: Farm[]
  wallet: Array<{ farm: Farm; actions: Farm['actions'] }>
  deliver: Array<{ farm: Farm; lot: number }>
}

function scheduleByDay(farms: Farm[]): Map<number, DayPlan> {
  const byDay = new Map<number, DayPlan>()
  const at = (day: number) => {
    let plan = byDay.get(day)
    if (!plan) byDay.set(day, (plan = { apply: [], wallet: [], deliver: [] }))
    return plan
  }
  for (const farm of farms) {
    at(farm.applyDay).apply.push(farm)
    const actionDays = new Set(farm.actions.map((action) => action.day))
    for (const day of actionDays) {
      at(day).wallet.push({ farm, actions: farm.actions.filter((action) => action.day === day) })
    }
    farm.deliveries.forEach((delivery, lot) => at(delivery.day).deliver.push({ farm, lot }))
  }
  return byDay
}

async function applyForLoans(services: Services, farms: Farm[], seed: number, figures: SeasonFigures) {
  await forEachConcurrent(farms, CONCURRENCY, async (farm) => {
    figures.applications += 1
    const outcome = await decideAgriApplication(services, {
      workflowId: `season/${seed}/${farm.farmerId}`,
      farmerId: farm.farmerId,
      contractId: farm.contractId,
      policyId: farm.policyId,
      amountFen: farm.amountFen,
    })
    if (outcome.kind === 'refused') {
      figures.declined += 1
      bump(figures.declineReasons, outcome.code)
      return
    }
    if (outcome.kind === 'declined') {
      figures.declined += 1
      for (const reason of outcome.reasons) bump(figures.declineReasons, reason.code)
      return
    }
    await disburseAgriLoan(services, outcome.loanId)
    figures.approved += 1
    figures.disbursedFen += outcome.approvedFen
    figures.premiumsFen += farm.premiumFen
    farm.loanId = outcome.loanId
    farm.fundedFen = outcome.approvedFen - farm.premiumFen
    farm.remainingFen = farm.fundedFen
    figures.restrictedFundedFen += farm.fundedFen
  })
}

/** The lines of a purchase worth about `targetFen` of goods eligible for the crop, within what is left. */
function basket(farm: Farm, supplier: Supplier, targetFen: number): Array<{ sku: string; quantity: number }> {
  const allowed = eligibleCategories(farm.crop) as readonly string[]
  const eligible = supplier.products.filter((product) => allowed.includes(product.category))
  const count = farm.random.int(1, Math.min(3, eligible.length))
  const chosen: typeof eligible = []
  while (chosen.length < count) {
    const product = eligible[farm.random.int(0, eligible.length - 1)]!
    if (!chosen.includes(product)) chosen.push(product)
  }
  let leftFen = Math.min(targetFen, farm.remainingFen)
  const lines: Array<{ sku: string; quantity: number }> = []
  for (const [position, product] of chosen.entries()) {
    const shareFen = Math.floor(leftFen / (chosen.length - position))
    const quantity = Math.floor(shareFen / product.priceFen)
    if (quantity < 1) continue
    lines.push({ sku: product.sku, quantity })
    leftFen -= quantity * product.priceFen
  }
  return lines
}

function ineligibleProduct(farm: Farm, supplier: Supplier) {
  const allowed = eligibleCategories(farm.crop) as readonly string[]
  const candidates = supplier.products.filter((product) => !allowed.includes(product.category))
  // Mostly goods that are no farm input at all; otherwise a farm input this crop may not buy.
  const nonFarm = candidates.filter(
    (product) => !(FARM_INPUT_CATEGORIES as readonly string[]).includes(product.category),
  )
  const pool = nonFarm.length === candidates.length || farm.random.bernoulli(0.6) ? nonFarm : candidates
  return pool[farm.random.int(0, pool.length - 1)]!
}

/** The day's purchases and refused attempts, farm by farm in plan order. */
async function useWallets(
  services: Services,
  world: World,
  entries: DayPlan['wallet'],
  day: number,
  seed: number,
  figures: SeasonFigures,
) {
  const approved = world.suppliers.filter((supplier) => supplier.approved)
  const unapproved = world.suppliers.find((supplier) => !supplier.approved)!
  const pointOfSale = { ...services, secret: POINT_OF_SALE_SECRET, nowMs: () => Date.now() }
  await forEachConcurrent(entries, CONCURRENCY, async ({ farm, actions }) => {
    if (farm.loanId === null) return
    const walletId = farm.loanId
    const principalRef = `season:farmer:${farm.farmerId}`
    for (const [n, action] of actions.entries()) {
      const requestKey = `season:${seed}:${farm.farmerId}:${day}:${n}`
      const expectRefusal = async (kind: AttemptKind, code: string, attempt: () => Promise<unknown>) => {
        try {
          await attempt()
          bump(figures.unexpected, `${kind} let through`)
        } catch (error) {
          if (!(error instanceof Refusal)) throw error
          if (error.code === code) figures.blocked[kind] += 1
          else bump(figures.unexpected, `${kind} refused as ${error.code}`)
        }
      }
      const supplier = approved[farm.random.int(0, approved.length - 1)]!
      const supplierRef = `season:supplier:${supplier.supplierId}`
      if (action.kind === 'purchase' || action.kind === 'point_of_sale') {
        const lines = basket(farm, supplier, Math.round(action.share * farm.fundedFen))
        if (lines.length === 0) {
          figures.purchasesSkipped += 1
          continue
        }
        try {
          let amountFen: number
          let bought: Array<{ category: string; amountFen: number }>
          if (action.kind === 'purchase') {
            const paid = await purchase(services, {
              walletId,
              supplierId: supplier.supplierId,
              lines,
              requestKey,
              principalRef,
            })
            amountFen = paid.amountFen
            bought = paid.lines
          } else {
            // The supplier rings it up; the farmer confirms it on their own page.
            const rung = await createPurchaseRequest(pointOfSale, {
              supplierId: supplier.supplierId,
              farmerId: farm.farmerId,
              lines,
              requestKey,
              principalRef: supplierRef,
            })
            const paid = await confirmPurchaseRequest(
              pointOfSale,
              { role: 'farmer', subjectId: farm.farmerId, ref: principalRef },
              { requestId: rung.requestId },
            )
            amountFen = paid.amountFen
            bought = lines.map((line) => {
              const product = supplier.products.find((p) => p.sku === line.sku)!
              return { category: product.category, amountFen: product.priceFen * line.quantity }
            })
            figures.pointOfSalePurchases += 1
          }
          figures.purchases += 1
          figures.purchasedFen += amountFen
          farm.remainingFen -= amountFen
          for (const line of bought) bump(figures.spendByCategory, line.category, line.amountFen)
        } catch (error) {
          if (!(error instanceof Refusal)) throw error
          bump(figures.unexpected, `${action.kind} refused as ${error.code}`)
        }
      } else if (action.kind === 'mislabelled' || action.kind === 'overpriced') {
        // The supplier rings up what it listed to cash restricted money out; the request is refused.
        const [kind, code, sku] =
          action.kind === 'mislabelled'
            ? (['unapproved_product', 'product_not_approved', MISLABELLED.sku] as const)
            : (['price_above_reference', 'price_above_reference', OVERPRICED.sku] as const)
        await expectRefusal(kind, code, () =>
          createPurchaseRequest(pointOfSale, {
            supplierId: supplier.supplierId,
            farmerId: farm.farmerId,
            lines: [{ sku, quantity: 1 }],
            requestKey,
            principalRef: supplierRef,
          }),
        )
      } else if (action.kind === 'ineligible') {
        const product = ineligibleProduct(farm, supplier)
        await expectRefusal('ineligible_category', 'category_not_eligible', () =>
          purchase(services, {
            walletId,
            supplierId: supplier.supplierId,
            lines: [{ sku: product.sku, quantity: 1 }],
            requestKey,
            principalRef,
          }),
        )
      } else if (action.kind === 'unapproved') {
        const lines = basket(farm, unapproved, Math.min(farm.remainingFen, 50_000))
        await expectRefusal('unapproved_supplier', 'supplier_not_approved', () =>
          purchase(services, {
            walletId,
            supplierId: unapproved.supplierId,
            lines: lines.length > 0 ? lines : [{ sku: 'urea', quantity: 1 }],
            requestKey,
            principalRef,
          }),
        )
      } else {
        await expectRefusal(action.kind, 'restricted_funds_not_withdrawable', () =>
          refuseWithdrawal(services.db, { walletId, kind: action.kind as 'withdrawal', principalRef }),
        )
      }
    }
  })
}

/**
 * What a supplier lists to cash restricted money out, and what the catalogue's review makes of it: a
 * television labelled as fertilizer, which an officer rejects as what it is; a bulk urea reviewed at
 * its price, then raised past the tolerance (back to review, its reviewed price kept).
 */
async function listCheats(db: Db, supplierId: number): Promise<void> {
  await upsertProduct(db, {
    supplierId,
    sku: MISLABELLED.sku,
    name: MISLABELLED.sku,
    category: MISLABELLED.labelled,
    priceFen: MISLABELLED.priceFen,
  })
  await reviewProduct(db, {
    supplierId,
    sku: MISLABELLED.sku,
    decision: 'reject',
    category: MISLABELLED.truly,
    referencePriceFen: MISLABELLED.priceFen,
    reason: 'a television, not fertilizer',
    principalRef: 'simulation',
  })
  const urea = { supplierId, sku: OVERPRICED.sku, name: OVERPRICED.sku, category: OVERPRICED.category }
  await upsertProduct(db, { ...urea, priceFen: OVERPRICED.priceFen })
  await reviewProduct(db, {
    ...urea,
    decision: 'approve',
    referencePriceFen: OVERPRICED.priceFen,
    reason: 'catalogue review before the season',
    principalRef: 'simulation',
  })
  await upsertProduct(db, { ...urea, priceFen: OVERPRICED.raisedToFen })
}

/** The principal outstanding at this close on loans each offtaker and insurer backs; keeps each one's peak. */
async function trackExposure(db: Db, peak: SeasonResult['peakExposureFen']): Promise<void> {
  const principal = loanAccountSql('a', sql.ref('l.id'), 'loan_principal')
  const { rows } = await sql<{ offtaker: string; insurer: string; owed: string | number | null }>`
    SELECT o.external_ref AS offtaker, i.external_ref AS insurer,
           SUM(l.principal_fen - COALESCE(${principal.creditsFen}, 0)) AS owed
    FROM loans l
    JOIN offtake_contracts c ON c.id = l.contract_id JOIN offtakers o ON o.id = c.offtaker_id
    JOIN guarantee_policies p ON p.id = l.policy_id JOIN insurers i ON i.id = p.insurer_id
    LEFT JOIN ${principal.join}
    WHERE l.product = 'agri' AND l.status IN ('booked', 'active', 'defaulted')
    GROUP BY o.external_ref, i.external_ref`.execute(db)
  const today: SeasonResult['peakExposureFen'] = { offtakers: {}, insurers: {} }
  for (const row of rows) {
    bump(today.offtakers, row.offtaker, fenFromDb(row.owed ?? 0))
    bump(today.insurers, row.insurer, fenFromDb(row.owed ?? 0))
  }
  for (const side of ['offtakers', 'insurers'] as const) {
    for (const [ref, fen] of Object.entries(today[side]))
      peak[side][ref] = Math.max(peak[side][ref] ?? 0, fen)
  }
}

async function deliver(
  services: Services,
  lots: DayPlan['deliver'],
  day: number,
  date: IsoDate,
  seed: number,
  figures: SeasonFigures,
) {
  await forEachConcurrent(lots, CONCURRENCY, async ({ farm, lot }) => {
    const quantityKg = farm.deliveries[lot]!.quantityKg
    const result = await recordDelivery(services, {
      contractId: farm.contractId,
      offtakerId: farm.offtakerId,
      quantityKg,
      deliveredOn: date,
      requestKey: `season:${seed}:delivery:${farm.contractId}:${lot}:${day}`,
    })
    figures.deliveries += 1
    figures.deliveredKg += quantityKg
    figures.proceedsFen += result.proceedsFen
    figures.sweptAtFirstDeliveryFen += result.sweptFen
  })
}

/** What an offtaker of `behaviour` has paid of a delivery `daysLate` days after its due date. */
function paidByNowFen(
  behaviour: OfftakerBehaviour,
  deliveryId: number,
  proceedsFen: number,
  daysLate: number,
) {
  if (behaviour === 'late_in_parts') {
    if (daysLate >= LATE_REST_DAYS) return proceedsFen
    return daysLate >= LATE_PART_DAYS ? Math.floor(proceedsFen / 2) : 0
  }
  if (behaviour === 'fails_some' && deliveryId % 2 === 0) {
    return daysLate >= FAILED_PAYS_AFTER_DAYS ? proceedsFen : 0
  }
  return proceedsFen
}

/**
 * Each offtaker pays for its deliveries as its behaviour says ({@link OFFTAKER_BEHAVIOURS}), one
 * payment a delivery: its cash runs the waterfall, loan first, then the farmer; on a loan written off
 * meanwhile it is a recovery.
 */
async function collectFromOfftakers(
  services: Services,
  world: World,
  day: number,
  date: IsoDate,
  seed: number,
  figures: SeasonFigures,
) {
  const due = await services.db
    .selectFrom('deliveries')
    .innerJoin('offtakeContracts', 'offtakeContracts.id', 'deliveries.contractId')
    .leftJoin('loans', 'loans.id', 'deliveries.loanId')
    .select([
      'deliveries.id',
      'deliveries.proceedsFen',
      'deliveries.paidFen',
      'deliveries.dueOn',
      'deliveries.deliveredOn',
      'offtakeContracts.offtakerId',
      'loans.status as loanStatus',
    ])
    .where('deliveries.status', '!=', 'paid')
    .where('deliveries.dueOn', '<=', date)
    .orderBy('deliveries.id')
    .execute()
  await forEachConcurrent(due, CONCURRENCY, async (row) => {
    const deliveryId = Number(row.id)
    const offtakerId = Number(row.offtakerId)
    const behaviour = world.offtakerBehaviour.get(offtakerId)!
    const proceedsFen = fenFromDb(row.proceedsFen)
    const paidFen = fenFromDb(row.paidFen)
    const amountFen =
      paidByNowFen(behaviour, deliveryId, proceedsFen, daysBetween(row.dueOn as IsoDate, date)) - paidFen
    if (amountFen <= 0) return
    const payment = await recordOfftakerPayment(services, {
      offtakerId,
      amountFen,
      paidOn: date,
      reference: `DLV-${deliveryId}`,
      deliveryIds: [deliveryId],
      requestKey: `season:${seed}:offtaker-payment:${deliveryId}:${day}`,
    })
    figures.offtakerPayments += 1
    figures.offtakerPaidFen += payment.amountFen
    for (const { waterfall: w } of payment.applied) {
      figures.toFarmersFen += w.toFarmerFen
      // On a written-off loan the share is a recovery, shown as principal.
      if (row.loanStatus === 'written_off') {
        figures.recoveredFen += w.principalFen
        continue
      }
      figures.repaidByDeliveriesFen += w.penaltyFen + w.feesFen + w.interestFen + w.principalFen
      figures.repaidPrincipalByDeliveriesFen += w.principalFen
    }
    if (paidFen + amountFen === proceedsFen) {
      const cash = figures.daysToCash[behaviour]
      const days = daysBetween(row.deliveredOn as IsoDate, date)
      cash.deliveries += 1
      cash.totalDays += days
      cash.maxDays = Math.max(cash.maxDays, days)
    }
  })
}

/**
 * Each insurer decides every claim open this morning as its behaviour says ({@link INSURER_BEHAVIOURS})
 * and pays what it accepted at once, as cash: what may still be paid on it (less if a delivery's cash
 * repaid part of the loan since the default). A rejection writes the loan off.
 */
async function payOpenClaims(services: Services, world: World, figures: SeasonFigures) {
  const opened = await services.db
    .selectFrom('guaranteeClaims')
    .select(['id', 'insurerId', 'loanId', 'claimFen'])
    .where('status', '=', 'open')
    .execute()
  // Claim ids follow the order concurrent defaults were booked in, which varies from run to run; the
  // farms' own numbers do not, so the decisions (which claim is rejected) are the same for a seed.
  const farmIndex = new Map(world.farms.map((farm) => [farm.loanId, farm.index]))
  const open = opened
    .map((claim) => {
      const insurerId = Number(claim.insurerId)
      return { ...claim, insurerId, farm: farmIndex.get(Number(claim.loanId)) ?? Number.MAX_SAFE_INTEGER }
    })
    .sort((a, b) => a.farm - b.farm || Number(a.id) - Number(b.id))
    .map((claim) => {
      const nth = world.claimsDecided.get(claim.insurerId) ?? 0
      world.claimsDecided.set(claim.insurerId, nth + 1)
      return { ...claim, nth }
    })
  await forEachConcurrent(open, CONCURRENCY, async (claim) => {
    const claimId = Number(claim.id)
    const insurerId = claim.insurerId
    const behaviour = world.insurerBehaviour.get(insurerId)!
    const decision =
      behaviour === 'rejects_some' && claim.nth % 2 === 0
        ? ({ decision: 'reject', reason: 'the harvest was not insured against this loss' } as const)
        : behaviour === 'accepts_part'
          ? ({
              decision: 'partial',
              amountFen: Math.max(1, capBps(fenFromDb(claim.claimFen), PART_ACCEPTED_BPS)),
              reason: 'part of the acreage was covered',
            } as const)
          : ({ decision: 'accept', reason: 'season simulation' } as const)
    const decided = await decideClaim(services, {
      claimId,
      insurerId,
      ...decision,
      principalRef: `insurer:${insurerId}`,
      actionKey: `season:claim-decision:${claimId}`,
    })
    if (decision.decision === 'reject') {
      figures.claimsRejected += 1
      figures.writtenOffFen += decided.writtenOffFen
      return
    }
    if (decision.decision === 'partial') figures.claimsAcceptedInPart += 1
    const amountFen = await claimPayableFen(services.db, claimId)
    if (amountFen === 0) return
    const paid = await payClaim(services, {
      claimId,
      insurerId,
      amountFen,
      reference: `season-claim-${claimId}`,
      requestKey: `season:claim-pay:${claimId}`,
    })
    figures.claimsPaid += 1
    figures.claimsPaidFen += paid.payment.amountFen
    if (paid.writtenOffFen > 0) figures.claimWriteOffs += 1
    figures.writtenOffFen += paid.writtenOffFen
  })
}

async function openLoansAndClaims(db: Db): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT (SELECT COUNT(*) FROM loans WHERE product = 'agri' AND status IN ('booked', 'active', 'defaulted'))
         + (SELECT COUNT(*) FROM guarantee_claims WHERE status IN ('open', 'accepted'))
         + (SELECT COUNT(*) FROM deliveries WHERE status <> 'paid') AS n`.execute(db)
  return Number(rows[0]?.n ?? 0)
}

export async function readLedgerFigures(db: Db): Promise<SeasonLedgerFigures> {
  const byCategory = await categoryTotals(db)
  const credit = (name: string) => {
    const totals = byCategory.get(name)
    return (totals?.creditsFen ?? 0) - (totals?.debitsFen ?? 0)
  }
  const byType = await postingTotals(db, {
    entryTypes: [
      'agri_disbursement',
      'delivery_proceeds',
      'restricted_sweep',
      'claim_payment',
      'write_off',
      'recovery',
      'supplier_settlement',
      'premium_payment',
    ],
  })
  const moved = (type: string, side: 'D' | 'C', categories: string[]) =>
    byType
      .filter((row) => row.entryType === type && row.side === side && categories.includes(row.category))
      .reduce((sum, row) => sum + row.amountFen, 0)
  const receivables = ['loan_principal', 'loan_interest', 'loan_fees', 'loan_penalty']
  const repaid = (type: string) => ({
    totalFen: moved(type, 'C', receivables),
    principalFen: moved(type, 'C', ['loan_principal']),
  })
  return {
    disbursedPrincipalFen: moved('agri_disbursement', 'D', ['loan_principal']),
    // Premiums withheld for insurers, wherever they are now: still payable, in a settlement on its way
    // to the insurer's bank, or paid out of lender cash.
    premiumsFen:
      credit('premium_payable') +
      credit('insurer_settlement') +
      moved('premium_payment', 'C', ['lender_cash']),
    restrictedFundedFen: moved('agri_disbursement', 'C', ['restricted_wallet']),
    repaid: {
      deliveries: repaid('delivery_proceeds'),
      sweep: repaid('restricted_sweep'),
      claims: repaid('claim_payment'),
    },
    writtenOffFen: moved('write_off', 'C', receivables),
    principalWrittenOffFen: moved('write_off', 'C', ['loan_principal']),
    creditLossFen: -credit('credit_loss'),
    outstandingPrincipalFen: -credit('loan_principal'),
    // What suppliers are owed for restricted purchases, wherever it is now: still payable, in a
    // settlement on its way to their bank, or paid out of lender cash.
    supplierPayableFen:
      credit('supplier_payable') +
      credit('supplier_settlement') +
      moved('supplier_settlement', 'C', ['lender_cash']),
    restrictedBalanceFen: credit('restricted_wallet'),
    farmerWalletsFen: credit('farmer_wallet'),
    offtakerClearingFen: -credit('offtaker_clearing'),
    offtakerProceedsDueFen: credit('offtaker_proceeds_due'),
    // An offtaker's cash on a written-off loan is a recovery entry: its credit to the offtaker's
    // receivable is that cash (an insurer's late payment is a recovery too, and credits no offtaker).
    offtakerCashFen:
      moved('delivery_proceeds', 'D', ['lender_cash']) + moved('recovery', 'C', ['offtaker_clearing']),
    claimCashFen: moved('claim_payment', 'D', ['lender_cash']),
    recoveriesFen: credit('credit_loss_recovery'),
    interestIncomeFen: credit('interest_income'),
    penaltyIncomeFen: credit('penalty_income'),
  }
}

type Outcomes = Pick<
  SeasonResult,
  'loans' | 'repaymentRateBps' | 'byHarvest' | 'goodHarvestByOfftaker' | 'claims'
>

async function readOutcomes(db: Db, world: World): Promise<Outcomes> {
  const { farms } = world
  const loans = await db
    .selectFrom('loans')
    .leftJoin('guaranteeClaims', 'guaranteeClaims.loanId', 'loans.id')
    .select(['loans.id', 'loans.status', 'guaranteeClaims.id as claimId'])
    .where('loans.product', '=', 'agri')
    .execute()
  const byLoan = new Map(loans.map((loan) => [Number(loan.id), loan]))
  const byHarvest = Object.fromEntries(
    HARVESTS.map((harvest) => [
      harvest,
      { farmers: 0, repaidWithoutClaim: 0, claims: 0, writtenOff: 0, open: 0 },
    ]),
  ) as Record<Harvest, HarvestOutcome>
  const goodHarvestByOfftaker = Object.fromEntries(
    OFFTAKER_BEHAVIOURS.map((behaviour) => [
      behaviour,
      { farmers: 0, repaidWithoutClaim: 0, claims: 0, writtenOff: 0, open: 0 },
    ]),
  ) as Record<OfftakerBehaviour, HarvestOutcome>
  for (const farm of farms) {
    const outcomes = [byHarvest[farm.harvest]]
    if (farm.harvest === 'good')
      outcomes.push(goodHarvestByOfftaker[world.offtakerBehaviour.get(farm.offtakerId)!])
    const loan = farm.loanId === null ? undefined : byLoan.get(farm.loanId)
    for (const outcome of outcomes) {
      outcome.farmers += 1
      if (!loan) continue
      if (loan.claimId !== null) outcome.claims += 1
      if (loan.status === 'closed' && loan.claimId === null) outcome.repaidWithoutClaim += 1
      if (loan.status === 'written_off') outcome.writtenOff += 1
      if (loan.status !== 'closed' && loan.status !== 'written_off') outcome.open += 1
    }
  }
  const count = (match: (loan: (typeof loans)[number]) => boolean) => loans.filter(match).length
  const repaidWithoutClaim = count((loan) => loan.status === 'closed' && loan.claimId === null)
  const { rows } = await sql<{
    opened: number
    claimFen: string | number | null
    owedFen: string | number | null
    paid: number
    paidFen: string | number | null
  }>`
    SELECT COUNT(*) AS opened, SUM(claim_fen) AS claim_fen, SUM(owed_fen) AS owed_fen,
           SUM(status = 'paid') AS paid, SUM(CASE WHEN status = 'paid' THEN paid_fen ELSE 0 END) AS paid_fen
    FROM guarantee_claims`.execute(db)
  const claims = rows[0]!
  return {
    loans: {
      total: loans.length,
      closed: count((loan) => loan.status === 'closed'),
      writtenOff: count((loan) => loan.status === 'written_off'),
      open: count((loan) => loan.status !== 'closed' && loan.status !== 'written_off'),
      repaidWithoutClaim,
    },
    repaymentRateBps: loans.length === 0 ? 0 : Math.round((repaidWithoutClaim * 10_000) / loans.length),
    byHarvest,
    goodHarvestByOfftaker,
    claims: {
      opened: Number(claims.opened),
      openedClaimFen: fenFromDb(claims.claimFen ?? 0),
      openedOwedFen: fenFromDb(claims.owedFen ?? 0),
      paid: Number(claims.paid ?? 0),
      paidFen: fenFromDb(claims.paidFen ?? 0),
    },
  }
}

async function attemptCounts(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('restrictedWalletAttempts')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('kind')
    .execute()
  return Object.fromEntries(rows.map((row) => [row.kind, Number(row.n)]))
}

/** The figures counted from what each function returned, against what the ledger and tables hold. */
function reconcile(
  figures: SeasonFigures,
  ledger: SeasonLedgerFigures,
  outcome: Outcomes,
  attempts: Record<string, number>,
): string[] {
  const repaidPrincipalFen =
    ledger.repaid.deliveries.principalFen +
    ledger.repaid.sweep.principalFen +
    ledger.repaid.claims.principalFen
  const pairs: Array<[string, number, number]> = [
    ['disbursedFen', figures.disbursedFen, ledger.disbursedPrincipalFen],
    ['premiumsFen', figures.premiumsFen, ledger.premiumsFen],
    ['restrictedFundedFen', figures.restrictedFundedFen, ledger.restrictedFundedFen],
    ['purchasedFen (supplier payables)', figures.purchasedFen, ledger.supplierPayableFen],
    [
      'spend by category',
      Object.values(figures.spendByCategory).reduce((sum, fen) => sum + fen, 0),
      ledger.supplierPayableFen,
    ],
    [
      'proceedsFen − offtakerPaidFen (offtaker clearing)',
      figures.proceedsFen - figures.offtakerPaidFen,
      ledger.offtakerClearingFen,
    ],
    [
      'proceedsFen − offtakerPaidFen (proceeds awaiting cash)',
      figures.proceedsFen - figures.offtakerPaidFen,
      ledger.offtakerProceedsDueFen,
    ],
    ['offtakerPaidFen (lender cash from offtakers)', figures.offtakerPaidFen, ledger.offtakerCashFen],
    ['repaidByDeliveriesFen', figures.repaidByDeliveriesFen, ledger.repaid.deliveries.totalFen],
    ['toFarmersFen (farmer wallets)', figures.toFarmersFen, ledger.farmerWalletsFen],
    ['claimsPaidFen (insurer cash)', figures.claimsPaidFen, ledger.claimCashFen],
    ['recoveredFen (recoveries income)', figures.recoveredFen, ledger.recoveriesFen],
    ['claimsPaidFen (claim repayments)', figures.claimsPaidFen, ledger.repaid.claims.totalFen],
    ['claimsPaidFen (claims table)', figures.claimsPaidFen, outcome.claims.paidFen],
    ['claimsOpened', figures.claimsOpened, outcome.claims.opened],
    ['claimsPaid', figures.claimsPaid, outcome.claims.paid],
    ['writtenOffFen (credit loss)', figures.writtenOffFen, ledger.creditLossFen],
    ['writtenOffFen (write-offs)', figures.writtenOffFen, ledger.writtenOffFen],
    ['interestAccruedFen', figures.interestAccruedFen, ledger.interestIncomeFen],
    ['penaltyAccruedFen', figures.penaltyAccruedFen, ledger.penaltyIncomeFen],
    ['loans', figures.approved, outcome.loans.total],
    ...(['withdrawal', 'transfer', 'ineligible_category', 'unapproved_supplier'] as const).map(
      (kind): [string, number, number] => [`blocked ${kind}`, figures.blocked[kind], attempts[kind] ?? 0],
    ),
    [
      'restricted wallets (funded − spent − swept)',
      ledger.restrictedFundedFen - ledger.supplierPayableFen - ledger.repaid.sweep.totalFen,
      ledger.restrictedBalanceFen,
    ],
    [
      'principal identity (disbursed = repaid + written off + outstanding)',
      ledger.disbursedPrincipalFen,
      repaidPrincipalFen + ledger.principalWrittenOffFen + ledger.outstandingPrincipalFen,
    ],
  ]
  return [
    ...pairs
      .filter(([, counted, held]) => counted !== held)
      .map(([name, counted, held]) => `${name}: ${counted} ≠ ${held}`),
    ...Object.entries(figures.unexpected).map(([what, n]) => `unexpected: ${what} (${n}×)`),
  ]
}
