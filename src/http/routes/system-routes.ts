/**
 * The business date and close of business.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi'
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client'
import type { Db } from '../../db/database.js'
import { Conflict } from '../../kernel/errors.js'
import type { DayTotals } from '../../servicing/close-of-business-steps.js'
import { getBusinessDate } from '../../system/business-date-service.js'
import { CLOSE_OF_BUSINESS_RUN_ID, COB_DAYS_MAX } from '../../../workflows/definitions.js'
import { closeOfBusinessRun } from '../../../workflows/close-of-business.js'
import { createRouter } from '../router.js'
import { requireRole } from '../auth.js'
import { bearerSecurity, IsoDateSchema, problemResponses } from '../schemas.js'

const businessDateRoute = createRoute({
  method: 'get',
  path: '/v1/system/business-date',
  tags: ['System'],
  security: bearerSecurity,
  responses: {
    200: {
      description: 'The current business date',
      content: { 'application/json': { schema: z.object({ businessDate: IsoDateSchema }) } },
    },
    ...problemResponses(401),
  },
})

/** The day totals of src/servicing/close-of-business-steps.ts, as the contract writes them: one per field. */
const DayTotalsShape = {
  loansProcessed: z.number().int(),
  settledFen: z.number().int().openapi({ description: 'Net sales settled into merchant wallets' }),
  accruedInterestFen: z.number().int(),
  accruedPenaltyFen: z.number().int(),
  collectedFen: z.number().int(),
  newlyDelinquent: z.number().int().openapi({ description: 'Loans that went from current to past due' }),
  writtenOff: z.number().int(),
  writtenOffFen: z.number().int(),
} satisfies Record<keyof DayTotals, z.ZodNumber>

const CloseOfBusinessResultSchema = z
  .object({
    fromDate: IsoDateSchema,
    toDate: IsoDateSchema,
    businessDate: IsoDateSchema.openapi({ description: 'The business date after the run' }),
    daysClosed: z.number().int(),
    ...DayTotalsShape,
    durationMs: z.number().int(),
  })
  .openapi('CloseOfBusinessResult')

const closeOfBusinessRoute = createRoute({
  method: 'post',
  path: '/v1/system/close-of-business',
  tags: ['System'],
  security: bearerSecurity,
  middleware: [requireRole('admin', 'officer')] as const,
  request: {
    body: {
      required: false,
      content: {
        'application/json': {
          schema: z.object({ days: z.number().int().min(1).max(COB_DAYS_MAX).optional() }).strict(),
        },
      },
    },
  },
  responses: {
    200: {
      description: 'The days were closed, one after another',
      content: { 'application/json': { schema: CloseOfBusinessResultSchema } },
    },
    ...problemResponses(400, 401, 403, 409),
  },
})

export function systemRoutes(deps: { db: Db; temporal: Client; taskQueue: string }) {
  const app = createRouter()

  app.openapi(businessDateRoute, async (c) => {
    return c.json({ businessDate: await getBusinessDate(deps.db) }, 200)
  })

  app.openapi(closeOfBusinessRoute, async (c) => {
    const { days = 1 } = c.req.valid('json')
    const startedAt = performance.now()
    let handle
    try {
      handle = await deps.temporal.workflow.start(closeOfBusinessRun, {
        workflowId: CLOSE_OF_BUSINESS_RUN_ID,
        taskQueue: deps.taskQueue,
        args: [{ days, requestedBy: c.get('principal').ref }],
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      })
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        throw new Conflict(
          'close_of_business_running',
          'A close of business is already running; retry when it ends.',
        )
      }
      throw error
    }
    const result = await handle.result()
    return c.json(
      {
        ...result,
        businessDate: await getBusinessDate(deps.db),
        durationMs: Math.round(performance.now() - startedAt),
      },
      200,
    )
  })

  return app
}
