/**
 * The loan officer console in Chinese and in English, in headless Chromium: an officer whose browser
 * prefers Chinese signs in, reads the overview and its charts, filters the loans, waives a penalty
 * and restructures a loan through their confirmations (the waiver confirmed by keyboard), meets a
 * refusal, reads the agri view and the audit log, and switches language; the same pages in English.
 * Every page: `<html lang>` right, no serious or critical axe violation, screenshots at 360 and 1280 px,
 * nothing wider than a phone; in Chinese no code and no English sentence of the catalogue is visible.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locale } from '../../../src/i18n/locale.js'
import { CATALOGUES, translator } from '../../../src/i18n/translator.js'
import { isoDate } from '../../../src/kernel/business-date.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { launchChromium, serveApp } from '../../support/browser.js'
import { approveProducts } from '../../support/catalogue.js'
import { startHarness, TEST_INITIAL_BUSINESS_DATE, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean, fundLender, open } from '../../support/ledger.js'
import { merchantsWithLines } from '../../support/merchant-lines.js'
import { pageIn, screenshots, seriousAxeViolations, untranslated, WIDTHS } from '../../support/party-pages.js'

/** Enough closes for a loan unpaid since day 1 to be 31-60 days past due. */
const DAYS_CLOSED = 35
const d0 = isoDate(TEST_INITIAL_BUSINESS_DATE)

let h: Harness
let server: Awaited<ReturnType<typeof serveApp>>
let browser: Awaited<ReturnType<typeof launchChromium>>
let officerKey: string
/** Loans unpaid since day 1: [waived and restructured in Chinese, written off under a confirmation, shown in English]. */
const late: number[] = []
let agriLoanId: number

/** Every text of a catalogue part, depth first. */
function textsOf(node: object): string[] {
  return Object.values(node).flatMap((value) =>
    typeof value === 'string' ? [value] : textsOf(value as object),
  )
}

/**
 * English a Chinese console page must not show: every phrase of two or more words of the console's,
 * the shared and the refusal catalogue (the parts between placeholders), and a few single words.
 */
const ENGLISH = (() => {
  const en = CATALOGUES.en as { console: object; common: object; codes: { refusal: object } }
  const phrases = [en.console, en.common, en.codes.refusal]
    .flatMap(textsOf)
    .flatMap((text) => text.split(/\{\{\s*\w+\s*\}\}/))
    .map((part) => part.trim())
    .filter((part) => /[A-Za-z]{3,}\W+[A-Za-z]{3,}/.test(part))
  return [...new Set([...phrases, 'Overview', 'Loans', 'Agri', 'Refused', 'Merchant', 'Farmer', 'Current'])]
})()

beforeAll(async () => {
  h = await startHarness({ worker: true })
  officerKey = await h.keyFor('officer')
  await fundLender(h.ledger, 10_000_000_00)
  await open(h.ledger, accounts.creditLoss())
  agriLoanId = await farmLoan()
  const merchants = await merchantsWithLines(h, { seed: 31_60, merchantCount: 30, minAvailableFen: 200_000 })
  expect(merchants.length).toBeGreaterThanOrEqual(3)
  for (const [index, who] of merchants.slice(0, 3).entries()) {
    const applied = await h.request('POST', '/v1/loan-applications', {
      key: who.key,
      body: {
        merchantId: who.merchantId,
        amountFen: 100_000 + index * 10_000,
        termDays: 30,
        repaymentMethod: 'installment',
        frequency: 'daily',
      },
      headers: { 'Idempotency-Key': `locales-${index}` },
    })
    expect(applied.body.status).toBe('approved')
    late.push(applied.body.loanId)
    // Every fen taken out: nothing can be collected, so the loan ages.
    const payout = await h.request('POST', `/v1/merchants/${who.merchantId}/payouts`, {
      key: who.key,
      body: { amountFen: await balanceOf(h.db, accounts.merchantWallet(who.merchantId).code) },
      headers: { 'Idempotency-Key': `locales-payout-${index}` },
    })
    expect(payout.status).toBe(201)
  }
  const cob = await h.request('POST', '/v1/system/close-of-business', {
    key: officerKey,
    body: { days: DAYS_CLOSED },
  })
  expect(cob.status).toBe(200)
  server = await serveApp(h.app)
  browser = await launchChromium()
}, 600_000)
afterAll(async () => {
  await browser?.close()
  await server?.close()
  await expectLedgerClean(h.db)
  await h?.close()
})

