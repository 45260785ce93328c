/**
 * Credit benchmarks: sales import rows/s through the HTTP route, the nightly refresh over a large
 * population (set-based features in SQL), and the offer endpoint's latency.
 */
import { randomBytes } from 'node:crypto'
import { iteratePopulation } from '../src/credit/merchant-population.js'
import { loadPopulation } from '../src/credit/population-loader.js'
import { refreshAllCreditLines } from '../workflows/credit-line-refresh.js'
import { AdminKey, createPrincipal } from '../src/access/principal-service.js'
import { createApp } from '../src/http/app.js'
import { isoDate } from '../src/kernel/business-date.js'
import { createLogger } from '../src/log.js'
import { type BenchEnv, fmt, perSecond, runConcurrent, summarize } from './support.js'

const END_DATE = isoDate('2025-12-31')

function benchApp(env: BenchEnv) {
  return createApp({
    ...env,
    temporal: env.client,
    log: createLogger('silent'),
    adminKey: new AdminKey(randomBytes(24).toString('base64url')),
  })
}

/** Loads `merchantCount` synthetic merchants with `days` of sales each; returns rows/s of the bulk load. */
export async function loadMerchants(env: BenchEnv, merchantCount: number, days: number) {
  const startedAt = performance.now()
  const ids = await loadPopulation(
    env,
    iteratePopulation({ seed: 2026, merchantCount, days, endDate: END_DATE }),
  )
  const wallMs = performance.now() - startedAt
  const rows = await env.db
    .selectFrom('merchantDailySales')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return { merchants: ids.size, salesRows: Number(rows.n), wallMs }
}

/** POSTs NDJSON imports of `rowsPerRequest` rows through the app, `requests` times, 4 at a time. */
export async function measureImport(env: BenchEnv, options: { requests: number; rowsPerRequest: number }) {
  const app = benchApp(env)
  const platform = await createPrincipal(env.db, { role: 'platform', subjectId: null })
  const created = await app.request('/v1/merchants', {
    method: 'POST',
    headers: { Authorization: `Bearer ${platform.apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      externalRef: `bench-import-${randomBytes(3).toString('hex')}`,
      name: 'Import bench',
      openedOn: '2000-01-01',
    }),
  })
  const { merchantId } = (await created.json()) as { merchantId: number }
  const bodies = Array.from({ length: options.requests }, (_, request) =>
    Array.from({ length: options.rowsPerRequest }, (_, row) => {
      const date = new Date(
        Date.UTC(2000, 0, 1) + ((request * options.rowsPerRequest + row) % 9000) * 86_400_000,
      )
      return JSON.stringify({
        date: date.toISOString().slice(0, 10),
        grossFen: 10_000 + row,
        refundFen: row % 50,
        orderCount: 3,
      })
    }).join('\n'),
  )
  let accepted = 0
  const run = await runConcurrent(options.requests, 4, async (index) => {
    const response = await app.request(`/v1/merchants/${merchantId}/sales:import`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${platform.apiKey}`, 'Content-Type': 'application/x-ndjson' },
      body: bodies[index]!,
    })
    accepted += ((await response.json()) as { accepted: number }).accepted
  })
  return { rowsPerSecond: perSecond(accepted, run.wallMs), accepted }
}

/** Runs the refresh workflow over every merchant in the database. */
export async function measureRefresh(env: BenchEnv) {
  const startedAt = performance.now()
  const result = await env.client.workflow.execute(refreshAllCreditLines, {
    workflowId: `bench-refresh-${randomBytes(3).toString('hex')}`,
    taskQueue: env.taskQueue,
    args: [],
  })
  return { ...result, wallMs: performance.now() - startedAt }
}

/** GET /offer for random merchants with fresh lines, `concurrency` clients. */
export async function measureOffer(
  env: BenchEnv,
  options: { requests: number; concurrency: number; merchants: number },
) {
  const app = benchApp(env)
  const officer = await createPrincipal(env.db, { role: 'officer', subjectId: null })
  const run = await runConcurrent(options.requests, options.concurrency, async (index) => {
    const merchantId = 1 + ((index * 7919) % options.merchants)
    const response = await app.request(`/v1/merchants/${merchantId}/offer`, {
      headers: { Authorization: `Bearer ${officer.apiKey}` },
    })
    if (response.status !== 200) throw new Error(`offer answered ${response.status}`)
    await response.arrayBuffer()
  })
  return { ...summarize(run.latenciesMs), perSecond: perSecond(options.requests, run.wallMs) }
}

export async function runCreditBench(env: BenchEnv, n: (count: number) => number): Promise<void> {
  console.log('\nCredit')
  const imported = await measureImport(env, { requests: n(40), rowsPerRequest: 1_000 })
  console.log(
    `  sales import (NDJSON over HTTP, 1,000-row requests, 4 clients): ${fmt(imported.rowsPerSecond)} rows/s`,
  )
  const merchantCount = n(100_000)
  const loaded = await loadMerchants(env, merchantCount, 180)
  console.log(
    `  bulk load of ${fmt(loaded.merchants)} merchants, ${fmt(loaded.salesRows)} sales rows: ${fmt(loaded.wallMs / 1000, 1)} s ` +
      `(${fmt(perSecond(loaded.salesRows, loaded.wallMs))} rows/s)`,
  )
  const refreshed = await measureRefresh(env)
  console.log(
    `  nightly refresh: ${fmt(refreshed.merchants)} merchants (${fmt(refreshed.eligible)} eligible) in ${fmt(refreshed.wallMs / 1000, 1)} s ` +
      `= ${fmt(perSecond(refreshed.merchants, refreshed.wallMs))} merchants/s (target: 100,000 in < 300 s)`,
  )
  const offer = await measureOffer(env, { requests: n(2_000), concurrency: 8, merchants: merchantCount })
  console.log(
    `  GET /offer (fresh lines, 8 clients): p50 ${fmt(offer.p50Ms, 1)} ms, p99 ${fmt(offer.p99Ms, 1)} ms, ${fmt(offer.perSecond)} /s`,
  )
}
