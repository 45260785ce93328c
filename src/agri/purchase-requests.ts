/**
 * The farmer consents at the point of sale (API.md, "Point of sale"): a supplier rings up a purchase
 * request against the farmer's open restricted wallet; money moves only when the farmer confirms it,
 * themselves or by telling the supplier the request's one-time code (6 digits, 15 minutes, locked
 * after 5 wrong tries). A request is checked by the purchase rules when it is rung up and again when it
 * is confirmed: both run the purchase path of `restricted-wallet.ts` (the first deciding only), and
 * the confirmation's purchase is keyed by the request, so retries and racing confirmations pay once.
 *
 * State changes take the loan's row lock, then the request's (the order a purchase takes them), so a
 * cancellation, a lock or an expiry can never commit beside the payment: the payment re-reads the
 * request under those locks and marks it confirmed in its own commit. An expiry is recorded when the
 * request is next touched (a confirmation or a cancellation), with its event; lists show a request
 * past its time as expired before that.
 * @module
 */
import type { Transaction } from 'kysely'
import type { RowDataPacket } from 'mysql2/promise'
import { isDuplicateKey, type Db } from '../db/database.js'
import type { Database, PurchaseRequestStatus } from '../db/schema.js'
import { NotFound, Refusal } from '../kernel/errors.js'
import { fenFromDb } from '../kernel/money.js'
import type { LedgerService } from '../ledger/ledger-service.js'
import { eventRow, recordEvents, type EventType } from '../events/events.js'
import { getBusinessDate } from '../system/business-date-service.js'
import { newPurchaseRequestCode, type PurchaseCodeSecret } from './purchase-request-code.js'
import { purchase, type PurchaseGuard } from './restricted-wallet.js'

/** How long a farmer has to consent (API.md). */
export const PURCHASE_REQUEST_TTL_MS = 15 * 60_000
/** Wrong codes a request takes; the last one locks it. */
export const PURCHASE_REQUEST_WRONG_CODES_MAX = 5
/** Requests one list answers at most. */
const LIST_LIMIT_MAX = 200

export type PurchaseRequestDeps = {
  db: Db
  ledger: LedgerService
  secret: PurchaseCodeSecret
  /** The clock requests expire by, epoch milliseconds (tests move it). */
  nowMs: () => number
}

/** Who is acting on a request: its farmer, its supplier, or an officer (reads only). */
export type RequestActor = { role: string; subjectId: number | null; ref: string }

type Line = { sku: string; quantity: number }

export type PurchaseRequestView = {
  requestId: number
  walletId: number
  farmerId: number
  supplierId: number
  amountFen: number
  lines: Line[]
  status: PurchaseRequestStatus
  expiresAt: string
  purchaseId: number | null
  /** The one-time code: only in the farmer's own view of a request still awaiting them. */
  code?: string
}

type RequestRow = {
  id: number
  requestKey: string
  loanId: number
  farmerId: number
  supplierId: number
  amountFen: number
  lineItems: string
  status: PurchaseRequestStatus
  codeHash: string
  codeSealed: string
  wrongCodes: number
  expiresAtMs: number
  purchaseId: number | null
}

/** The status a reader sees: a request past its time is expired even before the change is recorded. */
function statusAt(row: RequestRow, nowMs: number): PurchaseRequestStatus {
  return row.status === 'awaiting_farmer' && nowMs >= Number(row.expiresAtMs) ? 'expired' : row.status
}

function viewOf(deps: PurchaseRequestDeps, row: RequestRow, actor?: RequestActor): PurchaseRequestView {
  const status = statusAt(row, deps.nowMs())
  const view: PurchaseRequestView = {
    requestId: Number(row.id),
    walletId: Number(row.loanId),
    farmerId: Number(row.farmerId),
    supplierId: Number(row.supplierId),
    amountFen: fenFromDb(row.amountFen),
    lines: JSON.parse(row.lineItems) as Line[],
    status,
    expiresAt: new Date(Number(row.expiresAtMs)).toISOString(),
    purchaseId: row.purchaseId === null ? null : Number(row.purchaseId),
  }
  if (actor?.role === 'farmer' && actor.subjectId === view.farmerId && status === 'awaiting_farmer') {
    const code = deps.secret.unseal(row.requestKey, row.codeSealed)
    if (code !== undefined) view.code = code
  }
  return view
}

