/**
 * The merchant page over HTTP (no browser): money-moving forms act once per form however often they
 * are sent, a payoff pays only the quote still in force, a loan most of which is repaid can be
 * refilled through the page, other merchants' loans are not there, bad input is a 4xx page, and the
 * page may be framed by whoever the checkout option names, as `/merchant/offer` may.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AdminKey } from '../../../src/access/principal-service.js'
import { loadScorecardModel } from '../../../src/credit/credit-line-service.js'
import { createApp } from '../../../src/http/app.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { createLogger } from '../../../src/log.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean, fundLender } from '../../support/ledger.js'
import { merchantsWithLines, type MerchantWithLine } from '../../support/merchant-lines.js'
import { csrfOf, openPartySession } from '../../support/party-pages.js'

let h: Harness
let merchants: MerchantWithLine[]

beforeAll(async () => {
  h = await startHarness({ worker: true })
  await fundLender(h.ledger, 1_000_000_00)
  merchants = await merchantsWithLines(h, { seed: 1618, merchantCount: 30, minAvailableFen: 300_000 })
  expect(merchants.length).toBeGreaterThanOrEqual(3)
})
afterAll(async () => {
  await expectLedgerClean(h.db)
  await h?.close()
})

function hidden(pageHtml: string, name: string): string {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(pageHtml)![1]!
}

function dataFen(pageHtml: string, id: string): number {
  return Number(new RegExp(`id="${id}" data-fen="(\\d+)"`).exec(pageHtml)![1])
}

/** A signed-in merchant's browser, without the browser. */
function visitor(cookie: string) {
  const headers = { cookie, 'Accept-Language': 'en' }
  return {
    get: (path: string) => h.app.request(path, { headers }),
    post: (path: string, fields: Record<string, string>) =>
      h.app.request(path, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      }),
  }
}

/** Reads the agreement of an option and accepts it; returns the new loan's id. */
async function borrow(
  page: ReturnType<typeof visitor>,
  query: { amountFen: number; option: string; refill?: number },
): Promise<number> {
  const params = new URLSearchParams({ amountFen: String(query.amountFen), option: query.option })
  if (query.refill !== undefined) params.set('refill', String(query.refill))
  const shown = await page.get(`/merchant/agreement?${params.toString()}`)
  expect(shown.status).toBe(200)
  const html = await shown.text()
  const accepted = await page.post('/merchant/loans', {
    csrf: csrfOf(html),
    action: hidden(html, 'action'),
    amountFen: String(query.amountFen),
    option: query.option,
    ...(query.refill !== undefined ? { refill: String(query.refill) } : {}),
    termsHash: hidden(html, 'termsHash'),
    language: 'en',
  })
  expect(accepted.status).toBe(303)
  return Number(/^\/merchant\/loans\/(\d+)\?done=accepted$/.exec(accepted.headers.get('location')!)![1])
}

const walletOf = (merchant: MerchantWithLine) =>
  balanceOf(h.db, accounts.merchantWallet(merchant.merchantId).code)

