/**
 * Catalogue governance (issue 17, item 1): restricted money buys only what an officer has reviewed,
 * at about the reviewed price, and only what the offtaker planned for the crop. A product enters
 * `pending_review`; an officer approves it (its category and reference price) or rejects it; a change
 * of category or a price rise past the tolerance (10%) sends it back. Each way of turning restricted
 * money into cash through a supplier (a mislabelled product, an inflated price, goods outside the
 * plan) is refused with its own code, moves nothing, and shows to officers as a blocked attempt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { approveProducts } from '../../support/catalogue.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean } from '../../support/ledger.js'

let h: Harness
let officerKey: string
let supplierId: number
let supplierKey: string
let offtakerKey: string
let otherOfftakerKey: string
let insurerKey: string
let insurerId: number

const LOAN_FEN = 1_000_000
const PREMIUM_FEN = 20_000
const SEED_FEN = 5_000

beforeAll(async () => {
  h = await startHarness()
  officerKey = await h.keyFor('officer')
  const admin = h.adminKey
  const supplier = await h.created('/v1/suppliers', admin, {
    externalRef: 's',
    name: 'Farm Shop',
    approved: true,
  })
  supplierId = supplier.supplierId
  supplierKey = await h.keyFor('supplier', supplierId)
  const offtaker = await h.created('/v1/offtakers', admin, {
    externalRef: 'o',
    name: 'Grain Co',
    approved: true,
  })
  offtakerKey = await h.keyFor('offtaker', offtaker.offtakerId)
  const other = await h.created('/v1/offtakers', admin, {
    externalRef: 'o2',
    name: 'Other Grain',
    approved: true,
  })
  otherOfftakerKey = await h.keyFor('offtaker', other.offtakerId)
  const insurer = await h.created('/v1/insurers', admin, {
    externalRef: 'i',
    name: 'Mutual',
    approved: true,
  })
  insurerId = insurer.insurerId
  insurerKey = await h.keyFor('insurer', insurer.insurerId)
})
afterAll(async () => {
  await expectLedgerClean(h.db)
  await h?.close()
})

const putProduct = (
  sku: string,
  body: { name?: string; category: string; priceFen: number; unit?: string },
) =>
  h.request('PUT', `/v1/suppliers/${supplierId}/products/${sku}`, {
    key: supplierKey,
    body: { name: body.name ?? sku, ...body },
  })

const review = (
  sku: string,
  body: { decision: 'approve' | 'reject'; category: string; referencePriceFen: number; reason: string },
  key = officerKey,
) => h.request('POST', `/v1/suppliers/${supplierId}/products/${sku}/review`, { key, body })

/** A farmer with a signed contract (not yet financed). */
async function signedContract(name: string) {
  const farmer = await h.created('/v1/farmers', h.adminKey, { externalRef: name, name, region: 'Jilin' })
  const farmerKey = await h.keyFor('farmer', farmer.farmerId)
  const contract = await h.created('/v1/offtake-contracts', offtakerKey, {
    farmerId: farmer.farmerId,
    crop: 'rice',
    quantityKg: 10_000,
    priceFenPerKg: 300,
    deliveryFrom: '2026-03-01',
    deliveryTo: '2026-03-31',
  })
  return { farmerId: farmer.farmerId as number, farmerKey, contractId: contract.contractId as number }
}

/** Finances the contract: a policy, then the loan, whose restricted wallet is funded less the premium. */
async function finance(farm: Awaited<ReturnType<typeof signedContract>>) {
  await h.created(`/v1/offtake-contracts/${farm.contractId}/guarantee-requests`, farm.farmerKey, {
    insurerId,
  })
  const policy = await h.created('/v1/guarantee-policies', insurerKey, {
    farmerId: farm.farmerId,
    contractId: farm.contractId,
    coverageBps: 8_000,
    premiumFen: PREMIUM_FEN,
  })
  const loan = await h.created(
    '/v1/agri-loan-applications',
    farm.farmerKey,
    { farmerId: farm.farmerId, contractId: farm.contractId, policyId: policy.policyId, amountFen: LOAN_FEN },
    `apply-${farm.contractId}`,
  )
  return loan.restrictedWalletId as number
}

