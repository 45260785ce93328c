/**
 * A purchase writes its Idempotency-Key record in its own transaction: the key is claimed by the
 * transaction's first statement and the answer stored in its commit. These tests check what a farmer
 * (and an auditor) would: a retry answers byte for byte what the first answer said, copies sent at
 * once pay once, a key cannot be reused for another purchase, a refusal stays the answer even after
 * the wallet could pay, and a refused copy is recorded as one breach attempt, not eight.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { upsertProduct } from '../../../src/agri/parties.js'
import { approveProductsIn } from '../../support/catalogue.js'
import { refundPurchase } from '../../../src/agri/restricted-wallet.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { buyThrough, setUpWallets, SKU, UNIT_PRICE_FEN, type Wallet } from '../../support/farm-wallets.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean } from '../../support/ledger.js'

let h: Harness
let supplierId: number
let wallets: Wallet[]

const buy = (wallet: Wallet, key: string, lines = [{ sku: SKU, quantity: 1 }]) =>
  buyThrough(h.app, { wallet, supplierId, key, lines })

const balance = (wallet: Wallet) => balanceOf(h.db, accounts.restrictedWallet(wallet.walletId).code)

async function purchasesOf(wallet: Wallet) {
  return h.db
    .selectFrom('purchases')
    .select(['id', 'amountFen'])
    .where('loanId', '=', wallet.walletId)
    .execute()
}

async function paymentsOf(wallet: Wallet) {
  return h.db
    .selectFrom('journalEntries')
    .select('id')
    .where('type', '=', 'restricted_purchase')
    .where('loanId', '=', wallet.walletId)
    .execute()
}

beforeAll(async () => {
  h = await startHarness({ worker: false })
  ;({ supplierId, wallets } = await setUpWallets(h, 6, 10))
  await upsertProduct(h.db, {
    supplierId,
    sku: 'phone',
    name: 'Phone',
    category: 'electronics',
    priceFen: 99_900,
  })
  await approveProductsIn(h.db, supplierId, [{ sku: 'phone', category: 'electronics', priceFen: 99_900 }])
})
afterAll(async () => {
  await expectLedgerClean(h.db)
  await h?.close()
})

describe('a purchase with an Idempotency-Key', () => {
  it('stores its answer in the commit that pays, and a retry answers it byte for byte', async () => {
    const wallet = wallets[0]!
    const before = await balance(wallet)
    const first = await buy(wallet, 'seed-1')
    expect(first.status).toBe(201)
    expect(first.headers.get('Idempotent-Replayed')).toBeNull()
    const purchases = await purchasesOf(wallet)
    expect(purchases).toHaveLength(1)
    expect(JSON.parse(first.text)).toMatchObject({
      purchaseId: Number(purchases[0]!.id),
      amountFen: UNIT_PRICE_FEN,
    })

    const record = await h.db
      .selectFrom('idempotencyKeys')
      .selectAll()
      .where('idempotencyKey', '=', 'seed-1')
      .executeTakeFirstOrThrow()
    expect(record).toMatchObject({
      state: 'completed',
      responseStatus: 201,
      responseBody: first.text,
      responseContentType: first.headers.get('Content-Type'),
    })

    const retried = await buy(wallet, 'seed-1')
    expect(retried.status).toBe(201)
    expect(retried.text).toBe(first.text)
    expect(retried.headers.get('Idempotent-Replayed')).toBe('true')
    expect(retried.headers.get('Content-Type')).toBe(first.headers.get('Content-Type'))
    expect(await purchasesOf(wallet)).toHaveLength(1)
    expect(await paymentsOf(wallet)).toHaveLength(1)
    expect(await balance(wallet)).toBe(before - UNIT_PRICE_FEN)
  })

  it('pays once for 12 copies sent at once, and every copy answers the same', async () => {
    const wallet = wallets[1]!
    const before = await balance(wallet)
    const answers = await Promise.all(Array.from({ length: 12 }, () => buy(wallet, 'same-seed')))
    expect(answers.map((answer) => answer.status)).toEqual(Array(12).fill(201))
    expect(new Set(answers.map((answer) => answer.text)).size).toBe(1)
    expect(answers.filter((answer) => answer.headers.get('Idempotent-Replayed') === 'true')).toHaveLength(11)
    expect(await purchasesOf(wallet)).toHaveLength(1)
    expect(await paymentsOf(wallet)).toHaveLength(1)
    expect(await balance(wallet)).toBe(before - UNIT_PRICE_FEN)
  })

  it('refuses the key for another purchase, also when the two race, and writes nothing for it', async () => {
    const wallet = wallets[2]!
    const before = await balance(wallet)
    expect((await buy(wallet, 'mine')).status).toBe(201)
    const reused = await buy(wallet, 'mine', [{ sku: SKU, quantity: 2 }])
    expect([reused.status, reused.code]).toEqual([409, 'idempotency_key_reused'])

    const raced = await Promise.all([
      buy(wallet, 'raced', [{ sku: SKU, quantity: 3 }]),
      buy(wallet, 'raced', [{ sku: SKU, quantity: 4 }]),
    ])
    expect(raced.map((answer) => answer.status).sort()).toEqual([201, 409])
    expect(raced.find((answer) => answer.status === 409)!.code).toBe('idempotency_key_reused')
    const paidFen = (await purchasesOf(wallet)).map((purchase) => Number(purchase.amountFen))
    expect(paidFen).toHaveLength(2)
    expect([
      [UNIT_PRICE_FEN, 3 * UNIT_PRICE_FEN],
      [UNIT_PRICE_FEN, 4 * UNIT_PRICE_FEN],
    ]).toContainEqual(paidFen.sort((a, b) => a - b))
    expect(await balance(wallet)).toBe(before - paidFen[0]! - paidFen[1]!)
  })

  it('keeps a refusal as the answer: the same key still answers 422 once the wallet could pay', async () => {
    const wallet = wallets[3]!
    const units = (await balance(wallet)) / UNIT_PRICE_FEN
    const most = await buy(wallet, 'most', [{ sku: SKU, quantity: units - 10 }])
    expect(most.status).toBe(201)
    const tooMuch = await buy(wallet, 'too-much', [{ sku: SKU, quantity: 20 }])
    expect([tooMuch.status, tooMuch.code]).toEqual([422, 'insufficient_restricted_balance'])

    // The supplier takes the goods back: now the wallet could pay for the refused purchase.
    await refundPurchase(h, { purchaseId: JSON.parse(most.text).purchaseId, supplierId })
    expect(await balance(wallet)).toBe(units * UNIT_PRICE_FEN)
    const retried = await buy(wallet, 'too-much', [{ sku: SKU, quantity: 20 }])
    expect(retried.status).toBe(422)
    expect(retried.text).toBe(tooMuch.text)
    expect(retried.headers.get('Idempotent-Replayed')).toBe('true')
    expect((await buy(wallet, 'too-much-again', [{ sku: SKU, quantity: 20 }])).status).toBe(201)
    expect(await balance(wallet)).toBe((units - 20) * UNIT_PRICE_FEN)
  })

  it('records one breach attempt for 8 copies of an ineligible purchase sent at once', async () => {
    const wallet = wallets[4]!
    const before = await balance(wallet)
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => buy(wallet, 'a-phone', [{ sku: 'phone', quantity: 1 }])),
    )
    expect(answers.map((answer) => [answer.status, answer.code])).toEqual(
      Array(8).fill([422, 'category_not_eligible']),
    )
    expect(new Set(answers.map((answer) => answer.text)).size).toBe(1)
    const attempts = await h.db
      .selectFrom('restrictedWalletAttempts')
      .select(['kind', 'code'])
      .where('loanId', '=', wallet.walletId)
      .execute()
    expect(attempts).toEqual([{ kind: 'ineligible_category', code: 'category_not_eligible' }])
    expect(await purchasesOf(wallet)).toHaveLength(0)
    expect(await balance(wallet)).toBe(before)
  })

  it('frees a key whose claim a crashed execution left behind, so the retry pays once', async () => {
    const wallet = wallets[5]!
    expect((await buy(wallet, 'before-crash')).status).toBe(201)
    const { principalRef } = await h.db
      .selectFrom('idempotencyKeys')
      .select('principalRef')
      .where('idempotencyKey', '=', 'before-crash')
      .executeTakeFirstOrThrow()
    const before = await balance(wallet)
    const path = `/v1/restricted-wallets/${wallet.walletId}/purchases`
    const body = JSON.stringify({ supplierId, lines: [{ sku: SKU, quantity: 1 }] })
    await h.db
      .insertInto('idempotencyKeys')
      .values({
        principalRef,
        idempotencyKey: 'crashed',
        requestHash: createHash('sha256').update(`POST\n${path}\n`).update(body).digest('hex'),
        method: 'POST',
        path,
        state: 'in_progress',
        lockedUntil: new Date(Date.now() - 1_000),
      })
      .execute()
    const first = await buy(wallet, 'crashed')
    expect([first.status, first.code]).toEqual([409, 'idempotency_request_in_progress'])
    const retried = await buy(wallet, 'crashed')
    expect(retried.status).toBe(201)
    expect((await buy(wallet, 'crashed')).text).toBe(retried.text)
    expect(await purchasesOf(wallet)).toHaveLength(2)
    expect(await balance(wallet)).toBe(before - UNIT_PRICE_FEN)
  })

  it('answers a malformed purchase 400 and stores that answer like any other', async () => {
    const wallet = wallets[4]!
    const malformed = await buy(wallet, 'no-lines', [])
    expect([malformed.status, malformed.code]).toEqual([400, 'validation_failed'])
    const again = await buy(wallet, 'no-lines', [])
    expect(again.text).toBe(malformed.text)
    expect(again.headers.get('Idempotent-Replayed')).toBe('true')
    expect(await purchasesOf(wallet)).toHaveLength(0)
  })
})
