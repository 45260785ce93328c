/**
 * Issue 17, item 6: suppliers and farmers get their money out. Each close of business settles each
 * supplier's positive net payable once (pending → paid | failed with the bank's reference; a failed
 * one is settled again at the next close; a refund after a settlement nets against the next); a
 * farmer pays out its free wallet, never more and never restricted money. And item 9 (part): a farm
 * loan repaid in full before its sweep no longer strands its unspent restricted money.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { approveProducts } from '../../support/catalogue.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isoDate, type IsoDate } from '../../../src/kernel/business-date.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { loanLedgerFigures } from '../../../src/servicing/loan-repository.js'
import { totalOwedFen } from '../../../src/servicing/repayment-allocation.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean, expectReconciled, fundLender, move } from '../../support/ledger.js'

let h: Harness
let officerKey: string
// Open from the first business day: a delivery outside the window is refused.
const WINDOW_FROM = isoDate('2026-01-01')
const WINDOW_TO = isoDate('2026-06-30')
const PRICE_FEN_PER_KG = 300
const PREMIUM_FEN = 20_000
const PACK_FEN = 10_000
const LENDER_CASH_FEN = 100_000_000

type Party = { id: number; key: string }
type Farm = { farmerId: number; key: string; loanId: number; spareContractId: number }
let shopA: Party
let shopB: Party
let offtaker: Party
let insurer: Party
let seq = 0

async function businessDate(): Promise<IsoDate> {
  return (await h.request('GET', '/v1/system/business-date', { key: officerKey })).body.businessDate
}

async function closeDays(days: number) {
  const response = await h.request('POST', '/v1/system/close-of-business', {
    key: officerKey,
    body: { days },
  })
  expect(response.status).toBe(200)
}

async function contract(farmerId: number, quantityKg = 10_000) {
  return h.created('/v1/offtake-contracts', offtaker.key, {
    farmerId,
    crop: 'rice',
    quantityKg,
    priceFenPerKg: PRICE_FEN_PER_KG,
    deliveryFrom: WINDOW_FROM,
    deliveryTo: WINDOW_TO,
  })
}

/** A farmer with a funded farm loan, and a second contract without a loan whose harvest is all its own. */
async function farm(name: string, amountFen = 1_000_000, backer: Party = insurer): Promise<Farm> {
  const farmer = await h.created('/v1/farmers', h.adminKey, { externalRef: name, name, region: 'Jilin' })
  const key = await h.keyFor('farmer', farmer.farmerId)
  const financed = await contract(farmer.farmerId)
  await h.created(`/v1/offtake-contracts/${financed.contractId}/guarantee-requests`, key, {
    insurerId: backer.id,
  })
  const policy = await h.created('/v1/guarantee-policies', backer.key, {
    farmerId: farmer.farmerId,
    contractId: financed.contractId,
    coverageBps: 8_000,
    premiumFen: PREMIUM_FEN,
  })
  const applied = await h.created(
    '/v1/agri-loan-applications',
    key,
    { farmerId: farmer.farmerId, contractId: financed.contractId, policyId: policy.policyId, amountFen },
    `apply-${name}`,
  )
  expect(applied.status).toBe('approved')
  const spare = await contract(farmer.farmerId)
  return { farmerId: farmer.farmerId, key, loanId: applied.loanId, spareContractId: spare.contractId }
}

async function buy(f: Farm, shop: Party, packs: number) {
  const response = await h.request('POST', `/v1/restricted-wallets/${f.loanId}/purchases`, {
    key: f.key,
    body: { supplierId: shop.id, lines: [{ sku: 'seed-pack', quantity: packs }] },
    headers: { 'Idempotency-Key': `buy-${++seq}` },
  })
  expect(response.status, JSON.stringify(response.body)).toBe(201)
  return response.body as { purchaseId: number; amountFen: number }
}