/** A farm loan with a purchase, two blocked attempts and a delivery half paid for (the agri view's rows). */
async function farmLoan(): Promise<number> {
  const create = (path: string, body: Record<string, unknown>) => h.created(path, h.adminKey, body)
  const supplier = await create('/v1/suppliers', { externalRef: 'shop', name: '丰收农资店', approved: true })
  const supplierKey = await h.keyFor('supplier', supplier.supplierId)
  const offtaker = await create('/v1/offtakers', { externalRef: 'grain', name: '北大荒粮食', approved: true })
  const offtakerKey = await h.keyFor('offtaker', offtaker.offtakerId)
  const insurer = await create('/v1/insurers', { externalRef: 'mutual', name: '丰年保险', approved: true })
  const insurerKey = await h.keyFor('insurer', insurer.insurerId)
  const farmer = await create('/v1/farmers', { externalRef: 'farmer-1', name: '李四', region: '黑龙江' })
  const farmerKey = await h.keyFor('farmer', farmer.farmerId)
  for (const [sku, category, priceFen] of [
    ['rice-seed', 'seed', 50_000],
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
      quantityKg: 10_000,
      priceFenPerKg: 300,
      deliveryFrom: d0,
      deliveryTo: '2026-03-31',
    },
  })
  const contractId = contract.body.contractId
  await h.request('POST', `/v1/offtake-contracts/${contractId}/guarantee-requests`, {
    key: farmerKey,
    body: { insurerId: insurer.insurerId },
  })
  const policy = await h.request('POST', '/v1/guarantee-policies', {
    key: insurerKey,
    body: { farmerId: farmer.farmerId, contractId, coverageBps: 8_000, premiumFen: 20_000 },
  })
  const applied = await h.request('POST', '/v1/agri-loan-applications', {
    key: farmerKey,
    body: { farmerId: farmer.farmerId, contractId, policyId: policy.body.policyId, amountFen: 1_000_000 },
    headers: { 'Idempotency-Key': 'locales-agri' },
  })
  expect(applied.body.status).toBe('approved')
  const loanId = applied.body.loanId as number
  const buy = (sku: string) =>
    h.request('POST', `/v1/restricted-wallets/${loanId}/purchases`, {
      key: farmerKey,
      body: { supplierId: supplier.supplierId, lines: [{ sku, quantity: 2 }] },
      headers: { 'Idempotency-Key': sku },
    })
  expect((await buy('rice-seed')).status).toBe(201)
  expect((await buy('phone')).body.code).toBe('category_not_eligible')
  const withdrawal = await h.request('POST', `/v1/restricted-wallets/${loanId}/withdrawals`, {
    key: farmerKey,
    body: { amountFen: 1_000, toAccount: 'my bank' },
  })
  expect(withdrawal.body.code).toBe('restricted_funds_not_withdrawable')
  const delivered = await h.request('POST', `/v1/offtake-contracts/${contractId}/deliveries`, {
    key: offtakerKey,
    body: { quantityKg: 2_000, deliveredOn: d0 },
    headers: { 'Idempotency-Key': 'locales-delivery' },
  })
  expect(delivered.status).toBeLessThan(300)
  const paid = await h.request('POST', '/v1/offtaker-payments', {
    key: offtakerKey,
    body: {
      offtakerId: offtaker.offtakerId,
      amountFen: 300_000,
      paidOn: d0,
      reference: delivered.body.reference,
    },
    headers: { 'Idempotency-Key': 'locales-payment' },
  })
  expect(paid.status).toBe(201)
  return loanId
}

