/**
 * `npm run model:servicing -- --paths N --seed S [--days D] [--features a,b,c] [--concurrency C]
 * [--quote-share Q] [--read-every R] [--json]`: the model-based
 * servicing run (issue 16) against a fresh database, a Temporal dev server and a real worker, the way
 * the integration tests wire them. Prints the mismatches grouped by field with an example of each, and
 * exits 1 when there is any.
 */
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import type { Client } from '@temporalio/client'
import { TestWorkflowEnvironment } from '@temporalio/testing'
import { NativeConnection } from '@temporalio/worker'
import { AdminKey, createPrincipal } from '../../src/access/principal-service.js'
import { dropDatabase, ensureDatabaseExists } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { createApp } from '../../src/http/app.js'
import { createLogger } from '../../src/log.js'
import { openServices } from '../../src/services.js'
import { DEV_SERVER_TUNING_ARGS, EPHEMERAL_SQLITE_ARGS } from '../../src/temporal/dev-server.js'
import { installTemporalRuntime } from '../../src/temporal/runtime.js'
import { ensureTemporalCli } from '../../src/temporal/temporal-cli.js'
import { createWorker } from '../../src/worker.js'
import {
  ALL_FEATURES,
  groupMismatches,
  runServicingModel,
  type Feature,
  type ModelSystem,
} from './servicing-model-run.js'

const { values } = parseArgs({
  options: {
    paths: { type: 'string', default: '12' },
    seed: { type: 'string' },
    days: { type: 'string', default: '90' },
    features: { type: 'string' },
    concurrency: { type: 'string', default: '8' },
    'quote-share': { type: 'string', default: '1' },
    'read-every': { type: 'string', default: '1' },
    portfolio: { type: 'boolean', default: true },
    json: { type: 'boolean', default: false },
  },
})
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed)
const features = values.features
  ? (values.features.split(',').map((feature) => feature.trim()) as Feature[])
  : [...ALL_FEATURES]
for (const feature of features) {
  if (!ALL_FEATURES.includes(feature))
    throw new Error(`unknown feature ${feature}; known: ${ALL_FEATURES.join(', ')}`)
}

installTemporalRuntime()
const cliPath = await ensureTemporalCli((line) => console.log(line))
const server = process.env.MODEL_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306'
const databaseUrl = `${server}/mlmodel_${randomBytes(4).toString('hex')}`
await ensureDatabaseExists(databaseUrl)
const services = openServices(databaseUrl)
await migrateToLatest(services.db, { initialBusinessDate: '2026-01-01' })
const env = await TestWorkflowEnvironment.createLocal({
  server: {
    executable: { type: 'existing-path', path: cliPath },
    ip: '127.0.0.1',
    extraArgs: [...EPHEMERAL_SQLITE_ARGS, ...DEV_SERVER_TUNING_ARGS],
  },
})
const taskQueue = `model-${randomBytes(4).toString('hex')}`
const connection = await NativeConnection.connect({ address: env.address })
const worker = await createWorker({ connection, namespace: 'default', taskQueue, deps: services })
const workerRun = worker.run()
const adminKey = `adm_${randomBytes(24).toString('base64url')}`
const app = createApp({
  ...services,
  temporal: env.client as unknown as Client,
  taskQueue,
  log: createLogger('silent'),
  adminKey: new AdminKey(adminKey),
})

const system: ModelSystem = {
  db: services.db,
  ledger: services.ledger,
  async request(method, path, options = {}) {
    const headers: Record<string, string> = { ...options.headers }
    if (options.key) headers.Authorization = `Bearer ${options.key}`
    let body: string | undefined
    if (options.body !== undefined) {
      body = JSON.stringify(options.body)
      headers['Content-Type'] = 'application/json'
    }
    const response = await app.request(path, { method, headers, body })
    const text = await response.text()
    return { status: response.status, body: text ? JSON.parse(text) : undefined }
  },
  async keyFor(role, subjectId) {
    return (await createPrincipal(services.db, { role, subjectId: subjectId ?? null })).apiKey
  },
}

let exitCode = 0
try {
  const startedAt = performance.now()
  console.log(
    `model:servicing seed ${seed}, ${values.paths} paths, ${values.days} days, features ${features.join(',')}`,
  )
  const result = await runServicingModel(system, {
    seed,
    paths: Number(values.paths),
    days: Number(values.days),
    features,
    concurrency: Number(values.concurrency),
    quoteShare: Number(values['quote-share']),
    readEveryNights: Number(values['read-every']),
    portfolio: values.portfolio,
    log: (line) => console.log(`  ${line}`),
  })
  for (const path of result.paths) {
    const count = result.mismatches.filter((mismatch) => mismatch.path === path.path).length
    console.log(`  ${path.path}: loans ${path.loanIds.join(', ') || '(none)'}, ${count} mismatches`)
  }
  console.log(
    `${result.loans} loans, ${result.nights} nights, ${result.comparisons} comparisons, ` +
      `${result.mismatches.length} mismatches in ${((performance.now() - startedAt) / 1000).toFixed(1)} s (seed ${seed})`,
  )
  if (result.firstMismatch) {
    console.log(
      `first mismatch ${result.firstMismatch.seconds.toFixed(1)} s into the run, on night ${result.firstMismatch.night}`,
    )
  }
  for (const group of groupMismatches(result.mismatches)) {
    const { example } = group
    console.log(
      `- ${group.field}: ${group.count} on ${group.loans.size} loan(s), first mismatch of ${group.firstPerLoan} loan(s); ` +
        `e.g. seed ${example.seed} loan ${example.loanId} (${example.path}) ${example.date}: ` +
        `expected ${JSON.stringify(example.expected)} actual ${JSON.stringify(example.actual)}`,
    )
  }
  if (values.json) console.log(JSON.stringify(result.mismatches))
  if (result.mismatches.length > 0) exitCode = 1
} finally {
  worker.shutdown()
  await workerRun
  await connection.close()
  await env.teardown()
  await services.close()
  await dropDatabase(databaseUrl)
}
process.exit(exitCode)
