/**
 * The loan agreement and the consent recorded with the application (API.md, v1 additions, "Pages"):
 * `GET /v1/loans/{loanId}/agreement` answers the exact text the merchant accepted, its SHA-256, the
 * template's version, when, how and in which language; only the merchant, the platform, officers and
 * admin may read it. Accepting on the page books the loan only on the text shown, once per form.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { offerOptions } from '../../../src/credit/offer.js'
import { isoDate } from '../../../src/kernel/business-date.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { LOAN_AGREEMENT_VERSION } from '../../../src/merchant-loans/loan-agreement.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean, fundLender } from '../../support/ledger.js'
import { merchantsWithLines, type MerchantWithLine } from '../../support/merchant-lines.js'
import { csrfOf, openPartySession } from '../../support/party-pages.js'

const ACCEPTED_AT = '2026-01-01T09:30:00.123Z'

let h: Harness
let merchants: MerchantWithLine[]
let businessDate: string

beforeAll(async () => {
  h = await startHarness({ app: { nowMs: () => Date.parse(ACCEPTED_AT) } })
  await fundLender(h.ledger, 1_000_000_00)
  merchants = await merchantsWithLines(h, { seed: 2718, merchantCount: 30, minAvailableFen: 200_000 })
  expect(merchants.length).toBeGreaterThanOrEqual(5)
  businessDate = (await h.request('GET', '/v1/system/business-date', { key: h.adminKey })).body.businessDate
})
afterAll(async () => {
  await expectLedgerClean(h.db)
  await h?.close()
})

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')

/** The text of a `<pre id="agreement-text">` as a browser shows it. */
function agreementTextOf(pageHtml: string): string {
  const raw = /<pre[^>]*id="agreement-text"[^>]*>\n?([\s\S]*?)<\/pre>/.exec(pageHtml)![1]!
  return raw
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&')
}

function hidden(pageHtml: string, name: string): string {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(pageHtml)![1]!
}

const form = (cookie: string) => ({
  'Content-Type': 'application/x-www-form-urlencoded',
  cookie,
})

