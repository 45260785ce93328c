/**
 * Abuse limits against real MariaDB and a real worker: a key over its limit gets 429 with
 * Retry-After and nothing is written (a refused loan application leaves no idempotency record, no
 * application and no ledger entry); other keys go on; the window resets; invalid keys from one
 * address lock that address out (valid keys included) until its window ends, and other addresses —
 * real sockets on 127.0.0.1 and 127.0.0.2 through @hono/node-server — are unaffected.
 * The limiter's clock is the test's, so a window ends without waiting for it.
 */
import { request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { Hono } from 'hono'
import type { AbuseLimits } from '../../../src/config.js'
import { abuseGuard, LOCKOUT_RECHECK_MS } from '../../../src/http/abuse-limits.js'
import type { AppEnv } from '../../../src/http/app-env.js'
import { startHarness, type ApiResponse, type Harness } from '../../support/harness.js'
import { fundLender } from '../../support/ledger.js'
import { merchantsWithLines, type MerchantWithLine } from '../../support/merchant-lines.js'

const LIMITS: AbuseLimits = {
  requestsPerWindowMax: 5,
  windowMs: 60_000,
  invalidKeyAttemptsMax: 3,
  invalidKeyWindowMs: 300_000,
  trustedProxyHops: 0,
}
const BAD_KEY = `mlk_${'0'.repeat(16)}_${'A'.repeat(43)}`

let clockMs = Date.UTC(2026, 0, 1, 9, 0, 0)
let h: Harness
let merchant: MerchantWithLine

/** Moves the limiter's clock to the start of a fresh window of both kinds. */
function freshWindows(): void {
  clockMs += LIMITS.invalidKeyWindowMs - (clockMs % LIMITS.invalidKeyWindowMs)
}

beforeAll(async () => {
  h = await startHarness({ app: { abuseLimits: LIMITS, nowMs: () => clockMs } })
  await fundLender(h.ledger, 1_000_000_00)
  const merchants = await merchantsWithLines(h, { seed: 4242, merchantCount: 20, minAvailableFen: 10_000 })
  expect(merchants.length).toBeGreaterThan(0)
  merchant = merchants[0]!
})
afterAll(async () => {
  await h?.close()
})
beforeEach(freshWindows)

const businessDate = (key: string) => h.request('GET', '/v1/system/business-date', { key })

function expectTooMany(response: ApiResponse, code: string, retryAfterSeconds: number) {
  expect(response.status).toBe(429)
  expect(response.headers.get('content-type')).toBe('application/problem+json')
  expect(response.body).toMatchObject({ status: 429, code })
  expect(response.headers.get('retry-after')).toBe(String(retryAfterSeconds))
}

async function count(table: 'idempotencyKeys' | 'loanApplications' | 'journalEntries'): Promise<number> {
  const row = await h.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

describe('requests per API key', () => {
  it('answers 429 with Retry-After over the limit, leaves other keys alone, and resets with the window', async () => {
    const officer = await h.keyFor('officer')
    const other = await h.keyFor('officer')
    for (let n = 0; n < LIMITS.requestsPerWindowMax; n++)
      expect((await businessDate(officer)).status).toBe(200)

    clockMs += 15_500 // 44.5 s of the window left: Retry-After rounds up
    expectTooMany(await businessDate(officer), 'rate_limited', 45)
    expect((await businessDate(other)).status).toBe(200)

    clockMs += 44_500 // the next window
    expect((await businessDate(officer)).status).toBe(200)
  })

  it('refuses a loan application over the limit before anything is written', async () => {
    const application = {
      merchantId: merchant.merchantId,
      amountFen: 10_000,
      termDays: 30,
      repaymentMethod: 'installment',
      frequency: 'daily',
    }
    const apply = () =>
      h.request('POST', '/v1/loan-applications', {
        key: merchant.key,
        body: application,
        headers: { 'Idempotency-Key': 'limited-application-1' },
      })
    for (let n = 0; n < LIMITS.requestsPerWindowMax; n++) {
      expect(
        (await h.request('GET', `/v1/merchants/${merchant.merchantId}/offer`, { key: merchant.key })).status,
      ).toBe(200)
    }
    const before = {
      idempotencyKeys: await count('idempotencyKeys'),
      loanApplications: await count('loanApplications'),
      journalEntries: await count('journalEntries'),
    }

    expectTooMany(await apply(), 'rate_limited', 60)
    expect({
      idempotencyKeys: await count('idempotencyKeys'),
      loanApplications: await count('loanApplications'),
      journalEntries: await count('journalEntries'),
    }).toEqual(before)

    // The same request in the next window goes through: the refusal was the limiter's alone.
    clockMs += LIMITS.windowMs
    const accepted = await apply()
    expect(accepted.status).toBe(201)
    expect(accepted.body.status).toBe('approved')
    expect(await count('idempotencyKeys')).toBe(before.idempotencyKeys + 1)
  })

  it('prunes windows that have ended', async () => {
    const officer = await h.keyFor('officer')
    expect((await businessDate(officer)).status).toBe(200)
    clockMs += LIMITS.invalidKeyWindowMs * 2
    expect((await businessDate(officer)).status).toBe(200) // a new window: ended ones are deleted
    const ended = await h.db
      .selectFrom('rateLimitWindows')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('expiresAtMs', '<=', clockMs)
      .executeTakeFirstOrThrow()
    expect(Number(ended.n)).toBe(0)
  })
})

describe('invalid keys per client address', () => {
  it('locks the address out, valid keys included, until its window ends', async () => {
    const officer = await h.keyFor('officer')
    for (let n = 0; n < LIMITS.invalidKeyAttemptsMax; n++) {
      const refused = await businessDate(BAD_KEY)
      expect(refused.status).toBe(401)
      expect(refused.body.code).toBe('invalid_api_key')
    }
    clockMs += 100_000
    expectTooMany(await businessDate(BAD_KEY), 'too_many_invalid_keys', 200)
    expectTooMany(await businessDate(officer), 'too_many_invalid_keys', 200)

    clockMs += 200_000 // the address's window ends
    expect((await businessDate(officer)).status).toBe(200)
    expect((await businessDate(BAD_KEY)).status).toBe(401)
  })

  it('keeps valid keys from counting and a missing header out of it', async () => {
    const officer = await h.keyFor('officer')
    for (let n = 0; n < LIMITS.invalidKeyAttemptsMax + 2; n++) {
      expect((await h.request('GET', '/v1/system/business-date')).status).toBe(401)
    }
    expect((await businessDate(officer)).status).toBe(200)
  })

  it('counts console sign-ins with a wrong key and locks sign-in out too', async () => {
    const officer = await h.keyFor('officer')
    const form = await h.app.request('/console/login')
    const loginCookie = /mlc_login=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')![1]!
    const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())![1]!
    const signIn = (apiKey: string) =>
      h.app.request('/console/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `mlc_login=${loginCookie}` },
        body: new URLSearchParams({ csrf, apiKey }).toString(),
      })
    for (let n = 0; n < LIMITS.invalidKeyAttemptsMax; n++) expect((await signIn(BAD_KEY)).status).toBe(401)
    const locked = await signIn(officer)
    expect(locked.status).toBe(429)
    expect(locked.headers.get('retry-after')).toBe('300')
    expectTooMany(await businessDate(officer), 'too_many_invalid_keys', 300) // the API shares the lockout
    clockMs += LIMITS.invalidKeyWindowMs
    expect((await signIn(officer)).status).toBe(303)
  })

  describe('over real sockets', () => {
    let server: ServerType
    let port: number
    beforeAll(async () => {
      server = serve({ fetch: h.app.fetch, port: 0, hostname: '0.0.0.0' })
      await new Promise<void>((ready) => server.once('listening', () => ready()))
      port = (server.address() as AddressInfo).port
    })
    afterAll(async () => {
      await new Promise<void>((done) => server.close(() => done()))
    })

    function fromAddress(localAddress: string, key: string): Promise<{ status: number; code?: string }> {
      return new Promise((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            localAddress,
            path: '/v1/system/business-date',
            headers: { Authorization: `Bearer ${key}` },
          },
          (res) => {
            let text = ''
            res.on('data', (chunk: Buffer) => (text += chunk.toString()))
            res.on('end', () => resolve({ status: res.statusCode ?? 0, code: JSON.parse(text).code }))
          },
        )
        req.on('error', reject)
        req.end()
      })
    }

    it('locks out only the address that sent the invalid keys', async () => {
      const officer = await h.keyFor('officer')
      for (let n = 0; n < LIMITS.invalidKeyAttemptsMax; n++) {
        expect((await fromAddress('127.0.0.2', BAD_KEY)).status).toBe(401)
      }
      expect(await fromAddress('127.0.0.2', officer)).toEqual({ status: 429, code: 'too_many_invalid_keys' })
      expect((await fromAddress('127.0.0.1', officer)).status).toBe(200)
      expect((await businessDate(officer)).status).toBe(200) // in-process requests are another address
    })
  })
})

