/**
 * A reproducible synthetic population of small merchants whose TRUE 12-month probability of default is
 * known, so a scorecard trained on their sales can be judged against the truth (the oracle). Merchant
 * `index` of population `seed` draws everything from its own generator, seeded
 * `deriveSeed(seed, index)`: it is the same whatever `merchantCount` is, and merchants can be produced
 * lazily, one at a time ({@link iteratePopulation}), so 100 000 × 180 days stays in bounded memory.
 *
 * ## Traits (one draw per merchant; U = uniform[0,1), N = standard normal, LN(m, s) = exp(ln m + s·N))
 * - tenureDays T (days from opening to endDate): with probability 0.12 a new merchant, T = int[1, 29];
 *   otherwise T = 30 + round(LN(360, 0.9)), capped at 3 650. openedOn = endDate − T.
 * - levelFen L: LN(200 000, 1.0) — median 2 000 yuan of gross a day, at endDate, before shocks.
 * - avgTicketFen: LN(4 000, 0.6); weeklyAmplitude a = 0.5·U; weeklyPhaseDays = int[0, 6].
 * - trendPer180 g = clamp(0.3·N, −1, 1): log-growth of the level over 180 days.
 * - volatility σ = clamp(LN(0.3, 0.5), 0.05, 1.5): day-to-day log-normal noise.
 * - activeDayProbability q = 1 − 0.65·U²: the chance the shop sells at all on a day (mean ≈ 0.78).
 * - refundRate r = clamp(LN(0.02, 0.9), 0, 0.6): mean share of gross refunded.
 * - shock, with probability 0.10 (and only if it starts after opening): 60 % a `drop` starting s =
 *   int[7, 120] days before endDate, multiplying sales by f = 0.15 + 0.35·U from then on; 40 % a fake
 *   `spike` starting s = int[2, 9] days before endDate, multiplying sales by f = 2.5 + 3.5·U to the end.
 * - churn, with probability 0.05 (only if T > c + 14): the last day with sales is c = int[14, 150] days
 *   before endDate; there are no sales after it.
 *
 * ## Latent default model (the ground truth)
 *   z  = −5.0
 *        + 1.0 · ln(σ / 0.3)                      volatile sales
 *        − 1.5 · g                                 falling sales (rising sales lower the risk)
 *        + 6.0 · (r − 0.02)                        refunds
 *        + 0.7 · ln(365 / min(T, 365))             short tenure (no effect after a year)
 *        − 0.35 · ln(L / 200 000)                  small shops are riskier
 *        + 2.0 · (1 − q)                           few trading days
 *        + 2.5 · [churned] + 1.0 · [drop shock] + 1.5 · [spike shock]
 *   trueDefaultProbability p = 1 / (1 + e^−z)      (12-month PD after endDate; population mean ≈ 4–5 %)
 *   defaulted ~ Bernoulli(p), drawn before any sales, from the merchant's own generator.
 *
 * ## Daily sales, for each day d from max(openedOn, endDate − days + 1) to endDate, k = endDate − d
 * - zero if churned and k < c, or with probability 1 − q (a day without trade);
 * - otherwise grossFen = round(L · e^(−g·k/180) · (1 + a·sin(2π(epochDay(d) + phase)/7)) · shock(k) ·
 *   e^(σN − σ²/2)), shock(k) = f while k ≤ s, else 1;
 * - refundFen = min(grossFen, round(grossFen · r · e^(0.8N − 0.32))); orderCount = max(1,
 *   round(grossFen / avgTicketFen)) when grossFen > 0, else 0.
 * Every open day in the window has a row, IN DATE ORDER; a day without sales has gross = refund =
 * orders = 0 (the row is present, not omitted). There are no rows before openedOn.
 * @module
 */
import { assert } from '../kernel/assert.js'
import { addDays, daysBetween, type IsoDate } from '../kernel/business-date.js'
import { computeFeatures, type DailySalesRow, type MerchantFeatures } from './features.js'
import { createRandom, deriveSeed, type Random } from './random.js'

export const NEW_MERCHANT_SHARE = 0.12
export const NEW_MERCHANT_TENURE_DAYS_MAX = 29
export const TENURE_DAYS_MAX = 3_650
export const MEDIAN_LEVEL_FEN = 200_000
export const SHOCK_PROBABILITY = 0.1
export const DROP_SHARE_OF_SHOCKS = 0.6
export const CHURN_PROBABILITY = 0.05
export const CHURN_MIN_GAP_DAYS = 14
export const POPULATION_DAYS_MAX = 3_650
const TREND_HORIZON_DAYS = 180
const DAYS_PER_WEEK = 7
const DAYS_PER_YEAR = 365

/** The latent model's coefficients (see the module comment); exported so tests and docs can cite them. */
export const LATENT_MODEL = {
  intercept: -5.0,
  logVolatility: 1.0,
  referenceVolatility: 0.3,
  trend: -1.5,
  refundRate: 6.0,
  referenceRefundRate: 0.02,
  logShortTenure: 0.7,
  logLevel: -0.35,
  inactivity: 2.0,
  churned: 2.5,
  dropShock: 1.0,
  spikeShock: 1.5,
} as const

