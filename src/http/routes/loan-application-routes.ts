/**
 * Merchant loan applications: the checkout's one call. The answer comes once the decision and the
 * disbursement are durable; a retry with the same Idempotency-Key joins the same workflow.
 * @module
 */
import { createHash } from 'node:crypto'
import { createRoute, z } from '@hono/zod-openapi'
import type { Client } from '@temporalio/client'
import { merchantLoanOrigination } from '../../../workflows/merchant-loan-origination.js'
import type { Db } from '../../db/database.js'
import { FEN_MAX, fenFromDb } from '../../kernel/money.js'
import { NotFound, Refusal } from '../../kernel/errors.js'
import type { AgreementConsent } from '../../merchant-loans/loan-agreement.js'
import type { ApplicationRequest } from '../../merchant-loans/origination-rules.js'
import type { ApplicationOutcome } from '../../merchant-loans/origination-service.js'
import { assertMayAccessMerchant, getMerchant } from '../../merchants/merchant-service.js'
import { requireRole } from '../auth.js'
import { requireIdempotencyKey } from '../idempotency.js'
import { createRouter } from '../router.js'
import { bearerSecurity, idParam, problemResponses } from '../schemas.js'
import { awaitWorkflowAnswer } from '../workflow-answer.js'

const ReasonSchema = z.object({ code: z.string(), text: z.string() })

const ApplicationSchema = z
  .object({
    applicationId: z.number().int(),
    status: z.enum(['approved', 'declined']),
    loanId: z.number().int().optional(),
    reasons: z.array(ReasonSchema),
    decidedInMs: z.number().int().optional(),
  })
  .openapi('LoanApplication')

const applyRoute = createRoute({
  method: 'post',
  path: '/v1/loan-applications',
  tags: ['Merchant credit'],
  security: bearerSecurity,
  middleware: [requireRole('merchant'), requireIdempotencyKey()] as const,
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              merchantId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
              amountFen: z.number().int().min(1).max(FEN_MAX),
              termDays: z.number().int().min(1).max(3_660),
              repaymentMethod: z.enum(['installment', 'sales_share']),
              frequency: z.enum(['daily', 'weekly', 'monthly']).optional(),
              refillOfLoanId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().openapi({
                description:
                  'A refill: this loan of the merchant’s, at least 75% repaid, is paid off from the new loan; its principal does not count against the line',
              }),
            })
            .strict(),
        },
      },
    },
  },
  responses: {
    201: {
      description: 'Decided; if approved, the money is in the wallet',
      content: { 'application/json': { schema: ApplicationSchema } },
    },
    ...problemResponses(400, 401, 403, 404, 409, 422),
  },
})

const getRoute = createRoute({
  method: 'get',
  path: '/v1/loan-applications/{applicationId}',
  tags: ['Merchant credit'],
  security: bearerSecurity,
  middleware: [requireRole('merchant', 'platform', 'officer', 'admin')] as const,
  request: {
    params: z.object({
      applicationId: idParam('applicationId'),
    }),
  },
  responses: {
    200: {
      description: 'The application',
      content: {
        'application/json': {
          schema: ApplicationSchema.extend({ merchantId: z.number().int(), amountFen: z.number().int() }),
        },
      },
    },
    ...problemResponses(400, 401, 403, 404),
  },
})

/**
 * Runs a merchant's application through the origination workflow and waits for its outcome (decided,
 * and if approved paid out). `requestKey` is the request's business key (the API's Idempotency-Key, a
 * page form's action id): its workflow id, so the same key can never make a second loan; a repeat
 * joins the first run and gets its outcome.
 */
export async function originateMerchantLoan(
  deps: { temporal: Client; taskQueue: string; workflowAnswerWaitMs?: number | undefined },
  input: { principalRef: string; requestKey: string; request: ApplicationRequest; consent: AgreementConsent },
): Promise<ApplicationOutcome> {
  const keyHash = createHash('sha256').update(`${input.principalRef}\n${input.requestKey}`).digest('hex')
  return awaitWorkflowAnswer(deps.temporal, deps.workflowAnswerWaitMs, () =>
    deps.temporal.workflow.execute(merchantLoanOrigination, {
      workflowId: `origination/${input.request.merchantId}/${keyHash.slice(0, 32)}`,
      taskQueue: deps.taskQueue,
      args: [{ ...input.request, consent: input.consent }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    }),
  )
}

export function loanApplicationRoutes(deps: {
  db: Db
  temporal: Client
  taskQueue: string
  nowMs: () => number
  workflowAnswerWaitMs?: number | undefined
}) {
  const app = createRouter()

  app.openapi(applyRoute, async (c) => {
    const body = c.req.valid('json')
    const principal = c.get('principal')
    assertMayAccessMerchant(principal, body.merchantId)
    await getMerchant(deps.db, body.merchantId)
    const startedAt = performance.now()
    const outcome = await originateMerchantLoan(deps, {
      principalRef: principal.ref,
      requestKey: c.req.header('Idempotency-Key')!,
      request: body,
      // Calling the API is accepting the agreement: the one booked is kept in English, as the API speaks.
      consent: { language: 'en', acceptedVia: 'api', acceptedAt: new Date(deps.nowMs()).toISOString() },
    })
    const decidedInMs = Math.round(performance.now() - startedAt)
    if (outcome.kind === 'refused') throw new Refusal(outcome.code, outcome.detail)
    return c.json(
      outcome.kind === 'approved'
        ? {
            applicationId: outcome.applicationId,
            status: 'approved' as const,
            loanId: outcome.loanId,
            reasons: outcome.reasons,
            decidedInMs,
          }
        : {
            applicationId: outcome.applicationId,
            status: 'declined' as const,
            reasons: outcome.reasons,
            decidedInMs,
          },
      201,
    )
  })

  app.openapi(getRoute, async (c) => {
    const { applicationId } = c.req.valid('param')
    const row = await deps.db
      .selectFrom('loanApplications')
      .selectAll()
      .where('id', '=', applicationId)
      .executeTakeFirst()
    // Another merchant's application answers as a missing one: the words name only the asked id.
    const principal = c.get('principal')
    if (!row || (principal.role === 'merchant' && principal.subjectId !== Number(row.merchantId))) {
      throw new NotFound(`No application ${applicationId}.`)
    }
    return c.json(
      {
        applicationId,
        merchantId: Number(row.merchantId),
        amountFen: fenFromDb(row.amountFen),
        status: row.status,
        ...(row.loanId === null ? {} : { loanId: Number(row.loanId) }),
        reasons: JSON.parse(row.reasons),
      },
      200,
    )
  })

  return app
}
