/**
 * The merchant's page in headless Chromium, in zh-CN and in English: the merchant opens the link the
 * platform asked for, sees its line and what shapes it, prices an amount (by keyboard), reads the
 * agreement, accepts, finds the loan with its schedule, and a day later pays it off with the live
 * quote, exact to the fen. Each state is checked with axe and photographed at 360 and 1280 px.
 */
import { createHash } from 'node:crypto'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { offerOptions } from '../../../src/credit/offer.js'
import { isoDate } from '../../../src/kernel/business-date.js'
import { translator } from '../../../src/i18n/translator.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { launchChromium, serveApp } from '../../support/browser.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean, fundLender } from '../../support/ledger.js'
import { merchantsWithLines, type MerchantWithLine } from '../../support/merchant-lines.js'
import { pageIn, screenshots, seriousAxeViolations } from '../../support/party-pages.js'

let h: Harness
let server: Awaited<ReturnType<typeof serveApp>>
let browser: Awaited<ReturnType<typeof launchChromium>>
let merchants: MerchantWithLine[]
let platformKey: string

beforeAll(async () => {
  h = await startHarness({ worker: true })
  await fundLender(h.ledger, 1_000_000_00)
  merchants = await merchantsWithLines(h, { seed: 4242, merchantCount: 30, minAvailableFen: 300_000 })
  expect(merchants.length).toBeGreaterThanOrEqual(2)
  platformKey = await h.keyFor('platform')
  server = await serveApp(h.app)
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
  await expectLedgerClean(h.db)
  await h?.close()
})

/** snake_case words: a code that reached the page untranslated. */
const RAW_CODE = /\b[a-z]+_[a-z_]+\b/

/** What a reader sees of the page: no untranslated code, no serious or critical axe finding. */
async function checkState(page: Page, name: string, locale: 'zh-CN' | 'en'): Promise<void> {
  expect(await page.getAttribute('html', 'lang')).toBe(locale)
  expect(await page.innerText('main')).not.toMatch(RAW_CODE)
  expect(await seriousAxeViolations(page)).toEqual([])
  await screenshots(page, name, locale)
}

const focusedId = (page: Page) =>
  page.evaluate<string>('document.activeElement ? document.activeElement.id : ""')

const fenOf = async (page: Page, selector: string) => Number(await page.getAttribute(selector, 'data-fen'))

async function businessDate(): Promise<string> {
  return (await h.request('GET', '/v1/system/business-date', { key: platformKey })).body.businessDate
}