describe('behind a proxy', () => {
  function behindProxies(trustedProxyHops: number) {
    const guard = abuseGuard({ db: h.db, limits: { ...LIMITS, trustedProxyHops }, nowMs: () => clockMs })
    const app = new Hono<AppEnv>()
    app.get('/locked-out', async (c) => c.json({ seconds: await guard.lockedOutForSeconds(c) }))
    app.post('/invalid-key', async (c) => {
      await guard.recordInvalidKey(c)
      return c.body(null, 204)
    })
    const headers = (forwardedFor: string) => ({ 'X-Forwarded-For': forwardedFor })
    return {
      invalidKey: (forwardedFor: string) =>
        app.request('/invalid-key', { method: 'POST', headers: headers(forwardedFor) }),
      lockedOut: async (forwardedFor: string) =>
        (
          (await (await app.request('/locked-out', { headers: headers(forwardedFor) })).json()) as {
            seconds: number | null
          }
        ).seconds,
    }
  }

  it('locks out the address the trusted proxy saw, not what the client claims before it', async () => {
    const proxied = behindProxies(1)
    // The guesser puts a different address of its own in front each time; the proxy appends its real one.
    for (let n = 0; n < LIMITS.invalidKeyAttemptsMax; n++)
      await proxied.invalidKey(`10.9.9.${n}, 203.0.113.7`)
    expect(await proxied.lockedOut('203.0.113.7')).toBe(300)
    expect(await proxied.lockedOut('10.0.0.1, 203.0.113.7')).toBe(300)
    expect(await proxied.lockedOut('203.0.113.8')).toBeNull() // another client behind the same proxy
  })

  it('ignores X-Forwarded-For without a trusted proxy, so a client cannot shed its lockout with it', async () => {
    const direct = behindProxies(0)
    for (let n = 0; n < LIMITS.invalidKeyAttemptsMax; n++) await direct.invalidKey(`198.51.100.${n}`)
    // Every request came from the one in-process peer, whatever the header said.
    expect(await direct.lockedOut('198.51.100.200')).toBe(300)
  })
})

