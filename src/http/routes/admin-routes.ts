/**
 * Principals and their API keys (admin only). The key is shown once, in the 201 answer.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi'
import { createPrincipal, PARTY_ROLES } from '../../access/principal-service.js'
import type { Db } from '../../db/database.js'
import { ROLES } from '../app-env.js'
import { createRouter } from '../router.js'
import { requireRole } from '../auth.js'
import { bearerSecurity, problemResponses } from '../schemas.js'

const CreatePrincipalSchema = z
  .object({
    role: z.enum(ROLES),
    subjectId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    const isParty = PARTY_ROLES.includes(value.role)
    if (isParty && value.subjectId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['subjectId'], message: `required for the ${value.role} role` })
    }
    if (!isParty && value.subjectId !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['subjectId'], message: `not allowed for the ${value.role} role` })
    }
  })

const createPrincipalRoute = createRoute({
  method: 'post',
  path: '/v1/admin/principals',
  tags: ['Admin'],
  security: bearerSecurity,
  middleware: [requireRole('admin')] as const,
  request: { body: { required: true, content: { 'application/json': { schema: CreatePrincipalSchema } } } },
  responses: {
    201: {
      description: 'The principal and its API key (shown only here)',
      content: {
        'application/json': {
          schema: z.object({
            principalId: z.number().int(),
            role: z.enum(ROLES),
            subjectId: z.number().int().nullable(),
            apiKey: z.string().nullable().describe('Shown once; null when an Idempotency-Key replay answers'),
          }),
        },
      },
    },
    ...problemResponses(400, 401, 403),
  },
})

export function adminRoutes(deps: { db: Db }) {
  const app = createRouter()
  app.openapi(createPrincipalRoute, async (c) => {
    const body = c.req.valid('json')
    const created = await createPrincipal(deps.db, { role: body.role, subjectId: body.subjectId ?? null })
    return c.json(created, 201)
  })
  return app
}
