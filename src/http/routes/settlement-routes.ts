/**
 * Money out of the closed loop over HTTP (API.md, "Settlement"): suppliers' and insurers' settlements
 * (a supplier's payable, an insurer's premiums withheld), made at each close of business, with the bank's answer an officer records; and farmers' payouts from their free
 * wallet. Party keys see and act on their own records only (others answer 404).
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi'
import { assertMayAccessParty, getParty } from '../../agri/parties.js'
import { reconcile } from '../../agri/reconciliation.js'
import {
  listSettlements,
  payOutFarmer,
  recordSettlementResult,
  type SettledParty,
  type SettlementView,
} from '../../agri/settlements.js'
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
  .openapi('Settlement')

const listSettlementsRoute = <P extends 'supplierId' | 'insurerId'>(
  party: SettledParty,
  collection: 'suppliers' | 'insurers',
  param: P,
) =>
  createRoute({
    method: 'get',
    path: `/v1/${collection}/{${param}}/settlements`,
    tags: ['Agri settlement'],
    security: bearerSecurity,
    middleware: [requireRole('admin', 'officer', party)] as const,
    request: {
      params: z.object({ [param]: idParam(param) } as Record<P, ReturnType<typeof idParam>>),
      query: PageQuerySchema,
    },
    responses: {
      200: {
        description:
          party === 'supplier'
            ? 'The supplier’s settlements of its payable, newest first'
            : 'The insurer’s settlements of the premiums withheld for it, newest first',
        ...json(pageSchema(SettlementSchema)),
      },
      ...problemResponses(400, 401, 403, 404),
    },
  })

/** A settlement as the API shows it: the party is in the path that lists it. */
const shown = ({ party: _, partyId: __, ...settlement }: SettlementView) => settlement

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
      description:
        'Paid: the money left the lender’s bank; failed: it is back in what the lender owes the party',
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

const BreakSchema = z
  .object({
    party: z.enum(['supplier', 'insurer', 'offtaker', 'farmer']),
    partyId: z.number().int(),
    account: z.string().openapi({ example: 'supplier:7:payable' }),
    ledgerFen: z.number().int(),
    documentsFen: z.number().int(),
    differenceFen: z.number().int().openapi({ description: 'Ledger less documents' }),
    documents: z.string().openapi({ description: 'What the documents figure is made of' }),
  })
  .openapi('ReconciliationBreak')

const reconciliationRoute = createRoute({
  method: 'get',
  path: '/v1/reconciliation',
  tags: ['Agri settlement'],
  summary: 'Every counterparty’s ledger balance against its open documents',
  security: bearerSecurity,
  middleware: [requireRole('admin', 'officer')] as const,
  responses: {
    200: {
      description: '`ok` when no balance differs from its documents; breaks in a stable order',
      ...json(
        z
          .object({
            ok: z.boolean(),
            asOf: z.string(),
            checkedAccounts: z.number().int(),
            breaks: z.array(BreakSchema),
            durationMs: z.number().int(),
          })
          .openapi('Reconciliation'),
      ),
    },
    ...problemResponses(401, 403),
  },
})

export function settlementRoutes(deps: { db: Db; ledger: LedgerService }) {
  const app = createRouter()

  for (const [party, collection, param] of [
    ['supplier', 'suppliers', 'supplierId'],
    ['insurer', 'insurers', 'insurerId'],
  ] as const) {
    app.openapi(listSettlementsRoute(party, collection, param), async (c) => {
      const partyId = (c.req.valid('param') as Record<string, number>)[param]!
      assertMayAccessParty(c.get('principal'), party, partyId)
      await getParty(deps.db, party, partyId)
      const { limit, cursor } = c.req.valid('query')
      const page = await listSettlements(
        deps.db,
        { kind: party, id: partyId },
        { limit, ...(cursor === undefined ? {} : { cursor: Number(cursor) }) },
      )
      return c.json({ items: page.items.map(shown), nextCursor: page.nextCursor }, 200)
    })
  }

  app.openapi(settlementResultRoute, async (c) => {
    const { settlementId } = c.req.valid('param')
    const { status, bankReference } = c.req.valid('json')
    const principal = c.get('principal')
    const settlement = await recordSettlementResult(deps, {
      settlementId,
      status,
      bankReference,
      principalRef: principal.ref,
      actionKey: `${principal.ref}:${c.req.header('Idempotency-Key') ?? ''}`,
    })
    return c.json(shown(settlement), 200)
  })

  app.openapi(reconciliationRoute, async (c) => c.json(await reconcile(deps.db), 200))

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
