/**
 * Issue 16 item 11: money that arrives after a farm loan was written off. The offtaker's late cash for
 * a harvest delivered on a loan whose claim was paid and whose uncovered rest was written off is a
 * recovery against that loan (at most what was written off less what was already recovered); only
 * the excess reaches the farmer's free wallet, a retried payment posts nothing twice, and the loan's
 * transactions list the recoveries. Before the fix the whole delivery went to the farmer and the
 * loan never heard of it. (Since issue 17 item 3 it is the offtaker's cash, not the delivery, that
 * moves the money.)
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { AGRI_POLICY } from '../../../src/agri/agri-policy.js'
import { recordOfftakerPayment } from '../../../src/agri/offtaker-payments.js'
import { addDays, isoDate, type IsoDate } from '../../../src/kernel/business-date.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean } from '../../support/ledger.js'

let h: Harness
let officerKey: string
const WINDOW_FROM = isoDate('2026-01-02')
const WINDOW_TO = isoDate('2026-01-10')
const PRICE_FEN_PER_KG = 300
const LOAN_FEN = 1_000_000
// A large premium leaves the restricted wallet well short of the loan, so the sweep leaves a debt
// that defaults, is claimed and is partly written off.
const PREMIUM_FEN = 200_000

type Farm = { farmerId: number; key: string; contractId: number; loanId: number }
let offtaker: { offtakerId: number; key: string }
let insurer: { insurerId: number; key: string }

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

async function farm(name: string): Promise<Farm> {
  const farmer = await h.created('/v1/farmers', h.adminKey, { externalRef: name, name, region: 'Jilin' })
  const key = await h.keyFor('farmer', farmer.farmerId)
  const contract = await h.created('/v1/offtake-contracts', offtaker.key, {
    farmerId: farmer.farmerId,
    crop: 'rice',
    quantityKg: 10_000,
    priceFenPerKg: PRICE_FEN_PER_KG,
    deliveryFrom: WINDOW_FROM,
    deliveryTo: WINDOW_TO,
  })
  await h.created(`/v1/offtake-contracts/${contract.contractId}/guarantee-requests`, key, {
    insurerId: insurer.insurerId,
  })
  const policy = await h.created('/v1/guarantee-policies', insurer.key, {
    farmerId: farmer.farmerId,
    contractId: contract.contractId,
    coverageBps: 8_000,
    premiumFen: PREMIUM_FEN,
  })
  const applied = await h.created(
    '/v1/agri-loan-applications',
    key,
    {
      farmerId: farmer.farmerId,
      contractId: contract.contractId,
      policyId: policy.policyId,
      amountFen: LOAN_FEN,
    },
    `apply-${name}`,
  )
  expect(applied.status).toBe('approved')
  return { farmerId: farmer.farmerId, key, contractId: contract.contractId, loanId: applied.loanId }
}

function deliver(farm: Farm, quantityKg: number, deliveredOn: IsoDate, idempotencyKey: string) {
  return h.request('POST', `/v1/offtake-contracts/${farm.contractId}/deliveries`, {
    key: offtaker.key,
    body: { quantityKg, deliveredOn },
    headers: { 'Idempotency-Key': idempotencyKey },
  })
}

/** The offtaker pays for one delivery in full, late. */
function payFor(delivery: { deliveryId: number; proceedsFen: number }, idempotencyKey: string) {
  return h.request('POST', '/v1/offtaker-payments', {
    key: offtaker.key,
    body: {
      offtakerId: offtaker.offtakerId,
      amountFen: delivery.proceedsFen,
      paidOn: addDays(WINDOW_TO, AGRI_POLICY.defaultGraceDays),
      reference: `DLV-${delivery.deliveryId}`,
      deliveryIds: [delivery.deliveryId],
    },
    headers: { 'Idempotency-Key': idempotencyKey },
  })
}

beforeAll(async () => {
  h = await startHarness()
  officerKey = await h.keyFor('officer')
  const o = await h.created('/v1/offtakers', h.adminKey, {
    externalRef: 'grain',
    name: 'Grain Co',
    approved: true,
  })
  offtaker = { offtakerId: o.offtakerId, key: await h.keyFor('offtaker', o.offtakerId) }
  const i = await h.created('/v1/insurers', h.adminKey, {
    externalRef: 'mutual',
    name: 'Mutual',
    approved: true,
  })
  insurer = { insurerId: i.insurerId, key: await h.keyFor('insurer', i.insurerId) }
})
afterAll(async () => {
  await h?.close()
})