/** A harvest on the farmer's unfinanced contract: every fen of it reaches the free wallet. */
async function harvestToFreeWallet(f: Farm, quantityKg: number) {
  const response = await h.request('POST', `/v1/offtake-contracts/${f.spareContractId}/deliveries`, {
    key: offtaker.key,
    body: { quantityKg, deliveredOn: await businessDate() },
    headers: { 'Idempotency-Key': `harvest-${++seq}` },
  })
  expect(response.status, JSON.stringify(response.body)).toBe(201)
  // The offtaker pays for it in cash: only then does it reach the free wallet.
  const paid = await h.request('POST', '/v1/offtaker-payments', {
    key: offtaker.key,
    body: {
      offtakerId: offtaker.id,
      amountFen: response.body.proceedsFen,
      paidOn: response.body.deliveredOn,
      reference: response.body.reference,
      deliveryIds: [response.body.deliveryId],
    },
    headers: { 'Idempotency-Key': `harvest-paid-${++seq}` },
  })
  expect(paid.status, JSON.stringify(paid.body)).toBe(201)
}

async function settlements(shop: Party) {
  const response = await h.request('GET', `/v1/suppliers/${shop.id}/settlements`, { key: shop.key })
  expect(response.status).toBe(200)
  return response.body.items as Array<{
    settlementId: number
    businessDate: string
    amountFen: number
    status: string
    reference: string | null
  }>
}

function result(settlementId: number, status: 'paid' | 'failed', bankReference: string, key: string) {
  return h.request('POST', `/v1/settlements/${settlementId}/result`, {
    key: officerKey,
    body: { status, bankReference },
    headers: { 'Idempotency-Key': key },
  })
}

function payout(f: Farm, amountFen: number, key: string, as = f.key) {
  return h.request('POST', `/v1/farmers/${f.farmerId}/payouts`, {
    key: as,
    body: { amountFen },
    headers: { 'Idempotency-Key': key },
  })
}

const payable = (shop: Party) => balanceOf(h.db, accounts.supplierPayable(shop.id).code)
const settling = (shop: Party) => balanceOf(h.db, accounts.supplierSettling(shop.id).code).catch(() => 0)
const lenderCash = () => balanceOf(h.db, accounts.lenderCash().code)
const freeWallet = (f: Farm) => balanceOf(h.db, accounts.farmerWallet(f.farmerId).code)
const restricted = (f: Farm) => balanceOf(h.db, accounts.restrictedWallet(f.loanId).code)

/** The events of each type about one party (of the types starting with `prefix`). */
async function eventCounts(
  subject: { supplierId?: number; farmerId?: number; insurerId?: number },
  prefix = 'supplier_settlement.',
) {
  const rows = await h.db
    .selectFrom('events')
    .select(['type', 'subject'])
    .where('type', 'like', `${prefix}%`)
    .execute()
  const counts: Record<string, number> = {}
  for (const row of rows) {
    const about = (typeof row.subject === 'string' ? JSON.parse(row.subject) : row.subject) as Record<
      string,
      number
    >
    if (Object.entries(subject).every(([field, id]) => about[field] === id))
      counts[row.type] = (counts[row.type] ?? 0) + 1
  }
  return counts
}

beforeAll(async () => {
  h = await startHarness()
  officerKey = await h.keyFor('officer')
  await fundLender(h.ledger, LENDER_CASH_FEN)
  const shop = async (name: string): Promise<Party> => {
    const s = await h.created('/v1/suppliers', h.adminKey, { externalRef: name, name, approved: true })
    const key = await h.keyFor('supplier', s.supplierId)
    const put = await h.request('PUT', `/v1/suppliers/${s.supplierId}/products/seed-pack`, {
      key,
      body: { name: 'Seed pack', category: 'seed', priceFen: PACK_FEN },
    })
    expect(put.status).toBe(201)
    await approveProducts(h, s.supplierId, [{ sku: 'seed-pack', category: 'seed', priceFen: PACK_FEN }])
    return { id: s.supplierId, key }
  }
  shopA = await shop('shop-a')
  shopB = await shop('shop-b')
  const o = await h.created('/v1/offtakers', h.adminKey, {
    externalRef: 'grain',
    name: 'Grain Co',
    approved: true,
  })
  offtaker = { id: o.offtakerId, key: await h.keyFor('offtaker', o.offtakerId) }
  const i = await h.created('/v1/insurers', h.adminKey, {
    externalRef: 'mutual',
    name: 'Mutual',
    approved: true,
  })
  insurer = { id: i.insurerId, key: await h.keyFor('insurer', i.insurerId) }
})
afterAll(async () => {
  if (h) await expectLedgerClean(h.db)
  if (h) await expectReconciled(h.db)
  await h?.close()
})

