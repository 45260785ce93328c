/**
 * `Idempotency-Key` handling, stored in MySQL so that it holds across processes: the same key with
 * the same request replays the first response; the same key with another request is 409
 * `idempotency_key_reused`; concurrent duplicates wait for the one execution and then replay it.
 * Keys are scoped to the calling principal. A 5xx is not stored, so the client may retry it.
 * @module
 */
import { createHash } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Context, MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { isDuplicateKey, type Db } from '../db/database.js'
import { assert } from '../kernel/assert.js'
import { IdempotencyKeyTaken, type AnswerInTransaction } from '../db/idempotency-record.js'
import type { Statement } from '../db/statement.js'
import type { AppEnv } from './app-env.js'
import { problem } from './problem.js'

export const IDEMPOTENCY_KEY_LENGTH_MAX = 255
/** idempotency_keys.path is VARCHAR(1024). */
const IDEMPOTENCY_PATH_LENGTH_MAX = 1024
/** How long an execution owns its key before another request may take it over (a crashed process). */
export const IDEMPOTENCY_LOCK_MS = 120_000
/** How long a duplicate waits for the first execution to finish before answering 409. */
export const IDEMPOTENCY_WAIT_MS = 60_000
const IDEMPOTENCY_POLL_MS = 25
/**
 * When releasing a key after a failed execution fails too (MySQL went away), the release is retried
 * this often in the background, until the lock would have expired anyway: otherwise the key answers
 * "in progress" for the whole IDEMPOTENCY_LOCK_MS after an outage of a second or two.
 */
export const IDEMPOTENCY_RELEASE_RETRY_MS = 250

const KEY_PATTERN = /^[\x21-\x7e]+$/
/**
 * Response fields that are shown once (a new principal's API key, a webhook signing secret): the
 * stored response has them as null, so the table never holds a usable secret; a replay answers the
 * same status and body with those fields null.
 */
const SHOWN_ONCE_FIELDS = ['apiKey', 'secret'] as const

function withoutShownOnceFields(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body)
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return body
    const record = parsed as Record<string, unknown>
    if (!SHOWN_ONCE_FIELDS.some((field) => typeof record[field] === 'string')) return body
    for (const field of SHOWN_ONCE_FIELDS) if (typeof record[field] === 'string') record[field] = null
    return JSON.stringify(record)
  } catch {
    return body // not JSON
  }
}

/** The route's in-transaction record for an answer of `status`; undefined when the request sent no key. */
export function answerInTransaction(c: Context<AppEnv>, status: number): AnswerInTransaction | undefined {
  const record = c.get('idempotency')
  if (!record) return undefined
  return {
    claim: record.claim,
    release: record.release,
    complete: (body, computed) => record.complete(status, body, computed),
    completed: () => record.completed(),
  }
}

/** `body` with each top-level string field of `fields` replaced by `keyed(value)` (a body that is no JSON object as it is). */
function withSecretsKeyed(body: string, fields: readonly string[], keyed: (value: string) => string): string {
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return body
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return body
  const record = { ...(parsed as Record<string, unknown>) }
  for (const field of fields) {
    const value = record[field]
    if (typeof value === 'string') record[field] = { keyed: keyed(value) }
  }
  return JSON.stringify(record)
}

type KeyRow = { principalRef: string; idempotencyKey: string }
type NewKeyRow = KeyRow & { requestHash: string; method: string; path: string }

/** `METHOD /route/:path` of the route this request matched, as `inTransactionRoutes` lists them. */
export function routeKey(method: string, openApiPath: string): string {
  return `${method.toUpperCase()} ${openApiPath.replaceAll(/\{(\w+)\}/g, ':$1')}`
}

/**
 * Body fields that carry a short secret (a one-time code), per route ({@link routeKey}): the request
 * hash stored with the key covers `keyed(value)` in their place, never the value, since an unkeyed
 * hash of a body with a 6-digit code gives the code back in a million tries.
 */
export type SecretBodyFields = {
  routes: ReadonlyMap<string, readonly string[]>
  keyed: (value: string) => string
}

