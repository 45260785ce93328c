/**
 * What `/openapi.json` tells an integrator beyond the routes' schemas: the document's `info`, its
 * tags, and each operation's id, summary and description. Who may call an operation and whether it
 * needs an `Idempotency-Key` are read from the route's own checks ({@link requireRole},
 * {@link requireIdempotencyKey}); the refusals it may answer are rendered from the one catalogue of
 * codes (status from src/kernel/refusals.ts, text from the en catalogue), so none of it can drift.
 * @module
 */
import type { OpenAPIHono, RouteConfig } from '@hono/zod-openapi'
import { ROLES, type Role } from '../access/principal.js'
import { codes } from '../i18n/catalogue/en/codes.js'
import { REFUSALS, type RefusalCode } from '../kernel/refusals.js'
import { SIGNATURE_HEADER, SIGNATURE_TOLERANCE_SECONDS } from '../events/webhooks.js'
import { IDEMPOTENCY_KEY_LENGTH_MAX } from './idempotency.js'
import { LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX } from './pagination.js'
import { OPERATIONS, type OperationDoc, type OperationKey } from './operations.js'
import { ProblemSchema } from './schemas.js'

/** Tags group operations by who uses them; an operation appears under each role that may call it. */
const AUDIENCES: Record<Role, { tag: string; description: string }> = {
  merchant: {
    tag: 'merchants',
    description:
      'A merchant (or its platform on its behalf): sales, wallet and payouts, its credit offer, loan applications, repayments.',
  },
  farmer: {
    tag: 'farmers',
    description:
      'A farmer: its restricted wallet of farm-input money, confirming purchases at the point of sale, paying out its free wallet.',
  },
  supplier: {
    tag: 'suppliers',
    description:
      'A supplier of farm inputs: its product list, ringing up purchases that the farmer confirms, refunds, its settlements.',
  },
  offtaker: {
    tag: 'offtakers',
    description:
      'An offtaker: offtake contracts and input plans, deliveries, cash payments for delivered crops, its receivables.',
  },
  insurer: {
    tag: 'insurers',
    description: 'An insurer: guarantee requests, policies, deciding and paying claims, its settlements.',
  },
  officer: {
    tag: 'officers',
    description:
      'The lender’s credit officers: approving parties and products, servicing loans, closing the business day, reconciliation.',
  },
  platform: {
    tag: 'platform',
    description:
      'The platform that embeds the merchant’s page: registers merchants, sends their sales, reads their loans.',
  },
  admin: {
    tag: 'admin',
    description: 'The operator of this deployment: API keys and everything an officer may do.',
  },
}

export const DOCUMENT_TAGS = ROLES.map((role) => ({
  name: AUDIENCES[role].tag,
  description: AUDIENCES[role].description,
}))

const ANY_OPERATION_CODES: readonly RefusalCode[] = [
  'unauthenticated',
  'invalid_api_key',
  'body_too_large',
  'rate_limited',
  'too_many_invalid_keys',
  'internal_error',
  'service_unavailable',
]

/** One line per code: `` `code` (status): text``, in the order the catalogue lists them. */
export function refusalList(list: readonly RefusalCode[]): string {
  const wanted = new Set(list)
  return (Object.keys(REFUSALS) as RefusalCode[])
    .filter((code) => wanted.has(code))
    .map((code) => `- \`${code}\` (${REFUSALS[code].status ?? '4xx'}): ${codes.refusal[code]}`)
    .join('\n')
}

type Middleware = { roles?: readonly Role[]; requiresIdempotencyKey?: true }

function middlewareOf(route: RouteConfig): Middleware[] {
  const middleware = route.middleware
  if (middleware === undefined) return []
  return (Array.isArray(middleware) ? middleware : [middleware]) as Middleware[]
}

const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete'])

/** Who may call, from the route's role check (or the entry's, for a route that checks in its handler). */
function callersOf(route: RouteConfig, doc: OperationDoc): readonly Role[] {
  const checked = middlewareOf(route).find((m) => m.roles !== undefined)?.roles
  return checked ?? doc.callers ?? ROLES
}

/** The refusals an operation may answer: those its checks imply, then its entry's own. */
function refusalsOf(route: RouteConfig, doc: OperationDoc, callers: readonly Role[]): RefusalCode[] {
  const implied: RefusalCode[] = []
  if (route.request !== undefined) implied.push('validation_failed')
  if (callers.length < ROLES.length) implied.push('forbidden')
  if (route.responses[404] !== undefined) implied.push('not_found')
  if (needsIdempotencyKey(route)) implied.push('idempotency_key_required')
  if (WRITE_METHODS.has(route.method))
    implied.push('idempotency_key_reused', 'idempotency_request_in_progress')
  return [...new Set([...implied, ...(doc.refusals ?? [])])]
}