describe('supplier settlement', () => {
  it('settles each supplier’s net payable once per close: paid with the bank reference, failed back to the payable and settled again, a later refund netted against the next', async () => {
    const f = await farm('settled')
    const purchase = await buy(f, shopA, 3)
    await buy(f, shopB, 2)
    const day1 = await businessDate()
    await closeDays(1)

    expect(await settlements(shopA)).toEqual([
      {
        settlementId: expect.any(Number),
        businessDate: day1,
        amountFen: 30_000,
        status: 'pending',
        reference: null,
      },
    ])
    const [b1] = await settlements(shopB)
    expect(b1).toMatchObject({ businessDate: day1, amountFen: 20_000, status: 'pending', reference: null })
    expect(await payable(shopA)).toBe(0)
    expect(await settling(shopA)).toBe(30_000)

    // Nothing new sold: the next close makes no settlement.
    await closeDays(1)
    expect(await settlements(shopA)).toHaveLength(1)
    expect(await settlements(shopB)).toHaveLength(1)

    // Paid: out of lender cash once, however often the answer is sent.
    const [a1] = await settlements(shopA)
    const cashBefore = await lenderCash()
    const paid = await result(a1!.settlementId, 'paid', 'BANK-A-1', 'pay-a1')
    expect(paid.status, JSON.stringify(paid.body)).toBe(200)
    expect(paid.body).toEqual({ ...a1, status: 'paid', reference: 'BANK-A-1' })
    const again = await result(a1!.settlementId, 'paid', 'BANK-A-1', 'pay-a1')
    expect(again.body).toEqual(paid.body)
    const sameAnswer = await result(a1!.settlementId, 'paid', 'BANK-A-1', 'pay-a1-resent')
    expect(sameAnswer.status).toBe(200)
    expect(sameAnswer.body).toEqual(paid.body)
    expect(await lenderCash()).toBe(cashBefore - 30_000)
    expect(await settling(shopA)).toBe(0)
    const contrary = await result(a1!.settlementId, 'failed', 'BANK-A-1', 'fail-a1')
    expect(contrary.status).toBe(422)
    expect(contrary.body.code).toBe('settlement_not_pending')
    expect(await lenderCash()).toBe(cashBefore - 30_000)

    // Failed: back to the payable, and the next close settles it again.
    const failed = await result(b1!.settlementId, 'failed', 'BANK-B-REJECT', 'fail-b1')
    expect(failed.status).toBe(200)
    expect(failed.body).toMatchObject({ status: 'failed', reference: 'BANK-B-REJECT', amountFen: 20_000 })
    expect(await payable(shopB)).toBe(20_000)
    expect(await settling(shopB)).toBe(0)
    expect(await lenderCash()).toBe(cashBefore - 30_000)
    const day3 = await businessDate()
    await closeDays(1)
    const [b2, b1After] = await settlements(shopB)
    expect(b2).toMatchObject({ businessDate: day3, amountFen: 20_000, status: 'pending', reference: null })
    expect(b1After).toMatchObject({ settlementId: b1!.settlementId, status: 'failed' })
    expect(await payable(shopB)).toBe(0)

    // A refund after settlement: the supplier owes it (the payable goes below zero), no settlement
    // while it does, and the next sales net against it.
    const refund = await h.request('POST', `/v1/purchases/${purchase.purchaseId}/refund`, {
      key: shopA.key,
      body: { lines: [{ sku: 'seed-pack', quantity: 1 }] },
      headers: { 'Idempotency-Key': 'refund-a' },
    })
    expect(refund.status, JSON.stringify(refund.body)).toBe(200)
    expect(await payable(shopA)).toBe(-PACK_FEN)
    await closeDays(1)
    expect(await settlements(shopA)).toHaveLength(1)
    await buy(f, shopA, 3)
    const day5 = await businessDate()
    await closeDays(1)
    const [a2] = await settlements(shopA)
    expect(a2).toMatchObject({ businessDate: day5, amountFen: 2 * PACK_FEN, status: 'pending' })
    expect(await payable(shopA)).toBe(0)
    expect(await settling(shopA)).toBe(2 * PACK_FEN)

    // Another supplier sees none of it; an unknown settlement is 404.
    const other = await h.request('GET', `/v1/suppliers/${shopA.id}/settlements`, { key: shopB.key })
    expect(other.status).toBe(404)
    expect((await result(999_999, 'paid', 'X', 'nothing')).status).toBe(404)
    const bad = await h.request('POST', `/v1/settlements/${a2!.settlementId}/result`, {
      key: officerKey,
      body: { status: 'pending', bankReference: 'X' },
      headers: { 'Idempotency-Key': 'bad-status' },
    })
    expect(bad.status).toBe(400)
    expect(await settlements(shopA)).toHaveLength(2)
    expect((await settlements(shopA))[0]!.status).toBe('pending')
    // One event per movement, about the supplier.
    expect(await eventCounts({ supplierId: shopA.id })).toEqual({
      'supplier_settlement.created': 2,
      'supplier_settlement.paid': 1,
    })
    expect(await eventCounts({ supplierId: shopB.id })).toEqual({
      'supplier_settlement.created': 2,
      'supplier_settlement.failed': 1,
    })
  })
})