async function repaymentEntries(loanId: number): Promise<number> {
  const row = await h.db
    .selectFrom('journalEntries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('type', '=', 'repayment')
    .where('loanId', '=', loanId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

describe('the merchant page', () => {
  it('pays part of a loan once per form, pays off only the quote in force, and refills', async () => {
    const merchant = merchants[0]!
    const page = visitor(await openPartySession(h, 'merchant', merchant.merchantId))
    const loanId = await borrow(page, { amountFen: 100_000, option: 'installment-daily-30' })
    expect(await walletOf(merchant)).toBe(100_000)

    // Pay 800 yuan now; the form is sent three times (double click, reload): it pays once.
    const loanPage = await (await page.get(`/merchant/loans/${loanId}`)).text()
    expect(loanPage).not.toContain('See refill prices')
    const payNow = {
      csrf: csrfOf(loanPage),
      action: hidden(loanPage.slice(loanPage.indexOf('/repayments')), 'action'),
      amount: '800',
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      const paid = await page.post(`/merchant/loans/${loanId}/repayments`, payNow)
      expect(paid.status).toBe(303)
      expect(paid.headers.get('location')).toBe(`/merchant/loans/${loanId}?done=paid`)
    }
    expect(await repaymentEntries(loanId)).toBe(1)
    expect(await walletOf(merchant)).toBe(100_000 - 80_000)

    // 80% repaid: the loan page offers a refill, and a payoff quote of what is left.
    const repaid = await (await page.get(`/merchant/loans/${loanId}?done=paid`)).text()
    expect(repaid).toContain('Thank you: your payment is in.')
    expect(repaid).toContain(`href="/merchant?refill=${loanId}"`)
    const quoteFen = dataFen(repaid, 'payoff')
    expect(quoteFen).toBe(20_000)

    // A payoff pressed on a quote no longer in force pays nothing.
    const stale = await page.post(`/merchant/loans/${loanId}/payoff`, {
      csrf: csrfOf(repaid),
      action: hidden(repaid, 'action'),
      quoteFen: String(quoteFen - 1),
    })
    expect(stale.status).toBe(409)
    expect(await stale.text()).toContain('The amount to pay off is now ¥200.00.')
    expect(await walletOf(merchant)).toBe(20_000)

    // The refill: priced for any amount above the payoff, its agreement says what it pays off.
    const prices = await page.get(`/merchant?refill=${loanId}&amount=300`)
    expect(prices.status).toBe(200)
    const pricesHtml = await prices.text()
    expect(pricesHtml).toContain(`Refill loan no. ${loanId}`)
    expect(pricesHtml).toContain(
      `/merchant/agreement?amountFen=30000&amp;option=installment-daily-30&amp;refill=${loanId}`,
    )
    const below = await page.get(`/merchant?refill=${loanId}&amount=200`)
    expect(below.status).toBe(400)
    expect(await below.text()).toContain('A refill must be more than ¥200.00.')

    const refillId = await borrow(page, { amountFen: 30_000, option: 'installment-daily-30', refill: loanId })
    const old = (await h.request('GET', `/v1/loans/${loanId}`, { key: merchant.key })).body
    expect(old.status).toBe('closed')
    expect(await walletOf(merchant)).toBe(20_000 + 30_000 - 20_000)
    const agreement = (await h.request('GET', `/v1/loans/${refillId}/agreement`, { key: merchant.key })).body
    expect(agreement.text).toContain(`It first pays off your loan no. ${loanId} (¥200.00 on `)
    const oldPage = await (await page.get(`/merchant/loans/${loanId}`)).text()
    expect(oldPage).toContain('Paid off by a refill')
    expect(oldPage).toContain('This loan is repaid. Thank you!')
  })

  it('pays off exactly the quote, once, and never more than the wallet holds', async () => {
    const merchant = merchants[1]!
    const page = visitor(await openPartySession(h, 'merchant', merchant.merchantId))
    // A sales-share loan owes its fee from the start: the wallet (the loan only) cannot pay it off.
    const salesShareId = await borrow(page, { amountFen: 50_000, option: 'sales_share-180' })
    const salesSharePage = await (await page.get(`/merchant/loans/${salesShareId}`)).text()
    const salesShare = (await h.request('GET', `/v1/loans/${salesShareId}`, { key: merchant.key })).body
    expect(dataFen(salesSharePage, 'payoff')).toBe(salesShare.totalRepayFen)
    expect(dataFen(salesSharePage, 'payoff')).toBe(salesShare.outstanding.totalFen)
    const short = await page.post(`/merchant/loans/${salesShareId}/payoff`, {
      csrf: csrfOf(salesSharePage),
      action: hidden(salesSharePage, 'action'),
      quoteFen: String(salesShare.totalRepayFen),
    })
    expect(short.status).toBe(422)
    expect(await short.text()).toContain('Your wallet holds ¥500.00: not enough for that.')
    expect((await h.request('GET', `/v1/loans/${salesShareId}`, { key: merchant.key })).body.status).toBe(
      'active',
    )

    // An installment loan paid off the day it was taken owes its principal; sent twice, paid once.
    const loanId = await borrow(page, { amountFen: 40_000, option: 'installment-weekly-84' })
    const loanPage = await (await page.get(`/merchant/loans/${loanId}`)).text()
    expect(dataFen(loanPage, 'payoff')).toBe(40_000)
    const payOff = { csrf: csrfOf(loanPage), action: hidden(loanPage, 'action'), quoteFen: '40000' }
    for (let attempt = 0; attempt < 2; attempt++) {
      const paid = await page.post(`/merchant/loans/${loanId}/payoff`, payOff)
      expect(paid.status).toBe(303)
      expect(paid.headers.get('location')).toBe(`/merchant/loans/${loanId}?done=paidOff`)
    }
    expect(await repaymentEntries(loanId)).toBe(1)
    expect((await h.request('GET', `/v1/loans/${loanId}`, { key: merchant.key })).body.status).toBe('closed')
    expect(await walletOf(merchant)).toBe(50_000)
  })

  it('shows no other merchant’s loan, and answers bad input with a page, never a 500', async () => {
    const [merchant, other] = [merchants[2]!, merchants[0]!]
    const page = visitor(await openPartySession(h, 'merchant', merchant.merchantId))
    const others = (await h.request('GET', `/v1/loans?borrowerId=${other.merchantId}`, { key: other.key }))
      .body
    const otherLoanId = others.items[0].loanId
    expect((await page.get(`/merchant/loans/${otherLoanId}`)).status).toBe(404)
    expect((await page.get(`/merchant/loans/${otherLoanId}/agreement`)).status).toBe(404)
    expect((await page.get('/merchant/loans/abc')).status).toBe(404)
    const home = await (await page.get('/merchant')).text()
    const csrf = csrfOf(home)
    expect(
      (
        await page.post(`/merchant/loans/${otherLoanId}/repayments`, {
          csrf,
          action: 'a'.repeat(20),
          amount: '1',
        })
      ).status,
    ).toBe(404)
    expect((await page.get('/merchant?amount=12.345')).status).toBe(400)
    expect((await page.get('/merchant?amount=0')).status).toBe(400)
    expect((await page.get('/merchant?amount=99999999')).status).toBe(400)
    expect((await page.get('/merchant/agreement?amountFen=10000&option=installment-yearly-9')).status).toBe(
      422,
    )
    expect((await page.get('/merchant/agreement?amountFen=x&option=sales_share-180')).status).toBe(422)
    const garbage = await page.post('/merchant/loans', {
      csrf,
      action: 'short',
      amountFen: '10000',
      option: 'sales_share-180',
      termsHash: 'nope',
    })
    expect(garbage.status).toBe(400)
    expect(
      (await h.db.selectFrom('loans').select('id').where('borrowerId', '=', merchant.merchantId).execute())
        .length,
    ).toBe(0)
  })

  it('may be framed where the checkout option says, like the offer page, and by itself otherwise', async () => {
    const cookie = await openPartySession(h, 'merchant', merchants[2]!.merchantId)
    const own = await h.app.request('/merchant', { headers: { cookie } })
    expect(own.headers.get('content-security-policy')).toContain("frame-ancestors 'self'")
    expect(own.headers.get('content-security-policy')).toContain("script-src 'self'")
    const checkout = createApp({
      db: h.db,
      ledger: h.ledger,
      secrets: h.secrets,
      scorecard: loadScorecardModel(),
      temporal: h.client,
      taskQueue: h.taskQueue,
      log: createLogger('silent'),
      adminKey: new AdminKey(h.adminKey),
      merchantFrameAncestors: ['https://checkout.example'],
    })
    const framed = await checkout.request('/merchant', { headers: { cookie } })
    expect(framed.status).toBe(200)
    expect(framed.headers.get('content-security-policy')).toContain(
      'frame-ancestors https://checkout.example',
    )
    const offer = await checkout.request('/merchant/offer')
    expect(offer.headers.get('content-security-policy')).toContain('frame-ancestors https://checkout.example')
    expect(offer.headers.get('content-security-policy')).toContain("form-action 'none'")
  })
})
