/**
 * The loan calculator: the schedule a loan on given terms would have, for the offer page and officers,
 * at the current schedule version (what a new loan gets). Terms whose schedule would have an
 * installment repaying no principal are refused (422 `installment_without_principal`), as they are
 * for loans. It reads and writes nothing, so any authenticated role may call it.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi'
import { isIsoDate, isoDate } from '../../kernel/business-date.js'
import {
  ANNUAL_RATE_BPS_MAX,
  INTEREST_BASES,
  newSchedule,
  PRINCIPAL_FEN_MAX,
  PRINCIPAL_FEN_MIN,
  REPAYMENT_FREQUENCIES,
  REPAYMENT_METHODS,
  REPAYMENTS_MAX,
  scheduleFitsCalendar,
} from '../../servicing/schedule.js'
import { createRouter } from '../router.js'
import { bearerSecurity, IsoDateSchema, problemResponses } from '../schemas.js'

const SchedulePreviewRequestSchema = z
  .object({
    principalFen: z
      .number()
      .int()
      .min(PRINCIPAL_FEN_MIN)
      .max(PRINCIPAL_FEN_MAX)
      .openapi({ example: 10_000_000 }),
    annualRateBps: z.number().int().min(0).max(ANNUAL_RATE_BPS_MAX).openapi({ example: 1_200 }),
    repayments: z.number().int().min(1).max(REPAYMENTS_MAX).openapi({ example: 12 }),
    frequency: z.enum(REPAYMENT_FREQUENCIES),
    method: z.enum(REPAYMENT_METHODS),
    interestBasis: z.enum(INTEREST_BASES),
    startDate: IsoDateSchema.openapi({
      description: 'Disbursement date; the first installment is one period later',
    }),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (!isIsoDate(value.startDate)) return // already reported by IsoDateSchema
    if (!scheduleFitsCalendar(value.startDate, value.frequency, value.repayments)) {
      ctx.addIssue({
        code: 'custom',
        path: ['repayments'],
        message: 'the schedule would end after 9999-12-31',
      })
    }
  })
  .openapi('SchedulePreviewRequest')

const InstallmentSchema = z
  .object({
    n: z.number().int(),
    dueDate: IsoDateSchema,
    principalFen: z.number().int(),
    interestFen: z.number().int(),
    totalFen: z.number().int(),
  })
  .openapi('Installment')

const SchedulePreviewSchema = z
  .object({
    installments: z.array(InstallmentSchema),
    totalInterestFen: z.number().int(),
    aprBps: z.number().int().openapi({ description: 'Annual percentage rate (IRR), a disclosure figure' }),
  })
  .openapi('SchedulePreview')

const schedulePreviewRoute = createRoute({
  method: 'post',
  path: '/v1/schedule-preview',
  tags: ['Loans'],
  summary: 'Loan calculator: the repayment schedule for given terms',
  security: bearerSecurity,
  request: {
    body: { required: true, content: { 'application/json': { schema: SchedulePreviewRequestSchema } } },
  },
  responses: {
    200: {
      description: 'The schedule, exact to the fen, with the APR',
      content: { 'application/json': { schema: SchedulePreviewSchema } },
    },
    ...problemResponses(400, 401, 422),
  },
})

export function schedulePreviewRoutes() {
  const app = createRouter()
  app.openapi(schedulePreviewRoute, (c) => {
    const body = c.req.valid('json')
    const schedule = newSchedule({ ...body, startDate: isoDate(body.startDate) })
    return c.json({ ...schedule, installments: [...schedule.installments] }, 200)
  })
  return app
}
