/**
 * Loans of both products: terms, what is owed, days past due and the schedule, transactions,
 * repayments and payoff quotes; officer actions (write-off, penalty waiver, restructure), each
 * audited. A borrower sees only its own loans (others answer 404).
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { Client } from '@temporalio/client'
import type { Db } from '../../db/database.js'
import { assert } from '../../kernel/assert.js'
import { NotFound, Refusal } from '../../kernel/errors.js'
import type { IsoDate } from '../../kernel/business-date.js'
import { FEN_MAX } from '../../kernel/money.js'
import type { LedgerService } from '../../ledger/ledger-service.js'
import { payoffQuote, repayFromWallet } from '../../servicing/servicing-service.js'
import { repayFarmLoan, sweepBeforeWriteOff } from '../../agri/agri-servicing.js'
import { tellLoanWorkflow } from '../agri-loan-signals.js'
import { getBusinessDate } from '../../system/business-date-service.js'
import { requireIdempotencyKey } from '../idempotency.js'
import {
  getLoanView,
  listLoanViews,
  loanTransactions,
  type LoanView,
} from '../../servicing/loan-repository.js'
import {
  RESTRUCTURE_TERM_DAYS_MAX,
  RESTRUCTURE_TERM_DAYS_MIN,
  restructureLoan,
  waivePenalty,
  writeOffByOfficer,
} from '../../servicing/officer-actions.js'
import type { Principal } from '../../access/principal.js'
import { requireRole } from '../auth.js'
import { PageQuerySchema, pageSchema } from '../pagination.js'
import { createRouter } from '../router.js'
import { bearerSecurity, idParam, IsoDateSchema, problemResponses } from '../schemas.js'

const FenBreakdown = z.object({
  principalFen: z.number().int(),
  interestFen: z.number().int(),
  feesFen: z.number().int(),
  penaltyFen: z.number().int(),
  totalFen: z.number().int(),
})

const LoanSchema = z
  .object({
    loanId: z.number().int(),
    product: z.enum(['merchant', 'agri']),
    borrowerId: z.number().int(),
    status: z.string(),
    principalFen: z.number().int(),
    repaymentMethod: z.string(),
    frequency: z.string().nullable(),
    annualRateBps: z.number().int().nullable(),
    aprBps: z.number().int().nullable().openapi({
      description:
        'Annual percentage rate (IRR of the cash flows), a disclosure; a farm loan counts the premium deducted and interest as if all was spent at disbursement',
    }),
    interestOnUse: z.boolean().openapi({
      description: 'Interest accrues only on the principal used: owed less the unspent restricted money',
    }),
    salesShareBps: z.number().int().nullable(),
    totalRepayFen: z.number().int(),
    outstanding: FenBreakdown,
    daysPastDue: z.number().int(),
    bucket: z.enum(['current', '1-30', '31-60', '61-90', '90+']),
    schedule: z.array(
      z.object({
        dueDate: z.string(),
        principalFen: z.number().int(),
        interestFen: z.number().int(),
        feesFen: z.number().int(),
        paidFen: z.number().int(),
        status: z.enum(['paid', 'partial', 'overdue', 'due', 'upcoming']),
      }),
    ),
    disbursedOn: z.string().nullable(),
    maturesOn: z.string(),
    writtenOffFen: z
      .number()
      .int()
      .openapi({ description: 'What the write-off wrote off (0 unless written off)' }),
    recoveredFen: z.number().int().openapi({
      description: 'What came home after the write-off (repayments, late deliveries), at most writtenOffFen',
    }),
  })
  .openapi('Loan')

const BORROWER_ROLES = { merchant: 'merchant', farmer: 'agri' } as const

/** Which product a borrower key sees, or undefined for officers and admin (all loans). */
function borrowerScope(
  principal: Principal,
): { product: 'merchant' | 'agri'; borrowerId: number } | undefined {
  if (principal.role === 'merchant' || principal.role === 'farmer') {
    return { product: BORROWER_ROLES[principal.role], borrowerId: principal.subjectId ?? -1 }
  }
  return undefined
}

function assertMaySee(principal: Principal, loan: LoanView): void {
  const scope = borrowerScope(principal)
  if (scope && (scope.product !== loan.product || scope.borrowerId !== loan.borrowerId)) {
    throw new NotFound(`No loan ${loan.loanId}.`)
  }
}

const getLoanRoute = createRoute({
  method: 'get',
  path: '/v1/loans/{loanId}',
  tags: ['Loans'],
  security: bearerSecurity,
  middleware: [requireRole('officer', 'admin', 'merchant', 'farmer')] as const,
  request: { params: z.object({ loanId: idParam('loanId') }) },
  responses: {
    200: { description: 'The loan', content: { 'application/json': { schema: LoanSchema } } },
    ...problemResponses(400, 401, 403, 404),
  },
})

