/**
 * Webhook endpoints and their deliveries. A principal registers a URL and the event types it wants
 * and gets a signing secret once; each endpoint's Temporal workflow (workflows/webhooks.ts) copies
 * new events in the principal's scope into deliveries and posts them in event order, holding back a
 * subject's later events while an earlier one is still being retried, with exponential backoff for
 * up to three days. Every request is signed: header `Microloan-Signature: t=<unix seconds>,v1=<hex
 * HMAC-SHA256 of "<t>.<body>" with the secret>`; receivers reject a timestamp older than five minutes
 * and dedupe by `eventId` (delivery is at least once).
 * @module
 */
import { createHmac, randomBytes } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import { isIP, type LookupFunction } from 'node:net'
import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import type { Principal } from '../access/principal.js'
import { NotFound, Refusal } from '../kernel/errors.js'
import type { SecretsKeyring } from '../kernel/secrets-keyring.js'
import { openWebhookSecret, sealWebhookSecret } from './webhook-secrets.js'
import { eventScope, eventsInScope, toEventView, type EventScope, type EventSubject } from './events.js'
import {
  checkedAddresses,
  TargetRefused,
  webhookPolicyFromEnv,
  type WebhookPolicy,
} from './webhook-target.js'

/** What the delivery list shows for a target the policy refuses (nothing about what is there). */
export const REFUSED_BY_POLICY = 'refused by policy'

export const SIGNATURE_HEADER = 'Microloan-Signature'
export const EVENT_ID_HEADER = 'Microloan-Event-Id'
/** Receivers should refuse a signature whose timestamp is further than this from their clock. */
export const SIGNATURE_TOLERANCE_SECONDS = 300
/** Retries stop this long after the first attempt. */
export const DELIVERY_GIVE_UP_MS = 3 * 24 * 3_600_000
export const DELIVERY_BACKOFF_BASE_MS = 1_000
export const DELIVERY_BACKOFF_MAX_MS = 3_600_000
export const DELIVERY_TIMEOUT_MS = 10_000
export const ENDPOINTS_PER_PRINCIPAL_MAX = 20

/** `t=<seconds>,v1=<hex>` for `body` sent at `timestampSeconds`. */
export function signPayload(secret: string, timestampSeconds: number, body: string): string {
  const signature = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')
  return `t=${timestampSeconds},v1=${signature}`
}

/** The wait before attempt `attempts + 1`: 1 s, 2 s, 4 s … at most an hour. */
export function backoffMs(attempts: number): number {
  return Math.min(DELIVERY_BACKOFF_MAX_MS, DELIVERY_BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1))
}

export type EndpointView = {
  endpointId: number
  url: string
  eventTypes: string[]
  status: 'active' | 'deleted' | 'disabled'
  createdAt: string
}

function toEndpointView(row: {
  id: number
  url: string
  eventTypes: string
  status: 'active' | 'deleted' | 'disabled'
  createdAt: Date
}): EndpointView {
  return {
    endpointId: Number(row.id),
    url: row.url,
    eventTypes: JSON.parse(row.eventTypes) as string[],
    status: row.status,
    createdAt: row.createdAt.toISOString(),
  }
}

/** What sends webhooks: the database, and the keys their signing secrets are sealed under. */
export type WebhookDeps = { db: Db; secrets: SecretsKeyring }

export async function createEndpoint(
  { db, secrets }: WebhookDeps,
  principal: Principal,
  input: { url: string; eventTypes: string[] },
  policy: WebhookPolicy = webhookPolicyFromEnv(),
): Promise<EndpointView & { secret: string }> {
  try {
    await checkedAddresses(new URL(input.url), policy)
  } catch (error) {
    if (!(error instanceof TargetRefused)) throw error
    throw new Refusal(
      'webhook_url_not_allowed',
      'Webhooks go only to public addresses: this URL names a loopback, private, link-local, shared, multicast or unspecified address, or does not resolve.',
    )
  }
  const count = await db
    .selectFrom('webhookEndpoints')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('principalRef', '=', principal.ref)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow()
  if (Number(count.n) >= ENDPOINTS_PER_PRINCIPAL_MAX) {
    throw new Refusal('too_many_endpoints', `At most ${ENDPOINTS_PER_PRINCIPAL_MAX} endpoints per key.`)
  }
  const secret = `whsec_${randomBytes(32).toString('base64url')}`
  // Events from now on: an endpoint does not replay the history before it existed.
  const result = await db
    .insertInto('webhookEndpoints')
    .values({
      principalId: principal.principalId,
      principalRef: principal.ref,
      role: principal.role,
      subjectId: principal.subjectId,
      url: input.url,
      eventTypes: JSON.stringify([...new Set(input.eventTypes)]),
      // Sealed at rest: the database never holds it in the clear.
      ...sealWebhookSecret(secret, secrets),
      status: 'active',
      cursorEventId: sql<number>`(SELECT COALESCE(MAX(id), 0) FROM events)`,
    })
    .executeTakeFirstOrThrow()
  const endpoint = await getEndpoint(db, principal, Number(result.insertId))
  return { ...endpoint, secret }
}

