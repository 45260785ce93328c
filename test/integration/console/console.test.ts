/**
 * The loan officer console in headless Chromium: an officer signs in with a key, reads the overview
 * (the same figures as `GET /v1/portfolio/summary`), filters the loans to 31-60 days past due, opens
 * one, waives its penalty with a reason through the confirmation step and sees the audit entry; a
 * merchant key is refused; sessions are HttpOnly, SameSite=Strict and CSRF-checked; sign-out ends
 * them. Screenshots of the overview and the loan page are left in `.data/screenshots/`.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { PROJECT_ROOT } from '../../../src/paths.js'
import { launchChromium, serveApp } from '../../support/browser.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean, fundLender, open } from '../../support/ledger.js'
import { merchantsWithLines, type MerchantWithLine } from '../../support/merchant-lines.js'

const SCREENSHOTS = join(PROJECT_ROOT, '.data', 'screenshots')
/** Enough closes for a loan unpaid since day 1 to be 31-60 days past due. */
const DAYS_CLOSED = 35

let h: Harness
let server: Awaited<ReturnType<typeof serveApp>>
let browser: Awaited<ReturnType<typeof launchChromium>>
let officerKey: string
let merchants: MerchantWithLine[]
const late: number[] = []
let paying = 0

beforeAll(async () => {
  h = await startHarness({ worker: true })
  officerKey = await h.keyFor('officer')
  await fundLender(h.ledger, 10_000_000_00)
  await open(h.ledger, accounts.creditLoss())
  merchants = await merchantsWithLines(h, { seed: 31_60, merchantCount: 30, minAvailableFen: 200_000 })
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
      headers: { 'Idempotency-Key': `console-${index}` },
    })
    expect(applied.body.status).toBe('approved')
    if (index === 2) {
      paying = applied.body.loanId
      continue
    }
    late.push(applied.body.loanId)
    // This merchant takes every fen out: nothing can be collected, so the loan ages.
    const payout = await h.request('POST', `/v1/merchants/${who.merchantId}/payouts`, {
      key: who.key,
      body: { amountFen: await balanceOf(h.db, accounts.merchantWallet(who.merchantId).code) },
      headers: { 'Idempotency-Key': `console-payout-${index}` },
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
  await mkdir(SCREENSHOTS, { recursive: true })
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
  await expectLedgerClean(h.db)
  await h?.close()
})

