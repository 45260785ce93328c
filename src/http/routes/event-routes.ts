/**
 * The events feed and webhook endpoints (API.md). Every role may read its own events and register
 * endpoints for them; officers and admin see all events.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { Client } from '@temporalio/client'
import { webhookEndpointDelivery, webhookWakeSignal, webhookWorkflowId } from '../../../workflows/webhooks.js'
import type { Db } from '../../db/database.js'
import { EVENT_TYPES, listEvents } from '../../events/events.js'
import {
  createEndpoint,
  deleteEndpoint,
  listDeliveries,
  listEndpoints,
  retryDelivery,
} from '../../events/webhooks.js'
import type { WebhookPolicy } from '../../events/webhook-target.js'
import { ROLES } from '../../access/principal.js'
import type { SecretsKeyring } from '../../kernel/secrets-keyring.js'
import { requireRole } from '../auth.js'
import { PageQuerySchema, pageSchema } from '../pagination.js'
import { createRouter } from '../router.js'
import { bearerSecurity, idParam, problemResponses } from '../schemas.js'

type Deps = {
  db: Db
  /** The keys webhook signing secrets are sealed under. */
  secrets: SecretsKeyring
  temporal: Client
  taskQueue: string
  /** Where webhooks may go; unset = from the environment (`WEBHOOK_ALLOWED_HOSTS`). */
  webhookPolicy?: WebhookPolicy | undefined
}

const anyRole = requireRole(...ROLES)
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })

const EventSchema = z
  .object({
    eventId: z.number().int(),
    type: z.string(),
    createdAt: z.string(),
    businessDate: z.string(),
    subject: z.record(z.string(), z.number().int()),
    data: z.unknown(),
  })
  .openapi('Event')

const listEventsRoute = createRoute({
  method: 'get',
  path: '/v1/events',
  tags: ['Events'],
  security: bearerSecurity,
  middleware: [anyRole] as const,
  request: {
    query: PageQuerySchema.extend({
      type: z.enum(EVENT_TYPES).optional(),
      subjectId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
    }),
  },
  responses: {
    200: {
      description: 'Events about the caller’s own records, oldest first after the cursor',
      ...json(pageSchema(EventSchema)),
    },
    ...problemResponses(400, 401, 403),
  },
})

const EndpointSchema = z
  .object({
    endpointId: z.number().int(),
    url: z.string(),
    eventTypes: z.array(z.string()),
    status: z.enum(['active', 'deleted', 'disabled']),
    createdAt: z.string(),
  })
  .openapi('WebhookEndpoint')

const UrlSchema = z
  .string()
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(value)
      return (
        (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === ''
      )
    } catch {
      return false
    }
  }, 'must be an http(s) URL without credentials')

const createEndpointRoute = createRoute({
  method: 'post',
  path: '/v1/webhook-endpoints',
  tags: ['Events'],
  security: bearerSecurity,
  middleware: [anyRole] as const,
  request: {
    body: {
      required: true,
      ...json(
        z
          .object({
            url: UrlSchema,
            eventTypes: z
              .array(z.enum([...EVENT_TYPES, '*']))
              .min(1)
              .max(EVENT_TYPES.length + 1),
          })
          .strict(),
      ),
    },
  },
  responses: {
    201: {
      description: 'Registered; the signing secret is shown only here',
      ...json(
        EndpointSchema.extend({
          secret: z.string().nullable().describe('Shown once; null when an Idempotency-Key replay answers'),
        }),
      ),
    },
    ...problemResponses(400, 401, 403, 422),
  },
})

const EndpointParams = z.object({ endpointId: idParam('endpointId') })

const listEndpointsRoute = createRoute({
  method: 'get',
  path: '/v1/webhook-endpoints',
  tags: ['Events'],
  security: bearerSecurity,
  middleware: [anyRole] as const,
  responses: {
    200: { description: 'The caller’s endpoints', ...json(z.object({ items: z.array(EndpointSchema) })) },
    ...problemResponses(401, 403),
  },
})