function needsIdempotencyKey(route: RouteConfig): boolean {
  return middlewareOf(route).some((m) => m.requiresIdempotencyKey)
}

/** The header as a parameter, so generated clients ask for it (and require it where money moves). */
function idempotencyKeyParameter(required: boolean) {
  return {
    name: 'Idempotency-Key',
    in: 'header' as const,
    required,
    description: required
      ? 'Required: this request moves money. A retry with the same key and body answers the first response.'
      : 'Optional: a retry with the same key and body answers the first response.',
    schema: { type: 'string' as const, minLength: 1, maxLength: IDEMPOTENCY_KEY_LENGTH_MAX },
    example: '2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10',
  }
}

function describe(route: RouteConfig, doc: OperationDoc, callers: readonly Role[]): string {
  const keyRequired = needsIdempotencyKey(route)
  const idempotency = keyRequired
    ? '**Idempotency-Key: required.** This request moves money: a retry with the same key gets the first answer and never moves it twice.'
    : WRITE_METHODS.has(route.method)
      ? 'Idempotency-Key: optional. Send one to make a retry safe.'
      : 'Reads only.'
  const refusals = refusalList(refusalsOf(route, doc, callers))
  return [
    doc.effect,
    `**Who may call:** ${callers.join(', ')}.`,
    idempotency,
    refusals === ''
      ? 'No refusals of its own (see the introduction for those any operation may answer).'
      : `**Refusals** (\`application/problem+json\`, by \`code\`; see the introduction for those any operation may answer):\n${refusals}`,
  ].join('\n\n')
}

/**
 * The route with its id, summary, description and tags from {@link OPERATIONS}, and a problem
 * response for each status its refusals answer. Every router passes its routes through this
 * (src/http/router.ts), so a route without an entry fails at start-up.
 */
export function documentedRoute<R extends RouteConfig>(route: R): R {
  const key = `${route.method.toUpperCase()} ${route.path}` as OperationKey
  const doc = OPERATIONS[key]
  if (doc === undefined) throw new Error(`No entry in OPERATIONS for ${key}`)
  const callers = callersOf(route, doc)
  const shown = callers.length === ROLES.length ? ROLES : callers.filter((role) => role !== 'admin')
  const examined = withExamples(route, doc)
  const responses: RouteConfig['responses'] = { ...examined.responses }
  for (const code of refusalsOf(route, doc, callers)) {
    const status = REFUSALS[code].status
    if (status === null || responses[status] !== undefined) continue
    responses[status] = {
      description: 'Refused; see the refusals above',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    }
  }
  const keyed = WRITE_METHODS.has(route.method)
    ? { parameters: [...(route.parameters ?? []), idempotencyKeyParameter(needsIdempotencyKey(route))] }
    : {}
  return {
    ...examined,
    ...keyed,
    operationId: doc.operationId,
    summary: doc.summary,
    description: describe(route, doc, callers),
    tags: (shown.length > 0 ? shown : callers).map((role) => AUDIENCES[role].tag),
    responses,
  }
}

/** The entry's example on the route's JSON request body and on its first 2xx JSON answer. */
function withExamples<R extends RouteConfig>(route: R, doc: OperationDoc): R {
  const example = doc.example
  if (example === undefined) return route
  const body = route.request?.body
  const bodyJson = body?.content['application/json']
  const request =
    example.request !== undefined && body && bodyJson
      ? {
          request: {
            ...route.request,
            body: {
              ...body,
              content: { ...body.content, 'application/json': { ...bodyJson, example: example.request } },
            },
          },
        }
      : {}
  const successStatus = Object.keys(route.responses).find((status) => status.startsWith('2'))
  const found = successStatus === undefined ? undefined : route.responses[successStatus]
  const success = found && 'content' in found ? found : undefined
  const successJson = success?.content?.['application/json']
  const responses =
    example.response !== undefined && success && successJson && successStatus
      ? {
          responses: {
            ...route.responses,
            [successStatus]: {
              ...success,
              content: {
                ...success.content,
                'application/json': { ...successJson, example: example.response },
              },
            },
          },
        }
      : {}
  return { ...route, ...request, ...responses }
}