async function endpointRow(db: Db, principal: Principal, endpointId: number) {
  const row = await db
    .selectFrom('webhookEndpoints')
    .selectAll()
    .where('id', '=', endpointId)
    .executeTakeFirst()
  const mayRead = principal.role === 'admin' || row?.principalRef === principal.ref
  if (!row || !mayRead) throw new NotFound(`No webhook endpoint ${endpointId}.`)
  return row
}

export async function getEndpoint(db: Db, principal: Principal, endpointId: number): Promise<EndpointView> {
  return toEndpointView(await endpointRow(db, principal, endpointId))
}

export async function listEndpoints(db: Db, principal: Principal): Promise<EndpointView[]> {
  const rows = await db
    .selectFrom('webhookEndpoints')
    .selectAll()
    .where('principalRef', '=', principal.ref)
    .where('status', '=', 'active')
    .orderBy('id')
    .execute()
  return rows.map(toEndpointView)
}

export async function deleteEndpoint(db: Db, principal: Principal, endpointId: number): Promise<void> {
  await endpointRow(db, principal, endpointId)
  await db.updateTable('webhookEndpoints').set({ status: 'deleted' }).where('id', '=', endpointId).execute()
}

export type DeliveryView = {
  deliveryId: number
  eventId: number
  eventType: string
  status: 'pending' | 'delivered' | 'failed'
  attempts: number
  lastStatus: number | null
  lastError: string | null
  nextAttemptAt: string | null
  deliveredAt: string | null
}

export async function listDeliveries(
  db: Db,
  principal: Principal,
  endpointId: number,
  page: { limit: number; cursor?: number },
): Promise<{ items: DeliveryView[]; nextCursor: string | null }> {
  await endpointRow(db, principal, endpointId)
  let query = db
    .selectFrom('webhookDeliveries')
    .innerJoin('events', 'events.id', 'webhookDeliveries.eventId')
    .select([
      'webhookDeliveries.id',
      'webhookDeliveries.eventId',
      'events.type',
      'webhookDeliveries.status',
      'webhookDeliveries.attempts',
      'webhookDeliveries.lastStatus',
      'webhookDeliveries.lastError',
      'webhookDeliveries.nextAttemptAt',
      'webhookDeliveries.deliveredAt',
    ])
    .where('webhookDeliveries.endpointId', '=', endpointId)
    .orderBy('webhookDeliveries.id', 'desc')
    .limit(page.limit + 1)
  if (page.cursor !== undefined) query = query.where('webhookDeliveries.id', '<', page.cursor)
  const rows = await query.execute()
  const items = rows.slice(0, page.limit).map((row) => ({
    deliveryId: Number(row.id),
    eventId: Number(row.eventId),
    eventType: row.type,
    status: row.status,
    attempts: row.attempts,
    lastStatus: row.lastStatus,
    lastError: row.lastError,
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
    deliveredAt: row.deliveredAt ? row.deliveredAt.toISOString() : null,
  }))
  return { items, nextCursor: rows.length > page.limit ? String(items.at(-1)!.deliveryId) : null }
}

/** Sends a delivery again now (a failed one gets three more days). */
export async function retryDelivery(db: Db, principal: Principal, endpointId: number, deliveryId: number) {
  await endpointRow(db, principal, endpointId)
  const updated = await db
    .updateTable('webhookDeliveries')
    .set({ status: 'pending', nextAttemptAt: new Date(), firstAttemptAt: null })
    .where('id', '=', deliveryId)
    .where('endpointId', '=', endpointId)
    .executeTakeFirst()
  if (Number(updated.numUpdatedRows) === 0) throw new NotFound(`No delivery ${deliveryId}.`)
}

function scopeOfEndpoint(row: { role: string; subjectId: number | null }): EventScope {
  return eventScope({ role: row.role as Principal['role'], subjectId: row.subjectId })
}

/** What orders deliveries: a subject's events reach an endpoint in the order they happened. */
function subjectKeyOf(subject: EventSubject): string {
  if (subject.loanId !== undefined) return `loan:${subject.loanId}`
  for (const [name, id] of Object.entries(subject)) if (id !== undefined) return `${name}:${id}`
  return 'none'
}

/** A gap in event ids (a transaction not yet committed, or an id never used) is waited for this long. */
export const EVENT_GAP_WAIT_MS = 30_000
const EVENTS_SCANNED_MAX = 2_000

