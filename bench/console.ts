/**
 * The console overview's server time over a book of 100,000 loans (at BENCH_SCALE=1): the loans are
 * booked in bulk by the servicing bench's factory, aged set-based into every bucket (with their
 * bucket history, so the vintage query has rows), then an officer signs in through the app and
 * `GET /console` is rendered in-process (`app.request`, the whole middleware chain, no socket)
 * about 20 times. Reported as p50/p99 against the 500 ms target, beside the summary query alone.
 */
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import { sql } from 'kysely'
import { AdminKey, createPrincipal } from '../src/access/principal-service.js'
import { createApp } from '../src/http/app.js'
import { createLogger } from '../src/log.js'
import { portfolioSummary } from '../src/portfolio/portfolio-service.js'
import { bookLoans } from './servicing.js'
import { type BenchEnv, fmt, summarize } from './support.js'

const OVERVIEW_MS_TARGET = 500
const RENDERS = 20
const WARMUP_RENDERS = 2

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

export async function runConsoleBench(env: BenchEnv, n: (count: number) => number): Promise<void> {
  console.log(`\nConsole overview (target: under ${OVERVIEW_MS_TARGET} ms server time with 100,000 loans)`)
  const size = n(100_000)
  const startedAt = performance.now()
  await bookLoans(env, `console-${randomBytes(3).toString('hex')}`, 0, size)
  await ageBook(env)
  console.log(`  (booked and aged ${fmt(size)} loans in ${fmt((performance.now() - startedAt) / 1000, 1)} s)`)

  const app = createApp({
    ...env,
    temporal: env.client,
    taskQueue: env.taskQueue,
    log: createLogger('silent'),
    adminKey: new AdminKey(randomBytes(24).toString('base64url')),
  })
  const officer = await createPrincipal(env.db, { role: 'officer', subjectId: null })
  const cookie = await signIn(app, officer.apiKey)

  const renderMs: number[] = []
  let bytes = 0
  for (let i = 0; i < WARMUP_RENDERS + RENDERS; i++) {
    const started = performance.now()
    const response = await app.request('/console', { headers: { cookie } })
    const page = await response.text()
    const elapsedMs = performance.now() - started
    if (response.status !== 200) throw new Error(`/console answered ${response.status}`)
    bytes = page.length
    if (i >= WARMUP_RENDERS) renderMs.push(elapsedMs)
  }
  const summaryMs: number[] = []
  for (let i = 0; i < RENDERS; i++) {
    const started = performance.now()
    await portfolioSummary(env.db)
    summaryMs.push(performance.now() - started)
  }
  // The machine is shared: the load while rendering says how much of a figure is waiting for a core.
  const loadAverage = os.loadavg()[0]!
  const render = summarize(renderMs)
  const summary = summarize(summaryMs)
  console.log(
    `  GET /console over ${fmt(size)} loans: p50 ${fmt(render.p50Ms, 1)} ms, p99 ${fmt(render.p99Ms, 1)} ms, ` +
      `max ${fmt(render.maxMs, 1)} ms (${RENDERS} renders, ${fmt(bytes / 1024, 0)} KiB) — ` +
      `${render.p50Ms < OVERVIEW_MS_TARGET ? 'under' : 'OVER'} ${OVERVIEW_MS_TARGET} ms at p50, ` +
      `${render.p99Ms < OVERVIEW_MS_TARGET ? 'under' : 'OVER'} at p99 ` +
      `(load average ${fmt(loadAverage, 1)} on ${os.cpus().length} cores)`,
  )
  console.log(
    `  of which the summary query (GET /v1/portfolio/summary): p50 ${fmt(summary.p50Ms, 1)} ms, p99 ${fmt(summary.p99Ms, 1)} ms`,
  )
}
