/**
 * An explainable credit scorecard: L2-regularised logistic regression on transformed, standardised
 * {@link MerchantFeatures}, Platt-calibrated, scaled to points, with reason codes a merchant can read.
 * The trained model is a plain JSON object, committed to the repository and versioned, so a decision can
 * always be re-derived from the model file and the features.
 *
 * Pipeline, for each model input j (several inputs may read the same feature):
 *   v_j = transform_j(clamp(feature, min_j, max_j))      identity, ln(1 + v) or ln(v)  (winsorising)
 *   x_j = (v_j − mean_j) / std_j                         mean, std: over the fitting rows
 *   s   = intercept + Σ weight_j · x_j                   the model's log-odds of default
 *   z   = calibration.intercept + calibration.slope · s  Platt scaling, fitted on a held-back split
 *   PD  = 1 / (1 + e^−z)
 *   score = round(offset + factor · ln((1 − PD) / PD)), factor = pdo / ln 2,
 *           offset = baseScore − factor · ln(baseOdds)   (600 points at 50:1 good:bad, 50 to double)
 * Reasons: input j moves the score, relative to the average merchant (x_j = 0), by
 *   −factor · slope · weight_j · x_j points; inputs on the side of the average their reason describes
 * (`adverse`) are summed per reason code, and the (at most 3) codes that cost the most points, at least
 * {@link REASON_POINTS_MIN}, are given, worst first. Inputs on the other side are summed per strength
 * code the same way ({@link STRENGTH_OF_REASON}): what gains a merchant the most points, so an approved
 * line can say what supports it, not only what holds it down.
 * @module
 */
import { z } from 'zod'
import { assert } from '../kernel/assert.js'
import type { MerchantFeatures } from './features.js'

export const SCORECARD_VERSION = 'scorecard-v1'
export const REASONS_MAX = 3
/**
 * A reason is only given when it costs the merchant at least this many points (a fifth of the 50
 * points that double the odds): below that it is noise, and telling a merchant about it would mislead.
 */
export const REASON_POINTS_MIN = 10
/** PDs are kept inside [PD_MIN, 1 − PD_MIN], so odds and points stay finite. */
export const PD_MIN = 1e-6
export const DEFAULT_L2 = 1
/** Every `CALIBRATION_EVERY`-th training row (the last of each group) is held back for calibration. */
export const CALIBRATION_EVERY = 4
export const NEWTON_ITERATIONS_MAX = 100
const NEWTON_TOLERANCE = 1e-9
const STEP_HALVINGS_MAX = 40
const STD_MIN = 1e-12

export const REASON_CODES = [
  'short_tenure',
  'declining_sales',
  'recent_sales_drop',
  'volatile_sales',
  'high_refund_rate',
  'recent_inactivity',
  'low_sales_volume',
  'few_active_days',
  'few_orders',
  'sales_spike',
] as const
export type ReasonCode = (typeof REASON_CODES)[number]

/** What the merchant is told: plain words, no jargon, no numbers that could be gamed. */
export const REASON_TEXTS: Readonly<Record<ReasonCode, string>> = {
  short_tenure: 'Your shop has only been selling with us for a short time.',
  declining_sales: 'Your sales have been going down over the last three months.',
  recent_sales_drop: 'Your sales in the last week were lower than usual.',
  volatile_sales: 'Your sales go up and down a lot from day to day.',
  high_refund_rate: 'A large share of your sales in the last three months was refunded.',
  recent_inactivity: 'Your shop has not made a sale for some days.',
  low_sales_volume: 'Your daily sales are still small.',
  few_active_days: 'Your shop had sales on only some of the days in the last six months.',
  few_orders: 'Your shop had few orders in the last 30 days.',
  sales_spike: 'Your sales in the last week jumped well above your usual level.',
}

/**
 * The favourable side of each reason: what a merchant is told supports its line. The two one-sided
 * inputs of the last week's sales (a drop, a spike) share one strength: the last week looked usual.
 */
export const STRENGTH_OF_REASON = {
  short_tenure: 'long_tenure',
  declining_sales: 'growing_sales',
  recent_sales_drop: 'steady_recent_sales',
  volatile_sales: 'steady_sales',
  high_refund_rate: 'few_refunds',
  recent_inactivity: 'recent_sales',
  low_sales_volume: 'strong_sales_volume',
  few_active_days: 'regular_sales_days',
  few_orders: 'many_orders',
  sales_spike: 'steady_recent_sales',
} as const satisfies Record<ReasonCode, string>
export type StrengthCode = (typeof STRENGTH_OF_REASON)[ReasonCode]
export const STRENGTH_CODES = [...new Set(Object.values(STRENGTH_OF_REASON))] as StrengthCode[]

