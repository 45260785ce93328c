/**
 * Every error leaves as `application/problem+json` (RFC 9457) with a stable `code`; each code's status
 * is the catalogue's (src/kernel/refusals.ts), and the mapping from error classes to codes lives here
 * and nowhere else.
 * @module
 */
import { isGrpcServiceError } from '@temporalio/client'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { Conflict, NotFound, Refusal } from '../kernel/errors.js'
import { REFUSALS, type FixedStatusCode, type RefusalCode } from '../kernel/refusals.js'
import type { AppEnv } from './app-env.js'
import { NoWorkflowAnswer } from './workflow-answer.js'

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
  code: RefusalCode,
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

/** Answers with `code` and the status the catalogue gives it (src/kernel/refusals.ts). */
export function problem(
  c: Context,
  code: FixedStatusCode,
  detail: string,
  extensions: Record<string, unknown> = {},
): Response {
  return respond(c, REFUSALS[code].status, code, detail, extensions)
}

/** Answers with a status of the caller's: only for statuses the HTTP framework raised. */
function respond(
  c: Context,
  status: ContentfulStatusCode,
  code: RefusalCode,
  detail: string,
  extensions: Record<string, unknown> = {},
): Response {
  return c.body(JSON.stringify(problemBody(status, code, detail, extensions)), status, {
    'Content-Type': 'application/problem+json',
  })
}

/** What a 503 tells a client to wait before it retries the same request (with the same Idempotency-Key). */
export const SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS = 1

/** mysql2's codes for a server that cannot be reached, went away, or is shutting down. */
const MYSQL_UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'ER_CONNECTION_KILLED',
])
/** gRPC UNAVAILABLE and DEADLINE_EXCEEDED: the Temporal frontend is down or did not answer in time. */
const GRPC_UNAVAILABLE_CODES = new Set([14, 4])
const CAUSE_DEPTH_MAX = 8

/**
 * Whether an error says a dependency (MySQL or Temporal) is out of reach rather than that the request
 * or the code is wrong: the client should retry the same request later. Follows `cause` chains
 * (Temporal's `ServiceError` wraps the gRPC error).
 */
export function isDependencyUnavailable(error: unknown): boolean {
  let current: unknown = error
  for (let depth = 0; depth < CAUSE_DEPTH_MAX && current instanceof Error; depth++) {
    if (current instanceof NoWorkflowAnswer) return true
    const { code, fatal } = current as { code?: unknown; fatal?: unknown }
    if (typeof code === 'string' && MYSQL_UNAVAILABLE_CODES.has(code)) return true
    if (fatal === true) return true // mysql2: the connection is unusable
    if (isGrpcServiceError(current) && GRPC_UNAVAILABLE_CODES.has(current.code)) return true
    current = current.cause
  }
  return false
}

/** The app's error handler: refusals are 4xx with their code, anything unknown is logged and a 500. */
export function handleError(error: Error, c: Context<AppEnv>): Response {
  if (error instanceof Refusal) return problem(c, error.code, error.message, error.details ?? {})
  if (error instanceof NotFound) return problem(c, error.code, error.message)
  if (error instanceof Conflict) return problem(c, error.code, error.message)
  if (error instanceof HTTPException) {
    const status = error.status
    if (status === 400) {
      return problem(c, 'validation_failed', 'The request is malformed.', {
        errors: [{ path: '', message: error.message || 'malformed request' }],
      })
    }
    if (status === 413) return problem(c, 'body_too_large', error.message || 'The request body is too large.')
    // The framework's own statuses, passed on (the catalogue's 422 for this code is the sales import's).
    if (status === 415) return respond(c, 415, 'unsupported_media_type', 'Send the body as application/json.')
    if (status < 500) return respond(c, status, 'http_error', error.message || (TITLES[status] ?? 'Error'))
  }
  if (isDependencyUnavailable(error)) {
    c.get('log')?.warn({ err: error, requestId: c.get('requestId') }, 'dependency unavailable')
    c.header('Retry-After', String(SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS))
    return problem(c, 'service_unavailable', 'A service this request needs is unavailable; retry shortly.')
  }
  c.get('log')?.error({ err: error, requestId: c.get('requestId') }, 'unhandled error')
  return problem(c, 'internal_error', 'An unexpected error occurred.')
}
