/**
 * Events and webhooks with a real local receiver: a scripted merchant loan and a scripted farm season
 * produce every event type; deliveries are signed, retried until the receiver answers, in order per
 * subject; each principal reads only its own events; a refused change announces nothing.
 */
import { createHmac } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EVENT_TYPES } from '../../../src/events/events.js'
import { fanOutEvents, SIGNATURE_HEADER } from '../../../src/events/webhooks.js'
import { recordEvents } from '../../../src/events/events.js'
import { addDays, isoDate } from '../../../src/kernel/business-date.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { expectLedgerClean, fundLender } from '../../support/ledger.js'
import { approveProducts } from '../../support/catalogue.js'
import { merchantsWithLines, type MerchantWithLine } from '../../support/merchant-lines.js'

type Received = { eventId: number; type: string; subject: Record<string, number>; signatureOk: boolean }

/** A receiver that refuses its first `failFirst` requests (500), then accepts; it checks signatures. */
function receiver(failFirst: number) {
  const state = { secret: '', requests: 0, failures: 0, received: [] as Received[] }
  const server: Server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      state.requests += 1
      if (state.failures < failFirst) {
        state.failures += 1
        response.writeHead(500).end('not now')
        return
      }
      const header = String(request.headers[SIGNATURE_HEADER.toLowerCase()] ?? '')
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) ?? []
      const expected = createHmac('sha256', state.secret).update(`${t}.${body}`).digest('hex')
      const fresh = Math.abs(Date.now() / 1000 - Number(t)) <= 300
      const event = JSON.parse(body) as { eventId: number; type: string; subject: Record<string, number> }
      state.received.push({ ...event, signatureOk: v1 === expected && fresh })
      response.writeHead(204).end()
    })
  })
  return { server, state }
}

let h: Harness
let officerKey: string
let url: string
const officerHook = receiver(3)
const merchantHook = receiver(0)
let merchants: MerchantWithLine[]
/** The app's clock (point-of-sale requests expire by it); undefined: the wall clock. */
let clockMs: number | undefined

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

beforeAll(async () => {
  h = await startHarness({ app: { nowMs: () => clockMs ?? Date.now() } })
  officerKey = await h.keyFor('officer')
  url = await listen(officerHook.server)
  const registered = await h.request('POST', '/v1/webhook-endpoints', {
    key: officerKey,
    body: { url, eventTypes: ['*'] },
  })
  expect(registered.status).toBe(201)
  expect(registered.body.secret).toMatch(/^whsec_/)
  officerHook.state.secret = registered.body.secret
  await fundLender(h.ledger, 1_000_000_00)
  merchants = await merchantsWithLines(h, { seed: 9191, merchantCount: 30, minAvailableFen: 50_000 })
  expect(merchants.length).toBeGreaterThanOrEqual(3)
})
afterAll(async () => {
  await expectLedgerClean(h.db)
  officerHook.server.close()
  merchantHook.server.close()
  await h?.close()
})

