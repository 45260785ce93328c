/**
 * Every error leaves as `application/problem+json` (RFC 9457) with a stable `code`; the mapping from
 * error classes to statuses lives here and nowhere else.
 * @module
 */
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { Conflict, NotFound, Refusal } from '../kernel/errors.js'
import type { AppEnv } from './app-env.js'

export type ProblemField = { path: string; message: string }

export type Problem = {
  type: string
  title: string
  status: number
  code: string
  detail: string
  errors?: ProblemField[]
  [extension: string]: unknown
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

export function problemBody(
  status: number,
  code: string,
  detail: string,
  extensions: Record<string, unknown> = {},
): Problem {
  return {
    type: `https://microloan.example/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
    ...extensions,
  }
}

export function problem(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  detail: string,
  extensions: Record<string, unknown> = {},
): Response {
  return c.body(JSON.stringify(problemBody(status, code, detail, extensions)), status, {
    'Content-Type': 'application/problem+json',
  })
}

/** The app's error handler: refusals are 4xx with their code, anything unknown is logged and a 500. */
export function handleError(error: Error, c: Context<AppEnv>): Response {
  if (error instanceof Refusal) return problem(c, 422, error.code, error.message, error.details ?? {})
  if (error instanceof NotFound) return problem(c, 404, 'not_found', error.message)
  if (error instanceof Conflict) return problem(c, 409, error.code, error.message)
  if (error instanceof HTTPException) {
    const status = error.status
    if (status === 400) {
      return problem(c, 400, 'validation_failed', 'The request is malformed.', {
        errors: [{ path: '', message: error.message || 'malformed request' }],
      })
    }
    if (status === 413)
      return problem(c, 413, 'body_too_large', error.message || 'The request body is too large.')
    if (status === 415) return problem(c, 415, 'unsupported_media_type', 'Send the body as application/json.')
    if (status < 500) return problem(c, status, 'http_error', error.message || (TITLES[status] ?? 'Error'))
  }
  c.get('log')?.error({ err: error, requestId: c.get('requestId') }, 'unhandled error')
  return problem(c, 500, 'internal_error', 'An unexpected error occurred.')
}