export function idempotency(deps: {
  db: Db
  /** Routes ({@link routeKey}) that write their record in their own transaction (`IdempotencyInTransaction`, db/idempotency-record.ts). */
  inTransactionRoutes?: ReadonlySet<string>
  secretBodyFields?: SecretBodyFields
}): MiddlewareHandler<AppEnv> {
  const { db } = deps
  const inTransactionRoutes = deps.inTransactionRoutes ?? new Set<string>()
  return async function idempotency(c, next) {
    const idempotencyKey = c.req.header('Idempotency-Key')
    if (idempotencyKey === undefined) return next()
    if (idempotencyKey.length > IDEMPOTENCY_KEY_LENGTH_MAX || !KEY_PATTERN.test(idempotencyKey)) {
      return problem(c, 'validation_failed', 'The Idempotency-Key header is malformed.', {
        errors: [
          {
            path: 'header.Idempotency-Key',
            message: `1 to ${IDEMPOTENCY_KEY_LENGTH_MAX} visible ASCII characters`,
          },
        ],
      })
    }
    const route = `${c.req.method} ${routePath(c, -1)}`
    const body = await c.req.text()
    const secretFields = deps.secretBodyFields?.routes.get(route)
    const hashed = secretFields ? withSecretsKeyed(body, secretFields, deps.secretBodyFields!.keyed) : body
    const row: NewKeyRow = {
      principalRef: c.get('principal').ref,
      idempotencyKey,
      requestHash: createHash('sha256')
        .update(`${c.req.method}\n${c.req.path}\n`)
        .update(hashed)
        .digest('hex'),
      method: c.req.method,
      // The stored path is for people reading the table (the hash covers the whole path): cut to the
      // column's 1,024 characters, so a longer path cannot fail the insert with a 500.
      path: c.req.path.slice(0, IDEMPOTENCY_PATH_LENGTH_MAX),
    }

    if (inTransactionRoutes.has(route)) {
      const lockedUntil = lockExpiry()
      let completed = false
      c.set('idempotency', {
        claim: claimStatement(row, lockedUntil),
        release: {
          sql: `DELETE FROM idempotency_keys WHERE principal_ref = ? AND idempotency_key = ?
                AND state = 'in_progress' AND locked_until = ?`,
          params: [row.principalRef, row.idempotencyKey, lockedUntil],
        },
        complete: (status, responseBody, computed) =>
          completionStatement(row, status, responseBody, computed),
        completed: () => {
          completed = true
        },
      })
      await next()
      if (completed) return
      // Taken: answered already, or in progress elsewhere (c.res is then a 409 "in progress").
      // After next(), an answer replaces c.res: a returned one would be ignored.
      if (c.error instanceof IdempotencyKeyTaken)
        c.res = await answerFromStored(c, db, row, { mayClaim: false })
      else await finish(c, db, row, lockedUntil)
      return
    }

    const claimed = await answerFromStored(c, db, row, { mayClaim: true })
    if (claimed instanceof Response) return claimed
    await next()
    await finish(c, db, row, claimed)
  }
}

/**
 * Claims the key (when `mayClaim`), or answers as a duplicate does: the stored answer, 409 when the
 * key came with another request, or, while the first execution runs, a wait for its answer. Returns
 * the claim's lock expiry when this request now owns the key.
 */
async function answerFromStored(
  c: Context<AppEnv>,
  db: Db,
  row: NewKeyRow,
  options: { mayClaim: false },
): Promise<Response>
async function answerFromStored(
  c: Context<AppEnv>,
  db: Db,
  row: NewKeyRow,
  options: { mayClaim: true },
): Promise<Date | Response>
async function answerFromStored(
  c: Context<AppEnv>,
  db: Db,
  row: NewKeyRow,
  options: { mayClaim: boolean },
): Promise<Date | Response> {
  const deadline = Date.now() + IDEMPOTENCY_WAIT_MS
  for (;;) {
    if (options.mayClaim) {
      const owned = await claim(db, row)
      if (owned) return owned
    }
    const stored = await db
      .selectFrom('idempotencyKeys')
      .selectAll()
      .where('principalRef', '=', row.principalRef)
      .where('idempotencyKey', '=', row.idempotencyKey)
      .executeTakeFirst()
    if (!stored) {
      if (options.mayClaim) continue // released by a failed first execution: try to claim again
      return c.res // the handler's own 409 "in progress": a retry will run it
    }
    if (stored.requestHash !== row.requestHash) {
      return problem(
        c,
        'idempotency_key_reused',
        'This Idempotency-Key was used with a different request; use a new key for a new request.',
      )
    }
    if (stored.state === 'completed') {
      c.header('Idempotent-Replayed', 'true')
      return c.body(stored.responseBody ?? '', stored.responseStatus as ContentfulStatusCode, {
        'Content-Type': stored.responseContentType ?? 'application/json',
      })
    }
    if (!options.mayClaim && stored.lockedUntil.getTime() < Date.now()) {
      // A claim left by a crashed execution: this request cannot run the route again (it found the
      // key taken inside the route), so it frees the key and answers "in progress"; the retry runs it.
      await releaseClaim(db, row, stored.lockedUntil)
      return c.res
    }
    if (Date.now() > deadline) {
      return problem(
        c,
        'idempotency_request_in_progress',
        'A request with this Idempotency-Key is still being processed; retry later.',
      )
    }
    await sleep(IDEMPOTENCY_POLL_MS)
  }
}

