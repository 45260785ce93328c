/**
 * The insurer's page in Chromium, in zh-CN and in English (issue 18, item 5): farm loans default with
 * nothing delivered and their claims open; the insurer signs in through a link, accepts part of a
 * claim, pays it by keyboard (the exact fen on the page, in the claim and in the ledger), and a
 * colleague's stale form deciding the same claim again is refused in the reader's language.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { AGRI_POLICY } from '../../../src/agri/agri-policy.js'
import { claimCashFen } from '../../../src/agri/claims.js'
import type { Locale } from '../../../src/i18n/locale.js'
import { translator } from '../../../src/i18n/translator.js'
import { addDays, daysBetween, isoDate } from '../../../src/kernel/business-date.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { launchChromium, serveApp } from '../../support/browser.js'
import {
  businessDate,
  closeDays,
  farmParties,
  financedFarm,
  RAW_CODE,
  signedContract,
  type FarmParties,
  type FinancedFarm,
} from '../../support/farm-setup-pages.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean } from '../../support/ledger.js'
import {
  csrfOf,
  openPartySession,
  pageIn,
  screenshots,
  seriousAxeViolations,
  signInLinkPath,
} from '../../support/party-pages.js'

const LOCALES: readonly Locale[] = ['zh-CN', 'en']
const WINDOW = { from: isoDate('2026-01-02'), to: isoDate('2026-01-10') }
// As in test/integration/agri/claims.test.ts: each loan owes 206,385 fen at default, 80% of it claimed.
const TERMS = {
  window: WINDOW,
  quantityKg: 10_000,
  priceFenPerKg: 300,
  loanFen: 1_000_000,
  coverageBps: 8_000,
  premiumFen: 200_000,
}
const CLAIM_FEN = 165_108
const PART_FEN = 80_000

type Claim = { claimId: number; loanId: number; claimFen: number; status: string }

let h: Harness
let parties: FarmParties
let server: Awaited<ReturnType<typeof serveApp>>
let browser: Awaited<ReturnType<typeof launchChromium>>
const farms = {} as Record<Locale | 'waiting', FinancedFarm>
const claims = {} as Record<Locale | 'waiting', Claim>

beforeAll(async () => {
  h = await startHarness()
  parties = await farmParties(h)
  for (const name of [...LOCALES, 'waiting'] as const)
    farms[name] = await financedFarm(h, parties, `farmer-${name}`, TERMS)
  // A contract whose farmer asked for a guarantee the insurer has not written yet.
  const asking = await signedContract(h, parties, 'farmer-asking', {
    ...TERMS,
    window: { from: addDays(WINDOW.from, 60), to: addDays(WINDOW.to, 90) },
  })
  await h.created(
    `/v1/offtake-contracts/${asking.contractId}/guarantee-requests`,
    await h.keyFor('farmer', asking.farmerId),
    { insurerId: parties.insurer.insurerId },
  )
  // Nothing is delivered: the window closes, the grace period ends, every loan defaults with a claim.
  const until = addDays(WINDOW.to, AGRI_POLICY.defaultGraceDays + 1)
  await closeDays(h, parties.officerKey, daysBetween(await businessDate(h, parties.officerKey), until))
  const open = (await h.request('GET', '/v1/guarantee-claims?status=open', { key: parties.insurer.key })).body
    .items as Claim[]
  for (const name of Object.keys(farms) as Array<keyof typeof farms>) {
    claims[name] = open.find((claim) => claim.loanId === farms[name].loanId)!
    expect(claims[name]).toMatchObject({ claimFen: CLAIM_FEN, status: 'open' })
  }
  server = await serveApp(h.app)
  browser = await launchChromium()
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
  if (h) await expectLedgerClean(h.db)
  await h?.close()
})

/** What a reader must be able to rely on in every state of the page: axe finds nothing serious, no raw code shows. */
async function expectReadable(page: Page) {
  expect(await seriousAxeViolations(page)).toEqual([])
  expect(await page.innerText('main')).not.toMatch(RAW_CODE)
}

async function signIn(locale: Locale): Promise<Page> {
  const page = await pageIn(browser.context, locale)
  await page.goto(server.url + (await signInLinkPath(h, 'insurer', parties.insurer.insurerId)))
  expect(new URL(page.url()).pathname).toBe('/insurer')
  expect(await page.getAttribute('html', 'lang')).toBe(locale)
  return page
}

const claimRow = async (claimId: number) =>
  h.db.selectFrom('guaranteeClaims').selectAll().where('id', '=', claimId).executeTakeFirstOrThrow()