const putPlan = (contractId: number, body: unknown, key = offtakerKey) =>
  h.request('PUT', `/v1/offtake-contracts/${contractId}/input-plan`, { key, body })

const buy = (walletId: number, farmerKey: string, sku: string, quantity: number, idempotencyKey: string) =>
  h.request('POST', `/v1/restricted-wallets/${walletId}/purchases`, {
    key: farmerKey,
    body: { supplierId, lines: [{ sku, quantity }] },
    headers: { 'Idempotency-Key': idempotencyKey },
  })

const walletBalance = async (walletId: number) =>
  (await h.request('GET', `/v1/restricted-wallets/${walletId}`, { key: officerKey })).body
    .balanceFen as number

const supplierPayable = () => balanceOf(h.db, accounts.supplierPayable(supplierId).code)

const attempts = async (walletId: number) =>
  (
    (await h.request('GET', `/v1/restricted-wallet-attempts?walletId=${walletId}`, { key: officerKey })).body
      .items as Array<{ kind: string; code: string; detail: string }>
  ).map(({ kind, code }) => ({ kind, code }))

describe('a product under review', () => {
  it('enters pending, is approved with a reference, stays approved within the tolerance and goes back past it or on a new category', async () => {
    const created = await putProduct('urea', { category: 'fertilizer', priceFen: 10_000, unit: 'bag' })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      sku: 'urea',
      status: 'pending_review',
      category: 'fertilizer',
      priceFen: 10_000,
    })
    expect(created.body.referencePriceFen).toBeUndefined()

    // Only an officer decides.
    const bySupplier = await review(
      'urea',
      { decision: 'approve', category: 'fertilizer', referencePriceFen: 10_000, reason: 'mine' },
      supplierKey,
    )
    expect(bySupplier.status).toBe(403)
    const approved = await review('urea', {
      decision: 'approve',
      category: 'fertilizer',
      referencePriceFen: 10_000,
      reason: 'urea 46% N, market price',
    })
    expect(approved.status).toBe(200)
    expect(approved.body).toMatchObject({
      status: 'approved',
      category: 'fertilizer',
      priceFen: 10_000,
      referencePriceFen: 10_000,
      unit: 'bag',
    })

    // Exactly 10% above the reference: within the tolerance.
    const within = await putProduct('urea', { category: 'fertilizer', priceFen: 11_000 })
    expect(within.status).toBe(200)
    expect(within.body).toMatchObject({ status: 'approved', priceFen: 11_000, referencePriceFen: 10_000 })
    // One fen more: back to review.
    const past = await putProduct('urea', { category: 'fertilizer', priceFen: 11_001 })
    expect(past.body).toMatchObject({ status: 'pending_review', priceFen: 11_001, referencePriceFen: 10_000 })

    // An officer cannot approve a price already past the tolerance above the reference given.
    const tooLow = await review('urea', {
      decision: 'approve',
      category: 'fertilizer',
      referencePriceFen: 10_000,
      reason: 'ok',
    })
    expect(tooLow.status).toBe(422)
    expect(tooLow.body.code).toBe('price_above_reference')
    const again = await review('urea', {
      decision: 'approve',
      category: 'fertilizer',
      referencePriceFen: 11_001,
      reason: 'new season price confirmed with two other shops',
    })
    expect(again.body).toMatchObject({ status: 'approved', referencePriceFen: 11_001 })

    // A lower price stays approved; a new category goes back to review, and the officer relabels it.
    expect((await putProduct('urea', { category: 'fertilizer', priceFen: 9_000 })).body.status).toBe(
      'approved',
    )
    const relabelled = await putProduct('urea', { category: 'seed', priceFen: 9_000 })
    expect(relabelled.body).toMatchObject({ status: 'pending_review', category: 'seed' })
    const corrected = await review('urea', {
      decision: 'approve',
      category: 'fertilizer',
      referencePriceFen: 9_000,
      reason: 'urea is a fertilizer, not seed',
    })
    expect(corrected.body).toMatchObject({
      status: 'approved',
      category: 'fertilizer',
      referencePriceFen: 9_000,
    })

    // Rejected; offered again, it is reviewed again.
    expect((await putProduct('gold-bar', { category: 'seed', priceFen: 500_000 })).status).toBe(201)
    const rejected = await review('gold-bar', {
      decision: 'reject',
      category: 'seed',
      referencePriceFen: 500_000,
      reason: 'not a farm input',
    })
    expect(rejected.status).toBe(200)
    expect(rejected.body.status).toBe('rejected')
    expect((await putProduct('gold-bar', { category: 'seed', priceFen: 400_000 })).body.status).toBe(
      'pending_review',
    )

    // Unknown products and suppliers answer 404.
    expect(
      (await review('nothing', { decision: 'reject', category: 'seed', referencePriceFen: 1, reason: 'x' }))
        .status,
    ).toBe(404)

    // Every decision, and every automatic return to review, is in the audit log with who and why.
    const audit = (
      await h.request('GET', `/v1/audit-log?subjectType=supplier&subjectId=${supplierId}&limit=50`, {
        key: officerKey,
      })
    ).body.items as Array<{ action: string; reason: string; principalRef: string; details: { sku: string } }>
    expect(audit.map((entry) => [entry.action, entry.details.sku, entry.reason]).reverse()).toEqual([
      ['product.approve', 'urea', 'urea 46% N, market price'],
      ['product.returned_to_review', 'urea', 'price_above_tolerance'],
      ['product.approve', 'urea', 'new season price confirmed with two other shops'],
      ['product.returned_to_review', 'urea', 'category_changed'],
      ['product.approve', 'urea', 'urea is a fertilizer, not seed'],
      ['product.reject', 'gold-bar', 'not a farm input'],
    ])
    const officerRef = audit.find((entry) => entry.action === 'product.reject')!.principalRef
    expect(officerRef).toMatch(/^p:\d+$/)
    expect(
      audit
        .filter((entry) => entry.action.startsWith('product.approve'))
        .every((e) => e.principalRef === officerRef),
    ).toBe(true)
  })
})

