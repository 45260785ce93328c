/**
 * Merchants, their daily sales from the platform, and their wallet.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { Db } from '../../db/database.js'
import { NotFound, Refusal } from '../../kernel/errors.js'
import { FEN_MAX } from '../../kernel/money.js'
import { accounts } from '../../ledger/chart-of-accounts.js'
import { accountBalance, accountEntries } from '../../ledger/ledger-repository.js'
import type { LedgerService } from '../../ledger/ledger-service.js'
import { assertMayAccessMerchant, createMerchant, getMerchant } from '../../merchants/merchant-service.js'
import { payOutMerchant } from '../../merchants/merchant-payouts.js'
import {
  checkSalesRow,
  importSales,
  readLines,
  SalesFiguresSchema,
  upsertSales,
} from '../../merchants/sales-intake.js'
import { getBusinessDate } from '../../system/business-date-service.js'
import { requireRole } from '../auth.js'
import { requireIdempotencyKey } from '../idempotency.js'
import { createRouter } from '../router.js'
import { bearerSecurity, idParam, IsoDateSchema, problemResponses } from '../schemas.js'

const MerchantIdParam = idParam('merchantId')

const MerchantSchema = z
  .object({
    merchantId: z.number().int(),
    externalRef: z.string(),
    name: z.string(),
    openedOn: z.string(),
    createdAt: z.string(),
  })
  .openapi('Merchant')

const createMerchantRoute = createRoute({
  method: 'post',
  path: '/v1/merchants',
  tags: ['Merchants'],
  security: bearerSecurity,
  middleware: [requireRole('admin', 'platform')] as const,
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              externalRef: z.string().trim().min(1).max(64),
              name: z.string().trim().min(1).max(200),
              openedOn: IsoDateSchema,
            })
            .strict(),
        },
      },
    },
  },
  responses: {
    201: {
      description: 'The merchant, with its wallet opened',
      content: { 'application/json': { schema: MerchantSchema } },
    },
    ...problemResponses(400, 401, 403, 409, 422),
  },
})

const getMerchantRoute = createRoute({
  method: 'get',
  path: '/v1/merchants/{merchantId}',
  tags: ['Merchants'],
  security: bearerSecurity,
  middleware: [requireRole('admin', 'platform', 'officer', 'merchant')] as const,
  request: { params: z.object({ merchantId: MerchantIdParam }) },
  responses: {
    200: { description: 'The merchant', content: { 'application/json': { schema: MerchantSchema } } },
    ...problemResponses(400, 401, 403, 404),
  },
})

const putSalesRoute = createRoute({
  method: 'put',
  path: '/v1/merchants/{merchantId}/sales/{date}',
  tags: ['Merchants'],
  security: bearerSecurity,
  middleware: [requireRole('platform')] as const,
  request: {
    params: z.object({
      merchantId: MerchantIdParam,
      date: IsoDateSchema.openapi({ param: { name: 'date', in: 'path' } }),
    }),
    body: { required: true, content: { 'application/json': { schema: SalesFiguresSchema } } },
  },
  responses: {
    200: { description: 'Updated', content: { 'application/json': { schema: SalesDaySchema() } } },
    201: { description: 'Created', content: { 'application/json': { schema: SalesDaySchema() } } },
    ...problemResponses(400, 401, 403, 404, 422),
  },
})

function SalesDaySchema() {
  return z.object({ merchantId: z.number().int(), date: z.string(), netFen: z.number().int() })
}

const importSalesRoute = createRoute({
  method: 'post',
  path: '/v1/merchants/{merchantId}/sales:import',
  tags: ['Merchants'],
  security: bearerSecurity,
  middleware: [requireRole('platform')] as const,
  description:
    'NDJSON (`application/x-ndjson`) or CSV (`text/csv`, header `date,grossFen,refundFen,orderCount`). Valid rows land even when others are rejected.',
  request: { params: z.object({ merchantId: MerchantIdParam }) },
  responses: {
    200: {
      description: 'What landed and what did not',
      content: {
        'application/json': {
          schema: z.object({
            accepted: z.number().int(),
            rejectedCount: z.number().int(),
            rejected: z.array(z.object({ line: z.number().int(), code: z.string(), message: z.string() })),
          }),
        },
      },
    },
    ...problemResponses(400, 401, 403, 404, 422),
  },
})

const walletRoute = createRoute({
  method: 'get',
  path: '/v1/merchants/{merchantId}/wallet',
  tags: ['Merchants'],
  security: bearerSecurity,
  middleware: [requireRole('admin', 'platform', 'officer', 'merchant')] as const,
  request: { params: z.object({ merchantId: MerchantIdParam }) },
  responses: {
    200: {
      description: 'The wallet balance and its latest entries',
      content: {
        'application/json': {
          schema: z.object({
            merchantId: z.number().int(),
            balanceFen: z.number().int(),
            availableFen: z.number().int(),
            entries: z.array(
              z.object({
                entryId: z.number().int(),
                type: z.string(),
                businessDate: z.string(),
                amountFen: z.number().int(),
              }),
            ),
          }),
        },
      },
    },
    ...problemResponses(400, 401, 403, 404),
  },
})

const payoutRoute = createRoute({
  method: 'post',
  path: '/v1/merchants/{merchantId}/payouts',
  tags: ['Merchants'],
  security: bearerSecurity,
  middleware: [requireRole('merchant'), requireIdempotencyKey()] as const,
  request: {
    params: z.object({ merchantId: MerchantIdParam }),
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
    201: {
      description: 'Paid out to the merchant’s bank',
      content: {
        'application/json': {
          schema: z.object({
            payoutId: z.number().int(),
            amountFen: z.number().int(),
            balanceFen: z.number().int(),
          }),
        },
      },
    },
    ...problemResponses(400, 401, 403, 404, 422),
  },
})

export function merchantRoutes(deps: { db: Db; ledger: LedgerService }) {
  const app = createRouter()

  app.openapi(createMerchantRoute, async (c) => c.json(await createMerchant(deps, c.req.valid('json')), 201))

  app.openapi(getMerchantRoute, async (c) => {
    const { merchantId } = c.req.valid('param')
    assertMayAccessMerchant(c.get('principal'), merchantId)
    return c.json(await getMerchant(deps.db, merchantId), 200)
  })

  app.openapi(putSalesRoute, async (c) => {
    const { merchantId, date } = c.req.valid('param')
    const figures = c.req.valid('json')
    await getMerchant(deps.db, merchantId)
    const row = { date, ...figures }
    checkSalesRow(row, { businessDate: await getBusinessDate(deps.db) })
    const { created } = await upsertSales(deps.db, merchantId, row)
    return c.json({ merchantId, date, netFen: figures.grossFen - figures.refundFen }, created ? 201 : 200)
  })

  app.openapi(importSalesRoute, async (c) => {
    // Hono also matches `salesXimport` for this pattern; only the literal path is the route.
    if (!c.req.path.endsWith('/sales:import'))
      throw new NotFound(`No route for ${c.req.method} ${c.req.path}.`)
    const { merchantId } = c.req.valid('param')
    await getMerchant(deps.db, merchantId)
    const contentType = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase()
    const format =
      contentType === 'text/csv'
        ? 'csv'
        : /^application\/(x-)?(nd)?jsonl?$/.test(contentType)
          ? 'ndjson'
          : undefined
    if (!format || contentType === 'application/json') {
      throw new Refusal('unsupported_media_type', 'Send application/x-ndjson or text/csv.')
    }
    const body =
      c.req.raw.bodyUsed || !c.req.raw.body ? new Blob([await c.req.text()]).stream() : c.req.raw.body
    const result = await importSales(deps.db, {
      merchantId,
      format,
      lines: readLines(body),
      businessDate: await getBusinessDate(deps.db),
    })
    return c.json(result, 200)
  })

  app.openapi(walletRoute, async (c) => {
    const { merchantId } = c.req.valid('param')
    assertMayAccessMerchant(c.get('principal'), merchantId)
    await getMerchant(deps.db, merchantId)
    const code = accounts.merchantWallet(merchantId).code
    const balance = await accountBalance(deps.db, code)
    const recent = await accountEntries(deps.db, code, { limit: 20 })
    return c.json(
      {
        merchantId,
        balanceFen: balance.balanceFen,
        availableFen: balance.availableFen,
        entries: recent.items.map((item) => ({
          entryId: item.entryId,
          type: item.type,
          businessDate: item.businessDate,
          amountFen: item.side === 'C' ? item.amountFen : -item.amountFen,
        })),
      },
      200,
    )
  })

  app.openapi(payoutRoute, async (c) => {
    const { merchantId } = c.req.valid('param')
    const { amountFen } = c.req.valid('json')
    const principal = c.get('principal')
    assertMayAccessMerchant(principal, merchantId)
    await getMerchant(deps.db, merchantId)
    const payout = await payOutMerchant(deps, {
      merchantId,
      amountFen,
      idempotencyKey: `payout:${principal.ref}:${c.req.header('Idempotency-Key')}`,
    })
    return c.json(payout, 201)
  })

  return app
}
