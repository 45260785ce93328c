/**
 * Issue 18, items 3 and 4, in Chromium and in both languages: a supplier rings up a sale at its
 * counter and the farmer pays it on a 360-px phone page (the restricted money drops by exactly the
 * sale); a wrong code is refused in the reader's language, the right one pays, five wrong lock the
 * sale; a refund returns money to the farmer; the close of business settles the supplier, who sees
 * its settlement; after the harvest the farmer sees the contract's delivery and sends free money to
 * the bank. Every page state shown is checked with axe and for codes left untranslated, and leaves
 * screenshots at 360 and 1280 px under `.data/screenshots/`.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getWallet } from '../../../src/agri/restricted-wallet.js'
import { translator, type Translator } from '../../../src/i18n/translator.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { launchChromium, serveApp } from '../../support/browser.js'
import {
  farmBackers,
  fundedFarm,
  shopWithProducts,
  type Backers,
  type Farm,
  type Shop,
} from '../../support/farm.js'
import { startHarness, TEST_INITIAL_BUSINESS_DATE, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean, expectReconciled, fundLender } from '../../support/ledger.js'
import { pageIn, screenshots, seriousAxeViolations, signInLinkPath } from '../../support/party-pages.js'

const SEED_FEN = 12_345
const UREA_FEN = 8_800
const LOAN_FEN = 300_000
const PREMIUM_FEN = 5_000
const PRICE_FEN_PER_KG = 300
const LOCALES = ['zh-CN', 'en'] as const
type Locale = (typeof LOCALES)[number]
/** What each locale's journey leaves owed to the shop: 3 seed and 2 urea, 1 seed back, 2 seed by code. */
const NET_SALES_FEN = 3 * SEED_FEN + 2 * UREA_FEN - SEED_FEN + 2 * SEED_FEN

let h: Harness
let officerKey: string
let server: Awaited<ReturnType<typeof serveApp>>
let browser: Awaited<ReturnType<typeof launchChromium>>
let backers: Backers
let shop: Shop
const farms = {} as Record<Locale, Farm & { name: string }>
const FARMER_NAMES: Record<Locale, string> = { 'zh-CN': '李明', en: 'Wang Fang' }

beforeAll(async () => {
  h = await startHarness()
  officerKey = await h.keyFor('officer')
  await fundLender(h.ledger, 10_000_000)
  backers = await farmBackers(h, 'pages')
  shop = await shopWithProducts(h, { externalRef: 'fengshou', name: 'Fengshou Farm Supplies' }, [
    { sku: 'seed-pack', name: 'Rice seed 10 kg', category: 'seed', priceFen: SEED_FEN, unit: 'bag' },
    { sku: 'urea', name: 'Urea 50 kg', category: 'fertilizer', priceFen: UREA_FEN, unit: 'bag' },
    { sku: 'hoe', name: 'Garden hoe', category: 'equipment_rental', priceFen: 4_500, approved: false },
  ])
  for (const locale of LOCALES) {
    const name = FARMER_NAMES[locale]
    const farm = await fundedFarm(
      h,
      backers,
      { externalRef: `farmer-${locale}`, name },
      {
        loanFen: LOAN_FEN,
        premiumFen: PREMIUM_FEN,
        priceFenPerKg: PRICE_FEN_PER_KG,
        deliveryFrom: TEST_INITIAL_BUSINESS_DATE,
        deliveryTo: '2026-06-30',
      },
    )
    farms[locale] = { ...farm, name }
  }
  server = await serveApp(h.app)
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  if (h) {
    await expectLedgerClean(h.db)
    await expectReconciled(h.db)
  }
  await h?.close()
})

/** What any reader should see: no serious accessibility problem, and no code instead of words. */
async function expectReadable(page: Page) {
  expect(await seriousAxeViolations(page)).toEqual([])
  expect(await page.innerText('main')).not.toMatch(/\b[a-z]+_[a-z_]+\b/)
}

async function signedIn(locale: Locale, role: 'farmer' | 'supplier', subjectId: number, width = 1280) {
  const page = await pageIn(browser.context, locale)
  await page.setViewportSize({ width, height: 900 })
  await page.goto(`${server.url}${await signInLinkPath(h, role, subjectId)}`)
  expect(new URL(page.url()).pathname).toBe(`/${role}`)
  expect(await page.getAttribute('html', 'lang')).toBe(locale)
  return page
}