/** What the merchant is told supports its line: plain words, as the reasons. */
export const STRENGTH_TEXTS: Readonly<Record<StrengthCode, string>> = {
  long_tenure: 'Your shop has been selling with us for a long time.',
  growing_sales: 'Your sales have held up or grown over the last six months.',
  steady_recent_sales: 'Your sales in the last week were in line with your usual level.',
  steady_sales: 'Your sales are steady from day to day.',
  few_refunds: 'Few of your sales are refunded.',
  recent_sales: 'Your shop made sales in the last few days.',
  strong_sales_volume: 'Your daily sales are well above those of most shops.',
  regular_sales_days: 'Your shop had sales on most days of the last six months.',
  many_orders: 'Your shop had many orders in the last 30 days.',
}

export type FeatureName = keyof MerchantFeatures

/** clamp to [min, max], then identity, ln(1 + v) or ln(v) (`log` needs min > 0). */
export type InputTransform = Readonly<{ kind: 'identity' | 'log1p' | 'log'; min: number; max: number }>

/**
 * One model input. `adverse` says which side of the average is the risky one that `reasonCode`
 * describes ('low' tenure is short_tenure); a reason is only given on that side, whatever the fitted sign.
 */
export type InputSpec = Readonly<{
  name: string
  field: FeatureName
  transform: InputTransform
  reasonCode: ReasonCode
  adverse: 'low' | 'high'
}>

export type ScorecardFeature = InputSpec & Readonly<{ mean: number; std: number; weight: number }>

export type ScorecardPoints = Readonly<{ baseScore: number; pdo: number; baseOdds: number }>

export type ScorecardModel = Readonly<{
  version: string
  trainedOn: Readonly<{ seed: number; merchantCount: number; days: number; asOfDate: string }>
  features: readonly ScorecardFeature[]
  intercept: number
  l2: number
  calibration: Readonly<{ method: 'platt'; intercept: number; slope: number; rows: number }>
  points: ScorecardPoints
}>

export const DEFAULT_POINTS: ScorecardPoints = { baseScore: 600, pdo: 50, baseOdds: 50 }

const MONEY_MAX = 1e10 // fen a day: far above any real shop
/**
 * The inputs of scorecard-v1 and why each transform: money and counts are skewed, so ln(1 + v); tenure
 * stops mattering after a year, so it is winsorised at 365 days; growth is winsorised at ±0.3 % a day
 * (±70 % in 180 days) so a few collapsing shops do not set the weight; the 7-to-90-day ratio is risky in
 * both directions (a fake spike, a sudden drop), so it is split into two one-sided log inputs.
 * avgDailyNetFen30/180, trendSlope90 and cv90 are computed but left out: with avgDailyNetFen90,
 * logTrendSlope180 and logVolatility90 in the model they added nothing on held-out data (AUC ±0.001)
 * and only blurred the reasons.
 */
export const DEFAULT_INPUTS: readonly InputSpec[] = [
  input('tenureDays', 'log1p', 0, 365, 'short_tenure', 'low'),
  input('activeDaysShare180', 'identity', 0, 1, 'few_active_days', 'low'),
  input('avgDailyNetFen90', 'log1p', 0, MONEY_MAX, 'low_sales_volume', 'low'),
  input('logTrendSlope180', 'identity', -0.003, 0.003, 'declining_sales', 'low'),
  input('logVolatility90', 'identity', 0, 3, 'volatile_sales', 'high'),
  input('refundRate90', 'identity', 0, 1, 'high_refund_rate', 'high'),
  input('daysSinceLastSale', 'log1p', 0, 180, 'recent_inactivity', 'high'),
  input('orderCount30', 'log1p', 0, 1e7, 'few_orders', 'low'),
  { ...input('spikeRatio7to90', 'log', 1, 20, 'sales_spike', 'high'), name: 'spikeRatio7to90:up' },
  { ...input('spikeRatio7to90', 'log', 0.05, 1, 'recent_sales_drop', 'low'), name: 'spikeRatio7to90:down' },
]

function input(
  field: FeatureName,
  kind: InputTransform['kind'],
  min: number,
  max: number,
  reasonCode: ReasonCode,
  adverse: 'low' | 'high',
): InputSpec {
  return { name: field, field, transform: { kind, min, max }, reasonCode, adverse }
}

