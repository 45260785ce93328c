/**
 * Guarantee claims over HTTP (API.md, "v1 additions", Claims): the insurer's claims and their
 * ageing, its decision (accept, partial, reject) and its payments of an accepted claim, recorded as
 * cash. An insurer sees and acts on its own claims only: another's answers 404, as a missing one.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { Client } from '@temporalio/client'
import {
  AGEING_BUCKETS,
  claimAgeing,
  decideClaim,
  getClaim,
  listClaims,
  payClaim,
} from '../../agri/claims.js'
import type { Db } from '../../db/database.js'
import { FEN_MAX } from '../../kernel/money.js'
import type { LedgerService } from '../../ledger/ledger-service.js'
import type { Principal } from '../../access/principal.js'
import { requireRole } from '../auth.js'
import { requireIdempotencyKey } from '../idempotency.js'
import { PageQuerySchema, pageSchema } from '../pagination.js'
import { createRouter } from '../router.js'
import { bearerSecurity, idParam, problemResponses } from '../schemas.js'
import { tellLoanWorkflow } from '../agri-loan-signals.js'

type Deps = { db: Db; ledger: LedgerService; temporal: Client; taskQueue: string }

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, ...json(schema) } })
const Fen = z.number().int().min(1).max(FEN_MAX)
const Reason = z.string().trim().min(1).max(500)

const STATUSES = ['open', 'accepted', 'rejected', 'paid', 'withdrawn'] as const

const ClaimSchema = z
  .object({
    claimId: z.number().int(),
    policyId: z.number().int(),
    insurerId: z.number().int(),
    loanId: z.number().int(),
    owedFen: z.number().int().openapi({ description: 'What the loan owed when it defaulted' }),
    claimFen: z.number().int().openapi({ description: 'The covered share of it' }),
    status: z.enum(STATUSES),
    decision: z.enum(['accept', 'partial', 'reject']).nullable(),
    acceptedFen: z.number().int().nullable(),
    reason: z.string().nullable(),
    decidedOn: z.string().nullable(),
    paidFen: z.number().int().nullable().openapi({ description: 'The insurer’s cash received so far' }),
    openedOn: z.string(),
    paidOn: z.string().nullable().openapi({ description: 'The day of the last payment' }),
    dueOn: z.string().nullable().openapi({ description: 'An accepted claim’s cash is due by then' }),
  })
  .openapi('GuaranteeClaim')

const listClaimsRoute = createRoute({
  method: 'get',
  path: '/v1/guarantee-claims',
  tags: ['Agri'],
  security: bearerSecurity,
  middleware: [requireRole('admin', 'officer', 'insurer')] as const,
  request: { query: PageQuerySchema.extend({ status: z.enum(STATUSES).optional() }) },
  responses: {
    200: { description: 'Claims (an insurer’s own), newest first', ...json(pageSchema(ClaimSchema)) },
    ...problemResponses(400, 401, 403),
  },
})

const Bucket = z.enum(AGEING_BUCKETS as [string, ...string[]])
const ageingRoute = createRoute({
  method: 'get',
  path: '/v1/guarantee-claims/ageing',
  tags: ['Agri'],
  summary: 'Claims waiting for the insurer, by days since acceptance (or since opening, undecided)',
  security: bearerSecurity,
  middleware: [requireRole('admin', 'officer', 'insurer')] as const,
  responses: {
    200: {
      description:
        'Accepted and unpaid claims by days since acceptance; undecided ones by days since they opened',
      ...json(
        z
          .object({
            asOf: z.string(),
            buckets: z.record(Bucket, z.object({ count: z.number().int(), unpaidFen: z.number().int() })),
            awaitingDecision: z.record(
              Bucket,
              z.object({ count: z.number().int(), claimFen: z.number().int() }),
            ),
            items: z.array(
              z.object({
                claimId: z.number().int(),
                insurerId: z.number().int(),
                loanId: z.number().int(),
                status: z.enum(['open', 'accepted']),
                claimFen: z.number().int(),
                acceptedFen: z.number().int().nullable(),
                paidFen: z.number().int(),
                unpaidFen: z.number().int(),
                since: z.string(),
                days: z.number().int(),
                bucket: Bucket,
                overdue: z.boolean(),
              }),
            ),
          })
          .openapi('ClaimAgeing'),
      ),
    },
    ...problemResponses(401, 403),
  },
})

const getClaimRoute = createRoute({
  method: 'get',
  path: '/v1/guarantee-claims/{claimId}',
  tags: ['Agri'],
  security: bearerSecurity,
  middleware: [requireRole('admin', 'officer', 'insurer')] as const,
  request: { params: z.object({ claimId: idParam('claimId') }) },
  responses: {
    200: { description: 'The claim', ...json(ClaimSchema) },
    ...problemResponses(400, 401, 403, 404),
  },
})

const decisionRoute = createRoute({
  method: 'post',
  path: '/v1/guarantee-claims/{claimId}/decision',
  tags: ['Agri'],
  summary: 'The insurer accepts its claim, accepts part of it, or rejects it; once',
  security: bearerSecurity,
  // A rejection writes the loan off: it moves money, so it takes a key like every such POST.
  middleware: [requireRole('insurer'), requireIdempotencyKey()] as const,
  request: {
    params: z.object({ claimId: idParam('claimId') }),
    ...body(
      z
        .object({
          decision: z.enum(['accept', 'partial', 'reject']),
          amountFen: Fen.optional().openapi({ description: 'The part accepted (`partial` only)' }),
          reason: Reason,
        })
        .strict(),
    ),
  },
  responses: {
    200: {
      description:
        'Decided (audited). A rejection writes off what the loan owes (`writtenOffFen`); an acceptance waits for the insurer’s cash',
      ...json(ClaimSchema.extend({ writtenOffFen: z.number().int() })),
    },
    ...problemResponses(400, 401, 403, 404, 409, 422),
  },
})

const payRoute = createRoute({
  method: 'post',
  path: '/v1/guarantee-claims/{claimId}/pay',
  tags: ['Agri'],
  summary: 'The insurer’s payment of its accepted claim, recorded as cash',
  security: bearerSecurity,
  middleware: [requireRole('insurer'), requireIdempotencyKey()] as const,
  request: {
    params: z.object({ claimId: idParam('claimId') }),
    ...body(z.object({ amountFen: Fen, reference: z.string().trim().min(1).max(64) }).strict()),
  },
  responses: {
    200: {
      description:
        'Recorded: the cash repaid the loan (penalty, fees, interest, principal), or was a recovery on a written-off loan. When the accepted amount is in, what the loan still owes is written off (`writtenOffFen`)',
      ...json(
        ClaimSchema.extend({
          payment: z.object({
            amountFen: z.number().int(),
            reference: z.string(),
            allocation: z.object({
              penaltyFen: z.number().int(),
              feesFen: z.number().int(),
              interestFen: z.number().int(),
              principalFen: z.number().int(),
            }),
            recoveredFen: z.number().int(),
          }),
          writtenOffFen: z.number().int(),
        }),
      ),
    },
    ...problemResponses(400, 401, 403, 404, 409, 422),
  },
})

/** An insurer's own claims; officers and admin all. */
const insurerOf = (principal: Principal) =>
  principal.role === 'insurer' ? (principal.subjectId ?? -1) : undefined

