/**
 * The farmer's consent at the point of sale over HTTP (API.md, "Point of sale"): a supplier rings up
 * a purchase request; the farmer confirms it, or tells the supplier its one-time code; either side
 * cancels it. Only the request's farmer and supplier (and officers, reading) see it; others get 404.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi'
import { HTTPException } from 'hono/http-exception'
import type { PurchaseCodeSecret } from '../../agri/purchase-request-code.js'
import {
  cancelPurchaseRequest,
  confirmPurchaseRequest,
  createPurchaseRequest,
  getPurchaseRequest,
  listPurchaseRequests,
} from '../../agri/purchase-requests.js'
import type { Db } from '../../db/database.js'
import type { LedgerService } from '../../ledger/ledger-service.js'
import { requireRole } from '../auth.js'
import { requireIdempotencyKey } from '../idempotency.js'
import { PageQuerySchema, pageSchema } from '../pagination.js'
import { createRouter } from '../router.js'
import { bearerSecurity, idParam, problemResponses } from '../schemas.js'

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })

const STATUSES = ['awaiting_farmer', 'confirmed', 'cancelled', 'expired', 'locked'] as const

const LineSchema = z
  .object({ sku: z.string().min(1).max(64), quantity: z.number().int().min(1).max(1_000_000) })
  .strict()

const PurchaseRequestSchema = z
  .object({
    requestId: z.number().int(),
    walletId: z.number().int(),
    farmerId: z.number().int(),
    supplierId: z.number().int(),
    amountFen: z.number().int(),
    lines: z.array(z.object({ sku: z.string(), quantity: z.number().int() })),
    status: z.enum(STATUSES),
    expiresAt: z.string(),
    purchaseId: z.number().int().nullable(),
    code: z.string().optional().openapi({
      description: 'The one-time code: only in the farmer’s own view of a request awaiting them.',
    }),
  })
  .openapi('PurchaseRequest')

const RequestIdParams = z.object({ requestId: idParam('requestId') })

const createRequestRoute = createRoute({
  method: 'post',
  path: '/v1/purchase-requests',
  tags: ['Agri point of sale'],
  security: bearerSecurity,
  middleware: [requireRole('supplier'), requireIdempotencyKey()] as const,
  request: {
    body: {
      required: true,
      ...json(
        z
          .object({
            farmerId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
            lines: z.array(LineSchema).min(1).max(50),
          })
          .strict(),
      ),
    },
  },
  responses: {
    201: {
      description: 'Rung up and checked as a purchase would be; nothing paid until the farmer confirms',
      ...json(PurchaseRequestSchema),
    },
    ...problemResponses(400, 401, 403, 404, 409, 422),
  },
})

const listRequestsRoute = createRoute({
  method: 'get',
  path: '/v1/purchase-requests',
  tags: ['Agri point of sale'],
  security: bearerSecurity,
  middleware: [requireRole('admin', 'officer', 'farmer', 'supplier')] as const,
  request: { query: PageQuerySchema.extend({ status: z.enum(STATUSES).optional() }) },
  responses: {
    200: {
      description: 'The caller’s purchase requests, newest first',
      ...json(pageSchema(PurchaseRequestSchema)),
    },
    ...problemResponses(400, 401, 403),
  },
})

const getRequestRoute = createRoute({
  method: 'get',
  path: '/v1/purchase-requests/{requestId}',
  tags: ['Agri point of sale'],
  security: bearerSecurity,
  middleware: [requireRole('admin', 'officer', 'farmer', 'supplier')] as const,
  request: { params: RequestIdParams },
  responses: {
    200: { description: 'The purchase request', ...json(PurchaseRequestSchema) },
    ...problemResponses(400, 401, 403, 404),
  },
})

/** Its body may carry the one-time code, which the Idempotency-Key's stored request hash must not. */
export const PURCHASE_REQUEST_CONFIRM_PATH = '/v1/purchase-requests/{requestId}/confirm'

const confirmRoute = createRoute({
  method: 'post',
  path: PURCHASE_REQUEST_CONFIRM_PATH,
  tags: ['Agri point of sale'],
  security: bearerSecurity,
  middleware: [requireRole('farmer', 'supplier'), requireIdempotencyKey()] as const,
  request: {
    params: RequestIdParams,
    body: {
      required: false,
      ...json(
        z
          .object({
            code: z
              .string()
              .regex(/^\d{6}$/, 'six digits')
              .optional()
              .openapi({
                description: 'The code the farmer told the supplier (the supplier’s confirmation only).',
              }),
          })
          .strict(),
      ),
    },
  },
  responses: {
    201: {
      description: 'Paid from the restricted wallet, with the same checks as a purchase',
      ...json(
        z.object({ purchaseId: z.number().int(), amountFen: z.number().int(), status: z.literal('paid') }),
      ),
    },
    ...problemResponses(400, 401, 403, 404, 409, 422),
  },
})

const cancelRoute = createRoute({
  method: 'post',
  path: '/v1/purchase-requests/{requestId}/cancel',
  tags: ['Agri point of sale'],
  security: bearerSecurity,
  middleware: [requireRole('farmer', 'supplier')] as const,
  request: { params: RequestIdParams },
  responses: {
    200: { description: 'Cancelled: nothing will be paid', ...json(PurchaseRequestSchema) },
    ...problemResponses(400, 401, 403, 404, 422),
  },
})

export function purchaseRequestRoutes(deps: {
  db: Db
  ledger: LedgerService
  purchaseCodeSecret: PurchaseCodeSecret
  nowMs: () => number
}) {
  const app = createRouter()
  const domain = { db: deps.db, ledger: deps.ledger, secret: deps.purchaseCodeSecret, nowMs: deps.nowMs }

  app.openapi(createRequestRoute, async (c) => {
    const principal = c.get('principal')
    const { farmerId, lines } = c.req.valid('json')
    const created = await createPurchaseRequest(domain, {
      supplierId: principal.subjectId ?? -1,
      farmerId,
      lines,
      requestKey: `${principal.ref}:${c.req.header('Idempotency-Key') ?? ''}`,
      principalRef: principal.ref,
    })
    return c.json(created, 201)
  })

  app.openapi(listRequestsRoute, async (c) => {
    const { limit, cursor, status } = c.req.valid('query')
    const page = await listPurchaseRequests(domain, c.get('principal'), {
      limit,
      ...(status === undefined ? {} : { status }),
      ...(cursor === undefined ? {} : { cursor: Number(cursor) }),
    })
    return c.json(page, 200)
  })

  app.openapi(getRequestRoute, async (c) => {
    return c.json(await getPurchaseRequest(domain, c.get('principal'), c.req.valid('param').requestId), 200)
  })

  app.openapi(confirmRoute, async (c) => {
    const principal = c.get('principal')
    const code = (c.req.valid('json') as { code?: string } | undefined)?.code
    if (principal.role === 'supplier' && code === undefined) {
      throw new HTTPException(400, {
        message: 'code: a supplier confirms with the code the farmer told them',
      })
    }
    const paid = await confirmPurchaseRequest(domain, principal, {
      requestId: c.req.valid('param').requestId,
      code,
    })
    return c.json(paid, 201)
  })

  app.openapi(cancelRoute, async (c) => {
    return c.json(
      await cancelPurchaseRequest(domain, c.get('principal'), c.req.valid('param').requestId),
      200,
    )
  })

  return app
}
