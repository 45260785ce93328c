/**
 * The console's agri views over one farm loan made through the API: the contract's delivery
 * progress, the restricted wallet and its purchase, the blocked attempts, and the overview's agri
 * figures and charts (restricted spend by category, deliveries against contract). Rendered in-process
 * with an officer's session cookie; the browser journey is in console.test.ts.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROJECT_ROOT } from '../../../src/paths.js'
import { launchChromium, serveApp } from '../../support/browser.js'
import { isoDate } from '../../../src/kernel/business-date.js'
import { translator } from '../../../src/i18n/translator.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { signInToConsole } from '../../support/console-session.js'
import { startHarness, TEST_INITIAL_BUSINESS_DATE, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean } from '../../support/ledger.js'
import { approveProducts } from '../../support/catalogue.js'

const SCREENSHOTS = join(PROJECT_ROOT, '.data', 'screenshots')
const d0 = isoDate(TEST_INITIAL_BUSINESS_DATE)
/** Pages without Accept-Language are English; dates in its words ("1 Jan 2026"). */
const date = (iso: string) => translator('en').date(iso)
const QUANTITY_KG = 10_000
const DELIVERED_KG = 2_000
const PRICE_FEN_PER_KG = 300
const LOAN_FEN = 1_000_000
const PREMIUM_FEN = 20_000
const SEED_FEN = 50_000

let h: Harness
let cookie: string
let officerKey: string
let loanId: number
let contractId: number
let offtakerId: number
/** What the offtaker has paid of the delivery's proceeds (the rest is unpaid and not yet due). */
const PAID_FEN = 300_000

async function create(path: string, body: Record<string, unknown>) {
  const response = await h.request('POST', path, { key: h.adminKey, body })
  expect(response.status).toBe(201)
  return response.body
}

const signIn = (apiKey: string) => signInToConsole(h, apiKey)

async function page(path: string): Promise<string> {
  const response = await h.app.request(path, { headers: { cookie } })
  expect(response.status).toBe(200)
  return response.text()
}

/** The text of each cell of the row of table `id` that contains `marker`. */
function rowOf(html: string, id: string, marker: string): string[] {
  const table = new RegExp(`<table id="${id}">([\\s\\S]*?)</table>`).exec(html)?.[1] ?? ''
  const row = [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)]
    .map((m) => m[1]!)
    .find((r) => r.includes(marker))
  expect(row, `${id} has a row with ${marker}`).toBeDefined()
  return [...row!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) =>
    m[1]!
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  )
}