/**
 * After the execution: stores an answer under 500 against the key (a 5xx is not stored, so the client
 * may retry), else releases this execution's claim. If the key went to another request meanwhile,
 * answers (sets c.res to) what that one stored.
 */
async function finish(c: Context<AppEnv>, db: Db, row: NewKeyRow, lockedUntil: Date): Promise<void> {
  let stored = false
  try {
    const response = c.res
    if (response.status < 500) {
      stored = await store(db, row, lockedUntil, {
        responseStatus: response.status,
        responseBody: withoutShownOnceFields(await response.clone().text()),
        responseContentType: response.headers.get('Content-Type'),
      })
      if (!stored) c.res = await answerFromStored(c, db, row, { mayClaim: false })
    }
  } finally {
    if (!stored) {
      const release = () => releaseClaim(db, row, lockedUntil)
      await releaseNowOrLater(release, lockedUntil, c.get('log'))
    }
  }
}

/**
 * Completes this execution's claim with the answer; without one (an in-transaction claim that was
 * rolled back, or a claim that expired and was taken over), inserts the answer as a new row. False
 * when the key belongs to another request.
 */
async function store(
  db: Db,
  row: NewKeyRow,
  lockedUntil: Date,
  answer: { responseStatus: number; responseBody: string; responseContentType: string | null },
): Promise<boolean> {
  const updated = await db
    .updateTable('idempotencyKeys')
    .set({ state: 'completed', ...answer })
    .where('principalRef', '=', row.principalRef)
    .where('idempotencyKey', '=', row.idempotencyKey)
    .where('state', '=', 'in_progress')
    .where('lockedUntil', '=', lockedUntil)
    .executeTakeFirst()
  if (updated.numUpdatedRows === 1n) return true
  try {
    await db
      .insertInto('idempotencyKeys')
      .values({ ...row, state: 'completed', ...answer, lockedUntil })
      .execute()
    return true
  } catch (error) {
    if (isDuplicateKey(error)) return false
    throw error
  }
}

/**
 * Deletes the in-progress claim whose lock expires at `lockedUntil`, and only that one: after its
 * lock expired another request may own the key.
 */
async function releaseClaim(db: Db, row: KeyRow, lockedUntil: Date): Promise<void> {
  await db
    .deleteFrom('idempotencyKeys')
    .where('principalRef', '=', row.principalRef)
    .where('idempotencyKey', '=', row.idempotencyKey)
    .where('state', '=', 'in_progress')
    .where('lockedUntil', '=', lockedUntil)
    .execute()
}

/** When a new claim's lock expires. Whole milliseconds: the column is DATETIME(3), and the release matches this value exactly. */
function lockExpiry(): Date {
  return new Date(Date.now() + IDEMPOTENCY_LOCK_MS)
}

function claimStatement(row: NewKeyRow, lockedUntil: Date): Statement {
  return {
    sql: `INSERT IGNORE INTO idempotency_keys (principal_ref, idempotency_key, request_hash, method, path, state, locked_until)
          VALUES (?, ?, ?, ?, ?, 'in_progress', ?)`,
    params: [row.principalRef, row.idempotencyKey, row.requestHash, row.method, row.path, lockedUntil],
  }
}

