/**
 * The merchant's offer page in headless Chromium: the merchant signs in with its key, sees its line,
 * prices an amount and an option, accepts in one click and sees the loan; the API and the ledger
 * then hold exactly that loan and that disbursement.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { offerOptions } from '../../../src/credit/offer.js'
import { isoDate } from '../../../src/kernel/business-date.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { PROJECT_ROOT } from '../../../src/paths.js'
import { launchChromium, serveApp } from '../../support/browser.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean, fundLender } from '../../support/ledger.js'
import { merchantsWithLines, type MerchantWithLine } from '../../support/merchant-lines.js'

const SCREENSHOT_PATH = join(PROJECT_ROOT, '.data', 'screenshots', 'merchant-offer-accepted.png')

let h: Harness
let server: Awaited<ReturnType<typeof serveApp>>
let browser: Awaited<ReturnType<typeof launchChromium>>
let merchants: MerchantWithLine[]

beforeAll(async () => {
  h = await startHarness({ worker: true })
  await fundLender(h.ledger, 1_000_000_00)
  merchants = await merchantsWithLines(h, { seed: 4242, merchantCount: 30, minAvailableFen: 200_000 })
  expect(merchants.length).toBeGreaterThanOrEqual(3)
  server = await serveApp(h.app)
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
  await expectLedgerClean(h.db)
  await h?.close()
})

/** What the page shows for an amount of fen. */
function yuan(fen: number): string {
  const whole = String(Math.floor(fen / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `¥${whole}.${String(fen % 100).padStart(2, '0')}`
}

/** How a merchant types an amount of fen, in yuan. */
function typed(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`
}

/** Opens the page, signs in as the merchant and waits for its line; collects any browser errors. */
async function openSignedIn(merchant: MerchantWithLine): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} ${message.location().url}`)
  })
  const response = await page.goto(`${server.url}/merchant/offer`)
  expect(response?.status()).toBe(200)
  const csp = response?.headers()['content-security-policy'] ?? ''
  expect(csp).toContain("script-src 'self'")
  expect(csp).toContain("frame-ancestors 'self'")
  expect(response?.headers()['x-content-type-options']).toBe('nosniff')

  await page.getByLabel('Merchant ID').fill(String(merchant.merchantId))
  await page.getByLabel('Merchant API key').fill(merchant.key)
  await page.getByLabel('Merchant API key').press('Enter')
  await page.locator('#available[data-fen]').waitFor()
  expect(page.url()).not.toContain(merchant.key)
  return { page, errors }
}

async function loansOf(merchantId: number) {
  return h.db.selectFrom('loans').selectAll().where('borrowerId', '=', merchantId).execute()
}

