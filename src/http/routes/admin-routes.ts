/**
 * Principals and their API keys (admin only). The key is shown once, in the 201 answer; a revoked
 * key stops working (`…/revoke`).
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi'
import {
  createPrincipal,
  PARTY_ROLES,
  revokePrincipal,
  type PrincipalCache,
} from '../../access/principal-service.js'
import type { Db } from '../../db/database.js'
import { ROLES } from '../../access/principal.js'
import { createRouter } from '../router.js'
import { requireRole } from '../auth.js'
import { bearerSecurity, idParam, problemResponses } from '../schemas.js'

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

/** A principal as the admin routes answer it. */
const PrincipalFields = z.object({
  principalId: z.number().int(),
  role: z.enum(ROLES),
  subjectId: z.number().int().nullable(),
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
          schema: PrincipalFields.extend({
            apiKey: z.string().nullable().describe('Shown once; null when an Idempotency-Key replay answers'),
          }),
        },
      },
    },
    ...problemResponses(400, 401, 403),
  },
})

const revokePrincipalRoute = createRoute({
  method: 'post',
  path: '/v1/admin/principals/{principalId}/revoke',
  tags: ['Admin'],
  security: bearerSecurity,
  middleware: [requireRole('admin')] as const,
  request: {
    params: z.object({ principalId: idParam('principalId') }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({ reason: z.string().trim().min(1).max(500) }).strict(),
        },
      },
    },
  },
  responses: {
    200: {
      description:
        'Revoked (or revoked before: the first revocation). The key answers 401 from now on in this ' +
        'process and within 10 s in every other; its console sessions are ended.',
      content: {
        'application/json': {
          schema: PrincipalFields.extend({ revokedAt: z.string() }),
        },
      },
    },
    ...problemResponses(400, 401, 403, 404),
  },
})

export function adminRoutes(deps: { db: Db; principalCache?: PrincipalCache }) {
  const app = createRouter()
  app.openapi(createPrincipalRoute, async (c) => {
    const body = c.req.valid('json')
    const created = await createPrincipal(deps.db, { role: body.role, subjectId: body.subjectId ?? null })
    return c.json(created, 201)
  })
  app.openapi(revokePrincipalRoute, async (c) => {
    const revoked = await revokePrincipal(
      deps.db,
      {
        principalId: c.req.valid('param').principalId,
        reason: c.req.valid('json').reason,
        byPrincipalRef: c.get('principal').ref,
      },
      deps.principalCache,
    )
    return c.json(revoked, 200)
  })
  return app
}