const deleteEndpointRoute = createRoute({
  method: 'delete',
  path: '/v1/webhook-endpoints/{endpointId}',
  tags: ['Events'],
  security: bearerSecurity,
  middleware: [anyRole] as const,
  request: { params: EndpointParams },
  responses: {
    204: { description: 'Deleted: no more deliveries' },
    ...problemResponses(400, 401, 403, 404),
  },
})

const DeliverySchema = z
  .object({
    deliveryId: z.number().int(),
    eventId: z.number().int(),
    eventType: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
  })
  .openapi('WebhookDelivery')

const listDeliveriesRoute = createRoute({
  method: 'get',
  path: '/v1/webhook-endpoints/{endpointId}/deliveries',
  tags: ['Events'],
  security: bearerSecurity,
  middleware: [anyRole] as const,
  request: { params: EndpointParams, query: PageQuerySchema },
  responses: {
    200: { description: 'Deliveries and their attempts, newest first', ...json(pageSchema(DeliverySchema)) },
    ...problemResponses(400, 401, 403, 404),
  },
})

const retryRoute = createRoute({
  method: 'post',
  path: '/v1/webhook-endpoints/{endpointId}/deliveries/{deliveryId}/retry',
  tags: ['Events'],
  security: bearerSecurity,
  middleware: [anyRole] as const,
  request: { params: EndpointParams.extend({ deliveryId: idParam('deliveryId') }) },
  responses: {
    202: {
      description: 'Queued to be sent again now',
      ...json(z.object({ deliveryId: z.number().int(), status: z.literal('pending') })),
    },
    ...problemResponses(400, 401, 403, 404),
  },
})

export function eventRoutes(deps: Deps) {
  const app = createRouter()
  const startDelivery = async (endpointId: number) => {
    await deps.temporal.workflow.start(webhookEndpointDelivery, {
      workflowId: webhookWorkflowId(deps.taskQueue, endpointId),
      taskQueue: deps.taskQueue,
      args: [{ endpointId }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    })
  }

  app.openapi(listEventsRoute, async (c) => {
    const { limit, cursor, type, subjectId } = c.req.valid('query')
    const page = await listEvents(
      deps.db,
      c.get('principal'),
      { ...(type ? { type } : {}), ...(subjectId === undefined ? {} : { subjectId }) },
      { limit, cursor: cursor === undefined ? undefined : Number(cursor) },
    )
    return c.json(page as never, 200)
  })
  app.openapi(createEndpointRoute, async (c) => {
    const endpoint = await createEndpoint(deps, c.get('principal'), c.req.valid('json'), deps.webhookPolicy)
    await startDelivery(endpoint.endpointId)
    return c.json(endpoint, 201)
  })
  app.openapi(listEndpointsRoute, async (c) => {
    return c.json({ items: await listEndpoints(deps.db, c.get('principal')) }, 200)
  })
  app.openapi(deleteEndpointRoute, async (c) => {
    await deleteEndpoint(deps.db, c.get('principal'), c.req.valid('param').endpointId)
    return c.body(null, 204)
  })
  app.openapi(listDeliveriesRoute, async (c) => {
    const { limit, cursor } = c.req.valid('query')
    const page = await listDeliveries(deps.db, c.get('principal'), c.req.valid('param').endpointId, {
      limit,
      cursor: cursor === undefined ? undefined : Number(cursor),
    })
    return c.json(page, 200)
  })
  app.openapi(retryRoute, async (c) => {
    const { endpointId, deliveryId } = c.req.valid('param')
    await retryDelivery(deps.db, c.get('principal'), endpointId, deliveryId)
    await startDelivery(endpointId)
    await deps.temporal.workflow
      .getHandle(webhookWorkflowId(deps.taskQueue, endpointId))
      .signal(webhookWakeSignal)
      .catch(() => undefined)
    return c.json({ deliveryId, status: 'pending' as const }, 202)
  })
  return app
}