/** The transformed (not yet standardised) value of one input. */
export function transformInput(spec: InputSpec, features: MerchantFeatures): number {
  const { kind, min, max } = spec.transform
  const value = Math.min(max, Math.max(min, features[spec.field]))
  if (kind === 'log1p') return Math.log1p(value)
  if (kind === 'log') return Math.log(value)
  return value
}

function sigmoid(logit: number): number {
  return 1 / (1 + Math.exp(-logit))
}

// ---------------------------------------------------------------------------------------------------
// Fitting: Newton–Raphson (IRLS) on the penalised log-likelihood, deterministic and exact to 1e-9.

/** Solves A·x = b for a small dense symmetric positive-definite A (Gaussian elimination, pivoting). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length
  const m = a.map((row, i) => [...row, b[i]!])
  for (let col = 0; col < n; col++) {
    let pivot = col
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r
    ;[m[col], m[pivot]] = [m[pivot]!, m[col]!]
    const pivotRow = m[col]!
    assert(Math.abs(pivotRow[col]!) > 1e-300, 'singular system in logistic regression')
    for (let r = col + 1; r < n; r++) {
      const row = m[r]!
      const ratio = row[col]! / pivotRow[col]!
      for (let c = col; c <= n; c++) row[c] = row[c]! - ratio * pivotRow[c]!
    }
  }
  const x = new Array<number>(n).fill(0)
  for (let r = n - 1; r >= 0; r--) {
    const row = m[r]!
    let sum = row[n]!
    for (let c = r + 1; c < n; c++) sum -= row[c]! * x[c]!
    x[r] = sum / row[r]!
  }
  return x
}

type Design = Readonly<{ columns: readonly Float64Array[]; labels: readonly boolean[]; l2: number }>

/** The log-odds of row i under beta. */
function rowLogit(design: Design, beta: readonly number[], i: number): number {
  let logit = beta[0]!
  for (let j = 1; j < beta.length; j++) logit += beta[j]! * design.columns[j - 1]![i]!
  return logit
}

/** −log-likelihood + (l2/2)·Σ βj² (j ≥ 1), computed stably (log(1 + e^t) without overflow). */
function penalisedLoss(design: Design, beta: readonly number[]): number {
  let loss = 0
  for (let i = 0; i < design.labels.length; i++) {
    const t = design.labels[i] ? -rowLogit(design, beta, i) : rowLogit(design, beta, i)
    loss += t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t))
  }
  for (let j = 1; j < beta.length; j++) loss += (design.l2 / 2) * beta[j]! ** 2
  return loss
}

/** The Newton step at beta: (Hessian of the loss)⁻¹ · (−gradient of the loss). */
function newtonStep(design: Design, beta: readonly number[]): number[] {
  const p = beta.length
  const gradient = new Array<number>(p).fill(0)
  const hessian = Array.from({ length: p }, () => new Array<number>(p).fill(0))
  const xi = new Float64Array(p)
  for (let i = 0; i < design.labels.length; i++) {
    xi[0] = 1
    for (let j = 1; j < p; j++) xi[j] = design.columns[j - 1]![i]!
    const prob = sigmoid(rowLogit(design, beta, i))
    const residual = (design.labels[i] ? 1 : 0) - prob
    const w = prob * (1 - prob)
    for (let j = 0; j < p; j++) {
      gradient[j] = gradient[j]! + residual * xi[j]!
      const hj = hessian[j]!
      for (let k = 0; k <= j; k++) hj[k] = hj[k]! + w * xi[j]! * xi[k]!
    }
  }
  for (let j = 0; j < p; j++) for (let k = j + 1; k < p; k++) hessian[j]![k] = hessian[k]![j]!
  for (let j = 1; j < p; j++) {
    gradient[j] = gradient[j]! - design.l2 * beta[j]!
    hessian[j]![j] = hessian[j]![j]! + design.l2
  }
  return solve(hessian, gradient)
}

/**
 * Fits log-odds = β0 + Σ βj·xj by Newton's method with step halving (a full Newton step can
 * overshoot and cycle), minimising −log-likelihood + (l2/2)·Σ βj² for j ≥ 1 (the intercept is not
 * penalised). `columns[j][i]` is input j of row i. Returns [β0, β1, …]. Deterministic.
 */
