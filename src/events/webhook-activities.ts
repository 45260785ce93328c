/**
 * Activities of the webhook endpoint workflow: idempotent (a delivery per endpoint and event; an
 * attempt only on a pending delivery).
 * @module
 */
import { deliveryRound, type WebhookDeps } from './webhooks.js'

export const createWebhookActivities = (deps: WebhookDeps) => ({
  /** Copies new events into deliveries and attempts the due ones (see {@link deliveryRound}). */
  async webhookDeliveryRound(input: { endpointId: number }) {
    return deliveryRound(deps, input.endpointId)
  },
})

export type WebhookActivities = ReturnType<typeof createWebhookActivities>
