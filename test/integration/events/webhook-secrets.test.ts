/**
 * Issue 19, finding 7: webhook signing secrets are sealed at rest (AES-256-GCM under `SECRETS_KEY`,
 * the key's id beside each one). The database row holds no form of the secret; deliveries are still
 * signed with it; rotation re-seals every secret under the current key, and secrets written in the
 * clear before the change are sealed on the next start.
 */
import { createHmac, randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordEvents } from '../../../src/events/events.js'
import { SIGNATURE_HEADER } from '../../../src/events/webhooks.js'
import { openWebhookSecret, sealWebhookSecrets } from '../../../src/events/webhook-secrets.js'
import { SecretsKeyring } from '../../../src/kernel/secrets-keyring.js'
import { startHarness, type Harness } from '../../support/harness.js'

const OLD_KEY = randomBytes(32).toString('base64')
const NEW_KEY = randomBytes(32).toString('base64')
const keyring = SecretsKeyring.parse(`old:${OLD_KEY}`)

let h: Harness
let server: Server
let url: string
const received: Array<{ body: string; signature: string }> = []

/** Every way the secret could be written down: as given, and its key bytes in hex and base64. */
function formsOf(secret: string): string[] {
  const raw = Buffer.from(secret.replace(/^whsec_/, ''), 'base64url')
  return [secret, secret.replace(/^whsec_/, ''), raw.toString('hex'), raw.toString('base64')]
}

async function endpointRow(endpointId: number) {
  return h.db
    .selectFrom('webhookEndpoints')
    .selectAll()
    .where('id', '=', endpointId)
    .executeTakeFirstOrThrow()
}

async function register(): Promise<{ endpointId: number; secret: string }> {
  const response = await h.request('POST', '/v1/webhook-endpoints', {
    key: await h.keyFor('officer'),
    body: { url, eventTypes: ['loan.closed'] },
  })
  expect(response.status, JSON.stringify(response.body)).toBe(201)
  return { endpointId: response.body.endpointId, secret: response.body.secret }
}

beforeAll(async () => {
  h = await startHarness({ secrets: keyring })
  server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      received.push({ body, signature: String(request.headers[SIGNATURE_HEADER.toLowerCase()] ?? '') })
      response.writeHead(204).end()
    })
  })
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
})
afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()))
  await h?.close()
})

describe('webhook signing secrets at rest', () => {
  it('stores no form of the secret in the database row, and signs deliveries with it', async () => {
    const { endpointId, secret } = await register()
    const row = JSON.stringify(await endpointRow(endpointId))
    for (const form of formsOf(secret)) expect(row).not.toContain(form)
    expect((await endpointRow(endpointId)).secretKeyId).toBe('old')

    await recordEvents(h.db, [
      {
        key: `sealed:${endpointId}`,
        type: 'loan.closed',
        businessDate: '2026-01-01',
        subject: { loanId: 1 },
        data: {},
      },
    ])
    const deadline = Date.now() + 60_000
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
    expect(received.length).toBeGreaterThan(0)
    const { body, signature } = received[0]!
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature) ?? []
    expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'))
  })

  it('re-seals every secret under the current key on rotation; the old key id is gone', async () => {
    const first = await register()
    const second = await register()
    const rotated = SecretsKeyring.parse(`new:${NEW_KEY},old:${OLD_KEY}`)
    const result = await sealWebhookSecrets(h.db, rotated, 'all')
    expect(result.sealed).toBeGreaterThanOrEqual(2)
    const ids = await h.db.selectFrom('webhookEndpoints').select('secretKeyId').distinct().execute()
    expect(ids.map((row) => row.secretKeyId)).toEqual(['new'])
    // The new key alone opens them, to the secrets the endpoints were given.
    const newOnly = SecretsKeyring.parse(`new:${NEW_KEY}`)
    for (const endpoint of [first, second]) {
      const row = await endpointRow(endpoint.endpointId)
      expect(openWebhookSecret(row, newOnly)).toBe(endpoint.secret)
      for (const form of formsOf(endpoint.secret)) expect(JSON.stringify(row)).not.toContain(form)
    }
    // Again: nothing left to re-seal.
    expect((await sealWebhookSecrets(h.db, rotated, 'all')).sealed).toBe(0)
  })

  it('seals, on the next start, a secret written in the clear before sealing existed', async () => {
    const { endpointId } = await register()
    const clear = `whsec_${randomBytes(32).toString('base64url')}`
    await h.db
      .updateTable('webhookEndpoints')
      .set({ secretSealed: clear, secretKeyId: null })
      .where('id', '=', endpointId)
      .execute()
    const current = SecretsKeyring.parse(`new:${NEW_KEY}`)
    expect((await sealWebhookSecrets(h.db, current, 'clear')).sealed).toBe(1)
    const row = await endpointRow(endpointId)
    expect(row.secretKeyId).toBe('new')
    for (const form of formsOf(clear)) expect(JSON.stringify(row)).not.toContain(form)
    expect(openWebhookSecret(row, current)).toBe(clear)
  })
})