const listLoansRoute = createRoute({
  method: 'get',
  path: '/v1/loans',
  tags: ['Loans'],
  security: bearerSecurity,
  middleware: [requireRole('officer', 'admin', 'merchant', 'farmer')] as const,
  request: {
    query: PageQuerySchema.extend({
      status: z.enum(['booked', 'active', 'closed', 'written_off', 'defaulted']).optional(),
      product: z.enum(['merchant', 'agri']).optional(),
      borrowerId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
      bucket: z
        .enum(['current', '1-30', '31-60', '61-90', '90+'])
        .optional()
        .openapi({ description: 'Days-past-due bucket as of the last close of business' }),
    }),
  },
  responses: {
    200: {
      description: 'Loans, newest first',
      content: { 'application/json': { schema: pageSchema(LoanSchema) } },
    },
    ...problemResponses(400, 401, 403),
  },
})

const OwedSchema = z.object({
  penaltyFen: z.number().int(),
  feesFen: z.number().int(),
  interestFen: z.number().int(),
  principalFen: z.number().int(),
})

const repaymentRoute = createRoute({
  method: 'post',
  path: '/v1/loans/{loanId}/repayments',
  tags: ['Loans'],
  security: bearerSecurity,
  middleware: [requireRole('merchant', 'farmer', 'officer'), requireIdempotencyKey()] as const,
  request: {
    params: z.object({ loanId: idParam('loanId') }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({ amountFen: z.number().int().min(1).max(FEN_MAX) }).strict(),
        },
      },
    },
  },
  responses: {
    200: {
      description:
        'Paid from the borrower’s wallet; anything above what is owed stays in the wallet. On a written-off loan a recovery (shown as principal), at most what was written off less what was recovered',
      content: {
        'application/json': {
          schema: z.object({
            allocation: OwedSchema.extend({ leftoverFen: z.number().int() }),
            outstanding: FenBreakdown,
          }),
        },
      },
    },
    ...problemResponses(400, 401, 403, 404, 422),
  },
})

const payoffRoute = createRoute({
  method: 'get',
  path: '/v1/loans/{loanId}/payoff-quote',
  tags: ['Loans'],
  security: bearerSecurity,
  middleware: [requireRole('officer', 'admin', 'merchant', 'farmer')] as const,
  request: {
    params: z.object({ loanId: idParam('loanId') }),
    query: z.object({ date: IsoDateSchema.optional() }),
  },
  responses: {
    200: {
      description: 'What pays the loan off on that date (default: today); interest only to the day',
      content: {
        'application/json': {
          schema: z.object({
            loanId: z.number().int(),
            date: z.string(),
            payoffFen: z.number().int(),
            owed: OwedSchema,
          }),
        },
      },
    },
    ...problemResponses(400, 401, 403, 404, 422),
  },
})

const ComponentsSchema = z.object({
  penaltyFen: z.number().int(),
  feesFen: z.number().int(),
  interestFen: z.number().int(),
  principalFen: z.number().int(),
})

const TransactionSchema = z
  .object({
    entryId: z.number().int(),
    type: z.string(),
    businessDate: z.string(),
    createdAt: z.string(),
    description: z.string().nullable(),
    amountFen: z.number().int(),
    allocation: ComponentsSchema,
  })
  .openapi('LoanTransaction')

const transactionsRoute = createRoute({
  method: 'get',
  path: '/v1/loans/{loanId}/transactions',
  tags: ['Loans'],
  security: bearerSecurity,
  middleware: [requireRole('officer', 'admin', 'merchant', 'farmer')] as const,
  request: { params: z.object({ loanId: idParam('loanId') }), query: PageQuerySchema },
  responses: {
    200: {
      description:
        'Disbursement, accruals, repayments with their allocation, waivers, write-offs, recoveries (what came home on a written-off loan, shown as principal) and reversals, oldest first',
      content: { 'application/json': { schema: pageSchema(TransactionSchema) } },
    },
    ...problemResponses(400, 401, 403, 404),
  },
})

const ReasonSchema = z.string().trim().min(3).max(1000).openapi({ description: 'Why; kept in the audit log' })

function officerActionRoute<T extends z.ZodRawShape>(path: string, summary: string, body: T) {
  return createRoute({
    method: 'post',
    path: `/v1/loans/{loanId}/${path}`,
    tags: ['Loans'],
    summary,
    security: bearerSecurity,
    // Each action moves money (a write-off, a waiver, a re-schedule): a retry must not act twice.
    middleware: [requireRole('officer'), requireIdempotencyKey()] as const,
    request: {
      params: z.object({ loanId: idParam('loanId') }),
      body: {
        required: true,
        content: { 'application/json': { schema: z.object({ ...body, reason: ReasonSchema }).strict() } },
      },
    },
    responses: {
      200: { description: 'Done and audited', content: { 'application/json': { schema: LoanSchema } } },
      ...problemResponses(400, 401, 403, 404, 422),
    },
  })
}