beforeAll(async () => {
  h = await startHarness()
  officerKey = await h.keyFor('officer')
  const supplier = await create('/v1/suppliers', { externalRef: 'shop', name: 'Agri Shop', approved: true })
  const supplierKey = await h.keyFor('supplier', supplier.supplierId)
  const offtaker = await create('/v1/offtakers', { externalRef: 'grain', name: 'Grain Co', approved: true })
  const offtakerKey = await h.keyFor('offtaker', offtaker.offtakerId)
  const insurer = await create('/v1/insurers', {
    externalRef: 'mutual',
    name: 'Harvest Mutual',
    approved: true,
  })
  const insurerKey = await h.keyFor('insurer', insurer.insurerId)
  const farmer = await create('/v1/farmers', { externalRef: 'farmer-1', name: 'Li', region: 'Heilongjiang' })
  const farmerKey = await h.keyFor('farmer', farmer.farmerId)
  for (const [sku, category, priceFen] of [
    ['rice-seed', 'seed', SEED_FEN],
    ['phone', 'electronics', 99_900],
  ] as const) {
    const put = await h.request('PUT', `/v1/suppliers/${supplier.supplierId}/products/${sku}`, {
      key: supplierKey,
      body: { name: sku, category, priceFen },
    })
    expect(put.status).toBe(201)
    await approveProducts(h, supplier.supplierId, [{ sku, category, priceFen }])
  }
  const contract = await h.request('POST', '/v1/offtake-contracts', {
    key: offtakerKey,
    body: {
      farmerId: farmer.farmerId,
      crop: 'rice',
      quantityKg: QUANTITY_KG,
      priceFenPerKg: PRICE_FEN_PER_KG,
      deliveryFrom: d0,
      deliveryTo: '2026-03-31',
    },
  })
  contractId = contract.body.contractId
  const asked = await h.request('POST', `/v1/offtake-contracts/${contractId}/guarantee-requests`, {
    key: farmerKey,
    body: { insurerId: insurer.insurerId },
  })
  expect(asked.status).toBe(201)
  const policy = await h.request('POST', '/v1/guarantee-policies', {
    key: insurerKey,
    body: { farmerId: farmer.farmerId, contractId, coverageBps: 8_000, premiumFen: PREMIUM_FEN },
  })
  const applied = await h.request('POST', '/v1/agri-loan-applications', {
    key: farmerKey,
    body: { farmerId: farmer.farmerId, contractId, policyId: policy.body.policyId, amountFen: LOAN_FEN },
    headers: { 'Idempotency-Key': 'console-agri' },
  })
  expect(applied.body.status).toBe('approved')
  loanId = applied.body.loanId
  const buy = (sku: string, key: string) =>
    h.request('POST', `/v1/restricted-wallets/${loanId}/purchases`, {
      key: farmerKey,
      body: { supplierId: supplier.supplierId, lines: [{ sku, quantity: 2 }] },
      headers: { 'Idempotency-Key': key },
    })
  expect((await buy('rice-seed', 'seed')).status).toBe(201)
  expect((await buy('phone', 'phone')).body.code).toBe('category_not_eligible')
  const withdrawal = await h.request('POST', `/v1/restricted-wallets/${loanId}/withdrawals`, {
    key: farmerKey,
    body: { amountFen: 1_000, toAccount: 'my bank' },
  })
  expect(withdrawal.body.code).toBe('restricted_funds_not_withdrawable')
  const delivered = await h.request('POST', `/v1/offtake-contracts/${contractId}/deliveries`, {
    key: offtakerKey,
    body: { quantityKg: DELIVERED_KG, deliveredOn: d0 },
    headers: { 'Idempotency-Key': 'delivery-1' },
  })
  expect(delivered.status).toBeLessThan(300)
  // The offtaker pays half of it: enough to repay the loan; the other half is still due.
  const paid = await h.request('POST', '/v1/offtaker-payments', {
    key: offtakerKey,
    body: {
      offtakerId: offtaker.offtakerId,
      amountFen: PAID_FEN,
      paidOn: d0,
      reference: delivered.body.reference,
    },
    headers: { 'Idempotency-Key': 'payment-1' },
  })
  expect(paid.status).toBe(201)
  offtakerId = offtaker.offtakerId
  cookie = await signIn(officerKey)
})
afterAll(async () => {
  await expectLedgerClean(h.db)
  await h?.close()
})

