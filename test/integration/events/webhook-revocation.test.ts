/**
 * Issue 19, finding 2: revoking a principal's key disables its webhook endpoints in the same
 * transaction (`status: "disabled"`), and nothing more is delivered to them, not even a delivery
 * already queued before the revocation.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordEvents } from '../../../src/events/events.js'
import { attemptDelivery, deliveryRound, fanOutEvents } from '../../../src/events/webhooks.js'
import { startHarness, type Harness } from '../../support/harness.js'

let h: Harness
let server: Server
let url: string
let received = 0

beforeAll(async () => {
  h = await startHarness({ worker: false })
  server = createServer((request, response) => {
    request.resume()
    request.on('end', () => {
      received += 1
      response.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
})
afterAll(async () => {
  server?.close()
  await h?.close()
})

describe('revoking a key', () => {
  it('disables its webhook endpoints at once; queued deliveries are not sent', async () => {
    const principal = await h.created('/v1/admin/principals', h.adminKey, { role: 'officer' })
    const endpoint = await h.created('/v1/webhook-endpoints', principal.apiKey, { url, eventTypes: ['*'] })
    const event = (key: string) => ({
      key,
      type: 'loan.closed' as const,
      businessDate: '2026-01-01',
      subject: { loanId: 777_000 + key.length },
      data: {},
    })
    await recordEvents(h.db, [event('before-revocation')])
    await fanOutEvents(h.db, endpoint.endpointId)
    const queued = await h.db
      .selectFrom('webhookDeliveries')
      .select('id')
      .where('endpointId', '=', endpoint.endpointId)
      .execute()
    expect(queued).toHaveLength(1)

    const revoked = await h.request('POST', `/v1/admin/principals/${principal.principalId}/revoke`, {
      key: h.adminKey,
      body: { reason: 'key leaked' },
    })
    expect(revoked.status).toBe(200)
    const row = await h.db
      .selectFrom('webhookEndpoints')
      .select('status')
      .where('id', '=', endpoint.endpointId)
      .executeTakeFirstOrThrow()
    expect(row.status).toBe('disabled')

    await recordEvents(h.db, [event('after-revocation')])
    expect(await deliveryRound(h, endpoint.endpointId)).toMatchObject({ active: false, attempted: 0 })
    expect(await attemptDelivery(h, Number(queued[0]!.id))).toEqual({ delivered: false })
    expect(received).toBe(0)
  })
})
