import { describe, expect, it } from 'vitest'
import { CREDIT_POLICY, decideCreditLine } from '../../../src/credit/credit-policy.js'
import type { MerchantFeatures } from '../../../src/credit/features.js'
import { offerOptions } from '../../../src/credit/offer.js'
import type { MerchantScore } from '../../../src/credit/scorecard.js'
import { isoDate } from '../../../src/kernel/business-date.js'

const healthy: MerchantFeatures = {
  tenureDays: 400,
  activeDaysShare180: 0.95,
  avgDailyNetFen30: 200_000,
  avgDailyNetFen90: 200_000,
  avgDailyNetFen180: 190_000,
  trendSlope90: 0.001,
  cv90: 0.3,
  logTrendSlope180: 0.0005,
  logVolatility90: 0.25,
  refundRate90: 0.01,
  daysSinceLastSale: 0,
  orderCount30: 900,
  spikeRatio7to90: 1,
}
const safe: MerchantScore = { pd: 0.005, score: 720, reasons: [], strengths: [] }

describe('credit policy', () => {
  it('gives band A a line of 1.5 months of net sales, in whole yuan', () => {
    const decision = decideCreditLine(healthy, safe)
    expect(decision).toMatchObject({ eligible: true, scoreBand: 'A' })
    expect(decision.creditLimitFen).toBe(9_000_000) // 200,000 fen × 30 × 1.5
  })

  it('caps the line below 1,000,000 yuan and never gives less than 1 yuan', () => {
    expect(decideCreditLine({ ...healthy, avgDailyNetFen90: 1e9 }, safe).creditLimitFen).toBe(
      CREDIT_POLICY.creditLimitFenMax,
    )
    expect(decideCreditLine({ ...healthy, avgDailyNetFen90: 1 }, safe).creditLimitFen).toBe(100)
  })

  it('prices by band: riskier merchants get smaller lines and higher rates', () => {
    const b = decideCreditLine(healthy, { ...safe, pd: 0.02 })
    const d = decideCreditLine(healthy, { ...safe, pd: 0.1 })
    expect(b.scoreBand).toBe('B')
    expect(d.scoreBand).toBe('D')
    expect(d.creditLimitFen).toBeLessThan(b.creditLimitFen)
    const start = isoDate('2026-01-01')
    const rateOf = (band: 'B' | 'D') =>
      offerOptions(band, 100_000, start).find((o) => o.repaymentMethod === 'installment')
    expect(rateOf('D')!.estimatedTotalRepayFen).toBeGreaterThan(rateOf('B')!.estimatedTotalRepayFen)
  })

  it('declines with every hard reason first, then the scorecard reasons', () => {
    const decision = decideCreditLine(
      { ...healthy, tenureDays: 12, daysSinceLastSale: 20 },
      {
        pd: 0.4,
        score: 480,
        reasons: [{ code: 'declining_sales', text: 'Your sales have been going down.' }],
        strengths: [{ code: 'few_refunds', text: 'Few refunds.' }],
      },
    )
    expect(decision.eligible).toBe(false)
    expect(decision.creditLimitFen).toBe(0)
    expect(decision.reasons.map((reason) => reason.code)).toEqual([
      'short_tenure',
      'no_recent_sales',
      'risk_too_high',
      'declining_sales',
    ])
  })

  it('says what shapes an approved line: what holds it down, what supports it, and how it is set', () => {
    const plain = decideCreditLine(healthy, safe)
    expect(plain.reasons.map((reason) => reason.code)).toEqual(['line_from_sales'])
    const mixed = decideCreditLine(healthy, {
      ...safe,
      reasons: [{ code: 'volatile_sales', text: 'Up and down.' }],
      strengths: [
        { code: 'long_tenure', text: 'Long.' },
        { code: 'many_orders', text: 'Many.' },
        { code: 'few_refunds', text: 'Few.' },
      ],
    })
    expect(mixed.reasons.map((reason) => reason.code)).toEqual([
      'volatile_sales',
      'long_tenure',
      'many_orders',
      'line_from_sales',
    ])
  })

  it('offers every installment term and sales share with the exact total to repay', () => {
    const options = offerOptions('A', 1_000_000, isoDate('2026-01-01'))
    expect(options.map((o) => [o.repaymentMethod, o.termDays])).toEqual([
      ['installment', 30],
      ['installment', 84],
      ['installment', 180],
      ['sales_share', 180],
    ])
    const salesShare = options[3]!
    expect(salesShare).toMatchObject({
      salesShareBps: 1_000,
      feeFen: 25_000,
      estimatedTotalRepayFen: 1_025_000,
    })
    for (const option of options) expect(option.estimatedTotalRepayFen).toBeGreaterThan(1_000_000)
  })
})
