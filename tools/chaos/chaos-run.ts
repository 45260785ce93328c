/**
 * The fault-injection suite (`npm run chaos`, and in short form a vitest file): real client traffic
 * over HTTP against the real API, a worker in a child process, a Temporal dev server and a MariaDB
 * server of its own, while it SIGKILLs the worker and stops and restarts Temporal and MariaDB. The
 * clients retry each request with the same Idempotency-Key until it has a definitive answer. Then it
 * checks that every accepted request had exactly its effect (chaos-check.ts), that every workflow
 * finished or is a farm loan still waiting for its harvest, and that the ledger verifies.
 *
 * The API runs in this process, with its own pool and its own Temporal client, behind a real HTTP
 * server: it holds no state of its own (everything is in MySQL and Temporal, which are the processes
 * the suite kills), and in-process it needs no second entry point; the worker is a child process so
 * that SIGKILL is real.
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { serve, type ServerType } from '@hono/node-server'
import { Client, Connection } from '@temporalio/client'
import { bundleWorkflowCode } from '@temporalio/worker'
import { randomBytes } from 'node:crypto'
import { reviewProduct } from '../../src/agri/parties.js'
import { AdminKey } from '../../src/access/principal-service.js'
import { createDb, ensureDatabaseExists, type Db } from '../../src/db/database.js'
import { createMariaDbServer, type MariaDbServer } from '../../src/db/mariadb-server.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { createApp } from '../../src/http/app.js'
import { accounts } from '../../src/ledger/chart-of-accounts.js'
import { accountBalance } from '../../src/ledger/ledger-repository.js'
import { verifyLedger, type VerifyResult } from '../../src/ledger/ledger-verifier.js'
import { createLogger } from '../../src/log.js'
import { WORKFLOWS_PATH } from '../../src/paths.js'
import { seedDemoData } from '../../src/seed.js'
import { openServices, type Services } from '../../src/services.js'
import { freePort } from '../../src/ports.js'
import { startDevServer, type DevServer } from '../../src/temporal/dev-server.js'
import { installTemporalRuntime } from '../../src/temporal/runtime.js'
import { ensureTemporalCli } from '../../src/temporal/temporal-cli.js'
import { startWorkerProcess, type WorkerProcess } from '../../src/worker-process.js'
import { collectFacts, findAnomalies, type Expectations } from './chaos-check.js'
import { ChaosClient, TrafficStats, type Answer, type RequestSpec } from './chaos-client.js'
import {
  FARM_SKUS,
  FAULT_KINDS,
  planFaults,
  planSteps,
  type Fault,
  type FaultKind,
  type PlannedStep,
} from './chaos-plan.js'

export type ChaosOptions = {
  seed: number
  /** Traffic stops being sent after this long; what is in flight is then answered. */
  durationMs: number
  merchants: number
  farms: number
  applicationsPerMerchant: number
  purchasesPerFarm: number
  deliveriesPerFarm: number
  /** Requests in flight at once. */
  clients: number
  faultCount: number
  faultGapMs: readonly [number, number]
  downMs: readonly [number, number]
  faultKinds: readonly FaultKind[]
  /** After the traffic: how long requests may take to be answered, and workflows to finish. */
  drainTimeoutMs: number
  keepData: boolean
  log: (line: string) => void
}

export const CHAOS_DEFAULTS: Omit<ChaosOptions, 'seed' | 'log'> = {
  durationMs: 120_000,
  merchants: 30,
  farms: 10,
  applicationsPerMerchant: 3,
  purchasesPerFarm: 6,
  deliveriesPerFarm: 3,
  clients: 12,
  faultCount: 12,
  faultGapMs: [2_000, 8_000],
  downMs: [500, 4_000],
  faultKinds: FAULT_KINDS,
  drainTimeoutMs: 180_000,
  keepData: false,
}

export type ChaosReport = {
  seed: number
  plannedSteps: number
  stepsRun: number
  stepsSkipped: number
  stats: TrafficStats
  faults: Record<FaultKind, number>
  workerExitsUnplanned: number
  openWorkflowsLongLived: number
  anomalies: string[]
  verify: VerifyResult
  wallTimeMs: number
  dataDir: string
}

