/**
 * Abuse limits, counted in MySQL so that they hold across every API process (a per-process limiter
 * would let N processes take N times the limit): a fixed-window counter row per bucket per window,
 * bumped with one `INSERT … ON DUPLICATE KEY UPDATE` that also returns the new count.
 *
 * - **Requests per API key**: over `requestsPerWindowMax` in a window of `windowMs`, a request answers
 *   429 `rate_limited` with `Retry-After` (seconds to the window's end), before idempotency and the
 *   route, so nothing is written for it.
 * - **Invalid keys per client address**: after `invalidKeyAttemptsMax` invalid keys from one address
 *   in `invalidKeyWindowMs`, every authentication attempt from that address (valid key or not) answers
 *   429 `too_many_invalid_keys` with `Retry-After` until the window ends. A refusal rather than a delay:
 *   a delay holds a connection open on our side while a guesser simply opens more, and a lockout
 *   that also refuses valid keys tells the guesser nothing about the key it sent. (Keys carry 256
 *   random bits, so guessing one is hopeless anyway; this limits the load and the noise.)
 *
 * The hot path stays cheap: a busy key takes its counter in leases (one round trip for up to 1% of
 * its limit, never more than the limit across processes; see {@link Lease}), and a process rereads
 * an address's lockout at most every {@link LOCKOUT_RECHECK_MS}.
 *
 * A limit of 0 turns that limit off.
 * @module
 */
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context, MiddlewareHandler } from 'hono'
import { sql } from 'kysely'
import type { AbuseLimits } from '../config.js'
import type { Db } from '../db/database.js'
import type { AppEnv } from './app-env.js'
import { problem } from './problem.js'

export const ABUSE_LIMITS_OFF: AbuseLimits = Object.freeze({
  requestsPerWindowMax: 0,
  windowMs: 60_000,
  invalidKeyAttemptsMax: 0,
  invalidKeyWindowMs: 300_000,
  trustedProxyHops: 0,
})

/** How many expired windows one new window deletes: pruning stays a small, bounded statement. */
const PRUNE_ROWS_MAX = 500
/** `rate_limit_windows.bucket_key` is VARCHAR(80). */
const BUCKET_KEY_LENGTH_MAX = 80
/** The address of a request that did not come through a socket (in-process `app.request`). */
export const IN_PROCESS_ADDRESS = 'in-process'

export type AbuseGuard = {
  /** Per-API-key limit; goes after authentication. */
  rateLimit: MiddlewareHandler<AppEnv>
  /** Seconds until this client's address may authenticate again, or `null` when it may now. */
  lockedOutForSeconds(c: Context): Promise<number | null>
  /** Counts one invalid key from this client's address. */
  recordInvalidKey(c: Context): Promise<void>
}

/**
 * The client's address: the socket's peer through @hono/node-server (else {@link IN_PROCESS_ADDRESS}),
 * or behind `trustedProxyHops` proxies the `X-Forwarded-For` entry the outermost of them appended.
 * Entries left of that one came from the client and are not believed.
 */