describe('the merchant offer page', () => {
  it('shows the line, prices the chosen amount and option, and accepts it in one click', async () => {
    const merchant = merchants[0]!
    const offer = await h.request('GET', `/v1/merchants/${merchant.merchantId}/offer`, { key: merchant.key })
    const businessDate = isoDate(
      (await h.request('GET', '/v1/system/business-date', { key: merchant.key })).body.businessDate,
    )
    const { page, errors } = await openSignedIn(merchant)

    expect(await page.locator('#available').textContent()).toBe(yuan(offer.body.availableFen))
    expect(await page.locator('#available').getAttribute('data-fen')).toBe(String(offer.body.availableFen))
    // "What shapes your line:" lists something for every line (it was empty for the best merchants).
    expect(offer.body.reasons.length).toBeGreaterThan(0)
    expect(await page.locator('#line-reasons li').allTextContents()).toEqual(
      offer.body.reasons.map((reason: { text: string }) => reason.text),
    )

    // An amount with fen in it, well inside the line.
    const amountFen = Math.min(offer.body.availableFen - 100, 1_234_56)
    await page.getByLabel('Amount in yuan').fill(typed(amountFen))

    // Sales share first: one fixed fee, the same one the loan would be booked with.
    const priced = offerOptions(offer.body.scoreBand, amountFen, businessDate)
    const salesShare = priced.find((option) => option.repaymentMethod === 'sales_share')!
    await page.getByLabel(/of each day's sales/).check()
    await expect
      .poll(() => page.locator('#total-repay').getAttribute('data-fen'))
      .toBe(String(salesShare.estimatedTotalRepayFen))
    expect(await page.locator('#total-cost').getAttribute('data-fen')).toBe(
      String(salesShare.estimatedTotalRepayFen - amountFen),
    )

    // Then 12 weekly installments: cost and APR are the calculator's for this amount and option.
    const weekly = offer.body.options.find((option: any) => option.frequency === 'weekly')
    await page.getByLabel(/12 weekly installments/).check()
    const preview = await h.request('POST', '/v1/schedule-preview', {
      key: merchant.key,
      body: {
        principalFen: amountFen,
        annualRateBps: weekly.annualRateBps,
        repayments: weekly.repayments,
        frequency: 'weekly',
        method: 'annuity',
        interestBasis: 'act365',
        startDate: businessDate,
      },
    })
    expect(preview.status).toBe(200)
    await expect.poll(() => page.locator('#apr').getAttribute('data-bps')).toBe(String(preview.body.aprBps))
    expect(await page.locator('#apr').textContent()).toBe(`${(preview.body.aprBps / 100).toFixed(2)}%`)
    expect(await page.locator('#total-cost').getAttribute('data-fen')).toBe(
      String(preview.body.totalInterestFen),
    )
    expect(await page.locator('#total-repay').textContent()).toBe(
      yuan(amountFen + preview.body.totalInterestFen),
    )
    expect(await page.locator('#preview-schedule tbody tr').count()).toBe(12)
    // The same price the offer quotes and the loan will be booked with.
    const bookedAs = priced.find(
      (option) => option.repaymentMethod === 'installment' && option.repayments === 12,
    )
    expect(bookedAs).toMatchObject({
      aprBps: preview.body.aprBps,
      estimatedTotalRepayFen: amountFen + preview.body.totalInterestFen,
    })

    await page.getByRole('button', { name: 'Accept' }).click()
    await page.locator('#loan-principal').waitFor()
    expect(await page.locator('#loan-principal').getAttribute('data-fen')).toBe(String(amountFen))
    expect(await page.locator('#loan-title').textContent()).toMatch(/^Loan \d+ · active$/)
    expect(await page.locator('#loan-schedule tbody tr').count()).toBe(12)
    await expect
      .poll(() => page.locator('#status').textContent())
      .toContain(`${yuan(amountFen)} is in your wallet`)
    await expect
      .poll(() => page.locator('#available').getAttribute('data-fen'))
      .toBe(String(offer.body.availableFen - amountFen))
    await expect.poll(() => page.locator('#loans-table tbody tr').count()).toBe(1)
    await mkdir(join(PROJECT_ROOT, '.data', 'screenshots'), { recursive: true })
    await page.screenshot({ path: SCREENSHOT_PATH, fullPage: true })

    const loans = await loansOf(merchant.merchantId)
    expect(loans).toHaveLength(1)
    expect(loans[0]).toMatchObject({ principalFen: amountFen, status: 'active', repayments: 12 })
    expect(await balanceOf(h.db, accounts.merchantWallet(merchant.merchantId).code)).toBe(amountFen)
    const listed = await h.request('GET', `/v1/loans?borrowerId=${merchant.merchantId}`, {
      key: merchant.key,
    })
    expect(listed.body.items).toHaveLength(1)
    expect(listed.body.items[0].principalFen).toBe(amountFen)
    expect(errors).toEqual([])
    await page.close()
  })

  it('shows the refusal for more than the available amount and writes nothing', async () => {
    const merchant = merchants[1]!
    const { page, errors } = await openSignedIn(merchant)
    const aboveFen = merchant.availableFen + 100
    await page.getByLabel('Amount in yuan').fill(typed(aboveFen))
    await expect.poll(() => page.locator('#amount-hint').textContent()).toContain('more than the')
    await page.getByRole('button', { name: 'Accept' }).click()

    const alert = page.getByRole('alert')
    await alert.waitFor()
    expect(await alert.textContent()).toContain('Refused')
    expect(await alert.textContent()).toContain(`At most ${merchant.availableFen} fen is available.`)
    expect(await loansOf(merchant.merchantId)).toHaveLength(0)
    const applications = await h.db
      .selectFrom('loanApplications')
      .select('id')
      .where('merchantId', '=', merchant.merchantId)
      .execute()
    expect(applications).toHaveLength(0)
    expect(await balanceOf(h.db, accounts.merchantWallet(merchant.merchantId).code)).toBe(0)
    // A refused 4xx in the console is the browser logging the fetch, not a page error.
    expect(errors.filter((error) => !error.includes('422'))).toEqual([])
    await page.close()
  })

  it('resends the same application when the answer was lost, and lends once', async () => {
    const merchant = merchants[2]!
    const { page, errors } = await openSignedIn(merchant)
    await page.getByLabel('Amount in yuan').fill('500')
    await page.getByLabel(/30 daily installments/).check()
    await page.locator('#apr[data-bps]').waitFor()

    // The first answer is lost on the way back: the server lent, the page saw a network error.
    const keys: string[] = []
    await page.route('**/v1/loan-applications', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '')
      await route.fetch()
      await route.abort('connectionreset')
    })
    await page.getByRole('button', { name: 'Accept' }).click()
    await page.getByRole('alert').filter({ hasText: 'Press Accept again' }).waitFor()
    expect(await loansOf(merchant.merchantId)).toHaveLength(1)

    await page.unroute('**/v1/loan-applications')
    await page.route('**/v1/loan-applications', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '')
      await route.continue()
    })
    await page.getByRole('button', { name: 'Accept' }).click()
    await page.locator('#loan-principal').waitFor()
    expect(await page.locator('#loan-principal').getAttribute('data-fen')).toBe('50000')

    expect(keys).toHaveLength(2)
    expect(keys[1]).toBe(keys[0])
    expect(keys[0]).toMatch(/^[0-9a-f-]{32,36}$/)
    expect(await loansOf(merchant.merchantId)).toHaveLength(1)
    expect(await balanceOf(h.db, accounts.merchantWallet(merchant.merchantId).code)).toBe(50_000)
    expect(errors.filter((error) => !error.includes('net::ERR'))).toEqual([])
    await page.close()
  })
})