/** The request if `actor` is its farmer, its supplier or an officer; otherwise 404, as for no request. */
function assertParty(row: RequestRow | undefined, actor: RequestActor, requestId: number): RequestRow {
  const mine =
    row !== undefined &&
    (actor.role === 'officer' ||
      actor.role === 'admin' ||
      (actor.role === 'farmer' && actor.subjectId === Number(row.farmerId)) ||
      (actor.role === 'supplier' && actor.subjectId === Number(row.supplierId)))
  if (!mine) throw new NotFound(`No purchase request ${requestId}.`)
  return row
}

function requestEvent(row: RequestRow, type: EventType, businessDate: string, data: Record<string, unknown>) {
  return {
    key: `${type}:${row.id}`,
    type,
    businessDate,
    subject: {
      loanId: Number(row.loanId),
      walletId: Number(row.loanId),
      farmerId: Number(row.farmerId),
      supplierId: Number(row.supplierId),
    },
    data: { requestId: Number(row.id), ...data },
  }
}

async function requestRow(db: Db | Transaction<Database>, requestId: number, lock = false) {
  let query = db.selectFrom('purchaseRequests').selectAll().where('id', '=', requestId)
  if (lock) query = query.forUpdate()
  return (await query.executeTakeFirst()) as RequestRow | undefined
}

/**
 * The restricted wallet a supplier's request for `farmerId` is rung up against: the farmer's oldest
 * open one. No such farmer and a farmer without an open wallet answer alike (404): a supplier learns
 * nothing more.
 */
export async function openWalletOf(db: Db, farmerId: number): Promise<number> {
  const wallet = await db
    .selectFrom('loans')
    .select('id')
    .where('borrowerId', '=', farmerId)
    .where('product', '=', 'agri')
    .where('status', '=', 'active')
    .where('sweptOn', 'is', null)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst()
  if (!wallet) throw new NotFound(`No open restricted wallet for farmer ${farmerId}.`)
  return Number(wallet.id)
}

/**
 * Rings up a request (the supplier's): finds the farmer's open restricted wallet (the oldest, when
 * there are several), checks the lines as a purchase would (a refusal is the same 422, its blocked
 * attempt recorded), and stores the request with its code and the `purchase_request.created` event
 * (which never carries the code). Nothing is paid. A retry under the same `requestKey` answers the
 * same request.
 */
export async function createPurchaseRequest(
  deps: PurchaseRequestDeps,
  input: { supplierId: number; farmerId: number; lines: Line[]; requestKey: string; principalRef: string },
): Promise<PurchaseRequestView> {
  const earlier = await deps.db
    .selectFrom('purchaseRequests')
    .selectAll()
    .where('requestKey', '=', input.requestKey)
    .executeTakeFirst()
  if (earlier) return viewOf(deps, earlier as RequestRow)
  const walletId = await openWalletOf(deps.db, input.farmerId)
  const quote = await purchase(deps, {
    walletId,
    supplierId: input.supplierId,
    lines: input.lines,
    requestKey: `quote:${input.requestKey}`,
    principalRef: input.principalRef,
    quoteOnly: true,
  })
  const code = newPurchaseRequestCode()
  const businessDate = await getBusinessDate(deps.db)
  const expiresAtMs = deps.nowMs() + PURCHASE_REQUEST_TTL_MS
  try {
    const row = await deps.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('purchaseRequests')
        .values({
          requestKey: input.requestKey,
          loanId: walletId,
          farmerId: input.farmerId,
          supplierId: input.supplierId,
          amountFen: quote.amountFen,
          lineItems: JSON.stringify(input.lines),
          codeHash: deps.secret.hash(input.requestKey, code),
          codeSealed: deps.secret.seal(input.requestKey, code),
          expiresAtMs,
          businessDate,
        })
        .executeTakeFirstOrThrow()
      const row = (await requestRow(trx, Number(inserted.insertId)))!
      await recordEvents(trx, [
        requestEvent(row, 'purchase_request.created', businessDate, {
          amountFen: quote.amountFen,
          lines: quote.lines.map(({ sku, category, quantity, unitPriceFen, amountFen }) => ({
            sku,
            category,
            quantity,
            unitPriceFen,
            amountFen,
          })),
          expiresAt: new Date(expiresAtMs).toISOString(),
        }),
      ])
      return row
    })
    return viewOf(deps, row)
  } catch (error) {
    // The same request sent twice at once: the first stored it.
    if (!isDuplicateKey(error)) throw error
    const row = await deps.db
      .selectFrom('purchaseRequests')
      .selectAll()
      .where('requestKey', '=', input.requestKey)
      .executeTakeFirstOrThrow()
    return viewOf(deps, row as RequestRow)
  }
}