const DATABASE_NAME = 'microloan_chaos'
const CONTRACT_QUANTITY_KG = 10_000
const CONTRACT_PRICE_FEN_PER_KG = 300
const FARM_LOAN_FEN = 1_000_000
const PREMIUM_FEN = 20_000
const COVERAGE_BPS = 8_000
const MERCHANT_MIN_AVAILABLE_FEN = 10_000
const SUPERVISE_INTERVAL_MS = 500
const TASK_QUEUE = 'chaos'
const NAMESPACE = 'default'
const FARM_PRODUCTS = [
  { sku: FARM_SKUS.seed, category: 'seed', priceFen: 5_000 },
  { sku: FARM_SKUS.fertilizer, category: 'fertilizer', priceFen: 8_000 },
  { sku: FARM_SKUS.ineligible, category: 'electronics', priceFen: 99_900 },
] as const

type Merchant = { merchantId: number; apiKey: string; principalRef: string; availableFen: number }
type Farm = { farmerId: number; apiKey: string; contractId: number; walletId: number }

/** The processes under test and the faults done to them. */
class Rig {
  temporal: DevServer | undefined
  worker: WorkerProcess | undefined
  faultInProgress = false
  readonly faults: Record<FaultKind, number> = { worker: 0, temporal: 0, mysql: 0 }
  workerExitsUnplanned = 0

  constructor(
    readonly mariadb: MariaDbServer,
    readonly databaseUrl: string,
    readonly temporalOptions: Parameters<typeof startDevServer>[0],
    readonly workflowBundlePath: string,
    readonly log: (line: string) => void,
  ) {}

  get temporalAddress(): string {
    return `127.0.0.1:${this.temporalOptions.port}`
  }

  async startTemporal(): Promise<void> {
    this.temporal = await startDevServer(this.temporalOptions)
  }

  async startWorker(): Promise<void> {
    this.worker = await startWorkerProcess({
      databaseUrl: this.databaseUrl,
      temporalAddress: this.temporalAddress,
      namespace: NAMESPACE,
      taskQueue: TASK_QUEUE,
      workflowBundlePath: this.workflowBundlePath,
    })
  }

  /** Restarts a worker that died by itself (say, when Temporal went away), unless a fault is on. */
  async supervise(): Promise<void> {
    if (this.faultInProgress || this.worker?.running) return
    this.workerExitsUnplanned++
    this.log('worker exited by itself: starting another')
    await this.startWorker().catch((error: unknown) => this.log(`worker restart failed: ${String(error)}`))
  }

  async inject(fault: Fault): Promise<void> {
    this.faultInProgress = true
    try {
      this.faults[fault.kind]++
      this.log(`fault: ${fault.kind} ${fault.signal}, down ${fault.downMs} ms`)
      switch (fault.kind) {
        case 'worker':
          await this.worker?.kill()
          await sleep(fault.downMs)
          await this.startWorker()
          break
        case 'temporal':
          await this.temporal?.stop(fault.signal)
          await sleep(fault.downMs)
          await this.startTemporal()
          if (!this.worker?.running) await this.startWorker()
          break
        case 'mysql':
          await this.mariadb.stop(fault.signal)
          await sleep(fault.downMs)
          await this.mariadb.start()
          break
        default:
          fault.kind satisfies never
      }
    } finally {
      this.faultInProgress = false
    }
  }

