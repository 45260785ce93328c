import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { expectLedgerClean, fundLender, move, open } from '../../support/ledger.js'

let h: Harness
let officerKey: string
const wallet = accounts.merchantWallet(42).code
const cash = accounts.lenderCash().code

beforeAll(async () => {
  h = await startHarness({ worker: false })
  officerKey = await h.keyFor('officer')
  await fundLender(h.ledger, 10_000_00)
  await open(h.ledger, accounts.merchantWallet(42))
  for (const amountFen of [100, 200, 300, 400, 500])
    await move(h.ledger, { debit: cash, credit: wallet, amountFen })
})
afterAll(async () => {
  await expectLedgerClean(h.db)
  await h?.close()
})

describe('ledger over HTTP', () => {
  it('shows a trial balance whose debits equal its credits', async () => {
    const response = await h.request('GET', '/v1/ledger/trial-balance', { key: officerKey })
    expect(response.status).toBe(200)
    expect(response.body.totalDebitsFen).toBe(response.body.totalCreditsFen)
    expect(response.body.totalDebitsFen).toBe(10_000_00 + 1_500)
    expect(response.body.accounts).toContainEqual(
      expect.objectContaining({ code: wallet, type: 'liability', balanceFen: 1_500 }),
    )
    expect(response.body.accounts).toContainEqual(
      expect.objectContaining({ code: cash, balanceFen: 10_000_00 + 1_500 }),
    )
  })

  it("pages an account's entries newest first", async () => {
    const first = await h.request('GET', `/v1/ledger/accounts/${wallet}/entries?limit=2`, { key: officerKey })
    expect(first.status).toBe(200)
    expect(first.body.items.map((item: any) => item.amountFen)).toEqual([500, 400])
    expect(first.body.items[0]).toMatchObject({ side: 'C', type: 'transfer', businessDate: '2026-01-01' })
    const second = await h.request(
      'GET',
      `/v1/ledger/accounts/${wallet}/entries?limit=2&cursor=${first.body.nextCursor}`,
      {
        key: officerKey,
      },
    )
    expect(second.body.items.map((item: any) => item.amountFen)).toEqual([300, 200])
    const last = await h.request(
      'GET',
      `/v1/ledger/accounts/${wallet}/entries?limit=2&cursor=${second.body.nextCursor}`,
      {
        key: officerKey,
      },
    )
    expect(last.body.items.map((item: any) => item.amountFen)).toEqual([100])
    expect(last.body.nextCursor).toBeNull()
  })

  it('shows one account balance', async () => {
    const response = await h.request('GET', `/v1/ledger/accounts/${wallet}`, { key: officerKey })
    expect(response.body).toMatchObject({ code: wallet, balanceFen: 1_500, availableFen: 1_500 })
  })

  it('answers 404 for an unknown account and 400 for bad paging', async () => {
    expect((await h.request('GET', '/v1/ledger/accounts/nobody:1/entries', { key: officerKey })).status).toBe(
      404,
    )
    for (const query of ['limit=0', 'limit=201', 'limit=x', 'cursor=abc']) {
      const response = await h.request('GET', `/v1/ledger/accounts/${wallet}/entries?${query}`, {
        key: officerKey,
      })
      expect(response.status).toBe(400)
      expect(response.body.code).toBe('validation_failed')
    }
  })

  it('is for officers and admin only', async () => {
    for (const role of ['merchant', 'platform', 'farmer'] as const) {
      const key = await h.keyFor(role, role === 'platform' ? undefined : 1)
      expect((await h.request('GET', '/v1/ledger/trial-balance', { key })).status).toBe(403)
    }
    expect((await h.request('GET', '/v1/ledger/trial-balance', { key: h.adminKey })).status).toBe(200)
  })
})