describe('insurer settlement', () => {
  it('settles the premiums withheld for each insurer at close: pending, paid from lender cash once, only that insurer sees them', async () => {
    const i = await h.created('/v1/insurers', h.adminKey, {
      externalRef: 'harvest-mutual',
      name: 'Harvest Mutual',
      approved: true,
    })
    const mutual = { id: i.insurerId, key: await h.keyFor('insurer', i.insurerId) }
    await farm('premium-1', 1_000_000, mutual)
    await farm('premium-2', 500_000, mutual)
    const premiums = () => balanceOf(h.db, accounts.premiumPayable(mutual.id).code)
    const inTransit = () => balanceOf(h.db, accounts.insurerSettling(mutual.id).code).catch(() => 0)
    expect(await premiums()).toBe(2 * PREMIUM_FEN)
    const list = async (key = mutual.key) => {
      const response = await h.request('GET', `/v1/insurers/${mutual.id}/settlements`, { key })
      expect(response.status).toBe(200)
      return response.body.items as Array<Record<string, unknown>>
    }
    expect(await list()).toEqual([])

    const day = await businessDate()
    await closeDays(1)
    const [sent] = await list()
    expect(sent).toEqual({
      settlementId: expect.any(Number),
      businessDate: day,
      amountFen: 2 * PREMIUM_FEN,
      status: 'pending',
      reference: null,
    })
    expect(await list(officerKey)).toEqual([sent])
    expect(await premiums()).toBe(0)
    expect(await inTransit()).toBe(2 * PREMIUM_FEN)
    await closeDays(1)
    expect(await list()).toHaveLength(1)

    const cashBefore = await lenderCash()
    const paid = await result(Number(sent!.settlementId), 'paid', 'BANK-INS-1', 'pay-insurer')
    expect(paid.status, JSON.stringify(paid.body)).toBe(200)
    expect(paid.body).toEqual({ ...sent, status: 'paid', reference: 'BANK-INS-1' })
    expect((await result(Number(sent!.settlementId), 'paid', 'BANK-INS-1', 'pay-insurer')).body).toEqual(
      paid.body,
    )
    expect(await lenderCash()).toBe(cashBefore - 2 * PREMIUM_FEN)
    expect(await inTransit()).toBe(0)

    // Another insurer is told nothing of it; a supplier may not ask.
    expect(
      (await h.request('GET', `/v1/insurers/${mutual.id}/settlements`, { key: insurer.key })).status,
    ).toBe(404)
    expect((await h.request('GET', `/v1/insurers/${mutual.id}/settlements`, { key: shopA.key })).status).toBe(
      403,
    )
    expect(await eventCounts({ insurerId: mutual.id }, 'insurer_settlement.')).toEqual({
      'insurer_settlement.created': 1,
      'insurer_settlement.paid': 1,
    })
  })
})