/** Requests the actor is party to (an officer: all), newest first; the farmer's own carry their codes. */
export async function listPurchaseRequests(
  deps: PurchaseRequestDeps,
  actor: RequestActor,
  filter: { status?: PurchaseRequestStatus; limit: number; cursor?: number },
): Promise<{ items: PurchaseRequestView[]; nextCursor: string | null }> {
  const nowMs = deps.nowMs()
  const limit = Math.min(filter.limit, LIST_LIMIT_MAX)
  let query = deps.db
    .selectFrom('purchaseRequests')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(limit + 1)
  if (actor.role === 'farmer') query = query.where('farmerId', '=', actor.subjectId ?? -1)
  else if (actor.role === 'supplier') query = query.where('supplierId', '=', actor.subjectId ?? -1)
  if (filter.cursor !== undefined) query = query.where('id', '<', filter.cursor)
  // Awaiting and expired as a reader sees them (an expiry is recorded only when the request is touched).
  if (filter.status === 'awaiting_farmer') {
    query = query.where('status', '=', 'awaiting_farmer').where('expiresAtMs', '>', nowMs)
  } else if (filter.status === 'expired') {
    query = query.where((eb) =>
      eb.or([
        eb('status', '=', 'expired'),
        eb.and([eb('status', '=', 'awaiting_farmer'), eb('expiresAtMs', '<=', nowMs)]),
      ]),
    )
  } else if (filter.status !== undefined) {
    query = query.where('status', '=', filter.status)
  }
  const rows = (await query.execute()) as RequestRow[]
  const items = rows.slice(0, limit).map((row) => viewOf(deps, row, actor))
  return { items, nextCursor: rows.length > limit ? String(items.at(-1)!.requestId) : null }
}

export async function getPurchaseRequest(
  deps: PurchaseRequestDeps,
  actor: RequestActor,
  requestId: number,
): Promise<PurchaseRequestView> {
  return viewOf(deps, assertParty(await requestRow(deps.db, requestId), actor, requestId), actor)
}

/**
 * Runs `decide` with the request's loan row and then its own row locked (a purchase's lock order),
 * committing what it wrote; a refusal it returns is thrown after the commit, so what it recorded (a
 * wrong code, a lock, an expiry) stays.
 */
async function underLocks<T>(
  deps: PurchaseRequestDeps,
  actor: RequestActor,
  requestId: number,
  decide: (trx: Transaction<Database>, row: RequestRow, businessDate: string) => Promise<T | Refusal>,
): Promise<T> {
  const seen = assertParty(await requestRow(deps.db, requestId), actor, requestId)
  const businessDate = await getBusinessDate(deps.db)
  const outcome = await deps.db.transaction().execute(async (trx) => {
    await trx.selectFrom('loans').select('id').where('id', '=', Number(seen.loanId)).forUpdate().execute()
    return decide(trx, (await requestRow(trx, requestId, true))!, businessDate)
  })
  if (outcome instanceof Refusal) throw outcome
  return outcome
}