describe('across API processes (two guards on one database, as two processes would have)', () => {
  const BUSY: AbuseLimits = { ...LIMITS, requestsPerWindowMax: 999 } // not a sum of whole leases

  function apiProcess() {
    const guard = abuseGuard({ db: h.db, limits: BUSY, nowMs: () => clockMs })
    const app = new Hono<AppEnv>()
    app.use(async (c, next) => {
      c.set('principal', {
        ref: 'p:shared-by-processes',
        principalId: null,
        role: 'officer',
        subjectId: null,
      })
      await next()
    })
    app.get('/work', guard.rateLimit, (c) => c.text('ok'))
    app.get('/locked-out', async (c) => c.json({ seconds: await guard.lockedOutForSeconds(c) }))
    app.post('/invalid-key', async (c) => {
      await guard.recordInvalidKey(c)
      return c.body(null, 204)
    })
    return app
  }

  async function counted(): Promise<number> {
    const row = await h.db
      .selectFrom('rateLimitWindows')
      .select('hits')
      .where('bucketKey', '=', 'key:p:shared-by-processes')
      .executeTakeFirstOrThrow()
    return row.hits
  }

  it('lets exactly the limit through between them, however their requests interleave', async () => {
    const [a, b] = [apiProcess(), apiProcess()]
    const statuses = new Map<number, number>()
    for (let n = 0; n < 1_200; n++) {
      const { status } = await (n % 3 === 0 ? b : a).request('/work')
      statuses.set(status, (statuses.get(status) ?? 0) + 1)
    }
    expect(Object.fromEntries(statuses)).toEqual({ 200: 999, 429: 201 })
    // Both know the window is used up: further requests are refused without touching the counter.
    const before = await counted()
    for (const app of [a, b]) expect((await app.request('/work')).status).toBe(429)
    expect(await counted()).toBe(before)
    clockMs += BUSY.windowMs // the next window: both admit again
    for (const app of [a, b]) expect((await app.request('/work')).status).toBe(200)
  })

  it('sees a lockout another process recorded within LOCKOUT_RECHECK_MS, and its own at once', async () => {
    const [a, b] = [apiProcess(), apiProcess()]
    const lockedOut = async (app: Hono<AppEnv>) =>
      ((await (await app.request('/locked-out')).json()) as { seconds: number | null }).seconds
    expect(await lockedOut(b)).toBeNull()
    for (let n = 0; n < LIMITS.invalidKeyAttemptsMax; n++) await a.request('/invalid-key', { method: 'POST' })
    expect(await lockedOut(a)).toBe(300)
    expect(await lockedOut(b)).toBeNull() // read less than LOCKOUT_RECHECK_MS ago
    clockMs += LOCKOUT_RECHECK_MS
    expect(await lockedOut(b)).toBe(299)
  })
})