describe('farmer payout', () => {
  it('pays the free wallet out to the bank, exactly, once per key, never more and never restricted money', async () => {
    const f = await farm('payout')
    const restrictedFen = await restricted(f)
    expect(restrictedFen).toBe(1_000_000 - PREMIUM_FEN)
    // Restricted money alone: nothing to pay out.
    const none = await payout(f, 1, 'nothing-free')
    expect(none.status).toBe(422)
    expect(none.body.code).toBe('insufficient_funds')

    await harvestToFreeWallet(f, 100)
    expect(await freeWallet(f)).toBe(30_000)
    const cashBefore = await lenderCash()
    const first = await payout(f, 12_345, 'payout-1')
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    expect(first.body).toEqual({ payoutId: expect.any(Number), amountFen: 12_345, balanceFen: 17_655 })
    const retry = await payout(f, 12_345, 'payout-1')
    expect(retry.status).toBe(201)
    expect(retry.body).toEqual(first.body)
    expect(await freeWallet(f)).toBe(17_655)
    expect(await lenderCash()).toBe(cashBefore - 12_345)

    const tooMuch = await payout(f, 17_656, 'payout-2')
    expect(tooMuch.status).toBe(422)
    expect(tooMuch.body.code).toBe('insufficient_funds')
    const other = await farm('payout-other')
    const stranger = await payout(f, 1, 'stranger', other.key)
    expect(stranger.status).toBe(404)
    const noKey = await h.request('POST', `/v1/farmers/${f.farmerId}/payouts`, {
      key: f.key,
      body: { amountFen: 1 },
    })
    expect(noKey.status).toBe(400)
    expect(await freeWallet(f)).toBe(17_655)

    const rest = await payout(f, 17_655, 'payout-3')
    expect(rest.status).toBe(201)
    expect(rest.body.balanceFen).toBe(0)
    expect(await freeWallet(f)).toBe(0)
    expect(await restricted(f)).toBe(restrictedFen)
    expect(await lenderCash()).toBe(cashBefore - 30_000)
  })
})

