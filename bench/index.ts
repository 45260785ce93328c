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
} from './baselines.js'
import { machineInfo, startBenchEnv } from './support.js'

const scale = Number(process.env.BENCH_SCALE ?? '1')
const n = (count: number) => Math.max(1, Math.round(count * scale))

const env = await startBenchEnv()
try {
  console.log(await machineInfo(env))
  console.log(`\nBaselines`)
  // Warm up the worker, the bundle and the connection pools before measuring.
  await measureEmptyWorkflow(env, { activityCount: 1, total: n(20), concurrency: 4 })
  for (const activityCount of [0, 3]) {
    printWorkflowBaseline(
      await measureEmptyWorkflow(env, { activityCount, total: n(200), concurrency: 1 }),
      1,
    )
    printWorkflowBaseline(
      await measureEmptyWorkflow(env, { activityCount, total: n(600), concurrency: 32 }),
      32,
    )
  }
  for (const concurrency of [1, 4, 16]) {
    printInsertBaseline(
      await measureRawInserts(env, { total: n(concurrency === 1 ? 2000 : 8000), concurrency }),
    )
  }
} finally {
  await env.close()
}