export function fitLogistic(
  columns: readonly Float64Array[],
  labels: readonly boolean[],
  l2: number,
): number[] {
  const design: Design = { columns, labels, l2 }
  const positives = labels.filter(Boolean).length
  assert(positives > 0 && positives < labels.length, 'logistic regression needs both outcomes among the rows')
  let beta = new Array<number>(columns.length + 1).fill(0)
  beta[0] = Math.log(positives / (labels.length - positives))
  let loss = penalisedLoss(design, beta)
  for (let iteration = 0; iteration < NEWTON_ITERATIONS_MAX; iteration++) {
    const step = newtonStep(design, beta)
    let scale = 1
    let candidate = beta.map((b, j) => b + step[j]!)
    let candidateLoss = penalisedLoss(design, candidate)
    for (let halvings = 0; candidateLoss > loss && halvings < STEP_HALVINGS_MAX; halvings++) {
      scale /= 2
      candidate = beta.map((b, j) => b + scale * step[j]!)
      candidateLoss = penalisedLoss(design, candidate)
    }
    beta = candidate
    loss = candidateLoss
    if (scale * Math.max(...step.map(Math.abs)) < NEWTON_TOLERANCE) break
  }
  return beta
}

export type TrainingRow = Readonly<{ features: MerchantFeatures; defaulted: boolean }>

export type TrainOptions = Readonly<{
  trainedOn: ScorecardModel['trainedOn']
  l2?: number
  inputs?: readonly InputSpec[]
  version?: string
  points?: ScorecardPoints
}>

function meanAndStd(values: Float64Array): { mean: number; std: number } {
  let sum = 0
  for (const v of values) sum += v
  const mean = sum / values.length
  let squares = 0
  for (const v of values) squares += (v - mean) ** 2
  const std = Math.sqrt(squares / values.length)
  return { mean, std: std < STD_MIN ? 1 : std }
}

/** Model log-odds before calibration: intercept + Σ weight·standardised input. */
function rawLogit(model: Pick<ScorecardModel, 'features' | 'intercept'>, features: MerchantFeatures): number {
  let logit = model.intercept
  for (const f of model.features) logit += (f.weight * (transformInput(f, features) - f.mean)) / f.std
  return logit
}

/**
 * Trains the scorecard. Rows are split deterministically: every {@link CALIBRATION_EVERY}-th row
 * (index % 4 = 3) is held back to fit the Platt calibration z = a + b·s on the fitted model's log-odds
 * s (an unpenalised 1-input logistic regression); the rest fit the standardisation and the weights.
 * Calibration corrects the shrinkage the L2 penalty puts on the log-odds.
 */
export function trainLogisticRegression(rows: readonly TrainingRow[], options: TrainOptions): ScorecardModel {
  const inputs = options.inputs ?? DEFAULT_INPUTS
  const l2 = options.l2 ?? DEFAULT_L2
  const fitRows = rows.filter((_, i) => i % CALIBRATION_EVERY !== CALIBRATION_EVERY - 1)
  const calibrationRows = rows.filter((_, i) => i % CALIBRATION_EVERY === CALIBRATION_EVERY - 1)
  const columns = inputs.map((spec) =>
    Float64Array.from(fitRows, (row) => transformInput(spec, row.features)),
  )
  const stats = columns.map(meanAndStd)
  columns.forEach((column, j) => {
    const { mean, std } = stats[j]!
    for (let i = 0; i < column.length; i++) column[i] = (column[i]! - mean) / std
  })
  const beta = fitLogistic(
    columns,
    fitRows.map((row) => row.defaulted),
    l2,
  )
  const uncalibrated = {
    intercept: beta[0]!,
    features: inputs.map((spec, j) => ({ ...spec, ...stats[j]!, weight: beta[j + 1]! })),
  }
  const logits = Float64Array.from(calibrationRows, (row) => rawLogit(uncalibrated, row.features))
  const [plattIntercept, plattSlope] = fitLogistic(
    [logits],
    calibrationRows.map((row) => row.defaulted),
    0,
  )
  return {
    version: options.version ?? SCORECARD_VERSION,
    trainedOn: options.trainedOn,
    features: uncalibrated.features,
    intercept: uncalibrated.intercept,
    l2,
    calibration: {
      method: 'platt',
      intercept: plattIntercept!,
      slope: plattSlope!,
      rows: calibrationRows.length,
    },
    points: options.points ?? DEFAULT_POINTS,
  }
}

// ---------------------------------------------------------------------------------------------------
// Scoring.

export type ScoreReason = Readonly<{ code: ReasonCode; text: string }>
export type ScoreStrength = Readonly<{ code: StrengthCode; text: string }>
export type MerchantScore = Readonly<{
  pd: number
  score: number
  reasons: ScoreReason[]
  /** What gains the merchant the most points (at most 3, each at least REASON_POINTS_MIN), best first. */
  strengths: ScoreStrength[]
}>

