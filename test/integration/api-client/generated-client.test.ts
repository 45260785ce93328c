/**
 * An integrator's view: the client generated from `/openapi.json` (clients/typescript), over a real
 * HTTP server on 127.0.0.1, walks a merchant's journey (offer → apply → repay) and a farm's (a
 * supplier rings up a sale → the farmer confirms it) with nothing but its typed calls. Every answer
 * is held to the document the server serves (status documented, body as documented), so the test
 * fails when the document and the server disagree; the compiler fails it when the client's types and
 * the calls do.
 */
import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMicroloanClient, type MicroloanClient } from '../../../clients/typescript/index.js'
import { addDays, type IsoDate } from '../../../src/kernel/business-date.js'
import { conformance } from '../../support/api-conformance.js'
import { farmBackers, fundedFarm, shopWithProducts } from '../../support/farm.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { expectLedgerClean } from '../../support/ledger.js'
import { merchantsWithLines } from '../../support/merchant-lines.js'

const PACK_FEN = 10_000
const PACKS = 3
const LOAN_FEN = 300_000

let h: Harness
let server: ServerType
let baseUrl: string
let document: Parameters<typeof conformance>[0]
const departures: string[] = []

function clientFor(apiKey: string): MicroloanClient {
  const api = createMicroloanClient({ baseUrl, apiKey })
  api.use(conformance(document, departures))
  return api
}

beforeAll(async () => {
  h = await startHarness()
  server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise<void>((ready) => server.once('listening', () => ready()))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const served = await fetch(`${baseUrl}/openapi.json`)
  expect(served.status).toBe(200)
  document = (await served.json()) as typeof document
})

afterAll(async () => {
  await new Promise<void>((done) => server?.close(() => done()))
  await expectLedgerClean(h.db)
  await h?.close()
})

