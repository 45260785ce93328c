/**
 * `npm start`: a database reached (or a private MariaDB started when none answers), created and
 * migrated, demo data seeded, Temporal reached (or a dev server started), worker and HTTP API up.
 * SIGTERM/SIGINT shut everything down in order.
 * @module
 */
import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import { serve } from '@hono/node-server'
import { Client, Connection } from '@temporalio/client'
import { NativeConnection } from '@temporalio/worker'
import { AdminKey } from './access/principal-service.js'
import { ConfigError, loadConfig, openingBusinessDate, type Config } from './config.js'
import { ensureDatabaseExists } from './db/database.js'
import { DatabaseUnavailableError, resolveDatabase, type ResolvedDatabase } from './db/embedded-database.js'
import { migrateToLatest } from './db/migrate.js'
import { createApp } from './http/app.js'
import { PurchaseCodeSecret } from './agri/purchase-request-code.js'
import { createLogger } from './log.js'
import { PROJECT_ROOT } from './paths.js'
import { demoParties, describeHistory, seedDemoData } from './seed.js'
import { createSignInLink } from './access/sign-in-links.js'
import { openServices } from './services.js'
import { syncSchedules } from './temporal/schedules.js'
import { startDevServer, type DevServer } from './temporal/dev-server.js'
import { installTemporalRuntime } from './temporal/runtime.js'
import { ensureTemporalCli } from './temporal/temporal-cli.js'
import { createWorker } from './worker.js'

function loadConfigOrExit(): Config {
  try {
    return loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message)
      process.exit(1)
    }
    throw error
  }
}

async function resolveDatabaseOrExit(): Promise<ResolvedDatabase> {
  try {
    return await resolveDatabase(
      {
        databaseUrl: config.databaseUrl,
        embedded: config.embeddedDatabase,
        dataDir: resolve(PROJECT_ROOT, config.dataDir),
        dataDirShown: config.dataDir,
      },
      { log: (line) => log.info(line) },
    )
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) {
      console.error(error.message)
      process.exit(1)
    }
    throw error
  }
}

/** The URL without its password, for the start-up summary. */
function redactedDatabaseUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl)
  if (url.password) url.password = '***'
  return url.toString()
}

const config = loadConfigOrExit()
const log = createLogger(config.logLevel)
installTemporalRuntime()

const database = await resolveDatabaseOrExit()
const embeddedDb = database.embedded
// Whatever ends this process (a failed start included), the private server is told to stop too.
if (embeddedDb) process.once('exit', () => embeddedDb.stopWithoutWaiting())
if (database.notice) console.log(database.notice)
await ensureDatabaseExists(database.databaseUrl)
const services = openServices(database.databaseUrl)
const { db } = services
const applied = await migrateToLatest(db, { initialBusinessDate: openingBusinessDate(config) })
if (applied.length) log.info({ applied }, 'migrations applied')
const seeded = await seedDemoData(services, {
  historyDays: config.demoDays,
  log: (line) => console.log(line),
})

let devServer: DevServer | undefined
let temporalAddress = config.temporalAddress
if (!temporalAddress) {
  const cliPath = await ensureTemporalCli((line) => log.info(line))
  devServer = await startDevServer({
    cliPath,
    dataDir: resolve(PROJECT_ROOT, config.dataDir),
    port: 7233,
    uiPort: config.temporalUiPort,
    namespace: config.temporalNamespace,
    log: (line) => log.warn(line),
  })
  temporalAddress = devServer.address
}

const client = new Client({
  connection: await Connection.connect({ address: temporalAddress }),
  namespace: config.temporalNamespace,
})
const workerConnection = await NativeConnection.connect({ address: temporalAddress })
const worker = await createWorker({
  connection: workerConnection,
  namespace: config.temporalNamespace,
  taskQueue: config.taskQueue,
  deps: services,
})
const workerRun = worker.run()
const schedules = await syncSchedules(client, {
  cobCron: config.cobScheduleCron,
  creditRefreshCron: config.creditRefreshCron,
  taskQueue: config.taskQueue,
})

const adminApiKey = config.adminApiKey ?? `adm_${randomBytes(24).toString('base64url')}`
const app = createApp({
  ...services,
  temporal: client,
  taskQueue: config.taskQueue,
  log,
  adminKey: new AdminKey(adminApiKey),
  abuseLimits: config.abuseLimits,
  publicUrl: config.publicUrl,
  ...(config.purchaseCodeSecret
    ? { purchaseCodeSecret: new PurchaseCodeSecret(config.purchaseCodeSecret) }
    : {}),
})
const server = serve({ fetch: app.fetch, port: config.port, hostname: '0.0.0.0' })

const lines = [
  `API          http://127.0.0.1:${config.port}   (readiness: /readyz, reference: /docs)`,
  embeddedDb
    ? `Database     private MariaDB at 127.0.0.1:${embeddedDb.port} (data in ${config.dataDir}/mariadb; stops with this process)`
    : `Database     ${redactedDatabaseUrl(config.databaseUrl)}`,
  devServer ? `Temporal UI  ${devServer.uiUrl}` : `Temporal     ${temporalAddress} (external)`,
  `Schedules    close of business: ${config.cobScheduleCron ?? 'off (COB_SCHEDULE_CRON)'} [${schedules.closeOfBusiness}]; ` +
    `credit lines: ${config.creditRefreshCron ?? 'off (CREDIT_REFRESH_CRON)'} [${schedules.creditRefresh}]`,
  config.adminApiKey
    ? 'Admin key    from ADMIN_API_KEY'
    : `Admin key    ${adminApiKey}   (generated; set ADMIN_API_KEY to keep one)`,
  config.purchaseCodeSecret
    ? 'POS codes    secret from PURCHASE_CODE_SECRET'
    : 'POS codes    random secret for this process (set PURCHASE_CODE_SECRET to share one)',
  ...(seeded.history ? [describeHistory(seeded.history)] : []),
  ...seeded.created.map((principal) => `Demo ${principal.role} key: ${principal.apiKey}`),
  `Console      http://127.0.0.1:${config.port}/console   (sign in with the officer key)`,
  // Each demo party's page, a new single-use link on every start (valid 10 minutes): no key typed.
  ...(await demoSignInLinks()),
]
console.log(lines.join('\n'))

async function demoSignInLinks(): Promise<string[]> {
  const links: string[] = []
  for (const party of await demoParties(db)) {
    const link = await createSignInLink(db, {
      role: party.role,
      subjectId: party.subjectId,
      createdBy: 'npm start',
    })
    links.push(`Sign in as ${party.label}: http://127.0.0.1:${config.port}${link.path}`)
  }
  return links.length
    ? ['Pages (each link works once, for 10 minutes):', ...links.map((line) => `  ${line}`)]
    : []
}

let stopping = false
async function shutdown(signal: string): Promise<void> {
  if (stopping) return
  stopping = true
  log.info({ signal }, 'shutting down')
  await new Promise<void>((done) => server.close(() => done()))
  if (worker.getState() === 'RUNNING') worker.shutdown()
  await workerRun.catch((error: unknown) => log.error({ err: error }, 'worker stopped with an error'))
  await workerConnection.close()
  await client.connection.close()
  await services.close()
  await devServer?.stop()
  await embeddedDb?.stop('SIGTERM')
  log.info('stopped')
  process.exit(0)
}
process.on('SIGTERM', () => void shutdown('SIGTERM'))
process.on('SIGINT', () => void shutdown('SIGINT'))
workerRun.catch((error: unknown) => {
  log.fatal({ err: error }, 'worker failed')
  void shutdown('worker-failure')
})
