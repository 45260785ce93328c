/**
 * The console's agri page lists suppliers whose restricted sales look like cash-out: a refund soon
 * after the sale, one farmer buying far more of a loan than a season's plan would, prices at the edge
 * of the tolerance above the reviewed reference. A supplier with ordinary sales is not listed.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { PROJECT_ROOT } from '../../../src/paths.js'
import { launchChromium, serveApp } from '../../support/browser.js'
import { approveProducts } from '../../support/catalogue.js'
import { signInToConsole } from '../../support/console-session.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { expectLedgerClean } from '../../support/ledger.js'

const SCREENSHOTS = join(PROJECT_ROOT, '.data', 'screenshots')
const LOAN_FEN = 1_000_000
const PREMIUM_FEN = 20_000

let h: Harness

beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  await expectLedgerClean(h.db)
  await h?.close()
})

const signIn = (apiKey: string) => signInToConsole(h, apiKey)

/** The text of each row's cells of table `id`. */
function rowsOf(html: string, id: string): string[][] {
  const table = new RegExp(`<table id="${id}">([\\s\\S]*?)</table>`).exec(html)?.[1] ?? ''
  return [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)]
    .map((m) =>
      [...m[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) =>
        cell[1]!
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim(),
      ),
    )
    .filter((cells) => cells.length > 0)
}

it('lists the supplier with quick refunds, a farmer far above plan and edge prices, not the honest one', async () => {
  const admin = h.adminKey
  const officerKey = await h.keyFor('officer')
  const shop = async (ref: string, name: string) => {
    const supplier = await h.created('/v1/suppliers', admin, { externalRef: ref, name, approved: true })
    return { supplierId: supplier.supplierId as number, key: await h.keyFor('supplier', supplier.supplierId) }
  }
  const cash = await shop('cash', 'Cash Shop')
  const honest = await shop('honest', 'Honest Seeds')
  const put = (s: { supplierId: number; key: string }, sku: string, priceFen: number) =>
    h.request('PUT', `/v1/suppliers/${s.supplierId}/products/${sku}`, {
      key: s.key,
      body: { name: sku, category: 'seed', priceFen },
    })
  for (const [s, sku] of [
    [cash, 'bag'],
    [cash, 'plain'],
    [honest, 'seed'],
  ] as const) {
    expect((await put(s, sku, 10_000)).status).toBe(201)
    await approveProducts(h, s.supplierId, [{ sku, category: 'seed', priceFen: 10_000 }])
  }
  // 9% above the reference: within the tolerance, at its edge.
  expect((await put(cash, 'bag', 10_900)).body.status).toBe('approved')

  const offtaker = await h.created('/v1/offtakers', admin, {
    externalRef: 'o',
    name: 'Grain Co',
    approved: true,
  })
  const insurer = await h.created('/v1/insurers', admin, {
    externalRef: 'i',
    name: 'Mutual',
    approved: true,
  })
  const farmer = await h.created('/v1/farmers', admin, { externalRef: 'f', name: 'Wang', region: 'Jilin' })
  const farmerKey = await h.keyFor('farmer', farmer.farmerId)
  const contract = await h.created('/v1/offtake-contracts', await h.keyFor('offtaker', offtaker.offtakerId), {
    farmerId: farmer.farmerId,
    crop: 'rice',
    quantityKg: 10_000,
    priceFenPerKg: 300,
    deliveryFrom: '2026-03-01',
    deliveryTo: '2026-03-31',
  })
  await h.created(`/v1/offtake-contracts/${contract.contractId}/guarantee-requests`, farmerKey, {
    insurerId: insurer.insurerId,
  })
  const policy = await h.created('/v1/guarantee-policies', await h.keyFor('insurer', insurer.insurerId), {
    farmerId: farmer.farmerId,
    contractId: contract.contractId,
    coverageBps: 8_000,
    premiumFen: PREMIUM_FEN,
  })
  const loan = await h.created(
    '/v1/agri-loan-applications',
    farmerKey,
    {
      farmerId: farmer.farmerId,
      contractId: contract.contractId,
      policyId: policy.policyId,
      amountFen: LOAN_FEN,
    },
    'apply',
  )
  const walletId = loan.restrictedWalletId as number
  const buy = async (supplierId: number, sku: string, quantity: number, key: string) => {
    const bought = await h.request('POST', `/v1/restricted-wallets/${walletId}/purchases`, {
      key: farmerKey,
      body: { supplierId, lines: [{ sku, quantity }] },
      headers: { 'Idempotency-Key': key },
    })
    expect(bought.status, JSON.stringify(bought.body)).toBe(201)
    return bought.body.purchaseId as number
  }
  await buy(cash.supplierId, 'bag', 1, 'edge') // 10,900 at the price edge
  await buy(cash.supplierId, 'plain', 50, 'bulk') // 500,000
  const returned = await buy(cash.supplierId, 'plain', 1, 'returned')
  const refund = await h.request('POST', `/v1/purchases/${returned}/refund`, {
    key: cash.key,
    body: {},
    headers: { 'Idempotency-Key': 'refund' },
  })
  expect(refund.status, JSON.stringify(refund.body)).toBe(200)
  await buy(honest.supplierId, 'seed', 1, 'honest')

  const cookie = await signIn(officerKey)
  const response = await h.app.request('/console/agri', { headers: { cookie } })
  expect(response.status).toBe(200)
  // Net 510,900 fen at the shop: 51.09% of the loan by one farmer; one refund the same day; one edge line.
  expect(rowsOf(await response.text(), 'suppliers-to-watch')).toEqual([
    [`${cash.supplierId} Cash Shop`, '¥5,109.00', '1', `Farmer ${farmer.farmerId}: 51.09% of the loan`, '1'],
  ])

  // In Chromium, on an officer's desktop and on a phone: the table is there and the page does not
  // scroll sideways (the table may, inside its own box).
  const server = await serveApp(h.app)
  const browser = await launchChromium()
  try {
    await mkdir(SCREENSHOTS, { recursive: true })
    const [name, value] = cookie.split('=') as [string, string]
    await browser.context.addCookies([{ name, value, url: server.url }])
    const page = await browser.context.newPage()
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 })
      await page.goto(`${server.url}/console/agri`)
      await expect.poll(() => page.locator('#suppliers-to-watch').isVisible()).toBe(true)
      expect(await page.locator('#suppliers-to-watch tbody tr').count()).toBe(1)
      const overflowPx = await page.evaluate<number>(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      )
      expect(overflowPx, `page wider than ${width} px`).toBeLessThanOrEqual(0)
      await page.screenshot({ path: join(SCREENSHOTS, `console-agri-${width}.png`), fullPage: true })
    }
  } finally {
    await browser.close()
    await server.close()
  }
})
