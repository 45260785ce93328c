/**
 * Activities of the webhook endpoint workflow: idempotent (a delivery per endpoint and event; an
 * attempt only on a pending delivery).
 * @module
 */
import type { Db } from '../db/database.js'
import { deliveryRound } from './webhooks.js'

export const createWebhookActivities = (deps: { db: Db }) => ({
  /** Copies new events into deliveries and attempts the due ones (see {@link deliveryRound}). */
  async webhookDeliveryRound(input: { endpointId: number }) {
    return deliveryRound(deps.db, input.endpointId)
  },
})

export type WebhookActivities = ReturnType<typeof createWebhookActivities>
