/**
 * What a security review checks from outside: every page and API answer carries its security
 * headers (CSP with frame-ancestors, nosniff, frame options, Referrer-Policy, HSTS; no-store on API
 * answers); secrets never reach the logs (a new principal's key, a webhook secret, a console sign-in,
 * a wrong key, the session cookie), captured from the app's real pino logger at trace level; and no
 * table holds a key, session id or webhook signing secret in plaintext (signing secrets must be read
 * back to sign, so they are sealed under SECRETS_KEY, and are never shown again after creation).
 */
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createLogger } from '../../../src/log.js'
import { startHarness, type Harness } from '../../support/harness.js'

const logLines: string[] = []
const capture = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logLines.push(chunk.toString())
    done()
  },
})
let h: Harness
/** Every secret the test saw; none may appear in logs or in the database. */
const secrets: string[] = []
let webhookSecret: string
let sessionCookie: string
const WRONG_KEYS = [`mlk_${'1'.repeat(16)}_${'B'.repeat(43)}`, 'not-a-key-but-secret-looking-9f8e7d']

beforeAll(async () => {
  h = await startHarness({ worker: false, app: { log: createLogger('trace', capture) } })
  secrets.push(h.adminKey)

  for (const withIdempotencyKey of [false, true]) {
    const created = await h.request('POST', '/v1/admin/principals', {
      key: h.adminKey,
      body: { role: 'officer' },
      headers: withIdempotencyKey ? { 'Idempotency-Key': 'new-officer' } : {},
    })
    expect(created.status).toBe(201)
    // The whole key and its secret part alone (after `mlk_<16 hex>_`).
    secrets.push(created.body.apiKey, created.body.apiKey.slice('mlk_'.length + 17))
  }
  const officerKey = secrets[1]!

  const endpoint = await h.request('POST', '/v1/webhook-endpoints', {
    key: officerKey,
    body: { url: 'http://127.0.0.1:9/hook', eventTypes: ['*'] },
    headers: { 'Idempotency-Key': 'new-endpoint' },
  })
  expect(endpoint.status).toBe(201)
  webhookSecret = endpoint.body.secret
  expect(webhookSecret).toMatch(/^whsec_/)

  for (const wrong of WRONG_KEYS) {
    expect((await h.request('GET', '/v1/system/business-date', { key: wrong })).status).toBe(401)
  }
  secrets.push(...WRONG_KEYS)

  // Console sign-in: the key travels in a form body.
  const form = await h.app.request('/console/login')
  const loginCookie = /mlc_login=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')![1]!
  const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())![1]!
  const signedIn = await h.app.request('/console/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `mlc_login=${loginCookie}` },
    body: new URLSearchParams({ csrf, apiKey: officerKey }).toString(),
  })
  expect(signedIn.status).toBe(303)
  sessionCookie = /mlc_session=([^;]+)/.exec(signedIn.headers.get('set-cookie') ?? '')![1]!
  secrets.push(sessionCookie)
  const wrongSignIn = await h.app.request('/console/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `mlc_login=${loginCookie}` },
    body: new URLSearchParams({ csrf, apiKey: WRONG_KEYS[0]! }).toString(),
  })
  expect(wrongSignIn.status).toBe(401)
  expect(
    (await h.app.request('/console', { headers: { Cookie: `mlc_session=${sessionCookie}` } })).status,
  ).toBe(200)
})
afterAll(async () => {
  await h?.close()
})

function expectCommonHeaders(response: Response, what: string) {
  const headers = response.headers
  expect(headers.get('x-content-type-options'), what).toBe('nosniff')
  expect(headers.get('x-frame-options'), what).toMatch(/^(DENY|SAMEORIGIN)$/)
  expect(headers.get('referrer-policy'), what).toMatch(/^(no-referrer|same-origin|strict-origin)/)
  expect(headers.get('strict-transport-security'), what).toMatch(/max-age=\d{7,}/)
  expect(headers.get('content-security-policy'), what).toMatch(/frame-ancestors /)
  expect(headers.get('content-security-policy'), what).toMatch(/default-src /)
}

