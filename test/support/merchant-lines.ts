/**
 * Merchants with sales history and an open credit line, the way the merchant-loan tests set them up:
 * a synthetic population with 200 days of sales up to the day before the first business date,
 * loaded through the real loader; the offer decides who has a line.
 */
import { generatePopulation } from '../../src/credit/merchant-population.js'
import { loadPopulation } from '../../src/credit/population-loader.js'
import { isoDate } from '../../src/kernel/business-date.js'
import { accounts } from '../../src/ledger/chart-of-accounts.js'
import { expect } from 'vitest'
import type { Harness } from './harness.js'
import { balanceOf } from './ledger.js'

export type MerchantWithLine = { merchantId: number; key: string; availableFen: number }

export async function merchantsWithLines(
  h: Harness,
  options: { seed: number; merchantCount: number; minAvailableFen: number },
): Promise<MerchantWithLine[]> {
  const population = generatePopulation({
    seed: options.seed,
    merchantCount: options.merchantCount,
    days: 200,
    endDate: isoDate('2025-12-31'),
  })
  const ids = await loadPopulation({ db: h.db, ledger: h.ledger }, population)
  const merchants: MerchantWithLine[] = []
  for (const merchantId of ids.values()) {
    const key = await h.keyFor('merchant', merchantId)
    const offer = await h.request('GET', `/v1/merchants/${merchantId}/offer`, { key })
    if (offer.body.eligible && offer.body.availableFen >= options.minAvailableFen) {
      merchants.push({ merchantId, key, availableFen: offer.body.availableFen })
    }
  }
  return merchants
}

/**
 * The merchant takes every fen out of its wallet (a payout through the API), so close of business
 * has nothing to collect until the merchant pays or sells again.
 */
export async function payOutWallet(
  h: Harness,
  merchant: { merchantId: number; key: string },
  idempotencyKey: string,
): Promise<void> {
  const payout = await h.request('POST', `/v1/merchants/${merchant.merchantId}/payouts`, {
    key: merchant.key,
    body: { amountFen: await balanceOf(h.db, accounts.merchantWallet(merchant.merchantId).code) },
    headers: { 'Idempotency-Key': idempotencyKey },
  })
  expect(payout.status).toBe(201)
}
