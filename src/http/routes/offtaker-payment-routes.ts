/**
 * Offtakers' cash over HTTP (API.md, v1 additions, "Settlement"): an offtaker's payment for its
 * deliveries (by the offtaker or an officer), the bank statement an officer imports (lines matched by
 * reference, the rest listed, never guessed), and the ageing of unpaid proceeds. An offtaker sees
 * and pays only its own (others answer 404).
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { Client } from '@temporalio/client'
import { importBankStatement, listStatementLines } from '../../agri/bank-statements.js'
import { offtakerReceivables, recordOfftakerPayment } from '../../agri/offtaker-payments.js'
import { assertMayAccessParty } from '../../agri/parties.js'
import type { Db } from '../../db/database.js'
import type { IsoDate } from '../../kernel/business-date.js'
import { NotFound, Refusal } from '../../kernel/errors.js'
import { FEN_MAX } from '../../kernel/money.js'
import type { LedgerService } from '../../ledger/ledger-service.js'
import { requireRole } from '../auth.js'
import { requireIdempotencyKey } from '../idempotency.js'
import { PageQuerySchema, pageSchema } from '../pagination.js'
import { createRouter } from '../router.js'
import { bearerSecurity, idParam, IsoDateSchema, problemResponses } from '../schemas.js'
import { tellLoanWorkflow } from '../agri-loan-signals.js'

type Deps = { db: Db; ledger: LedgerService; temporal: Client; taskQueue: string }

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })

const WaterfallSchema = z.object({
  penaltyFen: z.number().int(),
  feesFen: z.number().int(),
  interestFen: z.number().int(),
  principalFen: z.number().int(),
  toFarmerFen: z.number().int(),
})

const PaymentSchema = z
  .object({
    paymentId: z.number().int(),
    offtakerId: z.number().int(),
    amountFen: z.number().int(),
    paidOn: z.string(),
    reference: z.string(),
    applied: z.array(
      z.object({ deliveryId: z.number().int(), amountFen: z.number().int(), waterfall: WaterfallSchema }),
    ),
    unappliedFen: z.number().int(),
  })
  .openapi('OfftakerPayment')

const paymentRoute = createRoute({
  method: 'post',
  path: '/v1/offtaker-payments',
  tags: ['Agri settlement'],
  security: bearerSecurity,
  middleware: [requireRole('offtaker', 'officer'), requireIdempotencyKey()] as const,
  description:
    'The offtaker’s cash for its deliveries, oldest first (or only those named): each delivery’s share repays its loan (penalty, fees, interest, principal) and only then pays the farmer. Cash beyond the open proceeds is refused (422 `payment_exceeds_open_proceeds`), nothing written.',
  request: {
    body: {
      required: true,
      ...json(
        z
          .object({
            offtakerId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
            amountFen: z.number().int().min(1).max(FEN_MAX),
            paidOn: IsoDateSchema,
            reference: z.string().trim().min(1).max(64),
            deliveryIds: z
              .array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER))
              .min(1)
              .max(100)
              .optional(),
          })
          .strict(),
      ),
    },
  },
  responses: {
    201: { description: 'Recorded and applied', ...json(PaymentSchema) },
    ...problemResponses(400, 401, 403, 404, 409, 422),
  },
})

const BucketsSchema = z.object({
  current: z.number().int(),
  '1-30': z.number().int(),
  '31-60': z.number().int(),
  '61-90': z.number().int(),
  '90+': z.number().int(),
})

const receivablesRoute = createRoute({
  method: 'get',
  path: '/v1/offtakers/{offtakerId}/receivables',
  tags: ['Agri settlement'],
  security: bearerSecurity,
  middleware: [requireRole('admin', 'officer', 'offtaker')] as const,
  request: { params: z.object({ offtakerId: idParam('offtakerId') }) },
  responses: {
    200: {
      description:
        'The offtaker’s unpaid proceeds, oldest first, each with days past its due date and its bucket',
      ...json(
        z.object({
          offtakerId: z.number().int(),
          asOf: z.string(),
          openFen: z.number().int(),
          buckets: BucketsSchema,
          items: z.array(
            z.object({
              deliveryId: z.number().int(),
              contractId: z.number().int(),
              loanId: z.number().int().nullable(),
              farmerId: z.number().int(),
              deliveredOn: z.string(),
              dueOn: z.string(),
              proceedsFen: z.number().int(),
              paidFen: z.number().int(),
              openFen: z.number().int(),
              status: z.string(),
              reference: z.string(),
              daysOverdue: z.number().int(),
              bucket: z.enum(['current', '1-30', '31-60', '61-90', '90+']),
            }),
          ),
        }),
      ),
    },
    ...problemResponses(400, 401, 403, 404),
  },
})

const LineResultSchema = z.object({
  line: z.number().int(),
  lineId: z.number().int(),
  reference: z.string(),
  amountFen: z.number().int(),
  status: z.enum(['matched', 'unmatched']),
  reason: z.string().nullable(),
  paymentId: z.number().int().nullable(),
})

const importStatementRoute = createRoute({
  method: 'post',
  path: '/v1/bank-statements:import',
  tags: ['Agri settlement'],
  security: bearerSecurity,
  middleware: [requireRole('officer'), requireIdempotencyKey()] as const,
  description:
    'CSV (`text/csv`, header `date,amountFen,reference,payerName`). A line whose reference is `DLV-{deliveryId}` pays that delivery; `OFT-{offtakerId}` pays that offtaker’s open deliveries oldest first; `CLM-{claimId}` is the insurer’s payment of that accepted claim. Every other line is stored unmatched with its reason. A line imported again is found, not applied again.',
  request: {
    body: { required: true, content: { 'text/csv': { schema: z.string() } } },
  },
  responses: {
    200: {
      description: 'What was matched and what is left for an officer',
      ...json(
        z.object({
          matched: z.number().int(),
          unmatched: z.array(LineResultSchema),
          lines: z.array(LineResultSchema),
        }),
      ),
    },
    ...problemResponses(400, 401, 403, 422),
  },
})

const listLinesRoute = createRoute({
  method: 'get',
  path: '/v1/bank-statement-lines',
  tags: ['Agri settlement'],
  security: bearerSecurity,
  middleware: [requireRole('admin', 'officer')] as const,
  request: { query: PageQuerySchema.extend({ status: z.enum(['matched', 'unmatched']).optional() }) },
  responses: {
    200: {
      description:
        'Imported bank statement lines, newest first (`?status=unmatched`: those left for an officer)',
      ...json(
        pageSchema(
          z
            .object({
              lineId: z.number().int(),
              valueDate: z.string(),
              amountFen: z.number().int(),
              reference: z.string(),
              payerName: z.string(),
              status: z.enum(['matched', 'unmatched']),
              reason: z.string().nullable(),
              paymentId: z.number().int().nullable(),
              claimId: z.number().int().nullable(),
              importedOn: z.string(),
            })
            .openapi('BankStatementLine'),
        ),
      ),
    },
    ...problemResponses(400, 401, 403),
  },
})

export function offtakerPaymentRoutes(deps: Deps) {
  const app = createRouter()

  const tellLoans = async (loanIds: number[]) => {
    for (const loanId of loanIds) await tellLoanWorkflow(deps, loanId, 'delivery')
  }

  app.openapi(paymentRoute, async (c) => {
    const input = c.req.valid('json')
    const principal = c.get('principal')
    assertMayAccessParty(principal, 'offtaker', input.offtakerId)
    const { loanIds, ...payment } = await recordOfftakerPayment(deps, {
      offtakerId: input.offtakerId,
      amountFen: input.amountFen,
      paidOn: input.paidOn as IsoDate,
      reference: input.reference,
      ...(input.deliveryIds ? { deliveryIds: input.deliveryIds } : {}),
      requestKey: `${principal.ref}:${c.req.header('Idempotency-Key') ?? ''}`,
    })
    await tellLoans(loanIds)
    return c.json(payment, 201)
  })

  app.openapi(receivablesRoute, async (c) => {
    const { offtakerId } = c.req.valid('param')
    assertMayAccessParty(c.get('principal'), 'offtaker', offtakerId)
    return c.json(await offtakerReceivables(deps.db, offtakerId), 200)
  })

  app.openapi(importStatementRoute, async (c) => {
    // Hono also matches `bank-statementsXimport` for this pattern; only the literal path is the route.
    if (!c.req.path.endsWith('/bank-statements:import'))
      throw new NotFound(`No route for ${c.req.method} ${c.req.path}.`)
    const contentType = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase()
    if (contentType !== 'text/csv') throw new Refusal('unsupported_media_type', 'Send text/csv.')
    const result = await importBankStatement(deps, await c.req.text())
    const matchedPayments = result.lines.flatMap((line) => (line.paymentId === null ? [] : [line.paymentId]))
    if (matchedPayments.length > 0) {
      const rows = await deps.db
        .selectFrom('offtakerPayments')
        .select('applied')
        .where('id', 'in', matchedPayments)
        .execute()
      await tellLoans([
        ...new Set(rows.flatMap((row) => (JSON.parse(row.applied) as { loanIds: number[] }).loanIds)),
      ])
    }
    // A claim a line paid in full: its loan's workflow re-reads the loan (paid, the rest written off).
    const paidClaims = result.lines.flatMap((line) => (line.claimId === null ? [] : [line.claimId]))
    if (paidClaims.length > 0) {
      const claims = await deps.db
        .selectFrom('guaranteeClaims')
        .select('loanId')
        .where('id', 'in', paidClaims)
        .where('status', '=', 'paid')
        .execute()
      for (const claim of claims) await tellLoanWorkflow(deps, Number(claim.loanId), 'claim_paid')
    }
    return c.json(
      {
        matched: result.matched,
        unmatched: result.lines.filter((line) => line.status === 'unmatched'),
        lines: result.lines,
      },
      200,
    )
  })

  app.openapi(listLinesRoute, async (c) => {
    const { limit, cursor, status } = c.req.valid('query')
    return c.json(
      await listStatementLines(deps.db, status ? { status } : {}, {
        limit,
        cursor: cursor === undefined ? undefined : Number(cursor),
      }),
      200,
    )
  })

  return app
}