for (const locale of LOCALES) {
  it(`lets the insurer accept part of a claim, pay it, and not decide it twice (${locale})`, async () => {
    const t = translator(locale)
    const { claimId, loanId } = claims[locale]
    const page = await signIn(locale)
    const main = page.locator('main')
    await expect.poll(() => main.innerText()).toContain(t.t('insurer.claims.title'))
    const facts = await page.locator('#claim-facts').innerText()
    expect(facts).toContain(t.t('insurer.claims.toDecide'))
    expect(await page.locator(`#claim-${claimId}`).innerText()).toContain(
      t.t('insurer.decide.accept', { amount: '¥1,651.08' }),
    )
    expect(await page.locator('#requests').innerText()).toContain(t.t('insurer.requests.noPolicy'))
    expect(await page.locator('#settlements tbody tr').count()).toBe(1)
    await expectReadable(page)
    await screenshots(page, 'insurer-claims', locale)

    // A colleague's tab, opened before the decision.
    const stale = await pageIn(browser.context, locale)
    await stale.goto(`${server.url}/insurer`)

    const decide = page.locator(`#claim-${claimId}`)
    await decide.getByLabel(t.t('insurer.decide.partial'), { exact: true }).check()
    await decide.getByLabel(t.t('insurer.decide.amount')).fill('800.00')
    await decide.getByLabel(t.t('insurer.decide.reason')).fill('Half the fields were planted')
    await decide.getByRole('button', { name: t.t('insurer.decide.submit') }).click()
    await page.waitForURL(/done=decided/)
    expect(await page.locator('.notice').innerText()).toBe(
      t.t('insurer.decide.done.partial', { id: claimId, amount: '¥800.00' }),
    )
    expect(await claimRow(claimId)).toMatchObject({
      status: 'accepted',
      decision: 'partial',
      acceptedFen: PART_FEN,
      decisionReason: 'Half the fields were planted',
    })

    // The payment form offers what is left to pay; the insurer records it by keyboard alone.
    const cash = () => balanceOf(h.db, accounts.lenderCash().code).catch(() => 0)
    const cashBefore = await cash()
    const pay = page.locator(`#claim-${claimId}`)
    expect(await pay.innerText()).toContain(t.t('insurer.pay.title', { id: claimId }))
    expect(await pay.getByLabel(t.t('insurer.pay.amount')).inputValue()).toBe('800.00')
    await pay.getByLabel(t.t('insurer.pay.amount')).focus()
    await page.keyboard.press('Tab')
    await page.keyboard.type(`BANK-${locale}`)
    await page.keyboard.press('Enter')
    await page.waitForURL(/done=paid/)
    expect(await page.locator('.notice').innerText()).toBe(
      t.t('insurer.pay.donePaid', { id: claimId, paid: '¥800.00' }),
    )
    const row = page.locator('#claims tbody tr', { hasText: t.t('insurer.number', { id: claimId }) })
    expect(await row.innerText()).toContain(t.t('insurer.claims.statuses.paid'))
    expect(await row.innerText()).toContain('¥800.00')
    expect(await claimRow(claimId)).toMatchObject({ status: 'paid', paidFen: PART_FEN })
    expect(await claimCashFen(h.db, claimId)).toBe(PART_FEN)
    expect((await cash()) - cashBefore).toBe(PART_FEN)
    // Accepted in part and paid: what the loan still owed is written off.
    const loan = (await h.request('GET', `/v1/loans/${loanId}`, { key: parties.officerKey })).body
    expect(loan.status).toBe('written_off')
    await expectReadable(page)
    await screenshots(page, 'insurer-paid', locale)

    // The colleague's stale form decides the same claim again: refused, in the reader's words.
    const again = stale.locator(`#claim-${claimId}`)
    await again.getByLabel(t.t('insurer.decide.reject'), { exact: true }).check()
    await again.getByLabel(t.t('insurer.decide.reason')).fill('Not covered')
    const [answer] = await Promise.all([
      stale.waitForResponse((response) => response.request().method() === 'POST'),
      again.getByRole('button', { name: t.t('insurer.decide.submit') }).click(),
    ])
    expect(answer.status()).toBe(409)
    await stale.waitForLoadState()
    expect(await stale.locator('.error').innerText()).toBe(t.code('refusal', 'claim_already_decided'))
    expect(await claimRow(claimId)).toMatchObject({ status: 'paid', decision: 'partial' })
    await expectReadable(stale)
    await screenshots(stale, 'insurer-refused', locale)
    await stale.close()
    await page.close()
  })
}

it('answers another insurer’s form on a claim as one that does not exist, and decides nothing', async () => {
  const other = await h.created('/v1/insurers', h.adminKey, {
    externalRef: 'i-other',
    name: 'Other',
    approved: true,
  })
  const cookie = await openPartySession(h, 'insurer', other.insurerId)
  const own = await h.app.request('/insurer', { headers: { cookie, 'Accept-Language': 'en' } })
  const ownHtml = await own.text()
  expect(ownHtml).toContain(translator('en').t('insurer.claims.none'))
  expect(ownHtml).not.toContain('farmer-waiting')
  const { claimId } = claims.waiting
  const body = new URLSearchParams({
    csrf: csrfOf(ownHtml),
    actionId: '00000000-0000-4000-8000-000000000001',
    decision: 'reject',
    reason: 'Not ours',
  })
  const answer = await h.app.request(`/insurer/claims/${claimId}/decision`, {
    method: 'POST',
    headers: { cookie, 'Accept-Language': 'zh-CN', 'Content-Type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  })
  expect(answer.status).toBe(404)
  expect(await answer.text()).toContain(translator('zh-CN').code('refusal', 'not_found'))
  expect(await claimRow(claimId)).toMatchObject({ status: 'open', decision: null })
})
