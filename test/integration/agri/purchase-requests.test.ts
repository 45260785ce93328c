/**
 * The farmer consents at the point of sale (API.md, "Point of sale"), through HTTP: a supplier rings
 * up a request, and money moves only when the farmer confirms it, themselves or by telling the
 * supplier the code. Each test checks what the farmer and the supplier would: exact fen in the
 * restricted wallet and the supplier's payable, how many purchases exist, and what each party sees.
 * The clock requests expire by is the test's.
 */
import { createHash, randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createParty, upsertProduct } from '../../../src/agri/parties.js'
import { approveProductsIn } from '../../support/catalogue.js'
import { PURCHASE_REQUEST_TTL_MS } from '../../../src/agri/purchase-requests.js'
import { NotFound } from '../../../src/kernel/errors.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { buyThrough, setUpWallets, SKU, UNIT_PRICE_FEN, type Wallet } from '../../support/farm-wallets.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean } from '../../support/ledger.js'

/** Each wallet holds this much when the file starts (farm-wallets.ts: room for 10 purchases). */
const WALLET_FEN = 1_000_000
const T0_MS = Date.parse('2026-12-07T08:00:00.000Z')

let h: Harness
let clockMs = T0_MS
let supplierId: number
let supplierKey: string
let wallets: Wallet[]
let farmerIds: number[]
let keySeq = 0
const nextKey = () => `k-${++keySeq}`

const walletFen = (index: number) => balanceOf(h.db, accounts.restrictedWallet(wallets[index]!.walletId).code)
async function payableFen(): Promise<number> {
  try {
    return await balanceOf(h.db, accounts.supplierPayable(supplierId).code)
  } catch (error) {
    if (error instanceof NotFound) return 0
    throw error
  }
}
const purchasesOf = async (index: number) =>
  h.db.selectFrom('purchases').select(['id']).where('loanId', '=', wallets[index]!.walletId).execute()

function ringUp(index: number, quantity: number, key = supplierKey, idempotencyKey = nextKey()) {
  return h.request('POST', '/v1/purchase-requests', {
    key,
    body: { farmerId: farmerIds[index], lines: [{ sku: SKU, quantity }] },
    headers: { 'Idempotency-Key': idempotencyKey },
  })
}
function confirm(requestId: number, key: string, code?: string, idempotencyKey = nextKey()) {
  return h.request('POST', `/v1/purchase-requests/${requestId}/confirm`, {
    key,
    ...(code === undefined ? {} : { body: { code } }),
    headers: { 'Idempotency-Key': idempotencyKey },
  })
}
const cancel = (requestId: number, key: string) =>
  h.request('POST', `/v1/purchase-requests/${requestId}/cancel`, { key })

/** The code the farmer sees on their list of requests awaiting them. */
async function farmerCode(index: number, requestId: number): Promise<string> {
  const list = await h.request('GET', '/v1/purchase-requests?status=awaiting_farmer', {
    key: wallets[index]!.key,
  })
  expect(list.status).toBe(200)
  const found = list.body.items.find((item: { requestId: number }) => item.requestId === requestId)
  expect(found?.code).toMatch(/^\d{6}$/)
  return found.code
}
const wrongCodeFor = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0')

async function eventsOf(requestId: number) {
  const rows = await h.db
    .selectFrom('events')
    .select(['type', 'data'])
    .where('type', 'like', 'purchase_request.%')
    .orderBy('id')
    .execute()
  return rows.filter((row) => (JSON.parse(row.data) as { requestId: number }).requestId === requestId)
}

beforeAll(async () => {
  h = await startHarness({ worker: false, app: { nowMs: () => clockMs } })
  ;({ supplierId, wallets } = await setUpWallets(h, 9, 10))
  supplierKey = await h.keyFor('supplier', supplierId)
  farmerIds = await Promise.all(
    wallets.map(async (wallet) =>
      Number(
        (
          await h.db
            .selectFrom('loans')
            .select('borrowerId')
            .where('id', '=', wallet.walletId)
            .executeTakeFirstOrThrow()
        ).borrowerId,
      ),
    ),
  )
})
afterAll(async () => {
  await expectLedgerClean(h.db)
  await h?.close()
})

