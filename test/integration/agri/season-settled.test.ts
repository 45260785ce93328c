/**
 * Issue 17, "Done means": a season in which every party's account ends at zero through recorded cash.
 * One farm loan through HTTP with a real worker, from the application to the farmer's payout: the
 * supplier rings up the inputs and the farmer confirms; each close settles the supplier's payable
 * and the insurer's premium, and an officer records both paid; the harvest is delivered and the
 * offtaker's cash repays the loan and pays the farmer's surplus, which the farmer takes to the bank.
 * At the end every counterparty's accounts are at zero, the lender's cash grew by exactly what it
 * earned, and reconciliation finds no break.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { addDays, type IsoDate } from '../../../src/kernel/business-date.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { farmBackers, fundedFarm, shopWithProducts } from '../../support/farm.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean, expectReconciled, fundLender } from '../../support/ledger.js'

const PACK_FEN = 10_000
const LOAN_FEN = 300_000
const PREMIUM_FEN = 5_000
const PRICE_FEN_PER_KG = 300
const QUANTITY_KG = 2_000

let h: Harness
let officerKey: string

beforeAll(async () => {
  h = await startHarness()
  officerKey = await h.keyFor('officer')
  await fundLender(h.ledger, 10_000_000)
})
afterAll(async () => {
  if (h) {
    await expectLedgerClean(h.db)
    await expectReconciled(h.db)
  }
  await h?.close()
})

/** An account's balance on its normal side; 0 for an account never opened. */
const balance = (code: string) => balanceOf(h.db, code).catch(() => 0)

async function businessDate(): Promise<IsoDate> {
  return (await h.request('GET', '/v1/system/business-date', { key: officerKey })).body.businessDate
}

async function closeDays(days: number) {
  const closed = await h.request('POST', '/v1/system/close-of-business', { key: officerKey, body: { days } })
  expect(closed.status).toBe(200)
}

/** Records a settlement's bank transfer as paid, as the officer does with the bank's reference. */
async function markPaid(settlementId: number, reference: string) {
  const paid = await h.request('POST', `/v1/settlements/${settlementId}/result`, {
    key: officerKey,
    body: { status: 'paid', bankReference: reference },
    headers: { 'Idempotency-Key': `paid-${settlementId}` },
  })
  expect(paid.status, JSON.stringify(paid.body)).toBe(200)
}

