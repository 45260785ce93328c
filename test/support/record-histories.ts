/**
 * `npm run histories:record`: runs real scenarios through the app against a real Temporal dev server
 * and a real worker, then saves each workflow's history as JSON under test/fixtures/histories/, where
 * test/unit/temporal/replay.test.ts replays them against the current workflow code.
 *
 * Re-record only when a workflow change is made deliberately with `patched()` (keep the old
 * histories too: they prove the old path still replays), never to silence a failing replay.
 *
 * Scenarios: a merchant loan approved and one declined; close of business for three days; a farm
 * loan repaid by its harvest (purchase, delivery, close) and one whose harvest fails (sweep,
 * default, claim paid, written off); a webhook endpoint delivering to a local receiver until it is
 * deleted; the credit-line refresh. Its database is `microloan_histories`, dropped and recreated.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { Client } from '@temporalio/client'
import { TestWorkflowEnvironment } from '@temporalio/testing'
import { NativeConnection } from '@temporalio/worker'
import { AdminKey, createPrincipal } from '../../src/access/principal-service.js'
import { generatePopulation } from '../../src/credit/merchant-population.js'
import { loadPopulation } from '../../src/credit/population-loader.js'
import { dropDatabase, ensureDatabaseExists } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { createApp } from '../../src/http/app.js'
import type { Role } from '../../src/access/principal.js'
import { addDays, isoDate, type IsoDate } from '../../src/kernel/business-date.js'
import { AGRI_POLICY } from '../../src/agri/agri-policy.js'
import { createLogger } from '../../src/log.js'
import { openServices } from '../../src/services.js'
import { DEV_SERVER_TUNING_ARGS, EPHEMERAL_SQLITE_ARGS } from '../../src/temporal/dev-server.js'
import { installTemporalRuntime } from '../../src/temporal/runtime.js'
import { ensureTemporalCli } from '../../src/temporal/temporal-cli.js'
import { createWorker } from '../../src/worker.js'
import { HISTORIES_DIR, historyToJson } from './history-json.js'
import { fundLender } from './ledger.js'

const DATABASE_URL = `${process.env.HISTORIES_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306'}/microloan_histories`
const TASK_QUEUE = 'histories'
/** Plain close-of-business days kept beyond those that signalled a farm loan: the files stay small. */
const PLAIN_COB_DAYS_KEPT = 3
const START_DATE = isoDate('2026-01-01')
const WINDOW_TO = isoDate('2026-01-03')

installTemporalRuntime()
const cliPath = await ensureTemporalCli((line) => console.log(line))
const env = await TestWorkflowEnvironment.createLocal({
  server: {
    executable: { type: 'existing-path', path: cliPath },
    ip: '127.0.0.1',
    extraArgs: [...EPHEMERAL_SQLITE_ARGS, ...DEV_SERVER_TUNING_ARGS],
  },
})
await dropDatabase(DATABASE_URL).catch(() => undefined)
await ensureDatabaseExists(DATABASE_URL)
const services = openServices(DATABASE_URL)
await migrateToLatest(services.db, { initialBusinessDate: START_DATE })
const workerConnection = await NativeConnection.connect({ address: env.address })
const worker = await createWorker({
  connection: workerConnection,
  namespace: env.namespace ?? 'default',
  taskQueue: TASK_QUEUE,
  deps: services,
})
const workerRun = worker.run()
const client: Client = env.client
const adminKey = `adm_${randomBytes(24).toString('base64url')}`
const app = createApp({
  ...services,
  temporal: client,
  taskQueue: TASK_QUEUE,
  log: createLogger('silent'),
  adminKey: new AdminKey(adminKey),
})

