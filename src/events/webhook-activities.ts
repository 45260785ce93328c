/**
 * Activities of the webhook endpoint workflow: each is idempotent (a delivery per endpoint and event;
 * an attempt only on a pending delivery).
 * @module
 */
import type { Db } from '../db/database.js'
import { attemptDelivery, dueDeliveries, fanOutEvents } from './webhooks.js'

export const createWebhookActivities = (deps: { db: Db }) => ({
  async fanOutWebhookEvents(input: { endpointId: number }) {
    return fanOutEvents(deps.db, input.endpointId)
  },
  async dueWebhookDeliveries(input: { endpointId: number }) {
    return dueDeliveries(deps.db, input.endpointId)
  },
  async attemptWebhookDelivery(input: { deliveryId: number }) {
    return attemptDelivery(deps.db, input.deliveryId)
  },
})

export type WebhookActivities = ReturnType<typeof createWebhookActivities>
