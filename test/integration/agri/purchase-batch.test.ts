/**
 * Purchases that arrive together are decided in one transaction (group commit). These tests check
 * what a farmer, a supplier and an auditor would when many arrive at once: each wallet pays exactly
 * what it can afford and budgets allow, to the fen; each paid purchase has one row, one ledger entry,
 * one event and a stored answer naming it; refusals, replays and copies of a key answer as they do
 * alone; and a retry of every request answers byte for byte without writing anything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AdminKey } from '../../../src/access/principal-service.js'
import { upsertProduct } from '../../../src/agri/parties.js'
import { approveProductsIn } from '../../support/catalogue.js'
import { createApp } from '../../../src/http/app.js'
import { createLogger } from '../../../src/log.js'
import { openServices } from '../../../src/services.js'
import { purchaseBatcher } from '../../../src/agri/restricted-wallet.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { buyThrough, setUpWallets, SKU, UNIT_PRICE_FEN, type Wallet } from '../../support/farm-wallets.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean } from '../../support/ledger.js'

let h: Harness
let supplierId: number
let wallets: Wallet[]
/** Every wallet starts with 1,000,000 fen: seven sacks (980,000) fit, an eighth does not. */
const SACK_FEN = 140_000
const WALLET_FEN = 1_000_000

const buy = (wallet: Wallet, key: string, lines = [{ sku: 'sack', quantity: 1 }]) =>
  buyThrough(h.app, { wallet, supplierId, key, lines })

const balance = (wallet: Wallet) => balanceOf(h.db, accounts.restrictedWallet(wallet.walletId).code)
const supplierPayable = () => balanceOf(h.db, accounts.supplierPayable(supplierId).code)

/** What the database holds for a wallet's purchases: rows, payments and paid events. */
async function writtenFor(wallet: Wallet) {
  const [purchases, payments, events] = await Promise.all([
    h.db.selectFrom('purchases').select(['id', 'amountFen']).where('loanId', '=', wallet.walletId).execute(),
    h.db
      .selectFrom('journalEntries')
      .select('id')
      .where('type', '=', 'restricted_purchase')
      .where('loanId', '=', wallet.walletId)
      .execute(),
    h.db
      .selectFrom('events')
      .select('subject')
      .where('type', '=', 'restricted_purchase.paid')
      .where('loanId', '=', wallet.walletId)
      .execute(),
  ])
  return {
    purchaseIds: purchases.map((row) => Number(row.id)).sort((a, b) => a - b),
    payments: payments.length,
    eventPurchaseIds: events
      .map((row) => Number((JSON.parse(row.subject) as { purchaseId: number }).purchaseId))
      .sort((a, b) => a - b),
  }
}

beforeAll(async () => {
  h = await startHarness({ worker: false })
  ;({ supplierId, wallets } = await setUpWallets(h, 14, 10))
  await upsertProduct(h.db, {
    supplierId,
    sku: 'sack',
    name: 'Seed sack',
    category: 'seed',
    priceFen: SACK_FEN,
  })
  await upsertProduct(h.db, {
    supplierId,
    sku: 'phone',
    name: 'Phone',
    category: 'electronics',
    priceFen: 99_900,
  })
  await approveProductsIn(h.db, supplierId, [
    { sku: 'sack', category: 'seed', priceFen: SACK_FEN },
    { sku: 'phone', category: 'electronics', priceFen: 99_900 },
  ])
  for (const wallet of wallets) expect(await balance(wallet)).toBe(WALLET_FEN)
})
afterAll(async () => {
  // No batch failed (a failed batch is rolled back and its purchases decided alone: correct, slower).
  expect(purchaseBatcher(h).stats.failedBatches).toBe(0)
  await expectLedgerClean(h.db)
  await h?.close()
})

