/**
 * One growing season of the closed loop through HTTP and a real worker: a good harvest that repays
 * the loan and pays the farmer; a partial harvest whose shortfall ends in a smaller claim; a failed
 * harvest paid by the insurer; every refusal; and restricted money that cannot leave for anything but
 * farm inputs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AGRI_POLICY } from '../../../src/agri/agri-policy.js'
import { addDays, isoDate, type IsoDate } from '../../../src/kernel/business-date.js'
import { capBps, mulBps } from '../../../src/kernel/money.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean, expectReconciled } from '../../support/ledger.js'
import { approveProducts } from '../../support/catalogue.js'

let h: Harness
let adminKey: string
let officerKey: string
const WINDOW_FROM = isoDate('2026-03-01')
const WINDOW_TO = isoDate('2026-03-31')
const PRICE_FEN_PER_KG = 300
const QUANTITY_KG = 10_000
const CONTRACT_FEN = PRICE_FEN_PER_KG * QUANTITY_KG
const PREMIUM_FEN = 20_000
const COVERAGE_BPS = 8_000
const SEED_FEN = 50_000
const FERTILIZER_FEN = 50_000
const SEED_PACK_FEN = 10_000

type Farm = { farmerId: number; key: string; contractId: number; policyId: number; loanId: number }
const farms: Record<'good' | 'partial' | 'failed' | 'crowd' | 'late', Farm> = {} as never
let supplier: { supplierId: number; key: string }
let unapproved: { supplierId: number; key: string }
let offtaker: { offtakerId: number; key: string }
let insurer: { insurerId: number; key: string }

async function create(path: string, body: Record<string, unknown>) {
  const response = await h.request('POST', path, { key: adminKey, body })
  expect(response.status).toBe(201)
  return response.body
}

async function closeDaysUntil(date: IsoDate) {
  const current = (await h.request('GET', '/v1/system/business-date', { key: officerKey })).body.businessDate
  const days = Math.round((Date.parse(date) - Date.parse(current)) / 86_400_000)
  if (days <= 0) return
  const response = await h.request('POST', '/v1/system/close-of-business', {
    key: officerKey,
    body: { days },
  })
  expect(response.status).toBe(200)
}

function buy(
  farm: Farm,
  lines: Array<{ sku: string; quantity: number }>,
  key: string,
  supplierId = supplier.supplierId,
) {
  return h.request('POST', `/v1/restricted-wallets/${farm.loanId}/purchases`, {
    key: farm.key,
    body: { supplierId, lines },
    headers: { 'Idempotency-Key': key },
  })
}

function deliver(farm: Farm, quantityKg: number, deliveredOn: IsoDate, key: string) {
  return h.request('POST', `/v1/offtake-contracts/${farm.contractId}/deliveries`, {
    key: offtaker.key,
    body: { quantityKg, deliveredOn },
    headers: { 'Idempotency-Key': key },
  })
}

/** The offtaker pays for one delivery in full, in cash: only now do the proceeds run the waterfall. */
async function payFor(delivery: { deliveryId: number; proceedsFen: number }, key: string, paidOn: IsoDate) {
  const paid = await h.request('POST', '/v1/offtaker-payments', {
    key: offtaker.key,
    body: {
      offtakerId: offtaker.offtakerId,
      amountFen: delivery.proceedsFen,
      paidOn,
      reference: `DLV-${delivery.deliveryId}`,
      deliveryIds: [delivery.deliveryId],
    },
    headers: { 'Idempotency-Key': key },
  })
  expect(paid.status, JSON.stringify(paid.body)).toBe(201)
  expect(paid.body.applied).toHaveLength(1)
  return paid.body.applied[0] as { deliveryId: number; amountFen: number; waterfall: Record<string, number> }
}

async function loan(farm: Farm) {
  return (await h.request('GET', `/v1/loans/${farm.loanId}`, { key: farm.key })).body
}

async function restrictedBalance(farm: Farm) {
  return balanceOf(h.db, accounts.restrictedWallet(farm.loanId).code)
}