describe('a farm loan repaid before its sweep', () => {
  it('sweeps its unspent restricted money into the loan, once, and takes only the rest from the free wallet', async () => {
    const f = await farm('early')
    await buy(f, shopA, 3)
    const unspentFen = 1_000_000 - PREMIUM_FEN - 3 * PACK_FEN
    expect(await restricted(f)).toBe(unspentFen)
    await closeDays(1)
    await harvestToFreeWallet(f, 4_000)
    const freeFen = await freeWallet(f)
    expect(freeFen).toBe(1_200_000)
    const owedFen = totalOwedFen(await loanLedgerFigures(h.db, f.loanId))
    expect(owedFen).toBeGreaterThan(unspentFen)

    const repay = () =>
      h.request('POST', `/v1/loans/${f.loanId}/repayments`, {
        key: f.key,
        body: { amountFen: owedFen },
        headers: { 'Idempotency-Key': 'pay-it-all' },
      })
    const repaid = await repay()
    expect(repaid.status, JSON.stringify(repaid.body)).toBe(200)
    expect(repaid.body.outstanding.totalFen).toBe(0)
    expect(repaid.body.allocation.leftoverFen).toBe(unspentFen)
    expect((await repay()).body).toEqual(repaid.body)

    expect(await restricted(f)).toBe(0)
    expect(await freeWallet(f)).toBe(freeFen - (owedFen - unspentFen))
    const loan = (await h.request('GET', `/v1/loans/${f.loanId}`, { key: f.key })).body
    expect(loan.status).toBe('closed')
    const wallet = (await h.request('GET', `/v1/restricted-wallets/${f.loanId}`, { key: f.key })).body
    expect(wallet).toMatchObject({ status: 'closed', balanceFen: 0 })
    const sweeps = await h.db
      .selectFrom('journalEntries')
      .select('id')
      .where('idempotencyKey', '=', `sweep:${f.loanId}`)
      .execute()
    expect(sweeps).toHaveLength(1)
    // The loan's workflow hears of it and ends.
    const { workflowId } = await h.db
      .selectFrom('agriLoanApplications')
      .select('workflowId')
      .where('loanId', '=', f.loanId)
      .executeTakeFirstOrThrow()
    const ended = await h.client.workflow.getHandle(workflowId).result()
    expect(ended.finalStatus).toBe('closed')
  })
})

describe('restricted money the loan no longer needs', () => {
  /** The farmer repays `amountFen` of the loan from the free wallet. */
  const repay = (f: Farm, amountFen: number, idempotencyKey: string) =>
    h.request('POST', `/v1/loans/${f.loanId}/repayments`, {
      key: f.key,
      body: { amountFen },
      headers: { 'Idempotency-Key': idempotencyKey },
    })

  it('goes back to the farmer: repaid in part from the free wallet, then goods returned, the sweep repays what is owed and the rest reaches the free wallet', async () => {
    const f = await farm('surplus')
    const spent = await buy(f, shopA, 90)
    await closeDays(1)
    await harvestToFreeWallet(f, 4_000)
    expect(await restricted(f)).toBe(1_000_000 - PREMIUM_FEN - 900_000)
    // Most of the loan repaid with the farmer's own money while the wallet is still open.
    const partly = await repay(f, 700_000, 'surplus-partly')
    expect(partly.status, JSON.stringify(partly.body)).toBe(200)
    expect(partly.body.outstanding.totalFen).toBeGreaterThan(0)
    // Then the shop takes 30 packs back: the money returns to the restricted wallet.
    const refund = await h.request('POST', `/v1/purchases/${spent.purchaseId}/refund`, {
      key: shopA.key,
      body: { lines: [{ sku: 'seed-pack', quantity: 30 }] },
      headers: { 'Idempotency-Key': 'surplus-refund' },
    })
    expect(refund.status, JSON.stringify(refund.body)).toBe(200)
    const restrictedFen = await restricted(f)
    expect(restrictedFen).toBe(80_000 + 300_000)
    const owedFen = totalOwedFen(await loanLedgerFigures(h.db, f.loanId))
    expect(owedFen).toBeLessThan(restrictedFen)
    const freeFen = await freeWallet(f)

    // Paying 1 fen sweeps: the unspent money covers the rest of the loan.
    const last = await repay(f, 1, 'surplus-last')
    expect(last.status, JSON.stringify(last.body)).toBe(200)
    expect(last.body.outstanding.totalFen).toBe(0)
    expect((await repay(f, 1, 'surplus-last')).body).toEqual(last.body)
    expect(await restricted(f)).toBe(0)
    expect(await freeWallet(f)).toBe(freeFen + (restrictedFen - owedFen))
    const loan = (await h.request('GET', `/v1/loans/${f.loanId}`, { key: f.key })).body
    expect(loan.status).toBe('closed')
    const releases = await h.db
      .selectFrom('journalEntries')
      .select(['type'])
      .where('idempotencyKey', '=', `release:${f.loanId}`)
      .execute()
    expect(releases).toEqual([{ type: 'restricted_release' }])
  })

  it('repays the loan first when an officer writes off a farm loan before its sweep; only the rest is written off', async () => {
    const f = await farm('written-early')
    await buy(f, shopA, 40)
    await closeDays(1)
    const unspentFen = await restricted(f)
    expect(unspentFen).toBe(1_000_000 - PREMIUM_FEN - 400_000)
    const owedFen = totalOwedFen(await loanLedgerFigures(h.db, f.loanId))
    const writtenOff = await h.request('POST', `/v1/loans/${f.loanId}/write-off`, {
      key: officerKey,
      body: { reason: 'the farm was abandoned' },
      headers: { 'Idempotency-Key': 'written-early' },
    })
    expect(writtenOff.status, JSON.stringify(writtenOff.body)).toBe(200)
    expect(writtenOff.body).toMatchObject({ status: 'written_off', writtenOffFen: owedFen - unspentFen })
    expect(await restricted(f)).toBe(0)
    // The loan's workflow hears of it and ends.
    const { workflowId } = await h.db
      .selectFrom('agriLoanApplications')
      .select('workflowId')
      .where('loanId', '=', f.loanId)
      .executeTakeFirstOrThrow()
    expect((await h.client.workflow.getHandle(workflowId).result()).finalStatus).toBe('written_off')
  })
})