const writeOffRoute = officerActionRoute('write-off', 'Write the loan off now, to credit losses', {})
const waivePenaltyRoute = officerActionRoute('waive-penalty', 'Waive penalty interest owed', {
  amountFen: z.number().int().min(1).max(FEN_MAX),
})
const restructureRoute = officerActionRoute(
  'restructure',
  'Re-schedule what is owed from today over a new term',
  { termDays: z.number().int().min(RESTRUCTURE_TERM_DAYS_MIN).max(RESTRUCTURE_TERM_DAYS_MAX) },
)

/** One audit entry per request: its Idempotency-Key (every officer action requires one). */
function actionKeyOf(principal: Principal, idempotencyKey: string | undefined): string {
  assert(idempotencyKey !== undefined, 'requireIdempotencyKey() runs before every officer action')
  return `${principal.ref}:${idempotencyKey}`
}

export function loanRoutes(deps: { db: Db; ledger: LedgerService; temporal: Client }) {
  const app = createRouter()

  app.openapi(getLoanRoute, async (c) => {
    const loan = await getLoanView(deps.db, c.req.valid('param').loanId)
    assertMaySee(c.get('principal'), loan)
    return c.json(loan, 200)
  })

  app.openapi(listLoansRoute, async (c) => {
    const { limit, cursor, ...filter } = c.req.valid('query')
    const scope = borrowerScope(c.get('principal'))
    const page = await listLoanViews(deps.db, scope ? { ...filter, ...scope } : filter, {
      limit,
      cursor: cursor === undefined ? undefined : Number(cursor),
    })
    return c.json(page, 200)
  })

  app.openapi(repaymentRoute, async (c) => {
    const { loanId } = c.req.valid('param')
    const principal = c.get('principal')
    const loan = await getLoanView(deps.db, loanId)
    assertMaySee(principal, loan)
    const result = await (loan.product === 'agri' ? repayFarmLoan : repayFromWallet)(deps, {
      loanId,
      amountFen: c.req.valid('json').amountFen,
      idempotencyKey: `repay:${principal.ref}:${c.req.header('Idempotency-Key')}`,
    })
    // A farm loan's workflow waits for news of its loan: a repayment may have closed it.
    if (loan.product === 'agri' && result.outstanding.totalFen === 0) {
      await tellLoanWorkflow(deps, loanId, 'repaid')
    }
    return c.json(result, 200)
  })

  app.openapi(transactionsRoute, async (c) => {
    const { loanId } = c.req.valid('param')
    assertMaySee(c.get('principal'), await getLoanView(deps.db, loanId))
    const { limit, cursor } = c.req.valid('query')
    const page = await loanTransactions(deps.db, loanId, {
      limit,
      cursor: cursor === undefined ? undefined : Number(cursor),
    })
    return c.json(page, 200)
  })

  const officerRequest = (
    c: { req: { header(name: string): string | undefined } },
    loanId: number,
    principal: Principal,
    reason: string,
  ) => ({
    loanId,
    reason,
    principalRef: principal.ref,
    actionKey: actionKeyOf(principal, c.req.header('Idempotency-Key')),
  })

  app.openapi(writeOffRoute, async (c) => {
    const { loanId } = c.req.valid('param')
    // A farm loan's unspent restricted money repays it first; only the rest is written off.
    await sweepBeforeWriteOff(deps, loanId)
    await writeOffByOfficer(deps, officerRequest(c, loanId, c.get('principal'), c.req.valid('json').reason))
    const loan = await getLoanView(deps.db, loanId)
    if (loan.product === 'agri') await tellLoanWorkflow(deps, loanId, 'written_off')
    return c.json(loan, 200)
  })

  app.openapi(waivePenaltyRoute, async (c) => {
    const { loanId } = c.req.valid('param')
    const { amountFen, reason } = c.req.valid('json')
    await waivePenalty(deps, { ...officerRequest(c, loanId, c.get('principal'), reason), amountFen })
    return c.json(await getLoanView(deps.db, loanId), 200)
  })

  app.openapi(restructureRoute, async (c) => {
    const { loanId } = c.req.valid('param')
    const { termDays, reason } = c.req.valid('json')
    await restructureLoan(deps, { ...officerRequest(c, loanId, c.get('principal'), reason), termDays })
    return c.json(await getLoanView(deps.db, loanId), 200)
  })

  app.openapi(payoffRoute, async (c) => {
    const { loanId } = c.req.valid('param')
    assertMaySee(c.get('principal'), await getLoanView(deps.db, loanId))
    const businessDate = await getBusinessDate(deps.db)
    const date = (c.req.valid('query').date ?? businessDate) as IsoDate
    if (date < businessDate)
      throw new Refusal('date_in_past', `A payoff is quoted for ${businessDate} or later.`)
    const quote = await payoffQuote(deps.db, loanId, date)
    return c.json({ loanId, date, ...quote }, 200)
  })

  return app
}
