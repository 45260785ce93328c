/**
 * The merchant's offer (its pre-approved line with options and prices) and the on-demand refresh.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi'
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client'
import { refreshAllCreditLines } from '../../../workflows/credit-line-refresh.js'
import { CREDIT_POLICY } from '../../credit/credit-policy.js'
import { currentCreditLine } from '../../credit/credit-line-service.js'
import { offerOptions } from '../../credit/offer.js'
import type { ScorecardModel } from '../../credit/scorecard.js'
import type { Db } from '../../db/database.js'
import { getBusinessDate } from '../../system/business-date-service.js'
import { Conflict } from '../../kernel/errors.js'
import { outstandingPrincipalFen } from '../../merchant-loans/origination-service.js'
import { assertMayAccessMerchant } from '../../merchants/merchant-service.js'
import { requireRole } from '../auth.js'
import { createRouter } from '../router.js'
import { bearerSecurity, idParam, problemResponses } from '../schemas.js'

export const CREDIT_REFRESH_WORKFLOW_ID = 'credit-line-refresh'
const MIN_AMOUNT_FEN = CREDIT_POLICY.creditLimitFenMin

const ReasonSchema = z.object({ code: z.string(), text: z.string() })

const OfferSchema = z
  .object({
    merchantId: z.number().int(),
    eligible: z.boolean(),
    creditLimitFen: z.number().int(),
    availableFen: z.number().int(),
    minAmountFen: z.number().int(),
    score: z.number().int(),
    scoreBand: z.enum(['A', 'B', 'C', 'D']).nullable(),
    pd: z.number(),
    reasons: z.array(ReasonSchema),
    options: z.array(
      z.object({
        termDays: z.number().int(),
        repaymentMethod: z.enum(['installment', 'sales_share']),
        frequency: z.enum(['daily', 'weekly', 'monthly']).optional(),
        repayments: z.number().int().optional(),
        annualRateBps: z.number().int().optional(),
        aprBps: z.number().int().optional(),
        feeFen: z.number().int().optional(),
        salesShareBps: z.number().int().optional(),
        estimatedTotalRepayFen: z.number().int(),
      }),
    ),
    asOfDate: z.string(),
    expiresAt: z.string(),
    policyVersion: z.string(),
    modelVersion: z.string(),
  })
  .openapi('Offer')

const offerRoute = createRoute({
  method: 'get',
  path: '/v1/merchants/{merchantId}/offer',
  tags: ['Merchant credit'],
  security: bearerSecurity,
  middleware: [requireRole('merchant', 'platform', 'officer', 'admin')] as const,
  request: {
    params: z.object({
      merchantId: idParam('merchantId'),
    }),
  },
  responses: {
    200: {
      description: 'The pre-approved line; options priced for the available amount',
      content: { 'application/json': { schema: OfferSchema } },
    },
    ...problemResponses(400, 401, 403, 404),
  },
})

const refreshRoute = createRoute({
  method: 'post',
  path: '/v1/credit-lines/refresh',
  tags: ['Merchant credit'],
  security: bearerSecurity,
  middleware: [requireRole('admin', 'officer')] as const,
  responses: {
    200: {
      description: 'Every line recomputed (the same workflow the nightly schedule runs)',
      content: {
        'application/json': {
          schema: z.object({
            asOfDate: z.string().nullable(),
            merchants: z.number().int(),
            eligible: z.number().int(),
            durationMs: z.number().int(),
          }),
        },
      },
    },
    ...problemResponses(401, 403, 409),
  },
})

export function creditRoutes(deps: {
  db: Db
  scorecard: ScorecardModel
  temporal: Client
  taskQueue: string
}) {
  const app = createRouter()

  app.openapi(offerRoute, async (c) => {
    const { merchantId } = c.req.valid('param')
    assertMayAccessMerchant(c.get('principal'), merchantId)
    const line = await currentCreditLine(deps.db, deps.scorecard, merchantId)
    const availableFen = Math.max(
      0,
      line.creditLimitFen - (await outstandingPrincipalFen(deps.db, merchantId)),
    )
    const options =
      line.eligible && line.scoreBand && availableFen >= MIN_AMOUNT_FEN
        ? offerOptions(line.scoreBand, availableFen, await getBusinessDate(deps.db))
        : []
    const expiresAt = new Date(line.computedAt.getTime() + CREDIT_POLICY.offerValidityDays * 86_400_000)
    return c.json(
      {
        merchantId,
        eligible: line.eligible,
        creditLimitFen: line.creditLimitFen,
        availableFen,
        minAmountFen: MIN_AMOUNT_FEN,
        score: line.score,
        scoreBand: line.scoreBand,
        pd: line.pd,
        reasons: line.reasons,
        options,
        asOfDate: line.asOfDate,
        expiresAt: expiresAt.toISOString(),
        policyVersion: line.policyVersion,
        modelVersion: line.modelVersion,
      },
      200,
    )
  })

  app.openapi(refreshRoute, async (c) => {
    const startedAt = performance.now()
    try {
      const result = await deps.temporal.workflow.execute(refreshAllCreditLines, {
        workflowId: CREDIT_REFRESH_WORKFLOW_ID,
        taskQueue: deps.taskQueue,
        args: [],
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      })
      return c.json({ ...result, durationMs: Math.round(performance.now() - startedAt) }, 200)
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        throw new Conflict('credit_refresh_running', 'A credit-line refresh is already running.')
      }
      throw error
    }
  })

  return app
}