/** A page in `locale` that records browser errors (a CSP violation is one). */
async function newPage(context: BrowserContext, locale: Locale): Promise<{ page: Page; errors: string[] }> {
  await context.clearCookies()
  const page = await pageIn(context, locale)
  await page.setViewportSize({ width: 1280, height: 900 })
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => {
    // The refusal (422) and the missing loan (404) are pages this test asks for.
    const expected = /status of (404|422) /.test(message.text())
    if (message.type() === 'error' && !expected) errors.push(`${message.text()} ${message.location().url}`)
  })
  return { page, errors }
}

/**
 * What every page owes its reader: the language it says it speaks, nothing untranslated (Chinese),
 * nothing axe calls serious, no sideways scrolling on a phone; and its screenshots.
 */
async function look(page: Page, name: string, locale: Locale): Promise<void> {
  expect(await page.getAttribute('html', 'lang'), name).toBe(locale)
  if (locale === 'zh-CN') expect(await untranslated(page, ENGLISH), name).toEqual([])
  expect(await seriousAxeViolations(page), name).toEqual([])
  await page.setViewportSize({ width: WIDTHS.phone, height: 900 })
  // Polled: charts take a frame or two to shrink to the new width.
  await expect
    .poll(
      () =>
        page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
      { message: `${name} is wider than a phone`, timeout: 3_000 },
    )
    .toBeLessThanOrEqual(0)
  await screenshots(page, `console-${name}`, locale)
  await page.setViewportSize({ width: 1280, height: 900 })
}

async function signIn(page: Page, t: ReturnType<typeof translator>): Promise<void> {
  await page.goto(`${server.url}/console`)
  expect(new URL(page.url()).pathname).toBe('/console/login')
  await look(page, 'login', t.locale)
  await page.getByLabel(t.t('console.login.keyLabel')).fill(officerKey)
  await page.getByRole('button', { name: t.t('common.signIn.title') }).click()
  await page.waitForURL(/\/console$/)
}

/** The chart's axis labels as Chart.js drew them. */
async function tickLabels(page: Page, chartId: string, axis: string): Promise<string[]> {
  return page.evaluate(
    `window.Chart.getChart(document.getElementById(${JSON.stringify(chartId)})).scales[${JSON.stringify(
      axis,
    )}].ticks.map((tick) => String(tick.label))`,
  )
}