/** Moves an open request to `status` with its event, in the caller's transaction. */
async function close(
  trx: Transaction<Database>,
  row: RequestRow,
  status: 'cancelled' | 'expired' | 'locked',
  businessDate: string,
  nowMs: number,
  data: Record<string, unknown> = {},
): Promise<void> {
  await trx
    .updateTable('purchaseRequests')
    .set({ status, closedAtMs: nowMs })
    .where('id', '=', Number(row.id))
    .execute()
  await recordEvents(trx, [
    requestEvent(row, `purchase_request.${status}`, businessDate, {
      amountFen: fenFromDb(row.amountFen),
      ...data,
    }),
  ])
}

/** The refusal a request no longer open answers with; undefined while it awaits the farmer. */
function closedRefusal(row: RequestRow, status: PurchaseRequestStatus): Refusal | undefined {
  switch (status) {
    case 'awaiting_farmer':
      return undefined
    case 'confirmed':
      return new Refusal('purchase_request_confirmed', `Purchase request ${row.id} is already paid.`, {
        purchaseId: Number(row.purchaseId),
      })
    case 'cancelled':
      return new Refusal('purchase_request_cancelled', `Purchase request ${row.id} was cancelled.`)
    case 'expired':
      return new Refusal('purchase_request_expired', `Purchase request ${row.id} has expired.`)
    case 'locked':
      return new Refusal(
        'purchase_request_locked',
        `Purchase request ${row.id} is locked after ${PURCHASE_REQUEST_WRONG_CODES_MAX} wrong codes.`,
      )
  }
}

/** Records a request found past its time as expired (its event with it); the refusal to answer. */
async function refuseIfClosed(
  deps: PurchaseRequestDeps,
  trx: Transaction<Database>,
  row: RequestRow,
  businessDate: string,
): Promise<Refusal | undefined> {
  const nowMs = deps.nowMs()
  const status = statusAt(row, nowMs)
  if (status === 'expired' && row.status === 'awaiting_farmer')
    await close(trx, row, 'expired', businessDate, nowMs)
  return closedRefusal(row, status)
}

export type ConfirmedPurchase = { purchaseId: number; amountFen: number; status: 'paid' }

/**
 * Confirms a request: its farmer without a code, its supplier with the code the farmer told them. A
 * wrong code is counted (the fifth locks the request); a right one, or the farmer's word, pays the
 * request through the purchase path under the key `purchase-request:{id}`, its rules checked again,
 * and marks it confirmed in the payment's own commit. A request already paid answers its purchase.
 */
export async function confirmPurchaseRequest(
  deps: PurchaseRequestDeps,
  actor: RequestActor,
  input: { requestId: number; code?: string | undefined },
): Promise<ConfirmedPurchase> {
  const row = await underLocks(deps, actor, input.requestId, async (trx, row, businessDate) => {
    if (row.status === 'confirmed') return row
    const refusal = await refuseIfClosed(deps, trx, row, businessDate)
    if (refusal) return refusal
    if (actor.role === 'farmer') return row
    if (actor.role !== 'supplier') throw new NotFound(`No purchase request ${row.id}.`)
    if (input.code !== undefined && deps.secret.matches(row.requestKey, row.codeHash, input.code)) return row
    const wrongCodes = Number(row.wrongCodes) + 1
    await trx.updateTable('purchaseRequests').set({ wrongCodes }).where('id', '=', Number(row.id)).execute()
    if (wrongCodes >= PURCHASE_REQUEST_WRONG_CODES_MAX) {
      await close(trx, row, 'locked', businessDate, deps.nowMs(), { wrongCodes })
      return closedRefusal(row, 'locked')!
    }
    const attemptsLeft = PURCHASE_REQUEST_WRONG_CODES_MAX - wrongCodes
    return new Refusal('purchase_request_code_wrong', `The code is wrong; ${attemptsLeft} tries left.`, {
      attemptsLeft,
    })
  })
  if (row.status === 'confirmed') {
    return { purchaseId: Number(row.purchaseId), amountFen: fenFromDb(row.amountFen), status: 'paid' }
  }
  const paid = await purchase(deps, {
    walletId: Number(row.loanId),
    supplierId: Number(row.supplierId),
    lines: JSON.parse(row.lineItems) as Line[],
    requestKey: `purchase-request:${row.id}`,
    principalRef: actor.ref,
    guard: paymentGuard(deps, row),
  })
  return { purchaseId: paid.purchaseId, amountFen: paid.amountFen, status: 'paid' }
}