/** Signs a contract and a policy for a new farmer and applies for `amountFen`. */
async function farm(name: string, amountFen: number, crop = 'rice'): Promise<Farm> {
  const farmer = await create('/v1/farmers', { externalRef: `farmer-${name}`, name, region: 'Heilongjiang' })
  const key = await h.keyFor('farmer', farmer.farmerId)
  const contract = await h.request('POST', '/v1/offtake-contracts', {
    key: offtaker.key,
    body: {
      farmerId: farmer.farmerId,
      crop,
      quantityKg: QUANTITY_KG,
      priceFenPerKg: PRICE_FEN_PER_KG,
      deliveryFrom: WINDOW_FROM,
      deliveryTo: WINDOW_TO,
    },
  })
  expect(contract.status).toBe(201)
  expect(contract.body).toMatchObject({ contractValueFen: CONTRACT_FEN, status: 'signed' })
  const asked = await h.request(
    'POST',
    `/v1/offtake-contracts/${contract.body.contractId}/guarantee-requests`,
    {
      key,
      body: { insurerId: insurer.insurerId },
    },
  )
  expect(asked.status).toBe(201)
  const policy = await h.request('POST', '/v1/guarantee-policies', {
    key: insurer.key,
    body: {
      farmerId: farmer.farmerId,
      contractId: contract.body.contractId,
      coverageBps: COVERAGE_BPS,
      premiumFen: PREMIUM_FEN,
    },
  })
  expect(policy.body.status).toBe('active')
  const applied = await h.request('POST', '/v1/agri-loan-applications', {
    key,
    body: {
      farmerId: farmer.farmerId,
      contractId: contract.body.contractId,
      policyId: policy.body.policyId,
      amountFen,
      categoryBudgets: { fertilizer: 6_000 },
    },
    headers: { 'Idempotency-Key': `apply-${name}` },
  })
  expect(applied.status).toBe(201)
  expect(applied.body.status).toBe('approved')
  expect(applied.body.restrictedWalletId).toBe(applied.body.loanId)
  return {
    farmerId: farmer.farmerId,
    key,
    contractId: contract.body.contractId,
    policyId: policy.body.policyId,
    loanId: applied.body.loanId,
  }
}

beforeAll(async () => {
  h = await startHarness()
  adminKey = h.adminKey
  officerKey = await h.keyFor('officer')
  const s = await create('/v1/suppliers', { externalRef: 'agri-shop', name: 'Agri Shop', approved: true })
  supplier = { supplierId: s.supplierId, key: await h.keyFor('supplier', s.supplierId) }
  const u = await create('/v1/suppliers', {
    externalRef: 'gadget-shop',
    name: 'Gadget Shop',
    approved: false,
  })
  unapproved = { supplierId: u.supplierId, key: await h.keyFor('supplier', u.supplierId) }
  const o = await create('/v1/offtakers', { externalRef: 'grain-co', name: 'Grain Co', approved: true })
  offtaker = { offtakerId: o.offtakerId, key: await h.keyFor('offtaker', o.offtakerId) }
  const i = await create('/v1/insurers', {
    externalRef: 'harvest-mutual',
    name: 'Harvest Mutual',
    approved: true,
  })
  insurer = { insurerId: i.insurerId, key: await h.keyFor('insurer', i.insurerId) }
  const product = (sku: string, category: string, priceFen: number) =>
    h.request('PUT', `/v1/suppliers/${supplier.supplierId}/products/${sku}`, {
      key: supplier.key,
      body: { name: sku, category, priceFen },
    })
  expect((await product('rice-seed', 'seed', SEED_FEN)).status).toBe(201)
  expect((await product('urea', 'fertilizer', FERTILIZER_FEN)).status).toBe(201)
  expect((await product('phone', 'electronics', 99_900)).status).toBe(201)
  expect((await product('pig-feed', 'feed', 10_000)).status).toBe(201)
  expect((await product('seed-pack', 'seed', SEED_PACK_FEN)).status).toBe(201)
  expect((await product('urea', 'fertilizer', FERTILIZER_FEN)).status).toBe(200)
  await approveProducts(h, supplier.supplierId, [
    { sku: 'rice-seed', category: 'seed', priceFen: SEED_FEN },
    { sku: 'urea', category: 'fertilizer', priceFen: FERTILIZER_FEN },
    { sku: 'phone', category: 'electronics', priceFen: 99_900 },
    { sku: 'pig-feed', category: 'feed', priceFen: 10_000 },
    { sku: 'seed-pack', category: 'seed', priceFen: SEED_PACK_FEN },
  ])

  farms.good = await farm('good', 2_000_000)
  farms.partial = await farm('partial', 2_000_000)
  farms.failed = await farm('failed', 1_000_000)
  farms.crowd = await farm('crowd', 50 * SEED_PACK_FEN + PREMIUM_FEN)
  farms.late = await farm('late', 1_000_000)
})
afterAll(async () => {
  await expectLedgerClean(h.db)
  await expectReconciled(h.db)
  await h?.close()
})

