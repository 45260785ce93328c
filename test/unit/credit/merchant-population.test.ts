import { describe, expect, it } from 'vitest'
import {
  generateMerchant,
  generatePopulation,
  iteratePopulation,
  latentRiskLogit,
  merchantSalesRows,
  type MerchantTraits,
  type SyntheticMerchant,
} from '../../../src/credit/merchant-population.js'
import { addDays, daysBetween, isoDate } from '../../../src/kernel/business-date.js'

const END = isoDate('2026-01-31')
const DAYS = 180
const options = (seed: number, merchantCount: number) => ({ seed, merchantCount, days: DAYS, endDate: END })

// One population shared by the statistical tests (about 0.2 s to build).
const population = generatePopulation(options(31, 5_000))

describe('synthetic merchant population', () => {
  it('is reproducible from its seed, and merchant i does not depend on the count', () => {
    const again = generatePopulation(options(31, 200))
    expect(again).toEqual(population.slice(0, 200))
    expect(generateMerchant(31, 123, DAYS, END)).toEqual(population[123])
    expect([...iteratePopulation(options(31, 50))]).toEqual(population.slice(0, 50))
    expect(generatePopulation(options(32, 50))).not.toEqual(population.slice(0, 50))
  })

  it('writes integer sales, refunds never above gross, one row a day from opening to the end date', () => {
    const bad: string[] = []
    for (const merchant of population) {
      for (const row of merchant.dailySales) {
        const integers = [row.grossFen, row.refundFen, row.orderCount].every(
          (v) => Number.isSafeInteger(v) && v >= 0,
        )
        const consistent = row.refundFen <= row.grossFen && (row.orderCount === 0) === (row.grossFen === 0)
        if (!integers || !consistent) bad.push(`${merchant.externalRef} ${JSON.stringify(row)}`)
      }
    }
    expect(bad).toEqual([])
    for (const merchant of population.slice(0, 300)) {
      const openDays = Math.min(DAYS, merchant.traits.tenureDays + 1)
      expect(merchant.openedOn).toBe(addDays(END, -merchant.traits.tenureDays))
      const dates = merchant.dailySales.map((row) => row.date)
      expect(dates).toEqual(Array.from({ length: openDays }, (_, i) => addDays(END, i - openDays + 1)))
      expect(daysBetween(merchant.openedOn, dates[0]!)).toBeGreaterThanOrEqual(0)
    }
  })

  it('has no sales after a merchant churns', () => {
    const churned = population.filter((m) => m.traits.churnDaysBeforeEnd !== null)
    expect(churned.length).toBeGreaterThan(50)
    for (const merchant of churned) {
      const gap = merchant.traits.churnDaysBeforeEnd!
      const late = merchant.dailySales.filter((row) => daysBetween(row.date, END) < gap)
      expect(late.every((row) => row.grossFen === 0)).toBe(true)
    }
  })

  it('looks like small merchants: median gross around 2 000 yuan a day, some new shops', () => {
    const levels = population.map((m) => m.traits.levelFen).sort((a, b) => a - b)
    const median = levels[levels.length / 2]!
    expect(median).toBeGreaterThan(170_000)
    expect(median).toBeLessThan(230_000)
    const young = population.filter((m) => m.traits.tenureDays < 30).length / population.length
    expect(young).toBeGreaterThan(0.08)
    expect(young).toBeLessThan(0.16)
  })

  it('keeps the population default rate in 3–6 %', () => {
    const meanPd = population.reduce((s, m) => s + m.trueDefaultProbability, 0) / population.length
    const observed = population.filter((m) => m.defaulted).length / population.length
    expect(meanPd).toBeGreaterThan(0.03)
    expect(meanPd).toBeLessThan(0.06)
    expect(observed).toBeGreaterThan(0.025)
    expect(observed).toBeLessThan(0.07)
  })

  it('defaults more where the latent risk is higher', () => {
    const sorted = [...population].sort((a, b) => a.trueDefaultProbability - b.trueDefaultProbability)
    const fifth = sorted.length / 5
    const rate = (group: SyntheticMerchant[]) => group.filter((m) => m.defaulted).length / group.length
    const safest = rate(sorted.slice(0, fifth))
    const middle = rate(sorted.slice(2 * fifth, 3 * fifth))
    const riskiest = rate(sorted.slice(4 * fifth))
    expect(riskiest).toBeGreaterThan(middle)
    expect(middle).toBeGreaterThan(safest)
    expect(riskiest).toBeGreaterThan(4 * safest)
  })

  it('raises the latent risk in the documented directions', () => {
    const base: MerchantTraits = {
      tenureDays: 400,
      levelFen: 200_000,
      avgTicketFen: 4_000,
      weeklyAmplitude: 0.2,
      weeklyPhaseDays: 0,
      trendPer180: 0,
      volatility: 0.3,
      activeDayProbability: 0.9,
      refundRate: 0.02,
      shock: null,
      churnDaysBeforeEnd: null,
    }
    const z = latentRiskLogit(base)
    const riskier: Partial<MerchantTraits>[] = [
      { volatility: 0.8 },
      { trendPer180: -0.5 },
      { refundRate: 0.2 },
      { tenureDays: 20 },
      { levelFen: 20_000 },
      { activeDayProbability: 0.4 },
      { churnDaysBeforeEnd: 30 },
      { shock: { kind: 'spike', startDaysBeforeEnd: 5, factor: 4 } },
      { shock: { kind: 'drop', startDaysBeforeEnd: 50, factor: 0.3 } },
    ]
    for (const change of riskier)
      expect(latentRiskLogit({ ...base, ...change }), JSON.stringify(change)).toBeGreaterThan(z)
    expect(latentRiskLogit({ ...base, tenureDays: 2000 })).toBe(z) // tenure stops mattering after a year
  })

  it('gives sales rows in the shape of the sales import', () => {
    const merchant = population[0]!
    const rows = merchantSalesRows(merchant)
    expect(rows).toHaveLength(merchant.dailySales.length)
    expect(Object.keys(rows[0]!)).toEqual(['date', 'grossFen', 'refundFen', 'orderCount'])
    expect(merchant.externalRef).toBe('syn-31-0')
  })

  it('refuses impossible options', () => {
    expect(() => generatePopulation({ ...options(1, 1), days: 0 })).toThrow()
    expect(() => generatePopulation({ ...options(1, -1) })).toThrow()
  })
})
