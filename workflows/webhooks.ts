import {
  condition,
  continueAsNew,
  defineSignal,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow'
import type { WebhookActivities } from '../src/events/webhook-activities.js'

const { webhookDeliveryRound } = proxyActivities<WebhookActivities>({
  // A round attempts up to 200 deliveries, 8 at a time, each waiting at most 10 s for its receiver.
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
})

/** New events may be waiting (sent after a retry is requested; otherwise the workflow polls). */
export const webhookWakeSignal = defineSignal('wake')

export const WEBHOOK_POLL_MS = 500
const ROUNDS_BEFORE_CONTINUE_AS_NEW = 1_000

/**
 * The endpoint's workflow id. The task queue is part of it: endpoint ids are per database, and
 * deployments (or test files) that share a Temporal namespace each have their own task queue.
 */
export function webhookWorkflowId(taskQueue: string, endpointId: number): string {
  return `webhook-endpoint/${taskQueue}/${endpointId}`
}

/**
 * Delivers one endpoint's events for as long as it exists: each round copies new events into
 * deliveries and posts the due ones in event order per subject (a subject's later events wait for its
 * earlier ones); between rounds it sleeps until the next retry is due or new events may have arrived.
 * The backoff schedule lives with each delivery; the history is restarted before it grows long.
 */
export async function webhookEndpointDelivery(input: { endpointId: number }): Promise<void> {
  let woken = false
  setHandler(webhookWakeSignal, () => {
    woken = true
  })
  for (let round = 0; round < ROUNDS_BEFORE_CONTINUE_AS_NEW; round++) {
    const result = await webhookDeliveryRound(input)
    if (!result.active) return
    if (result.attempted === 0) {
      woken = false
      await condition(() => woken, Math.min(WEBHOOK_POLL_MS, result.nextDueInMs ?? WEBHOOK_POLL_MS))
    }
    if (workflowInfo().continueAsNewSuggested) break
  }
  await continueAsNew<typeof webhookEndpointDelivery>(input)
}
