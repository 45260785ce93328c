import { createRoute, z, type RouteConfig } from '@hono/zod-openapi'
import { describe, expect, it } from 'vitest'
import { codes } from '../../../src/i18n/catalogue/en/codes.js'
import { REFUSALS } from '../../../src/kernel/refusals.js'
import { documentedRoute } from '../../../src/http/api-document.js'
import { requireRole } from '../../../src/http/auth.js'
import { requireIdempotencyKey } from '../../../src/http/idempotency.js'
import { OPERATIONS } from '../../../src/http/operations.js'

const confirmRoute = () =>
  createRoute({
    method: 'post',
    path: '/v1/purchase-requests/{requestId}/confirm',
    middleware: [requireRole('farmer', 'supplier'), requireIdempotencyKey()] as const,
    request: { params: z.object({ requestId: z.coerce.number() }) },
    responses: { 201: { description: 'Paid' } },
  })

describe('the API document’s operations', () => {
  it('gives each operation its own operationId', () => {
    const ids = Object.values(OPERATIONS).map((operation) => operation.operationId)
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([])
  })

  it('refuses to document a route that has no entry', () => {
    expect(() => documentedRoute({ ...confirmRoute(), path: '/v1/nowhere' })).toThrow(
      'No entry in OPERATIONS for POST /v1/nowhere',
    )
  })

  it('says who may call, that the key is required, and each refusal as the catalogue gives it', () => {
    const route: RouteConfig = documentedRoute(confirmRoute())
    expect(route.operationId).toBe('confirmPurchaseRequest')
    expect(route.tags).toEqual(['farmers', 'suppliers'])
    expect(route.description).toContain('**Who may call:** farmer, supplier.')
    expect(route.description).toContain('**Idempotency-Key: required.**')
    for (const code of [
      'idempotency_key_required',
      'forbidden',
      'validation_failed',
      ...OPERATIONS['POST /v1/purchase-requests/{requestId}/confirm']!.refusals!,
    ] as const) {
      expect(route.description).toContain(`- \`${code}\` (${REFUSALS[code].status}): ${codes.refusal[code]}`)
    }
    // Each refusal's status is a documented answer, and the header a required parameter.
    expect(Object.keys(route.responses).sort()).toEqual(['201', '400', '403', '409', '422'])
    expect(route.parameters).toEqual([
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }),
    ])
  })
})