export type SalesShock = Readonly<{ kind: 'drop' | 'spike'; startDaysBeforeEnd: number; factor: number }>

export type MerchantTraits = Readonly<{
  tenureDays: number
  levelFen: number
  avgTicketFen: number
  weeklyAmplitude: number
  weeklyPhaseDays: number
  trendPer180: number
  volatility: number
  activeDayProbability: number
  refundRate: number
  shock: SalesShock | null
  /** Days before endDate of the last day with sales; null if the merchant still trades. */
  churnDaysBeforeEnd: number | null
}>

export type SyntheticMerchant = Readonly<{
  /** Stable id, `syn-{seed}-{index}`: usable as a merchant's external reference. */
  externalRef: string
  index: number
  openedOn: IsoDate
  traits: MerchantTraits
  /** z of the latent model. */
  latentRiskLogit: number
  trueDefaultProbability: number
  defaulted: boolean
  dailySales: readonly DailySalesRow[]
}>

export type PopulationOptions = Readonly<{
  seed: number
  merchantCount: number
  days: number
  endDate: IsoDate
}>

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value))
}

function drawTenureDays(random: Random): number {
  if (random.bernoulli(NEW_MERCHANT_SHARE)) return random.int(1, NEW_MERCHANT_TENURE_DAYS_MAX)
  return Math.min(TENURE_DAYS_MAX, 30 + Math.round(random.logNormal(Math.log(360), 0.9)))
}

function drawShock(random: Random, tenureDays: number): SalesShock | null {
  if (!random.bernoulli(SHOCK_PROBABILITY)) return null
  const isDrop = random.bernoulli(DROP_SHARE_OF_SHOCKS)
  const startDaysBeforeEnd = isDrop ? random.int(7, 120) : random.int(2, 9)
  const factor = isDrop ? 0.15 + 0.35 * random.uniform() : 2.5 + 3.5 * random.uniform()
  if (startDaysBeforeEnd >= tenureDays) return null
  return { kind: isDrop ? 'drop' : 'spike', startDaysBeforeEnd, factor }
}

function drawChurn(random: Random, tenureDays: number): number | null {
  if (!random.bernoulli(CHURN_PROBABILITY)) return null
  const gapDays = random.int(CHURN_MIN_GAP_DAYS, 150)
  return tenureDays > gapDays + CHURN_MIN_GAP_DAYS ? gapDays : null
}

/** Draws one merchant's traits; the order of draws is part of the reproducibility contract. */
export function drawTraits(random: Random): MerchantTraits {
  const tenureDays = drawTenureDays(random)
  return {
    tenureDays,
    levelFen: Math.round(random.logNormal(Math.log(MEDIAN_LEVEL_FEN), 1.0)),
    avgTicketFen: Math.max(100, Math.round(random.logNormal(Math.log(4_000), 0.6))),
    weeklyAmplitude: 0.5 * random.uniform(),
    weeklyPhaseDays: random.int(0, DAYS_PER_WEEK - 1),
    trendPer180: clamp(0.3 * random.normal(), -1, 1),
    volatility: clamp(random.logNormal(Math.log(0.3), 0.5), 0.05, 1.5),
    activeDayProbability: 1 - 0.65 * random.uniform() ** 2,
    refundRate: clamp(random.logNormal(Math.log(0.02), 0.9), 0, 0.6),
    shock: drawShock(random, tenureDays),
    churnDaysBeforeEnd: drawChurn(random, tenureDays),
  }
}

/** z of the latent default model (module comment): the log-odds of default in the next 12 months. */
export function latentRiskLogit(traits: MerchantTraits): number {
  const m = LATENT_MODEL
  const tenure = clamp(traits.tenureDays, 1, DAYS_PER_YEAR)
  return (
    m.intercept +
    m.logVolatility * Math.log(traits.volatility / m.referenceVolatility) +
    m.trend * traits.trendPer180 +
    m.refundRate * (traits.refundRate - m.referenceRefundRate) +
    m.logShortTenure * Math.log(DAYS_PER_YEAR / tenure) +
    m.logLevel * Math.log(Math.max(1, traits.levelFen) / MEDIAN_LEVEL_FEN) +
    m.inactivity * (1 - traits.activeDayProbability) +
    (traits.churnDaysBeforeEnd !== null ? m.churned : 0) +
    (traits.shock?.kind === 'drop' ? m.dropShock : 0) +
    (traits.shock?.kind === 'spike' ? m.spikeShock : 0)
  )
}

/** The calendar of one population: the dates and epoch days of the window, computed once. */
type Calendar = Readonly<{ dates: readonly IsoDate[]; endEpochDay: number }>

function buildCalendar(days: number, endDate: IsoDate): Calendar {
  const dates: IsoDate[] = []
  for (let k = days - 1; k >= 0; k--) dates.push(addDays(endDate, -k))
  return { dates, endEpochDay: daysBetween('1970-01-01' as IsoDate, endDate) }
}

