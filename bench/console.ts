/**
 * The console overview's server time over a book of 100,000 loans (at BENCH_SCALE=1): the loans are
 * booked in bulk by the servicing bench's factory, aged set-based into every bucket (with their
 * bucket history, so the vintage query has rows), then an officer signs in through the app and
 * `GET /console` is rendered in-process (`app.request`, the whole middleware chain, no socket)
 * about 20 times. Reported as p50/p99 against the 500 ms target, beside each query the overview makes
 * and a same-run baseline: a bare GROUP BY over the loan rows (no join), the least any summary that
 * reads every loan can cost. The book is in a database of its own, so it holds exactly these loans
 * whatever other suites ran before.
 */
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import { sql } from 'kysely'
import { AdminKey, createPrincipal } from '../src/access/principal-service.js'
import { dropDatabase, ensureDatabaseExists, type Db } from '../src/db/database.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { createApp } from '../src/http/app.js'
import type { IsoDate } from '../src/kernel/business-date.js'
import { createLogger } from '../src/log.js'
import {
  deliveriesByCrop,
  restrictedSpendByCategory,
  vintageCurves,
} from '../src/portfolio/portfolio-charts.js'
import { portfolioOverview, portfolioSummary } from '../src/portfolio/portfolio-service.js'
import { openServices } from '../src/services.js'
import { getBusinessDate } from '../src/system/business-date-service.js'
import { bookLoans } from './servicing.js'
import { type BenchEnv, fmt, type LatencySummary, summarize } from './support.js'

const OVERVIEW_MS_TARGET = 500
const RENDERS = 20
const WARMUP_RENDERS = 2
/** Runs of each query timed on its own. */
const QUERY_RUNS = 10

/** Spreads the book over 0…119 days past due, as close of business would have left it. */
async function ageBook(env: BenchEnv): Promise<void> {
  await sql`
    UPDATE loans SET days_past_due = MOD(id * 7, 120),
      bucket = CASE WHEN MOD(id * 7, 120) = 0 THEN 'current' WHEN MOD(id * 7, 120) <= 30 THEN '1-30'
        WHEN MOD(id * 7, 120) <= 60 THEN '31-60' WHEN MOD(id * 7, 120) <= 90 THEN '61-90' ELSE '90+' END,
      non_performing = MOD(id * 7, 120) > 90
    WHERE status = 'active'`.execute(env.db)
  await sql`
    INSERT IGNORE INTO loan_bucket_history (loan_id, business_date, from_bucket, to_bucket, days_past_due)
    SELECT id, disbursed_on, 'current', bucket, days_past_due FROM loans WHERE days_past_due > 30`.execute(
    env.db,
  )
}

/** Signs an officer in the way a browser does and returns the session cookie. */
async function signIn(app: ReturnType<typeof createApp>, apiKey: string): Promise<string> {
  const form = await app.request('/console/login')
  const loginCookie = form.headers.getSetCookie()[0]!.split(';')[0]!
  const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())![1]!
  const signedIn = await app.request('/console/login', {
    method: 'POST',
    headers: { cookie: loginCookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, apiKey }).toString(),
  })
  if (signedIn.status !== 303) throw new Error(`sign-in answered ${signedIn.status}`)
  return signedIn.headers
    .getSetCookie()
    .find((cookie) => cookie.startsWith('mlc_session='))!
    .split(';')[0]!
}

async function timed(runs: number, task: () => Promise<unknown>): Promise<LatencySummary> {
  const elapsedMs: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    await task()
    elapsedMs.push(performance.now() - started)
  }
  return summarize(elapsedMs)
}

const figures = (s: LatencySummary) => `p50 ${fmt(s.p50Ms, 1)} ms, p99 ${fmt(s.p99Ms, 1)} ms`

/** The least a summary that reads every on-book loan can cost: their rows grouped, nothing joined. */
async function bareGroupBy(db: Db): Promise<void> {
  await sql`
    SELECT product, bucket, COUNT(*) AS loans, SUM(principal_fen) AS principal,
      SUM(IF(days_past_due >= 30, principal_fen, 0)) AS par30
    FROM loans WHERE status IN ('active', 'defaulted') GROUP BY product, bucket`.execute(db)
}

/**
 * The summary's book query as it was before STRAIGHT_JOIN: the join order left to the optimizer,
 * which right after a bulk load may start from the accounts (for a same-run before/after).
 */
async function bookQueryOptimizerOrder(db: Db): Promise<void> {
  await sql`
    SELECT l.product, l.bucket, COUNT(*) AS loans,
      SUM(a.debits_posted_fen - a.credits_posted_fen) AS principal,
      SUM(IF(l.days_past_due >= 1, a.debits_posted_fen - a.credits_posted_fen, 0)) AS par1,
      SUM(IF(l.days_past_due >= 30, a.debits_posted_fen - a.credits_posted_fen, 0)) AS par30,
      SUM(IF(l.days_past_due >= 90, a.debits_posted_fen - a.credits_posted_fen, 0)) AS par90,
      SUM(IF(l.non_performing = 1, a.debits_posted_fen - a.credits_posted_fen, 0)) AS npl
    FROM loans l JOIN ledger_accounts a ON a.loan_id = l.id AND a.category = 'loan_principal'
    WHERE l.status IN ('active', 'defaulted') GROUP BY l.product, l.bucket`.execute(db)
}