  async close(): Promise<void> {
    await this.worker?.kill()
    await this.temporal?.stop()
    await this.mariadb.stop('SIGTERM')
  }
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const startedAt = Date.now()
  const { log } = options
  installTemporalRuntime()
  const dataDir = mkdtempSync(join(tmpdir(), 'microloan-chaos-'))
  const mariadb = createMariaDbServer({ baseDir: join(dataDir, 'mariadb'), port: await freePort(), log })
  await mariadb.start()
  const databaseUrl = `${mariadb.serverUrl}/${DATABASE_NAME}`
  const cliPath = await ensureTemporalCli(log)
  const bundlePath = join(dataDir, 'workflows.js')
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger })
  writeFileSync(bundlePath, code)
  const rig = new Rig(
    mariadb,
    databaseUrl,
    {
      cliPath,
      dataDir: join(dataDir, 'temporal'),
      port: await freePort(),
      uiPort: await freePort(),
      namespace: NAMESPACE,
      log: () => {}, // its complaints while MySQL or a peer is down are expected
    },
    bundlePath,
    log,
  )
  let services: Services | undefined
  let client: Client | undefined
  let server: ServerType | undefined
  let checkDb: Db | undefined
  try {
    await rig.startTemporal()
    await ensureDatabaseExists(databaseUrl)
    services = openServices(databaseUrl)
    await migrateToLatest(services.db, { initialBusinessDate: '2026-01-01' })
    await seedDemoData(services)
    await rig.startWorker()
    client = new Client({
      connection: await Connection.connect({ address: rig.temporalAddress }),
      namespace: NAMESPACE,
    })
    const adminKey = `adm_${randomBytes(24).toString('base64url')}`
    const app = createApp({
      ...services,
      temporal: client,
      taskQueue: TASK_QUEUE,
      log: createLogger(process.env.CHAOS_LOG_LEVEL ?? 'silent'),
      adminKey: new AdminKey(adminKey),
    })
    const apiPort = await freePort()
    server = serve({ fetch: app.fetch, port: apiPort, hostname: '127.0.0.1' })
    const stats = new TrafficStats()
    const http = new ChaosClient(`http://127.0.0.1:${apiPort}`, stats, log)
    checkDb = createDb(databaseUrl, { connectionLimit: 4 })

    log(`seed ${options.seed}; data in ${dataDir}; MariaDB :${mariadb.port}, Temporal ${rig.temporalAddress}`)
    const setup = new Setup(http, adminKey, checkDb)
    const merchants = await setup.merchants(options.merchants)
    const farms = await setup.farms(options.farms)
    const expected: Expectations = {
      merchantIds: merchants.map((merchant) => merchant.merchantId),
      farms: await Promise.all(
        farms.map(async (farm) => ({
          walletId: farm.walletId,
          farmerId: farm.farmerId,
          restrictedBaselineFen: (
            await accountBalance(checkDb!, accounts.restrictedWallet(farm.walletId).code)
          ).balanceFen,
          farmerBaselineFen: (await accountBalance(checkDb!, accounts.farmerWallet(farm.farmerId).code))
            .balanceFen,
        })),
      ),
      approvedLoans: [],
      repayments: [],
      refusedRepaymentKeys: [],
      purchases: [],
      deliveries: [],
    }
    const planOptions = { ...options, merchants }
    const steps = planSteps(planOptions)
    const faults = planFaults(planOptions)
    log(
      `setup: ${merchants.length} merchants with a line, ${farms.length} funded farm loans; ${steps.length} steps, ${faults.length} faults planned`,
    )

    // ---- traffic and faults
    const trafficEndsAt = Date.now() + options.durationMs
    const answerDeadline = trafficEndsAt + options.drainTimeoutMs
    const traffic = new Traffic(http, stats, merchants, farms, expected, answerDeadline).withAgriParties(
      setup.supplierId,
      setup.offtakerKey,
    )
    let trafficDone = false
    const supervisor = (async () => {
      while (!trafficDone) {
        await rig.supervise()
        await sleep(SUPERVISE_INTERVAL_MS)
      }
    })()
    const faulting = (async () => {
      for (const fault of faults) {
        const strikeAt = Date.now() + fault.afterMs
        while (Date.now() < strikeAt && !trafficDone) await sleep(50)
        if (trafficDone || Date.now() > trafficEndsAt) break
        await rig.inject(fault)
      }
    })()
    await traffic.run(steps, options.clients, trafficEndsAt)
    trafficDone = true
    await faulting
    await supervisor
    await rig.supervise()
    log(
      `traffic done: ${traffic.stepsRun} steps run, ${traffic.stepsSkipped} skipped; ${formatFaults(rig.faults)}`,
    )

    // ---- every answer stands: the same key gives the same answer
    const replayMismatches = await traffic.replayAll(answerDeadline)
    stats.anomalies.push(...replayMismatches)

    // ---- workflows: finished, or a farm loan still waiting for its harvest
    const workflows = await settleWorkflows(client, checkDb, Date.now() + options.drainTimeoutMs)
    stats.anomalies.push(...workflows.anomalies)

    // ---- the effects
    const facts = await collectFacts(checkDb, expected)
    const anomalies = [...stats.anomalies, ...findAnomalies(expected, facts)]
    const verify = await verifyLedger(checkDb)
    if (!verify.ok) anomalies.push(`ledger:verify: ${verify.discrepancy}`)
    return {
      seed: options.seed,
      plannedSteps: steps.length,
      stepsRun: traffic.stepsRun,
      stepsSkipped: traffic.stepsSkipped,
      stats,
      faults: rig.faults,
      workerExitsUnplanned: rig.workerExitsUnplanned,
      openWorkflowsLongLived: workflows.longLived,
      anomalies,
      verify,
      wallTimeMs: Date.now() - startedAt,
      dataDir,
    }
  } finally {
    if (server) await new Promise<void>((done) => server!.close(() => done()))
    await client?.connection.close()
    await checkDb?.destroy()
    await services?.close()
    await rig.close()
    if (!options.keepData) rmSync(dataDir, { recursive: true, force: true })
  }
}