it('ends with every party at zero through recorded cash, and the lender richer by exactly what it earned', async () => {
  const shop = await shopWithProducts(h, { externalRef: 'shop', name: 'Shop' }, [
    { sku: 'seed-pack', name: 'Seed pack', category: 'seed', priceFen: PACK_FEN },
  ])
  const shopKey = shop.key
  const { offtaker: grain, insurer: mutual } = await farmBackers(h, 'season')
  const grainKey = grain.key
  const mutualKey = mutual.key

  const start = await businessDate()
  const cashBefore = await balance(accounts.lenderCash().code)
  const farmer = await fundedFarm(
    h,
    { offtaker: grain, insurer: mutual },
    { externalRef: 'li', name: 'Li' },
    {
      quantityKg: QUANTITY_KG,
      priceFenPerKg: PRICE_FEN_PER_KG,
      deliveryFrom: addDays(start, 2),
      deliveryTo: addDays(start, 10),
      premiumFen: PREMIUM_FEN,
      loanFen: LOAN_FEN,
    },
  )
  const farmerKey = farmer.key
  const loanId = farmer.loanId

  // The shop rings up 20 packs; the money moves when the farmer confirms.
  const rung = await h.created(
    '/v1/purchase-requests',
    shopKey,
    { farmerId: farmer.farmerId, lines: [{ sku: 'seed-pack', quantity: 20 }] },
    'ring-up',
  )
  const confirmed = await h.request('POST', `/v1/purchase-requests/${rung.requestId}/confirm`, {
    key: farmerKey,
    headers: { 'Idempotency-Key': 'confirm' },
  })
  expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(201)
  expect(confirmed.body.amountFen).toBe(20 * PACK_FEN)

  // The close settles the shop's payable and the insurer's premium; the bank pays both.
  await closeDays(1)
  const supplierSettlements = (
    await h.request('GET', `/v1/suppliers/${shop.supplierId}/settlements`, { key: shopKey })
  ).body.items as Array<{ settlementId: number; amountFen: number }>
  const insurerSettlements = (
    await h.request('GET', `/v1/insurers/${mutual.insurerId}/settlements`, { key: mutualKey })
  ).body.items as Array<{ settlementId: number; amountFen: number }>
  expect(supplierSettlements.map((s) => s.amountFen)).toEqual([20 * PACK_FEN])
  expect(insurerSettlements.map((s) => s.amountFen)).toEqual([PREMIUM_FEN])
  await markPaid(supplierSettlements[0]!.settlementId, 'BANK-SHOP-1')
  await markPaid(insurerSettlements[0]!.settlementId, 'BANK-MUTUAL-1')

  // The harvest, and the offtaker's cash for it.
  await closeDays(1)
  const delivered = await h.created(
    `/v1/offtake-contracts/${farmer.contractId}/deliveries`,
    grainKey,
    { quantityKg: QUANTITY_KG, deliveredOn: await businessDate() },
    'harvest',
  )
  expect(delivered).toMatchObject({ proceedsFen: QUANTITY_KG * PRICE_FEN_PER_KG, status: 'awaiting_payment' })
  // Nothing reaches the farmer before the cash does.
  expect(await balance(accounts.farmerWallet(farmer.farmerId).code)).toBe(0)
  await closeDays(1)
  const paid = await h.created(
    '/v1/offtaker-payments',
    grainKey,
    {
      offtakerId: grain.offtakerId,
      amountFen: delivered.proceedsFen,
      paidOn: await businessDate(),
      reference: delivered.reference,
    },
    'grain-pays',
  )
  expect(paid.applied).toHaveLength(1)
  const loan = (await h.request('GET', `/v1/loans/${loanId}`, { key: farmerKey })).body
  expect(loan.status).toBe('closed')

  // The farmer takes the surplus to the bank.
  const surplusFen = await balance(accounts.farmerWallet(farmer.farmerId).code)
  expect(surplusFen).toBe(paid.applied[0].waterfall.toFarmerFen)
  expect(surplusFen).toBeGreaterThan(0)
  const payout = await h.request('POST', `/v1/farmers/${farmer.farmerId}/payouts`, {
    key: farmerKey,
    body: { amountFen: surplusFen },
    headers: { 'Idempotency-Key': 'payout' },
  })
  expect(payout.status, JSON.stringify(payout.body)).toBe(201)

  // Every party at zero.
  const zeroes = {
    supplierPayable: await balance(accounts.supplierPayable(shop.supplierId).code),
    supplierSettling: await balance(accounts.supplierSettling(shop.supplierId).code),
    premiumPayable: await balance(accounts.premiumPayable(mutual.insurerId).code),
    insurerSettling: await balance(accounts.insurerSettling(mutual.insurerId).code),
    offtakerOwes: await balance(accounts.offtakerClearing(grain.offtakerId).code),
    offtakerProceedsDue: await balance(accounts.offtakerProceedsDue(grain.offtakerId).code),
    farmerWallet: await balance(accounts.farmerWallet(farmer.farmerId).code),
    restricted: await balance(accounts.restrictedWallet(loanId).code),
    principal: await balance(accounts.loanPrincipal(loanId).code),
    interest: await balance(accounts.loanInterest(loanId).code),
    fees: await balance(accounts.loanFees(loanId).code),
    penalty: await balance(accounts.loanPenalty(loanId).code),
  }
  expect(zeroes).toEqual(Object.fromEntries(Object.keys(zeroes).map((name) => [name, 0])))
  // Cash in from the offtaker, out to the shop, the insurer and the farmer: what is left is the
  // interest the loan earned, to the fen.
  const earnedFen =
    (await balance(accounts.interestIncome().code)) + (await balance(accounts.penaltyIncome().code))
  expect(earnedFen).toBeGreaterThan(0)
  expect((await balance(accounts.lenderCash().code)) - cashBefore).toBe(earnedFen)
  const reconciliation = await h.request('GET', '/v1/reconciliation', { key: officerKey })
  expect(reconciliation.status).toBe(200)
  expect(reconciliation.body).toMatchObject({ ok: true, breaks: [] })
})
