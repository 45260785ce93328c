/**
 * A farm season's parties through HTTP, as the tests of the closed loop set them up: an approved
 * offtaker and insurer (with keys), a shop with its products listed and approved by an officer, and
 * farmers each with a contract, a guarantee asked for and written, and an approved farm loan (its
 * restricted wallet). Through the API with the real worker, so what a test sees is what a party would.
 */
import { expect } from 'vitest'
import { approveProducts, type LabelledProduct } from './catalogue.js'
import type { Harness } from './harness.js'

type Api = Pick<Harness, 'created' | 'request' | 'keyFor' | 'adminKey'>

export type Offtaker = { offtakerId: number; key: string }
export type Insurer = { insurerId: number; key: string }
export type Backers = { offtaker: Offtaker; insurer: Insurer }
export type Shop = { supplierId: number; key: string }

/** An approved offtaker and insurer (`${ref}-offtaker`, `${ref}-insurer`), with their keys. */
export async function farmBackers(h: Api, ref = 'farm'): Promise<Backers> {
  const offtaker = await h.created('/v1/offtakers', h.adminKey, {
    externalRef: `${ref}-offtaker`,
    name: `${ref} Grain`,
    approved: true,
  })
  const insurer = await h.created('/v1/insurers', h.adminKey, {
    externalRef: `${ref}-insurer`,
    name: `${ref} Mutual`,
    approved: true,
  })
  return {
    offtaker: { offtakerId: offtaker.offtakerId, key: await h.keyFor('offtaker', offtaker.offtakerId) },
    insurer: { insurerId: insurer.insurerId, key: await h.keyFor('insurer', insurer.insurerId) },
  }
}

export type ShopProduct = LabelledProduct & {
  /** The name the shop lists it under (the SKU when not given). */
  name?: string
  unit?: string
  /** Approved by an officer as labelled (default), or left waiting for review. */
  approved?: boolean
}

/** A shop (approved unless said), its products listed through its own key and reviewed by an officer. */
export async function shopWithProducts(
  h: Api,
  shop: { externalRef: string; name: string; approved?: boolean },
  products: ShopProduct[],
): Promise<Shop> {
  const created = await h.created('/v1/suppliers', h.adminKey, { approved: true, ...shop })
  const key = await h.keyFor('supplier', created.supplierId)
  for (const product of products) {
    const listed = await h.request('PUT', `/v1/suppliers/${created.supplierId}/products/${product.sku}`, {
      key,
      body: {
        name: product.name ?? product.sku,
        category: product.category,
        priceFen: product.priceFen,
        ...(product.unit ? { unit: product.unit } : {}),
      },
    })
    expect(listed.status, JSON.stringify(listed.body)).toBe(201)
  }
  await approveProducts(
    h,
    created.supplierId,
    products.filter((product) => product.approved ?? true),
  )
  return { supplierId: created.supplierId, key }
}

export type FarmTerms = {
  loanFen: number
  premiumFen: number
  deliveryFrom: string
  deliveryTo: string
  coverageBps?: number
  crop?: string
  quantityKg?: number
  priceFenPerKg?: number
  paymentTermDays?: number
  /** The offtaker's input plan, set before the loan is applied for. */
  inputPlan?: { categories: string[]; skus?: Array<{ supplierId: number; sku: string }> }
}

export type Farm = { farmerId: number; key: string; contractId: number; policyId: number; loanId: number }

/** The farmer (created), its contract with the offtaker, the insurer's policy on it, and its approved loan. */
export async function fundedFarm(
  h: Api,
  backers: Backers,
  farmer: { externalRef: string; name: string; region?: string },
  terms: FarmTerms,
): Promise<Farm> {
  const created = await h.created('/v1/farmers', h.adminKey, { region: 'Jilin', ...farmer })
  const farmerId: number = created.farmerId
  const key = await h.keyFor('farmer', farmerId)
  const contract = await h.created('/v1/offtake-contracts', backers.offtaker.key, {
    farmerId,
    crop: terms.crop ?? 'rice',
    quantityKg: terms.quantityKg ?? 10_000,
    priceFenPerKg: terms.priceFenPerKg ?? 300,
    deliveryFrom: terms.deliveryFrom,
    deliveryTo: terms.deliveryTo,
    ...(terms.paymentTermDays === undefined ? {} : { paymentTermDays: terms.paymentTermDays }),
  })
  if (terms.inputPlan) {
    const planned = await h.request('PUT', `/v1/offtake-contracts/${contract.contractId}/input-plan`, {
      key: backers.offtaker.key,
      body: terms.inputPlan,
    })
    expect(planned.status, JSON.stringify(planned.body)).toBe(200)
  }
  await h.created(`/v1/offtake-contracts/${contract.contractId}/guarantee-requests`, key, {
    insurerId: backers.insurer.insurerId,
  })
  const policy = await h.created('/v1/guarantee-policies', backers.insurer.key, {
    farmerId,
    contractId: contract.contractId,
    coverageBps: terms.coverageBps ?? 8_000,
    premiumFen: terms.premiumFen,
  })
  const applied = await h.created(
    '/v1/agri-loan-applications',
    key,
    { farmerId, contractId: contract.contractId, policyId: policy.policyId, amountFen: terms.loanFen },
    `apply-${farmer.externalRef}`,
  )
  expect(applied.status, JSON.stringify(applied)).toBe('approved')
  return {
    farmerId,
    key,
    contractId: contract.contractId,
    policyId: policy.policyId,
    loanId: applied.loanId,
  }
}