export function formatFaults(faults: Record<FaultKind, number>): string {
  const total = Object.values(faults).reduce((sum, n) => sum + n, 0)
  return `${total} faults: worker SIGKILL ${faults.worker}, Temporal restart ${faults.temporal}, MariaDB restart ${faults.mysql}`
}

/** Parties, keys, lines and funded farm loans, through the API before any fault. */
class Setup {
  readonly #deadline = () => Date.now() + 60_000

  constructor(
    readonly http: ChaosClient,
    readonly adminKey: string,
    readonly db: Db,
  ) {}

  async #ok(spec: RequestSpec, label: string): Promise<Answer['body']> {
    const answer = await this.http.untilDefinitive(spec, `setup ${label}`, this.#deadline())
    if (!answer || answer.status >= 300) throw new Error(`setup ${label}: ${answer?.status} ${answer?.text}`)
    return answer.body
  }

  async #principal(role: string, subjectId: number): Promise<{ apiKey: string; principalRef: string }> {
    const body = await this.#ok(
      { method: 'POST', path: '/v1/admin/principals', apiKey: this.adminKey, body: { role, subjectId } },
      `principal ${role} ${subjectId}`,
    )
    return { apiKey: body.apiKey, principalRef: `p:${body.principalId}` }
  }

  async merchants(count: number): Promise<Merchant[]> {
    const rows = await this.db.selectFrom('merchants').select('id').orderBy('id').execute()
    const merchants: Merchant[] = []
    for (const row of rows) {
      if (merchants.length >= count) break
      const merchantId = Number(row.id)
      const principal = await this.#principal('merchant', merchantId)
      const offer = await this.#ok(
        { method: 'GET', path: `/v1/merchants/${merchantId}/offer`, apiKey: principal.apiKey },
        `offer ${merchantId}`,
      )
      if (offer.eligible && offer.availableFen >= MERCHANT_MIN_AVAILABLE_FEN)
        merchants.push({ merchantId, ...principal, availableFen: offer.availableFen })
    }
    return merchants
  }

  async farms(count: number): Promise<Farm[]> {
    if (count === 0) return []
    const admin = (path: string, body: unknown) =>
      this.#ok({ method: 'POST', path, apiKey: this.adminKey, body }, path)
    const supplier = await admin('/v1/suppliers', {
      externalRef: 'chaos-agri-shop',
      name: 'Agri Shop',
      approved: true,
    })
    const supplierKey = (await this.#principal('supplier', supplier.supplierId)).apiKey
    for (const product of FARM_PRODUCTS) {
      await this.#ok(
        {
          method: 'PUT',
          path: `/v1/suppliers/${supplier.supplierId}/products/${product.sku}`,
          apiKey: supplierKey,
          body: { name: product.sku, category: product.category, priceFen: product.priceFen },
        },
        `product ${product.sku}`,
      )
      // An officer reviews it as labelled: restricted money buys only reviewed products.
      await reviewProduct(this.db, {
        supplierId: supplier.supplierId,
        sku: product.sku,
        decision: 'approve',
        category: product.category,
        referencePriceFen: product.priceFen,
        reason: 'chaos setup: reviewed as labelled',
        principalRef: 'chaos',
      })
    }
    this.supplierId = supplier.supplierId
    const offtaker = await admin('/v1/offtakers', {
      externalRef: 'chaos-grain-co',
      name: 'Grain Co',
      approved: true,
    })
    this.offtakerKey = (await this.#principal('offtaker', offtaker.offtakerId)).apiKey
    const insurer = await admin('/v1/insurers', {
      externalRef: 'chaos-mutual',
      name: 'Harvest Mutual',
      approved: true,
    })
    const insurerKey = (await this.#principal('insurer', insurer.insurerId)).apiKey
    const farms: Farm[] = []
    for (let f = 0; f < count; f++) {
      const farmer = await admin('/v1/farmers', {
        externalRef: `chaos-farmer-${f}`,
        name: `Farmer ${f}`,
        region: 'Jilin',
      })
      const { apiKey } = await this.#principal('farmer', farmer.farmerId)
      const contract = await this.#ok(
        {
          method: 'POST',
          path: '/v1/offtake-contracts',
          apiKey: this.offtakerKey,
          body: {
            farmerId: farmer.farmerId,
            crop: 'rice',
            quantityKg: CONTRACT_QUANTITY_KG,
            priceFenPerKg: CONTRACT_PRICE_FEN_PER_KG,
            deliveryFrom: '2026-01-01',
            deliveryTo: '2026-03-31',
          },
        },
        `contract ${f}`,
      )
      await this.#ok(
        {
          method: 'POST',
          path: `/v1/offtake-contracts/${contract.contractId}/guarantee-requests`,
          apiKey,
          body: { insurerId: insurer.insurerId },
        },
        `guarantee request ${f}`,
      )
      const policy = await this.#ok(
        {
          method: 'POST',
          path: '/v1/guarantee-policies',
          apiKey: insurerKey,
          body: {
            farmerId: farmer.farmerId,
            contractId: contract.contractId,
            coverageBps: COVERAGE_BPS,
            premiumFen: PREMIUM_FEN,
          },
        },
        `policy ${f}`,
      )
      const applied = await this.#ok(
        {
          method: 'POST',
          path: '/v1/agri-loan-applications',
          apiKey,
          idempotencyKey: `chaos-agri-${f}`,
          body: {
            farmerId: farmer.farmerId,
            contractId: contract.contractId,
            policyId: policy.policyId,
            amountFen: FARM_LOAN_FEN,
          },
        },
        `agri application ${f}`,
      )
      if (applied.status !== 'approved') throw new Error(`farm ${f}: ${JSON.stringify(applied)}`)
      farms.push({
        farmerId: farmer.farmerId,
        apiKey,
        contractId: contract.contractId,
        walletId: applied.restrictedWalletId,
      })
    }
    return farms
  }

  supplierId = 0
  offtakerKey = ''
}