type Doc = {
  activeElement: { id: string; textContent: string | null } | null
  documentElement: { scrollWidth: number }
}
/** The focused element's id, and its text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    // Evaluated in the page: nothing from this file's scope reaches it.
    const active = (globalThis as unknown as { document: Doc }).document.activeElement
    return { id: active?.id ?? '', text: active?.textContent?.trim() ?? '' }
  })
/** How wide the page is drawn: no wider than the screen means nothing is cut off. */
const pageWidth = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { document: Doc }).document.documentElement.scrollWidth)

const restrictedFen = async (farm: Farm) => (await getWallet(h.db, farm.loanId)).balanceFen
const text = async (page: Page, selector: string) => (await page.innerText(selector)).trim()

/** The code the farmer's page shows for the one sale waiting, as the farmer reads it out. */
async function codeOnFarmerPage(page: Page): Promise<string> {
  await page.reload()
  const shown = await text(page, '.card.ask .code')
  expect(shown).toMatch(/^\d{3} \d{3}$/)
  return shown.replace(' ', '')
}

/** The supplier finds the farmer by keyboard alone, rings up `quantities` and lands on the request. */
async function ringUp(
  page: Page,
  t: Translator,
  farm: Farm & { name: string },
  quantities: Record<string, number>,
) {
  await page.goto(`${server.url}/supplier`)
  for (let i = 0; i < 15 && (await focused(page)).id !== 'farmer'; i++) {
    await page.keyboard.press('Tab')
  }
  expect((await focused(page)).id).toBe('farmer')
  await page.keyboard.type(String(farm.farmerId))
  await Promise.all([page.waitForURL(/\/supplier\/sale\?farmer=/), page.keyboard.press('Enter')])
  expect(await text(page, 'h1')).toBe(t.t('supplier.counter.saleFor', { name: farm.name }))
  for (const [sku, quantity] of Object.entries(quantities)) {
    await page.fill(`input[name="qty:${sku}"]`, String(quantity))
  }
  await Promise.all([
    page.waitForURL(/\/supplier\/requests\/\d+\?done=rungUp$/),
    page.getByRole('button', { name: t.t('supplier.counter.submit') }).click(),
  ])
  expect(await text(page, '#request-status')).toBe(t.t('farm.requestStatus.awaiting_farmer'))
  return Number(/\/requests\/(\d+)/.exec(page.url())![1])
}

/** Types a code into the request page and submits it; the answer's status. */
async function typeCode(page: Page, t: Translator, code: string): Promise<number> {
  await page.fill('#code', code)
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/confirm')),
    page.getByRole('button', { name: t.t('supplier.request.confirm') }).click(),
  ])
  await page.waitForLoadState()
  return response.status()
}

