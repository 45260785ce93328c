import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean, fundLender, move } from '../../support/ledger.js'

let h: Harness
let platformKey: string
let merchantId: number
let otherMerchantId: number
let merchantKey: string

beforeAll(async () => {
  h = await startHarness({ worker: false })
  platformKey = await h.keyFor('platform')
  await fundLender(h.ledger, 1_000_000_00)
  const created = await h.request('POST', '/v1/merchants', {
    key: platformKey,
    body: { externalRef: 'shop-1', name: 'Zhang’s noodle stall', openedOn: '2025-03-01' },
  })
  expect(created.status).toBe(201)
  merchantId = created.body.merchantId
  const other = await h.request('POST', '/v1/merchants', {
    key: h.adminKey,
    body: { externalRef: 'shop-2', name: 'Li’s fruit shop', openedOn: '2025-06-01' },
  })
  otherMerchantId = other.body.merchantId
  merchantKey = await h.keyFor('merchant', merchantId)
})
afterAll(async () => {
  await expectLedgerClean(h.db)
  await h?.close()
})

async function salesRows(id: number) {
  return h.db
    .selectFrom('merchantDailySales')
    .selectAll()
    .where('merchantId', '=', id)
    .orderBy('salesDate')
    .execute()
}

describe('merchants', () => {
  it('creates a merchant with its wallet, once per external reference', async () => {
    const merchant = await h.request('GET', `/v1/merchants/${merchantId}`, { key: platformKey })
    expect(merchant.body).toMatchObject({ merchantId, externalRef: 'shop-1', openedOn: '2025-03-01' })
    expect(await balanceOf(h.db, accounts.merchantWallet(merchantId).code)).toBe(0)
    const again = await h.request('POST', '/v1/merchants', {
      key: platformKey,
      body: { externalRef: 'shop-1', name: 'Someone else', openedOn: '2025-03-01' },
    })
    expect(again.status).toBe(409)
    expect(again.body.code).toBe('external_ref_taken')
  })

  it('lets a merchant see its own record only; others answer 404, other roles 403', async () => {
    expect((await h.request('GET', `/v1/merchants/${merchantId}`, { key: merchantKey })).status).toBe(200)
    expect((await h.request('GET', `/v1/merchants/${otherMerchantId}`, { key: merchantKey })).status).toBe(
      404,
    )
    const farmerKey = await h.keyFor('farmer', 1)
    expect((await h.request('GET', `/v1/merchants/${merchantId}`, { key: farmerKey })).status).toBe(403)
    expect((await h.request('POST', '/v1/merchants', { key: merchantKey, body: {} })).status).toBe(403)
  })
})