type Sent = { label: string; spec: RequestSpec; answer: Answer }

/** Runs the planned steps with bounded concurrency and turns definitive answers into expectations. */
class Traffic {
  stepsRun = 0
  stepsSkipped = 0
  readonly #answered: Sent[] = []
  readonly #done = new Map<string, Promise<Answer | undefined>>()
  readonly #amounts = new Map<string, number>()
  #supplierId = 0
  #offtakerKey = ''

  constructor(
    readonly http: ChaosClient,
    readonly stats: TrafficStats,
    readonly merchants: Merchant[],
    readonly farms: Farm[],
    readonly expected: Expectations,
    readonly deadline: number,
  ) {}

  withAgriParties(supplierId: number, offtakerKey: string): this {
    this.#supplierId = supplierId
    this.#offtakerKey = offtakerKey
    return this
  }

  async run(steps: PlannedStep[], clients: number, stopLaunchingAt: number): Promise<void> {
    let next = 0
    // The plan is spread over the traffic phase, so that faults strike while requests are in flight.
    const startedAt = Date.now()
    const spacingMs = (stopLaunchingAt - startedAt) / Math.max(1, steps.length)
    const lane = async () => {
      while (next < steps.length && Date.now() < stopLaunchingAt) {
        const index = next++
        const step = steps[index]!
        const launchAt = startedAt + index * spacingMs
        if (Date.now() < launchAt) await sleep(launchAt - Date.now())
        const settled = this.#step(step)
        this.#done.set(step.id, settled)
        await settled
      }
    }
    await Promise.all(Array.from({ length: clients }, lane))
    this.stepsSkipped += steps.length - next
  }