describe('the generated client', () => {
  it('serves the document it was generated from, with this server in `servers`', () => {
    expect((document as unknown as { servers: Array<{ url: string }> }).servers[0]!.url).toBe(baseUrl)
  })

  it('gives every operation a unique operationId, a summary, who may call it and its refusals', () => {
    const operations = Object.values(
      (document as unknown as { paths: Record<string, Record<string, Record<string, unknown>>> }).paths,
    ).flatMap((methods) => Object.values(methods))
    expect(operations.length).toBeGreaterThan(70)
    const ids = operations.map((operation) => operation.operationId)
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true)
    expect(new Set(ids).size).toBe(ids.length)
    for (const operation of operations) {
      expect(operation.summary, String(operation.operationId)).toMatch(/^\S.{3,}$/)
      expect(operation.description, String(operation.operationId)).toContain('**Who may call:**')
      expect((operation.tags as string[]).length, String(operation.operationId)).toBeGreaterThan(0)
    }
    const confirm = operations.find((operation) => operation.operationId === 'confirmPurchaseRequest')!
    expect(confirm.description).toContain('**Idempotency-Key: required.**')
    expect(confirm.description).toContain(
      '- `purchase_request_locked` (422): Too many wrong codes: this purchase is locked. Start a new one.',
    )
  })

  it('walks a merchant from its offer to a loan and a repayment', async () => {
    // Setup: a merchant with 200 days of sales history and an open line (the real loader).
    const [merchant] = await merchantsWithLines(h, { seed: 22, merchantCount: 12, minAvailableFen: 200_000 })
    expect(merchant, 'a merchant with a line of at least 2,000 yuan').toBeDefined()
    const api = clientFor(merchant!.key)
    const { merchantId } = merchant!

    const offer = await api.GET('/v1/merchants/{merchantId}/offer', { params: { path: { merchantId } } })
    expect(offer.error).toBeUndefined()
    expect(offer.data!.eligible).toBe(true)
    const option = offer.data!.options.find((o) => o.repaymentMethod === 'installment')!
    expect(option).toBeDefined()
    const amountFen = Math.max(offer.data!.minAmountFen, 100_000)

    const walletBefore = await api.GET('/v1/merchants/{merchantId}/wallet', {
      params: { path: { merchantId } },
    })
    const applicationKey = randomUUID()
    const apply = () =>
      api.POST('/v1/loan-applications', {
        params: { header: { 'Idempotency-Key': applicationKey } },
        body: {
          merchantId,
          amountFen,
          termDays: option.termDays,
          repaymentMethod: option.repaymentMethod,
          ...(option.frequency ? { frequency: option.frequency } : {}),
        },
      })
    const applied = await apply()
    expect(applied.error, JSON.stringify(applied.error)).toBeUndefined()
    expect(applied.response.status).toBe(201)
    expect(applied.data!.status).toBe('approved')
    const loanId = applied.data!.loanId!
    // The same key again: the same loan, not a second one.
    expect((await apply()).data!.loanId).toBe(loanId)

    const walletAfter = await api.GET('/v1/merchants/{merchantId}/wallet', {
      params: { path: { merchantId } },
    })
    const walletFen = (wallet: typeof walletAfter) => wallet.data!.balanceFen
    expect(walletFen(walletAfter) - walletFen(walletBefore)).toBe(amountFen)

    const loan = await api.GET('/v1/loans/{loanId}', { params: { path: { loanId } } })
    expect(loan.data!.principalFen).toBe(amountFen)
    const owedBefore = loan.data!.outstanding

    const repaidFen = 25_000
    const repaid = await api.POST('/v1/loans/{loanId}/repayments', {
      params: { path: { loanId }, header: { 'Idempotency-Key': randomUUID() } },
      body: { amountFen: repaidFen },
    })
    expect(repaid.error, JSON.stringify(repaid.error)).toBeUndefined()
    const allocation = repaid.data!.allocation
    expect(
      allocation.penaltyFen + allocation.feesFen + allocation.interestFen + allocation.principalFen,
    ).toBe(repaidFen)
    expect(allocation.leftoverFen).toBe(0)

    const after = await api.GET('/v1/loans/{loanId}', { params: { path: { loanId } } })
    expect(after.data!.outstanding.principalFen).toBe(owedBefore.principalFen - allocation.principalFen)
    expect(after.data!.outstanding.totalFen).toBe(owedBefore.totalFen - repaidFen)
    expect(
      walletFen(await api.GET('/v1/merchants/{merchantId}/wallet', { params: { path: { merchantId } } })),
    ).toBe(walletFen(walletAfter) - repaidFen)
  })

  it('rings up a purchase at the point of sale and pays it when the farmer confirms', async () => {
    // Setup: an approved shop with a reviewed product, an offtaker and insurer, a farmer with a loan.
    const shop = await shopWithProducts(h, { externalRef: 'client-shop', name: 'Shop' }, [
      { sku: 'seed-pack', name: 'Seed pack', category: 'seed', priceFen: PACK_FEN },
    ])
    const backers = await farmBackers(h, 'client')
    const officer = clientFor(await h.keyFor('officer'))
    const today = (await officer.GET('/v1/system/business-date')).data!.businessDate as IsoDate
    const farm = await fundedFarm(
      h,
      backers,
      { externalRef: 'client-farmer', name: 'Wang' },
      {
        deliveryFrom: addDays(today, 30),
        deliveryTo: addDays(today, 60),
        premiumFen: 5_000,
        loanFen: LOAN_FEN,
      },
    )
    const supplier = clientFor(shop.key)
    const farmer = clientFor(farm.key)

    const rungUp = await supplier.POST('/v1/purchase-requests', {
      params: { header: { 'Idempotency-Key': randomUUID() } },
      body: { farmerId: farm.farmerId, lines: [{ sku: 'seed-pack', quantity: PACKS }] },
    })
    expect(rungUp.error, JSON.stringify(rungUp.error)).toBeUndefined()
    expect(rungUp.data!.status).toBe('awaiting_farmer')
    expect(rungUp.data!.amountFen).toBe(PACKS * PACK_FEN)
    const { requestId, walletId } = rungUp.data!

    const walletFen = async () =>
      (await farmer.GET('/v1/restricted-wallets/{walletId}', { params: { path: { walletId } } })).data!
        .balanceFen
    const before = await walletFen()

    const confirmed = await farmer.POST('/v1/purchase-requests/{requestId}/confirm', {
      params: { path: { requestId }, header: { 'Idempotency-Key': randomUUID() } },
      body: {},
    })
    expect(confirmed.error, JSON.stringify(confirmed.error)).toBeUndefined()
    expect(confirmed.response.status).toBe(201)
    expect(confirmed.data).toMatchObject({ amountFen: PACKS * PACK_FEN, status: 'paid' })
    expect(await walletFen()).toBe(before - PACKS * PACK_FEN)

    const seen = await supplier.GET('/v1/purchase-requests/{requestId}', { params: { path: { requestId } } })
    expect(seen.data).toMatchObject({ status: 'confirmed', purchaseId: confirmed.data!.purchaseId })

    // A refusal reaches the client as the documented problem with its stable code.
    const again = await farmer.POST('/v1/purchase-requests/{requestId}/cancel', {
      params: { path: { requestId } },
    })
    expect(again.response.status).toBe(422)
    expect(again.error?.code).toBe('purchase_request_confirmed')
  })

  it('found every answer as the document says', () => {
    expect(departures).toEqual([])
  })
})