describe('reconciliation', () => {
  /** `npm run reconcile` against this test's database: its exit code and what it printed. */
  async function reconcileCommand(): Promise<{ code: number; out: string }> {
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', 'src/agri/reconcile-main.ts'],
        { env: { ...process.env, DATABASE_URL: h.databaseUrl } },
      )
      return { code: 0, out: stdout }
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string }
      return { code: failed.code, out: failed.stdout + failed.stderr }
    }
  }

  it('finds every supplier’s and insurer’s balance equal to its documents, and names a payable moved without a purchase until it is undone', async () => {
    const f = await farm('reconciled')
    await buy(f, shopA, 2)
    await closeDays(1)
    const clean = await h.request('GET', '/v1/reconciliation', { key: officerKey })
    expect(clean.status).toBe(200)
    expect(clean.body).toMatchObject({ ok: true, breaks: [] })
    // Suppliers A and B (payable and in transit), the two insurers of this file (premiums, in transit).
    expect(clean.body.checkedAccounts).toBeGreaterThanOrEqual(8)
    expect(await reconcileCommand()).toMatchObject({ code: 0 })

    // 123 fen credited to supplier A with no purchase behind it: the books still balance (the ledger
    // verifies), but they no longer say what the paper says.
    const payableCode = accounts.supplierPayable(shopA.id).code
    await move(h.ledger, { debit: accounts.lenderCash().code, credit: payableCode, amountFen: 123 })
    await expectLedgerClean(h.db)
    const broken = await h.request('GET', '/v1/reconciliation', { key: officerKey })
    expect(broken.body.ok).toBe(false)
    expect(broken.body.breaks).toEqual([
      {
        party: 'supplier',
        partyId: shopA.id,
        account: payableCode,
        ledgerFen: 123,
        documentsFen: 0,
        differenceFen: 123,
        documents: 'purchases paid − refunds − settlements pending or paid',
      },
    ])
    const command = await reconcileCommand()
    expect(command.code).toBe(1)
    expect(command.out).toContain(`RECONCILIATION BREAK: ${payableCode}: ledger 123 fen, documents 0 fen`)
    expect((await h.request('GET', '/v1/reconciliation', { key: f.key })).status).toBe(403)

    await move(h.ledger, { debit: payableCode, credit: accounts.lenderCash().code, amountFen: 123 })
    expect((await h.request('GET', '/v1/reconciliation', { key: officerKey })).body.ok).toBe(true)
  })
})