describe('purchases decided together', () => {
  it('pays exactly what each of 8 wallets can afford of 80 purchases sent at once, and a retry writes nothing', async () => {
    const eight = wallets.slice(0, 8)
    const payableBefore = await supplierPayable()
    const batchedBefore = purchaseBatcher(h).stats.batchedPurchases
    const send = () =>
      Promise.all(
        Array.from({ length: 80 }, (_, index) => {
          const wallet = eight[index % 8]!
          return buy(wallet, `crowd-${wallet.walletId}-${Math.floor(index / 8)}`)
        }),
      )
    const answers = await send()
    // The batch path ran: purchases were paid in transactions of more than one.
    expect(purchaseBatcher(h).stats.batchedPurchases).toBeGreaterThan(batchedBefore)

    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(56)
    expect(answers.filter((answer) => answer.code === 'insufficient_restricted_balance')).toHaveLength(24)
    expect(await supplierPayable()).toBe(payableBefore + 56 * SACK_FEN)
    for (const wallet of eight) {
      expect(await balance(wallet)).toBe(WALLET_FEN - 7 * SACK_FEN)
      const written = await writtenFor(wallet)
      const answeredIds = answers
        .filter((answer, index) => eight[index % 8] === wallet && answer.status === 201)
        .map((answer) => JSON.parse(answer.text) as { purchaseId: number; amountFen: number })
      // Each 201 names its own purchase, and every purchase has one payment and one event.
      expect(answeredIds.map((answer) => answer.amountFen)).toEqual(Array(7).fill(SACK_FEN))
      expect(answeredIds.map((answer) => answer.purchaseId).sort((a, b) => a - b)).toEqual(
        written.purchaseIds,
      )
      expect(written.payments).toBe(7)
      expect(written.eventPurchaseIds).toEqual(written.purchaseIds)
    }
    // Every answer was stored with the request, as it was sent.
    const records = await h.db
      .selectFrom('idempotencyKeys')
      .select(['idempotencyKey', 'state', 'responseStatus', 'responseBody'])
      .where('idempotencyKey', 'like', 'crowd-%')
      .execute()
    expect(records).toHaveLength(80)
    const sent = new Map(
      answers.map((answer, index) => {
        const wallet = eight[index % 8]!
        return [`crowd-${wallet.walletId}-${Math.floor(index / 8)}`, answer]
      }),
    )
    for (const record of records) {
      const answer = sent.get(record.idempotencyKey)!
      expect([record.state, record.responseStatus, record.responseBody]).toEqual([
        'completed',
        answer.status,
        answer.text,
      ])
    }

    const retried = await send()
    expect(retried.map((answer) => answer.text)).toEqual(answers.map((answer) => answer.text))
    expect(retried.every((answer) => answer.headers.get('Idempotent-Replayed') === 'true')).toBe(true)
    expect(await supplierPayable()).toBe(payableBefore + 56 * SACK_FEN)
    for (const wallet of eight) expect((await writtenFor(wallet)).purchaseIds).toHaveLength(7)
  })

  it('answers refusals, copies of one key and a reused key among a crowd as each would be answered alone', async () => {
    const wallet = wallets[8]!
    const good = Array.from({ length: 3 }, (_, index) => buy(wallet, `mixed-good-${index}`))
    const answers = await Promise.all([
      ...good,
      buy(wallet, 'mixed-phone', [{ sku: 'phone', quantity: 1 }]),
      buy(wallet, 'mixed-phone', [{ sku: 'phone', quantity: 1 }]),
      buy(wallet, 'mixed-unknown', [{ sku: 'tractor', quantity: 1 }]),
      buy(wallet, 'mixed-copy'),
      buy(wallet, 'mixed-copy'),
      buy(wallet, 'mixed-copy'),
      buy(wallet, 'mixed-reused'),
      buy(wallet, 'mixed-reused', [{ sku: 'sack', quantity: 2 }]),
    ])
    const [g0, g1, g2, phone1, phone2, unknown, copy1, copy2, copy3, reusedA, reusedB] = answers
    expect([g0, g1, g2].map((answer) => answer!.status)).toEqual(Array(3).fill(201))
    expect([phone1, phone2].map((answer) => [answer!.status, answer!.code])).toEqual(
      Array(2).fill([422, 'category_not_eligible']),
    )
    expect(phone1!.text).toBe(phone2!.text)
    expect([unknown!.status, unknown!.code]).toEqual([422, 'unknown_sku'])
    expect([copy1, copy2, copy3].map((answer) => answer!.status)).toEqual([201, 201, 201])
    expect(new Set([copy1, copy2, copy3].map((answer) => answer!.text)).size).toBe(1)
    // One of the two bodies under 'mixed-reused' is paid (one sack or two, whichever came first);
    // the other is told the key belongs to another request.
    expect([reusedA!.status, reusedB!.status].sort()).toEqual([201, 409])
    expect([reusedA, reusedB].find((answer) => answer!.status === 409)!.code).toBe('idempotency_key_reused')
    const reusedSacks = reusedA!.status === 201 ? 1 : 2

    // 3 + 1 copy + the reused key's winner: 5 or 6 sacks, all of which the wallet can pay.
    const paid = answers.filter((answer) => answer.status === 201)
    const distinctPaid = new Set(paid.map((answer) => answer.text))
    const sacks = [...distinctPaid].reduce(
      (sum, text) => sum + (JSON.parse(text) as { amountFen: number }).amountFen / SACK_FEN,
      0,
    )
    expect(sacks).toBe(4 + reusedSacks)
    expect(await balance(wallet)).toBe(WALLET_FEN - sacks * SACK_FEN)
    const written = await writtenFor(wallet)
    expect(written.purchaseIds).toHaveLength(distinctPaid.size)
    expect(written.payments).toBe(distinctPaid.size)
    const attempts = await h.db
      .selectFrom('restrictedWalletAttempts')
      .select(['kind', 'code'])
      .where('loanId', '=', wallet.walletId)
      .execute()
    expect(attempts).toEqual([{ kind: 'ineligible_category', code: 'category_not_eligible' }])
  })

  it('keeps a category budget exact when purchases under it arrive together', async () => {
    const wallet = wallets[9]!
    // Seed may take 45% of the 1,000,000 lent: 450,000 fen, three sacks (420,000) and no fourth.
    await h.db
      .updateTable('loans')
      .set({ categoryBudgets: JSON.stringify({ seed: 4_500 }) })
      .where('id', '=', wallet.walletId)
      .execute()
    const answers = await Promise.all(Array.from({ length: 8 }, (_, index) => buy(wallet, `budget-${index}`)))
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(3)
    expect(answers.filter((answer) => answer.code === 'category_budget_exceeded')).toHaveLength(5)
    expect(await balance(wallet)).toBe(WALLET_FEN - 3 * SACK_FEN)
    const view = await h.request('GET', `/v1/restricted-wallets/${wallet.walletId}`, { key: wallet.key })
    expect(view.body.budgets.seed).toEqual({ limitFen: 450_000, spentFen: 420_000, remainingFen: 30_000 })
  })

  // Two processes' batches contend for the same loan rows: the one that waits must decide on the
  // balances the other committed (its reads come after the locks), or it would overdraw the wallets.
  it('pays exactly what 3 wallets afford when two API processes batch purchases on them at once', async () => {
    // A second process: its own pools, ledger and purchase batcher, on the same database.
    const other = openServices(h.databaseUrl)
    try {
      const otherApp = createApp({
        ...other,
        temporal: h.client,
        taskQueue: h.taskQueue,
        log: createLogger('silent'),
        adminKey: new AdminKey(h.adminKey),
      })
      const three = wallets.slice(11, 14)
      // The second process warmed up as a running one is (keys looked up, pooled connections open):
      // three 100-fen seed purchases on each wallet, which leave room for seven sacks still.
      const warm = await Promise.all(
        Array.from({ length: 9 }, (_, index) =>
          buyThrough(otherApp, {
            wallet: three[index % 3]!,
            supplierId,
            key: `two-processes-warm-${index}`,
            lines: [{ sku: SKU, quantity: 1 }],
          }),
        ),
      )
      expect(warm.map((answer) => answer.status)).toEqual(Array(9).fill(201))
      const payableBefore = await supplierPayable()
      const batched = () =>
        purchaseBatcher(other).stats.batchedPurchases + purchaseBatcher(h).stats.batchedPurchases
      const batchedBefore = batched()
      const answers = await Promise.all(
        Array.from({ length: 60 }, (_, index) => {
          const wallet = three[index % 3]!
          const lines = [{ sku: 'sack', quantity: 1 }]
          return buyThrough(index % 2 === 0 ? h.app : otherApp, {
            wallet,
            supplierId,
            key: `two-processes-${index}`,
            lines,
          })
        }),
      )
      // Purchases were batched while both processes bought. Which process batched depends on
      // scheduling: when the wallets are spent before the second process's purchases run, each of
      // those is a refusal, and refusals are decided alone.
      expect(batched()).toBeGreaterThan(batchedBefore)
      // No batch was refused by the database for a balance it misread (a stale read would overdraw).
      expect(purchaseBatcher(other).stats.failedBatches + purchaseBatcher(h).stats.failedBatches).toBe(0)
      expect(answers.filter((answer) => answer.status === 201)).toHaveLength(21)
      expect(answers.filter((answer) => answer.code === 'insufficient_restricted_balance')).toHaveLength(39)
      expect(await supplierPayable()).toBe(payableBefore + 21 * SACK_FEN)
      for (const wallet of three) {
        expect(await balance(wallet)).toBe(WALLET_FEN - 3 * UNIT_PRICE_FEN - 7 * SACK_FEN)
        const written = await writtenFor(wallet)
        expect(written.purchaseIds).toHaveLength(10)
        expect(written.payments).toBe(10)
      }
    } finally {
      await other.close()
    }
  })

  it('decides a lone purchase alone, and a crowd of one wallet against the wallet it has', async () => {
    const wallet = wallets[10]!
    expect((await buy(wallet, 'lone', [{ sku: SKU, quantity: 3 }])).status).toBe(201)
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, index) => buy(wallet, `one-wallet-${index}`)),
    )
    // 1,000,000 - 300 left: seven sacks fit.
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(7)
    expect(await balance(wallet)).toBe(WALLET_FEN - 300 - 7 * SACK_FEN)
    expect((await writtenFor(wallet)).payments).toBe(8)
  })
})
