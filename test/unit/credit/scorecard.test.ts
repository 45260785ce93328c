import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { MerchantFeatures } from '../../../src/credit/features.js'
import { iteratePopulation, labelMerchant } from '../../../src/credit/merchant-population.js'
import { createRandom } from '../../../src/credit/random.js'
import {
  aucOf,
  DEFAULT_POINTS,
  evaluate,
  fitLogistic,
  ksOf,
  parseScorecardModel,
  REASON_CODES,
  REASON_TEXTS,
  STRENGTH_CODES,
  STRENGTH_TEXTS,
  scoreMerchant,
  trainLogisticRegression,
  type ScorecardModel,
} from '../../../src/credit/scorecard.js'
import { isoDate } from '../../../src/kernel/business-date.js'

const AS_OF = isoDate('2026-01-31')
const DAYS = 120

function cohort(seed: number, merchantCount: number) {
  return Array.from(iteratePopulation({ seed, merchantCount, days: DAYS, endDate: AS_OF }), (m) =>
    labelMerchant(m, AS_OF),
  )
}

const trainRows = cohort(501, 4_000)
const testRows = cohort(502, 4_000)
const model = trainLogisticRegression(trainRows, {
  trainedOn: { seed: 501, merchantCount: 4_000, days: DAYS, asOfDate: AS_OF },
})

const steady: MerchantFeatures = {
  tenureDays: 900,
  activeDaysShare180: 0.95,
  avgDailyNetFen30: 300_000,
  avgDailyNetFen90: 300_000,
  avgDailyNetFen180: 300_000,
  trendSlope90: 0.001,
  cv90: 0.3,
  logTrendSlope180: 0.001,
  logVolatility90: 0.2,
  refundRate90: 0.01,
  daysSinceLastSale: 0,
  orderCount30: 2_000,
  spikeRatio7to90: 1,
}
const struggling: MerchantFeatures = {
  ...steady,
  tenureDays: 12,
  activeDaysShare180: 0.4,
  avgDailyNetFen90: 20_000,
  logTrendSlope180: -0.004,
  logVolatility90: 1.2,
  refundRate90: 0.25,
  daysSinceLastSale: 9,
  orderCount30: 40,
}

describe('aucOf and ksOf', () => {
  const labels = [false, false, true, true]
  it('scores a perfect ranking 1, a reversed one 0 and all ties 0.5', () => {
    expect(aucOf([0.1, 0.2, 0.8, 0.9], labels)).toBe(1)
    expect(aucOf([0.9, 0.8, 0.2, 0.1], labels)).toBe(0)
    expect(aucOf([0.5, 0.5, 0.5, 0.5], labels)).toBe(0.5)
  })

  it('counts pairs, ties as one half', () => {
    // positives score 2 and 4, negatives 1 and 3: 3 of 4 pairs ordered.
    expect(aucOf([1, 2, 3, 4], [false, true, false, true])).toBe(0.75)
    // positives 2 and 3, negatives 1 and 2: 1 + 0.5 + 1 + 1 of 4.
    expect(aucOf([1, 2, 2, 3], [false, true, false, true])).toBe(0.875)
  })

  it('measures KS as the widest gap between the two cumulative distributions', () => {
    expect(ksOf([0.1, 0.2, 0.8, 0.9], labels)).toBe(1)
    expect(ksOf([0.5, 0.5, 0.5, 0.5], labels)).toBe(0)
    expect(ksOf([1, 2, 3, 4], [false, true, false, true])).toBe(0.5)
  })

  it('refuses labels of one class only', () => {
    expect(() => aucOf([1, 2], [true, true])).toThrow()
    expect(() => ksOf([1, 2], [false, false])).toThrow()
  })
})

describe('fitLogistic', () => {
  it('recovers the coefficients of a known logistic model', () => {
    const random = createRandom(9)
    const n = 20_000
    const x = Float64Array.from({ length: n }, () => random.normal())
    const labels = Array.from(x, (v) => random.bernoulli(1 / (1 + Math.exp(-(-1 + 2 * v)))))
    const [b0, b1] = fitLogistic([x], labels, 0)
    expect(b0).toBeCloseTo(-1, 1)
    expect(b1).toBeCloseTo(2, 1)
  })
})

