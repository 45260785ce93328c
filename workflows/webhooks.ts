import { condition, continueAsNew, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow'
import type { WebhookActivities } from '../src/events/webhook-activities.js'

const { fanOutWebhookEvents, dueWebhookDeliveries, attemptWebhookDelivery } =
  proxyActivities<WebhookActivities>({
    // An attempt waits at most 10 s for the receiver; the activity's own retries cover a lost worker.
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
  })

/** New events may be waiting (sent after a retry is requested; otherwise the workflow polls). */
export const webhookWakeSignal = defineSignal('wake')

export const WEBHOOK_POLL_MS = 500
const ROUNDS_BEFORE_CONTINUE_AS_NEW = 500

export function webhookWorkflowId(endpointId: number): string {
  return `webhook-endpoint/${endpointId}`
}

/**
 * Delivers one endpoint's events for as long as it exists: copies new events into deliveries, posts
 * the due ones in event order (a subject's later events wait for its earlier ones), and sleeps until
 * the next is due or new events may have arrived. The backoff schedule lives with each delivery.
 */
export async function webhookEndpointDelivery(input: { endpointId: number }): Promise<void> {
  let woken = false
  setHandler(webhookWakeSignal, () => {
    woken = true
  })
  for (let round = 0; round < ROUNDS_BEFORE_CONTINUE_AS_NEW; round++) {
    const { active } = await fanOutWebhookEvents(input)
    if (!active) return
    const due = await dueWebhookDeliveries(input)
    for (const deliveryId of due.deliveryIds) await attemptWebhookDelivery({ deliveryId })
    if (due.deliveryIds.length === 0) {
      woken = false
      await condition(() => woken, Math.min(WEBHOOK_POLL_MS, due.nextDueInMs ?? WEBHOOK_POLL_MS))
    }
  }
  await continueAsNew<typeof webhookEndpointDelivery>(input)
}
