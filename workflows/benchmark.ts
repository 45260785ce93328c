import { proxyActivities } from '@temporalio/workflow'
import type { BenchmarkActivities } from '../src/temporal/benchmark-activities.js'

const { noop } = proxyActivities<BenchmarkActivities>({ startToCloseTimeout: '10 seconds' })

/** The baseline for workflow benchmarks: N activities that do nothing, one after another. */
export async function emptyWorkflow(input: { activityCount: number }): Promise<number> {
  for (let i = 0; i < input.activityCount; i++) await noop()
  return input.activityCount
}
