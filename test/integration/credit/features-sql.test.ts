import { afterAll, beforeAll, expect, it } from 'vitest'
import { computeFeatures, type MerchantFeatures } from '../../../src/credit/features.js'
import { computeFeaturesInSql } from '../../../src/credit/features-repository.js'
import { generatePopulation } from '../../../src/credit/merchant-population.js'
import { loadPopulation } from '../../../src/credit/population-loader.js'
import { isoDate } from '../../../src/kernel/business-date.js'
import { startHarness, type Harness } from '../../support/harness.js'

let h: Harness
beforeAll(async () => {
  h = await startHarness({ worker: false })
})
afterAll(async () => h?.close())

function expectClose(actual: MerchantFeatures, expected: MerchantFeatures, label: string): void {
  for (const key of Object.keys(expected) as (keyof MerchantFeatures)[]) {
    const a = actual[key]
    const e = expected[key]
    const tolerance = 1e-9 * Math.max(1, Math.abs(e))
    expect(Math.abs(a - e), `${label} ${key}: sql ${a} vs spec ${e}`).toBeLessThanOrEqual(tolerance)
  }
}

it('computes in SQL exactly the features the specification computes, for every merchant', async () => {
  const endDate = isoDate('2025-12-31')
  const population = generatePopulation({ seed: 4242, merchantCount: 300, days: 200, endDate })
  const ids = await loadPopulation({ db: h.db, ledger: h.ledger }, population)
  // Both at the end date and part-way through (so windows cut at the opening day are covered).
  for (const asOfDate of [endDate, isoDate('2025-10-15')]) {
    const rows = await computeFeaturesInSql(h.db, { asOfDate, fromMerchantId: 1, toMerchantId: 1_000_000 })
    const byId = new Map(rows.map((row) => [row.merchantId, row]))
    let compared = 0
    for (const merchant of population) {
      if (merchant.openedOn > asOfDate) {
        expect(byId.has(ids.get(merchant.externalRef)!)).toBe(false)
        continue
      }
      const row = byId.get(ids.get(merchant.externalRef)!)
      expect(row, merchant.externalRef).toBeDefined()
      expectClose(
        row!.features,
        computeFeatures(merchant.dailySales, { asOfDate, openedOn: merchant.openedOn }),
        merchant.externalRef,
      )
      compared += 1
    }
    expect(compared).toBeGreaterThan(200)
  }
})
