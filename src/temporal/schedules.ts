/**
 * The nightly close of business as a Temporal Schedule: created or updated from COB_SCHEDULE_CRON,
 * removed when it is unset (the dev default), so the schedule always matches the configuration.
 * @module
 */
import { ScheduleNotFoundError, ScheduleOverlapPolicy, type Client } from '@temporalio/client'
import { closeOfBusinessRun } from '../../workflows/close-of-business.js'

export const COB_SCHEDULE_ID = 'close-of-business-nightly'

export async function syncCloseOfBusinessSchedule(
  client: Client,
  options: { cron: string | undefined; taskQueue: string },
): Promise<'created' | 'updated' | 'removed' | 'absent'> {
  const handle = client.schedule.getHandle(COB_SCHEDULE_ID)
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
    workflowType: closeOfBusinessRun,
    args: [{ days: 1, requestedBy: 'schedule' }] as [{ days: number; requestedBy: string }],
    taskQueue: options.taskQueue,
  }
  const spec = { cronExpressions: [options.cron] }
  if (exists) {
    await handle.update((previous) => ({ ...previous, spec, action }))
    return 'updated'
  }
  await client.schedule.create({
    scheduleId: COB_SCHEDULE_ID,
    spec,
    action,
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
  })
  return 'created'
}
