/**
 * The outbox of things that happened: an event row is written in the same transaction as the change
 * it announces (so it exists if and only if the change happened), keyed so a producer that runs twice
 * writes one. Each event names its subject's ids; a principal reads only events about its own records.
 * @module
 */
import type { Kysely, SelectQueryBuilder, Transaction } from 'kysely'
import type { Db } from '../db/database.js'
import type { Database } from '../db/schema.js'
import type { Principal } from '../access/principal.js'
import type { IsoDate } from '../kernel/business-date.js'

export const EVENT_TYPES = [
  'offer.created',
  'offer.expired',
  'application.approved',
  'application.declined',
  'loan.disbursed',
  'loan.repayment_applied',
  'loan.became_delinquent',
  'loan.closed',
  'loan.written_off',
  'restricted_purchase.paid',
  'restricted_purchase.refused',
  'restricted_wallet.breach_attempt',
  'purchase_request.created',
  'purchase_request.confirmed',
  'purchase_request.cancelled',
  'purchase_request.expired',
  'purchase_request.locked',
  'delivery.recorded',
  'delivery.overdue',
  'delivery.paid',
  'offtaker_payment.received',
  'claim.opened',
  'claim.accepted',
  'claim.rejected',
  'claim.paid',
  'claim.overdue',
  'supplier_settlement.created',
  'supplier_settlement.paid',
  'supplier_settlement.failed',
  'insurer_settlement.created',
  'insurer_settlement.paid',
  'insurer_settlement.failed',
] as const
export type EventType = (typeof EVENT_TYPES)[number]

export type EventSubject = {
  loanId?: number
  merchantId?: number
  farmerId?: number
  supplierId?: number
  offtakerId?: number
  insurerId?: number
  applicationId?: number
  contractId?: number
  purchaseId?: number
  deliveryId?: number
  paymentId?: number
  claimId?: number
  walletId?: number
}

export type OutboxEvent = {
  /** Unique per change, e.g. `loan.closed:42`: a second write of the same event is ignored. */
  key: string
  type: EventType
  businessDate: IsoDate | string
  subject: EventSubject
  data: Record<string, unknown>
}

type Executor = Kysely<Database> | Transaction<Database>

/** Writes events in the caller's transaction (or alone); a key already written is skipped. */
export async function recordEvents(db: Executor, events: readonly OutboxEvent[]): Promise<void> {
  if (events.length === 0) return
  await db.insertInto('events').values(events.map(eventRow)).ignore().execute()
}

export function eventRow(event: OutboxEvent) {
  return {
    eventKey: event.key.slice(0, 191),
    type: event.type,
    businessDate: event.businessDate,
    loanId: event.subject.loanId ?? null,
    merchantId: event.subject.merchantId ?? null,
    farmerId: event.subject.farmerId ?? null,
    supplierId: event.subject.supplierId ?? null,
    offtakerId: event.subject.offtakerId ?? null,
    insurerId: event.subject.insurerId ?? null,
    subject: JSON.stringify(event.subject),
    data: JSON.stringify(event.data),
  }
}

export type EventView = {
  eventId: number
  type: string
  createdAt: string
  businessDate: string
  subject: EventSubject
  data: unknown
}

/** Which column ties an event to a party principal's own records. */
const PARTY_COLUMN = {
  merchant: 'merchantId',
  farmer: 'farmerId',
  supplier: 'supplierId',
  offtaker: 'offtakerId',
  insurer: 'insurerId',
} as const

export type EventScope =
  | { kind: 'all' }
  | { kind: 'merchants' }
  | { kind: 'party'; column: (typeof PARTY_COLUMN)[keyof typeof PARTY_COLUMN]; subjectId: number }
  | { kind: 'none' }

/** The events a principal may read: officers and admin all, the platform its merchants', a party its own. */
export function eventScope(principal: Pick<Principal, 'role' | 'subjectId'>): EventScope {
  if (principal.role === 'officer' || principal.role === 'admin') return { kind: 'all' }
  if (principal.role === 'platform') return { kind: 'merchants' }
  const column = PARTY_COLUMN[principal.role as keyof typeof PARTY_COLUMN]
  if (!column || principal.subjectId === null) return { kind: 'none' }
  return { kind: 'party', column, subjectId: principal.subjectId }
}

function scoped<Q extends SelectQueryBuilder<Database, 'events', object>>(query: Q, scope: EventScope): Q {
  switch (scope.kind) {
    case 'all':
      return query
    case 'merchants':
      return query.where('merchantId', 'is not', null) as Q
    case 'party':
      return query.where(scope.column, '=', scope.subjectId) as Q
    case 'none':
      return query.where('id', '<', 0) as Q
  }
}

/** Events of `scope` (and of `types`, unless it holds `*`) after `afterId`, oldest first. */
export async function eventsInScope(
  db: Executor,
  scope: EventScope,
  types: readonly string[],
  afterId: number,
  limit: number,
) {
  let query = db.selectFrom('events').selectAll().where('id', '>', afterId).orderBy('id').limit(limit)
  query = scoped(query, scope)
  if (!types.includes('*')) query = query.where('type', 'in', types)
  return query.execute()
}

export function toEventView(row: {
  id: number
  type: string
  createdAt: Date
  businessDate: string
  subject: string
  data: string
}): EventView {
  return {
    eventId: Number(row.id),
    type: row.type,
    createdAt: row.createdAt.toISOString(),
    businessDate: row.businessDate,
    subject: JSON.parse(row.subject) as EventSubject,
    data: JSON.parse(row.data) as unknown,
  }
}

/** Oldest first after the cursor (an event id), so a reader can follow the feed. */
export async function listEvents(
  db: Db,
  principal: Pick<Principal, 'role' | 'subjectId'>,
  filter: { type?: string; subjectId?: number },
  page: { limit: number; cursor?: number },
): Promise<{ items: EventView[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('events')
    .selectAll()
    .orderBy('id')
    .limit(page.limit + 1)
  query = scoped(query, eventScope(principal))
  if (filter.type) query = query.where('type', '=', filter.type)
  if (filter.subjectId !== undefined) {
    const id = filter.subjectId
    query = query.where((eb) =>
      eb.or([
        eb('loanId', '=', id),
        eb('merchantId', '=', id),
        eb('farmerId', '=', id),
        eb('supplierId', '=', id),
        eb('offtakerId', '=', id),
        eb('insurerId', '=', id),
      ]),
    )
  }
  if (page.cursor !== undefined) query = query.where('id', '>', page.cursor)
  const rows = await query.execute()
  const items = rows.slice(0, page.limit).map(toEventView)
  return { items, nextCursor: rows.length > page.limit ? String(items.at(-1)!.eventId) : null }
}
