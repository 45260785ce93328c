import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { computeFeatures, type DailySalesRow, type MerchantFeatures } from '../../../src/credit/features.js'
import { addDays, isoDate, type IsoDate } from '../../../src/kernel/business-date.js'

const AS_OF = isoDate('2026-01-31')

/** A row k days before AS_OF. */
function day(k: number, grossFen: number, refundFen = 0, orderCount = grossFen > 0 ? 1 : 0): DailySalesRow {
  return { date: addDays(AS_OF, -k), grossFen, refundFen, orderCount }
}

function features(rows: DailySalesRow[], tenureDays: number): MerchantFeatures {
  return computeFeatures(rows, { asOfDate: AS_OF, openedOn: addDays(AS_OF, -tenureDays) })
}

const populationStd = (values: number[]): number => {
  const mean = values.reduce((s, v) => s + v, 0) / values.length
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length)
}

describe('merchant features', () => {
  // Ten open days (opened 9 days ago); k = days before AS_OF. Net: 100 180 0 300 0 360 500 0 540 700.
  const TEN_DAYS = [
    day(9, 100, 0, 1),
    day(8, 200, 20, 2),
    day(7, 0, 0, 0),
    day(6, 300, 0, 3),
    day(5, 100, 100, 1), // fully refunded: net 0, not an active day
    day(4, 400, 40, 4),
    day(3, 500, 0, 5),
    // k = 2: no row at all (a zero day)
    day(1, 600, 60, 6),
    day(0, 700, 0, 7),
  ]

  it('computes every feature of a short, hand-checked series', () => {
    const f = features(TEN_DAYS, 9)
    expect(f.tenureDays).toBe(9)
    expect(f.activeDaysShare180).toBe(0.7) // 7 days with net > 0 of 10 open days
    // Σ net = 2 680 over 10 open days: every window is capped at the 10 days since opening.
    expect(f.avgDailyNetFen30).toBe(268)
    expect(f.avgDailyNetFen90).toBe(268)
    expect(f.avgDailyNetFen180).toBe(268)
    expect(f.trendSlope90).toBe(0) // fewer than 14 open days
    expect(f.logTrendSlope180).toBe(0) // fewer than 14 trading days
    // Σ (net − 268)² = 575 360 over 10 days.
    expect(f.cv90).toBeCloseTo(Math.sqrt(57_536) / 268, 12)
    expect(f.logVolatility90).toBeCloseTo(
      populationStd([100, 180, 300, 360, 500, 540, 700].map(Math.log)),
      12,
    )
    expect(f.refundRate90).toBeCloseTo(220 / 2_900, 12)
    expect(f.daysSinceLastSale).toBe(0)
    expect(f.orderCount30).toBe(29)
    // Last 7 days: 700 + 540 + 0 + 500 + 360 + 0 + 300 = 2 400.
    expect(f.spikeRatio7to90).toBeCloseTo(2_400 / 7 / 268, 12)
  })

  it('measures trend and volatility of a 20-day step from 100 to 10 000 fen a day', () => {
    const rows = Array.from({ length: 20 }, (_, i) => day(19 - i, i < 10 ? 100 : 10_000))
    const f = features(rows, 19)
    // x = 0 … 19, x̄ = 9.5: Σ(x − x̄)² = 665 and Σ over the upper half of (x − x̄) = 50.
    expect(f.trendSlope90).toBeCloseTo((9_900 * 50) / 665 / 5_050, 12)
    expect(f.logTrendSlope180).toBeCloseTo((Math.log(100) * 50) / 665, 12)
    expect(f.cv90).toBeCloseTo(4_950 / 5_050, 12)
    expect(f.logVolatility90).toBeCloseTo(Math.log(100) / 2, 12)
    expect(f.spikeRatio7to90).toBeCloseTo(10_000 / 5_050, 12)
  })

  it('gives a steadily growing shop a positive trend over the last 90 days only', () => {
    // 200 open days; the last 90 grow by 10 fen a day from 1 000; older days are flat at 5 000.
    const rows = Array.from({ length: 200 }, (_, i) => {
      const k = 199 - i
      return day(k, k < 90 ? 1_000 + 10 * (89 - k) : 5_000)
    })
    const f = features(rows, 199)
    expect(f.trendSlope90).toBeCloseTo(10 / 1_445, 12) // mean of 1 000 … 1 890 is 1 445
    expect(f.avgDailyNetFen90).toBeCloseTo(1_445, 9)
    expect(f.activeDaysShare180).toBe(1)
  })

  it('falls back without NaN when there are no sales at all', () => {
    const expected: MerchantFeatures = {
      tenureDays: 400,
      activeDaysShare180: 0,
      avgDailyNetFen30: 0,
      avgDailyNetFen90: 0,
      avgDailyNetFen180: 0,
      trendSlope90: 0,
      cv90: 0,
      logTrendSlope180: 0,
      logVolatility90: 0,
      refundRate90: 0,
      daysSinceLastSale: 180,
      orderCount30: 0,
      spikeRatio7to90: 1,
    }
    expect(features([], 400)).toEqual(expected)
    // Rows present with zeros are the same as no rows.
    expect(
      features(
        Array.from({ length: 180 }, (_, k) => day(k, 0)),
        400,
      ),
    ).toEqual(expected)
  })

  it('caps every window at the tenure', () => {
    const sixDays = Array.from({ length: 6 }, (_, k) => day(k, 500))
    const f = features(sixDays, 5)
    expect(f.avgDailyNetFen30).toBe(500)
    expect(f.avgDailyNetFen180).toBe(500)
    expect(f.activeDaysShare180).toBe(1)
    expect(f.spikeRatio7to90).toBe(1)
    expect(features([], 5).daysSinceLastSale).toBe(6)
    // Opened today: one open day.
    const today = features([day(0, 800, 0, 3)], 0)
    expect(today).toMatchObject({
      tenureDays: 0,
      avgDailyNetFen90: 800,
      activeDaysShare180: 1,
      daysSinceLastSale: 0,
    })
    expect(features([], 0).daysSinceLastSale).toBe(1)
  })

  it('counts days since the last sale, and ignores rows outside the window', () => {
    const rows = [day(-1, 9_999), day(12, 300), day(180, 9_999), day(250, 9_999)]
    const f = features(rows, 400)
    expect(f.daysSinceLastSale).toBe(12)
    expect(f.avgDailyNetFen180).toBeCloseTo(300 / 180, 12)
    expect(f.orderCount30).toBe(1)
    // A row before the opening day does not count either.
    expect(features([day(20, 700)], 10).avgDailyNetFen30).toBe(0)
  })

  it('sums rows of the same date and copes with refunds above gross', () => {
    expect(features([day(0, 100), day(0, 50, 0, 2)], 9).orderCount30).toBe(3)
    const negative = features([day(0, 100, 400)], 9)
    expect(negative.avgDailyNetFen90).toBe(-30)
    expect(negative.activeDaysShare180).toBe(0)
    expect(negative.spikeRatio7to90).toBe(1)
    expect(negative.cv90).toBe(0)
    expect(negative.refundRate90).toBe(4)
  })

  it('refuses an opening date after the as-of date', () => {
    expect(() => computeFeatures([], { asOfDate: AS_OF, openedOn: addDays(AS_OF, 1) })).toThrow()
  })

  it('never returns NaN or Infinity (property)', () => {
    const row = fc.record({
      k: fc.integer({ min: -5, max: 200 }),
      grossFen: fc.integer({ min: 0, max: 10_000_000 }),
      refundFen: fc.integer({ min: 0, max: 10_000_000 }),
      orderCount: fc.integer({ min: 0, max: 1_000 }),
    })
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), fc.integer({ min: 0, max: 500 }), (raw, tenureDays) => {
        const rows = raw.map((r) => ({ ...day(r.k, r.grossFen, r.refundFen, r.orderCount) }))
        const f = features(rows, tenureDays)
        for (const value of Object.values(f)) expect(Number.isFinite(value)).toBe(true)
        expect(f.activeDaysShare180).toBeGreaterThanOrEqual(0)
        expect(f.activeDaysShare180).toBeLessThanOrEqual(1)
        expect(f.spikeRatio7to90).toBeGreaterThanOrEqual(0)
        expect(f.daysSinceLastSale).toBeLessThanOrEqual(Math.min(180, tenureDays + 1))
      }),
    )
  })

  it('is the same for the rows in any order', () => {
    const shuffled = [...TEN_DAYS].reverse() as DailySalesRow[]
    expect(features(shuffled, 9)).toEqual(features(TEN_DAYS, 9))
    const dates: IsoDate[] = TEN_DAYS.map((r) => r.date)
    expect(new Set(dates).size).toBe(dates.length)
  })
})