/** A new page that records browser errors (a CSP violation is one). */
async function newPage(): Promise<{ page: Page; errors: string[] }> {
  await browser.context.clearCookies()
  const page = await browser.context.newPage()
  await page.setViewportSize({ width: 1366, height: 900 })
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} ${message.location().url}`)
  })
  return { page, errors }
}

async function signIn(page: Page, key: string): Promise<void> {
  await page.goto(`${server.url}/console`)
  expect(new URL(page.url()).pathname).toBe('/console/login')
  await page.getByLabel('Officer API key').fill(key)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForLoadState('domcontentloaded')
}

describe('the loan officer console', () => {
  it('refuses keys that are not an officer’s', async () => {
    const { page } = await newPage()
    await signIn(page, merchants[0]!.key)
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Only loan officers')
    expect(new URL(page.url()).pathname).toBe('/console/login')
    await signIn(page, h.adminKey)
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Only loan officers')
    await signIn(page, 'mlk_0000000000000000_not-a-key-not-a-key-not-a-key-not-a-key-xx')
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not valid')
    // Without a session nothing but the sign-in page answers.
    const direct = await h.app.request(`/console/loans/${late[0]}`)
    expect(direct.status).toBe(303)
    expect(direct.headers.get('location')).toBe('/console/login')
    await page.close()
  })

  it('shows an officer the summary’s figures, the 31-60 loans, and waives a penalty with an audited reason', async () => {
    const { page, errors } = await newPage()
    await signIn(page, officerKey)
    expect(new URL(page.url()).pathname).toBe('/console')
    const response = await page.reload()
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'")

    // The session cookie: HttpOnly, SameSite=Strict, scoped to the console.
    const cookie = (await browser.context.cookies(`${server.url}/console`)).find(
      (c) => c.name === 'mlc_session',
    )!
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/console' })

    // Every figure is the API's.
    const summary = (await h.request('GET', '/v1/portfolio/summary', { key: officerKey })).body
    const shown = async (name: string) =>
      Number(await page.locator(`[data-figure="${name}"]`).getAttribute('data-value'))
    for (const name of [
      'outstandingPrincipalFen',
      'activeLoans',
      'disbursedTodayFen',
      'collectedTodayFen',
      'par1Bps',
      'par30Bps',
      'par90Bps',
      'nplBps',
    ]) {
      expect(await shown(name), name).toBe(summary[name])
    }
    expect(summary.activeLoans).toBe(3)
    expect(summary.buckets['31-60'].count).toBe(2)
    expect(summary.par30Bps).toBeGreaterThan(0)
    expect(await page.locator('[data-bucket="31-60"] td').first().textContent()).toBe('2')
    // The charts drew (Chart.js from this server, under the CSP) and nothing was refused.
    await page.waitForFunction(
      "'Chart' in window && Boolean(window.Chart.getChart(document.getElementById('chart-trend')))",
    )
    await page.screenshot({ path: join(SCREENSHOTS, 'console-overview.png'), fullPage: true })

    // Loans, filtered to 31-60 days past due with the form, by keyboard.
    await page.getByRole('link', { name: 'Loans', exact: true }).click()
    await page.getByLabel('Bucket').selectOption('31-60')
    await page.getByRole('button', { name: 'Apply filters' }).press('Enter')
    await page.waitForURL(/bucket=31-60/)
    const listed = await page
      .locator('#loans tbody tr')
      .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-loan-id'))))
    expect(listed.sort()).toEqual([...late].sort())
    expect(listed).not.toContain(paying)

    // Open one and waive its whole penalty, with a reason, through the confirmation step.
    const loanId = late[0]!
    await page.getByRole('link', { name: `Loan ${loanId}`, exact: true }).click()
    await page.waitForURL(new RegExp(`/console/loans/${loanId}$`))
    const before = (await h.request('GET', `/v1/loans/${loanId}`, { key: officerKey })).body
    expect(before.bucket).toBe('31-60')
    expect(before.outstanding.penaltyFen).toBeGreaterThan(0)
    expect(Number(await page.locator('#penalty-owed').getAttribute('data-fen'))).toBe(
      before.outstanding.penaltyFen,
    )
    expect(await page.locator('#workflow').textContent()).toContain('COMPLETED')

    const reason = 'Hardship: market stall closed by flooding for two weeks'
    await page
      .getByLabel(/Amount in yuan/)
      .fill(
        `${Math.floor(before.outstanding.penaltyFen / 100)}.${String(before.outstanding.penaltyFen % 100).padStart(2, '0')}`,
      )
    // A reason is required: the browser will not submit without one.
    await page.getByRole('button', { name: 'Review waiver…' }).click()
    expect(new URL(page.url()).pathname).toBe(`/console/loans/${loanId}`)
    expect((await h.request('GET', '/v1/audit-log', { key: officerKey })).body.items).toHaveLength(0)

    await page.locator('#waive-penalty-reason').fill(reason)
    await page.getByRole('button', { name: 'Review waiver…' }).click()
    await page.waitForURL(new RegExp(`/console/loans/${loanId}/confirm$`))
    expect(await page.locator('#confirm-reason').textContent()).toBe(reason)
    // Nothing has happened yet.
    expect(
      (await h.request('GET', `/v1/loans/${loanId}`, { key: officerKey })).body.outstanding.penaltyFen,
    ).toBe(before.outstanding.penaltyFen)
    const confirmation = await page.evaluate<Record<string, string>>(
      "Object.fromEntries(new FormData(document.querySelector('form.confirm')))",
    )
    await page.getByRole('button', { name: 'Confirm: waive penalty' }).click()
    await page.waitForURL(new RegExp(`/console/loans/${loanId}\\?done=waive-penalty$`))
    expect(await page.getByRole('status').first().textContent()).toContain('done and audited')

    const after = (await h.request('GET', `/v1/loans/${loanId}`, { key: officerKey })).body
    expect(after.outstanding.penaltyFen).toBe(0)
    expect(after.outstanding.interestFen).toBe(before.outstanding.interestFen)
    const audit = (
      await h.request('GET', `/v1/audit-log?subjectType=loan&subjectId=${loanId}`, { key: officerKey })
    ).body.items
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({
      action: 'loan.waive_penalty',
      reason,
      details: { amountFen: before.outstanding.penaltyFen },
      businessDate: summary.asOf,
    })
    const officer = await h.db
      .selectFrom('principals')
      .select('id')
      .where('role', '=', 'officer')
      .executeTakeFirstOrThrow()
    expect(audit[0].principalRef).toBe(`p:${officer.id}`)
    // The page shows the entry: who, when, what, why.
    const row = page.locator('#audit tbody tr[data-action="loan.waive_penalty"]')
    await expect.poll(() => row.count()).toBe(1)
    expect(await row.locator('td.reason').textContent()).toBe(reason)
    expect(await row.textContent()).toContain(`p:${officer.id}`)
    expect(await row.locator('time').getAttribute('datetime')).toBe(audit[0].at)
    expect(Number(await page.locator('#penalty-owed').getAttribute('data-fen'))).toBe(0)
    // The waiver is among the loan's transactions and in its ledger postings.
    expect(await page.locator('#transactions tr[data-type="penalty_waiver"]').count()).toBe(1)
    await page.screenshot({ path: join(SCREENSHOTS, 'console-loan.png'), fullPage: true })

    // Submitting the same confirmation again (a double click, a resubmitted form) does nothing twice.
    const again = await page.request.post(`${server.url}/console/loans/${loanId}/actions/waive-penalty`, {
      form: confirmation,
      maxRedirects: 0,
    })
    expect(again.status()).toBe(303)
    expect(
      (await h.request('GET', `/v1/audit-log?subjectType=loan&subjectId=${loanId}`, { key: officerKey })).body
        .items,
    ).toHaveLength(1)
    expect(errors).toEqual([])
    await page.close()
  })

  it('checks the CSRF token on every POST and ends the session at sign-out', async () => {
    const { page } = await newPage()
    await signIn(page, officerKey)
    const cookie = (await browser.context.cookies(`${server.url}/console`)).find(
      (c) => c.name === 'mlc_session',
    )!
    const csrf = await page.locator('input[name="csrf"]').first().inputValue()
    const post = (path: string, body: Record<string, string>) =>
      h.app.request(path, {
        method: 'POST',
        headers: {
          cookie: `mlc_session=${cookie.value}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(body).toString(),
      })
    const forged = { action: 'write-off', reason: 'no token, no action' }
    expect((await post(`/console/loans/${paying}/confirm`, forged)).status).toBe(403)
    expect((await post(`/console/loans/${paying}/confirm`, { ...forged, csrf: 'x'.repeat(43) })).status).toBe(
      403,
    )
    expect((await post(`/console/loans/${paying}/confirm`, { ...forged, csrf })).status).toBe(200)
    expect((await h.request('GET', `/v1/loans/${paying}`, { key: officerKey })).body.status).toBe('active')

    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL(/\/console\/login$/)
    const afterSignOut = await h.app.request('/console', {
      headers: { cookie: `mlc_session=${cookie.value}` },
    })
    expect(afterSignOut.status).toBe(303)
    await page.close()
  })
})
