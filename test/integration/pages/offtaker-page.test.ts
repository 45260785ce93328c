/**
 * The offtaker's page in Chromium, in zh-CN and in English (issue 18, item 5): two farm loans whose
 * harvests were delivered and are now overdue; the offtaker signs in through a link, sees what it
 * owes and since when, is refused (in its language) when it records more than it owes, and records
 * by keyboard the payment for one delivery, which repays that loan to the fen and pays the farmer
 * the rest. It also sets a signed contract's input plan.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Locale } from '../../../src/i18n/locale.js'
import { translator } from '../../../src/i18n/translator.js'
import { addDays, type IsoDate } from '../../../src/kernel/business-date.js'
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
import { balanceOf, expectLedgerClean, expectReconciled } from '../../support/ledger.js'
import {
  csrfOf,
  openPartySession,
  pageIn,
  screenshots,
  seriousAxeViolations,
  signInLinkPath,
} from '../../support/party-pages.js'

const LOCALES: readonly Locale[] = ['zh-CN', 'en']
const QUANTITY_KG = 2_000
const PRICE_FEN_PER_KG = 300
const PROCEEDS_FEN = QUANTITY_KG * PRICE_FEN_PER_KG
const LOAN_FEN = 300_000
const PREMIUM_FEN = 5_000
/**
 * What each loan owes when its offtaker pays: the first delivery swept the unspent restricted money
 * (the loan less the premium withheld) into the loan, leaving the premium's 5,000 fen and the interest
 * on it (8% a year on the money used, for the 11 nights from disbursement to payment: 12 fen).
 */
const OWED_AT_PAYMENT_FEN = 5_012
const DAYS_LATE = 3

let h: Harness
let parties: FarmParties
let server: Awaited<ReturnType<typeof serveApp>>
let browser: Awaited<ReturnType<typeof launchChromium>>
const farms = {} as Record<Locale, FinancedFarm>
const deliveries = {} as Record<Locale, { deliveryId: number; reference: string; dueOn: IsoDate }>
let plannedContractId: number

beforeAll(async () => {
  h = await startHarness()
  parties = await farmParties(h)
  const start = await businessDate(h, parties.officerKey)
  const terms = {
    window: { from: addDays(start, 1), to: addDays(start, 60) },
    quantityKg: QUANTITY_KG,
    priceFenPerKg: PRICE_FEN_PER_KG,
    loanFen: LOAN_FEN,
    coverageBps: 8_000,
    premiumFen: PREMIUM_FEN,
  }
  for (const locale of LOCALES) farms[locale] = await financedFarm(h, parties, `farmer-${locale}`, terms)
  plannedContractId = (await signedContract(h, parties, 'farmer-planning', { ...terms, crop: 'corn' }))
    .contractId
  // The harvests, delivered the next day; the offtaker's 7 days to pay pass, and 3 more.
  await closeDays(h, parties.officerKey, 1)
  const deliveredOn = await businessDate(h, parties.officerKey)
  for (const locale of LOCALES) {
    deliveries[locale] = await h.created(
      `/v1/offtake-contracts/${farms[locale].contractId}/deliveries`,
      parties.offtaker.key,
      { quantityKg: QUANTITY_KG, deliveredOn },
      `harvest-${locale}`,
    )
  }
  await closeDays(h, parties.officerKey, 7 + DAYS_LATE)
  server = await serveApp(h.app)
  browser = await launchChromium()
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
  if (h) {
    await expectLedgerClean(h.db)
    await expectReconciled(h.db)
  }
  await h?.close()
})

/** What a reader must be able to rely on in every state of the page: axe finds nothing serious, no raw code shows. */
async function expectReadable(page: Page) {
  expect(await seriousAxeViolations(page)).toEqual([])
  expect(await page.innerText('main')).not.toMatch(RAW_CODE)
}

async function signIn(locale: Locale): Promise<Page> {
  const page = await pageIn(browser.context, locale)
  await page.goto(server.url + (await signInLinkPath(h, 'offtaker', parties.offtaker.offtakerId)))
  expect(new URL(page.url()).pathname).toBe('/offtaker')
  expect(await page.getAttribute('html', 'lang')).toBe(locale)
  return page
}

const balance = (code: string) => balanceOf(h.db, code).catch(() => 0)

