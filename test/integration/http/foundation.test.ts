import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../../support/harness.js'

let h: Harness
let officerKey: string
let platformKey: string

beforeAll(async () => {
  h = await startHarness({ worker: false })
  officerKey = await h.keyFor('officer')
  platformKey = await h.keyFor('platform')
})
afterAll(async () => h?.close())

async function principalCount(): Promise<number> {
  const row = await h.db
    .selectFrom('principals')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

function expectProblem(
  response: { status: number; headers: Headers; body: any },
  status: number,
  code: string,
) {
  expect(response.status).toBe(status)
  expect(response.headers.get('content-type')).toContain('application/problem+json')
  expect(response.body).toMatchObject({ status, code })
  expect(typeof response.body.title).toBe('string')
  expect(typeof response.body.detail).toBe('string')
}

describe('health and documents', () => {
  it('answers /healthz and /readyz when MySQL and Temporal are up', async () => {
    expect((await h.request('GET', '/healthz')).status).toBe(200)
    const ready = await h.request('GET', '/readyz')
    expect(ready.status).toBe(200)
    expect(ready.body).toEqual({ status: 'ready', mysql: 'up', temporal: 'up' })
  })

  it('serves a generated OpenAPI document with the routes and their schemas', async () => {
    const doc = await h.request('GET', '/openapi.json')
    expect(doc.status).toBe(200)
    expect(doc.body.paths['/v1/system/close-of-business'].post.responses['409']).toBeDefined()
    expect(doc.body.paths['/v1/admin/principals'].post.requestBody).toBeDefined()
    expect(doc.body.components.schemas.Problem).toBeDefined()
  })

  it('serves the interactive reference with local assets', async () => {
    const page = await h.request('GET', '/docs')
    expect(page.status).toBe(200)
    expect(page.body).toContain('/docs/assets/swagger-ui-bundle.js')
    expect((await h.app.request('/docs/assets/swagger-ui-bundle.js')).status).toBe(200)
  })

  it('answers an unknown route with a problem', async () => {
    expectProblem(await h.request('GET', '/v1/nothing-here', { key: officerKey }), 404, 'not_found')
  })
})

describe('authentication and roles', () => {
  it('refuses a request without a key', async () => {
    expectProblem(await h.request('GET', '/v1/system/business-date'), 401, 'unauthenticated')
  })

  it('refuses an unknown, malformed or forged key', async () => {
    // The real key first, so its principal row is in the app's cache: a forged secret with the same
    // key id must still be refused (the secret is compared on every request).
    expect((await h.request('GET', '/v1/system/business-date', { key: officerKey })).status).toBe(200)
    const forged = officerKey.slice(0, -4) + 'AAAA'
    for (const key of ['nope', 'mlk_0000000000000000_' + 'a'.repeat(43), forged]) {
      expectProblem(await h.request('GET', '/v1/system/business-date', { key }), 401, 'invalid_api_key')
    }
  })

  it('refuses a role that may not act', async () => {
    const response = await h.request('POST', '/v1/system/close-of-business', { key: platformKey, body: {} })
    expectProblem(response, 403, 'forbidden')
    expectProblem(
      await h.request('POST', '/v1/admin/principals', { key: officerKey, body: { role: 'officer' } }),
      403,
      'forbidden',
    )
  })

  it('lets the admin create a principal whose key then works, stored only as a hash', async () => {
    const created = await h.request('POST', '/v1/admin/principals', {
      key: h.adminKey,
      body: { role: 'officer' },
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ role: 'officer', subjectId: null })
    const apiKey: string = created.body.apiKey
    const business = await h.request('GET', '/v1/system/business-date', { key: apiKey })
    expect(business.status).toBe(200)
    const row = await h.db
      .selectFrom('principals')
      .selectAll()
      .where('id', '=', created.body.principalId)
      .executeTakeFirstOrThrow()
    expect(Buffer.from(row.keyHash).length).toBe(32)
    // The secret is everything after `mlk_<keyId>_` (it may itself contain '_').
    const secret = apiKey.slice('mlk_'.length + 16 + 1)
    expect(secret).toHaveLength(43)
    expect(JSON.stringify(row)).not.toContain(secret)
  })
})

describe('validation', () => {
  it('turns a malformed body into 400 validation_failed and writes nothing', async () => {
    const before = await principalCount()
    const cases: unknown[] = [
      { role: 'wizard' },
      { role: 'merchant' },
      { role: 'officer', subjectId: 7 },
      { role: 'merchant', subjectId: -1 },
      { role: 'merchant', subjectId: 1.5 },
      { role: 'merchant', subjectId: '1' },
      { role: 'officer', extra: true },
      [],
      'null',
      '{"role":',
    ]
    for (const body of cases) {
      const response = await h.request('POST', '/v1/admin/principals', { key: h.adminKey, body })
      expectProblem(response, 400, 'validation_failed')
      expect(Array.isArray(response.body.errors)).toBe(true)
      expect(response.body.errors.length).toBeGreaterThan(0)
    }
    expect(await principalCount()).toBe(before)
  })

  it('names the field that is wrong', async () => {
    const response = await h.request('POST', '/v1/admin/principals', {
      key: h.adminKey,
      body: { role: 'merchant' },
    })
    expect(response.body.errors).toContainEqual({
      path: 'json.subjectId',
      message: 'required for the merchant role',
    })
  })

  it('refuses an oversized body with 413', async () => {
    const response = await h.request('POST', '/v1/admin/principals', {
      key: h.adminKey,
      body: JSON.stringify({ role: 'officer', padding: 'x'.repeat(2 * 1024 * 1024) }),
    })
    expectProblem(response, 413, 'body_too_large')
  })
})

describe('idempotency', () => {
  it('replays the first response for the same key and body', async () => {
    const headers = { 'Idempotency-Key': 'principal-replay-1' }
    const first = await h.request('POST', '/v1/admin/principals', {
      key: h.adminKey,
      body: { role: 'officer' },
      headers,
    })
    const second = await h.request('POST', '/v1/admin/principals', {
      key: h.adminKey,
      body: { role: 'officer' },
      headers,
    })
    expect(first.status).toBe(201)
    expect(second.status).toBe(201)
    // The same answer, except the key: it is shown once and never stored in the clear (idempotency.ts).
    expect(second.body).toEqual({ ...first.body, apiKey: null })
    expect(second.headers.get('idempotent-replayed')).toBe('true')
  })

  it('answers 409 idempotency_key_reused for the same key with another body', async () => {
    const headers = { 'Idempotency-Key': 'principal-reuse-1' }
    expect(
      (
        await h.request('POST', '/v1/admin/principals', {
          key: h.adminKey,
          body: { role: 'officer' },
          headers,
        })
      ).status,
    ).toBe(201)
    const before = await principalCount()
    const reused = await h.request('POST', '/v1/admin/principals', {
      key: h.adminKey,
      body: { role: 'platform' },
      headers,
    })
    expectProblem(reused, 409, 'idempotency_key_reused')
    expect(await principalCount()).toBe(before)
  })

  it('scopes keys to the caller: two principals may use the same key', async () => {
    const headers = { 'Idempotency-Key': 'shared-key' }
    const otherAdminKey = await h.keyFor('admin')
    const byAdmin = await h.request('POST', '/v1/admin/principals', {
      key: h.adminKey,
      body: { role: 'officer' },
      headers,
    })
    const byOther = await h.request('POST', '/v1/admin/principals', {
      key: otherAdminKey,
      body: { role: 'officer' },
      headers,
    })
    expect(byAdmin.status).toBe(201)
    expect(byOther.status).toBe(201)
    expect(byOther.body.principalId).not.toBe(byAdmin.body.principalId)
  })

  it('runs 20 concurrent requests with one key exactly once', async () => {
    const before = await principalCount()
    const headers = { 'Idempotency-Key': 'principal-concurrent-1' }
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        h.request('POST', '/v1/admin/principals', { key: h.adminKey, body: { role: 'officer' }, headers }),
      ),
    )
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201))
    expect(new Set(responses.map((r) => r.body.principalId)).size).toBe(1)
    expect(await principalCount()).toBe(before + 1)
  })

  it('refuses a malformed key', async () => {
    const response = await h.request('POST', '/v1/admin/principals', {
      key: h.adminKey,
      body: { role: 'officer' },
      headers: { 'Idempotency-Key': 'x'.repeat(300) },
    })
    expectProblem(response, 400, 'validation_failed')
  })
})
