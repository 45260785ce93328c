/**
 * Schemas shared by routes: problem responses, dates, ids. Every route's OpenAPI entry is built from
 * these, so `/openapi.json` is generated, not written by hand.
 * @module
 */
import { z } from '@hono/zod-openapi'
import { isIsoDate } from '../kernel/business-date.js'

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().openapi({ example: 'validation_failed' }),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem')

export const IsoDateSchema = z
  .string()
  .refine((value: string): boolean => isIsoDate(value), 'must be a calendar date YYYY-MM-DD')
  .openapi({ example: '2026-01-01', format: 'date' })

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request (`validation_failed`)',
  401: 'Missing or invalid API key',
  403: 'The role may not do this',
  404: 'Not found (or not yours)',
  409: 'Conflict',
  422: 'Refused by a business rule',
}

/** Problem+json responses for the given statuses, for a route's `responses`. */
export function problemResponses<S extends number>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: PROBLEM_DESCRIPTIONS[status] ?? 'Problem',
        content: { 'application/problem+json': { schema: ProblemSchema } },
      },
    ]),
  ) as Record<
    S,
    { description: string; content: { 'application/problem+json': { schema: typeof ProblemSchema } } }
  >
}

export const bearerSecurity = [{ bearer: [] }]

/** A record id in the path: a positive safe integer (anything else is 400, never a lookup). */
export function idParam(name: string) {
  return z.coerce
    .number()
    .int()
    .positive()
    .max(Number.MAX_SAFE_INTEGER)
    .openapi({ param: { name, in: 'path' }, example: 1 })
}
