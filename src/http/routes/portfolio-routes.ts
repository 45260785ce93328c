/**
 * The portfolio summary (officer, admin): outstanding principal, loans on book, today's disbursements
 * and collections, PAR and buckets, in total and by product. The console's overview shows the same
 * computation (src/portfolio/portfolio-service.ts).
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { Db } from '../../db/database.js'
import { portfolioSummary } from '../../portfolio/portfolio-service.js'
import { requireRole } from '../auth.js'
import { createRouter } from '../router.js'
import { bearerSecurity, problemResponses } from '../schemas.js'

const BucketSchema = z.object({ count: z.number().int(), principalFen: z.number().int() })

const FiguresSchema = z.object({
  activeLoans: z
    .number()
    .int()
    .openapi({ description: 'Loans on the book (active or defaulted); the buckets’ counts add up to it' }),
  outstandingPrincipalFen: z
    .number()
    .int()
    .openapi({ description: 'Debits less credits of those loans’ principal accounts' }),
  disbursedTodayFen: z.number().int(),
  collectedTodayFen: z.number().int().openapi({
    description: 'Repayments, harvest proceeds, claim payments and sweeps paid into loans today',
  }),
  par1Bps: z.number().int(),
  par30Bps: z.number().int(),
  par90Bps: z.number().int().openapi({
    description: 'Principal of loans ≥ n days past due over outstanding principal, half-even (PAR-n)',
  }),
  nplBps: z.number().int().openapi({ description: 'Principal of non-performing loans over outstanding' }),
  buckets: z.object({
    current: BucketSchema,
    '1-30': BucketSchema,
    '31-60': BucketSchema,
    '61-90': BucketSchema,
    '90+': BucketSchema,
  }),
})

const SummarySchema = FiguresSchema.extend({
  asOf: z.string().openapi({ description: 'The business date; days past due as of its last close' }),
  byProduct: z.object({ merchant: FiguresSchema, agri: FiguresSchema }),
}).openapi('PortfolioSummary')

const summaryRoute = createRoute({
  method: 'get',
  path: '/v1/portfolio/summary',
  tags: ['Portfolio'],
  security: bearerSecurity,
  middleware: [requireRole('officer', 'admin')] as const,
  responses: {
    200: { description: 'The portfolio now', content: { 'application/json': { schema: SummarySchema } } },
    ...problemResponses(401, 403),
  },
})

export function portfolioRoutes(deps: { db: Db }) {
  const app = createRouter()
  app.openapi(summaryRoute, async (c) => c.json(await portfolioSummary(deps.db), 200))
  return app
}
