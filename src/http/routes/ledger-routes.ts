/**
 * The ledger, read-only over HTTP (officers and admin): trial balance, an account's balance and entries.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { Db } from '../../db/database.js'
import { accountBalance, accountEntries, trialBalance } from '../../ledger/ledger-repository.js'
import { requireRole } from '../auth.js'
import { PageQuerySchema, pageSchema } from '../pagination.js'
import { createRouter } from '../router.js'
import { bearerSecurity, IsoDateSchema, problemResponses } from '../schemas.js'

const AccountCodeParams = z.object({
  code: z
    .string()
    .regex(/^[a-z0-9:_-]{1,128}$/, 'an account code such as merchant:42:wallet')
    .openapi({ param: { name: 'code', in: 'path' }, example: 'lender:cash' }),
})

const trialBalanceRoute = createRoute({
  method: 'get',
  path: '/v1/ledger/trial-balance',
  tags: ['Ledger'],
  security: bearerSecurity,
  middleware: [requireRole('officer', 'admin')] as const,
  responses: {
    200: {
      description: 'Totals and every account with activity; total debits equal total credits',
      content: {
        'application/json': {
          schema: z.object({
            totalDebitsFen: z.number().int(),
            totalCreditsFen: z.number().int(),
            accounts: z.array(
              z.object({
                code: z.string(),
                type: z.string(),
                category: z.string(),
                debitsFen: z.number().int(),
                creditsFen: z.number().int(),
                balanceFen: z.number().int(),
              }),
            ),
          }),
        },
      },
    },
    ...problemResponses(401, 403),
  },
})

const accountRoute = createRoute({
  method: 'get',
  path: '/v1/ledger/accounts/{code}',
  tags: ['Ledger'],
  security: bearerSecurity,
  middleware: [requireRole('officer', 'admin')] as const,
  request: { params: AccountCodeParams, query: z.object({ asOf: IsoDateSchema.optional() }) },
  responses: {
    200: {
      description: 'The balance now, or at the end of business date `asOf`',
      content: {
        'application/json': {
          schema: z.object({
            code: z.string(),
            type: z.string(),
            category: z.string(),
            normalSide: z.enum(['D', 'C']),
            debitsFen: z.number().int(),
            creditsFen: z.number().int(),
            balanceFen: z.number().int(),
            pendingDebitsFen: z.number().int(),
            pendingCreditsFen: z.number().int(),
            availableFen: z.number().int(),
          }),
        },
      },
    },
    ...problemResponses(400, 401, 403, 404),
  },
})

const accountEntriesRoute = createRoute({
  method: 'get',
  path: '/v1/ledger/accounts/{code}/entries',
  tags: ['Ledger'],
  security: bearerSecurity,
  middleware: [requireRole('officer', 'admin')] as const,
  request: { params: AccountCodeParams, query: PageQuerySchema },
  responses: {
    200: {
      description: "The account's postings, newest first",
      content: {
        'application/json': {
          schema: pageSchema(
            z.object({
              postingId: z.number().int(),
              entryId: z.number().int(),
              type: z.string(),
              businessDate: z.string(),
              side: z.enum(['D', 'C']),
              amountFen: z.number().int(),
              description: z.string().nullable(),
              createdAt: z.string(),
            }),
          ),
        },
      },
    },
    ...problemResponses(400, 401, 403, 404),
  },
})

export function ledgerRoutes(deps: { db: Db }) {
  const app = createRouter()
  app.openapi(trialBalanceRoute, async (c) => c.json(await trialBalance(deps.db), 200))
  app.openapi(accountRoute, async (c) => {
    const { code } = c.req.valid('param')
    const { asOf } = c.req.valid('query')
    return c.json(await accountBalance(deps.db, code, asOf), 200)
  })
  app.openapi(accountEntriesRoute, async (c) => {
    const { code } = c.req.valid('param')
    const { limit, cursor } = c.req.valid('query')
    return c.json(
      await accountEntries(deps.db, code, {
        limit,
        cursor: cursor === undefined ? undefined : Number(cursor),
      }),
      200,
    )
  })
  return app
}
