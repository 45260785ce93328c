/**
 * Catalogue review for setups that buy with restricted money: products enter `pending_review`, and
 * only an officer's approval makes them buyable. These approve products as labelled, each at its own
 * price as the reference.
 */
import { expect } from 'vitest'
import { reviewProduct } from '../../src/agri/parties.js'
import type { Db } from '../../src/db/database.js'
import type { Harness } from './harness.js'

export type LabelledProduct = { sku: string; category: string; priceFen: number }

/** An officer approves each product through the API (200 expected). */
export async function approveProducts(
  h: Pick<Harness, 'request' | 'keyFor'>,
  supplierId: number,
  products: LabelledProduct[],
): Promise<void> {
  const officerKey = await h.keyFor('officer')
  for (const product of products) {
    const review = await h.request('POST', `/v1/suppliers/${supplierId}/products/${product.sku}/review`, {
      key: officerKey,
      body: {
        decision: 'approve',
        category: product.category,
        referencePriceFen: product.priceFen,
        reason: 'test setup: reviewed as labelled',
      },
    })
    expect(review.status, JSON.stringify(review.body)).toBe(200)
  }
}

/** The same, through the domain function (setups that build wallets without HTTP). */
export async function approveProductsIn(
  db: Db,
  supplierId: number,
  products: LabelledProduct[],
): Promise<void> {
  for (const product of products) {
    await reviewProduct(db, {
      supplierId,
      sku: product.sku,
      decision: 'approve',
      category: product.category,
      referencePriceFen: product.priceFen,
      reason: 'test setup: reviewed as labelled',
      principalRef: 'test',
    })
  }
}
