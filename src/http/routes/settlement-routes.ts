/**
 * Money out of the closed loop over HTTP (API.md, "Settlement"): suppliers' settlements, made at each
 * close of business, with the bank's answer an officer records; and farmers' payouts from their free
 * wallet. Party keys see and act on their own records only (others answer 404).
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi'
import { assertMayAccessParty, getParty } from '../../agri/parties.js'
import { listSettlements, payOutFarmer, recordSettlementResult } from '../../agri/settlements.js'
import type { Db } from '../../db/database.js'
import { FEN_MAX } from '../../kernel/money.js'
import type { LedgerService } from '../../ledger/ledger-service.js'
import { requireRole } from '../auth.js'
import { requireIdempotencyKey } from '../idempotency.js'
import { PageQuerySchema, pageSchema } from '../pagination.js'
import { createRouter } from '../router.js'
import { bearerSecurity, idParam, problemResponses } from '../schemas.js'

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })

const SettlementSchema = z
  .object({
    settlementId: z.number().int(),
    businessDate: z.string(),
    amountFen: z.number().int(),
    status: z.enum(['pending', 'paid', 'failed']),
    reference: z.string().nullable(),
  })
  .openapi('SupplierSettlement')

const listSettlementsRoute = createRoute({
  method: 'get',
  path: '/v1/suppliers/{supplierId}/settlements',
  tags: ['Agri settlement'],
  security: bearerSecurity,
  middleware: [requireRole('admin', 'officer', 'supplier')] as const,
  request: { params: z.object({ supplierId: idParam('supplierId') }), query: PageQuerySchema },
  responses: {
    200: { description: 'The supplier’s settlements, newest first', ...json(pageSchema(SettlementSchema)) },
    ...problemResponses(400, 401, 403, 404),
  },
})

const settlementResultRoute = createRoute({
  method: 'post',
  path: '/v1/settlements/{settlementId}/result',
  tags: ['Agri settlement'],
  security: bearerSecurity,
  middleware: [requireRole('officer'), requireIdempotencyKey()] as const,
  request: {
    params: z.object({ settlementId: idParam('settlementId') }),
    body: {
      required: true,
      ...json(
        z
          .object({
            status: z.enum(['paid', 'failed']),
            bankReference: z.string().trim().min(1).max(64),
          })
          .strict(),
      ),
    },
  },
  responses: {
    200: {
      description: 'Paid: the money left the lender’s bank; failed: it is back in the supplier’s payable',
      ...json(SettlementSchema),
    },
    ...problemResponses(400, 401, 403, 404, 422),
  },
})

const farmerPayoutRoute = createRoute({
  method: 'post',
  path: '/v1/farmers/{farmerId}/payouts',
  tags: ['Agri settlement'],
  security: bearerSecurity,
  middleware: [requireRole('farmer'), requireIdempotencyKey()] as const,
  request: {
    params: z.object({ farmerId: idParam('farmerId') }),
    body: {
      required: true,
      ...json(z.object({ amountFen: z.number().int().min(1).max(FEN_MAX) }).strict()),
    },
  },
  responses: {
    201: {
      description: 'Paid out of the farmer’s free wallet to its bank (restricted money never)',
      ...json(
        z.object({
          payoutId: z.number().int(),
          amountFen: z.number().int(),
          balanceFen: z.number().int(),
        }),
      ),
    },
    ...problemResponses(400, 401, 403, 404, 422),
  },
})

export function settlementRoutes(deps: { db: Db; ledger: LedgerService }) {
  const app = createRouter()

  app.openapi(listSettlementsRoute, async (c) => {
    const { supplierId } = c.req.valid('param')
    assertMayAccessParty(c.get('principal'), 'supplier', supplierId)
    await getParty(deps.db, 'supplier', supplierId)
    const { limit, cursor } = c.req.valid('query')
    const page = await listSettlements(deps.db, supplierId, {
      limit,
      ...(cursor === undefined ? {} : { cursor: Number(cursor) }),
    })
    return c.json(
      { items: page.items.map(({ supplierId: _, ...item }) => item), nextCursor: page.nextCursor },
      200,
    )
  })

  app.openapi(settlementResultRoute, async (c) => {
    const { settlementId } = c.req.valid('param')
    const { status, bankReference } = c.req.valid('json')
    const principal = c.get('principal')
    const { supplierId: _, ...settlement } = await recordSettlementResult(deps, {
      settlementId,
      status,
      bankReference,
      principalRef: principal.ref,
      actionKey: `${principal.ref}:${c.req.header('Idempotency-Key') ?? ''}`,
    })
    return c.json(settlement, 200)
  })

  app.openapi(farmerPayoutRoute, async (c) => {
    const { farmerId } = c.req.valid('param')
    const principal = c.get('principal')
    assertMayAccessParty(principal, 'farmer', farmerId)
    await getParty(deps.db, 'farmer', farmerId)
    const payout = await payOutFarmer(deps, {
      farmerId,
      amountFen: c.req.valid('json').amountFen,
      requestKey: `${principal.ref}:${c.req.header('Idempotency-Key') ?? ''}`,
    })
    return c.json(payout, 201)
  })

  return app
}