describe('security headers', () => {
  it('are on every page', async () => {
    const session = { Cookie: `mlc_session=${sessionCookie}` }
    const pages: Array<[string, Record<string, string>]> = [
      ['/console/login', {}],
      ['/console', session],
      ['/console/loans', session],
      ['/merchant/offer', {}],
      ['/docs', {}],
    ]
    for (const [path, headers] of pages) {
      const response = await h.app.request(path, { headers })
      expect(response.status, path).toBe(200)
      expect(response.headers.get('content-type'), path).toMatch(/^text\/html/)
      expectCommonHeaders(response, path)
      expect(response.headers.get('content-security-policy'), path).not.toMatch(
        /script-src[^;]*'unsafe-inline'/,
      )
    }
  })

  it('are on API answers, which no cache keeps', async () => {
    const officerKey = secrets[1]!
    const answers = [
      await h.app.request('/v1/admin/principals', {
        method: 'POST',
        headers: { Authorization: `Bearer ${h.adminKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ role: 'platform' }),
      }),
      await h.app.request('/v1/webhook-endpoints', { headers: { Authorization: `Bearer ${officerKey}` } }),
      await h.app.request('/v1/system/business-date', {
        headers: { Authorization: `Bearer ${WRONG_KEYS[0]}` },
      }),
      await h.app.request('/v1/no-such-route', { headers: { Authorization: `Bearer ${officerKey}` } }),
      await h.app.request('/openapi.json'),
      await h.app.request('/healthz'),
    ]
    expect(answers.map((response) => response.status)).toEqual([201, 200, 401, 404, 200, 200])
    for (const response of answers) {
      const what = `${response.status} ${response.url}`
      expectCommonHeaders(response, what)
      expect(response.headers.get('cache-control'), what).toBe('no-store')
      expect(response.headers.get('content-security-policy'), what).toContain("frame-ancestors 'none'")
    }
  })
})

describe('secrets', () => {
  it('never reach the logs', () => {
    const logs = logLines.join('')
    expect(logLines.length).toBeGreaterThan(5) // the capture works: request lines were logged
    expect(logs).toContain('"path":"/v1/admin/principals"')
    for (const secret of [...secrets, webhookSecret]) {
      expect(secret.length).toBeGreaterThan(20) // an empty string is in everything
      expect(logs).not.toContain(secret)
    }
    expect(logs.toLowerCase()).not.toContain('bearer ')
  })

  it('are stored hashed or sealed everywhere, and the webhook signing secret is never shown again', async () => {
    const tables = await sql<{ name: string }>`
      SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()`.execute(h.db)
    const dumps: string[] = []
    for (const { name } of tables.rows) {
      const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(name)}`.execute(h.db)
      dumps.push(
        JSON.stringify(rows.rows, (_key, value: unknown) =>
          value && typeof value === 'object' && (value as { type?: string }).type === 'Buffer'
            ? Buffer.from((value as { data: number[] }).data).toString('utf8') +
              Buffer.from((value as { data: number[] }).data).toString('hex')
            : value,
        ),
      )
    }
    const database = dumps.join('\n')
    expect(database).toContain('"role":"officer"') // the dump is real
    for (const secret of secrets) expect(database).not.toContain(secret)
    // The signing secret is sealed in webhook_endpoints and nowhere else (not in idempotency_keys).
    expect(database).not.toContain(webhookSecret)
    expect(database).not.toContain(webhookSecret.slice('whsec_'.length))

    const listed = await h.request('GET', '/v1/webhook-endpoints', { key: secrets[1]! })
    expect(JSON.stringify(listed.body)).not.toContain(webhookSecret)
  })

  it('are not replayed from the idempotency record', async () => {
    const replay = await h.request('POST', '/v1/admin/principals', {
      key: h.adminKey,
      body: { role: 'officer' },
      headers: { 'Idempotency-Key': 'new-officer' },
    })
    expect(replay.status).toBe(201)
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    expect(replay.body.apiKey).toBeNull()
    expect(replay.body.principalId).toEqual(expect.any(Number))
  })
})
