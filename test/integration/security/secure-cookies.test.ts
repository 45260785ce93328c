/**
 * Issue 19, finding 5: behind a TLS-terminating proxy the app sees `http://` URLs, yet the browser
 * talks https. The console's and the party pages' session cookies are `Secure` whenever the public
 * URL (`PUBLIC_URL`) is https, or a trusted proxy (`TRUSTED_PROXY_HOPS`) says the request came in
 * over https; a client's own `X-Forwarded-Proto` is not believed.
 */
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ABUSE_LIMITS_OFF } from '../../../src/http/abuse-limits.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { signInLinkPath } from '../../support/party-pages.js'

type Setup = { name: string; h: Harness }
const setups: Setup[] = []
let behindHttps: Harness
let behindHttpPublic: Harness
let behindProxy: Harness
let server: ServerType | undefined

beforeAll(async () => {
  behindHttps = await startHarness({ worker: false, app: { publicUrl: 'https://loans.example.test' } })
  behindHttpPublic = await startHarness({ worker: false, app: { publicUrl: 'http://127.0.0.1:3000' } })
  behindProxy = await startHarness({
    worker: false,
    app: { abuseLimits: { ...ABUSE_LIMITS_OFF, trustedProxyHops: 1 } },
  })
  setups.push(
    { name: 'https', h: behindHttps },
    { name: 'http', h: behindHttpPublic },
    { name: 'proxy', h: behindProxy },
  )
})
afterAll(async () => {
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()))
  for (const { h } of setups) await h.close()
})

/** The Set-Cookie line of the console's session after an officer signs in through the form. */
async function consoleSessionCookie(h: Harness, headers: Record<string, string> = {}): Promise<string> {
  const form = await h.app.request('/console/login', { headers })
  const loginCookie = form.headers.getSetCookie()[0]!
  const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())![1]!
  const signedIn = await h.app.request('/console/login', {
    method: 'POST',
    headers: {
      ...headers,
      cookie: loginCookie.split(';')[0]!,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ csrf, apiKey: await h.keyFor('officer') }).toString(),
  })
  expect(signedIn.status).toBe(303)
  return signedIn.headers.getSetCookie().find((c) => c.startsWith('mlc_session='))!
}

/** The Set-Cookie line of a farmer's page session, opened from a sign-in link. */
async function pageSessionCookie(h: Harness, headers: Record<string, string> = {}): Promise<string> {
  const farmer = await h.created('/v1/farmers', h.adminKey, {
    externalRef: `farmer-${Math.random()}`,
    name: 'Farmer',
    region: 'Jilin',
  })
  const opened = await h.app.request(await signInLinkPath(h, 'farmer', farmer.farmerId as number), {
    headers,
  })
  expect(opened.status).toBe(303)
  return opened.headers.getSetCookie().find((c) => c.startsWith('mlp_session='))!
}

const secure = (setCookie: string) => /;\s*Secure(;|$)/i.test(setCookie)

describe('session cookies behind a TLS-terminating proxy', () => {
  it('are Secure when PUBLIC_URL is https, though the request reached the app over http', async () => {
    expect(secure(await consoleSessionCookie(behindHttps))).toBe(true)
    expect(secure(await pageSessionCookie(behindHttps))).toBe(true)
  })

  it('are Secure over a real socket on 127.0.0.1 when PUBLIC_URL is https', async () => {
    server = serve({ fetch: behindHttps.app.fetch, hostname: '127.0.0.1', port: 0 })
    await new Promise<void>((ready) => server!.once('listening', () => ready()))
    const { port } = server.address() as AddressInfo
    const origin = `http://127.0.0.1:${port}`
    const form = await fetch(`${origin}/console/login`)
    expect(form.status).toBe(200)
    const loginCookie = form.headers.getSetCookie()[0]!
    expect(secure(loginCookie)).toBe(true)
    const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())![1]!
    const signedIn = await fetch(`${origin}/console/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: loginCookie.split(';')[0]!, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, apiKey: await behindHttps.keyFor('officer') }).toString(),
    })
    expect(signedIn.status).toBe(303)
    expect(secure(signedIn.headers.getSetCookie().find((c) => c.startsWith('mlc_session='))!)).toBe(true)
  })

  it('are not Secure when the public URL is plain http (a local start)', async () => {
    expect(secure(await consoleSessionCookie(behindHttpPublic))).toBe(false)
    expect(secure(await pageSessionCookie(behindHttpPublic))).toBe(false)
  })

  it('believe X-Forwarded-Proto only from a trusted proxy', async () => {
    const https = { 'X-Forwarded-Proto': 'https' }
    expect(secure(await consoleSessionCookie(behindProxy, https))).toBe(true)
    expect(secure(await pageSessionCookie(behindProxy, https))).toBe(true)
    expect(secure(await consoleSessionCookie(behindProxy, { 'X-Forwarded-Proto': 'http' }))).toBe(false)
    // With no trusted proxy the header is anyone's to send: it decides nothing.
    expect(secure(await consoleSessionCookie(behindHttpPublic, https))).toBe(false)
  })
})