function pointsFactor(points: ScorecardPoints): number {
  return points.pdo / Math.LN2
}

/** The calibrated probability of default, in [PD_MIN, 1 − PD_MIN]. */
export function predictDefaultProbability(model: ScorecardModel, features: MerchantFeatures): number {
  const logit = model.calibration.intercept + model.calibration.slope * rawLogit(model, features)
  return Math.min(1 - PD_MIN, Math.max(PD_MIN, sigmoid(logit)))
}

/**
 * Points that each reason code costs this merchant against the average merchant, on the side of the
 * average its reason describes (`lost`), and the points each strength code gains it on the other side
 * (`gained`).
 */
function pointsByCode(
  model: ScorecardModel,
  features: MerchantFeatures,
): { lost: Map<ReasonCode, number>; gained: Map<StrengthCode, number> } {
  const pointsPerLogit = pointsFactor(model.points) * model.calibration.slope
  const lost = new Map<ReasonCode, number>()
  const gained = new Map<StrengthCode, number>()
  for (const f of model.features) {
    const x = (transformInput(f, features) - f.mean) / f.std
    const onAdverseSide = f.adverse === 'high' ? x > 0 : x < 0
    const points = pointsPerLogit * f.weight * x
    if (onAdverseSide) lost.set(f.reasonCode, (lost.get(f.reasonCode) ?? 0) + points)
    else {
      const strength = STRENGTH_OF_REASON[f.reasonCode]
      gained.set(strength, (gained.get(strength) ?? 0) - points)
    }
  }
  return { lost, gained }
}

/** The codes worth telling (at least REASON_POINTS_MIN points), most points first, ties by code. */
function topCodes<Code extends string>(points: Map<Code, number>): Code[] {
  return [...points]
    .filter(([, value]) => value >= REASON_POINTS_MIN)
    .sort(([codeA, a], [codeB, b]) => b - a || codeA.localeCompare(codeB))
    .slice(0, REASONS_MAX)
    .map(([code]) => code)
}

/**
 * Scores a merchant: calibrated PD, integer points (higher is safer), up to three reasons, worst
 * first, each costing at least {@link REASON_POINTS_MIN} points against the average merchant, and up
 * to three strengths, best first, each gaining at least as many. Ties are broken by code, so the
 * answer is stable.
 */
export function scoreMerchant(model: ScorecardModel, features: MerchantFeatures): MerchantScore {
  const pd = predictDefaultProbability(model, features)
  const factor = pointsFactor(model.points)
  const offset = model.points.baseScore - factor * Math.log(model.points.baseOdds)
  const score = Math.round(offset + factor * Math.log((1 - pd) / pd))
  const { lost, gained } = pointsByCode(model, features)
  const reasons = topCodes(lost).map((code) => ({ code, text: REASON_TEXTS[code] }))
  const strengths = topCodes(gained).map((code) => ({ code, text: STRENGTH_TEXTS[code] }))
  return { pd, score, reasons, strengths }
}

// ---------------------------------------------------------------------------------------------------
// Evaluation.

function checkScoresAndLabels(scores: readonly number[], labels: readonly boolean[]): number {
  assert(scores.length === labels.length, 'scores and labels differ in length')
  const positives = labels.filter(Boolean).length
  assert(positives > 0 && positives < labels.length, 'AUC and KS need both outcomes among the labels')
  return positives
}

/**
 * Area under the ROC curve, where a higher score means "more likely positive": the probability that a
 * random positive outscores a random negative, ties counting one half (Mann–Whitney with mid-ranks).
 */
export function aucOf(scores: readonly number[], labels: readonly boolean[]): number {
  const positives = checkScoresAndLabels(scores, labels)
  const order = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!)
  let positiveRankSum = 0
  for (let start = 0; start < order.length;) {
    let end = start
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[start]!]) end++
    const midRank = (start + end) / 2 + 1 // ranks are 1-based
    for (let i = start; i <= end; i++) if (labels[order[i]!]) positiveRankSum += midRank
    start = end + 1
  }
  const negatives = labels.length - positives
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives)
}

/**
 * Kolmogorov–Smirnov statistic: the largest gap between the cumulative score distributions of
 * positives and negatives, over thresholds that do not split tied scores.
 */