describe.each(LOCALES)('in %s', (locale) => {
  const t = translator(locale)

  it('a supplier rings up a sale and the farmer pays it on a 360-px page', async () => {
    const farm = farms[locale]
    const supplier = await signedIn(locale, 'supplier', shop.supplierId)
    expect(await text(supplier, 'h1')).toBe('Fengshou Farm Supplies')
    const catalogue = await text(supplier, '#catalogue-table')
    expect(catalogue).toContain(t.t('farm.productStatus.approved'))
    expect(catalogue).toContain(t.t('farm.productStatus.pending_review'))
    expect(catalogue).toContain(t.t('farm.categories.fertilizer'))
    await expectReadable(supplier)
    await screenshots(supplier, 'supplier-counter', locale)

    await ringUp(supplier, t, farm, { 'seed-pack': 3, urea: 2 })
    const amountFen = 3 * SEED_FEN + 2 * UREA_FEN
    expect(await text(supplier, '#request-amount')).toBe(t.money(amountFen))
    expect(await text(supplier, '.notice')).toBe(t.t('supplier.done.rungUp'))
    await expectReadable(supplier)
    await screenshots(supplier, 'supplier-request-waiting', locale)

    const before = await restrictedFen(farm)
    const phone = await signedIn(locale, 'farmer', farm.farmerId, 360)
    expect(await text(phone, 'h1')).toBe(t.t('farmer.hello', { name: farm.name }))
    expect(await text(phone, `#restricted-${farm.loanId}`)).toBe(t.money(before))
    const ask = phone.locator('.card.ask')
    expect(await ask.count()).toBe(1)
    expect(await ask.innerText()).toContain('Fengshou Farm Supplies')
    expect(await ask.innerText()).toContain('Rice seed 10 kg × 3')
    expect(await ask.locator('.big').innerText()).toBe(t.money(amountFen))
    // Nothing cut off on a 360-px phone: the page is no wider than the screen.
    expect(await pageWidth(phone)).toBeLessThanOrEqual(360)
    await expectReadable(phone)
    await screenshots(phone, 'farmer-asked', locale)

    // The farmer pays with the keyboard: Tab to the Pay button, Enter.
    const pay = t.t('farmer.waiting.confirm', { amount: t.money(amountFen) })
    for (let i = 0; i < 20; i++) {
      await phone.keyboard.press('Tab')
      if ((await focused(phone)).text === pay) break
    }
    await Promise.all([phone.waitForURL(/\/farmer\?done=paid$/), phone.keyboard.press('Enter')])
    expect(await text(phone, '.notice')).toBe(t.t('farmer.done.paid'))
    expect(await restrictedFen(farm)).toBe(before - amountFen)
    expect(await text(phone, `#restricted-${farm.loanId}`)).toBe(t.money(before - amountFen))
    expect(await phone.locator('.card.ask').count()).toBe(0)
    expect(await text(phone, '#bought + ul')).toContain('Fengshou Farm Supplies')
    await expectReadable(phone)
    await screenshots(phone, 'farmer-paid', locale)

    // The supplier checks again: paid, and the sale is in its list.
    await supplier.getByRole('link', { name: t.t('supplier.request.refresh') }).click()
    await supplier.waitForLoadState()
    expect(await text(supplier, '#request-status')).toBe(t.t('farm.requestStatus.confirmed'))
    await supplier.goto(`${server.url}/supplier`)
    const sales = await text(supplier, '#sales-list')
    expect(sales).toContain(t.money(amountFen))
    expect(sales).toContain(farm.name)

    // One bag of seed goes back: the money returns to the farmer's farm-input money.
    await supplier.locator('#sales-list a').first().click()
    await supplier.waitForLoadState()
    await supplier.fill('#back-0', '1')
    await Promise.all([
      supplier.waitForURL(/done=refunded/),
      supplier.getByRole('button', { name: t.t('supplier.refund.submit') }).click(),
    ])
    expect(await text(supplier, '.notice')).toBe(t.t('supplier.done.refunded', { amount: t.money(SEED_FEN) }))
    expect(await text(supplier, '#refunded')).toBe(t.money(SEED_FEN))
    expect(await restrictedFen(farm)).toBe(before - amountFen + SEED_FEN)
    await expectReadable(supplier)
    await screenshots(supplier, 'supplier-refunded', locale)
    await phone.close()
    await supplier.close()
  })

  it('refuses a wrong code in the reader’s language, pays on the right one, and locks after five', async () => {
    const farm = farms[locale]
    const supplier = await signedIn(locale, 'supplier', shop.supplierId)
    const phone = await signedIn(locale, 'farmer', farm.farmerId, 360)

    await ringUp(supplier, t, farm, { 'seed-pack': 2 })
    const code = await codeOnFarmerPage(phone)
    const wrong = code === '000000' ? '111111' : '000000'
    const before = await restrictedFen(farm)
    expect(await typeCode(supplier, t, wrong)).toBe(422)
    expect(await text(supplier, '.error')).toBe(t.t('supplier.request.codeWrong', { count: 4 }))
    await expectReadable(supplier)
    await screenshots(supplier, 'supplier-code-wrong', locale)
    // Not six digits: said so, and not counted as a try.
    expect(await typeCode(supplier, t, '12a')).toBe(400)
    expect(await text(supplier, '.error')).toBe(t.t('supplier.request.codeFormat'))
    expect(await typeCode(supplier, t, code.replace(/(\d{3})/, '$1 '))).toBe(303)
    expect(await text(supplier, '.notice')).toBe(t.t('supplier.done.paid'))
    expect(await text(supplier, '#request-status')).toBe(t.t('farm.requestStatus.confirmed'))
    expect(await restrictedFen(farm)).toBe(before - 2 * SEED_FEN)

    // Another sale; five wrong codes lock it, and nothing is paid.
    await ringUp(supplier, t, farm, { urea: 1 })
    const lockedCode = await codeOnFarmerPage(phone)
    const miss = lockedCode === '999999' ? '888888' : '999999'
    const untouched = await restrictedFen(farm)
    for (let tries = 1; tries <= 4; tries++) expect(await typeCode(supplier, t, miss)).toBe(422)
    expect(await text(supplier, '.error')).toBe(t.t('supplier.request.codeWrong', { count: 1 }))
    expect(await typeCode(supplier, t, miss)).toBe(422)
    expect(await text(supplier, '.error')).toBe(t.code('refusal', 'purchase_request_locked'))
    expect(await text(supplier, '#request-status')).toBe(t.t('farm.requestStatus.locked'))
    expect(await supplier.locator('#code').count()).toBe(0)
    expect(await restrictedFen(farm)).toBe(untouched)
    await expectReadable(supplier)
    await screenshots(supplier, 'supplier-code-locked', locale)
    // The farmer is no longer asked.
    await phone.reload()
    expect(await phone.locator('.card.ask').count()).toBe(0)
    await phone.close()
    await supplier.close()
  })
})

