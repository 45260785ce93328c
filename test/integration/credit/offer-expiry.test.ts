import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CREDIT_POLICY } from '../../../src/credit/credit-policy.js'
import { generatePopulation } from '../../../src/credit/merchant-population.js'
import { loadPopulation } from '../../../src/credit/population-loader.js'
import { isoDate } from '../../../src/kernel/business-date.js'
import { startHarness, type Harness } from '../../support/harness.js'

let h: Harness
let officerKey: string
/** Merchants whose line (as of 2025-12-31, the day before the first business date) is eligible. */
let eligible: Array<{ merchantId: number; creditLimitFen: number }>

beforeAll(async () => {
  h = await startHarness()
  officerKey = await h.keyFor('officer')
  const platformKey = await h.keyFor('platform')
  const population = generatePopulation({
    seed: 4_015,
    merchantCount: 24,
    days: 200,
    endDate: isoDate('2025-12-31'),
  })
  const ids = await loadPopulation({ db: h.db, ledger: h.ledger }, population)
  eligible = []
  for (const merchantId of ids.values()) {
    // Looking at the offer computes the line.
    const offer = await h.request('GET', `/v1/merchants/${merchantId}/offer`, { key: platformKey })
    expect(offer.status).toBe(200)
    if (offer.body.eligible) eligible.push({ merchantId, creditLimitFen: offer.body.creditLimitFen })
  }
  expect(eligible.length).toBeGreaterThan(3)
})
afterAll(async () => h?.close())

async function closeDays(days: number): Promise<void> {
  const response = await h.request('POST', '/v1/system/close-of-business', {
    key: officerKey,
    body: { days },
  })
  expect(response.status).toBe(200)
}

async function expiredOffers() {
  return h.db
    .selectFrom('events')
    .select(['eventKey', 'businessDate', 'merchantId', 'subject', 'data'])
    .where('type', '=', 'offer.expired')
    .orderBy('merchantId')
    .execute()
}

describe('offer expiry at close of business', () => {
  it('keeps an offer for its validity, expires it with the close of the next date, and only once', async () => {
    expect(CREDIT_POLICY.offerValidityDays).toBe(7)
    // 2026-01-01 … 2026-01-07: a line as of 2025-12-31 is still within its validity.
    await closeDays(7)
    expect(await expiredOffers()).toEqual([])

    // Closing 2026-01-08 expires every eligible line that was not renewed, in that close.
    await closeDays(1)
    const expected = eligible.map(({ merchantId, creditLimitFen }) => ({
      eventKey: `offer.expired:${merchantId}:2025-12-31`,
      businessDate: '2026-01-08',
      merchantId,
      subject: { merchantId },
      data: { why: 'not renewed', creditLimitFen, asOfDate: '2025-12-31' },
    }))
    const parse = (rows: Awaited<ReturnType<typeof expiredOffers>>) =>
      rows.map((row) => ({
        ...row,
        merchantId: Number(row.merchantId),
        subject: typeof row.subject === 'string' ? JSON.parse(row.subject) : row.subject,
        data: typeof row.data === 'string' ? JSON.parse(row.data) : row.data,
      }))
    expect(parse(await expiredOffers())).toEqual(expected)

    // Later closes find the same stale lines and write nothing more.
    await closeDays(2)
    expect(parse(await expiredOffers())).toEqual(expected)
  })
})
