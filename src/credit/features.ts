/**
 * The scorecard's inputs, computed from one merchant's daily sales. This file is the REFERENCE
 * SPECIFICATION: the production SQL must produce the same numbers (to float precision) from
 * `merchant_daily_sales`, so every definition below is exact, including its empty and zero cases.
 *
 * Common definitions (used by every feature):
 * - `asOfDate` is the last day counted (inclusive); nothing after it is read.
 * - net(d) = grossFen(d) − refundFen(d) for calendar day d; a day with no row has gross = refund =
 *   orders = 0. Rows with the same date are summed (as `SUM … GROUP BY sales_date` would). Net may be
 *   negative (refunds of earlier days' sales).
 * - Only days d with openedOn ≤ d ≤ asOfDate and asOfDate − d < 180 are read (the feature window).
 * - tenureDays = asOfDate − openedOn in whole days (0 when the merchant opened on asOfDate).
 * - The W-day window is the days asOfDate − (n − 1) … asOfDate where n = openDays(W) =
 *   min(W, tenureDays + 1): the last W calendar days, cut at the opening day. n ≥ 1 always, so no
 *   average divides by zero. (openedOn itself counts as an open day, hence the + 1.)
 * - avg_W = Σ net(d) over the W-day window / openDays(W).
 *
 * These are model inputs, not money: they are floats (an average of fen is not a whole fen).
 * @module
 */
import { assert } from '../kernel/assert.js'
import { addDays, daysBetween, type IsoDate } from '../kernel/business-date.js'

/** The longest look-back of any feature: the last 180 days ending at the as-of date. */
export const FEATURE_WINDOW_DAYS = 180
export const SHORT_WINDOW_DAYS = 30
export const MEDIUM_WINDOW_DAYS = 90
export const SPIKE_WINDOW_DAYS = 7
/** Below this many open days in the 90-day window a slope is noise: trendSlope90 is 0. */
export const TREND_MIN_DAYS = 14

/** One day of a merchant's sales, as the platform reports it (the shape of `merchant_daily_sales`). */
export type DailySalesRow = Readonly<{
  date: IsoDate
  grossFen: number
  refundFen: number
  orderCount: number
}>

/** What the scorecard sees of a merchant. See each field for its exact definition and fallbacks. */
export type MerchantFeatures = Readonly<{
  /** asOfDate − openedOn, whole days (≥ 0). */
  tenureDays: number
  /** Days in the 180-day window with net > 0, divided by openDays(180). In [0, 1]. */
  activeDaysShare180: number
  /** avg_30: Σ net over the 30-day window / openDays(30), fen per day (float; may be negative). */
  avgDailyNetFen30: number
  /** avg_90: Σ net over the 90-day window / openDays(90), fen per day. */
  avgDailyNetFen90: number
  /** avg_180: Σ net over the 180-day window / openDays(180), fen per day. */
  avgDailyNetFen180: number
  /**
   * OLS slope of net(d) (every day, zeros included) against the day number over the 90-day window,
   * divided by avg_90: the relative change per day (−0.005 ≈ sales falling 0.5 % of their mean a day).
   * x = 0 for the oldest day of the window, n − 1 for asOfDate; slope = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)².
   * Fallback 0 when openDays(90) < 14 or avg_90 ≤ 0.
   */
  trendSlope90: number
  /**
   * Coefficient of variation of net(d) over the 90-day window, zeros included: population standard
   * deviation (divide by n, not n − 1) / avg_90. Fallback 0 when openDays(90) < 2 or avg_90 ≤ 0.
   */
  cv90: number
  /**
   * OLS slope, per day, of ln(net(d)) against the day number over the days of the 180-day window with
   * net > 0 (x = −(asOfDate − d)): the growth rate of sales on trading days (+0.002 ≈ +43 % in 180 days).
   * Unlike trendSlope90 it ignores days without trade and is not dominated by a few big days, and over
   * 180 days it is far less noisy. Fallback 0 when fewer than 14 such days.
   */
  logTrendSlope180: number
  /**
   * Population standard deviation (divide by n) of ln(net(d)) over the days of the 90-day window with
   * net > 0: day-to-day volatility of a trading day's sales, apart from days without trade. Fallback 0
   * when fewer than 2 such days.
   */
  logVolatility90: number
  /** Σ refundFen / Σ grossFen over the 90-day window. Fallback 0 when Σ grossFen ≤ 0. May exceed 1. */
  refundRate90: number
  /**
   * asOfDate − the latest day in the 180-day window with net > 0 (0 = sold on asOfDate). Fallback when
   * no such day: openDays(180), as if the last sale were the day before the window (or opening) began.
   */
  daysSinceLastSale: number
  /** Σ orderCount over the 30-day window. */
  orderCount30: number
  /**
   * avg_7 / avg_90 with avg_7 = Σ net over the 7-day window / openDays(7), negative avg_7 taken as 0.
   * 1 means the last week is like the last quarter; fallback 1 when avg_90 ≤ 0.
   */
  spikeRatio7to90: number
}>

