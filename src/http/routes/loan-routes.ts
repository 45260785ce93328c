/**
 * Loans of both products, read-only for now: terms, what is owed, days past due and the schedule.
 * A borrower sees only its own loans (others answer 404).
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { Db } from '../../db/database.js'
import { NotFound } from '../../kernel/errors.js'
import { getLoanView, listLoanViews, type LoanView } from '../../servicing/loan-repository.js'
import type { Principal } from '../app-env.js'
import { requireRole } from '../auth.js'
import { PageQuerySchema, pageSchema } from '../pagination.js'
import { createRouter } from '../router.js'
import { bearerSecurity, idParam, problemResponses } from '../schemas.js'

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
    aprBps: z.number().int().nullable(),
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

export function loanRoutes(deps: { db: Db }) {
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

  return app
}