export async function runConsoleBench(shared: BenchEnv, n: (count: number) => number): Promise<void> {
  console.log(`\nConsole overview (target: under ${OVERVIEW_MS_TARGET} ms server time with 100,000 loans)`)
  // A database of its own: exactly this book, whatever other suites left in the shared one.
  const databaseUrl = `${shared.databaseUrl}_console`
  await ensureDatabaseExists(databaseUrl)
  const services = openServices(databaseUrl)
  const env: BenchEnv = { ...shared, ...services, databaseUrl }
  try {
    await migrateToLatest(env.db, { initialBusinessDate: '2026-01-01' })
    await measureConsole(env, n(100_000))
  } finally {
    await services.close()
    await dropDatabase(databaseUrl)
  }
}

async function measureConsole(env: BenchEnv, size: number): Promise<void> {
  const startedAt = performance.now()
  await bookLoans(env, `console-${randomBytes(3).toString('hex')}`, 0, size)
  await ageBook(env)
  const onBook = await sql<{ loans: number | string }>`
    SELECT COUNT(*) AS loans FROM loans WHERE status IN ('active', 'defaulted')`.execute(env.db)
  console.log(
    `  (booked and aged ${fmt(size)} loans in ${fmt((performance.now() - startedAt) / 1000, 1)} s; ` +
      `${fmt(Number(onBook.rows[0]!.loans))} on book in the database)`,
  )

  const app = createApp({
    ...env,
    temporal: env.client,
    taskQueue: env.taskQueue,
    log: createLogger('silent'),
    adminKey: new AdminKey(randomBytes(24).toString('base64url')),
  })
  const officer = await createPrincipal(env.db, { role: 'officer', subjectId: null })
  const cookie = await signIn(app, officer.apiKey)

  // The baseline and the old book query are timed between renders, so all see the same load on the shared machine.
  const renderMs: number[] = []
  const baselineMs: number[] = []
  const optimizerOrderMs: number[] = []
  let bytes = 0
  for (let i = 0; i < WARMUP_RENDERS + RENDERS; i++) {
    const started = performance.now()
    const response = await app.request('/console', { headers: { cookie } })
    const page = await response.text()
    const elapsedMs = performance.now() - started
    if (response.status !== 200) throw new Error(`/console answered ${response.status}`)
    bytes = page.length
    if (i < WARMUP_RENDERS) continue
    renderMs.push(elapsedMs)
    const baselineStarted = performance.now()
    await bareGroupBy(env.db)
    baselineMs.push(performance.now() - baselineStarted)
    const optimizerStarted = performance.now()
    await bookQueryOptimizerOrder(env.db)
    optimizerOrderMs.push(performance.now() - optimizerStarted)
  }
  const asOf = (await getBusinessDate(env.db)) as IsoDate
  const baseline = summarize(baselineMs)
  const summary = await timed(RENDERS, () => portfolioSummary(env.db))
  const parts = {
    'summary and trend (portfolioOverview)': await timed(QUERY_RUNS, () => portfolioOverview(env.db)),
    'vintage curves': await timed(QUERY_RUNS, () => vintageCurves(env.db, asOf)),
    'restricted spend': await timed(QUERY_RUNS, () => restrictedSpendByCategory(env.db)),
    'deliveries by crop': await timed(QUERY_RUNS, () => deliveriesByCrop(env.db)),
  }
  // The machine is shared: the load while rendering says how much of a figure is waiting for a core.
  const loadAverage = os.loadavg()[0]!
  const render = summarize(renderMs)
  console.log(
    `  GET /console over ${fmt(size)} loans: p50 ${fmt(render.p50Ms, 1)} ms, p99 ${fmt(render.p99Ms, 1)} ms, ` +
      `max ${fmt(render.maxMs, 1)} ms (${RENDERS} renders, ${fmt(bytes / 1024, 0)} KiB) — ` +
      `${render.p50Ms < OVERVIEW_MS_TARGET ? 'under' : 'OVER'} ${OVERVIEW_MS_TARGET} ms at p50, ` +
      `${render.p99Ms < OVERVIEW_MS_TARGET ? 'under' : 'OVER'} at p99 ` +
      `(load average ${fmt(loadAverage, 1)} on ${os.cpus().length} cores)`,
  )
  console.log(`  the summary alone (GET /v1/portfolio/summary): ${figures(summary)}`)
  for (const [name, part] of Object.entries(parts)) console.log(`  ${name}: ${figures(part)}`)
  console.log(
    `  before: the book query with the join order left to the optimizer: ${figures(summarize(optimizerOrderMs))}`,
  )
  console.log(`  baseline, a bare GROUP BY over the loan rows (no join): ${figures(baseline)}`)
}