/**
 * Copies the endpoint's new events into pending deliveries, under the endpoint's row lock
 * (idempotent: a delivery per endpoint and event), and moves its cursor only over ids that can no
 * longer appear: ids are taken at insert and committed in another order, so a missing id may be a
 * transaction still open. The cursor stops at such a gap until the event after it is
 * {@link EVENT_GAP_WAIT_MS} old (then the id was rolled back or never used); events past the gap are
 * delivered meanwhile and seen again next round. Says whether the endpoint is active.
 */
export async function fanOutEvents(db: Db, endpointId: number): Promise<{ active: boolean }> {
  return db.transaction().execute(async (trx) => {
    const endpoint = await trx
      .selectFrom('webhookEndpoints')
      .selectAll()
      .where('id', '=', endpointId)
      .forUpdate()
      .executeTakeFirst()
    if (!endpoint || endpoint.status !== 'active') return { active: false }
    const cursor = Number(endpoint.cursorEventId)
    const scanned = await trx
      .selectFrom('events')
      .select(['id', 'createdAt'])
      .where('id', '>', cursor)
      .orderBy('id')
      .limit(EVENTS_SCANNED_MAX)
      .execute()
    if (scanned.length === 0) return { active: true }
    const lastScanned = Number(scanned.at(-1)!.id)
    const events = (
      await eventsInScope(
        trx,
        scopeOfEndpoint(endpoint),
        JSON.parse(endpoint.eventTypes) as string[],
        cursor,
        EVENTS_SCANNED_MAX,
      )
    ).filter((event) => Number(event.id) <= lastScanned)
    if (events.length > 0) {
      const now = new Date()
      await trx
        .insertInto('webhookDeliveries')
        .values(
          events.map((event) => ({
            endpointId,
            eventId: Number(event.id),
            subjectKey: subjectKeyOf(JSON.parse(event.subject) as EventSubject),
            status: 'pending' as const,
            nextAttemptAt: now,
          })),
        )
        .ignore()
        .execute()
    }
    let safe = cursor
    for (const row of scanned) {
      const id = Number(row.id)
      if (id !== safe + 1 && Date.now() - new Date(row.createdAt).getTime() < EVENT_GAP_WAIT_MS) break
      safe = id
    }
    if (safe > cursor) {
      await trx
        .updateTable('webhookEndpoints')
        .set({ cursorEventId: safe })
        .where('id', '=', endpointId)
        .execute()
    }
    return { active: true }
  })
}

/**
 * Pending deliveries that are due, oldest event first, leaving out any whose subject has an earlier
 * event not yet delivered; and how long until the next one falls due.
 */
export async function dueDeliveries(
  db: Db,
  endpointId: number,
  limit = 50,
): Promise<{ deliveryIds: number[]; nextDueInMs: number | null }> {
  const now = new Date()
  const { rows } = await sql<{ id: number }>`
    SELECT d.id FROM webhook_deliveries d
    WHERE d.endpoint_id = ${endpointId} AND d.status = 'pending' AND d.next_attempt_at <= ${now}
      AND NOT EXISTS (
        SELECT 1 FROM webhook_deliveries e
        WHERE e.endpoint_id = d.endpoint_id AND e.subject_key = d.subject_key
          AND e.status = 'pending' AND e.event_id < d.event_id)
    ORDER BY d.event_id
    LIMIT ${limit}`.execute(db)
  const next = await db
    .selectFrom('webhookDeliveries')
    .select((eb) => eb.fn.min('nextAttemptAt').as('next'))
    .where('endpointId', '=', endpointId)
    .where('status', '=', 'pending')
    .executeTakeFirst()
  const nextAt = next?.next ? new Date(next.next as unknown as string | Date).getTime() : null
  return {
    deliveryIds: rows.map((row) => Number(row.id)),
    nextDueInMs: nextAt === null ? null : Math.max(0, nextAt - now.getTime()),
  }
}

/**
 * POSTs `body` and answers the status. The socket connects only to an address the policy has just
 * checked (the request's own lookup returns those addresses, never a fresh DNS answer); redirects are
 * not followed.
 */
async function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  policy: WebhookPolicy,
): Promise<number> {
  const addresses = await checkedAddresses(url, policy)
  const lookup: LookupFunction | undefined =
    addresses === undefined
      ? undefined
      : (_hostname, options, callback) => {
          const entries = addresses.map((address) => ({ address, family: isIP(address) }))
          if (options.all) callback(null, entries)
          else callback(null, entries[0]!.address, entries[0]!.family)
        }
  const transport = url.protocol === 'https:' ? https : http
  return new Promise<number>((resolve, reject) => {
    const request = transport.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
        ...(lookup ? { lookup } : {}),
      },
      (response) => {
        response.resume()
        resolve(response.statusCode ?? 0)
      },
    )
    request.on('error', reject)
    request.end(body)
  })
}

