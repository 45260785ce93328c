/**
 * Temporal Schedules for the nightly jobs, created or updated from their cron setting and removed
 * when it is unset (the dev default), so the schedules always match the configuration.
 * @module
 */
import { ScheduleNotFoundError, ScheduleOverlapPolicy, type Client, type Workflow } from '@temporalio/client'
import { closeOfBusinessRun } from '../../workflows/close-of-business.js'
import { refreshAllCreditLines } from '../../workflows/credit-line-refresh.js'

export type ScheduleState = 'created' | 'updated' | 'removed' | 'absent'

async function syncSchedule<W extends Workflow>(
  client: Client,
  options: {
    scheduleId: string
    cron: string | undefined
    workflowType: W
    args: Parameters<W>
    taskQueue: string
  },
): Promise<ScheduleState> {
  const handle = client.schedule.getHandle(options.scheduleId)
  let exists = true
  try {
    await handle.describe()
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error
    exists = false
  }
  if (!options.cron) {
    if (!exists) return 'absent'
    await handle.delete()
    return 'removed'
  }
  const action = {
    type: 'startWorkflow' as const,
    // By name: the action's args are checked where syncSchedules passes them, against each workflow.
    workflowType: options.workflowType.name,
    args: options.args,
    taskQueue: options.taskQueue,
  }
  const spec = { cronExpressions: [options.cron] }
  if (exists) {
    await handle.update((previous) => ({ ...previous, spec, action }))
    return 'updated'
  }
  await client.schedule.create({
    scheduleId: options.scheduleId,
    spec,
    action,
    // A run still going when the next is due is left alone: close of business never overlaps itself.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
  })
  return 'created'
}

export async function syncSchedules(
  client: Client,
  options: { cobCron: string | undefined; creditRefreshCron: string | undefined; taskQueue: string },
): Promise<{ closeOfBusiness: ScheduleState; creditRefresh: ScheduleState }> {
  return {
    closeOfBusiness: await syncSchedule(client, {
      scheduleId: 'close-of-business-nightly',
      cron: options.cobCron,
      workflowType: closeOfBusinessRun,
      args: [{ days: 1, requestedBy: 'schedule' }] satisfies Parameters<typeof closeOfBusinessRun>,
      taskQueue: options.taskQueue,
    }),
    creditRefresh: await syncSchedule(client, {
      scheduleId: 'credit-lines-nightly',
      cron: options.creditRefreshCron,
      workflowType: refreshAllCreditLines,
      args: [] satisfies Parameters<typeof refreshAllCreditLines>,
      taskQueue: options.taskQueue,
    }),
  }
}