describe('the console in Chinese', () => {
  const t = translator('zh-CN')

  it('lets an officer do the day’s work in Chinese: overview, loans, a waiver, a restructure, a refusal, agri, audit', async () => {
    const { page, errors } = await newPage(browser.context, 'zh-CN')
    await signIn(page, t)

    // The overview: Chinese words, yuan as ¥12,345.67, and charts labelled in Chinese.
    await page.waitForFunction(
      "'Chart' in window && Boolean(window.Chart.getChart(document.getElementById('chart-vintages')))",
    )
    expect(await page.locator('h1').textContent()).toBe('贷款组合概览')
    const outstanding = await page.locator('[data-figure="outstandingPrincipalFen"]').textContent()
    expect(outstanding).toMatch(/^¥\d{1,3}(,\d{3})*\.\d{2}$/)
    const data = JSON.parse((await page.locator('#chart-data').textContent())!)
    expect(data.text).toMatchObject({ outstanding: '未还本金', collected: '回收', disbursed: '放款' })
    expect(data.buckets.labels).toEqual([
      '未逾期',
      '逾期 1–30 天',
      '逾期 31–60 天',
      '逾期 61–90 天',
      '逾期 90 天以上',
    ])
    expect(data.spend.labels).toEqual(['种子'])
    expect(data.deliveries.labels).toEqual(['水稻'])
    expect(data.text.monthsOnBook[0]).toBe('第 0 月')
    for (const [chart, axis] of [
      ['chart-trend', 'y'],
      ['chart-trend', 'y1'],
      ['chart-buckets', 'y'],
      ['chart-spend', 'x'],
    ] as const) {
      const labels = await tickLabels(page, chart, axis)
      expect(labels.length, `${chart} ${axis}`).toBeGreaterThan(1)
      for (const label of labels) expect(label, `${chart} ${axis}`).toMatch(/^-?¥\d{1,3}(,\d{3})*$/)
      expect(labels, `${chart} ${axis}`).not.toContain('-¥0')
    }
    const legend = await page.evaluate<string[]>(
      "window.Chart.getChart(document.getElementById('chart-trend')).data.datasets.map((d) => d.label)",
    )
    expect(legend).toEqual(['未还本金', '回收', '放款'])
    await look(page, 'overview', 'zh-CN')

    // The loans, filtered to 31–60 days past due.
    await page.getByRole('link', { name: '贷款', exact: true }).click()
    await page.getByLabel('逾期分档').selectOption({ label: '逾期 31–60 天' })
    await page.getByRole('button', { name: '筛选' }).press('Enter')
    await page.waitForURL(/bucket=31-60/)
    const listed = await page
      .locator('#loans tbody tr')
      .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-loan-id'))))
    expect(listed.sort()).toEqual([...late].sort())
    const row = page.locator(`#loans tr[data-loan-id="${late[0]}"]`)
    expect(await row.locator('td').nth(0).textContent()).toBe('商户贷款')
    expect(await row.locator('td').nth(2).textContent()).toBe('还款中')
    expect(await row.locator('td').nth(7).textContent()).toBe('逾期 31–60 天')
    await look(page, 'loans', 'zh-CN')

    // A loan: its penalty waived through the confirmation, confirmed by keyboard alone.
    const loanId = late[0]!
    await page.getByRole('link', { name: `贷款 ${loanId}`, exact: true }).click()
    await page.waitForURL(new RegExp(`/console/loans/${loanId}$`))
    const before = (await h.request('GET', `/v1/loans/${loanId}`, { key: officerKey })).body
    expect(before.outstanding.penaltyFen).toBeGreaterThan(0)
    expect(await page.locator('#terms').innerText()).toContain('分期还款，每日')
    expect(await page.locator('#workflow strong').textContent()).toBe('已完成')
    await look(page, 'loan', 'zh-CN')

    const waiveReason = '因洪水摊位停业两周，减免罚息'
    await page.getByLabel('原因（必填，将记入操作日志）').first().fill(waiveReason)
    await page.getByRole('button', { name: '核对减免…' }).click()
    await page.waitForURL(new RegExp(`/console/loans/${loanId}/confirm$`))
    expect(await page.locator('h1').textContent()).toBe('确认：减免罚息')
    const penalty = t.money(before.outstanding.penaltyFen)
    expect(await page.locator('#confirm-what').textContent()).toBe(
      `减免贷款 ${loanId} 所欠罚息 ${penalty} 中的 ${penalty}。`,
    )
    await look(page, 'confirm-waive', 'zh-CN')
    // The confirm button has the focus: Enter alone does it.
    expect(await page.evaluate('document.activeElement?.textContent?.trim()')).toBe('确认减免罚息')
    await page.keyboard.press('Enter')
    await page.waitForURL(new RegExp(`/console/loans/${loanId}\\?done=waive-penalty$`))
    expect(await page.getByRole('status').first().textContent()).toBe('减免罚息：已完成并记入操作日志。')
    expect(
      (await h.request('GET', `/v1/loans/${loanId}`, { key: officerKey })).body.outstanding.penaltyFen,
    ).toBe(0)

    // Then a restructure over 60 days.
    await page.locator('#restructure-term').fill('60')
    await page.locator('#restructure-reason').fill('借款人恢复营业，重新安排还款')
    await page.getByRole('button', { name: '核对重组…' }).click()
    await page.waitForURL(new RegExp(`/console/loans/${loanId}/confirm$`))
    expect(await page.locator('#confirm-what').textContent()).toMatch(
      new RegExp(
        `^将贷款 ${loanId} 的欠款（¥[\\d,]+\\.\\d{2}）自今日起重新安排在 60 天内偿还；贷款恢复为正常状态。$`,
      ),
    )
    await look(page, 'confirm-restructure', 'zh-CN')
    await page.getByRole('button', { name: '确认重组' }).click()
    await page.waitForURL(new RegExp(`/console/loans/${loanId}\\?done=restructure$`))
    expect(await page.getByRole('status').first().textContent()).toBe('贷款重组：已完成并记入操作日志。')
    const restructured = (await h.request('GET', `/v1/loans/${loanId}`, { key: officerKey })).body
    expect(restructured).toMatchObject({ status: 'active', daysPastDue: 0, bucket: 'current' })
    expect(await page.locator('#terms').innerText()).toContain('未逾期')
    await look(page, 'loan-after', 'zh-CN')

    // A confirmation overtaken: the loan is written off (through the API) before the officer confirms.
    const other = late[1]!
    await page.goto(`${server.url}/console/loans/${other}`)
    await page.locator('#restructure-term').fill('90')
    await page.locator('#restructure-reason').fill('申请延长还款期')
    await page.getByRole('button', { name: '核对重组…' }).click()
    await page.waitForURL(new RegExp(`/console/loans/${other}/confirm$`))
    const writeOff = await h.request('POST', `/v1/loans/${other}/write-off`, {
      key: officerKey,
      body: { reason: '借款人失联 35 天' },
      headers: { 'Idempotency-Key': 'locales-write-off' },
    })
    expect(writeOff.status).toBe(200)
    await page.getByRole('button', { name: '确认重组' }).click()
    await page.waitForURL(new RegExp(`/console/loans/${other}/actions/restructure$`))
    expect(await page.getByRole('alert').textContent()).toBe(
      `已拒绝：${t.code('refusal', 'loan_not_active')}`,
    )
    expect(await page.locator('#actions-title + p').textContent()).toBe('无可用操作：此贷款已核销。')
    await look(page, 'refused', 'zh-CN')

    // The agri view: statuses, crops, categories and refusals in Chinese; the English detail left out.
    await page.getByRole('link', { name: '农业', exact: true }).click()
    await page.waitForURL(/\/console\/agri$/)
    const attempts = await page
      .locator('#attempts tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) => [...r.querySelectorAll('td')].map((cell) => (cell.textContent ?? '').trim())),
      )
    expect(attempts.map((cells) => cells.slice(3))).toEqual(
      expect.arrayContaining([
        ['购买非农资商品', t.code('refusal', 'category_not_eligible')],
        ['提现', t.code('refusal', 'restricted_funds_not_withdrawable')],
      ]),
    )
    expect(await page.locator('#contracts tbody td').nth(3).textContent()).toBe('水稻')
    expect(await page.locator('#contracts tbody td').nth(4).textContent()).toBe(
      `${t.date(d0)} – ${t.date('2026-03-31')}`,
    )
    expect(await page.locator('#purchases tbody td').nth(4).textContent()).toBe('种子')
    expect(await page.locator(`#wallets a[href="/console/loans/${agriLoanId}"]`).count()).toBe(1)
    await look(page, 'agri', 'zh-CN')

    // The audit log: who, when, what and why, in Chinese.
    await page.getByRole('link', { name: '操作日志', exact: true }).click()
    await page.waitForURL(/\/console\/audit$/)
    const what = await page.locator('#audit-log tbody tr td:nth-child(4)').allTextContents()
    expect(what.slice(0, 3)).toEqual(['核销', '贷款重组', '减免罚息'])
    const waived = page.locator('#audit-log tr[data-action="loan.waive_penalty"]')
    expect(await waived.locator('td.reason').textContent()).toBe(waiveReason)
    expect((await waived.locator('td.details').textContent())!.trim()).toBe(
      `金额：${penalty}；减免前罚息：${penalty}`,
    )
    await look(page, 'audit', 'zh-CN')

    // A loan that is not there: said in Chinese.
    const missing = await page.goto(`${server.url}/console/loans/999999`)
    expect(missing?.status()).toBe(404)
    expect(await page.locator('main').innerText()).toContain('未找到。')
    await look(page, 'not-found', 'zh-CN')

    // The language switch: English on the same page, remembered, and back.
    await page.goto(`${server.url}/console/audit`)
    await page.getByRole('link', { name: 'English' }).click()
    await page.waitForURL(/lang=en/)
    expect(await page.getAttribute('html', 'lang')).toBe('en')
    expect(await page.locator('h1').textContent()).toBe('Audit log')
    await page.getByRole('link', { name: 'Loans', exact: true }).click()
    expect(await page.locator('h1').textContent()).toBe('Loans')
    await page.getByRole('link', { name: '中文' }).click()
    await page.waitForURL(/lang=zh-CN/)
    expect(await page.locator('h1').textContent()).toBe('贷款')
    expect(errors).toEqual([])
    await page.close()
  })
})