/**
 * What the payment of `row` adds to the purchase: under the loan's lock, the request must still await
 * the farmer (not cancelled, locked or expired since it was checked); the commit that pays marks it
 * confirmed and writes `purchase_request.confirmed`.
 */
function paymentGuard(deps: PurchaseRequestDeps, row: RequestRow): PurchaseGuard {
  const requestId = Number(row.id)
  let businessDate = ''
  return {
    async check(tx, amountFen) {
      const [requests, dates] = (await tx.run([
        {
          sql: 'SELECT status, expires_at_ms FROM purchase_requests WHERE id = ? FOR UPDATE',
          params: [requestId],
        },
        { sql: 'SELECT business_date FROM system_state WHERE id = 1', params: [] },
      ])) as RowDataPacket[][]
      const current = requests![0]
      businessDate = String(dates![0]!.business_date)
      const status = statusAt(
        {
          ...row,
          status: current!.status as PurchaseRequestStatus,
          expiresAtMs: Number(current!.expires_at_ms),
        },
        deps.nowMs(),
      )
      const refusal = closedRefusal(row, status)
      if (refusal) throw refusal
      // The farmer agreed to the amount they were shown: a price changed since is rung up again.
      if (amountFen !== fenFromDb(row.amountFen)) {
        throw new Refusal(
          'purchase_request_price_changed',
          `Purchase request ${row.id} was for ${fenFromDb(row.amountFen)} fen; at today's prices it is ${amountFen} fen.`,
          { requestedFen: fenFromDb(row.amountFen), amountFen },
        )
      }
    },
    statements(idVariable) {
      const event = eventRow(
        requestEvent(row, 'purchase_request.confirmed', businessDate, {
          amountFen: fenFromDb(row.amountFen),
          purchaseId: 0,
        }),
      )
      return [
        {
          sql: `UPDATE purchase_requests SET status = 'confirmed', purchase_id = ${idVariable}, closed_at_ms = ?
                WHERE id = ? AND status = 'awaiting_farmer'`,
          params: [deps.nowMs(), requestId],
        },
        {
          sql: `INSERT IGNORE INTO events (event_key, type, business_date, loan_id, merchant_id, farmer_id,
                supplier_id, offtaker_id, insurer_id, subject, data)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, JSON_SET(?, '$.purchaseId', ${idVariable}))`,
          params: [
            event.eventKey,
            event.type,
            event.businessDate,
            event.loanId,
            event.merchantId,
            event.farmerId,
            event.supplierId,
            event.offtakerId,
            event.insurerId,
            event.subject,
            event.data,
          ],
        },
      ]
    },
  }
}

/** Cancels a request still awaiting the farmer (either side); cancelling it again answers the same. */
export async function cancelPurchaseRequest(
  deps: PurchaseRequestDeps,
  actor: RequestActor,
  requestId: number,
): Promise<PurchaseRequestView> {
  const row = await underLocks(deps, actor, requestId, async (trx, row, businessDate) => {
    if (actor.role !== 'farmer' && actor.role !== 'supplier')
      throw new NotFound(`No purchase request ${row.id}.`)
    if (row.status === 'cancelled') return row
    const refusal = await refuseIfClosed(deps, trx, row, businessDate)
    if (refusal) return refusal
    await close(trx, row, 'cancelled', businessDate, deps.nowMs(), { by: actor.role })
    return { ...row, status: 'cancelled' as const }
  })
  return viewOf(deps, row, actor)
}
