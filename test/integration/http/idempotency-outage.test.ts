/**
 * Seen in `npm run chaos`: a loan application's key stayed "in progress" for two minutes after a
 * MariaDB restart of two seconds. One way that happens, pinned here: when a request failed while
 * MySQL was down, releasing its
 * Idempotency-Key failed too, and the key answered "in progress" until its lock expired
 * (IDEMPOTENCY_LOCK_MS, two minutes). Now the release is retried in the background, so the key is
 * free again as soon as MySQL is back.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { AdminKey, createPrincipal } from '../../../src/access/principal-service.js'
import { ensureDatabaseExists } from '../../../src/db/database.js'
import { createMariaDbServer, type MariaDbServer } from '../../../src/db/mariadb-server.js'
import { migrateToLatest } from '../../../src/db/migrate.js'
import { createApp } from '../../../src/http/app.js'
import { IDEMPOTENCY_LOCK_MS } from '../../../src/http/idempotency.js'
import { createLogger } from '../../../src/log.js'
import { openServices, type Services } from '../../../src/services.js'
import { freePort } from '../../../src/ports.js'
import { startHarness, type Harness } from '../../support/harness.js'

/** Well inside the lock: the key must be free within a few seconds of MySQL's return. */
const RELEASED_WITHIN_MS = 10_000

let h: Harness
let mariadb: MariaDbServer
let services: Services
let baseDir: string

beforeAll(async () => {
  h = await startHarness({ worker: false }) // no worker: the application waits on its workflow
  baseDir = mkdtempSync(join(tmpdir(), 'microloan-idem-'))
  mariadb = createMariaDbServer({ baseDir, port: await freePort(), log: () => {} })
  await mariadb.start()
  const databaseUrl = `${mariadb.serverUrl}/microloan_idem`
  await ensureDatabaseExists(databaseUrl)
  services = openServices(databaseUrl)
  await migrateToLatest(services.db, { initialBusinessDate: '2026-01-01' })
})
afterAll(async () => {
  await services?.close()
  await mariadb?.stop('SIGTERM')
  if (baseDir) rmSync(baseDir, { recursive: true, force: true })
  await h?.close()
})

it('frees the key of a request that failed while MySQL was down once MySQL is back', async () => {
  expect(RELEASED_WITHIN_MS).toBeLessThan(IDEMPOTENCY_LOCK_MS)
  const app = createApp({
    ...services,
    temporal: h.client,
    taskQueue: h.taskQueue,
    log: createLogger('silent'),
    adminKey: new AdminKey(h.adminKey),
  })
  const merchant = await services.db
    .insertInto('merchants')
    .values({ externalRef: 'm-1', name: 'Shop', openedOn: '2025-01-01' })
    .executeTakeFirstOrThrow()
  const merchantId = Number(merchant.insertId)
  const principal = await createPrincipal(services.db, { role: 'merchant', subjectId: merchantId })
  const idempotencyKey = 'apply-during-outage'
  const pending = app.request('/v1/loan-applications', {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${principal.apiKey}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': idempotencyKey,
    },
    body: JSON.stringify({
      merchantId,
      amountFen: 10_000,
      termDays: 30,
      repaymentMethod: 'installment',
      frequency: 'daily',
    }),
  })
  const keys = () => services.db.selectFrom('idempotencyKeys').select('state').execute()
  const keyHash = createHash('sha256').update(`p:${principal.principalId}\n${idempotencyKey}`).digest('hex')
  const workflow = h.client.workflow.getHandle(`origination/${merchantId}/${keyHash.slice(0, 32)}`)
  // The key is claimed before the workflow starts: on a busy machine the start can lag behind.
  while ((await keys()).length === 0) await sleep(20)
  while (
    !(await workflow.describe().then(
      () => true,
      () => false,
    ))
  )
    await sleep(20)

  // The request now waits on its workflow (no worker). MySQL goes away, and the workflow fails.
  await mariadb.stop('SIGKILL')
  await workflow.terminate('chaos')
  const answer = await pending
  expect(answer.status).toBe(503) // it could not even release its key

  await mariadb.start()
  const deadline = Date.now() + RELEASED_WITHIN_MS
  while ((await keys().catch(() => [{ state: 'unreachable' }])).length > 0) {
    expect(Date.now(), 'the key is still claimed').toBeLessThan(deadline)
    await sleep(100)
  }
})
