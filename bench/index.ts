/**
 * `npm run bench`: every benchmark, each printed beside its baseline from the same run (these
 * machines are shared and noisy, so absolute numbers alone mean little). `BENCH_SCALE` (default 1)
 * multiplies the sample sizes.
 */
import {
  measureEmptyWorkflow,
  measureRawInserts,
  printInsertBaseline,
  printWorkflowBaseline,
  type WorkflowBaseline,
} from './baselines.js'
import { runAbuseLimitsBench } from './abuse-limits.js'
import { runAgriBench } from './agri.js'
import { runFarmCloseBench } from './farm-close.js'
import { runConsoleBench } from './console.js'
import { runCreditBench } from './credit.js'
import { runEventsBench } from './events.js'
import { runOriginationBench } from './merchant-loans.js'
import { runPagesBench } from './pages.js'
import { runServicingBench } from './servicing.js'
import { measureLedgerPosts, measureVerify, printLedgerPosts } from './ledger.js'
import { fmt, machineInfo, startBenchEnv } from './support.js'

const scale = Number(process.env.BENCH_SCALE ?? '1')
const n = (count: number) => Math.max(1, Math.round(count * scale))
/**
 * `npm run bench -- ledger credit` runs those suites after the baselines; no names = all.
 * `--no-season` leaves the 1,000-farmer season out of the agri suite (purchases only).
 */
const args = process.argv.slice(2)
const season = !args.includes('--no-season')
const suites = new Set(args.filter((arg) => !arg.startsWith('--')))
const wanted = (suite: string) => suites.size === 0 || suites.has(suite)

const env = await startBenchEnv()
try {
  console.log(await machineInfo(env))
  console.log(`\nBaselines`)
  // Warm up the worker, the bundle and the connection pools before measuring.
  await measureEmptyWorkflow(env, { activityCount: 1, total: n(20), concurrency: 4 })
  const workflowBaselines: WorkflowBaseline[] = []
  for (const activityCount of [0, 3]) {
    for (const concurrency of [1, 32]) {
      const total = n(concurrency === 1 ? 200 : 600)
      const baseline = await measureEmptyWorkflow(env, { activityCount, total, concurrency })
      workflowBaselines.push(baseline)
      printWorkflowBaseline(baseline, concurrency)
    }
  }
  const insertsPerSecond = new Map<number, number>()
  for (const concurrency of [1, 4, 16]) {
    const baseline = await measureRawInserts(env, { total: n(concurrency === 1 ? 2000 : 8000), concurrency })
    insertsPerSecond.set(concurrency, baseline.insertsPerSecond)
    printInsertBaseline(baseline)
  }

  if (wanted('ledger')) await runLedgerBench(insertsPerSecond)
  if (wanted('credit')) await runCreditBench(env, n)
  if (wanted('loans')) await runOriginationBench(env, n, workflowBaselines)
  if (wanted('servicing')) await runServicingBench(env, n)
  if (wanted('console')) await runConsoleBench(env, n)
  if (wanted('agri')) await runAgriBench(env, n, insertsPerSecond, { season })
  if (wanted('agri') || wanted('farm-close')) await runFarmCloseBench(env, n, insertsPerSecond)
  if (wanted('events')) await runEventsBench(env, n, insertsPerSecond)
  if (wanted('limits')) await runAbuseLimitsBench(env, n)
  if (wanted('pages')) await runPagesBench(env, n)
} finally {
  await env.close()
}

async function runLedgerBench(insertsPerSecond: Map<number, number>): Promise<void> {
  console.log('\nLedger (ratios against raw inserts at the same concurrency, measured above)')
  for (const shape of ['spread', 'hot'] as const) {
    for (const concurrency of [1, 4, 16]) {
      const total = n(concurrency === 1 ? 2000 : 8000)
      const result = await measureLedgerPosts(env, { total, concurrency, shape })
      printLedgerPosts(result, shape, insertsPerSecond.get(concurrency)!)
    }
  }
  const verify = await measureVerify(env, n(1_000_000))
  console.log(
    `  ledger:verify over ${fmt(verify.postings)} postings: ${fmt(verify.verifyMs / 1000, 1)} s ` +
      `(${verify.ok ? 'clean' : 'DISCREPANCY'})`,
  )
}