describe('a purchase request at the point of sale', () => {
  it('moves nothing when rung up, and pays exactly once when the farmer confirms', async () => {
    const payableBefore = await payableFen()
    const created = await ringUp(0, 30)
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect(created.body).toMatchObject({
      walletId: wallets[0]!.walletId,
      amountFen: 30 * UNIT_PRICE_FEN,
      status: 'awaiting_farmer',
      expiresAt: new Date(clockMs + PURCHASE_REQUEST_TTL_MS).toISOString(),
    })
    expect(created.body.code).toBeUndefined()
    const { requestId } = created.body
    expect(await walletFen(0)).toBe(WALLET_FEN)
    expect(await payableFen()).toBe(payableBefore)
    expect(await purchasesOf(0)).toHaveLength(0)

    // The farmer sees the code; the supplier, the event feed and the stored row never do.
    const code = await farmerCode(0, requestId)
    const supplierList = await h.request('GET', '/v1/purchase-requests?status=awaiting_farmer', {
      key: supplierKey,
    })
    const supplierView = supplierList.body.items.find(
      (item: { requestId: number }) => item.requestId === requestId,
    )
    expect(supplierView).toBeDefined()
    expect(supplierView.code).toBeUndefined()
    const [createdEvent] = await eventsOf(requestId)
    expect(createdEvent!.type).toBe('purchase_request.created')
    expect(createdEvent!.data).not.toContain(code)
    const stored = await h.db
      .selectFrom('purchaseRequests')
      .selectAll()
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow()
    expect(JSON.stringify(stored)).not.toContain(`"${code}"`)
    expect(stored.codeSealed).not.toContain(code)

    const paid = await confirm(requestId, wallets[0]!.key, undefined, 'farmer-yes')
    expect(paid.status, JSON.stringify(paid.body)).toBe(201)
    expect(paid.body).toEqual({ purchaseId: expect.any(Number), amountFen: 3_000, status: 'paid' })
    expect(await walletFen(0)).toBe(WALLET_FEN - 3_000)
    expect(await payableFen()).toBe(payableBefore + 3_000)

    // A retry under the same key replays; another key on the same request finds the same purchase.
    const replay = await confirm(requestId, wallets[0]!.key, undefined, 'farmer-yes')
    expect(replay.status).toBe(201)
    expect(replay.body).toEqual(paid.body)
    const again = await confirm(requestId, wallets[0]!.key)
    expect(again.status).toBe(201)
    expect(again.body.purchaseId).toBe(paid.body.purchaseId)
    expect(await purchasesOf(0)).toHaveLength(1)
    expect(await walletFen(0)).toBe(WALLET_FEN - 3_000)

    const view = await h.request('GET', `/v1/purchase-requests/${requestId}`, { key: wallets[0]!.key })
    expect(view.body).toMatchObject({ status: 'confirmed', purchaseId: paid.body.purchaseId })
    expect(view.body.code).toBeUndefined()
    const events = await eventsOf(requestId)
    expect(events.map((event) => event.type)).toEqual([
      'purchase_request.created',
      'purchase_request.confirmed',
    ])
    expect(JSON.parse(events[1]!.data)).toMatchObject({ purchaseId: paid.body.purchaseId, amountFen: 3_000 })
    // Paid: it can no longer be cancelled.
    const cancelled = await cancel(requestId, supplierKey)
    expect(cancelled.status).toBe(422)
    expect(cancelled.body.code).toBe('purchase_request_confirmed')
  })

  it('pays when the supplier types the code the farmer told them', async () => {
    const { requestId } = (await ringUp(1, 7)).body
    const code = await farmerCode(1, requestId)
    const paid = await confirm(requestId, supplierKey, code)
    expect(paid.status, JSON.stringify(paid.body)).toBe(201)
    expect(paid.body).toMatchObject({ amountFen: 700, status: 'paid' })
    expect(await walletFen(1)).toBe(WALLET_FEN - 700)
    // A supplier without a code is told what is missing, and nothing is counted.
    const { requestId: second } = (await ringUp(1, 1)).body
    const bare = await confirm(second, supplierKey)
    expect(bare.status).toBe(400)
    expect(bare.body.code).toBe('validation_failed')
  })

  it('keeps no copy of a typed code that a reader of the database could turn back into it', async () => {
    const { requestId } = (await ringUp(1, 1)).body
    const code = await farmerCode(1, requestId)
    const paid = await confirm(requestId, supplierKey, code, 'typed-code')
    expect(paid.status, JSON.stringify(paid.body)).toBe(201)
    const stored = await h.db
      .selectFrom('idempotencyKeys')
      .select(['requestHash', 'responseBody'])
      .where('idempotencyKey', '=', 'typed-code')
      .executeTakeFirstOrThrow()
    expect(stored.responseBody ?? '').not.toContain(code)
    // The attack: hash the request with each of the million codes and look for the stored hash.
    const path = `/v1/purchase-requests/${requestId}/confirm`
    let recovered: string | undefined
    for (let n = 0; n < 1_000_000 && recovered === undefined; n++) {
      const candidate = String(n).padStart(6, '0')
      const hash = createHash('sha256')
        .update(`POST\n${path}\n`)
        .update(JSON.stringify({ code: candidate }))
        .digest('hex')
      if (hash === stored.requestHash) recovered = candidate
    }
    expect(recovered).toBeUndefined()
    // The same key and code still replays the payment; the same key with another code is another request.
    const again = await confirm(requestId, supplierKey, code, 'typed-code')
    expect(again.status).toBe(201)
    expect(again.body).toEqual(paid.body)
    const other = await confirm(requestId, supplierKey, wrongCodeFor(code), 'typed-code')
    expect(other.status).toBe(409)
    expect(other.body.code).toBe('idempotency_key_reused')
    expect(await purchasesOf(1)).toHaveLength(2)
  })

  it('locks after five wrong codes: the right code afterwards is refused and nothing moves', async () => {
    const { requestId } = (await ringUp(2, 10)).body
    const code = await farmerCode(2, requestId)
    const wrong = wrongCodeFor(code)
    for (const attemptsLeft of [4, 3, 2, 1]) {
      const answer = await confirm(requestId, supplierKey, wrong)
      expect(answer.status).toBe(422)
      expect(answer.body).toMatchObject({ code: 'purchase_request_code_wrong', attemptsLeft })
    }
    const fifth = await confirm(requestId, supplierKey, wrong)
    expect(fifth.status).toBe(422)
    expect(fifth.body.code).toBe('purchase_request_locked')
    for (const [key, typed] of [
      [supplierKey, code],
      [supplierKey, wrong],
      [wallets[2]!.key, undefined],
    ] as const) {
      const later = await confirm(requestId, key, typed)
      expect(later.status).toBe(422)
      expect(later.body.code).toBe('purchase_request_locked')
    }
    expect(await walletFen(2)).toBe(WALLET_FEN)
    expect(await purchasesOf(2)).toHaveLength(0)
    const view = await h.request('GET', `/v1/purchase-requests/${requestId}`, { key: wallets[2]!.key })
    expect(view.body).toMatchObject({ status: 'locked', purchaseId: null })
    expect(view.body.code).toBeUndefined()
    expect((await eventsOf(requestId)).map((event) => event.type)).toEqual([
      'purchase_request.created',
      'purchase_request.locked',
    ])
  })

  it('expires after 15 minutes: confirmations are refused and nothing moves', async () => {
    const { requestId } = (await ringUp(3, 10)).body
    const code = await farmerCode(3, requestId)
    clockMs += PURCHASE_REQUEST_TTL_MS - 1_000
    // Still in time a second before: shown with its code.
    expect(await farmerCode(3, requestId)).toBe(code)
    clockMs += 1_000
    const list = await h.request('GET', '/v1/purchase-requests?status=awaiting_farmer', {
      key: wallets[3]!.key,
    })
    expect(list.body.items.map((item: { requestId: number }) => item.requestId)).not.toContain(requestId)
    for (const [key, typed] of [
      [wallets[3]!.key, undefined],
      [supplierKey, code],
    ] as const) {
      const late = await confirm(requestId, key, typed)
      expect(late.status).toBe(422)
      expect(late.body.code).toBe('purchase_request_expired')
    }
    expect(await walletFen(3)).toBe(WALLET_FEN)
    expect(await purchasesOf(3)).toHaveLength(0)
    const stored = await h.db
      .selectFrom('purchaseRequests')
      .select('status')
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow()
    expect(stored.status).toBe('expired')
    expect((await eventsOf(requestId)).map((event) => event.type)).toEqual([
      'purchase_request.created',
      'purchase_request.expired',
    ])
  })

  it('is cancelled by either side, and a cancelled request pays nothing', async () => {
    const { requestId } = (await ringUp(4, 10)).body
    const code = await farmerCode(4, requestId)
    const cancelled = await cancel(requestId, supplierKey)
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200)
    expect(cancelled.body).toMatchObject({ requestId, status: 'cancelled' })
    expect((await cancel(requestId, supplierKey)).body.status).toBe('cancelled')
    for (const [key, typed] of [
      [wallets[4]!.key, undefined],
      [supplierKey, code],
    ] as const) {
      const late = await confirm(requestId, key, typed)
      expect(late.status).toBe(422)
      expect(late.body.code).toBe('purchase_request_cancelled')
    }
    const { requestId: second } = (await ringUp(4, 5)).body
    const byFarmer = await cancel(second, wallets[4]!.key)
    expect(byFarmer.body).toMatchObject({ requestId: second, status: 'cancelled' })
    expect(await walletFen(4)).toBe(WALLET_FEN)
    expect(await purchasesOf(4)).toHaveLength(0)
    expect((await eventsOf(requestId)).map((event) => event.type)).toEqual([
      'purchase_request.created',
      'purchase_request.cancelled',
    ])
  })

  it('pays once when confirmations race', async () => {
    const { requestId } = (await ringUp(5, 12)).body
    const code = await farmerCode(5, requestId)
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        i % 2 === 0 ? confirm(requestId, wallets[5]!.key) : confirm(requestId, supplierKey, code),
      ),
    )
    for (const answer of answers) expect(answer.status, JSON.stringify(answer.body)).toBe(201)
    expect(new Set(answers.map((answer) => answer.body.purchaseId)).size).toBe(1)
    expect(await purchasesOf(5)).toHaveLength(1)
    expect(await walletFen(5)).toBe(WALLET_FEN - 1_200)
    expect(
      (await eventsOf(requestId)).filter((event) => event.type === 'purchase_request.confirmed'),
    ).toHaveLength(1)
  })

  it('is either paid or cancelled when a confirmation and a cancellation race, never both', async () => {
    const before = await walletFen(8)
    let paidFen = 0
    for (let round = 0; round < 12; round++) {
      const { requestId } = (await ringUp(8, round + 1)).body
      const [confirmed, cancelled] = await Promise.all([
        confirm(requestId, wallets[8]!.key),
        cancel(requestId, supplierKey),
      ])
      const stored = await h.db
        .selectFrom('purchaseRequests')
        .select(['status', 'purchaseId'])
        .where('id', '=', requestId)
        .executeTakeFirstOrThrow()
      if (confirmed.status === 201) {
        expect(cancelled.body.code).toBe('purchase_request_confirmed')
        expect(stored).toEqual({ status: 'confirmed', purchaseId: confirmed.body.purchaseId })
        paidFen += (round + 1) * UNIT_PRICE_FEN
      } else {
        expect(confirmed.body.code).toBe('purchase_request_cancelled')
        expect(cancelled.status).toBe(200)
        expect(stored).toEqual({ status: 'cancelled', purchaseId: null })
      }
    }
    expect(await walletFen(8)).toBe(before - paidFen)
    const paidPurchases = await h.db
      .selectFrom('purchases')
      .select(h.db.fn.sum<string>('amountFen').as('fen'))
      .where('loanId', '=', wallets[8]!.walletId)
      .executeTakeFirstOrThrow()
    expect(Number(paidPurchases.fen ?? 0)).toBe(paidFen)
  })

  it('is checked again at confirmation: money spent meanwhile refuses it and nothing moves', async () => {
    const { requestId } = (await ringUp(6, 6_000)).body
    // The farmer's own purchase call works as before, and spends most of the wallet.
    const direct = await buyThrough(h.app, {
      wallet: wallets[6]!,
      supplierId,
      key: 'direct-buy',
      lines: [{ sku: SKU, quantity: 5_000 }],
    })
    expect(direct.status, direct.text).toBe(201)
    expect(await walletFen(6)).toBe(WALLET_FEN - 500_000)
    const payableBefore = await payableFen()
    const refused = await confirm(requestId, wallets[6]!.key)
    expect(refused.status).toBe(422)
    expect(refused.body.code).toBe('insufficient_restricted_balance')
    expect(await walletFen(6)).toBe(WALLET_FEN - 500_000)
    expect(await payableFen()).toBe(payableBefore)
    expect(await purchasesOf(6)).toHaveLength(1)
    const view = await h.request('GET', `/v1/purchase-requests/${requestId}`, { key: supplierKey })
    expect(view.body).toMatchObject({ status: 'awaiting_farmer', purchaseId: null })
  })

  it('is refused at confirmation when the supplier changed the price the farmer was shown', async () => {
    await upsertProduct(h.db, {
      supplierId,
      sku: 'urea',
      name: 'Urea',
      category: 'fertilizer',
      priceFen: 1_000,
    })
    await approveProductsIn(h.db, supplierId, [{ sku: 'urea', category: 'fertilizer', priceFen: 1_000 }])
    const created = await h.request('POST', '/v1/purchase-requests', {
      key: supplierKey,
      body: { farmerId: farmerIds[7], lines: [{ sku: 'urea', quantity: 2 }] },
      headers: { 'Idempotency-Key': nextKey() },
    })
    expect(created.body.amountFen).toBe(2_000)
    // Within the tolerance, so the product stays approved: a plain purchase would pay the new price.
    await upsertProduct(h.db, {
      supplierId,
      sku: 'urea',
      name: 'Urea',
      category: 'fertilizer',
      priceFen: 1_050,
    })
    const refused = await confirm(created.body.requestId, wallets[7]!.key)
    expect(refused.status).toBe(422)
    expect(refused.body).toMatchObject({
      code: 'purchase_request_price_changed',
      requestedFen: 2_000,
      amountFen: 2_100,
    })
    expect(await walletFen(7)).toBe(WALLET_FEN)
    expect(await purchasesOf(7)).toHaveLength(0)
  })

  it('is checked when rung up: a product no officer approved is refused, and nothing is stored', async () => {
    const before = await h.db.selectFrom('purchaseRequests').select('id').execute()
    const refused = await h.request('POST', '/v1/purchase-requests', {
      key: supplierKey,
      body: { farmerId: farmerIds[7], lines: [{ sku: 'no-such-sku', quantity: 1 }] },
      headers: { 'Idempotency-Key': nextKey() },
    })
    expect(refused.status).toBe(422)
    expect(refused.body.code).toBe('unknown_sku')
    const tooMuch = await ringUp(7, 20_000)
    expect(tooMuch.status).toBe(422)
    expect(tooMuch.body.code).toBe('insufficient_restricted_balance')
    expect(await h.db.selectFrom('purchaseRequests').select('id').execute()).toHaveLength(before.length)
    // The same request sent again answers the same request.
    const key = nextKey()
    const first = await ringUp(7, 3, supplierKey, key)
    const second = await ringUp(7, 3, supplierKey, key)
    expect(second.body).toEqual(first.body)
  })

  it('is 404 to every other supplier and farmer', async () => {
    const other = await createParty(h, 'supplier', {
      externalRef: `other-sup-${randomBytes(3).toString('hex')}`,
      name: 'Other Supply',
      approved: true,
    })
    const otherSupplierKey = await h.keyFor('supplier', other.id)
    const otherFarmerKey = wallets[8]!.key
    const { requestId } = (await ringUp(7, 4)).body
    const code = await farmerCode(7, requestId)
    for (const key of [otherSupplierKey, otherFarmerKey]) {
      expect((await h.request('GET', `/v1/purchase-requests/${requestId}`, { key })).status).toBe(404)
      expect((await confirm(requestId, key, key === otherSupplierKey ? code : undefined)).status).toBe(404)
      expect((await cancel(requestId, key)).status).toBe(404)
      const list = await h.request('GET', '/v1/purchase-requests', { key })
      expect(list.body.items.map((item: { requestId: number }) => item.requestId)).not.toContain(requestId)
    }
    // A farmer that does not exist and one without an open wallet answer alike.
    const unknown = await h.request('POST', '/v1/purchase-requests', {
      key: supplierKey,
      body: { farmerId: 999_999_999, lines: [{ sku: SKU, quantity: 1 }] },
      headers: { 'Idempotency-Key': nextKey() },
    })
    expect(unknown.status).toBe(404)
    const view = await h.request('GET', `/v1/purchase-requests/${requestId}`, { key: supplierKey })
    expect(view.body.status).toBe('awaiting_farmer')
    expect(await walletFen(7)).toBe(WALLET_FEN)
  })
})