for (const locale of LOCALES) {
  it(`shows the offtaker what it owes and records its payment, which repays the loan (${locale})`, async () => {
    const t = translator(locale)
    const farm = farms[locale]
    const delivery = deliveries[locale]
    const page = await signIn(locale)

    // What is owed, and since when: the API's receivables, as the page shows them.
    const receivables = (
      await h.request('GET', `/v1/offtakers/${parties.offtaker.offtakerId}/receivables`, {
        key: parties.offtaker.key,
      })
    ).body
    expect(receivables.openFen).toBe(locale === 'zh-CN' ? 2 * PROCEEDS_FEN : PROCEEDS_FEN)
    const facts = await page.locator('#due-facts').innerText()
    expect(facts).toContain(t.money(receivables.openFen))
    expect(facts).toContain(t.t('offtaker.due.bucket.1-30'))
    const row = page.locator('#receivables tbody tr', { hasText: delivery.reference })
    expect(await row.innerText()).toContain(t.t('offtaker.due.late', { count: DAYS_LATE }))
    expect(await row.innerText()).toContain(t.date(delivery.dueOn))
    expect(await row.innerText()).toContain('¥6,000.00')
    await expectReadable(page)
    await screenshots(page, 'offtaker-due', locale)

    // More than it owes for the delivery: refused in the reader's words, nothing recorded.
    const form = page.locator('#pay-form')
    await form.getByLabel(t.t('offtaker.pay.amount')).fill('99,999.00')
    await form.locator(`input[name="delivery-${delivery.deliveryId}"]`).check()
    await form.getByLabel(t.t('offtaker.pay.reference'), { exact: true }).fill(`BANK-${locale}`)
    const [refused] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'POST'),
      form.getByRole('button', { name: t.t('offtaker.pay.submit') }).click(),
    ])
    expect(refused.status()).toBe(422)
    await page.waitForLoadState()
    expect(await page.locator('.error').innerText()).toBe(t.code('refusal', 'payment_exceeds_open_proceeds'))
    expect(await page.locator('#pay-form input[name="amount"]').inputValue()).toBe('99,999.00')
    await expectReadable(page)
    await screenshots(page, 'offtaker-refused', locale)

    // The payment for the delivery, typed and sent by keyboard alone.
    const loanBefore = (await h.request('GET', `/v1/loans/${farm.loanId}`, { key: parties.officerKey })).body
    expect(loanBefore.outstanding.totalFen).toBe(OWED_AT_PAYMENT_FEN)
    const dueBefore = await balance(accounts.offtakerProceedsDue(parties.offtaker.offtakerId).code)
    await page.locator('#pay-form input[name="amount"]').focus()
    await page.keyboard.press('Control+A')
    await page.keyboard.type('6,000.00')
    await page.keyboard.press('Enter')
    await page.waitForURL(/done=paid/)
    const toFarmerFen = PROCEEDS_FEN - OWED_AT_PAYMENT_FEN
    expect(await page.locator('.notice').innerText()).toBe(
      t.t('offtaker.pay.done', { amount: '¥6,000.00', loan: '¥50.12', farmer: t.money(toFarmerFen) }),
    )
    expect(t.money(toFarmerFen)).toBe('¥5,949.88')
    const paid = page.locator('#payments tbody tr', { hasText: `BANK-${locale}` })
    expect(await paid.innerText()).toContain('¥50.12')
    expect(await paid.innerText()).toContain('¥5,949.88')
    expect(await paid.innerText()).toContain(delivery.reference)
    expect(await page.locator('#receivables tbody tr', { hasText: delivery.reference }).count()).toBe(0)

    // The loan is repaid to the fen, the farmer has the rest, and the offtaker owes 6,000 yuan less.
    const loan = (await h.request('GET', `/v1/loans/${farm.loanId}`, { key: parties.officerKey })).body
    expect(loan.status).toBe('closed')
    expect(loan.outstanding.totalFen).toBe(0)
    expect(await balance(accounts.farmerWallet(farm.farmerId).code)).toBe(toFarmerFen)
    expect(dueBefore - (await balance(accounts.offtakerProceedsDue(parties.offtaker.offtakerId).code))).toBe(
      PROCEEDS_FEN,
    )
    const recorded = await h.db
      .selectFrom('offtakerPayments')
      .selectAll()
      .where('reference', '=', `BANK-${locale}`)
      .execute()
    expect(recorded.map((p) => Number(p.amountFen))).toEqual([PROCEEDS_FEN])
    await expectReadable(page)
    await screenshots(page, 'offtaker-paid', locale)

    // The input plan of the contract not yet financed.
    const plan = page.locator(`form[action="/offtaker/contracts/${plannedContractId}/input-plan"]`)
    const wanted = locale === 'zh-CN' ? (['seed', 'fertilizer'] as const) : (['seed'] as const)
    for (const category of ['seed', 'fertilizer'] as const) {
      const box = plan.getByLabel(t.t(`offtaker.categories.${category}`), { exact: true })
      if ((wanted as readonly string[]).includes(category)) await box.check()
      else await box.uncheck()
    }
    await plan.getByRole('button', { name: t.t('offtaker.plan.save') }).click()
    await page.waitForURL(/done=plan/)
    expect(await page.locator('.notice').innerText()).toBe(
      t.t('offtaker.plan.done', { id: plannedContractId }),
    )
    const planned = await h.db
      .selectFrom('offtakeContracts')
      .select('inputPlan')
      .where('id', '=', plannedContractId)
      .executeTakeFirstOrThrow()
    expect(JSON.parse(planned.inputPlan!)).toEqual({ categories: [...wanted] })
    await page.close()
  })
}

it('answers another offtaker’s payment for these deliveries as for ones that do not exist', async () => {
  const other = await h.created('/v1/offtakers', h.adminKey, {
    externalRef: 'o-other',
    name: 'Other grain',
    approved: true,
  })
  const cookie = await openPartySession(h, 'offtaker', other.offtakerId)
  const own = await h.app.request('/offtaker', { headers: { cookie, 'Accept-Language': 'en' } })
  const ownHtml = await own.text()
  expect(ownHtml).toContain(translator('en').t('offtaker.due.nothing'))
  expect(ownHtml).not.toContain('farmer-planning')
  const { deliveryId } = deliveries.en
  const body = new URLSearchParams({
    csrf: csrfOf(ownHtml),
    actionId: '00000000-0000-4000-8000-000000000002',
    amount: '1.00',
    paidOn: await businessDate(h, parties.officerKey),
    reference: 'NOT-OURS',
    [`delivery-${deliveryId}`]: 'on',
  })
  const answer = await h.app.request('/offtaker/payments', {
    method: 'POST',
    headers: { cookie, 'Accept-Language': 'en', 'Content-Type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  })
  expect(answer.status).toBe(404)
  expect(await answer.text()).toContain(translator('en').code('refusal', 'not_found'))
  expect(
    await h.db.selectFrom('offtakerPayments').select('id').where('reference', '=', 'NOT-OURS').execute(),
  ).toEqual([])
})