function salesOfDay(random: Random, traits: MerchantTraits, k: number, epochDay: number): number {
  if (traits.churnDaysBeforeEnd !== null && k < traits.churnDaysBeforeEnd) return 0
  if (!random.bernoulli(traits.activeDayProbability)) return 0
  const trend = Math.exp((-traits.trendPer180 * k) / TREND_HORIZON_DAYS)
  const weekly =
    1 + traits.weeklyAmplitude * Math.sin((2 * Math.PI * (epochDay + traits.weeklyPhaseDays)) / 7)
  const shock = traits.shock !== null && k <= traits.shock.startDaysBeforeEnd ? traits.shock.factor : 1
  const sigma = traits.volatility
  const noise = Math.exp(sigma * random.normal() - (sigma * sigma) / 2)
  return Math.round(traits.levelFen * trend * weekly * shock * noise)
}

function generateSales(random: Random, traits: MerchantTraits, calendar: Calendar): DailySalesRow[] {
  const rows: DailySalesRow[] = []
  const days = calendar.dates.length
  const firstK = Math.min(days - 1, traits.tenureDays)
  for (let k = firstK; k >= 0; k--) {
    const date = calendar.dates[days - 1 - k]!
    const grossFen = salesOfDay(random, traits, k, calendar.endEpochDay - k)
    if (grossFen <= 0) {
      rows.push({ date, grossFen: 0, refundFen: 0, orderCount: 0 })
      continue
    }
    const refundShare = traits.refundRate * Math.exp(0.8 * random.normal() - 0.32)
    const refundFen = Math.min(grossFen, Math.round(grossFen * refundShare))
    const orderCount = Math.max(1, Math.round(grossFen / traits.avgTicketFen))
    rows.push({ date, grossFen, refundFen, orderCount })
  }
  return rows
}

function generateMerchantOn(seed: number, index: number, calendar: Calendar): SyntheticMerchant {
  const random = createRandom(deriveSeed(seed, index))
  const traits = drawTraits(random)
  const z = latentRiskLogit(traits)
  const trueDefaultProbability = 1 / (1 + Math.exp(-z))
  const defaulted = random.bernoulli(trueDefaultProbability)
  const endDate = calendar.dates[calendar.dates.length - 1]!
  return {
    externalRef: `syn-${seed >>> 0}-${index}`,
    index,
    openedOn: addDays(endDate, -traits.tenureDays),
    traits,
    latentRiskLogit: z,
    trueDefaultProbability,
    defaulted,
    dailySales: generateSales(random, traits, calendar),
  }
}

function checkOptions(options: PopulationOptions): void {
  assert(Number.isInteger(options.merchantCount) && options.merchantCount >= 0, 'merchantCount must be ≥ 0')
  assert(
    Number.isInteger(options.days) && options.days >= 1 && options.days <= POPULATION_DAYS_MAX,
    `days must be an integer in [1, ${POPULATION_DAYS_MAX}]`,
  )
}

/** Merchant `index` of population `seed`, alone (the same merchant the population would contain). */
export function generateMerchant(
  seed: number,
  index: number,
  days: number,
  endDate: IsoDate,
): SyntheticMerchant {
  checkOptions({ seed, merchantCount: index + 1, days, endDate })
  return generateMerchantOn(seed, index, buildCalendar(days, endDate))
}

/**
 * Yields the population one merchant at a time, so memory stays bounded however many merchants are
 * asked for: consume and drop each merchant (e.g. compute its features) before taking the next.
 */
export function* iteratePopulation(
  options: PopulationOptions,
): Generator<SyntheticMerchant, void, undefined> {
  checkOptions(options)
  const calendar = buildCalendar(options.days, options.endDate)
  for (let index = 0; index < options.merchantCount; index++) {
    yield generateMerchantOn(options.seed, index, calendar)
  }
}

/** The whole population in memory: for tests and small cohorts; prefer {@link iteratePopulation}. */
export function generatePopulation(options: PopulationOptions): SyntheticMerchant[] {
  return [...iteratePopulation(options)]
}

/** A merchant's sales as plain rows in the shape of the sales import (`date,grossFen,refundFen,orderCount`). */
export function merchantSalesRows(
  merchant: SyntheticMerchant,
): Array<{ date: string; grossFen: number; refundFen: number; orderCount: number }> {
  return merchant.dailySales.map((row) => ({
    date: row.date,
    grossFen: row.grossFen,
    refundFen: row.refundFen,
    orderCount: row.orderCount,
  }))
}

/** A merchant as a labelled example: its features as of endDate, its realised outcome and its true PD. */
export type LabelledMerchant = Readonly<{
  features: MerchantFeatures
  defaulted: boolean
  trueDefaultProbability: number
}>

/** Features as of `asOfDate` (the population's endDate) with the outcome and the oracle PD. */
export function labelMerchant(merchant: SyntheticMerchant, asOfDate: IsoDate): LabelledMerchant {
  return {
    features: computeFeatures(merchant.dailySales, { asOfDate, openedOn: merchant.openedOn }),
    defaulted: merchant.defaulted,
    trueDefaultProbability: merchant.trueDefaultProbability,
  }
}