describe('daily sales', () => {
  it('creates, then replaces a day, answering the net', async () => {
    const path = `/v1/merchants/${merchantId}/sales/2025-12-30`
    const created = await h.request('PUT', path, {
      key: platformKey,
      body: { grossFen: 120_000, refundFen: 5_000, orderCount: 40 },
    })
    expect(created.status).toBe(201)
    expect(created.body).toEqual({ merchantId, date: '2025-12-30', netFen: 115_000 })
    const replaced = await h.request('PUT', path, {
      key: platformKey,
      body: { grossFen: 130_000, refundFen: 0, orderCount: 41 },
    })
    expect(replaced.status).toBe(200)
    expect(replaced.body.netFen).toBe(130_000)
    const rows = await salesRows(merchantId)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ grossFen: 130_000, refundFen: 0, netFen: 130_000, orderCount: 41 })
  })

  it('refuses a future date, an impossible refund, bad figures and a stranger, writing nothing', async () => {
    const before = (await salesRows(merchantId)).length
    const future = await h.request('PUT', `/v1/merchants/${merchantId}/sales/2026-01-02`, {
      key: platformKey,
      body: { grossFen: 1, refundFen: 0, orderCount: 1 },
    })
    expect(future.status).toBe(422)
    expect(future.body.code).toBe('future_date')
    const refund = await h.request('PUT', `/v1/merchants/${merchantId}/sales/2025-12-29`, {
      key: platformKey,
      body: { grossFen: 100, refundFen: 100 + 500_001, orderCount: 1 },
    })
    expect(refund.body.code).toBe('refund_exceeds_gross')
    for (const body of [
      { grossFen: -1, refundFen: 0, orderCount: 1 },
      { grossFen: 1.5, refundFen: 0, orderCount: 1 },
      { grossFen: '100', refundFen: 0, orderCount: 1 },
      { grossFen: 100, refundFen: 0 },
      { grossFen: 1e20, refundFen: 0, orderCount: 1 },
    ]) {
      const response = await h.request('PUT', `/v1/merchants/${merchantId}/sales/2025-12-29`, {
        key: platformKey,
        body,
      })
      expect(response.status).toBe(400)
      expect(response.body.code).toBe('validation_failed')
    }
    expect(
      (
        await h.request('PUT', `/v1/merchants/${merchantId}/sales/2025-02-30`, {
          key: platformKey,
          body: { grossFen: 1, refundFen: 0, orderCount: 1 },
        })
      ).status,
    ).toBe(400)
    expect(
      (
        await h.request('PUT', `/v1/merchants/999999/sales/2025-12-29`, {
          key: platformKey,
          body: { grossFen: 1, refundFen: 0, orderCount: 1 },
        })
      ).status,
    ).toBe(404)
    expect(
      (
        await h.request('PUT', `/v1/merchants/${merchantId}/sales/2025-12-29`, {
          key: merchantKey,
          body: { grossFen: 1, refundFen: 0, orderCount: 1 },
        })
      ).status,
    ).toBe(403)
    expect((await salesRows(merchantId)).length).toBe(before)
  })

  it('imports a CSV: valid rows land, bad lines are reported by number', async () => {
    const csv = [
      'date,grossFen,refundFen,orderCount',
      '2025-11-01,100000,1000,30',
      '2025-11-02,abc,0,1',
      '2025-11-03,90000,0,25',
      '',
      '2026-02-01,1,0,1',
      '2025-11-04,50000',
      '2025-11-31,1,0,1',
      '2025-11-05,70000,0,20',
    ].join('\n')
    const response = await h.request('POST', `/v1/merchants/${otherMerchantId}/sales:import`, {
      key: platformKey,
      body: csv,
      headers: { 'Content-Type': 'text/csv' },
    })
    expect(response.status).toBe(200)
    expect(response.body.accepted).toBe(3)
    expect(response.body.rejected).toEqual([
      { line: 3, code: 'validation_failed', message: expect.stringContaining('grossFen') },
      { line: 6, code: 'future_date', message: expect.any(String) },
      { line: 7, code: 'malformed_line', message: expect.any(String) },
      { line: 8, code: 'validation_failed', message: expect.stringContaining('date') },
    ])
    expect((await salesRows(otherMerchantId)).map((row) => [row.salesDate, row.netFen])).toEqual([
      ['2025-11-01', 99_000],
      ['2025-11-03', 90_000],
      ['2025-11-05', 70_000],
    ])
  })

  it('imports NDJSON and replaces days it already has', async () => {
    const ndjson = [
      { date: '2025-11-01', grossFen: 200_000, refundFen: 0, orderCount: 60 },
      { date: '2025-11-06', grossFen: 10_000, refundFen: 0, orderCount: 3 },
      { date: '2025-11-07', grossFen: -5, refundFen: 0, orderCount: 3 },
    ]
      .map((row) => JSON.stringify(row))
      .concat(['{not json'])
      .join('\n')
    const response = await h.request('POST', `/v1/merchants/${otherMerchantId}/sales:import`, {
      key: platformKey,
      body: ndjson,
      headers: { 'Content-Type': 'application/x-ndjson' },
    })
    expect(response.body.accepted).toBe(2)
    expect(response.body.rejected.map((r: any) => [r.line, r.code])).toEqual([
      [3, 'validation_failed'],
      [4, 'malformed_line'],
    ])
    const rows = await salesRows(otherMerchantId)
    expect(rows.find((row) => row.salesDate === '2025-11-01')?.netFen).toBe(200_000)
    expect(rows).toHaveLength(4)
  })

  it('refuses an import that is neither NDJSON nor CSV', async () => {
    const response = await h.request('POST', `/v1/merchants/${otherMerchantId}/sales:import`, {
      key: platformKey,
      body: { date: '2025-11-01' },
    })
    expect(response.status).toBe(422)
    expect(response.body.code).toBe('unsupported_media_type')
  })
})

describe('wallet and payouts', () => {
  it('pays out from the wallet exactly once per key and refuses more than the balance', async () => {
    const wallet = accounts.merchantWallet(merchantId).code
    await move(h.ledger, {
      debit: accounts.lenderCash().code,
      credit: wallet,
      amountFen: 10_000,
      type: 'sales_settlement',
    })
    const headers = { 'Idempotency-Key': 'payout-1' }
    const first = await h.request('POST', `/v1/merchants/${merchantId}/payouts`, {
      key: merchantKey,
      body: { amountFen: 4_000 },
      headers,
    })
    expect(first.status).toBe(201)
    expect(first.body).toMatchObject({ amountFen: 4_000, balanceFen: 6_000 })
    const replay = await h.request('POST', `/v1/merchants/${merchantId}/payouts`, {
      key: merchantKey,
      body: { amountFen: 4_000 },
      headers,
    })
    expect(replay.body).toEqual(first.body)
    expect(await balanceOf(h.db, wallet)).toBe(6_000)

    const tooMuch = await h.request('POST', `/v1/merchants/${merchantId}/payouts`, {
      key: merchantKey,
      body: { amountFen: 6_001 },
      headers: { 'Idempotency-Key': 'payout-2' },
    })
    expect(tooMuch.status).toBe(422)
    expect(tooMuch.body.code).toBe('insufficient_funds')
    const noKey = await h.request('POST', `/v1/merchants/${merchantId}/payouts`, {
      key: merchantKey,
      body: { amountFen: 1 },
    })
    expect(noKey.status).toBe(400)
    expect(noKey.body.code).toBe('idempotency_key_required')
    const wallets = await h.request('GET', `/v1/merchants/${merchantId}/wallet`, { key: merchantKey })
    expect(wallets.body.balanceFen).toBe(6_000)
    expect(wallets.body.entries.map((entry: any) => entry.amountFen)).toEqual([-4_000, 10_000])
    const strangers = await h.request('POST', `/v1/merchants/${otherMerchantId}/payouts`, {
      key: merchantKey,
      body: { amountFen: 1 },
      headers: { 'Idempotency-Key': 'payout-3' },
    })
    expect(strangers.status).toBe(404)
  })
})
