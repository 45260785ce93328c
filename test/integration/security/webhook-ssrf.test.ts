/**
 * Issue 19, finding 1: webhook URLs aimed at loopback, private, link-local, shared, multicast or
 * unspecified addresses, in every notation, are refused (422 `webhook_url_not_allowed`), and a real
 * local listener receives nothing. A name is checked again at connect time on every delivery: the
 * stubbed resolver answers a public address at registration and loopback later, and the delivery is
 * refused by policy without connecting anywhere. No test here connects beyond loopback: the other
 * address ranges (private, link-local, shared, multicast) are classified without any socket in
 * test/unit/events/webhook-target.test.ts.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordEvents } from '../../../src/events/events.js'
import type { WebhookPolicy } from '../../../src/events/webhook-target.js'
import {
  attemptDelivery,
  createEndpoint,
  fanOutEvents,
  REFUSED_BY_POLICY,
} from '../../../src/events/webhooks.js'
import { startHarness, type Harness } from '../../support/harness.js'

let h: Harness
let listener: Server
let port: number
let received = 0
/** What the stubbed resolver answers for `hooks.example.com`, changed by the test. */
let answer = ['93.184.216.34']
const resolved: string[] = []

const policy: WebhookPolicy = {
  allowedHosts: new Set(),
  resolve: async (hostname) => {
    resolved.push(hostname)
    if (hostname === 'hooks.example.com') return answer
    if (hostname === 'localhost') return ['127.0.0.1', '::1']
    if (hostname === 'both.example.com') return ['93.184.216.34', '10.0.0.5']
    throw new Error('ENOTFOUND')
  },
}

beforeAll(async () => {
  h = await startHarness({ worker: false, app: { webhookPolicy: policy } })
  listener = createServer((request, response) => {
    received += 1
    request.resume()
    response.writeHead(204).end()
  })
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve))
  port = (listener.address() as AddressInfo).port
})
afterAll(async () => {
  listener?.close()
  await h?.close()
})

describe('webhook targets', () => {
  it('refuses every internal address in every notation, and the listener receives nothing', async () => {
    const officerKey = await h.keyFor('officer')
    const targets = [
      `http://127.0.0.1:${port}/hook`,
      `http://2130706433:${port}/hook`, // decimal
      `http://127.1:${port}/hook`, // short
      `http://0x7f.0.0.1:${port}/hook`, // hex
      `http://0x7f000001:${port}/hook`,
      `http://0177.0.0.1:${port}/hook`, // octal
      `http://[::1]:${port}/hook`,
      `http://[::ffff:127.0.0.1]:${port}/hook`, // IPv4-mapped IPv6
      `http://[::ffff:7f00:1]:${port}/hook`,
      `http://localhost:${port}/hook`,
      `http://0.0.0.0:${port}/hook`, // unspecified
      `http://[::]:${port}/hook`,
      'http://both.example.com/', // one public and one private answer
      'http://nowhere.invalid/', // does not resolve
    ]
    for (const url of targets) {
      const response = await h.request('POST', '/v1/webhook-endpoints', {
        key: officerKey,
        body: { url, eventTypes: ['*'] },
      })
      expect(response.status, url).toBe(422)
      expect(response.body.code, url).toBe('webhook_url_not_allowed')
    }
    const endpoints = await h.db.selectFrom('webhookEndpoints').select('id').execute()
    expect(endpoints).toEqual([])
    expect(received).toBe(0)
  })

  it('checks a name again at connect time: a DNS answer that turns to loopback is refused by policy', async () => {
    const officerKey = await h.keyFor('officer')
    answer = ['93.184.216.34']
    const endpoint = await h.created('/v1/webhook-endpoints', officerKey, {
      url: `http://hooks.example.com:${port}/hook`,
      eventTypes: ['*'],
    })
    expect(resolved).toContain('hooks.example.com')
    await recordEvents(h.db, [
      {
        key: 'ssrf-rebind',
        type: 'loan.closed' as const,
        businessDate: '2026-01-01',
        subject: { loanId: 888_001 },
        data: {},
      },
    ])
    await fanOutEvents(h.db, endpoint.endpointId)
    const delivery = await h.db
      .selectFrom('webhookDeliveries')
      .select('id')
      .where('endpointId', '=', endpoint.endpointId)
      .executeTakeFirstOrThrow()
    answer = ['127.0.0.1'] // the name now points inside
    expect(await attemptDelivery(h, Number(delivery.id), policy)).toEqual({ delivered: false })
    expect(received).toBe(0)
    const list = await h.request('GET', `/v1/webhook-endpoints/${endpoint.endpointId}/deliveries`, {
      key: officerKey,
    })
    expect(list.status).toBe(200)
    expect(list.body.items[0]).toMatchObject({ status: 'pending', attempts: 1, lastError: REFUSED_BY_POLICY })
    expect(JSON.stringify(list.body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/)
  })

  it('still delivers to a host the operator allows (a local receiver)', async () => {
    const allowing: WebhookPolicy = { ...policy, allowedHosts: new Set(['127.0.0.1']) }
    const admin = { ref: 'admin', principalId: null, role: 'admin', subjectId: null } as const
    const endpoint = await createEndpoint(
      h,
      admin,
      { url: `http://127.0.0.1:${port}/hook`, eventTypes: ['*'] },
      allowing,
    )
    await recordEvents(h.db, [
      {
        key: 'ssrf-allowed',
        type: 'loan.closed' as const,
        businessDate: '2026-01-01',
        subject: { loanId: 888_002 },
        data: {},
      },
    ])
    await fanOutEvents(h.db, endpoint.endpointId)
    const delivery = await h.db
      .selectFrom('webhookDeliveries')
      .select('id')
      .where('endpointId', '=', endpoint.endpointId)
      .executeTakeFirstOrThrow()
    expect(await attemptDelivery(h, Number(delivery.id), allowing)).toEqual({ delivered: true })
    expect(received).toBe(1)
  })
})