describe('events and webhooks', () => {
  it('announces a merchant loan from offer to write-off, each event once, and nothing for a refusal', async () => {
    const [payer, late] = merchants
    const merchantUrl = await listen(merchantHook.server)
    const own = await h.request('POST', '/v1/webhook-endpoints', {
      key: payer!.key,
      body: { url: merchantUrl, eventTypes: ['loan.disbursed', 'loan.repayment_applied', 'loan.closed'] },
    })
    merchantHook.state.secret = own.body.secret

    const apply = (who: MerchantWithLine, amountFen: number, key: string) =>
      h.request('POST', '/v1/loan-applications', {
        key: who.key,
        body: {
          merchantId: who.merchantId,
          amountFen,
          termDays: 30,
          repaymentMethod: 'installment',
          frequency: 'daily',
        },
        headers: { 'Idempotency-Key': key },
      })
    const eventsBefore = (await h.db.selectFrom('events').select('id').execute()).length
    const refused = await apply(payer!, 10 ** 12, 'too-much')
    expect(refused.status).toBe(422)
    expect((await h.db.selectFrom('events').select('id').execute()).length).toBe(eventsBefore)

    const payerLoan = (await apply(payer!, 30_000, 'payer-loan')).body.loanId as number
    const lateLoan = (await apply(late!, 30_000, 'late-loan')).body.loanId as number
    // The late merchant spends its loan; a repayment its wallet cannot cover announces nothing.
    await h.request('POST', `/v1/merchants/${late!.merchantId}/payouts`, {
      key: late!.key,
      body: { amountFen: 30_000 },
      headers: { 'Idempotency-Key': 'late-out' },
    })
    const broke = await h.request('POST', `/v1/loans/${lateLoan}/repayments`, {
      key: late!.key,
      body: { amountFen: 10_000 },
      headers: { 'Idempotency-Key': 'broke' },
    })
    expect(broke.status).toBe(422)
    expect(
      await h.db.selectFrom('events').select('id').where('type', '=', 'loan.repayment_applied').execute(),
    ).toHaveLength(0)
    // A merchant without a line is declined, with reasons.
    const noLine = await h.db
      .selectFrom('creditLines')
      .select('merchantId')
      .where('eligible', '=', 0)
      .executeTakeFirst()
    expect(noLine).toBeDefined()
    const declinedMerchant = {
      merchantId: Number(noLine!.merchantId),
      key: await h.keyFor('merchant', Number(noLine!.merchantId)),
      availableFen: 0,
    }
    expect((await apply(declinedMerchant, 1_000, 'no-line')).body.status).toBe('declined')
    // The payer repays everything at once.
    const paid = await h.request('POST', `/v1/loans/${payerLoan}/repayments`, {
      key: payer!.key,
      body: { amountFen: 30_000 },
      headers: { 'Idempotency-Key': 'payoff' },
    })
    expect(paid.body.outstanding.totalFen).toBe(0)
    // A third merchant takes a loan, empties its wallet and falls behind; an officer writes it off.
    const third = merchants[2]!
    const thirdLoan = (await apply(third, 20_000, 'third-loan')).body.loanId as number
    await h.request('POST', `/v1/merchants/${third.merchantId}/payouts`, {
      key: third.key,
      body: { amountFen: 20_000 },
      headers: { 'Idempotency-Key': 'third-out' },
    })
    const cob = await h.request('POST', '/v1/system/close-of-business', {
      key: officerKey,
      body: { days: 9 },
    })
    expect(cob.body.newlyDelinquent).toBeGreaterThanOrEqual(1)
    const written = await h.request('POST', `/v1/loans/${thirdLoan}/write-off`, {
      key: officerKey,
      body: { reason: 'merchant closed the shop' },
      headers: { 'Idempotency-Key': 'write-off-third' },
    })
    expect(written.status).toBe(200)

    // The merchant reads only its own events.
    const mine = (await h.request('GET', '/v1/events?limit=200', { key: payer!.key })).body.items
    expect(mine.length).toBeGreaterThan(0)
    expect(
      mine.every(
        (event: { subject: { merchantId?: number } }) => event.subject.merchantId === payer!.merchantId,
      ),
    ).toBe(true)
    expect(mine.map((event: { type: string }) => event.type)).toEqual(
      expect.arrayContaining([
        'offer.created',
        'application.approved',
        'loan.disbursed',
        'loan.repayment_applied',
        'loan.closed',
      ]),
    )
    const byType = (await h.request('GET', '/v1/events?type=loan.written_off', { key: officerKey })).body
      .items
    expect(byType).toHaveLength(1)
    expect(byType[0].subject).toEqual({ loanId: thirdLoan, merchantId: third.merchantId })
    const farmerKey = await h.keyFor('farmer', 1)
    expect((await h.request('GET', '/v1/events', { key: farmerKey })).body.items).toHaveLength(0)

    // The merchant's endpoint got exactly its three types, signed.
    await waitFor(() => merchantHook.state.received.some((event) => event.type === 'loan.closed'))
    expect(new Set(merchantHook.state.received.map((event) => event.type))).toEqual(
      new Set(['loan.disbursed', 'loan.repayment_applied', 'loan.closed']),
    )
    expect(merchantHook.state.received.every((event) => event.signatureOk)).toBe(true)
  })

  it('announces a farm season: purchases, a refusal, a breach attempt, a delivery, claims opened, accepted, rejected, overdue and paid', async () => {
    const create = async (path: string, body: Record<string, unknown>) =>
      (await h.request('POST', path, { key: h.adminKey, body })).body
    const farmer = await create('/v1/farmers', { externalRef: 'ev-farmer', name: 'Li', region: 'Jilin' })
    const farmerKey = await h.keyFor('farmer', farmer.farmerId)
    const supplier = await create('/v1/suppliers', { externalRef: 'ev-shop', name: 'Shop', approved: true })
    const supplierKey = await h.keyFor('supplier', supplier.supplierId)
    const offtaker = await create('/v1/offtakers', { externalRef: 'ev-buyer', name: 'Buyer', approved: true })
    const offtakerKey = await h.keyFor('offtaker', offtaker.offtakerId)
    const insurer = await create('/v1/insurers', {
      externalRef: 'ev-insurer',
      name: 'Insurer',
      approved: true,
    })
    const insurerKey = await h.keyFor('insurer', insurer.insurerId)
    for (const [sku, category] of [
      ['seed', 'seed'],
      ['tv', 'electronics'],
    ]) {
      await h.request('PUT', `/v1/suppliers/${supplier.supplierId}/products/${sku}`, {
        key: supplierKey,
        body: { name: sku, category, priceFen: 10_000 },
      })
      await approveProducts(h, supplier.supplierId, [{ sku: sku!, category: category!, priceFen: 10_000 }])
    }
    const businessDate = isoDate(
      (await h.request('GET', '/v1/system/business-date', { key: officerKey })).body.businessDate,
    )
    const contract = await h.request('POST', '/v1/offtake-contracts', {
      key: offtakerKey,
      body: {
        farmerId: farmer.farmerId,
        crop: 'corn',
        quantityKg: 1_000,
        priceFenPerKg: 400,
        deliveryFrom: businessDate,
        deliveryTo: addDays(businessDate, 2),
      },
    })
    expect(contract.status).toBe(201)
    const asked = await h.request(
      'POST',
      `/v1/offtake-contracts/${contract.body.contractId}/guarantee-requests`,
      {
        key: farmerKey,
        body: { insurerId: insurer.insurerId },
      },
    )
    expect(asked.status).toBe(201)
    const policy = await h.request('POST', '/v1/guarantee-policies', {
      key: insurerKey,
      body: {
        farmerId: farmer.farmerId,
        contractId: contract.body.contractId,
        coverageBps: 9_000,
        premiumFen: 100,
      },
    })
    const loan = await h.request('POST', '/v1/agri-loan-applications', {
      key: farmerKey,
      body: {
        farmerId: farmer.farmerId,
        contractId: contract.body.contractId,
        policyId: policy.body.policyId,
        amountFen: 200_000,
      },
      headers: { 'Idempotency-Key': 'ev-loan' },
    })
    const walletId = loan.body.restrictedWalletId
    // A second contract of the farmer's, financed and never delivered on: its claim is rejected.
    const contract2 = await h.request('POST', '/v1/offtake-contracts', {
      key: offtakerKey,
      body: {
        farmerId: farmer.farmerId,
        crop: 'corn',
        quantityKg: 1_000,
        priceFenPerKg: 400,
        deliveryFrom: businessDate,
        deliveryTo: addDays(businessDate, 2),
      },
    })
    expect(contract2.status).toBe(201)
    await h.request('POST', `/v1/offtake-contracts/${contract2.body.contractId}/guarantee-requests`, {
      key: farmerKey,
      body: { insurerId: insurer.insurerId },
    })
    const policy2 = await h.request('POST', '/v1/guarantee-policies', {
      key: insurerKey,
      body: {
        farmerId: farmer.farmerId,
        contractId: contract2.body.contractId,
        coverageBps: 9_000,
        premiumFen: 100,
      },
    })
    const loan2 = await h.request('POST', '/v1/agri-loan-applications', {
      key: farmerKey,
      body: {
        farmerId: farmer.farmerId,
        contractId: contract2.body.contractId,
        policyId: policy2.body.policyId,
        amountFen: 100_000,
      },
      headers: { 'Idempotency-Key': 'ev-loan-2' },
    })
    expect(loan2.body.status).toBe('approved')
    const buy = (sku: string, key: string) =>
      h.request('POST', `/v1/restricted-wallets/${walletId}/purchases`, {
        key: farmerKey,
        body: { supplierId: supplier.supplierId, lines: [{ sku, quantity: 10 }] },
        headers: { 'Idempotency-Key': key },
      })
    expect((await buy('seed', 'ev-seed')).status).toBe(201)
    expect((await buy('tv', 'ev-tv')).status).toBe(422)
    // At the point of sale: a request the farmer confirms, one the supplier cancels, one locked by
    // five wrong codes, and one left to expire.
    const ringUp = async (key: string) => {
      const created = await h.request('POST', '/v1/purchase-requests', {
        key: supplierKey,
        body: { farmerId: farmer.farmerId, lines: [{ sku: 'seed', quantity: 1 }] },
        headers: { 'Idempotency-Key': key },
      })
      expect(created.status).toBe(201)
      return created.body.requestId as number
    }
    const confirmRequest = (requestId: number, key: string, principalKey: string, code?: string) =>
      h.request('POST', `/v1/purchase-requests/${requestId}/confirm`, {
        key: principalKey,
        ...(code === undefined ? {} : { body: { code } }),
        headers: { 'Idempotency-Key': key },
      })
    expect((await confirmRequest(await ringUp('ev-pos-1'), 'ev-pos-1-yes', farmerKey)).status).toBe(201)
    const toCancel = await ringUp('ev-pos-2')
    expect(
      (await h.request('POST', `/v1/purchase-requests/${toCancel}/cancel`, { key: supplierKey })).status,
    ).toBe(200)
    const toLock = await ringUp('ev-pos-3')
    const awaiting = (
      await h.request('GET', '/v1/purchase-requests?status=awaiting_farmer', { key: farmerKey })
    ).body.items
    const code = awaiting.find((item: { requestId: number }) => item.requestId === toLock).code as string
    const wrong = code === '000000' ? '000001' : '000000'
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await confirmRequest(toLock, `ev-pos-3-wrong-${attempt}`, supplierKey, wrong)).status).toBe(422)
    }
    const toExpire = await ringUp('ev-pos-4')
    clockMs = Date.now() + 16 * 60_000
    const late = await confirmRequest(toExpire, 'ev-pos-4-late', farmerKey)
    expect(late.body.code).toBe('purchase_request_expired')
    clockMs = undefined
    // A small delivery; then the harvest fails and the loan defaults after the grace period.
    expect(
      (
        await h.request('POST', `/v1/offtake-contracts/${contract.body.contractId}/deliveries`, {
          key: offtakerKey,
          body: { quantityKg: 100, deliveredOn: businessDate },
          headers: { 'Idempotency-Key': 'ev-delivery' },
        })
      ).status,
    ).toBe(201)
    await h.request('POST', '/v1/system/close-of-business', { key: officerKey, body: { days: 35 } })
    const claims = (await h.request('GET', '/v1/guarantee-claims?status=open', { key: insurerKey })).body
      .items as Array<{ claimId: number; loanId: number; claimFen: number }>
    const claim = claims.find((item) => item.loanId === loan.body.loanId)!
    const rejected = claims.find((item) => item.loanId === loan2.body.loanId)!
    expect(claim).toBeDefined()
    expect(rejected).toBeDefined()
    const decide = async (claimId: number, decision: string) =>
      (
        await h.request('POST', `/v1/guarantee-claims/${claimId}/decision`, {
          key: insurerKey,
          body: { decision, reason: 'assessed' },
          headers: { 'Idempotency-Key': `decide-${claimId}` },
        })
      ).status
    expect(await decide(claim.claimId, 'accept')).toBe(200)
    expect(await decide(rejected.claimId, 'reject')).toBe(200)
    // Unpaid past its due date: announced at close of business.
    await h.request('POST', '/v1/system/close-of-business', { key: officerKey, body: { days: 32 } })
    expect(
      (
        await h.request('POST', `/v1/guarantee-claims/${claim.claimId}/pay`, {
          key: insurerKey,
          body: { amountFen: claim.claimFen, reference: 'ev-bank-claim' },
          headers: { 'Idempotency-Key': `pay-${claim.claimId}` },
        })
      ).status,
    ).toBe(200)
    const insurerEvents = (await h.request('GET', '/v1/events', { key: insurerKey })).body.items
    expect(new Set(insurerEvents.map((event: { type: string }) => event.type))).toEqual(
      new Set([
        'claim.opened',
        'claim.accepted',
        'claim.rejected',
        'claim.overdue',
        'claim.paid',
        'insurer_settlement.created',
        'loan.repayment_applied',
      ]),
    )
    // The offtaker never paid for the delivery on time (it became overdue at the close of its due
    // date); its late cash is a recovery on the written-off loan and pays the delivery in full.
    const [receivable] = (
      await h.request('GET', `/v1/offtakers/${offtaker.offtakerId}/receivables`, { key: offtakerKey })
    ).body.items
    expect(receivable.bucket).not.toBe('current')
    expect(
      (
        await h.request('POST', '/v1/offtaker-payments', {
          key: offtakerKey,
          body: {
            offtakerId: offtaker.offtakerId,
            amountFen: receivable.openFen,
            paidOn: businessDate,
            reference: receivable.reference,
          },
          headers: { 'Idempotency-Key': 'ev-offtaker-pays' },
        })
      ).status,
    ).toBe(201)
    const offtakerEvents = (await h.request('GET', '/v1/events', { key: offtakerKey })).body.items
    expect(offtakerEvents.map((event: { type: string }) => event.type)).toEqual(
      expect.arrayContaining([
        'delivery.recorded',
        'delivery.overdue',
        'delivery.paid',
        'offtaker_payment.received',
      ]),
    )
    // The close settled the seed money to the supplier and the premium to the insurer: the bank
    // refuses each once, the next close settles it again, and the bank pays it.
    const settlement = async (path: string, key: string) =>
      (await h.request('GET', `${path}/settlements`, { key })).body.items[0]
    const answer = async (path: string, key: string, status: 'paid' | 'failed') =>
      (
        await h.request('POST', `/v1/settlements/${(await settlement(path, key)).settlementId}/result`, {
          key: officerKey,
          body: { status, bankReference: `ev-bank-${status}` },
          headers: { 'Idempotency-Key': `ev-settle-${path}-${status}` },
        })
      ).status
    const parties: Array<[string, string]> = [
      [`/v1/suppliers/${supplier.supplierId}`, supplierKey],
      [`/v1/insurers/${insurer.insurerId}`, insurerKey],
    ]
    for (const [path, key] of parties) expect(await answer(path, key, 'failed')).toBe(200)
    await h.request('POST', '/v1/system/close-of-business', { key: officerKey, body: { days: 1 } })
    for (const [path, key] of parties) expect(await answer(path, key, 'paid')).toBe(200)
    const supplierEvents = (await h.request('GET', '/v1/events', { key: supplierKey })).body.items
    expect(supplierEvents.map((event: { type: string }) => event.type).sort()).toEqual(
      expect.arrayContaining([
        'supplier_settlement.created',
        'supplier_settlement.failed',
        'supplier_settlement.paid',
      ]),
    )
  })

  it('delivered every event type to the officer’s endpoint, signed, once each after dedup, in order per subject', async () => {
    const all = await h.db.selectFrom('events').select(['id', 'type', 'loanId']).orderBy('id').execute()
    expect(new Set(all.map((event) => event.type))).toEqual(new Set(EVENT_TYPES))
    await waitFor(
      () => new Set(officerHook.state.received.map((event) => event.eventId)).size >= all.length,
      90_000,
    )
    expect(officerHook.state.failures).toBe(3)
    const received = officerHook.state.received
    expect(received.every((event) => event.signatureOk)).toBe(true)
    const unique = [...new Set(received.map((event) => event.eventId))].sort((a, b) => a - b)
    expect(unique).toEqual(all.map((event) => Number(event.id)))
    // In order per loan: each loan's events arrive in the order they happened.
    for (const loanId of new Set(all.map((event) => event.loanId).filter((id) => id !== null))) {
      const arrived = received
        .filter((event) => event.subject.loanId === loanId)
        .map((event) => event.eventId)
      const firstArrivals = arrived.filter((id, index) => arrived.indexOf(id) === index)
      expect(firstArrivals).toEqual([...firstArrivals].sort((a, b) => a - b))
    }
    const endpoints = (await h.request('GET', '/v1/webhook-endpoints', { key: officerKey })).body.items
    const deliveries = (
      await h.request('GET', `/v1/webhook-endpoints/${endpoints[0].endpointId}/deliveries?limit=200`, {
        key: officerKey,
      })
    ).body.items
    expect(deliveries.every((delivery: { status: string }) => delivery.status === 'delivered')).toBe(true)
    expect(deliveries.some((delivery: { attempts: number }) => delivery.attempts > 1)).toBe(true)
    // A delivery can be sent again on request.
    const again = await h.request(
      'POST',
      `/v1/webhook-endpoints/${endpoints[0].endpointId}/deliveries/${deliveries[0].deliveryId}/retry`,
      { key: officerKey },
    )
    expect(again.status).toBe(202)
    const count = received.filter((event) => event.eventId === deliveries[0].eventId).length
    await waitFor(() => received.filter((event) => event.eventId === deliveries[0].eventId).length > count)
  })

  it('never skips an event that commits after a later one: the cursor waits at the gap', async () => {
    const endpoint = await h.request('POST', '/v1/webhook-endpoints', {
      key: await h.keyFor('officer'),
      body: { url, eventTypes: ['loan.closed'] },
    })
    const endpointId: number = endpoint.body.endpointId
    const event = (key: string) => ({
      key,
      type: 'loan.closed' as const,
      businessDate: '2026-01-01',
      subject: { loanId: 999_000 + key.length },
      data: {},
    })
    await h.db.transaction().execute(async (trx) => {
      await recordEvents(trx, [event('gap-early')]) // takes the lower id, commits last
      await recordEvents(h.db, [event('gap-later-one')])
      await fanOutEvents(h.db, endpointId)
    })
    await fanOutEvents(h.db, endpointId)
    const ids = await h.db
      .selectFrom('events')
      .select('id')
      .where('eventKey', 'in', ['gap-early', 'gap-later-one'])
      .execute()
    const delivered = await h.db
      .selectFrom('webhookDeliveries')
      .select('eventId')
      .where('endpointId', '=', endpointId)
      .execute()
    expect(delivered.map((row) => Number(row.eventId)).sort()).toEqual(
      ids.map((row) => Number(row.id)).sort(),
    )
  })
})