async function countOf(table: 'loans' | 'loanApplications', merchantId: number): Promise<number> {
  const column = table === 'loans' ? 'borrowerId' : 'merchantId'
  const row = await h.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(column, '=', merchantId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

describe('the loan agreement', () => {
  it('keeps what an API application accepted: English, the booked terms, exact to the fen', async () => {
    const merchant = merchants[0]!
    const applied = await h.request('POST', '/v1/loan-applications', {
      key: merchant.key,
      body: {
        merchantId: merchant.merchantId,
        amountFen: 123_456,
        termDays: 84,
        repaymentMethod: 'installment',
        frequency: 'weekly',
      },
      headers: { 'Idempotency-Key': 'agreement-api-1' },
    })
    expect(applied.status).toBe(201)
    expect(applied.body.status).toBe('approved')
    const loanId = applied.body.loanId

    const answer = await h.request('GET', `/v1/loans/${loanId}/agreement`, { key: merchant.key })
    expect(answer.status).toBe(200)
    expect(Object.keys(answer.body).sort()).toEqual(
      ['acceptedAt', 'acceptedVia', 'language', 'loanId', 'termsHash', 'text', 'version'].sort(),
    )
    expect(answer.body).toMatchObject({
      loanId,
      version: LOAN_AGREEMENT_VERSION,
      acceptedAt: ACCEPTED_AT,
      acceptedVia: 'api',
      language: 'en',
      termsHash: sha256(answer.body.text),
    })

    // The text states the loan as booked: its amount, rate, APR, cost, and each of its 12 payments.
    const loan = (await h.request('GET', `/v1/loans/${loanId}`, { key: merchant.key })).body
    const offer = (
      await h.request('GET', `/v1/merchants/${merchant.merchantId}/offer`, { key: merchant.key })
    ).body
    const weekly = offerOptions(offer.scoreBand, 123_456, isoDate(businessDate)).find(
      (option) => option.repaymentMethod === 'installment' && option.frequency === 'weekly',
    )!
    expect(weekly.repaymentMethod === 'installment' && weekly.aprBps).toBe(loan.aprBps)
    const text: string = answer.body.text
    expect(text).toContain(
      '1. The loan. We lend you ¥1,234.56, paid into your merchant wallet on 1 Jan 2026.',
    )
    expect(text).toContain(
      `You repay in 12 weekly installments, the last on ${formatEn(loan.maturesOn)}. Interest is ${pct(loan.annualRateBps)} a year`,
    )
    const costFen = loan.totalRepayFen - 123_456
    expect(text).toContain(
      `3. Cost. Interest: ${yuan(costFen)}. Total to repay: ${yuan(loan.totalRepayFen)}. APR: ${pct(loan.aprBps)}.`,
    )
    const paymentLines = text.split('\n').filter((line) => /^ {4}\d+\. \d+ \w{3} \d{4}: /.test(line))
    expect(paymentLines).toHaveLength(12)
    loan.schedule.forEach((line: any, index: number) => {
      expect(paymentLines[index]).toBe(
        `    ${index + 1}. ${formatEn(line.dueDate)}: ${yuan(line.principalFen + line.interestFen)} (principal ${yuan(line.principalFen)}, interest ${yuan(line.interestFen)})`,
      )
    })
  })

  it('lets the merchant, the platform, officers and admin read it, and answers 404 to anyone else', async () => {
    const [owner, other] = [merchants[1]!, merchants[2]!]
    const applied = await h.request('POST', '/v1/loan-applications', {
      key: owner.key,
      body: {
        merchantId: owner.merchantId,
        amountFen: 10_000,
        termDays: 180,
        repaymentMethod: 'sales_share',
      },
      headers: { 'Idempotency-Key': 'agreement-api-2' },
    })
    expect(applied.status).toBe(201)
    const path = `/v1/loans/${applied.body.loanId}/agreement`
    const farmer = await h.created('/v1/farmers', h.adminKey, {
      externalRef: 'f-agr',
      name: 'Wu',
      region: 'Hebei',
    })
    const supplier = await h.created('/v1/suppliers', h.adminKey, {
      externalRef: 's-agr',
      name: 'Seeds',
      approved: true,
    })
    const statusFor = async (key: string) => (await h.request('GET', path, { key })).status
    expect(await statusFor(owner.key)).toBe(200)
    expect(await statusFor(await h.keyFor('platform'))).toBe(200)
    expect(await statusFor(await h.keyFor('officer'))).toBe(200)
    expect(await statusFor(h.adminKey)).toBe(200)
    expect(await statusFor(other.key)).toBe(404)
    expect(await statusFor(await h.keyFor('farmer', farmer.farmerId))).toBe(404)
    expect(await statusFor(await h.keyFor('supplier', supplier.supplierId))).toBe(404)
    expect((await h.request('GET', '/v1/loans/999999/agreement', { key: h.adminKey })).status).toBe(404)
    expect((await h.request('GET', path)).status).toBe(401)

    // A sales-share loan's agreement: its fee, no interest, the minimum repayments.
    const text: string = (await h.request('GET', path, { key: owner.key })).body.text
    const loan = (await h.request('GET', `/v1/loans/${applied.body.loanId}`, { key: owner.key })).body
    expect(text).toContain(
      `3. Cost. Fee: ${yuan(loan.totalRepayFen - 10_000)}. Total to repay: ${yuan(loan.totalRepayFen)}.`,
    )
    expect(text).toContain('4. Minimum repayments:')
    const document = (await h.request('GET', '/openapi.json')).body
    expect(document.paths['/v1/loans/{loanId}/agreement'].get.responses['200']).toBeDefined()
  })

  it('books what the page showed, in the language it was read in, once however often it is sent', async () => {
    const merchant = merchants[3]!
    const cookie = await openPartySession(h, 'merchant', merchant.merchantId)
    const shown = await h.app.request('/merchant/agreement?amountFen=50000&option=installment-daily-30', {
      headers: { cookie, 'Accept-Language': 'zh-CN,zh;q=0.9' },
    })
    expect(shown.status).toBe(200)
    const pageHtml = await shown.text()
    const text = agreementTextOf(pageHtml)
    expect(text).toContain('一、借款。我们向您出借 ¥500.00')
    const termsHash = hidden(pageHtml, 'termsHash')
    expect(termsHash).toBe(sha256(text))
    expect(hidden(pageHtml, 'language')).toBe('zh-CN')

    const body = new URLSearchParams({
      csrf: csrfOf(pageHtml),
      action: hidden(pageHtml, 'action'),
      amountFen: '50000',
      option: 'installment-daily-30',
      termsHash,
      language: 'zh-CN',
    }).toString()
    // The merchant switched the page to English meanwhile: the agreement stays the one it read.
    const accept = () =>
      h.app.request('/merchant/loans', {
        method: 'POST',
        headers: { ...form(cookie), 'Accept-Language': 'en' },
        body,
      })
    const [first, second] = await Promise.all([accept(), accept()])
    expect(first.status).toBe(303)
    expect(second.status).toBe(303)
    expect(second.headers.get('location')).toBe(first.headers.get('location'))
    const loanId = Number(
      /^\/merchant\/loans\/(\d+)\?done=accepted$/.exec(first.headers.get('location')!)![1],
    )
    const third = await accept()
    expect(third.headers.get('location')).toBe(first.headers.get('location'))
    expect(await countOf('loans', merchant.merchantId)).toBe(1)
    expect(await countOf('loanApplications', merchant.merchantId)).toBe(1)
    expect(await balanceOf(h.db, accounts.merchantWallet(merchant.merchantId).code)).toBe(50_000)

    const answer = await h.request('GET', `/v1/loans/${loanId}/agreement`, { key: merchant.key })
    expect(answer.body).toEqual({
      loanId,
      version: LOAN_AGREEMENT_VERSION,
      termsHash,
      acceptedAt: ACCEPTED_AT,
      acceptedVia: 'page',
      language: 'zh-CN',
      text,
    })
    // The page shows the accepted agreement back, exactly.
    const again = await h.app.request(`/merchant/loans/${loanId}/agreement`, { headers: { cookie } })
    expect(agreementTextOf(await again.text())).toBe(text)
  })

  it('books nothing when the text shown is not the text of the terms today', async () => {
    const merchant = merchants[4]!
    const cookie = await openPartySession(h, 'merchant', merchant.merchantId)
    const shown = await (
      await h.app.request('/merchant/agreement?amountFen=20000&option=sales_share-180', {
        headers: { cookie, 'Accept-Language': 'en' },
      })
    ).text()
    const refused = await h.app.request('/merchant/loans', {
      method: 'POST',
      headers: { ...form(cookie), 'Accept-Language': 'en' },
      body: new URLSearchParams({
        csrf: csrfOf(shown),
        action: hidden(shown, 'action'),
        amountFen: '20000',
        option: 'sales_share-180',
        termsHash: sha256('another text'),
        language: 'en',
      }).toString(),
    })
    expect(refused.status).toBe(422)
    const page = await refused.text()
    expect(page).toContain('The terms changed since you read the agreement.')
    // The page shows the agreement again, with a new form to accept it.
    expect(hidden(page, 'termsHash')).toBe(hidden(shown, 'termsHash'))
    expect(hidden(page, 'action')).not.toBe(hidden(shown, 'action'))
    expect(await countOf('loans', merchant.merchantId)).toBe(0)
    expect(await countOf('loanApplications', merchant.merchantId)).toBe(0)
  })
})

function yuan(fen: number): string {
  const whole = String(Math.floor(fen / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `¥${whole}.${String(fen % 100).padStart(2, '0')}`
}

function pct(bps: number): string {
  return `${Math.floor(bps / 100)}.${String(bps % 100).padStart(2, '0')}%`
}

function formatEn(date: string): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
  const [year, month, day] = date.split('-').map(Number)
  return `${day} ${months[month! - 1]} ${year}`
}