describe('restricted money cannot be cashed out through the catalogue', () => {
  it('refuses a mislabelled, an overpriced and an unplanned product, moving nothing, each a blocked attempt', async () => {
    // Reviewed: seed and pesticide at their prices; fertilizer reviewed at 8,000 then raised to 20,000.
    for (const [sku, category, priceFen] of [
      ['seed-bag', 'seed', SEED_FEN],
      ['fert', 'fertilizer', 8_000],
      ['spray', 'pesticide', 3_000],
    ] as const) {
      expect((await putProduct(sku, { category, priceFen })).status).toBe(201)
    }
    await approveProducts(h, supplierId, [
      { sku: 'seed-bag', category: 'seed', priceFen: SEED_FEN },
      { sku: 'fert', category: 'fertilizer', priceFen: 8_000 },
      { sku: 'spray', category: 'pesticide', priceFen: 3_000 },
    ])
    expect((await putProduct('fert', { category: 'fertilizer', priceFen: 20_000 })).body.status).toBe(
      'pending_review',
    )
    // A phone labelled as seed, never reviewed.
    expect((await putProduct('phone', { category: 'seed', priceFen: 99_900 })).body.status).toBe(
      'pending_review',
    )

    const farm = await signedContract('cash-out')
    const plan = await putPlan(farm.contractId, { categories: ['seed', 'fertilizer'] })
    expect(plan.status).toBe(200)
    expect(plan.body).toEqual({ contractId: farm.contractId, categories: ['seed', 'fertilizer'] })
    const walletId = await finance(farm)
    const fundedFen = LOAN_FEN - PREMIUM_FEN
    expect(await walletBalance(walletId)).toBe(fundedFen)
    const payableBefore = await supplierPayable()

    const mislabelled = await buy(walletId, farm.farmerKey, 'phone', 1, 'phone')
    expect([mislabelled.status, mislabelled.body.code]).toEqual([422, 'product_not_approved'])
    const overpriced = await buy(walletId, farm.farmerKey, 'fert', 10, 'fert')
    expect([overpriced.status, overpriced.body.code]).toEqual([422, 'price_above_reference'])
    const unplanned = await buy(walletId, farm.farmerKey, 'spray', 5, 'spray')
    expect([unplanned.status, unplanned.body.code]).toEqual([422, 'not_in_input_plan'])

    // Nothing moved.
    expect(await walletBalance(walletId)).toBe(fundedFen)
    expect(await supplierPayable()).toBe(payableBefore)
    const wallet = (await h.request('GET', `/v1/restricted-wallets/${walletId}`, { key: officerKey })).body
    expect(wallet.spentFen).toBe(0)

    // Officers see each, newest first.
    expect(await attempts(walletId)).toEqual([
      { kind: 'outside_input_plan', code: 'not_in_input_plan' },
      { kind: 'price_above_reference', code: 'price_above_reference' },
      { kind: 'unapproved_product', code: 'product_not_approved' },
    ])

    // What was reviewed and planned still buys, exactly.
    const bought = await buy(walletId, farm.farmerKey, 'seed-bag', 3, 'seed')
    expect(bought.status).toBe(201)
    expect(bought.body.amountFen).toBe(3 * SEED_FEN)
    expect(await walletBalance(walletId)).toBe(fundedFen - 3 * SEED_FEN)
    expect(await supplierPayable()).toBe(payableBefore + 3 * SEED_FEN)
  })

  it('limits a plan with SKUs to those SKUs', async () => {
    expect((await putProduct('seed-premium', { category: 'seed', priceFen: 7_000 })).status).toBe(201)
    await approveProducts(h, supplierId, [{ sku: 'seed-premium', category: 'seed', priceFen: 7_000 }])
    const farm = await signedContract('sku-plan')
    const plan = await putPlan(farm.contractId, {
      categories: ['seed'],
      skus: [{ supplierId, sku: 'seed-bag' }],
    })
    expect(plan.body).toEqual({
      contractId: farm.contractId,
      categories: ['seed'],
      skus: [{ supplierId, sku: 'seed-bag' }],
    })
    const walletId = await finance(farm)
    const fundedFen = LOAN_FEN - PREMIUM_FEN
    const refused = await buy(walletId, farm.farmerKey, 'seed-premium', 1, 'premium')
    expect([refused.status, refused.body.code]).toEqual([422, 'not_in_input_plan'])
    expect(await walletBalance(walletId)).toBe(fundedFen)
    expect(await attempts(walletId)).toEqual([{ kind: 'outside_input_plan', code: 'not_in_input_plan' }])
    expect((await buy(walletId, farm.farmerKey, 'seed-bag', 1, 'bag')).status).toBe(201)
    expect(await walletBalance(walletId)).toBe(fundedFen - SEED_FEN)
  })
})