/** One attempt: POST the signed event; a 2xx delivers it, anything else schedules the next try. */
export async function attemptDelivery(
  { db, secrets }: WebhookDeps,
  deliveryId: number,
  policy: WebhookPolicy = webhookPolicyFromEnv(),
): Promise<{ delivered: boolean }> {
  const delivery = await db
    .selectFrom('webhookDeliveries')
    .selectAll()
    .where('id', '=', deliveryId)
    .executeTakeFirst()
  if (!delivery || delivery.status !== 'pending') return { delivered: delivery?.status === 'delivered' }
  const endpoint = await db
    .selectFrom('webhookEndpoints')
    .selectAll()
    .where('id', '=', Number(delivery.endpointId))
    .executeTakeFirstOrThrow()
  // A deleted or disabled (revoked) endpoint receives nothing more, even what was queued for it.
  if (endpoint.status !== 'active') return { delivered: false }
  const event = await db
    .selectFrom('events')
    .selectAll()
    .where('id', '=', Number(delivery.eventId))
    .executeTakeFirstOrThrow()
  const body = JSON.stringify(toEventView(event))
  const now = new Date()
  const timestampSeconds = Math.floor(now.getTime() / 1000)
  let status: number | null = null
  let failure: string | null = null
  try {
    status = await post(
      new URL(endpoint.url),
      {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signPayload(openWebhookSecret(endpoint, secrets), timestampSeconds, body),
        [EVENT_ID_HEADER]: String(event.id),
        'user-agent': 'microloan-webhooks/1',
      },
      body,
      policy,
    )
    if (status < 200 || status >= 300) failure = `HTTP ${status}`
  } catch (error) {
    failure =
      error instanceof TargetRefused
        ? REFUSED_BY_POLICY
        : (error instanceof Error ? error.message : String(error)).slice(0, 500)
  }
  const attempts = delivery.attempts + 1
  const firstAttemptAt = delivery.firstAttemptAt ?? now
  if (failure === null) {
    await db
      .updateTable('webhookDeliveries')
      .set({
        status: 'delivered',
        attempts,
        firstAttemptAt,
        deliveredAt: now,
        lastStatus: status,
        lastError: null,
      })
      .where('id', '=', deliveryId)
      .where('status', '=', 'pending')
      .execute()
    return { delivered: true }
  }
  const givingUp = now.getTime() - new Date(firstAttemptAt).getTime() >= DELIVERY_GIVE_UP_MS
  await db
    .updateTable('webhookDeliveries')
    .set({
      status: givingUp ? 'failed' : 'pending',
      attempts,
      firstAttemptAt,
      nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)),
      lastStatus: status,
      lastError: failure,
    })
    .where('id', '=', deliveryId)
    .where('status', '=', 'pending')
    .execute()
  return { delivered: false }
}

/** Deliveries in flight at once for one endpoint (each subject's stay in order). */
export const DELIVERIES_IN_FLIGHT_MAX = 8

/**
 * One round for an endpoint: copy its new events into deliveries, then attempt the due ones, several
 * subjects at a time and each subject's in event order (a failure holds back that subject's later
 * events until its retry). Says whether the endpoint is still active, how many were attempted, and
 * when the next pending delivery falls due.
 */
export async function deliveryRound(
  deps: WebhookDeps,
  endpointId: number,
  policy: WebhookPolicy = webhookPolicyFromEnv(),
): Promise<{ active: boolean; attempted: number; delivered: number; nextDueInMs: number | null }> {
  const { db } = deps
  const { active } = await fanOutEvents(db, endpointId)
  if (!active) return { active, attempted: 0, delivered: 0, nextDueInMs: null }
  const due = await dueDeliveries(db, endpointId, 200)
  const rows =
    due.deliveryIds.length === 0
      ? []
      : await db
          .selectFrom('webhookDeliveries')
          .select(['id', 'subjectKey'])
          .where('id', 'in', due.deliveryIds)
          .orderBy('eventId')
          .execute()
  const bySubject = new Map<string, number[]>()
  for (const row of rows)
    bySubject.set(row.subjectKey, [...(bySubject.get(row.subjectKey) ?? []), Number(row.id)])
  const queue = [...bySubject.values()]
  let attempted = 0
  let delivered = 0
  await Promise.all(
    Array.from({ length: DELIVERIES_IN_FLIGHT_MAX }, async () => {
      for (let ids = queue.shift(); ids; ids = queue.shift()) {
        for (const deliveryId of ids) {
          attempted += 1
          if (!(await attemptDelivery(deps, deliveryId, policy)).delivered) break
          delivered += 1
        }
      }
    }),
  )
  const after = attempted > 0 ? await dueDeliveries(db, endpointId, 1) : due
  return { active, attempted, delivered, nextDueInMs: after.nextDueInMs }
}