function completionStatement(
  row: KeyRow,
  status: number,
  body: Record<string, unknown>,
  computed: Readonly<Record<string, string>> = {},
): Statement {
  const json = jsonWithComputedFields(body, computed)
  return {
    sql: `UPDATE idempotency_keys SET state = 'completed', response_status = ?, response_body = ${json.sql},
            response_content_type = 'application/json'
          WHERE principal_ref = ? AND idempotency_key = ?`,
    params: [status, ...json.params, row.principalRef, row.idempotencyKey],
  }
}

/**
 * `JSON.stringify(body)` as an SQL expression in which the `computed` top-level fields are SQL
 * expressions: `CONCAT('{"purchaseId":', @purchase_id, ',"walletId":7,…}')`, byte for byte what
 * `c.json` sends once the expression's value is in place.
 */
function jsonWithComputedFields(
  body: Record<string, unknown>,
  computed: Readonly<Record<string, string>>,
): Statement {
  const fields = Object.keys(computed)
  if (fields.length === 0) return { sql: '?', params: [JSON.stringify(body)] }
  const marker = (field: string) => `\u0000${field}\u0000`
  const marked = JSON.stringify({
    ...body,
    ...Object.fromEntries(fields.map((field) => [field, marker(field)])),
  })
  const parts: string[] = []
  const params: unknown[] = []
  let rest = marked
  for (const field of fields) {
    const quoted = JSON.stringify(marker(field))
    const at = rest.indexOf(quoted)
    assert(at >= 0, `computed field ${field} is not in the body`)
    parts.push('?', computed[field]!)
    params.push(rest.slice(0, at))
    rest = rest.slice(at + quoted.length)
  }
  parts.push('?')
  params.push(rest)
  return { sql: `CONCAT(${parts.join(', ')})`, params }
}

/** Releases the claim; when that fails too, keeps trying in the background and rethrows. */
async function releaseNowOrLater(
  release: () => Promise<unknown>,
  lockedUntil: Date,
  log: { warn(object: object, message: string): void } | undefined,
): Promise<void> {
  try {
    await release()
  } catch (error) {
    void releaseLater(release, lockedUntil, log)
    throw error
  }
}

async function releaseLater(
  release: () => Promise<unknown>,
  lockedUntil: Date,
  log: { warn(object: object, message: string): void } | undefined,
): Promise<void> {
  while (Date.now() < lockedUntil.getTime()) {
    await sleep(IDEMPOTENCY_RELEASE_RETRY_MS)
    try {
      await release()
      return
    } catch {
      // still unreachable: try again
    }
  }
  log?.warn({}, 'an idempotency key stayed claimed until its lock expired')
}

/** Marks itself, so the API document says which operations need an `Idempotency-Key`. */
export type IdempotencyKeyCheck = MiddlewareHandler<AppEnv> & { readonly requiresIdempotencyKey: true }

/** For money-moving routes: refuses a request without an Idempotency-Key (the app-wide middleware handles it when sent). */
export function requireIdempotencyKey(): IdempotencyKeyCheck {
  const check: MiddlewareHandler<AppEnv> = async function requireIdempotencyKey(c, next) {
    if (c.req.header('Idempotency-Key') === undefined) {
      return problem(
        c,
        'idempotency_key_required',
        'This request moves money: send an Idempotency-Key header.',
        {
          errors: [{ path: 'header.Idempotency-Key', message: 'required' }],
        },
      )
    }
    await next()
  }
  return Object.assign(check, { requiresIdempotencyKey: true as const })
}

/**
 * Takes the key for this execution: a new row, or a stale in-progress row left by a crashed process.
 * Returns the claim's lock expiry (which names this claim), or undefined when another owns the key.
 */
async function claim(db: Db, row: NewKeyRow): Promise<Date | undefined> {
  const lockedUntil = lockExpiry()
  try {
    await db
      .insertInto('idempotencyKeys')
      .values({ ...row, state: 'in_progress', lockedUntil })
      .execute()
    return lockedUntil
  } catch (error) {
    if (!isDuplicateKey(error)) throw error
  }
  const takeover = await db
    .updateTable('idempotencyKeys')
    .set({ lockedUntil })
    .where('principalRef', '=', row.principalRef)
    .where('idempotencyKey', '=', row.idempotencyKey)
    .where('requestHash', '=', row.requestHash)
    .where('state', '=', 'in_progress')
    .where('lockedUntil', '<', new Date())
    .executeTakeFirst()
  return takeover.numUpdatedRows === 1n ? lockedUntil : undefined
}