describe('the console’s agri views', () => {
  it('show the contract’s delivery progress, the wallet, its purchase and the blocked attempts', async () => {
    const html = await page('/console/agri')
    const contract = rowOf(html, 'contracts', `<td>${contractId}</td>`)
    expect(contract.slice(3, 8)).toEqual([
      'rice',
      `${date(d0)} – ${date('2026-03-31')}`,
      '10,000',
      '2,000 (1 delivery)',
      '20.00% 20.00%',
    ])
    expect(contract.at(-1)).toBe(`Loan ${loanId}`)

    // The first delivery swept what the wallet had left into the loan.
    expect(await balanceOf(h.db, accounts.restrictedWallet(loanId).code)).toBe(0)
    const wallet = rowOf(html, 'wallets', `/console/loans/${loanId}"`)
    expect(wallet.slice(2)).toEqual(['closed', '¥10,000.00', '¥1,000.00', '¥0.00', date(d0)])

    expect(rowOf(html, 'purchases', '<td>seed</td>').slice(4, 8)).toEqual([
      'seed',
      '¥1,000.00',
      '¥0.00',
      'paid',
    ])
    // Each refusal in words; its code stays in the markup.
    const attempts = [...html.matchAll(/data-code="([a-z_]+)"/g)].map((m) => m[1])
    expect(attempts).toEqual(
      expect.arrayContaining(['category_not_eligible', 'restricted_funds_not_withdrawable']),
    )
    expect(html).toContain('No claims yet.')
  })

  it('age the offtaker’s unpaid proceeds, readable on a desktop and on a phone', async () => {
    const html = await page('/console/agri')
    const unpaid = DELIVERED_KG * PRICE_FEN_PER_KG - PAID_FEN
    const yuanOf = (fen: number) => `¥${(fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`
    expect(rowOf(html, 'proceeds-ageing', `<td>${offtakerId}</td>`)).toEqual([
      String(offtakerId),
      '1',
      yuanOf(unpaid),
      yuanOf(unpaid), // due in 7 days: current
      '¥0.00',
      '¥0.00',
      '¥0.00',
      '¥0.00',
    ])
    const server = await serveApp(h.app)
    const browser = await launchChromium()
    try {
      await mkdir(SCREENSHOTS, { recursive: true })
      const [name, value] = cookie.split('=') as [string, string]
      await browser.context.addCookies([{ name, value, url: server.url }])
      const tab = await browser.context.newPage()
      for (const width of [1280, 360]) {
        await tab.setViewportSize({ width, height: 900 })
        await tab.goto(`${server.url}/console/agri`)
        await expect.poll(() => tab.locator('#proceeds-ageing').isVisible()).toBe(true)
        expect(await tab.locator('#proceeds-ageing tbody tr').count()).toBe(1)
        const overflowPx = await tab.evaluate<number>(
          'document.documentElement.scrollWidth - document.documentElement.clientWidth',
        )
        expect(overflowPx, `page wider than ${width} px`).toBeLessThanOrEqual(0)
        await tab.screenshot({ path: join(SCREENSHOTS, `console-agri-ageing-${width}.png`), fullPage: true })
      }
    } finally {
      await browser.close()
      await server.close()
    }
  })

  it('put the farm loan in the overview’s agri figures and charts', async () => {
    const summary = (await h.request('GET', '/v1/portfolio/summary', { key: officerKey })).body
    const loan = (await h.request('GET', `/v1/loans/${loanId}`, { key: officerKey })).body
    const transactions = (await h.request('GET', `/v1/loans/${loanId}/transactions`, { key: officerKey }))
      .body.items as Array<{ type: string; amountFen: number }>
    const proceedsFen = transactions.find((t) => t.type === 'delivery_proceeds')!.amountFen
    const sweptFen = transactions.find((t) => t.type === 'restricted_sweep')!.amountFen
    // The sweep paid most of the loan; the offtaker's cash for the harvest paid the rest (and the
    // farmer the remainder).
    expect(proceedsFen + sweptFen).toBe(LOAN_FEN)
    expect(summary.byProduct.agri).toMatchObject({
      activeLoans: 0,
      outstandingPrincipalFen: 0,
      disbursedTodayFen: LOAN_FEN,
      collectedTodayFen: proceedsFen + sweptFen,
    })
    expect(loan.status).toBe('closed')
    const html = await page('/console')
    expect(rowOf(html, 'by-product', '/console/loans?product=agri').slice(0, 4)).toEqual([
      '0',
      '¥0.00',
      '¥10,000.00',
      `¥${((proceedsFen + sweptFen) / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`,
    ])
    const data = JSON.parse(
      /<script type="application\/json" id="chart-data">([\s\S]*?)<\/script>/.exec(html)![1]!,
    )
    expect(data.spend).toEqual({ labels: ['seed'], spentFen: [2 * SEED_FEN] })
    expect(data.deliveries).toEqual({
      labels: ['rice'],
      contractedKg: [QUANTITY_KG],
      deliveredKg: [DELIVERED_KG],
    })
  })
})