export type FeatureContext = Readonly<{ asOfDate: IsoDate; openedOn: IsoDate }>

/** date → k = asOfDate − date for the 180 days ending at asOfDate; the last one built is kept. */
let windowIndexCache: { asOfDate: IsoDate; indexOf: Map<string, number> } | undefined

/** Scoring a population uses one as-of date, so the window's dates are parsed once, not once per row. */
function windowIndex(asOfDate: IsoDate): Map<string, number> {
  if (windowIndexCache?.asOfDate !== asOfDate) {
    const indexOf = new Map<string, number>()
    for (let k = 0; k < FEATURE_WINDOW_DAYS; k++) indexOf.set(addDays(asOfDate, -k), k)
    windowIndexCache = { asOfDate, indexOf }
  }
  return windowIndexCache.indexOf
}

/** Per-day sums for the window, index k = asOfDate − date (0 = asOfDate), only open days filled. */
type WindowDays = { net: Float64Array; gross: Float64Array; refund: Float64Array; orders: Float64Array }

function collectWindow(
  dailySales: Iterable<DailySalesRow>,
  context: FeatureContext,
  tenureDays: number,
): WindowDays {
  const days: WindowDays = {
    net: new Float64Array(FEATURE_WINDOW_DAYS),
    gross: new Float64Array(FEATURE_WINDOW_DAYS),
    refund: new Float64Array(FEATURE_WINDOW_DAYS),
    orders: new Float64Array(FEATURE_WINDOW_DAYS),
  }
  const lastOpenIndex = Math.min(FEATURE_WINDOW_DAYS, tenureDays + 1) - 1
  const indexOf = windowIndex(context.asOfDate)
  for (const row of dailySales) {
    const k = indexOf.get(row.date)
    if (k === undefined || k > lastOpenIndex) continue
    days.net[k] = (days.net[k] ?? 0) + row.grossFen - row.refundFen
    days.gross[k] = (days.gross[k] ?? 0) + row.grossFen
    days.refund[k] = (days.refund[k] ?? 0) + row.refundFen
    days.orders[k] = (days.orders[k] ?? 0) + row.orderCount
  }
  return days
}

function openDays(windowDays: number, tenureDays: number): number {
  return Math.min(windowDays, tenureDays + 1)
}

/** Σ values[0 … n − 1]. */
function sumFirst(values: Float64Array, n: number): number {
  let sum = 0
  for (let k = 0; k < n; k++) sum += values[k] ?? 0
  return sum
}

/** Relative OLS slope per day of the first n values, x running oldest (k = n − 1) → newest (k = 0). */
function relativeSlope(net: Float64Array, n: number, mean: number): number {
  if (n < TREND_MIN_DAYS || mean <= 0) return 0
  const xMean = (n - 1) / 2
  let covariance = 0
  let xVariance = 0
  for (let k = 0; k < n; k++) {
    const x = n - 1 - k
    covariance += (x - xMean) * ((net[k] ?? 0) - mean)
    xVariance += (x - xMean) ** 2
  }
  return covariance / xVariance / mean
}