export function claimRoutes(deps: Deps) {
  const app = createRouter()

  app.openapi(listClaimsRoute, async (c) => {
    const { limit, cursor, status } = c.req.valid('query')
    const insurerId = insurerOf(c.get('principal'))
    const page = await listClaims(
      deps.db,
      { ...(status ? { status } : {}), ...(insurerId === undefined ? {} : { insurerId }) },
      { limit, ...(cursor === undefined ? {} : { cursor: Number(cursor) }) },
    )
    return c.json(page, 200)
  })

  app.openapi(ageingRoute, async (c) => {
    const insurerId = insurerOf(c.get('principal'))
    return c.json(await claimAgeing(deps.db, insurerId === undefined ? {} : { insurerId }), 200)
  })

  app.openapi(getClaimRoute, async (c) => {
    const { claimId } = c.req.valid('param')
    return c.json(await getClaim(deps.db, claimId, insurerOf(c.get('principal'))), 200)
  })

  app.openapi(decisionRoute, async (c) => {
    const { claimId } = c.req.valid('param')
    const input = c.req.valid('json')
    const principal = c.get('principal')
    const claim = await decideClaim(deps, {
      claimId,
      insurerId: principal.subjectId ?? -1,
      decision: input.decision,
      ...(input.amountFen === undefined ? {} : { amountFen: input.amountFen }),
      reason: input.reason,
      principalRef: principal.ref,
      actionKey: `${principal.ref}:${c.req.header('Idempotency-Key') ?? ''}`,
    })
    // A rejection ends the loan (written off now, or by the officer before).
    if (claim.status === 'rejected') await tellLoanWorkflow(deps, claim.loanId, 'claim_decided')
    return c.json(claim, 200)
  })

  app.openapi(payRoute, async (c) => {
    const { claimId } = c.req.valid('param')
    const input = c.req.valid('json')
    const principal = c.get('principal')
    const result = await payClaim(deps, {
      claimId,
      insurerId: principal.subjectId ?? -1,
      amountFen: input.amountFen,
      reference: input.reference,
      requestKey: `${principal.ref}:${c.req.header('Idempotency-Key') ?? ''}`,
    })
    // A paid claim ends the loan (closed, or the rest written off); its retry signals again.
    if (result.status === 'paid') await tellLoanWorkflow(deps, result.loanId, 'claim_paid')
    return c.json(result, 200)
  })

  return app
}
