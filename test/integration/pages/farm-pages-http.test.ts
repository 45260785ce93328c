/**
 * The farmer's and the supplier's pages over HTTP, for what a browser journey does not show: each
 * party sees and acts on its own records only (others' answer 404, as in the API), a supplier finds
 * only farmers it may sell to, a form sent twice moves money once, refusals come back as 4xx pages in
 * the reader's language, and the pages are small and script-free.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getWallet } from '../../../src/agri/restricted-wallet.js'
import { translator } from '../../../src/i18n/translator.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
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
import { csrfOf, openPartySession } from '../../support/party-pages.js'

const SEED_FEN = 10_000
const en = translator('en')
const zh = translator('zh-CN')

let h: Harness
let backers: Backers
let shop: Shop
let otherShop: Shop
let unapprovedShop: Shop
let farm: Farm
let otherFarm: Farm
let plannedFarm: Farm

beforeAll(async () => {
  h = await startHarness()
  await fundLender(h.ledger, 10_000_000)
  backers = await farmBackers(h, 'http')
  const seed = [{ sku: 'seed-pack', name: 'Seed pack', category: 'seed', priceFen: SEED_FEN }]
  shop = await shopWithProducts(h, { externalRef: 'shop-a', name: 'Shop A' }, seed)
  otherShop = await shopWithProducts(h, { externalRef: 'shop-b', name: 'Shop B' }, seed)
  unapprovedShop = await shopWithProducts(h, { externalRef: 'shop-c', name: 'Shop C', approved: false }, [])
  const terms = {
    loanFen: 500_000,
    premiumFen: 5_000,
    deliveryFrom: TEST_INITIAL_BUSINESS_DATE,
    deliveryTo: '2026-06-30',
  }
  farm = await fundedFarm(h, backers, { externalRef: 'ref-li', name: 'Li' }, terms)
  otherFarm = await fundedFarm(h, backers, { externalRef: 'ref-wang', name: 'Wang' }, terms)
  // Its offtaker names Shop B's seed as the only input: Shop A may not sell to this farmer.
  plannedFarm = await fundedFarm(
    h,
    backers,
    { externalRef: 'ref-zhao', name: 'Zhao' },
    {
      ...terms,
      inputPlan: { categories: ['seed'], skus: [{ supplierId: otherShop.supplierId, sku: 'seed-pack' }] },
    },
  )
})

afterAll(async () => {
  if (h) {
    await expectLedgerClean(h.db)
    await expectReconciled(h.db)
  }
  await h?.close()
})

type Session = { cookie: string; csrf: string }

async function session(role: 'farmer' | 'supplier', subjectId: number): Promise<Session> {
  const cookie = await openPartySession(h, role, subjectId)
  const page = await get(cookie, `/${role}`)
  expect(page.status).toBe(200)
  return { cookie, csrf: csrfOf(await page.text()) }
}

const get = (cookie: string, path: string, lang = 'en') =>
  h.app.request(path, { headers: { cookie, 'Accept-Language': lang } })

function post(s: Session, path: string, fields: Record<string, string>, lang = 'en') {
  return h.app.request(path, {
    method: 'POST',
    headers: {
      cookie: s.cookie,
      'Content-Type': 'application/x-www-form-urlencoded',
      'Accept-Language': lang,
    },
    body: new URLSearchParams({ csrf: s.csrf, ...fields }).toString(),
  })
}

const actionOf = (html: string) => /name="action" value="([^"]+)"/.exec(html)![1]!
const restricted = async (f: Farm) => (await getWallet(h.db, f.loanId)).balanceFen
/** hono/html escapes `'` in what a page shows. */
const shown = (text: string) => text.replace(/'/g, '&#39;')

/** Rings up `packs` of seed for `farmerId` through the supplier's page; the request's id. */
async function ringUp(s: Session, farmerId: number, packs: number, action?: string): Promise<number> {
  const form = await get(s.cookie, `/supplier/sale?farmer=${farmerId}`)
  expect(form.status).toBe(200)
  const answer = await post(s, '/supplier/sale', {
    farmer: String(farmerId),
    action: action ?? actionOf(await form.text()),
    'qty:seed-pack': String(packs),
  })
  expect(answer.status).toBe(303)
  return Number(/\/supplier\/requests\/(\d+)\?done=rungUp$/.exec(answer.headers.get('location')!)![1])
}

describe('the supplier’s counter', () => {
  it('finds only farmers the supplier may sell to, by number or reference', async () => {
    const s = await session('supplier', shop.supplierId)
    const byRef = await get(s.cookie, '/supplier/sale?farmer=ref-li')
    expect(byRef.status).toBe(200)
    expect(await byRef.text()).toContain(shown(en.t('supplier.counter.saleFor', { name: 'Li' })))
    const byId = await get(s.cookie, `/supplier/sale?farmer=${farm.farmerId}`)
    expect(await byId.text()).toContain(shown(en.t('supplier.counter.saleFor', { name: 'Li' })))

    // A farmer without a loan, one whose plan names another shop, and no one at all answer alike.
    const noLoan = await h.created('/v1/farmers', h.adminKey, {
      externalRef: 'ref-no-loan',
      name: 'Sun',
      region: 'Jilin',
    })
    for (const query of [
      'ref-no-loan',
      String(noLoan.farmerId),
      'ref-zhao',
      String(plannedFarm.farmerId),
      'nobody',
    ]) {
      const answer = await get(s.cookie, `/supplier/sale?farmer=${encodeURIComponent(query)}`, 'zh-CN')
      expect(answer.status, query).toBe(404)
      const text = await answer.text()
      expect(text).toContain(zh.t('supplier.counter.notFound'))
      expect(text).not.toContain('Sun')
      expect(text).not.toContain('Zhao')
    }
    // Shop B, which the plan names, may sell to that farmer.
    const b = await session('supplier', otherShop.supplierId)
    expect((await get(b.cookie, '/supplier/sale?farmer=ref-zhao')).status).toBe(200)

    // An unapproved shop is told why, and sells to no one.
    const c = await session('supplier', unapprovedShop.supplierId)
    expect(await (await get(c.cookie, '/supplier')).text()).toContain(shown(en.t('supplier.notApproved')))
    const refused = await get(c.cookie, '/supplier/sale?farmer=ref-li')
    expect(refused.status).toBe(422)
    expect(await refused.text()).toContain(en.code('refusal', 'supplier_not_approved'))
  })

  it('rings up one request for a form sent twice, and refuses a sale with nothing in it', async () => {
    const s = await session('supplier', shop.supplierId)
    const form = await (await get(s.cookie, `/supplier/sale?farmer=${farm.farmerId}`)).text()
    const action = actionOf(form)
    const first = await ringUp(s, farm.farmerId, 1, action)
    expect(await ringUp(s, farm.farmerId, 1, action)).toBe(first)
    const empty = await post(s, '/supplier/sale', {
      farmer: String(farm.farmerId),
      action,
      'qty:seed-pack': '0',
    })
    expect(empty.status).toBe(400)
    expect(await empty.text()).toContain(en.t('supplier.counter.empty'))
    const notANumber = await post(s, '/supplier/sale', {
      farmer: String(farm.farmerId),
      action,
      'qty:seed-pack': '1.5',
    })
    expect(notANumber.status).toBe(400)
    const tooMuch = await post(s, '/supplier/sale', {
      farmer: String(farm.farmerId),
      action: randomUUID(),
      'qty:seed-pack': '999999',
    })
    expect(tooMuch.status).toBe(422)
    expect(await tooMuch.text()).toContain(en.code('refusal', 'insufficient_restricted_balance'))
    // The farmer refuses the one request: it is cancelled, and the supplier's code is refused.
    const li = await session('farmer', farm.farmerId)
    expect((await post(li, `/farmer/requests/${first}/cancel`, {})).headers.get('location')).toBe(
      '/farmer?done=refused',
    )
    const request = await get(s.cookie, `/supplier/requests/${first}`, 'zh-CN')
    expect(await request.text()).toContain(zh.t('farm.requestStatus.cancelled'))
    const late = await post(s, `/supplier/requests/${first}/confirm`, { code: '123456' }, 'zh-CN')
    expect(late.status).toBe(422)
    expect(await late.text()).toContain(zh.code('refusal', 'purchase_request_cancelled'))
  })
})

describe('each party’s own records', () => {
  it('answers 404 for another party’s request or sale, and moves no money', async () => {
    const a = await session('supplier', shop.supplierId)
    const b = await session('supplier', otherShop.supplierId)
    const requestId = await ringUp(a, farm.farmerId, 2)
    const before = await restricted(farm)

    expect((await get(b.cookie, `/supplier/requests/${requestId}`)).status).toBe(404)
    expect((await post(b, `/supplier/requests/${requestId}/confirm`, { code: '123456' })).status).toBe(404)
    expect((await post(b, `/supplier/requests/${requestId}/cancel`, {})).status).toBe(404)
    const wang = await session('farmer', otherFarm.farmerId)
    expect((await post(wang, `/farmer/requests/${requestId}/confirm`, {})).status).toBe(404)
    expect((await post(wang, `/farmer/requests/${requestId}/cancel`, {})).status).toBe(404)
    expect(await (await get(wang.cookie, '/farmer')).text()).not.toContain('Shop A')
    expect(await restricted(farm)).toBe(before)

    // Li pays it; twice is once.
    const li = await session('farmer', farm.farmerId)
    const farmerPage = await (await get(li.cookie, '/farmer')).text()
    expect(farmerPage).toMatch(/class="code">\d{3} \d{3}</)
    for (let i = 0; i < 2; i++) {
      const paid = await post(li, `/farmer/requests/${requestId}/confirm`, {})
      expect(paid.status).toBe(303)
    }
    expect(await restricted(farm)).toBe(before - 2 * SEED_FEN)
    const purchaseId = Number(
      (
        await h.db
          .selectFrom('purchaseRequests')
          .select('purchaseId')
          .where('id', '=', requestId)
          .executeTakeFirstOrThrow()
      ).purchaseId,
    )
    expect((await get(b.cookie, `/supplier/sales/${purchaseId}`)).status).toBe(404)
    expect(
      (await post(b, `/supplier/sales/${purchaseId}/refund`, { before: '0', 'back:0': '1' })).status,
    ).toBe(404)

    // Shop A refunds one pack; the same form sent again refunds nothing more.
    const sale = await (await get(a.cookie, `/supplier/sales/${purchaseId}`)).text()
    expect(sale).toContain('name="before" value="0"')
    for (const expected of [`done=refunded&amount=${SEED_FEN}`, 'done=unchanged']) {
      const refunded = await post(a, `/supplier/sales/${purchaseId}/refund`, { before: '0', 'back:0': '1' })
      expect(refunded.status).toBe(303)
      expect(refunded.headers.get('location')).toBe(`/supplier/sales/${purchaseId}?${expected}`)
    }
    expect(await restricted(farm)).toBe(before - SEED_FEN)
    const tooMany = await post(a, `/supplier/sales/${purchaseId}/refund`, {
      before: String(SEED_FEN),
      'back:0': '5',
    })
    expect(tooMany.status).toBe(422)
    expect(await tooMany.text()).toContain(en.code('refusal', 'refund_exceeds_purchase'))
  })
})

describe('the farmer’s free money', () => {
  it('pays out once per form, never more than the wallet holds, and says so in the reader’s language', async () => {
    // A harvest on a contract with no loan: all of it reaches the free wallet once the offtaker pays.
    const spare = await h.created('/v1/offtake-contracts', backers.offtaker.key, {
      farmerId: otherFarm.farmerId,
      crop: 'rice',
      quantityKg: 1_000,
      priceFenPerKg: 100,
      deliveryFrom: TEST_INITIAL_BUSINESS_DATE,
      deliveryTo: '2026-06-30',
    })
    const delivered = await h.created(
      `/v1/offtake-contracts/${spare.contractId}/deliveries`,
      backers.offtaker.key,
      { quantityKg: 500, deliveredOn: TEST_INITIAL_BUSINESS_DATE },
      'spare-harvest',
    )
    await h.created(
      '/v1/offtaker-payments',
      backers.offtaker.key,
      {
        offtakerId: backers.offtaker.offtakerId,
        amountFen: delivered.proceedsFen,
        paidOn: TEST_INITIAL_BUSINESS_DATE,
        reference: delivered.reference,
      },
      'spare-harvest-paid',
    )
    const wallet = accounts.farmerWallet(otherFarm.farmerId).code
    expect(await balanceOf(h.db, wallet)).toBe(50_000)

    const wang = await session('farmer', otherFarm.farmerId)
    const page = await (await get(wang.cookie, '/farmer', 'zh-CN')).text()
    expect(page).toContain(zh.money(50_000))
    const action = actionOf(page)
    for (let i = 0; i < 2; i++) {
      const paid = await post(wang, '/farmer/payouts', { action, amount: '120.50' }, 'zh-CN')
      expect(paid.headers.get('location')).toBe('/farmer?done=payout')
    }
    expect(await balanceOf(h.db, wallet)).toBe(50_000 - 12_050)

    const tooMuch = await post(wang, '/farmer/payouts', { action: randomUUID(), amount: '1000' }, 'zh-CN')
    expect(tooMuch.status).toBe(422)
    const refusedPage = await tooMuch.text()
    expect(refusedPage).toContain(zh.code('refusal', 'insufficient_funds'))
    expect(refusedPage).toContain('value="1000"')
    for (const amount of ['12.345', '-5', 'abc', '0']) {
      const bad = await post(wang, '/farmer/payouts', { action: randomUUID(), amount }, 'zh-CN')
      expect(bad.status, amount).toBe(400)
      expect(await bad.text()).toContain(zh.t('farmer.wallet.badAmount'))
    }
    const noAction = await post(wang, '/farmer/payouts', { action: 'x', amount: '1' }, 'zh-CN')
    expect(noAction.status).toBe(400)
    expect(await balanceOf(h.db, wallet)).toBe(50_000 - 12_050)
  })
})

describe('page weight', () => {
  it('serves small pages without script, under the pages’ CSP', async () => {
    for (const [role, id] of [
      ['farmer', farm.farmerId],
      ['supplier', shop.supplierId],
    ] as const) {
      const cookie = await openPartySession(h, role, id)
      const page = await get(cookie, `/${role}`)
      const body = await page.text()
      expect(body).not.toContain('<script')
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
      expect(Buffer.byteLength(body)).toBeLessThan(40_000)
    }
  })
})