/** ln(net) of the days among the first n with net > 0, and their x = −k. */
function tradingDays(net: Float64Array, n: number): { x: number[]; y: number[] } {
  const x: number[] = []
  const y: number[] = []
  for (let k = 0; k < n; k++) {
    const value = net[k] ?? 0
    if (value > 0) {
      x.push(-k)
      y.push(Math.log(value))
    }
  }
  return { x, y }
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length
}

function logTrendSlope(net: Float64Array, n: number): number {
  const { x, y } = tradingDays(net, n)
  if (x.length < TREND_MIN_DAYS) return 0
  const xMean = mean(x)
  const yMean = mean(y)
  let covariance = 0
  let xVariance = 0
  for (let i = 0; i < x.length; i++) {
    covariance += (x[i]! - xMean) * (y[i]! - yMean)
    xVariance += (x[i]! - xMean) ** 2
  }
  return covariance / xVariance
}

function logVolatility(net: Float64Array, n: number): number {
  const { y } = tradingDays(net, n)
  if (y.length < 2) return 0
  const yMean = mean(y)
  return Math.sqrt(mean(y.map((v) => (v - yMean) ** 2)))
}

function coefficientOfVariation(net: Float64Array, n: number, mean: number): number {
  if (n < 2 || mean <= 0) return 0
  let squares = 0
  for (let k = 0; k < n; k++) squares += ((net[k] ?? 0) - mean) ** 2
  return Math.sqrt(squares / n) / mean
}

/**
 * Computes the features of one merchant as of `asOfDate` (see the module comment for the shared
 * definitions). Pure and deterministic; never returns NaN or ±Infinity. Rows outside the window are
 * ignored, so the caller may pass the merchant's whole history.
 */
export function computeFeatures(
  dailySales: Iterable<DailySalesRow>,
  context: FeatureContext,
): MerchantFeatures {
  const tenureDays = daysBetween(context.openedOn, context.asOfDate)
  assert(tenureDays >= 0, `openedOn ${context.openedOn} is after asOfDate ${context.asOfDate}`)
  const days = collectWindow(dailySales, context, tenureDays)
  const n7 = openDays(SPIKE_WINDOW_DAYS, tenureDays)
  const n30 = openDays(SHORT_WINDOW_DAYS, tenureDays)
  const n90 = openDays(MEDIUM_WINDOW_DAYS, tenureDays)
  const n180 = openDays(FEATURE_WINDOW_DAYS, tenureDays)

  let activeDays = 0
  let lastSaleIndex = -1
  for (let k = n180 - 1; k >= 0; k--) {
    if ((days.net[k] ?? 0) > 0) {
      activeDays++
      lastSaleIndex = k
    }
  }
  const avg7 = sumFirst(days.net, n7) / n7
  const avg90 = sumFirst(days.net, n90) / n90
  const gross90 = sumFirst(days.gross, n90)
  return {
    tenureDays,
    activeDaysShare180: activeDays / n180,
    avgDailyNetFen30: sumFirst(days.net, n30) / n30,
    avgDailyNetFen90: avg90,
    avgDailyNetFen180: sumFirst(days.net, n180) / n180,
    trendSlope90: relativeSlope(days.net, n90, avg90),
    cv90: coefficientOfVariation(days.net, n90, avg90),
    logTrendSlope180: logTrendSlope(days.net, n180),
    logVolatility90: logVolatility(days.net, n90),
    refundRate90: gross90 > 0 ? sumFirst(days.refund, n90) / gross90 : 0,
    daysSinceLastSale: lastSaleIndex >= 0 ? lastSaleIndex : n180,
    orderCount30: sumFirst(days.orders, n30),
    spikeRatio7to90: avg90 > 0 ? Math.max(0, avg7) / avg90 : 1,
  }
}