export function clientAddress(c: Context, trustedProxyHops = 0): string {
  let peer: string
  try {
    peer = getConnInfo(c).remote.address ?? IN_PROCESS_ADDRESS
  } catch {
    peer = IN_PROCESS_ADDRESS // no socket in c.env: an in-process request
  }
  if (trustedProxyHops === 0) return peer
  const forwarded = (c.req.header('X-Forwarded-For') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
  const chain = [...forwarded, peer]
  return chain[Math.max(0, chain.length - 1 - trustedProxyHops)]!
}

type Window = { startMs: number; endMs: number }

function windowAt(nowMs: number, windowMs: number): Window {
  const startMs = nowMs - (nowMs % windowMs)
  return { startMs, endMs: startMs + windowMs }
}

function secondsUntil(endMs: number, nowMs: number): number {
  return Math.max(1, Math.ceil((endMs - nowMs) / 1000))
}

/** Counts `hits` in the bucket's current window and returns the window's count so far, these included. */
async function hit(db: Db, bucketKey: string, window: Window, nowMs: number, hits = 1): Promise<number> {
  // LAST_INSERT_ID(expr) hands the updated count back in the OK packet: one round trip. A new row
  // reports 0 (the table has no auto-increment), i.e. these are the window's first hits.
  const result = await sql`
    INSERT INTO rate_limit_windows (bucket_key, window_start_ms, expires_at_ms, hits)
    VALUES (${bucketKey}, ${window.startMs}, ${window.endMs}, ${hits})
    ON DUPLICATE KEY UPDATE hits = LAST_INSERT_ID(hits + ${hits})`.execute(db)
  const count = Number(result.insertId ?? 0n)
  if (count > 0) return count
  // The first hit of a window: clear out windows that have ended (any bucket's), a bounded batch.
  await sql`DELETE FROM rate_limit_windows WHERE expires_at_ms <= ${nowMs} LIMIT ${PRUNE_ROWS_MAX}`.execute(
    db,
  )
  return hits
}

/**
 * Requests a process may still let through for one key in one window, taken from the shared counter
 * ahead of use (a lease), so a busy key pays one counter round trip per lease instead of per request.
 * Leases start at one request and double while the key stays busy, up to 1/{@link LEASE_DIVISOR} of
 * the limit; a limit under {@link LEASE_DIVISOR} is counted request by request, exactly. The counter
 * holds every leased request, so the processes together never let more through than the limit; what
 * a lease leaves unused when its window ends (or its process stops) is simply not used.
 */
type Lease = { windowStartMs: number; remaining: number; nextSize: number; exhausted: boolean }
const LEASE_DIVISOR = 100
/** What a process remembers of an address's invalid keys in one window. */
type AddressState = { windowStartMs: number; readAtMs: number; lockedOut: boolean }
/**
 * How long a process trusts its reading that an address is not locked out: a lockout recorded by
 * another process takes effect here within this; one recorded by this process, at once.
 */
export const LOCKOUT_RECHECK_MS = 1_000
/** Entries of either map above which those of ended windows are dropped. */
const REMEMBERED_BUCKETS_MAX = 10_000

function forgetEndedWindows(map: Map<string, { windowStartMs: number }>, currentStartMs: number): void {
  if (map.size <= REMEMBERED_BUCKETS_MAX) return
  for (const [key, value] of map) if (value.windowStartMs < currentStartMs) map.delete(key)
}

export function abuseGuard(deps: { db: Db; limits: AbuseLimits; nowMs?: () => number }): AbuseGuard {
  const { db, limits } = deps
  const nowMs = deps.nowMs ?? Date.now
  const addressBucket = (c: Context) =>
    `addr:${clientAddress(c, limits.trustedProxyHops)}`.slice(0, BUCKET_KEY_LENGTH_MAX)
  const leaseSizeMax = Math.max(1, Math.floor(limits.requestsPerWindowMax / LEASE_DIVISOR))
  const leases = new Map<string, Lease>()
  const addresses = new Map<string, AddressState>()

  /** Whether this key may make one more request in `window`: from its lease, or a new one. */
  async function admit(bucketKey: string, window: Window, now: number): Promise<boolean> {
    let lease = leases.get(bucketKey)
    if (!lease || lease.windowStartMs !== window.startMs) {
      forgetEndedWindows(leases, window.startMs)
      lease = { windowStartMs: window.startMs, remaining: 0, nextSize: 1, exhausted: false }
      leases.set(bucketKey, lease)
    }
    if (lease.remaining > 0) {
      lease.remaining--
      return true
    }
    if (lease.exhausted) return false
    const size = lease.nextSize
    lease.nextSize = Math.min(size * 2, leaseSizeMax)
    const count = await hit(db, bucketKey, window, now, size)
    const granted = Math.min(size, Math.max(0, limits.requestsPerWindowMax - (count - size)))
    if (granted === 0) {
      lease.exhausted = true // the window's limit is taken: refuse here until it ends
      return false
    }
    lease.remaining += granted - 1 // this request takes one
    return true
  }

  return {
    async rateLimit(c, next) {
      if (limits.requestsPerWindowMax === 0) return next()
      const now = nowMs()
      const window = windowAt(now, limits.windowMs)
      if (!(await admit(`key:${c.get('principal').ref}`, window, now))) {
        const retryAfterSeconds = secondsUntil(window.endMs, now)
        c.header('Retry-After', String(retryAfterSeconds))
        return problem(
          c,
          'rate_limited',
          `This API key may make ${limits.requestsPerWindowMax} requests per ${limits.windowMs} ms; ` +
            `retry in ${retryAfterSeconds} s.`,
          { retryAfterSeconds },
        )
      }
      return next()
    },

    async lockedOutForSeconds(c) {
      if (limits.invalidKeyAttemptsMax === 0) return null
      const now = nowMs()
      const window = windowAt(now, limits.invalidKeyWindowMs)
      const bucketKey = addressBucket(c)
      const known = addresses.get(bucketKey)
      const fresh =
        known !== undefined &&
        known.windowStartMs === window.startMs &&
        (known.lockedOut || now - known.readAtMs < LOCKOUT_RECHECK_MS)
      if (!fresh) {
        const row = await db
          .selectFrom('rateLimitWindows')
          .select('hits')
          .where('bucketKey', '=', bucketKey)
          .where('windowStartMs', '=', window.startMs)
          .executeTakeFirst()
        forgetEndedWindows(addresses, window.startMs)
        addresses.set(bucketKey, {
          windowStartMs: window.startMs,
          readAtMs: now,
          lockedOut: row !== undefined && row.hits >= limits.invalidKeyAttemptsMax,
        })
      }
      return addresses.get(bucketKey)!.lockedOut ? secondsUntil(window.endMs, now) : null
    },

    async recordInvalidKey(c) {
      if (limits.invalidKeyAttemptsMax === 0) return
      const now = nowMs()
      const window = windowAt(now, limits.invalidKeyWindowMs)
      const bucketKey = addressBucket(c)
      const count = await hit(db, bucketKey, window, now)
      addresses.set(bucketKey, {
        windowStartMs: window.startMs,
        readAtMs: now,
        lockedOut: count >= limits.invalidKeyAttemptsMax,
      })
    },
  }
}

/** The 429 a locked-out address gets. */
export function invalidKeyLockout(c: Context, retryAfterSeconds: number): Response {
  c.header('Retry-After', String(retryAfterSeconds))
  return problem(
    c,
    'too_many_invalid_keys',
    `Too many invalid API keys from this address; retry in ${retryAfterSeconds} s.`,
    { retryAfterSeconds },
  )
}