/** Throws when an entry of {@link OPERATIONS} names no registered route (a route removed or moved). */
export function assertEveryOperationRegistered(registry: OpenAPIHono['openAPIRegistry']): void {
  const registered = new Set(
    registry.definitions.flatMap((definition) =>
      definition.type === 'route'
        ? [`${definition.route.method.toUpperCase()} ${definition.route.path}`]
        : [],
    ),
  )
  const unused = Object.keys(OPERATIONS).filter((key) => !registered.has(key))
  if (unused.length > 0) throw new Error(`OPERATIONS entries for no route: ${unused.join(', ')}`)
}

/** The document's introduction, written for someone integrating from outside. */
export function apiIntroduction(): string {
  return `The lender's API for the platforms, merchants and farm parties that integrate with it. Amounts are integers in fen (1 yuan = 100 fen) and named \`…Fen\`; dates are business dates \`YYYY-MM-DD\`.

## Farm loans

An offtaker signs a contract to buy a farmer's crop and sets its input plan; an insurer guarantees it; the farmer's loan money goes to a restricted wallet that can only pay approved suppliers for reviewed products in the plan. At the point of sale a supplier rings up a sale (\`createPurchaseRequest\`) and money moves only when the farmer confirms it, or tells the supplier its 6-digit code (\`confirmPurchaseRequest\`). A delivery books what the offtaker owes; its cash (\`recordOfftakerPayment\`, or a bank-statement line) runs the waterfall penalty → fees → interest → principal → the farmer's surplus.

## Pages

Every party also has a page in zh-CN and English (\`/merchant\`, \`/farmer\`, \`/supplier\`, \`/offtaker\`, \`/insurer\`), opened through a single-use sign-in link (\`createSignInLink\`): no API key ever reaches a browser.

## Authentication

Every \`/v1\` request carries an API key as a bearer token. A key belongs to one role (${ROLES.join(', ')}); a party's key acts only for its own records (others' answer 404). The operator creates keys (\`createApiKey\`).

\`\`\`http
GET /v1/merchants/42/offer
Authorization: Bearer mlk_3f9a…
\`\`\`

Each operation's description says which roles may call it; tags group operations by role.

## Idempotency

Every request that moves money needs an \`Idempotency-Key\` header (printable ASCII without spaces, up to ${IDEMPOTENCY_KEY_LENGTH_MAX} characters: a UUID does); other writes accept one. Retrying with the same key and the same body answers the first response and never moves money twice; the same key with a different body is refused with 409 \`idempotency_key_reused\`. A 5xx is not kept: retry it with the same key.

\`\`\`http
POST /v1/loans/7/repayments
Authorization: Bearer mlk_3f9a…
Idempotency-Key: 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
Content-Type: application/json

{"amountFen": 12000}
\`\`\`

## Errors

Every error is \`application/problem+json\` (RFC 9457) with a stable \`code\`: branch on \`code\`, never on \`detail\`. Nothing was written when a request is refused. Each operation lists the codes it may answer; any operation may also answer:

${refusalList(ANY_OPERATION_CODES)}

\`\`\`json
{
  "type": "https://microloan.example/problems/amount_above_available",
  "title": "Unprocessable Content",
  "status": 422,
  "code": "amount_above_available",
  "detail": "The amount is more than the credit available (500000 fen)."
}
\`\`\`

A 400 \`validation_failed\` names each bad field in \`errors: [{path, message}]\`. A 503 carries \`Retry-After\`.

## Pagination

Lists take \`?limit=\` (1–${LIST_LIMIT_MAX}, default ${LIST_LIMIT_DEFAULT}) and an opaque \`?cursor=\`, and answer \`{"items": [...], "nextCursor": "..."}\`; pass \`nextCursor\` back until it is \`null\`.

\`\`\`http
GET /v1/events?limit=100&cursor=1234
\`\`\`

## Webhooks

Register an endpoint (\`createWebhookEndpoint\`) to receive the events you may see as POSTs, at least once and in order per record; deduplicate by \`eventId\`. Each request is signed with the endpoint's secret (shown once): header \`${SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex>\`, where \`v1\` is the HMAC-SHA256 of \`<t>.<raw body>\`. Refuse a timestamp more than ${SIGNATURE_TOLERANCE_SECONDS} seconds from your clock.

\`\`\`js
const [t, v1] = header.split(',').map((part) => part.split('=')[1])
const expected = createHmac('sha256', secret).update(\`\${t}.\${rawBody}\`).digest('hex')
const valid = timingSafeEqual(Buffer.from(v1, 'hex'), Buffer.from(expected, 'hex'))
  && Math.abs(Date.now() / 1000 - Number(t)) <= ${SIGNATURE_TOLERANCE_SECONDS}
\`\`\`

Failed deliveries are retried with backoff for up to three days; \`listWebhookDeliveries\` shows them and \`retryWebhookDelivery\` sends one again.`
}