describe('a farm loan', () => {
  it('funds the restricted wallet less the premium, once, and declines what the rules refuse', async () => {
    expect(await restrictedBalance(farms.good)).toBe(2_000_000 - PREMIUM_FEN)
    expect(await balanceOf(h.db, accounts.premiumPayable(insurer.insurerId).code)).toBe(5 * PREMIUM_FEN)
    const view = await loan(farms.good)
    expect(view).toMatchObject({
      product: 'agri',
      status: 'active',
      principalFen: 2_000_000,
      maturesOn: WINDOW_TO,
    })
    expect(view.schedule).toHaveLength(1)

    const again = await h.request('POST', '/v1/agri-loan-applications', {
      key: farms.good.key,
      body: {
        farmerId: farms.good.farmerId,
        contractId: farms.good.contractId,
        policyId: farms.good.policyId,
        amountFen: 2_000_000,
        categoryBudgets: { fertilizer: 6_000 },
      },
      headers: { 'Idempotency-Key': 'apply-good' },
    })
    expect(again.body.loanId).toBe(farms.good.loanId)
    const declined = async (body: Record<string, unknown>, key: string) => {
      const response = await h.request('POST', '/v1/agri-loan-applications', {
        key: farms.good.key,
        body: { farmerId: farms.good.farmerId, ...body },
        headers: { 'Idempotency-Key': key },
      })
      expect(response.status).toBe(201)
      expect(response.body.status).toBe('declined')
      return response.body.reasons.map((reason: { code: string }) => reason.code)
    }
    expect(
      await declined(
        { contractId: farms.good.contractId, policyId: farms.good.policyId, amountFen: 100_000 },
        'apply-twice',
      ),
    ).toEqual(['contract_already_financed'])
    // A new contract: too much for the advance rate, and another contract's policy.
    const contract = await h.request('POST', '/v1/offtake-contracts', {
      key: offtaker.key,
      body: {
        farmerId: farms.good.farmerId,
        crop: 'wheat',
        quantityKg: 1_000,
        priceFenPerKg: 100,
        deliveryFrom: WINDOW_FROM,
        deliveryTo: WINDOW_TO,
      },
    })
    expect(
      await declined(
        {
          contractId: contract.body.contractId,
          policyId: farms.good.policyId,
          amountFen: mulBps(100_000, AGRI_POLICY.advanceRateBps) + 1,
        },
        'apply-too-much',
      ),
    ).toEqual(['policy_not_covering', 'amount_above_advance'])
    // The advance is capped at 70% of the contract, rounded down: 70% of 1,000.01 yuan is 700.007 yuan.
    const oddContract = await h.request('POST', '/v1/offtake-contracts', {
      key: offtaker.key,
      body: {
        farmerId: farms.good.farmerId,
        crop: 'wheat',
        quantityKg: 1,
        priceFenPerKg: 100_001,
        deliveryFrom: WINDOW_FROM,
        deliveryTo: WINDOW_TO,
      },
    })
    const capFen = capBps(100_001, AGRI_POLICY.advanceRateBps)
    expect(capFen).toBe(70_000)
    const oddApplication = { contractId: oddContract.body.contractId, policyId: farms.good.policyId }
    expect(await declined({ ...oddApplication, amountFen: capFen + 1 }, 'apply-above-cap')).toEqual([
      'policy_not_covering',
      'amount_above_advance',
    ])
    expect(await declined({ ...oddApplication, amountFen: capFen }, 'apply-at-cap')).toEqual([
      'policy_not_covering',
    ])
    const applications = await h.db.selectFrom('loans').select('id').where('product', '=', 'agri').execute()
    expect(applications).toHaveLength(5)
  })

  it('buys eligible farm inputs within budget, refuses everything else and records the breach attempts', async () => {
    const f = farms.good
    const seeds = await buy(f, [{ sku: 'rice-seed', quantity: 10 }], 'good-seed')
    expect(seeds.status).toBe(201)
    expect(seeds.body).toMatchObject({ amountFen: 10 * SEED_FEN, status: 'paid' })
    const retried = await buy(f, [{ sku: 'rice-seed', quantity: 10 }], 'good-seed')
    expect(retried.body.purchaseId).toBe(seeds.body.purchaseId)
    // The answer is what was stored: the purchase with its lines, one entry and one event naming it.
    const purchaseId = seeds.body.purchaseId as number
    const stored = await h.request('GET', `/v1/purchases/${purchaseId}`, { key: f.key })
    expect(stored.body).toEqual(seeds.body)
    const paid = await h.db
      .selectFrom('events')
      .select(['eventKey', 'subject', 'data'])
      .where('type', '=', 'restricted_purchase.paid')
      .where('loanId', '=', f.loanId)
      .execute()
    expect(paid.map((event) => event.eventKey)).toEqual([`restricted_purchase.paid:${purchaseId}`])
    expect(JSON.parse(paid[0]!.subject)).toEqual({
      purchaseId,
      loanId: f.loanId,
      walletId: f.loanId,
      farmerId: f.farmerId,
      supplierId: supplier.supplierId,
    })
    expect(JSON.parse(paid[0]!.data)).toMatchObject({ amountFen: 10 * SEED_FEN })
    const entries = await h.db
      .selectFrom('journalEntries')
      .select('id')
      .where('type', '=', 'restricted_purchase')
      .where('loanId', '=', f.loanId)
      .execute()
    expect(entries).toHaveLength(1)
    // Another farmer's key cannot buy from this wallet: 404, and nothing is written or recorded.
    const stranger = await h.request('POST', `/v1/restricted-wallets/${f.loanId}/purchases`, {
      key: farms.partial.key,
      body: { supplierId: supplier.supplierId, lines: [{ sku: 'rice-seed', quantity: 1 }] },
      headers: { 'Idempotency-Key': 'stranger-seed' },
    })
    expect(stranger.status).toBe(404)
    expect(stranger.body.code).toBe('not_found')
    expect((await buy(f, [{ sku: 'urea', quantity: 20 }], 'good-urea')).status).toBe(201)

    const refusals: Array<[string, Promise<{ status: number; body: { code: string } }>]> = [
      ['category_budget_exceeded', buy(f, [{ sku: 'urea', quantity: 5 }], 'good-urea-more')],
      ['category_not_eligible', buy(f, [{ sku: 'phone', quantity: 1 }], 'good-phone')],
      ['category_not_eligible', buy(f, [{ sku: 'pig-feed', quantity: 1 }], 'good-feed')], // not for rice
      [
        'supplier_not_approved',
        buy(f, [{ sku: 'rice-seed', quantity: 1 }], 'good-gadget', unapproved.supplierId),
      ],
      ['unknown_sku', buy(f, [{ sku: 'tractor', quantity: 1 }], 'good-tractor')],
      ['insufficient_restricted_balance', buy(f, [{ sku: 'rice-seed', quantity: 100 }], 'good-too-much')],
    ]
    const before = await restrictedBalance(f)
    for (const [code, pending] of refusals) {
      const response = await pending
      expect(response.status, code).toBe(422)
      expect(response.body.code).toBe(code)
    }
    for (const kind of ['withdrawals', 'transfers']) {
      const response = await h.request('POST', `/v1/restricted-wallets/${f.loanId}/${kind}`, {
        key: f.key,
        body: { amountFen: 1_000, toAccount: 'my bank' },
      })
      expect(response.status).toBe(422)
      expect(response.body.code).toBe('restricted_funds_not_withdrawable')
    }
    expect(await restrictedBalance(f)).toBe(before)
    const attempts = (
      await h.request('GET', `/v1/restricted-wallet-attempts?walletId=${f.loanId}`, { key: officerKey })
    ).body.items
    expect(attempts.map((attempt: { kind: string }) => attempt.kind).sort()).toEqual(
      ['ineligible_category', 'ineligible_category', 'transfer', 'unapproved_supplier', 'withdrawal'].sort(),
    )
    const farmerSees = await h.request('GET', `/v1/restricted-wallet-attempts`, { key: f.key })
    expect(farmerSees.status).toBe(403)

    // The supplier takes two bags of seed back: the money returns to the restricted wallet.
    const refund = await h.request('POST', `/v1/purchases/${seeds.body.purchaseId}/refund`, {
      key: supplier.key,
      body: { lines: [{ sku: 'rice-seed', quantity: 2 }] },
      headers: { 'Idempotency-Key': 'refund-seeds' },
    })
    expect(refund.status).toBe(200)
    expect(refund.body.refundFen).toBe(2 * SEED_FEN)
    const wallet = (await h.request('GET', `/v1/restricted-wallets/${f.loanId}`, { key: f.key })).body
    expect(wallet).toMatchObject({
      balanceFen: 2_000_000 - PREMIUM_FEN - 8 * SEED_FEN - 20 * FERTILIZER_FEN,
      spentFen: 8 * SEED_FEN + 20 * FERTILIZER_FEN,
      spentByCategory: { seed: 8 * SEED_FEN, fertilizer: 20 * FERTILIZER_FEN },
      budgets: { fertilizer: { limitFen: 1_200_000, spentFen: 1_000_000, remainingFen: 200_000 } },
    })
    const otherFarmer = await h.request('GET', `/v1/restricted-wallets/${f.loanId}`, {
      key: farms.partial.key,
    })
    expect(otherFarmer.status).toBe(404)
  })

  it('lets exactly as many of 100 concurrent purchases through as the wallet can pay', async () => {
    const f = farms.crowd
    expect(await restrictedBalance(f)).toBe(50 * SEED_PACK_FEN)
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        buy(f, [{ sku: 'seed-pack', quantity: 1 }], `crowd-${index}`),
      ),
    )
    const statuses = responses.map((response) => response.status)
    expect(statuses.filter((status) => status === 201)).toHaveLength(50)
    expect(
      responses.filter(
        (response) => response.status === 422 && response.body.code === 'insufficient_restricted_balance',
      ),
    ).toHaveLength(50)
    expect(await restrictedBalance(f)).toBe(0)
    expect(await balanceOf(h.db, accounts.supplierPayable(supplier.supplierId).code)).toBeGreaterThanOrEqual(
      50 * SEED_PACK_FEN,
    )
  })

  it('repays a good harvest from the offtaker’s cash for the delivery: the unspent money first, the rest of the proceeds to the farmer', async () => {
    // The partial harvest's farmer spends most of the loan; the failed one half.
    expect((await buy(farms.partial, [{ sku: 'urea', quantity: 20 }], 'partial-urea')).status).toBe(201)
    expect((await buy(farms.partial, [{ sku: 'rice-seed', quantity: 9 }], 'partial-seed')).status).toBe(201)
    expect((await buy(farms.failed, [{ sku: 'urea', quantity: 10 }], 'failed-urea')).status).toBe(201)
    await closeDaysUntil(isoDate('2026-03-10'))
    const f = farms.good
    const unspent = await restrictedBalance(f)
    const before = await loan(f)
    expect(before.outstanding.interestFen).toBeGreaterThan(0)
    const delivered = await deliver(f, QUANTITY_KG, isoDate('2026-03-10'), 'good-harvest')
    expect(delivered.status).toBe(201)
    const owedAfterSweep = before.outstanding.totalFen - unspent
    // The delivery ends the season and books the proceeds as due from the offtaker: nothing yet
    // reaches the loan or the farmer.
    expect(delivered.body).toMatchObject({
      proceedsFen: CONTRACT_FEN,
      sweptFen: unspent,
      status: 'awaiting_payment',
      dueOn: addDays(isoDate('2026-03-10'), 7),
    })
    expect((await loan(f)).outstanding.totalFen).toBe(owedAfterSweep)
    expect(await balanceOf(h.db, accounts.farmerWallet(f.farmerId).code)).toBe(0)
    const applied = await payFor(delivered.body, 'good-harvest-paid', isoDate('2026-03-10'))
    expect(applied).toMatchObject({
      amountFen: CONTRACT_FEN,
      waterfall: {
        penaltyFen: 0,
        feesFen: 0,
        interestFen: 0, // the sweep paid the interest first
        principalFen: owedAfterSweep,
        toFarmerFen: CONTRACT_FEN - owedAfterSweep,
      },
    })
    expect(await balanceOf(h.db, accounts.farmerWallet(f.farmerId).code)).toBe(CONTRACT_FEN - owedAfterSweep)
    expect((await h.request('GET', `/v1/farmers/${f.farmerId}/wallet`, { key: f.key })).body.balanceFen).toBe(
      CONTRACT_FEN - owedAfterSweep,
    )
    expect(await restrictedBalance(f)).toBe(0)
    const after = await loan(f)
    expect(after.status).toBe('closed')
    const contract = (await h.request('GET', `/v1/offtake-contracts/${f.contractId}`, { key: offtaker.key }))
      .body
    expect(contract).toMatchObject({ deliveredKg: QUANTITY_KG, status: 'fulfilled' })
    // A second delivery after the loan is repaid goes wholly to the farmer.
    const extra = await deliver(f, 100, isoDate('2026-03-10'), 'good-extra')
    expect((await payFor(extra.body, 'good-extra-paid', isoDate('2026-03-10'))).waterfall.toFarmerFen).toBe(
      100 * PRICE_FEN_PER_KG,
    )
    // The crowd's farmer delivers in full too and the offtaker pays: its loan is repaid and it takes
    // no part in the claims.
    const crowd = await deliver(farms.crowd, QUANTITY_KG, isoDate('2026-03-10'), 'crowd-harvest')
    expect(crowd.status).toBe(201)
    await payFor(crowd.body, 'crowd-harvest-paid', isoDate('2026-03-10'))
    expect((await loan(farms.crowd)).status).toBe('closed')
    // The loan's workflow ends with the loan.
    const workflowId = (
      await h.db
        .selectFrom('agriLoanApplications')
        .select('workflowId')
        .where('loanId', '=', f.loanId)
        .executeTakeFirstOrThrow()
    ).workflowId
    const result = await h.client.workflow.getHandle(workflowId).result()
    expect(result.finalStatus).toBe('closed')
  })

  it('sweeps a partial harvest, defaults after the grace period, and the insurer pays the covered share', async () => {
    const partial = farms.partial
    const delivered = await deliver(partial, 4_000, isoDate('2026-03-10'), 'partial-harvest')
    expect(
      (await payFor(delivered.body, 'partial-harvest-paid', isoDate('2026-03-10'))).waterfall.toFarmerFen,
    ).toBe(0)
    // The late farmer delivers in full, but its offtaker does not pay on time.
    const lateHarvest = await deliver(farms.late, QUANTITY_KG, isoDate('2026-03-10'), 'late-harvest')
    expect(lateHarvest.status).toBe(201)
    await closeDaysUntil(addDays(WINDOW_TO, 1))
    expect(
      (await h.request('GET', `/v1/offtake-contracts/${partial.contractId}`, { key: officerKey })).body
        .status,
    ).toBe('shortfall')
    // A delivery after the window is refused, nothing written.
    const afterWindow = await deliver(farms.late, 1, addDays(WINDOW_TO, 1), 'late-after-window')
    expect(afterWindow.status).toBe(422)
    expect(afterWindow.body.code).toBe('delivery_outside_window')
    // The failed harvest's unspent money was swept when the window closed.
    expect(await restrictedBalance(farms.failed)).toBe(0)
    const failedLoan = await loan(farms.failed)
    expect(failedLoan.daysPastDue).toBe(1)

    await closeDaysUntil(addDays(WINDOW_TO, AGRI_POLICY.defaultGraceDays + 1))
    // The late farmer defaulted too, then its offtaker pays after all: the loan is repaid and its
    // claim withdrawn.
    expect((await loan(farms.late)).status).toBe('defaulted')
    const [lateClaim] = (
      await h.request('GET', '/v1/guarantee-claims?status=open', { key: insurer.key })
    ).body.items.filter((claim: { loanId: number }) => claim.loanId === farms.late.loanId)
    const latePaid = await payFor(
      { deliveryId: lateHarvest.body.deliveryId, proceedsFen: CONTRACT_FEN },
      'late-harvest-paid',
      addDays(WINDOW_TO, 20),
    )
    expect(latePaid.amountFen).toBe(CONTRACT_FEN)
    expect((await loan(farms.late)).status).toBe('closed')
    const withdrawn = await h.request('POST', `/v1/guarantee-claims/${lateClaim.claimId}/decision`, {
      key: insurer.key,
      body: { decision: 'accept', reason: 'crop failure confirmed' },
      headers: { 'Idempotency-Key': `decide-${lateClaim.claimId}` },
    })
    expect(withdrawn.status).toBe(422)
    expect(withdrawn.body.code).toBe('claim_not_open')
    const claims = (await h.request('GET', '/v1/guarantee-claims?status=open', { key: insurer.key })).body
      .items
    expect(claims.map((claim: { loanId: number }) => claim.loanId).sort()).toEqual(
      [farms.partial.loanId, farms.failed.loanId].sort(),
    )
    for (const claim of claims) {
      const defaulted = await loan(claim.loanId === partial.loanId ? partial : farms.failed)
      expect(defaulted.status).toBe('defaulted')
      expect(claim.owedFen).toBe(defaulted.outstanding.totalFen)
      expect(claim.claimFen).toBe(capBps(claim.owedFen, COVERAGE_BPS)) // a cap rounds down
      const lossBefore = await balanceOf(h.db, accounts.creditLoss().code).catch(() => 0)
      const cashBefore = await balanceOf(h.db, accounts.lenderCash().code).catch(() => 0)
      const accepted = await h.request('POST', `/v1/guarantee-claims/${claim.claimId}/decision`, {
        key: insurer.key,
        body: { decision: 'accept', reason: 'crop failure confirmed' },
        headers: { 'Idempotency-Key': `decide-${claim.claimId}` },
      })
      expect(accepted.status).toBe(200)
      expect(accepted.body).toMatchObject({
        status: 'accepted',
        acceptedFen: claim.claimFen,
        writtenOffFen: 0,
      })
      const paid = await h.request('POST', `/v1/guarantee-claims/${claim.claimId}/pay`, {
        key: insurer.key,
        body: { amountFen: claim.claimFen, reference: `BANK-${claim.claimId}` },
        headers: { 'Idempotency-Key': `pay-${claim.claimId}` },
      })
      expect(paid.status).toBe(200)
      expect(paid.body).toMatchObject({
        status: 'paid',
        paidFen: claim.claimFen, // the covered share of what is owed: nothing was repaid since the default
        writtenOffFen: claim.owedFen - claim.claimFen,
      })
      // The insurer's cash is in the lender's bank.
      expect((await balanceOf(h.db, accounts.lenderCash().code)) - cashBefore).toBe(claim.claimFen)
      expect((await balanceOf(h.db, accounts.creditLoss().code)) - lossBefore).toBe(
        claim.owedFen - claim.claimFen,
      )
      const settled = await h.request('GET', `/v1/loans/${claim.loanId}`, { key: officerKey })
      expect(settled.body.status).toBe('written_off')
      expect(settled.body.outstanding.totalFen).toBe(0)
      const again = await h.request('POST', `/v1/guarantee-claims/${claim.claimId}/pay`, {
        key: insurer.key,
        body: { amountFen: 1, reference: `BANK-${claim.claimId}-again` },
        headers: { 'Idempotency-Key': `pay-again-${claim.claimId}` },
      })
      expect(again.status).toBe(422)
      expect(again.body.code).toBe('claim_overpaid')
    }
    // The smaller claim is the partial harvest's: its delivery repaid part of the loan.
    const [partialClaim, failedClaim] = [partial.loanId, farms.failed.loanId].map((loanId) =>
      claims.find((claim: { loanId: number }) => claim.loanId === loanId)!,
    )
    expect(partialClaim.claimFen).toBeLessThan(failedClaim.claimFen)
    const otherInsurer = await h.request('GET', '/v1/guarantee-claims', {
      key: await h.keyFor('insurer', 999_999),
    })
    expect(otherInsurer.body.items).toHaveLength(0)
  })
})