describe('an input plan', () => {
  it("is the contract's offtaker's, changes until the contract is financed, and then never", async () => {
    const farm = await signedContract('plan-rules')
    // Another offtaker's contract does not exist for it; other roles may not set plans.
    expect((await putPlan(farm.contractId, { categories: ['seed'] }, otherOfftakerKey)).status).toBe(404)
    expect((await putPlan(farm.contractId, { categories: ['seed'] }, farm.farmerKey)).status).toBe(403)
    expect((await putPlan(farm.contractId, { categories: ['seed'] }, officerKey)).status).toBe(403)
    expect((await putPlan(999_999, { categories: ['seed'] })).status).toBe(404)
    // Bad plans: empty, not a farm input, not one for this crop.
    expect((await putPlan(farm.contractId, { categories: [] })).status).toBe(400)
    expect((await putPlan(farm.contractId, { categories: ['electronics'] })).status).toBe(400)
    const feed = await putPlan(farm.contractId, { categories: ['feed'] })
    expect([feed.status, feed.body.code]).toEqual([422, 'category_not_eligible'])

    expect((await putPlan(farm.contractId, { categories: ['pesticide'] })).status).toBe(200)
    expect((await putPlan(farm.contractId, { categories: ['seed'] })).status).toBe(200)
    const walletId = await finance(farm)
    const late = await putPlan(farm.contractId, { categories: ['seed', 'pesticide'] })
    expect([late.status, late.body.code]).toEqual([409, 'contract_already_financed'])
    // The plan in force is the one set before financing.
    const spray = await buy(walletId, farm.farmerKey, 'spray', 1, 'late-spray')
    expect([spray.status, spray.body.code]).toEqual([422, 'not_in_input_plan'])
  })
})
