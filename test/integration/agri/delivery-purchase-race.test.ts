/**
 * Found by `npm run chaos`: a harvest delivery that raced a purchase on the same farm loan swept the
 * restricted wallet's balance as it was before the purchase (its transaction's snapshot predated the
 * loan's row lock), so the sweep overdrew the wallet, the ledger recorded `sweep:{loan}` as a failed
 * post, and that delivery and every later one on the contract were refused (422, then 409).
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean } from '../../support/ledger.js'
import { approveProducts } from '../../support/catalogue.js'

let h: Harness
const FARMS = 8
const LOAN_FEN = 1_000_000
const PREMIUM_FEN = 20_000
const SEED_PRICE_FEN = 5_000

beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  await h?.close()
})

it('sweeps what the wallet holds when a delivery races a purchase, and accepts later deliveries', async () => {
  const admin = h.adminKey
  const supplier = await h.created('/v1/suppliers', admin, { externalRef: 's', name: 'Shop', approved: true })
  const supplierKey = await h.keyFor('supplier', supplier.supplierId)
  const product = await h.request('PUT', `/v1/suppliers/${supplier.supplierId}/products/seed-pack`, {
    key: supplierKey,
    body: { name: 'seed', category: 'seed', priceFen: SEED_PRICE_FEN },
  })
  expect(product.status).toBe(201)
  await approveProducts(h, supplier.supplierId, [
    { sku: 'seed-pack', category: 'seed', priceFen: SEED_PRICE_FEN },
  ])
  const offtaker = await h.created('/v1/offtakers', admin, {
    externalRef: 'o',
    name: 'Grain Co',
    approved: true,
  })
  const offtakerKey = await h.keyFor('offtaker', offtaker.offtakerId)
  const insurer = await h.created('/v1/insurers', admin, { externalRef: 'i', name: 'Mutual', approved: true })
  const insurerKey = await h.keyFor('insurer', insurer.insurerId)

  const farms: Array<{ key: string; contractId: number; walletId: number }> = []
  for (let f = 0; f < FARMS; f++) {
    const farmer = await h.created('/v1/farmers', admin, {
      externalRef: `f${f}`,
      name: `F${f}`,
      region: 'Jilin',
    })
    const key = await h.keyFor('farmer', farmer.farmerId)
    const contract = await h.created('/v1/offtake-contracts', offtakerKey, {
      farmerId: farmer.farmerId,
      crop: 'rice',
      quantityKg: 10_000,
      priceFenPerKg: 300,
      deliveryFrom: '2026-01-01',
      deliveryTo: '2026-03-31',
    })
    await h.created(`/v1/offtake-contracts/${contract.contractId}/guarantee-requests`, key, {
      insurerId: insurer.insurerId,
    })
    const policy = await h.created('/v1/guarantee-policies', insurerKey, {
      farmerId: farmer.farmerId,
      contractId: contract.contractId,
      coverageBps: 8_000,
      premiumFen: PREMIUM_FEN,
    })
    const loan = await h.created(
      '/v1/agri-loan-applications',
      key,
      {
        farmerId: farmer.farmerId,
        contractId: contract.contractId,
        policyId: policy.policyId,
        amountFen: LOAN_FEN,
      },
      `apply-${f}`,
    )
    farms.push({ key, contractId: contract.contractId, walletId: loan.restrictedWalletId as number })
  }

  const deliver = (farm: (typeof farms)[number], n: number) =>
    h.request('POST', `/v1/offtake-contracts/${farm.contractId}/deliveries`, {
      key: offtakerKey,
      body: { quantityKg: 1_000, deliveredOn: '2026-01-01' },
      headers: { 'Idempotency-Key': `deliver-${farm.contractId}-${n}` },
    })
  const results = await Promise.all(
    farms.map(async (farm) => {
      const [bought, delivered] = await Promise.all([
        h.request('POST', `/v1/restricted-wallets/${farm.walletId}/purchases`, {
          key: farm.key,
          body: { supplierId: supplier.supplierId, lines: [{ sku: 'seed-pack', quantity: 3 }] },
          headers: { 'Idempotency-Key': `buy-${farm.walletId}` },
        }),
        deliver(farm, 0),
      ])
      return { farm, bought, delivered }
    }),
  )
  for (const { farm, bought, delivered } of results) {
    expect(delivered.status, JSON.stringify(delivered.body)).toBe(201)
    // Before the sweep the purchase is paid; after it the wallet is closed.
    if (bought.status === 201) expect(bought.body.amountFen).toBe(3 * SEED_PRICE_FEN)
    else expect(bought.body.code).toBe('restricted_wallet_closed')
    const spentFen = bought.status === 201 ? 3 * SEED_PRICE_FEN : 0
    expect(delivered.body.sweptFen).toBe(LOAN_FEN - PREMIUM_FEN - spentFen)
    expect(await balanceOf(h.db, accounts.restrictedWallet(farm.walletId).code)).toBe(0)
    expect((await deliver(farm, 1)).status).toBe(201)
  }
  await expectLedgerClean(h.db)
})