async function call(method: string, path: string, key: string, body?: unknown, idempotencyKey?: string) {
  const headers: Record<string, string> = { Authorization: `Bearer ${key}` }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey
  const response = await app.request(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  const parsed = (text ? JSON.parse(text) : undefined) as any
  if (response.status >= 300)
    throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(parsed)}`)
  return parsed
}
const keyFor = async (role: Role, subjectId: number | null = null) =>
  (await createPrincipal(services.db, { role, subjectId })).apiKey

async function closeDaysUntil(officer: string, date: IsoDate): Promise<void> {
  const { businessDate } = await call('GET', '/v1/system/business-date', officer)
  const days = Math.round((Date.parse(date) - Date.parse(businessDate)) / 86_400_000)
  if (days > 0) await call('POST', '/v1/system/close-of-business', officer, { days })
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

try {
  const officer = await keyFor('officer')
  await fundLender(services.ledger, 1_000_000_00)

  // A webhook endpoint that receives everything that follows until it is deleted.
  let received = 0
  const receiver = createServer((request, response) => {
    request.resume()
    request.on('end', () => {
      received += 1
      response.writeHead(204).end()
    })
  })
  await new Promise<void>((ready) => receiver.listen(0, '127.0.0.1', ready))
  // The local receiver is allowed as a deployment lists its own (webhooks go to public addresses only).
  process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1'
  const endpoint = await call('POST', '/v1/webhook-endpoints', officer, {
    url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
    eventTypes: ['*'],
  })

  // Merchant loans: one approved, one declined (a merchant without a line).
  const population = generatePopulation({
    seed: 777,
    merchantCount: 30,
    days: 200,
    endDate: isoDate('2025-12-31'),
  })
  const ids = [...(await loadPopulation(services, population)).values()]
  let approvedOne = false
  let declinedOne = false
  for (const merchantId of ids) {
    if (approvedOne && declinedOne) break
    const key = await keyFor('merchant', merchantId)
    const offer = await call('GET', `/v1/merchants/${merchantId}/offer`, key)
    const wanted =
      offer.eligible && offer.availableFen >= 10_000 ? !approvedOne : !offer.eligible && !declinedOne
    if (!wanted) continue
    const outcome = await call(
      'POST',
      '/v1/loan-applications',
      key,
      { merchantId, amountFen: 10_000, termDays: 30, repaymentMethod: 'installment', frequency: 'daily' },
      `histories-${merchantId}`,
    )
    if (outcome.status === 'approved') approvedOne = true
    else declinedOne = true
  }
  if (!approvedOne || !declinedOne)
    throw new Error('the population gave no approved or no declined application')
  await until('webhook deliveries', async () => received > 0)
  // Deleted once it has delivered: the endpoint's workflow polls every 500 ms, so a long life would
  // be a long history of the same two events.
  await call('DELETE', `/v1/webhook-endpoints/${endpoint.endpointId}`, officer)
  receiver.close()

  // Farm loans: parties, products, two farmers with contracts and policies.
  const created = (path: string, body: unknown) => call('POST', path, adminKey, body)
  const supplier = await created('/v1/suppliers', { externalRef: 'h-shop', name: 'Shop', approved: true })
  const supplierKey = await keyFor('supplier', supplier.supplierId)
  await call('PUT', `/v1/suppliers/${supplier.supplierId}/products/seed`, supplierKey, {
    name: 'Rice seed',
    category: 'seed',
    priceFen: 10_000,
  })
  await call('POST', `/v1/suppliers/${supplier.supplierId}/products/seed/review`, officer, {
    decision: 'approve',
    category: 'seed',
    referencePriceFen: 10_000,
    reason: 'reviewed as labelled',
  })
  const offtaker = await created('/v1/offtakers', { externalRef: 'h-grain', name: 'Grain', approved: true })
  const offtakerKey = await keyFor('offtaker', offtaker.offtakerId)
  const insurer = await created('/v1/insurers', { externalRef: 'h-mutual', name: 'Mutual', approved: true })
  const insurerKey = await keyFor('insurer', insurer.insurerId)
  const farm = async (name: string) => {
    const farmer = await created('/v1/farmers', { externalRef: `h-${name}`, name, region: 'Hunan' })
    const key = await keyFor('farmer', farmer.farmerId)
    const contract = await call('POST', '/v1/offtake-contracts', offtakerKey, {
      farmerId: farmer.farmerId,
      crop: 'rice',
      quantityKg: 1_000,
      priceFenPerKg: 300,
      deliveryFrom: START_DATE,
      deliveryTo: WINDOW_TO,
    })
    await call('POST', `/v1/offtake-contracts/${contract.contractId}/guarantee-requests`, key, {
      insurerId: insurer.insurerId,
    })
    const policy = await call('POST', '/v1/guarantee-policies', insurerKey, {
      farmerId: farmer.farmerId,
      contractId: contract.contractId,
      coverageBps: 8_000,
      premiumFen: 100,
    })
    const applied = await call(
      'POST',
      '/v1/agri-loan-applications',
      key,
      {
        farmerId: farmer.farmerId,
        contractId: contract.contractId,
        policyId: policy.policyId,
        amountFen: 100_000,
      },
      `histories-${name}`,
    )
    if (applied.status !== 'approved') throw new Error(`farm ${name}: ${JSON.stringify(applied)}`)
    return { key, contractId: contract.contractId as number, loanId: applied.loanId as number }
  }
  const good = await farm('good')
  const failed = await farm('failed')
  for (const loan of [good, failed]) {
    await call(
      'POST',
      `/v1/restricted-wallets/${loan.loanId}/purchases`,
      loan.key,
      { supplierId: supplier.supplierId, lines: [{ sku: 'seed', quantity: 2 }] },
      `histories-buy-${loan.loanId}`,
    )
  }

  // Close of business for three days (the recorded run), then the good harvest is delivered and the
  // offtaker pays for it in cash (its cash repays the loan).
  await call('POST', '/v1/system/close-of-business', officer, { days: 3 })
  const today = await call('GET', '/v1/system/business-date', officer).then((b) => b.businessDate)
  const delivered = await call(
    'POST',
    `/v1/offtake-contracts/${good.contractId}/deliveries`,
    offtakerKey,
    { quantityKg: 1_000, deliveredOn: today },
    'histories-delivery',
  )
  await call(
    'POST',
    '/v1/offtaker-payments',
    offtakerKey,
    {
      offtakerId: offtaker.offtakerId,
      amountFen: delivered.proceedsFen,
      paidOn: today,
      reference: delivered.reference,
    },
    'histories-payment',
  )
  // The failed harvest: swept at the window's end, defaulted after the grace period, claim accepted and paid.
  await closeDaysUntil(officer, addDays(WINDOW_TO, AGRI_POLICY.defaultGraceDays + 1))
  const claims = await call('GET', '/v1/guarantee-claims?status=open', insurerKey)
  for (const claim of claims.items ?? claims) {
    await call(
      'POST',
      `/v1/guarantee-claims/${claim.claimId}/decision`,
      insurerKey,
      { decision: 'accept', reason: 'no harvest' },
      `histories-claim-decision-${claim.claimId}`,
    )
    await call(
      'POST',
      `/v1/guarantee-claims/${claim.claimId}/pay`,
      insurerKey,
      { amountFen: claim.claimFen, reference: `histories-${claim.claimId}` },
      `histories-claim-${claim.claimId}`,
    )
  }

  await call('POST', '/v1/credit-lines/refresh', officer)

  // Every workflow should have ended; wait for the stragglers (the farm loans, the webhook endpoint).
  await until('every workflow to end', async () => {
    for await (const execution of client.workflow.list({ query: 'ExecutionStatus = "Running"' })) {
      void execution
      return false
    }
    return true
  })
  await saveHistories()
} finally {
  if (worker.getState() === 'RUNNING') worker.shutdown()
  await workerRun
  await workerConnection.close()
  await services.close()
  await dropDatabase(DATABASE_URL)
  await env.teardown()
}

async function saveHistories(): Promise<void> {
  rmSync(HISTORIES_DIR, { recursive: true, force: true })
  mkdirSync(HISTORIES_DIR, { recursive: true })
  let plainCobDays = 0
  const kept: string[] = []
  const executions = []
  for await (const execution of client.workflow.list()) executions.push(execution)
  executions.sort((a, b) => a.startTime.getTime() - b.startTime.getTime())
  for (const execution of executions) {
    const history = await client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory()
    const events = history.events ?? []
    if (execution.type === 'closeOfBusinessDay') {
      const signalled = events.some((event) => event.signalExternalWorkflowExecutionInitiatedEventAttributes)
      if (!signalled && ++plainCobDays > PLAIN_COB_DAYS_KEPT) continue
    }
    if (execution.type === 'closeOfBusinessRun') {
      const started = events[0]?.workflowExecutionStartedEventAttributes
      // Only the three-day run: the long runs are the same code with more of the same events.
      if (JSON.stringify(started?.input ?? '').length > 0 && events.length > 200) continue
    }
    // Stable names, so a re-recording shows as a diff of the same files; a continued run gets a suffix.
    const base = `${execution.type}--${execution.workflowId.replace(/[^A-Za-z0-9._-]+/g, '_')}`
    let name = `${base}.json`
    for (let run = 2; existsSync(join(HISTORIES_DIR, name)); run++) name = `${base}--run${run}.json`
    writeFileSync(join(HISTORIES_DIR, name), historyToJson(history))
    kept.push(`${name} (${events.length} events)`)
  }
  console.log(`Saved ${kept.length} histories to ${HISTORIES_DIR}:\n  ${kept.join('\n  ')}`)
  console.log(`Files: ${readdirSync(HISTORIES_DIR).length}`)
}
