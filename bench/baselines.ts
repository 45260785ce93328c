/**
 * The two baselines later figures are divided by: (a) an empty workflow with N no-op activities,
 * (b) raw single-row MySQL insert transactions on the same pool settings.
 */
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { emptyWorkflow } from '../workflows/benchmark.js'
import { type BenchEnv, fmt, perSecond, runConcurrent, summarize, type LatencySummary } from './support.js'

export type WorkflowBaseline = {
  activityCount: number
  concurrency: number
  startsPerSecond: number
  completionsPerSecond: number
  latency: LatencySummary
}

/** Starts `total` empty workflows with `concurrency` clients; latency is start-to-result. */
export async function measureEmptyWorkflow(
  env: BenchEnv,
  options: { activityCount: number; total: number; concurrency: number },
): Promise<WorkflowBaseline> {
  const prefix = randomBytes(4).toString('hex')
  const startTimesMs: number[] = []
  let startsDoneAtMs = 0
  const run = await runConcurrent(options.total, options.concurrency, async (index) => {
    const handle = await env.client.workflow.start(emptyWorkflow, {
      workflowId: `bench-empty-${prefix}-${index}`,
      taskQueue: env.taskQueue,
      args: [{ activityCount: options.activityCount }],
    })
    startTimesMs.push(performance.now())
    startsDoneAtMs = performance.now()
    await handle.result()
  })
  const firstStartMs = Math.min(...startTimesMs) - 0
  return {
    activityCount: options.activityCount,
    concurrency: options.concurrency,
    startsPerSecond: perSecond(options.total, Math.max(1, startsDoneAtMs - firstStartMs + 1)),
    completionsPerSecond: perSecond(options.total, run.wallMs),
    latency: summarize(run.latenciesMs),
  }
}

export type InsertBaseline = { concurrency: number; insertsPerSecond: number; latency: LatencySummary }

/** Single-row INSERT transactions (autocommit, one round trip, one commit each). */
export async function measureRawInserts(
  env: BenchEnv,
  options: { total: number; concurrency: number },
): Promise<InsertBaseline> {
  await sql`CREATE TABLE IF NOT EXISTS bench_raw_inserts (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    amount_fen BIGINT NOT NULL,
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
  ) ENGINE=InnoDB`.execute(env.db)
  const run = await runConcurrent(options.total, options.concurrency, async (index) => {
    await sql`INSERT INTO bench_raw_inserts (amount_fen) VALUES (${index + 1})`.execute(env.db)
  })
  return {
    concurrency: options.concurrency,
    insertsPerSecond: perSecond(options.total, run.wallMs),
    latency: summarize(run.latenciesMs),
  }
}

export function printWorkflowBaseline(result: WorkflowBaseline, concurrency: number): void {
  console.log(
    `  empty workflow, ${result.activityCount} no-op activities, ${concurrency} clients: ` +
      `${fmt(result.completionsPerSecond, 1)} completed/s, starts ${fmt(result.startsPerSecond, 1)}/s, ` +
      `start-to-result p50 ${fmt(result.latency.p50Ms, 1)} ms, p99 ${fmt(result.latency.p99Ms, 1)} ms (n=${result.latency.count})`,
  )
}

export function printInsertBaseline(result: InsertBaseline): void {
  console.log(
    `  raw single-row INSERT, ${result.concurrency} connections: ${fmt(result.insertsPerSecond)} tx/s, ` +
      `p50 ${fmt(result.latency.p50Ms, 2)} ms, p99 ${fmt(result.latency.p99Ms, 2)} ms (n=${result.latency.count})`,
  )
}
