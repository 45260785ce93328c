/**
 * `Idempotency-Key` handling, stored in MySQL so that it holds across processes: the same key with
 * the same request replays the first response; the same key with another request is 409
 * `idempotency_key_reused`; concurrent duplicates wait for the one execution and then replay it.
 * Keys are scoped to the calling principal. A 5xx is not stored, so the client may retry it.
 * @module
 */
import { createHash } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { MiddlewareHandler } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { isDuplicateKey, type Db } from '../db/database.js'
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

export function idempotency(deps: { db: Db }): MiddlewareHandler<AppEnv> {
  const { db } = deps
  return async function idempotency(c, next) {
    const idempotencyKey = c.req.header('Idempotency-Key')
    if (idempotencyKey === undefined) return next()
    if (idempotencyKey.length > IDEMPOTENCY_KEY_LENGTH_MAX || !KEY_PATTERN.test(idempotencyKey)) {
      return problem(c, 400, 'validation_failed', 'The Idempotency-Key header is malformed.', {
        errors: [
          {
            path: 'header.Idempotency-Key',
            message: `1 to ${IDEMPOTENCY_KEY_LENGTH_MAX} visible ASCII characters`,
          },
        ],
      })
    }
    const principalRef = c.get('principal').ref
    const body = await c.req.text()
    const requestHash = createHash('sha256')
      .update(`${c.req.method}\n${c.req.path}\n`)
      .update(body)
      .digest('hex')
    const where = { principalRef, idempotencyKey }

    const deadline = Date.now() + IDEMPOTENCY_WAIT_MS
    let lockedUntil: Date
    for (;;) {
      // The stored path is for people reading the table (the hash covers the whole path): cut to the
      // column's 1,024 characters, so a longer path cannot fail the insert with a 500.
      const path = c.req.path.slice(0, IDEMPOTENCY_PATH_LENGTH_MAX)
      const owned = await claim(db, { ...where, requestHash, method: c.req.method, path })
      if (owned) {
        lockedUntil = owned
        break
      }
      const row = await db
        .selectFrom('idempotencyKeys')
        .selectAll()
        .where('principalRef', '=', principalRef)
        .where('idempotencyKey', '=', idempotencyKey)
        .executeTakeFirst()
      if (!row) continue // released by a failed first execution: try to claim again
      if (row.requestHash !== requestHash) {
        return problem(
          c,
          409,
          'idempotency_key_reused',
          'This Idempotency-Key was used with a different request; use a new key for a new request.',
        )
      }
      if (row.state === 'completed') {
        c.header('Idempotent-Replayed', 'true')
        return c.body(row.responseBody ?? '', row.responseStatus as ContentfulStatusCode, {
          'Content-Type': row.responseContentType ?? 'application/json',
        })
      }
      if (Date.now() > deadline) {
        return problem(
          c,
          409,
          'idempotency_request_in_progress',
          'A request with this Idempotency-Key is still being processed; retry later.',
        )
      }
      await sleep(IDEMPOTENCY_POLL_MS)
    }

    let stored = false
    try {
      await next()
      const response = c.res
      if (response.status < 500) {
        await db
          .updateTable('idempotencyKeys')
          .set({
            state: 'completed',
            responseStatus: response.status,
            responseBody: withoutShownOnceFields(await response.clone().text()),
            responseContentType: response.headers.get('Content-Type'),
          })
          .where('principalRef', '=', principalRef)
          .where('idempotencyKey', '=', idempotencyKey)
          .execute()
        stored = true
      }
    } finally {
      if (!stored) {
        // Only this execution's claim: after its lock expired another request may own the key.
        const release = () =>
          db
            .deleteFrom('idempotencyKeys')
            .where('principalRef', '=', principalRef)
            .where('idempotencyKey', '=', idempotencyKey)
            .where('state', '=', 'in_progress')
            .where('lockedUntil', '=', lockedUntil)
            .execute()
        await releaseNowOrLater(release, lockedUntil, c.get('log'))
      }
    }
  }
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

/** For money-moving routes: refuses a request without an Idempotency-Key (the app-wide middleware handles it when sent). */
export function requireIdempotencyKey(): MiddlewareHandler<AppEnv> {
  return async function requireIdempotencyKey(c, next) {
    if (c.req.header('Idempotency-Key') === undefined) {
      return problem(
        c,
        400,
        'idempotency_key_required',
        'This request moves money: send an Idempotency-Key header.',
        {
          errors: [{ path: 'header.Idempotency-Key', message: 'required' }],
        },
      )
    }
    await next()
  }
}

/**
 * Takes the key for this execution: a new row, or a stale in-progress row left by a crashed process.
 * Returns the claim's lock expiry (which names this claim), or undefined when another owns the key.
 */
async function claim(
  db: Db,
  row: { principalRef: string; idempotencyKey: string; requestHash: string; method: string; path: string },
): Promise<Date | undefined> {
  // Whole milliseconds: the column is DATETIME(3), and the release matches this value exactly.
  const lockedUntil = new Date(Date.now() + IDEMPOTENCY_LOCK_MS)
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
