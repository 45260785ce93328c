/**
 * Merchant loan origination through the HTTP route: decision-to-disbursement latency one at a time,
 * and applications per second with 16 clients, beside the empty-workflow baseline (the origination's
 * two steps are local activities, so the comparable baseline is the workflow with no activity task).
 */
import { randomBytes } from 'node:crypto'
import { AdminKey, createPrincipal } from '../src/access/principal-service.js'
import { iteratePopulation } from '../src/credit/merchant-population.js'
import { loadPopulation } from '../src/credit/population-loader.js'
import { createApp } from '../src/http/app.js'
import { isoDate } from '../src/kernel/business-date.js'
import { createLogger } from '../src/log.js'
import { refreshAllCreditLines } from '../workflows/credit-line-refresh.js'
import type { WorkflowBaseline } from './baselines.js'
import { type BenchEnv, fmt, perSecond, runConcurrent, summarize } from './support.js'

export async function eligibleMerchants(env: BenchEnv, wanted: number): Promise<number[]> {
  const find = () =>
    env.db
      .selectFrom('creditLines')
      .select('merchantId')
      .where('eligible', '=', 1)
      .where('creditLimitFen', '>=', 10_000)
      .orderBy('merchantId')
      .limit(wanted)
      .execute()
  let rows = await find()
  if (rows.length < wanted) {
    const population = iteratePopulation({
      seed: 99,
      merchantCount: wanted * 2,
      days: 180,
      endDate: isoDate('2025-12-31'),
    })
    await loadPopulation(env, population)
    await env.client.workflow.execute(refreshAllCreditLines, {
      workflowId: `bench-refresh-${randomBytes(3).toString('hex')}`,
      taskQueue: env.taskQueue,
      args: [],
    })
    rows = await find()
  }
  return rows.map((row) => Number(row.merchantId))
}

export async function runOriginationBench(
  env: BenchEnv,
  n: (count: number) => number,
  baseline: WorkflowBaseline[],
) {
  console.log('\nMerchant loan origination (POST /v1/loan-applications, decision + disbursement durable)')
  const sequential = n(200)
  const concurrent = n(800)
  const steadySeconds = Math.max(5, n(15))
  const merchants = await eligibleMerchants(env, sequential + concurrent + steadySeconds * 60)
  const keys = new Map<number, string>()
  for (const merchantId of merchants)
    keys.set(merchantId, (await createPrincipal(env.db, { role: 'merchant', subjectId: merchantId })).apiKey)
  const app = createApp({
    ...env,
    temporal: env.client,
    log: createLogger('silent'),
    adminKey: new AdminKey(randomBytes(24).toString('base64url')),
  })
  let approved = 0
  const applyAs = async (index: number) => {
    const merchantId = merchants[index % merchants.length]!
    const response = await app.request('/v1/loan-applications', {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${keys.get(merchantId)}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': `bench-${index}-${randomBytes(4).toString('hex')}`,
      },
      body: JSON.stringify({
        merchantId,
        amountFen: 100,
        termDays: 30,
        repaymentMethod: 'installment',
        frequency: 'daily',
      }),
    })
    const body = (await response.json()) as { status?: string }
    if (response.status !== 201)
      throw new Error(`application answered ${response.status}: ${JSON.stringify(body)}`)
    if (body.status === 'approved') approved += 1
  }
  const one = await runConcurrent(sequential, 1, applyAs)
  const latency = summarize(one.latenciesMs)
  const empty1 = baseline.find((b) => b.activityCount === 0 && b.concurrency === 1)
  console.log(
    `  1 client: p50 ${fmt(latency.p50Ms, 1)} ms, p99 ${fmt(latency.p99Ms, 1)} ms (n=${latency.count})` +
      (empty1
        ? ` = ${fmt(latency.p50Ms / empty1.latency.p50Ms, 2)} × / ${fmt(latency.p99Ms / empty1.latency.p99Ms, 2)} × the empty workflow's p50 / p99`
        : ''),
  )
  const many = await runConcurrent(concurrent, 16, (index) => applyAs(sequential + index))
  const manyLatency = summarize(many.latenciesMs)
  const throughput = perSecond(concurrent, many.wallMs)
  const empty32 = baseline.find((b) => b.activityCount === 0 && b.concurrency === 32)
  console.log(
    `  16 clients: ${fmt(throughput, 1)} applications/s, p50 ${fmt(manyLatency.p50Ms, 1)} ms, p99 ${fmt(manyLatency.p99Ms, 1)} ms` +
      (empty32
        ? ` = ${fmt(throughput / empty32.completionsPerSecond, 2)} × the empty workflow's completions/s`
        : '') +
      `; ${approved} of ${sequential + concurrent} approved`,
  )

  // Open loop: applications arrive at a steady rate whether or not earlier ones have answered, as
  // checkouts do; at half and at 80% of the maximum measured above.
  let next = sequential + concurrent
  for (const share of [0.5, 0.8]) {
    const ratePerSecond = Math.max(1, throughput * share)
    const total = Math.round(ratePerSecond * steadySeconds)
    const latenciesMs: number[] = []
    const startedAt = performance.now()
    const pending: Promise<void>[] = []
    for (let k = 0; k < total; k++) {
      const due = startedAt + (k * 1000) / ratePerSecond
      const wait = due - performance.now()
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
      const index = next++
      pending.push(
        (async () => {
          const sentAt = performance.now()
          await applyAs(index)
          latenciesMs.push(performance.now() - sentAt)
        })(),
      )
    }
    await Promise.all(pending)
    const steady = summarize(latenciesMs)
    console.log(
      `  steady ${fmt(ratePerSecond, 1)} applications/s (${fmt(share * 100)}% of the maximum) for ${steadySeconds} s: ` +
        `p50 ${fmt(steady.p50Ms, 1)} ms, p99 ${fmt(steady.p99Ms, 1)} ms (target p99 < ${share === 0.5 ? '250' : '1,000'} ms)` +
        (empty1
          ? ` = ${fmt(steady.p99Ms / empty1.latency.p99Ms, 2)} × the empty workflow's 1-client p99`
          : ''),
    )
  }
}
