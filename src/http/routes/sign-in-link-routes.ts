/**
 * `POST /v1/sign-in-links` (API.md, v1 additions, "Pages"): a single-use link, valid 10 minutes, that
 * opens a party's page signed in. The platform asks for its merchants; an officer or the admin for any
 * party. The party must exist (otherwise 404, as for any other record).
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi'
import { getParty } from '../../agri/parties.js'
import { createSignInLink, PAGE_ROLES, type PageRole } from '../../access/sign-in-links.js'
import type { Db } from '../../db/database.js'
import { NotFound } from '../../kernel/errors.js'
import { getMerchant } from '../../merchants/merchant-service.js'
import { requireRole } from '../auth.js'
import { createRouter } from '../router.js'
import { bearerSecurity, problemResponses } from '../schemas.js'

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })

const SignInLinkSchema = z
  .object({
    url: z.string().openapi({ example: 'http://127.0.0.1:3000/sign-in/3q2-…' }),
    expiresAt: z.string().openapi({ example: '2026-12-07T10:10:00.000Z' }),
  })
  .openapi('SignInLink')

const signInLinkRoute = createRoute({
  method: 'post',
  path: '/v1/sign-in-links',
  tags: ['Pages'],
  security: bearerSecurity,
  middleware: [requireRole('platform', 'officer', 'admin')] as const,
  description:
    'A single-use link, valid 10 minutes, that opens the party’s page (`/merchant`, `/farmer`, `/supplier`, `/offtaker`, `/insurer`) signed in with an HttpOnly, SameSite=Strict cookie scoped to that page. The platform may ask only for merchants; officers and the admin for any party. Moves no money, so no `Idempotency-Key`: each call is a new link. An unknown party answers 404.',
  request: {
    body: {
      required: true,
      ...json(
        z
          .object({
            role: z.enum(PAGE_ROLES),
            subjectId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
          })
          .strict(),
      ),
    },
  },
  responses: {
    201: { description: 'The link', ...json(SignInLinkSchema) },
    ...problemResponses(400, 401, 403, 404),
  },
})

async function assertPartyExists(db: Db, role: PageRole, subjectId: number): Promise<void> {
  if (role === 'merchant') await getMerchant(db, subjectId)
  else await getParty(db, role, subjectId)
}

export function signInLinkRoutes(deps: { db: Db }) {
  const app = createRouter()
  app.openapi(signInLinkRoute, async (c) => {
    const { role, subjectId } = c.req.valid('json')
    const principal = c.get('principal')
    // The platform's merchants are every merchant (one platform); it has no say over farm parties.
    if (principal.role === 'platform' && role !== 'merchant') throw new NotFound(`No ${role} ${subjectId}.`)
    await assertPartyExists(deps.db, role, subjectId)
    const link = await createSignInLink(deps.db, { role, subjectId, createdBy: principal.ref })
    return c.json(
      { url: new URL(link.path, c.req.url).toString(), expiresAt: link.expiresAt.toISOString() },
      201,
    )
  })
  return app
}