it('books an offtaker’s late cash on a written-off farm loan as a recovery, once, and pays the farmer only the excess', async () => {
  const f = await farm('late')
  // The harvest is delivered on the window's last day (the wallet is swept) and the offtaker does
  // not pay: the grace period ends (default and a claim), and the insurer accepts and pays the
  // covered share; the rest is written off.
  await closeDaysUntil(WINDOW_TO)
  const lots = [] as Array<{ deliveryId: number; proceedsFen: number }>
  for (const [quantityKg, key] of [
    [100, 'lot-1'],
    [1_000, 'lot-2'],
    [10, 'lot-3'],
  ] as const) {
    const delivered = await deliver(f, quantityKg, WINDOW_TO, key)
    expect(delivered.status).toBe(201)
    expect(delivered.body.status).toBe('awaiting_payment')
    lots.push(delivered.body)
  }
  await closeDaysUntil(addDays(WINDOW_TO, AGRI_POLICY.defaultGraceDays + 1))
  expect((await h.request('GET', `/v1/loans/${f.loanId}`, { key: officerKey })).body.status).toBe('defaulted')
  const [claim] = (
    await h.request('GET', '/v1/guarantee-claims?status=open', { key: insurer.key })
  ).body.items.filter((item: { loanId: number }) => item.loanId === f.loanId)
  const accepted = await h.request('POST', `/v1/guarantee-claims/${claim.claimId}/decision`, {
    key: insurer.key,
    body: { decision: 'accept', reason: 'no harvest' },
    headers: { 'Idempotency-Key': `decide-${claim.claimId}` },
  })
  expect(accepted.status).toBe(200)
  const paid = await h.request('POST', `/v1/guarantee-claims/${claim.claimId}/pay`, {
    key: insurer.key,
    body: { amountFen: claim.claimFen, reference: `BANK-${claim.claimId}` },
    headers: { 'Idempotency-Key': `pay-${claim.claimId}` },
  })
  expect(paid.status).toBe(200)
  const writtenOffFen = paid.body.writtenOffFen as number
  expect(writtenOffFen).toBe(claim.owedFen - claim.claimFen)
  expect(writtenOffFen).toBeGreaterThan(30_000)
  const lossFen = await balanceOf(h.db, accounts.creditLoss().code)

  const farmerWallet = accounts.farmerWallet(f.farmerId).code
  const recoveries = accounts.recoveries().code
  const farmerBefore = await balanceOf(h.db, farmerWallet).catch(() => 0)
  const zero = { penaltyFen: 0, feesFen: 0, interestFen: 0 }

  // 100 kg: less than was written off, all of it recovered, nothing for the farmer.
  const first = await payFor(lots[0]!, 'late-1')
  expect(first.status).toBe(201)
  expect(first.body.applied).toEqual([
    {
      deliveryId: lots[0]!.deliveryId,
      amountFen: 30_000,
      waterfall: { ...zero, principalFen: 30_000, toFarmerFen: 0 },
    },
  ])
  expect(await balanceOf(h.db, recoveries)).toBe(30_000)
  expect(await balanceOf(h.db, farmerWallet).catch(() => 0)).toBe(farmerBefore)

  // 1,000 kg: the rest of the write-off is recovered, the excess is the farmer's.
  const restFen = writtenOffFen - 30_000
  const second = await payFor(lots[1]!, 'late-2')
  expect(second.status).toBe(201)
  expect(second.body.applied[0].waterfall).toEqual({
    ...zero,
    principalFen: restFen,
    toFarmerFen: 300_000 - restFen,
  })
  expect(await balanceOf(h.db, recoveries)).toBe(writtenOffFen)
  expect(await balanceOf(h.db, farmerWallet)).toBe(farmerBefore + 300_000 - restFen)

  // The same payment retried: the same answer, nothing posted twice.
  const retried = await payFor(lots[1]!, 'late-2')
  expect(retried.status).toBe(201)
  expect(retried.body).toEqual(second.body)
  expect(await balanceOf(h.db, recoveries)).toBe(writtenOffFen)
  expect(await balanceOf(h.db, farmerWallet)).toBe(farmerBefore + 300_000 - restFen)

  // A crash after the entry was posted and before the payment was recorded (the entry commits on
  // its own): the retry finds the entry and answers what it did, posting nothing. Through the
  // domain function, as the route's idempotency layer would answer a repeated request itself.
  const row = await h.db
    .selectFrom('offtakerPayments')
    .select('requestKey')
    .where('id', '=', second.body.paymentId)
    .executeTakeFirstOrThrow()
  const deliveryRow = await h.db
    .selectFrom('deliveries')
    .select('waterfall')
    .where('id', '=', lots[1]!.deliveryId)
    .executeTakeFirstOrThrow()
  await h.db.deleteFrom('offtakerPayments').where('id', '=', second.body.paymentId).execute()
  await h.db
    .updateTable('deliveries')
    .set({
      paidFen: 0,
      status: 'awaiting_payment',
      waterfall: JSON.stringify({ ...JSON.parse(deliveryRow.waterfall), principalFen: 0, toFarmerFen: 0 }),
    })
    .where('id', '=', lots[1]!.deliveryId)
    .execute()
  const afterCrash = await recordOfftakerPayment(
    { db: h.db, ledger: h.ledger },
    {
      offtakerId: offtaker.offtakerId,
      amountFen: 300_000,
      paidOn: addDays(WINDOW_TO, AGRI_POLICY.defaultGraceDays),
      reference: `DLV-${lots[1]!.deliveryId}`,
      deliveryIds: [lots[1]!.deliveryId],
      requestKey: row.requestKey,
    },
  )
  expect(afterCrash.applied).toEqual(second.body.applied)
  expect(await balanceOf(h.db, recoveries)).toBe(writtenOffFen)
  expect(await balanceOf(h.db, farmerWallet)).toBe(farmerBefore + 300_000 - restFen)

  // Everything written off has come home: the cash for a further delivery is all the farmer's.
  const third = await payFor(lots[2]!, 'late-3')
  expect(third.status).toBe(201)
  expect(third.body.applied[0].waterfall).toEqual({ ...zero, principalFen: 0, toFarmerFen: 3_000 })
  expect(await balanceOf(h.db, recoveries)).toBe(writtenOffFen)
  expect(await balanceOf(h.db, farmerWallet)).toBe(farmerBefore + 303_000 - restFen)
  // So does the farmer's own repayment: nothing is taken, it stays in the free wallet.
  const repaid = await h.request('POST', `/v1/loans/${f.loanId}/repayments`, {
    key: f.key,
    body: { amountFen: 1_000 },
    headers: { 'Idempotency-Key': 'repay-after-recovery' },
  })
  expect(repaid.status).toBe(200)
  expect(repaid.body.allocation).toEqual({ ...zero, principalFen: 0, leftoverFen: 1_000 })
  expect(await balanceOf(h.db, farmerWallet)).toBe(farmerBefore + 303_000 - restFen)

  // The loan stays written off, owes nothing, and shows what came home; the write-off stands.
  const view = (await h.request('GET', `/v1/loans/${f.loanId}`, { key: f.key })).body
  expect(view).toMatchObject({ status: 'written_off', writtenOffFen, recoveredFen: writtenOffFen })
  expect(view.outstanding.totalFen).toBe(0)
  expect(await balanceOf(h.db, accounts.creditLoss().code)).toBe(lossFen)

  // The loan's transactions list both recoveries, shown as principal coming home.
  const transactions = (await h.request('GET', `/v1/loans/${f.loanId}/transactions`, { key: f.key })).body
  const listed = transactions.items
    .filter((item: { type: string }) => item.type === 'recovery')
    .map((item: { amountFen: number; allocation: unknown }) => [item.amountFen, item.allocation])
  expect(listed).toEqual([
    [30_000, { ...zero, principalFen: 30_000 }],
    [restFen, { ...zero, principalFen: restFen }],
  ])
  await expectLedgerClean(h.db)
})
