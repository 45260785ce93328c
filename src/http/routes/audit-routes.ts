/**
 * The audit log (officer, admin): every officer action with who, when, what and why.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { Db } from '../../db/database.js'
import { listAudit } from '../../system/audit-log.js'
import { requireRole } from '../auth.js'
import { PageQuerySchema, pageSchema } from '../pagination.js'
import { createRouter } from '../router.js'
import { bearerSecurity, problemResponses } from '../schemas.js'

const AuditEntrySchema = z
  .object({
    auditId: z.number().int(),
    at: z.string(),
    businessDate: z.string().nullable(),
    principalRef: z.string().openapi({ description: '`admin` or `p:{principalId}`' }),
    action: z.string(),
    subjectType: z.string(),
    subjectId: z.string(),
    reason: z.string().nullable(),
    details: z.unknown(),
  })
  .openapi('AuditEntry')

const listAuditRoute = createRoute({
  method: 'get',
  path: '/v1/audit-log',
  tags: ['System'],
  security: bearerSecurity,
  middleware: [requireRole('officer', 'admin')] as const,
  request: {
    query: PageQuerySchema.extend({
      subjectType: z.string().max(32).optional(),
      subjectId: z.string().max(64).optional(),
      action: z.string().max(64).optional(),
    }),
  },
  responses: {
    200: {
      description: 'Audit entries, newest first',
      content: { 'application/json': { schema: pageSchema(AuditEntrySchema) } },
    },
    ...problemResponses(400, 401, 403),
  },
})

export function auditRoutes(deps: { db: Db }) {
  const app = createRouter()
  app.openapi(listAuditRoute, async (c) => {
    const { limit, cursor, ...filter } = c.req.valid('query')
    const page = await listAudit(deps.db, filter, {
      limit,
      cursor: cursor === undefined ? undefined : Number(cursor),
    })
    return c.json(page, 200)
  })
  return app
}
