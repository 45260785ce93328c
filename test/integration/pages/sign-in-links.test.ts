/**
 * Sign-in links (API.md, v1 additions, "Pages"): single use, 10 minutes, the platform only for
 * merchants, a session scoped to the one page it opened, CSRF on every form, and the page in the
 * reader's language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../../support/harness.js'
import { csrfOf, openPartySession, signInLinkPath } from '../../support/party-pages.js'

let h: Harness
let merchantId: number
let farmerId: number

beforeAll(async () => {
  h = await startHarness({ worker: false })
  const merchant = await h.created('/v1/merchants', h.adminKey, {
    externalRef: 'm-links',
    name: 'Links shop',
    openedOn: '2025-06-01',
  })
  merchantId = merchant.merchantId
  const farmer = await h.created('/v1/farmers', h.adminKey, {
    externalRef: 'f-links',
    name: 'Li',
    region: 'Jilin',
  })
  farmerId = farmer.farmerId
})
afterAll(async () => {
  await h?.close()
})

const get = (path: string, headers: Record<string, string> = {}) => h.app.request(path, { headers })

describe('sign-in links', () => {
  it('opens the party’s page once; the second use and an expired link say so', async () => {
    const path = await signInLinkPath(h, 'merchant', merchantId)
    const first = await get(path)
    expect(first.status).toBe(303)
    expect(first.headers.get('location')).toBe('/merchant')
    const cookie = first.headers.getSetCookie().find((c) => c.startsWith('mlp_session='))!
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    expect(cookie).toMatch(/Path=\/merchant/)
    expect(cookie).not.toMatch(/Max-Age|Expires/)

    const again = await get(path, { 'Accept-Language': 'en' })
    expect(again.status).toBe(410)
    expect(await again.text()).toContain('already been used')
    const againZh = await get(path, { 'Accept-Language': 'zh-CN,zh;q=0.9' })
    expect(await againZh.text()).toContain('此登录链接已被使用')

    const stale = await signInLinkPath(h, 'merchant', merchantId)
    await h.db
      .withTables<{ signInLinks: { expiresAt: Date } }>()
      .updateTable('signInLinks')
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where('expiresAt', '>', new Date())
      .execute()
    const expired = await get(stale)
    expect(expired.status).toBe(410)
    expect(await expired.text()).toContain('expired')
    expect((await get('/sign-in/not-a-token')).status).toBe(404)
  })

  it('gives a session that only its own page accepts, and forms that need its CSRF token', async () => {
    const cookie = await openPartySession(h, 'merchant', merchantId)
    const page = await get('/merchant', { cookie })
    expect(page.status).toBe(200)
    const text = await page.text()
    expect(text).not.toMatch(/mlk_|adm_/)
    // The same cookie sent to another party's page or to the console opens nothing.
    expect((await get('/farmer', { cookie })).status).toBe(401)
    const consolePage = await get('/console', { cookie: cookie.replace('mlp_session', 'mlc_session') })
    expect(consolePage.status).toBe(303)
    expect(consolePage.headers.get('location')).toBe('/console/login')

    const form = { 'Content-Type': 'application/x-www-form-urlencoded', cookie }
    const forged = await h.app.request('/merchant/sign-out', {
      method: 'POST',
      headers: form,
      body: 'csrf=wrong',
    })
    expect(forged.status).toBe(403)
    expect((await get('/merchant', { cookie })).status).toBe(200)
    const signedOut = await h.app.request('/merchant/sign-out', {
      method: 'POST',
      headers: form,
      body: `csrf=${encodeURIComponent(csrfOf(text))}`,
    })
    expect(signedOut.status).toBe(200)
    expect((await get('/merchant', { cookie })).status).toBe(401)
  })

  it('lets the platform sign in only merchants, officers anyone, and no one else ask', async () => {
    const platformKey = await h.keyFor('platform')
    const officerKey = await h.keyFor('officer')
    const merchantKey = await h.keyFor('merchant', merchantId)
    const ask = (key: string, role: string, subjectId: number) =>
      h.request('POST', '/v1/sign-in-links', { key, body: { role, subjectId } })
    expect((await ask(platformKey, 'merchant', merchantId)).status).toBe(201)
    expect((await ask(platformKey, 'farmer', farmerId)).status).toBe(404)
    expect((await ask(officerKey, 'farmer', farmerId)).status).toBe(201)
    expect((await ask(officerKey, 'farmer', farmerId + 1000)).status).toBe(404)
    expect((await ask(merchantKey, 'merchant', merchantId)).status).toBe(403)
    const bad = await ask(officerKey, 'officer', 1)
    expect(bad.status).toBe(400)
    expect(bad.body.code).toBe('validation_failed')
  })

  it('speaks the reader’s language: ?lang= first and remembered, then Accept-Language', async () => {
    const cookie = await openPartySession(h, 'farmer', farmerId)
    const zh = await get('/farmer', { cookie, 'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.5' })
    expect(await zh.text()).toMatch(/<html lang="zh-CN"/)
    const en = await get('/farmer?lang=en', { cookie, 'Accept-Language': 'zh-CN' })
    expect(await en.text()).toMatch(/<html lang="en"/)
    const remembered = en.headers.getSetCookie().find((c) => c.startsWith('mlc_lang='))!
    expect(remembered).toMatch(/^mlc_lang=en;/)
    const later = await get('/farmer', { cookie: `${cookie}; mlc_lang=en`, 'Accept-Language': 'zh-CN' })
    expect(await later.text()).toMatch(/<html lang="en"/)
  })
})
