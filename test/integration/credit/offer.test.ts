import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generatePopulation } from '../../../src/credit/merchant-population.js'
import { loadPopulation } from '../../../src/credit/population-loader.js'
import { isoDate } from '../../../src/kernel/business-date.js'
import { startHarness, TEST_INITIAL_BUSINESS_DATE, type Harness } from '../../support/harness.js'

let h: Harness
let platformKey: string
let officerKey: string
let ids: Map<string, number>
const population = generatePopulation({
  seed: 777,
  merchantCount: 120,
  days: 200,
  endDate: isoDate('2025-12-31'),
})

beforeAll(async () => {
  h = await startHarness()
  platformKey = await h.keyFor('platform')
  officerKey = await h.keyFor('officer')
  ids = await loadPopulation({ db: h.db, ledger: h.ledger }, population)
})
afterAll(async () => h?.close())

async function offerFor(merchantId: number, key = platformKey) {
  const response = await h.request('GET', `/v1/merchants/${merchantId}/offer`, { key })
  expect(response.status).toBe(200)
  return response.body
}

describe('the offer', () => {
  it('pre-approves an established merchant with priced options for the whole available line', async () => {
    const offers = await Promise.all(population.slice(0, 60).map((m) => offerFor(ids.get(m.externalRef)!)))
    const approved = offers.filter((offer) => offer.eligible)
    expect(approved.length).toBeGreaterThan(20)
    for (const offer of approved) {
      expect(offer.creditLimitFen).toBeGreaterThanOrEqual(100)
      expect(offer.creditLimitFen).toBeLessThan(100_000_000)
      expect(offer.creditLimitFen % 100).toBe(0)
      expect(offer.availableFen).toBe(offer.creditLimitFen)
      expect(offer.minAmountFen).toBe(100)
      expect(['A', 'B', 'C', 'D']).toContain(offer.scoreBand)
      expect(offer.pd).toBeGreaterThan(0)
      expect(offer.pd).toBeLessThan(0.12 + 1e-12)
      expect(offer.asOfDate).toBe('2025-12-31')
      expect(offer.options.map((o: any) => o.repaymentMethod)).toEqual([
        'installment',
        'installment',
        'installment',
        'sales_share',
      ])
      for (const option of offer.options)
        expect(option.estimatedTotalRepayFen).toBeGreaterThan(offer.availableFen)
      expect(Date.parse(offer.expiresAt)).toBeGreaterThan(Date.now() + 6 * 86_400_000)
    }
  })

  it('declines a merchant that opened days ago, with the reason in plain words', async () => {
    const created = await h.request('POST', '/v1/merchants', {
      key: platformKey,
      body: { externalRef: 'new-shop', name: 'New shop', openedOn: '2025-12-20' },
    })
    for (const date of ['2025-12-20', '2025-12-21', '2025-12-22']) {
      await h.request('PUT', `/v1/merchants/${created.body.merchantId}/sales/${date}`, {
        key: platformKey,
        body: { grossFen: 50_000, refundFen: 0, orderCount: 10 },
      })
    }
    const offer = await offerFor(created.body.merchantId)
    expect(offer.eligible).toBe(false)
    expect(offer.creditLimitFen).toBe(0)
    expect(offer.options).toEqual([])
    expect(offer.reasons[0]).toEqual({ code: 'short_tenure', text: expect.stringContaining('30 days') })
  })

  it('stores what decided the line: model and policy versions and the features', async () => {
    const merchantId = ids.get(population[0]!.externalRef)!
    const offer = await offerFor(merchantId)
    const row = await h.db
      .selectFrom('creditLines')
      .selectAll()
      .where('merchantId', '=', merchantId)
      .executeTakeFirstOrThrow()
    expect(row.modelVersion).toBe(offer.modelVersion)
    expect(row.policyVersion).toBe(offer.policyVersion)
    expect(JSON.parse(row.features)).toHaveProperty('avgDailyNetFen90')
  })

  it('recomputes a line after new sales arrive', async () => {
    const merchant = population.find((m) => m.openedOn < '2025-06-01')!
    const merchantId = ids.get(merchant.externalRef)!
    const storedFeatures = async () => {
      const row = await h.db
        .selectFrom('creditLines')
        .selectAll()
        .where('merchantId', '=', merchantId)
        .executeTakeFirstOrThrow()
      return { features: JSON.parse(row.features), computedAt: new Date(row.computedAt).getTime() }
    }
    await offerFor(merchantId)
    const before = await storedFeatures()
    expect(before.features.orderCount30).toBeLessThan(5_000)
    // Ten big days at the end of the window change the 30-day figures.
    for (let day = 22; day <= 31; day++) {
      await h.request('PUT', `/v1/merchants/${merchantId}/sales/2025-12-${day}`, {
        key: platformKey,
        body: { grossFen: 5_000_000, refundFen: 0, orderCount: 500 },
      })
    }
    await offerFor(merchantId)
    const after = await storedFeatures()
    expect(after.computedAt).toBeGreaterThan(before.computedAt)
    expect(after.features.orderCount30).toBeGreaterThanOrEqual(5_000)
    expect(after.features.avgDailyNetFen30).toBeGreaterThan(before.features.avgDailyNetFen30)
  })

  it('shows a merchant only its own offer; a farmer may not look', async () => {
    const [a, b] = population.slice(0, 2).map((m) => ids.get(m.externalRef)!)
    const merchantKey = await h.keyFor('merchant', a)
    expect((await h.request('GET', `/v1/merchants/${a}/offer`, { key: merchantKey })).status).toBe(200)
    expect((await h.request('GET', `/v1/merchants/${b}/offer`, { key: merchantKey })).status).toBe(404)
    const farmerKey = await h.keyFor('farmer', 1)
    expect((await h.request('GET', `/v1/merchants/${a}/offer`, { key: farmerKey })).status).toBe(403)
  })
})

describe('the refresh', () => {
  it('recomputes every line through the workflow the nightly schedule runs', async () => {
    const response = await h.request('POST', '/v1/credit-lines/refresh', { key: officerKey })
    expect(response.status).toBe(200)
    expect(response.body.merchants).toBe(population.length + 1)
    expect(response.body.asOfDate).toBe('2025-12-31')
    const rows = await h.db.selectFrom('creditLines').select(['merchantId', 'asOfDate']).execute()
    expect(rows).toHaveLength(population.length + 1)
    expect(new Set(rows.map((row) => row.asOfDate))).toEqual(new Set(['2025-12-31']))
    expect(TEST_INITIAL_BUSINESS_DATE).toBe('2026-01-01')
  })
})
