/**
 * `GET /v1/loans/{loanId}/agreement`: the agreement a merchant accepted for a loan, exactly as it was
 * shown (in the language it was shown in), with its hash, version and the consent. The merchant
 * itself, the platform, officers and admin may read it; anyone else gets 404, as for a loan that is
 * not theirs.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { Principal } from '../../access/principal.js'
import type { Db } from '../../db/database.js'
import { NotFound } from '../../kernel/errors.js'
import { AGREEMENT_LANGUAGES, loanAgreement } from '../../merchant-loans/loan-agreement.js'
import { createRouter } from '../router.js'
import { bearerSecurity, idParam, problemResponses } from '../schemas.js'

const AgreementSchema = z
  .object({
    loanId: z.number().int(),
    version: z.string().openapi({ description: 'The template’s version' }),
    termsHash: z.string().openapi({ description: 'SHA-256 (hex) of the UTF-8 bytes of `text`' }),
    acceptedAt: z.string().openapi({ description: 'When the merchant accepted (RFC 3339)' }),
    acceptedVia: z.enum(['page', 'api']).openapi({
      description: '`page`: read and accepted on the merchant’s page; `api`: a loan application call',
    }),
    language: z.enum(AGREEMENT_LANGUAGES).openapi({ description: 'The language the text was shown in' }),
    text: z.string().openapi({ description: 'The agreement, exactly as shown' }),
  })
  .openapi('LoanAgreement')

const agreementRoute = createRoute({
  method: 'get',
  path: '/v1/loans/{loanId}/agreement',
  tags: ['Loans'],
  summary: 'The loan agreement the merchant accepted',
  security: bearerSecurity,
  request: { params: z.object({ loanId: idParam('loanId') }) },
  responses: {
    200: {
      description: 'The agreement and the consent recorded with the application',
      content: { 'application/json': { schema: AgreementSchema } },
    },
    ...problemResponses(400, 401, 404),
  },
})

/** Who may read a merchant's agreement: the merchant, and those who serve every merchant. */
function maySee(principal: Principal, merchantId: number): boolean {
  switch (principal.role) {
    case 'merchant':
      return principal.subjectId === merchantId
    case 'platform':
    case 'officer':
    case 'admin':
      return true
    case 'farmer':
    case 'supplier':
    case 'offtaker':
    case 'insurer':
      return false
  }
}

export function loanAgreementRoutes(deps: { db: Db }) {
  const app = createRouter()
  app.openapi(agreementRoute, async (c) => {
    const { loanId } = c.req.valid('param')
    const agreement = await loanAgreement(deps.db, loanId)
    if (!agreement || !maySee(c.get('principal'), agreement.merchantId)) {
      throw new NotFound(`No agreement for loan ${loanId}.`)
    }
    const { version, termsHash, acceptedAt, acceptedVia, language, text } = agreement
    return c.json({ loanId, version, termsHash, acceptedAt, acceptedVia, language, text }, 200)
  })
  return app
}