describe.each([
  { locale: 'zh-CN' as const, index: 0 },
  { locale: 'en' as const, index: 1 },
])('the merchant page in $locale', ({ locale, index }) => {
  it('opens from the platform’s link, prices, shows the agreement, lends, and pays off with the live quote', async () => {
    const t = translator(locale)
    const merchant = merchants[index]!
    const errors: string[] = []

    // The platform asks for the link; the merchant opens it (no key anywhere in the browser).
    const link = await h.request('POST', '/v1/sign-in-links', {
      key: platformKey,
      body: { role: 'merchant', subjectId: merchant.merchantId },
    })
    expect(link.status).toBe(201)
    const page = await pageIn(browser.context, locale)
    page.on('pageerror', (error) => errors.push(error.message))
    const opened = await page.goto(new URL(new URL(link.body.url).pathname, server.url).toString())
    expect(opened?.status()).toBe(200)
    expect(new URL(page.url()).pathname).toBe('/merchant')
    expect(opened?.headers()['content-security-policy']).toContain("frame-ancestors 'self'")

    // The line, and every reason that shapes it, in the reader's words.
    const offer = (
      await h.request('GET', `/v1/merchants/${merchant.merchantId}/offer`, { key: merchant.key })
    ).body
    expect(await fenOf(page, '#available')).toBe(offer.availableFen)
    expect(offer.reasons.length).toBeGreaterThan(0)
    const reasons = await page.locator('#line-reasons li').allInnerTexts()
    expect(reasons).toEqual(offer.reasons.map((reason: { code: string }) => t.code('reason', reason.code)))
    await checkState(page, 'merchant-line', locale)

    // Pricing an amount, by keyboard only: Tab to the amount, type it, Enter.
    const amountFen = 2_345_67
    for (let tabs = 0; tabs < 20; tabs++) {
      await page.keyboard.press('Tab')
      if ((await focusedId(page)) === 'amount') break
    }
    expect(await focusedId(page)).toBe('amount')
    await page.keyboard.type('2345.67')
    await Promise.all([page.waitForURL(/amount=2345\.67/), page.keyboard.press('Enter')])

    // Each option's price is the offer's and the calculator's, to the fen.
    const today = isoDate(await businessDate())
    const priced = offerOptions(offer.scoreBand, amountFen, today)
    expect(await page.locator('article.option').count()).toBe(priced.length)
    for (const option of priced) {
      const key =
        option.repaymentMethod === 'installment'
          ? `installment-${option.frequency}-${option.termDays}`
          : `sales_share-${option.termDays}`
      const card = page.locator(`article[data-option="${key}"]`)
      expect(Number(await card.locator('[data-role="total"] .money').getAttribute('data-fen'))).toBe(
        option.estimatedTotalRepayFen,
      )
      expect(Number(await card.locator('[data-role="cost"] .money').getAttribute('data-fen'))).toBe(
        option.estimatedTotalRepayFen - amountFen,
      )
      if (option.repaymentMethod === 'installment') {
        const preview = await h.request('POST', '/v1/schedule-preview', {
          key: merchant.key,
          body: {
            principalFen: amountFen,
            annualRateBps: option.annualRateBps,
            repayments: option.repayments,
            frequency: option.frequency,
            method: 'annuity',
            interestBasis: 'act365',
            startDate: today,
          },
        })
        expect(Number(await card.locator('[data-role="apr"]').getAttribute('data-bps'))).toBe(
          preview.body.aprBps,
        )
        expect(preview.body.totalInterestFen).toBe(option.estimatedTotalRepayFen - amountFen)
        expect(await card.locator('tbody tr').count()).toBe(option.repayments)
      }
    }
    await page.locator('article[data-option="installment-weekly-84"] summary').click()
    await checkState(page, 'merchant-prices', locale)

    // The agreement, read before accepting: what the page shows is what its hash is of.
    await page.locator('article[data-option="installment-weekly-84"] a.button').click()
    await page.waitForURL(/\/merchant\/agreement\?/)
    const shownText = await page.locator('#agreement-text').innerText()
    const shownHash = await page.getAttribute('#agreement-text', 'data-terms-hash')
    expect(createHash('sha256').update(shownText, 'utf8').digest('hex')).toBe(shownHash)
    expect(shownText).toContain(t.money(amountFen))
    await checkState(page, 'merchant-agreement', locale)

    // Accept: the loan, its schedule, the money in the wallet.
    await Promise.all([
      page.waitForURL(/\/merchant\/loans\/\d+\?done=accepted$/),
      page.locator('#accept').click(),
    ])
    const loanId = Number(/\/merchant\/loans\/(\d+)/.exec(page.url())![1])
    expect(await page.locator('.notice').innerText()).toBe(t.t('merchant.done.accepted'))
    expect(await fenOf(page, '#loan-principal')).toBe(amountFen)
    expect(await page.locator('#loan-schedule tbody tr').count()).toBe(12)
    const agreement = (await h.request('GET', `/v1/loans/${loanId}/agreement`, { key: merchant.key })).body
    expect(agreement).toMatchObject({
      acceptedVia: 'page',
      language: locale,
      termsHash: shownHash,
      text: shownText,
    })
    await checkState(page, 'merchant-loan', locale)

    // A day later (the platform's sales settle into the wallet, interest accrues), pay it all off.
    const sales = await h.request('PUT', `/v1/merchants/${merchant.merchantId}/sales/${today}`, {
      key: platformKey,
      body: { grossFen: 500_000, refundFen: 0, orderCount: 40 },
    })
    expect([200, 201]).toContain(sales.status)
    const closed = await h.request('POST', '/v1/system/close-of-business', {
      key: h.adminKey,
      body: { days: 1 },
    })
    expect(closed.status).toBe(200)
    await page.goto(`${server.url}/merchant/loans/${loanId}`)
    const quote = (await h.request('GET', `/v1/loans/${loanId}/payoff-quote`, { key: merchant.key })).body
    const loan = (await h.request('GET', `/v1/loans/${loanId}`, { key: merchant.key })).body
    expect(quote.payoffFen).toBeGreaterThan(amountFen) // a night's interest
    expect(loan.outstanding.totalFen).toBe(quote.payoffFen)
    expect(await fenOf(page, '#payoff')).toBe(quote.payoffFen)
    expect(await fenOf(page, '#loan-owed')).toBe(quote.payoffFen)
    const walletBefore = await balanceOf(h.db, accounts.merchantWallet(merchant.merchantId).code)
    expect(await fenOf(page, '#wallet')).toBe(walletBefore)
    await checkState(page, 'merchant-payoff', locale)

    await Promise.all([page.waitForURL(/\?done=paidOff$/), page.locator('#pay-off').click()])
    expect(await page.locator('.notice').first().innerText()).toBe(t.t('merchant.done.paidOff'))
    const after = (await h.request('GET', `/v1/loans/${loanId}`, { key: merchant.key })).body
    expect(after.status).toBe('closed')
    expect(after.outstanding.totalFen).toBe(0)
    expect(await balanceOf(h.db, accounts.merchantWallet(merchant.merchantId).code)).toBe(
      walletBefore - quote.payoffFen,
    )
    expect(await page.locator('#loan-status').innerText()).toContain(t.t('merchant.loanStatus.closed'))
    await checkState(page, 'merchant-paid-off', locale)

    // Back on the line: the loan is listed as repaid.
    await page.getByRole('link', { name: t.t('merchant.loan.back') }).click()
    await page.waitForURL(/\/merchant$/)
    expect(await page.locator(`#loans tr[data-loan="${loanId}"]`).innerText()).toContain(
      t.t('merchant.loanStatus.closed'),
    )
    await checkState(page, 'merchant-home', locale)
    expect(errors).toEqual([])
    await page.close()
  })
})
