/**
 * Catalogue governance over HTTP (API.md, v1 additions): an officer's review of a supplier's
 * product, and the offtaker's input plan of a contract. Restricted money buys only approved products
 * within the plan (the purchase itself decides that, src/agri/restricted-wallet.ts).
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi'
import { FARM_INPUT_CATEGORIES } from '../../agri/agri-policy.js'
import { setInputPlan } from '../../agri/contracts.js'
import { getParty, reviewProduct } from '../../agri/parties.js'
import type { Db } from '../../db/database.js'
import { FEN_MAX } from '../../kernel/money.js'
import { requireRole } from '../auth.js'
import { createRouter } from '../router.js'
import { bearerSecurity, idParam, problemResponses } from '../schemas.js'
import { CategorySchema, ProductSchema, SkuParam } from './agri-routes.js'

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, ...json(schema) } })

const reviewProductRoute = createRoute({
  method: 'post',
  path: '/v1/suppliers/{supplierId}/products/{sku}/review',
  tags: ['Agri parties'],
  security: bearerSecurity,
  middleware: [requireRole('officer')] as const,
  request: {
    params: z.object({ supplierId: idParam('supplierId'), sku: SkuParam }),
    ...body(
      z
        .object({
          decision: z.enum(['approve', 'reject']),
          category: CategorySchema.openapi({ description: 'What the product really is' }),
          referencePriceFen: z.number().int().min(1).max(FEN_MAX),
          reason: z.string().trim().min(1).max(500),
        })
        .strict(),
    ),
  },
  responses: {
    200: {
      description:
        'The product as decided (audited). Approving a product already priced past the tolerance above the reference answers 422 price_above_reference',
      ...json(ProductSchema),
    },
    ...problemResponses(400, 401, 403, 404, 422),
  },
})

const InputPlanSchema = z
  .object({
    categories: z.array(z.enum(FARM_INPUT_CATEGORIES)).min(1).max(FARM_INPUT_CATEGORIES.length),
    skus: z
      .array(
        z
          .object({ supplierId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), sku: SkuParam })
          .strict(),
      )
      .max(200)
      .optional()
      .openapi({
        description: 'When given, the only products restricted money may buy (each in a planned category)',
      }),
  })
  .strict()

const putInputPlanRoute = createRoute({
  method: 'put',
  path: '/v1/offtake-contracts/{contractId}/input-plan',
  tags: ['Agri'],
  security: bearerSecurity,
  middleware: [requireRole('offtaker')] as const,
  request: { params: z.object({ contractId: idParam('contractId') }), ...body(InputPlanSchema) },
  responses: {
    200: {
      description:
        'The plan: restricted money of a loan on this contract buys nothing outside it (422 not_in_input_plan)',
      ...json(InputPlanSchema.extend({ contractId: z.number().int(), categories: z.array(z.string()) })),
    },
    ...problemResponses(400, 401, 403, 404, 409, 422),
  },
})

export function catalogueRoutes(deps: { db: Db }) {
  const app = createRouter()
  app.openapi(reviewProductRoute, async (c) => {
    const { supplierId, sku } = c.req.valid('param')
    await getParty(deps.db, 'supplier', supplierId)
    const product = await reviewProduct(deps.db, {
      supplierId,
      sku,
      ...c.req.valid('json'),
      principalRef: c.get('principal').ref,
    })
    return c.json(product, 200)
  })
  app.openapi(putInputPlanRoute, async (c) => {
    const plan = await setInputPlan(deps.db, {
      contractId: c.req.valid('param').contractId,
      offtakerId: c.get('principal').subjectId!,
      plan: c.req.valid('json'),
    })
    return c.json(plan, 200)
  })
  return app
}