describe('the console in English', () => {
  const t = translator('en')

  it('shows the same pages in English, with English words for every status', async () => {
    const { page, errors } = await newPage(browser.context, 'en')
    await signIn(page, t)
    await page.waitForFunction(
      "'Chart' in window && Boolean(window.Chart.getChart(document.getElementById('chart-trend')))",
    )
    expect(await page.locator('h1').textContent()).toBe('Portfolio overview')
    const data = JSON.parse((await page.locator('#chart-data').textContent())!)
    expect(data.text).toMatchObject({ outstanding: 'Outstanding principal', collected: 'Collected' })
    await look(page, 'overview', 'en')

    await page.getByRole('link', { name: 'Loans', exact: true }).click()
    await page.waitForURL(/\/console\/loans$/)
    expect(await page.locator(`#loans tr[data-loan-id="${late[1]}"] td`).nth(2).textContent()).toBe(
      'written off',
    )
    await look(page, 'loans', 'en')

    const loanId = late[2]!
    await page.getByRole('link', { name: `Loan ${loanId}`, exact: true }).click()
    await page.waitForURL(new RegExp(`/console/loans/${loanId}$`))
    expect(await page.locator('#terms').innerText()).toContain('installments, daily')
    await look(page, 'loan', 'en')

    await page.locator('#waive-penalty-reason').fill('Hardship: stall closed by flooding')
    await page.getByRole('button', { name: 'Review waiver…' }).click()
    await page.waitForURL(new RegExp(`/console/loans/${loanId}/confirm$`))
    expect(await page.locator('#confirm-what').textContent()).toMatch(
      new RegExp(
        `^Waive ¥[\\d,]+\\.\\d{2} of the ¥[\\d,]+\\.\\d{2} penalty interest loan ${loanId} owes\\.$`,
      ),
    )
    await look(page, 'confirm-waive', 'en')
    await page.getByRole('link', { name: 'Cancel' }).click()

    await page.locator('#restructure-term').fill('60')
    await page.locator('#restructure-reason').fill('Trading again; new schedule')
    await page.getByRole('button', { name: 'Review restructure…' }).click()
    await page.waitForURL(new RegExp(`/console/loans/${loanId}/confirm$`))
    await look(page, 'confirm-restructure', 'en')
    await page.getByRole('link', { name: 'Cancel' }).click()
    // Nothing was done: only reviewed.
    expect(
      (await h.request('GET', `/v1/loans/${loanId}`, { key: officerKey })).body.daysPastDue,
    ).toBeGreaterThan(30)

    await page.goto(`${server.url}/console/loans/${late[1]}`)
    await look(page, 'loan-written-off', 'en')

    await page.getByRole('link', { name: 'Agri', exact: true }).click()
    await page.waitForURL(/\/console\/agri$/)
    expect(await page.locator('#attempts thead th').last().textContent()).toBe('Detail')
    await look(page, 'agri', 'en')

    await page.getByRole('link', { name: 'Audit log', exact: true }).click()
    await page.waitForURL(/\/console\/audit$/)
    const what = await page.locator('#audit-log tbody tr td:nth-child(4)').allTextContents()
    expect(what.slice(0, 3)).toEqual(['written off', 'restructured', 'penalty waived'])
    await look(page, 'audit', 'en')

    await page.goto(`${server.url}/console/loans/999999`)
    expect(await page.locator('main').innerText()).toContain('Not found.')
    await look(page, 'not-found', 'en')
    expect(errors).toEqual([])
    await page.close()
  })
})
