/**
 * Per test file: its own MySQL database (migrated), a real worker on its own task queue against the
 * run's Temporal dev server, and the Hono app wired to both. Nothing is mocked.
 */
import { randomBytes } from 'node:crypto'
import { Client, Connection } from '@temporalio/client'
import { NativeConnection, type Worker } from '@temporalio/worker'
import { expect, inject } from 'vitest'
import { AdminKey, createPrincipal } from '../../src/access/principal-service.js'
import { dropDatabase, ensureDatabaseExists, type Db } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { createApp, type App, type AppDeps } from '../../src/http/app.js'
import type { Role } from '../../src/access/principal.js'
import type { LedgerService } from '../../src/ledger/ledger-service.js'
import type { SecretsKeyring } from '../../src/kernel/secrets-keyring.js'
import { openServices } from '../../src/services.js'
import { createLogger } from '../../src/log.js'
import { installTemporalRuntime } from '../../src/temporal/runtime.js'
import { createWorker } from '../../src/worker.js'
import { testNamespace } from './namespaces.js'

export const TEST_INITIAL_BUSINESS_DATE = '2026-01-01'
/**
 * The tests' webhook receivers listen on loopback, and the authorization matrix registers
 * `example.test` (which resolves nowhere): allowed here as a deployment would list its own local
 * receivers. The SSRF test passes its own policy, with nothing allowed.
 */
process.env.WEBHOOK_ALLOWED_HOSTS ??= '127.0.0.1,example.test'
const SERVER_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306'

export type ApiResponse<T = any> = { status: number; body: T; headers: Headers }

export type RequestOptions = { key?: string | undefined; body?: unknown; headers?: Record<string, string> }

export type Harness = {
  app: App
  db: Db
  secrets: SecretsKeyring
  ledger: LedgerService
  databaseUrl: string
  client: Client
  temporalAddress: string
  namespace: string
  taskQueue: string
  adminKey: string
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>
  /** POSTs `body` and expects 201 (failing with the answer's body otherwise); returns the body. */
  created<T = any>(path: string, key: string, body: unknown, idempotencyKey?: string): Promise<T>
  keyFor(role: Role, subjectId?: number): Promise<string>
  close(): Promise<void>
}

let runtimeInstalled = false

export function testDatabaseUrl(): string {
  return `${SERVER_URL}/mlt_${inject('runId')}_${randomBytes(4).toString('hex')}`
}

export type HarnessOptions = {
  worker?: boolean
  /** The keys secrets are sealed under; unset = the development key (see openServices). */
  secrets?: SecretsKeyring
  /** Overrides of the app's wiring: abuse limits and their clock, a capturing logger. */
  app?: Partial<
    Pick<AppDeps, 'abuseLimits' | 'nowMs' | 'log' | 'webhookPolicy' | 'publicUrl' | 'workflowAnswerWaitMs'>
  >
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  if (!runtimeInstalled) {
    installTemporalRuntime()
    runtimeInstalled = true
  }
  const databaseUrl = testDatabaseUrl()
  await ensureDatabaseExists(databaseUrl)
  const services = openServices(databaseUrl, options.secrets ? { secrets: options.secrets } : {})
  const { db, ledger } = services
  await migrateToLatest(db, { initialBusinessDate: TEST_INITIAL_BUSINESS_DATE })

  const temporalAddress = inject('temporalAddress')
  const taskQueue = `test-${randomBytes(6).toString('hex')}`
  const namespace = testNamespace()
  const client = new Client({ connection: await Connection.connect({ address: temporalAddress }), namespace })

  let worker: Worker | undefined
  let workerRun: Promise<void> | undefined
  let workerConnection: NativeConnection | undefined
  if (options.worker ?? true) {
    workerConnection = await NativeConnection.connect({ address: temporalAddress })
    worker = await createWorker({
      connection: workerConnection,
      namespace,
      taskQueue,
      deps: services,
      workflowBundle: { codePath: inject('workflowBundlePath') },
    })
    workerRun = worker.run()
  }

  const adminKey = `adm_${randomBytes(24).toString('base64url')}`
  const app = createApp({
    ...services,
    temporal: client,
    taskQueue,
    log: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    adminKey: new AdminKey(adminKey),
    ...options.app,
  })

  async function request<T>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers }
    if (options.key) headers.Authorization = `Bearer ${options.key}`
    let body: string | undefined
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body)
      headers['Content-Type'] ??= 'application/json'
    }
    const response = await app.request(path, { method, headers, body })
    const text = await response.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : undefined
    } catch {
      // not JSON: leave the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers }
  }

  return {
    app,
    db,
    secrets: services.secrets,
    ledger,
    databaseUrl,
    client,
    temporalAddress,
    namespace,
    taskQueue,
    adminKey,
    request,
    async created(path, key, body, idempotencyKey) {
      const response = await request<any>('POST', path, {
        key,
        body,
        ...(idempotencyKey ? { headers: { 'Idempotency-Key': idempotencyKey } } : {}),
      })
      expect(response.status, JSON.stringify(response.body)).toBe(201)
      return response.body
    },
    async keyFor(role, subjectId) {
      const created = await createPrincipal(db, { role, subjectId: subjectId ?? null })
      return created.apiKey
    },
    async close() {
      if (worker && worker.getState() === 'RUNNING') worker.shutdown()
      await workerRun
      await workerConnection?.close()
      await client.connection.close()
      await services.close()
      await dropDatabase(databaseUrl)
    },
  }
}
