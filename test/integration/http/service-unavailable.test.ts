/**
 * With MySQL or Temporal out of reach the API answers 503 `service_unavailable` with Retry-After
 * (problem+json), never a 500: the client retries the same request with the same Idempotency-Key.
 * Before, both outages answered 500 `internal_error` (found by `npm run chaos`).
 */
import { Client, Connection } from '@temporalio/client'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { AdminKey } from '../../../src/access/principal-service.js'
import { createApp } from '../../../src/http/app.js'
import { SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS } from '../../../src/http/problem.js'
import { createLogger } from '../../../src/log.js'
import { loadScorecardModel } from '../../../src/credit/credit-line-service.js'
import { openServices, type Services } from '../../../src/services.js'
import { freePort } from '../../../src/ports.js'
import { startHarness, type Harness } from '../../support/harness.js'

let h: Harness
let closedPort: number
const opened: Services[] = []
const clients: Client[] = []

beforeAll(async () => {
  h = await startHarness({ worker: false })
  closedPort = await freePort()
})
afterAll(async () => {
  for (const client of clients) await client.connection.close()
  for (const services of opened) await services.close()
  await h?.close()
})

function appWith(services: Pick<Services, 'db' | 'ledger' | 'scorecard' | 'secrets'>, temporal: Client) {
  return createApp({
    ...services,
    temporal,
    taskQueue: h.taskQueue,
    log: createLogger('silent'),
    adminKey: new AdminKey(h.adminKey),
  })
}

async function expectUnavailable(response: Response) {
  expect(response.status).toBe(503)
  expect(response.headers.get('content-type')).toContain('application/problem+json')
  expect(response.headers.get('retry-after')).toBe(String(SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS))
  expect(await response.json()).toMatchObject({ status: 503, code: 'service_unavailable' })
}

it('answers 503 with Retry-After when MySQL cannot be reached', async () => {
  const services = openServices(`mysql://root@127.0.0.1:${closedPort}/microloan_gone`)
  opened.push(services)
  const app = appWith(services, h.client)
  await expectUnavailable(
    await app.request('/v1/system/business-date', { headers: { Authorization: `Bearer ${h.adminKey}` } }),
  )
  await expectUnavailable(
    await app.request('/v1/loans/1/repayments', {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${await h.keyFor('officer')}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': 'k-1',
      },
      body: JSON.stringify({ amountFen: 100 }),
    }),
  )
})

it('answers 503 with Retry-After when Temporal cannot be reached', async () => {
  const temporal = new Client({ connection: Connection.lazy({ address: `127.0.0.1:${closedPort}` }) })
  clients.push(temporal)
  const app = appWith(
    { db: h.db, ledger: h.ledger, scorecard: loadScorecardModel(), secrets: h.secrets },
    temporal,
  )
  const merchant = await h.request('POST', '/v1/merchants', {
    key: h.adminKey,
    body: { externalRef: 'm-unavailable', name: 'Shop', openedOn: '2025-01-01' },
  })
  expect(merchant.status).toBe(201)
  const key = await h.keyFor('merchant', merchant.body.merchantId)
  const request = () =>
    app.request('/v1/loan-applications', {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${key}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': 'a-1',
      },
      body: JSON.stringify({
        merchantId: merchant.body.merchantId,
        amountFen: 10_000,
        termDays: 30,
        repaymentMethod: 'installment',
        frequency: 'daily',
      }),
    })
  await expectUnavailable(await request())
  // A 503 is not stored under the key: the retry runs again (and, Temporal still down, is a 503 again).
  await expectUnavailable(await request())
})