export function ksOf(scores: readonly number[], labels: readonly boolean[]): number {
  const positives = checkScoresAndLabels(scores, labels)
  const negatives = labels.length - positives
  const order = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!)
  let seenPositives = 0
  let seenNegatives = 0
  let ks = 0
  for (let i = 0; i < order.length; i++) {
    if (labels[order[i]!]) seenPositives++
    else seenNegatives++
    const next = order[i + 1]
    if (next !== undefined && scores[next] === scores[order[i]!]) continue
    ks = Math.max(ks, Math.abs(seenNegatives / negatives - seenPositives / positives))
  }
  return ks
}

export type CalibrationBand = Readonly<{
  band: number
  count: number
  predictedPd: number
  observedRate: number
}>

/**
 * Splits row indices into `bandCount` equal-count bands by ascending PD (ties by index, so the bands are
 * stable); band sizes differ by at most one. Empty bands (fewer rows than bands) are left out.
 */
export function equalCountBands(pds: readonly number[], bandCount: number): number[][] {
  assert(
    Number.isInteger(bandCount) && bandCount >= 1,
    `bandCount must be a positive integer, got ${bandCount}`,
  )
  const order = pds.map((_, i) => i).sort((a, b) => pds[a]! - pds[b]! || a - b)
  const bands: number[][] = []
  for (let band = 0; band < bandCount; band++) {
    const from = Math.floor((band * order.length) / bandCount)
    const to = Math.floor(((band + 1) * order.length) / bandCount)
    if (to > from) bands.push(order.slice(from, to))
  }
  return bands
}

/** Equal-count bands of rows sorted by predicted PD (band 1 = safest): mean PD beside the default rate. */
export function calibrationTable(
  pds: readonly number[],
  labels: readonly boolean[],
  bandCount = 10,
): CalibrationBand[] {
  assert(pds.length === labels.length, 'pds and labels differ in length')
  return equalCountBands(pds, bandCount).map((members, band) => {
    const predicted = members.reduce((sum, i) => sum + pds[i]!, 0)
    const observed = members.reduce((sum, i) => sum + (labels[i] ? 1 : 0), 0)
    return {
      band: band + 1,
      count: members.length,
      predictedPd: predicted / members.length,
      observedRate: observed / members.length,
    }
  })
}

export type Evaluation = Readonly<{ auc: number; ks: number; calibration: CalibrationBand[] }>

/** How well the model ranks (AUC, KS on PD) and how well its PDs match observed default rates. */
export function evaluate(model: ScorecardModel, rows: readonly TrainingRow[], bandCount = 10): Evaluation {
  const pds = rows.map((row) => predictDefaultProbability(model, row.features))
  const labels = rows.map((row) => row.defaulted)
  return {
    auc: aucOf(pds, labels),
    ks: ksOf(pds, labels),
    calibration: calibrationTable(pds, labels, bandCount),
  }
}

// ---------------------------------------------------------------------------------------------------
// Loading a committed model.

const FEATURE_NAMES = [
  'tenureDays',
  'activeDaysShare180',
  'avgDailyNetFen30',
  'avgDailyNetFen90',
  'avgDailyNetFen180',
  'trendSlope90',
  'cv90',
  'logTrendSlope180',
  'logVolatility90',
  'refundRate90',
  'daysSinceLastSale',
  'orderCount30',
  'spikeRatio7to90',
] as const satisfies readonly FeatureName[]

const ModelSchema = z.object({
  version: z.string().min(1),
  trainedOn: z.object({
    seed: z.number(),
    merchantCount: z.number(),
    days: z.number(),
    asOfDate: z.string(),
  }),
  features: z.array(
    z.object({
      name: z.string(),
      field: z.enum(FEATURE_NAMES),
      transform: z.object({ kind: z.enum(['identity', 'log1p', 'log']), min: z.number(), max: z.number() }),
      reasonCode: z.enum(REASON_CODES),
      adverse: z.enum(['low', 'high']),
      mean: z.number(),
      std: z.number().positive(),
      weight: z.number(),
    }),
  ),
  intercept: z.number(),
  l2: z.number(),
  calibration: z.object({
    method: z.literal('platt'),
    intercept: z.number(),
    slope: z.number(),
    rows: z.number(),
  }),
  points: z.object({ baseScore: z.number(), pdo: z.number().positive(), baseOdds: z.number().positive() }),
})

/** Checks a parsed model file (e.g. models/scorecard-v1.json) and returns it typed; throws if malformed. */
export function parseScorecardModel(json: unknown): ScorecardModel {
  return ModelSchema.parse(json)
}