describe('after the close of business', () => {
  it('the supplier sees its settlement, sent and then paid, in both languages', async () => {
    const closed = await h.request('POST', '/v1/system/close-of-business', {
      key: officerKey,
      body: { days: 1 },
    })
    expect(closed.status).toBe(200)
    const settledFen = NET_SALES_FEN * LOCALES.length
    const { items } = (
      await h.request('GET', `/v1/suppliers/${shop.supplierId}/settlements`, { key: shop.key })
    ).body as { items: Array<{ settlementId: number; amountFen: number }> }
    expect(items.map((s) => s.amountFen)).toEqual([settledFen])

    for (const locale of LOCALES) {
      const t = translator(locale)
      const page = await signedIn(locale, 'supplier', shop.supplierId)
      const rows = await text(page, '#settlements')
      expect(rows).toContain(t.money(settledFen))
      expect(rows).toContain(t.t('farm.settlementStatus.pending'))
      expect(await text(page, '#payable')).toBe(t.money(0))
      await expectReadable(page)
      await page.close()
    }

    const paid = await h.request('POST', `/v1/settlements/${items[0]!.settlementId}/result`, {
      key: officerKey,
      body: { status: 'paid', bankReference: 'BANK-FENGSHOU-1' },
      headers: { 'Idempotency-Key': 'settle-fengshou-1' },
    })
    expect(paid.status, JSON.stringify(paid.body)).toBe(200)
    for (const locale of LOCALES) {
      const t = translator(locale)
      const page = await signedIn(locale, 'supplier', shop.supplierId)
      const rows = await text(page, '#settlements')
      expect(rows).toContain(t.money(settledFen))
      expect(rows).toContain(t.t('farm.settlementStatus.paid'))
      expect(rows).toContain('BANK-FENGSHOU-1')
      await expectReadable(page)
      await screenshots(page, 'supplier-settlement', locale)
      await page.close()
    }
  })

  it('the farmer sees the harvest delivered and paid, and sends free money to the bank', async () => {
    const farm = farms['zh-CN']
    const businessDate = (await h.request('GET', '/v1/system/business-date', { key: officerKey })).body
      .businessDate as string
    const delivered = await h.created(
      `/v1/offtake-contracts/${farm.contractId}/deliveries`,
      backers.offtaker.key,
      { quantityKg: 1_000, deliveredOn: businessDate },
      'harvest-zh',
    )
    const paidFor = await h.created(
      '/v1/offtaker-payments',
      backers.offtaker.key,
      {
        offtakerId: backers.offtaker.offtakerId,
        amountFen: delivered.proceedsFen,
        paidOn: businessDate,
        reference: delivered.reference,
      },
      'harvest-zh-paid',
    )
    const freeFen = await balanceOf(h.db, accounts.farmerWallet(farm.farmerId).code)
    expect(freeFen).toBe(paidFor.applied[0].waterfall.toFarmerFen)
    expect(freeFen).toBeGreaterThan(10_000)

    for (const locale of LOCALES) {
      const t = translator(locale)
      const phone = await signedIn(locale, 'farmer', farm.farmerId, 360)
      expect(await text(phone, `#contract-${farm.contractId}`)).toContain(t.t('farm.deliveryStatus.paid'))
      expect(await text(phone, `#contract-${farm.contractId}`)).toContain(t.money(delivered.proceedsFen))
      expect(await pageWidth(phone)).toBeLessThanOrEqual(360)
      await expectReadable(phone)
      await screenshots(phone, 'farmer-harvest', locale)
      await phone.close()
    }

    const t = translator('zh-CN')
    const phone = await signedIn('zh-CN', 'farmer', farm.farmerId, 360)
    expect(await text(phone, '#free-wallet')).toBe(t.money(freeFen))
    await phone.getByLabel(t.t('farmer.wallet.amount')).fill('100.00')
    await Promise.all([
      phone.waitForURL(/done=payout$/),
      phone.getByRole('button', { name: t.t('farmer.wallet.send') }).click(),
    ])
    expect(await text(phone, '.notice')).toBe(t.t('farmer.done.payout'))
    expect(await text(phone, '#free-wallet')).toBe(t.money(freeFen - 10_000))
    expect(await balanceOf(h.db, accounts.farmerWallet(farm.farmerId).code)).toBe(freeFen - 10_000)
    await expectReadable(phone)
    await screenshots(phone, 'farmer-payout', 'zh-CN')
    await phone.close()
  })
})