describe('trained scorecard', () => {
  it('ranks a held-out cohort well above chance, with calibrated bands', () => {
    const result = evaluate(model, testRows)
    expect(result.auc).toBeGreaterThan(0.72)
    expect(result.ks).toBeGreaterThan(0.3)
    expect(result.calibration).toHaveLength(10)
    expect(result.calibration.reduce((s, band) => s + band.count, 0)).toBe(testRows.length)
    const top = result.calibration[9]!
    expect(top.observedRate).toBeGreaterThan(result.calibration[0]!.observedRate)
    expect(Math.abs(top.predictedPd - top.observedRate)).toBeLessThan(0.08)
  })

  it('is deterministic and survives a JSON round trip', () => {
    const again = trainLogisticRegression(trainRows, { trainedOn: model.trainedOn })
    expect(again).toEqual(model)
    const reloaded = parseScorecardModel(JSON.parse(JSON.stringify(model)))
    expect(reloaded).toEqual(model)
    expect(scoreMerchant(reloaded, struggling)).toEqual(scoreMerchant(model, struggling))
  })

  it('scores integer points, a PD in (0, 1) and at most 3 known reasons', () => {
    for (const row of testRows.slice(0, 500)) {
      const result = scoreMerchant(model, row.features)
      expect(Number.isInteger(result.score)).toBe(true)
      expect(result.pd).toBeGreaterThan(0)
      expect(result.pd).toBeLessThan(1)
      expect(result.reasons.length).toBeLessThanOrEqual(3)
      for (const reason of result.reasons) {
        expect(REASON_CODES).toContain(reason.code)
        expect(reason.text).toBe(REASON_TEXTS[reason.code])
      }
      expect(new Set(result.reasons.map((r) => r.code)).size).toBe(result.reasons.length)
      expect(result.strengths.length).toBeLessThanOrEqual(3)
      for (const strength of result.strengths) {
        expect(STRENGTH_CODES).toContain(strength.code)
        expect(strength.text).toBe(STRENGTH_TEXTS[strength.code])
      }
    }
  })

  it('scores a struggling merchant lower than a steady one, and says why', () => {
    const good = scoreMerchant(model, steady)
    const bad = scoreMerchant(model, struggling)
    expect(bad.score).toBeLessThan(good.score)
    expect(bad.pd).toBeGreaterThan(good.pd)
    expect(bad.reasons).toHaveLength(3)
    expect(bad.reasons.map((r) => r.code)).toContain('short_tenure')
    expect(good.reasons.map((r) => r.code)).not.toContain('short_tenure')
    // …and what holds up the steady one: a reason's opposite is never also its strength.
    expect(good.strengths.length).toBeGreaterThan(0)
    expect(bad.strengths.map((s) => s.code)).not.toContain('long_tenure')
  })
})

describe('points scaling', () => {
  const flat = (intercept: number): ScorecardModel => ({
    version: 'test',
    trainedOn: { seed: 0, merchantCount: 0, days: 0, asOfDate: '2026-01-31' },
    features: [],
    intercept,
    l2: 0,
    calibration: { method: 'platt', intercept: 0, slope: 1, rows: 0 },
    points: DEFAULT_POINTS,
  })

  it('gives 600 points at 50:1 odds of good, and 50 points fewer each time the odds halve', () => {
    expect(scoreMerchant(flat(-Math.log(50)), steady)).toMatchObject({
      score: 600,
      reasons: [],
      strengths: [],
    })
    expect(scoreMerchant(flat(-Math.log(50)), steady).pd).toBeCloseTo(1 / 51, 12)
    expect(scoreMerchant(flat(-Math.log(25)), steady).score).toBe(550)
    expect(scoreMerchant(flat(-Math.log(100)), steady).score).toBe(650)
  })

  it('keeps PD and points finite at the extremes', () => {
    for (const intercept of [-1_000, 1_000]) {
      const result = scoreMerchant(flat(intercept), steady)
      expect(result.pd).toBeGreaterThan(0)
      expect(result.pd).toBeLessThan(1)
      expect(Number.isInteger(result.score)).toBe(true)
    }
  })
})

describe('the committed model', () => {
  it('parses and is scorecard-v1', () => {
    const url = new URL('../../../src/credit/models/scorecard-v1.json', import.meta.url)
    const committed = parseScorecardModel(JSON.parse(readFileSync(url, 'utf8')))
    expect(committed.version).toBe('scorecard-v1')
    expect(committed.points).toEqual({ baseScore: 600, pdo: 50, baseOdds: 50 })
    expect(scoreMerchant(committed, struggling).score).toBeLessThan(scoreMerchant(committed, steady).score)
  })
})