  /** Sends `spec` (and `duplicates` identical copies at once); all must agree. */
  async #send(spec: RequestSpec, label: string, duplicates: number): Promise<Answer | undefined> {
    const answers = await Promise.all(
      Array.from({ length: 1 + duplicates }, () => this.http.untilDefinitive(spec, label, this.deadline)),
    )
    const first = answers[0]
    for (const other of answers.slice(1)) {
      if (first && other && (other.status !== first.status || other.text !== first.text))
        this.stats.anomalies.push(
          `${label}: two sends with one key answered ${first.status} and ${other.status}`,
        )
    }
    if (first) this.#answered.push({ label, spec, answer: first })
    return first
  }

  #expectOnly(label: string, answer: Answer, statuses: number[]): boolean {
    if (statuses.includes(answer.status)) return true
    this.stats.anomalies.push(`${label}: unexpected ${answer.status} ${answer.text.slice(0, 200)}`)
    return false
  }

  async #step(step: PlannedStep): Promise<Answer | undefined> {
    this.stepsRun++
    switch (step.kind) {
      case 'apply': {
        const merchant = this.merchants[step.merchant]!
        const answer = await this.#send(
          {
            method: 'POST',
            path: '/v1/loan-applications',
            apiKey: merchant.apiKey,
            idempotencyKey: `chaos-${step.id}`,
            body: {
              merchantId: merchant.merchantId,
              amountFen: step.amountFen,
              termDays: 30,
              repaymentMethod: 'installment',
              frequency: 'daily',
            },
          },
          step.id,
          step.duplicates,
        )
        if (answer && this.#expectOnly(step.id, answer, [201, 422]) && answer.body.status === 'approved') {
          this.expected.approvedLoans.push({
            merchantId: merchant.merchantId,
            loanId: answer.body.loanId,
            amountFen: step.amountFen,
          })
          this.#amounts.set(step.id, step.amountFen)
        }
        return answer
      }
      case 'repay':
      case 'repay_race': {
        const parent = await this.#done.get(step.parent)
        if (parent?.status !== 201 || parent.body.status !== 'approved') {
          this.stepsSkipped++
          return undefined
        }
        const merchant = this.merchants[step.merchant]!
        const amountFen = Math.max(1, Math.floor((this.#amounts.get(step.parent)! * step.amountBps) / 10_000))
        const keys =
          step.kind === 'repay_race' ? [`chaos-${step.id}-a`, `chaos-${step.id}-b`] : [`chaos-${step.id}`]
        const answers = await Promise.all(
          keys.map(async (key) => {
            const answer = await this.#send(
              {
                method: 'POST',
                path: `/v1/loans/${parent.body.loanId}/repayments`,
                apiKey: merchant.apiKey,
                idempotencyKey: key,
                body: { amountFen },
              },
              `${step.id} ${key}`,
              step.duplicates,
            )
            const ledgerKey = `repay:${merchant.principalRef}:${key}`
            if (!answer || !this.#expectOnly(key, answer, [200, 422])) return answer
            if (answer.status === 200) {
              const a = answer.body.allocation
              this.expected.repayments.push({
                merchantId: merchant.merchantId,
                loanId: parent.body.loanId,
                ledgerKey,
                paidFen: a.penaltyFen + a.feesFen + a.interestFen + a.principalFen,
                principalFen: a.principalFen,
              })
            } else this.expected.refusedRepaymentKeys.push(ledgerKey)
            return answer
          }),
        )
        return answers[0]
      }
      case 'purchase': {
        const farm = this.farms[step.farm]!
        const answer = await this.#send(
          {
            method: 'POST',
            path: `/v1/restricted-wallets/${farm.walletId}/purchases`,
            apiKey: farm.apiKey,
            idempotencyKey: `chaos-${step.id}`,
            body: { supplierId: this.#supplierId, lines: step.lines },
          },
          step.id,
          step.duplicates,
        )
        if (answer && this.#expectOnly(step.id, answer, [201, 422]) && answer.status === 201)
          this.expected.purchases.push({
            walletId: farm.walletId,
            purchaseId: answer.body.purchaseId,
            amountFen: answer.body.amountFen,
          })
        return answer
      }
      case 'deliver': {
        const farm = this.farms[step.farm]!
        const answer = await this.#send(
          {
            method: 'POST',
            path: `/v1/offtake-contracts/${farm.contractId}/deliveries`,
            apiKey: this.#offtakerKey,
            idempotencyKey: `chaos-${step.id}`,
            body: { quantityKg: step.quantityKg, deliveredOn: '2026-01-01' },
          },
          step.id,
          step.duplicates,
        )
        if (answer && this.#expectOnly(step.id, answer, [201, 422]) && answer.status === 201)
          this.expected.deliveries.push({
            walletId: farm.walletId,
            farmerId: farm.farmerId,
            deliveryId: answer.body.deliveryId,
            sweptFen: answer.body.sweptFen,
            toFarmerFen: answer.body.waterfall.toFarmerFen,
          })
        return answer
      }
      default:
        return step satisfies never
    }
  }

  /** Sends every answered request once more with its key: the answer must be the first one, exactly. */
  async replayAll(deadline: number): Promise<string[]> {
    const mismatches: string[] = []
    for (const sent of this.#answered) {
      if (sent.spec.idempotencyKey === undefined) continue
      const again = await this.http.untilDefinitive(sent.spec, `replay ${sent.label}`, deadline)
      if (again && (again.status !== sent.answer.status || again.text !== sent.answer.text))
        mismatches.push(
          `${sent.label}: replay answered ${again.status} ${again.text.slice(0, 120)}, first ${sent.answer.status} ${sent.answer.text.slice(0, 120)}`,
        )
    }
    return mismatches
  }
}

/**
 * Waits for running workflows to finish. A farm loan's workflow lives until its loan is closed or
 * written off, so one whose loan is still active is expected; any other still running at the
 * deadline is an anomaly.
 */
async function settleWorkflows(
  client: Client,
  db: Db,
  deadline: number,
): Promise<{ longLived: number; anomalies: string[] }> {
  for (;;) {
    const running: string[] = []
    for await (const execution of client.workflow.list({ query: 'ExecutionStatus = "Running"' }))
      running.push(execution.workflowId)
    const unexpected: string[] = []
    let longLived = 0
    for (const workflowId of running) {
      if (workflowId.startsWith('agri-loan/')) {
        const loan = await db
          .selectFrom('agriLoanApplications')
          .innerJoin('loans', 'loans.applicationId', 'agriLoanApplications.id')
          .select('loans.status')
          .where('agriLoanApplications.workflowId', '=', workflowId)
          .executeTakeFirst()
        if (loan?.status === 'active') {
          longLived++
          continue
        }
      }
      unexpected.push(workflowId)
    }
    if (unexpected.length === 0) return { longLived, anomalies: [] }
    if (Date.now() > deadline)
      return {
        longLived,
        anomalies: unexpected.map((id) => `workflow ${id} still running after the faults stopped`),
      }
    await sleep(1_000)
  }
}

const noop = () => {}
const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: console.error, log: noop }
