/**
 * Bank statements an officer imports (API.md, "Settlement"): each incoming line whose reference names
 * a delivery (`DLV-{id}`), an offtaker (`OFT-{id}`) or a guarantee claim (`CLM-{id}`) is applied as
 * that party's payment through the same functions as the API (offtaker-payments.ts, claims.ts), under
 * a key of the line, so a statement imported twice pays once; every other line is stored unmatched
 * with its reason and listed for an officer. Nothing is guessed.
 * @module
 */
import { createHash } from 'node:crypto'
import type { Db } from '../db/database.js'
import type { IsoDate } from '../kernel/business-date.js'
import { Refusal } from '../kernel/errors.js'
import { fenFromDb } from '../kernel/money.js'
import type { LedgerService } from '../ledger/ledger-service.js'
import { getBusinessDate } from '../system/business-date-service.js'
import { payClaim } from './claims.js'
import { recordOfftakerPayment } from './offtaker-payments.js'

type Deps = { db: Db; ledger: LedgerService }

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex')

export type StatementLine = { valueDate: IsoDate; amountFen: number; reference: string; payerName: string }

export type UnmatchedReason =
  | 'unknown_reference'
  | 'payment_exceeds_open_proceeds'
  | 'future_date'
  | 'claim_not_accepted'
  | 'claim_overpaid'

export type StatementLineResult = {
  /** 1-based line number in the file (the header is line 1). */
  line: number
  lineId: number
  reference: string
  amountFen: number
  status: 'matched' | 'unmatched'
  reason: UnmatchedReason | null
  /** The offtaker payment a matched `DLV-`/`OFT-` line became. */
  paymentId: number | null
  /** The claim a matched `CLM-` line paid. */
  claimId: number | null
}

const HEADER = 'date,amountFen,reference,payerName'

/**
 * Parses a bank statement CSV (`date,amountFen,reference,payerName`); a malformed file or line is
 * refused whole (422 `invalid_csv_header` or `invalid_statement_line`), nothing written.
 */
export function parseStatement(csv: string): StatementLine[] {
  const lines = csv.replace(/\r\n?/g, '\n').split('\n')
  while (lines.length > 0 && lines.at(-1)!.trim() === '') lines.pop()
  if ((lines[0] ?? '').trim() !== HEADER) {
    throw new Refusal('invalid_csv_header', `A bank statement starts with the header ${HEADER}.`)
  }
  return lines.slice(1).map((text, index) => {
    const fields = text.split(',').map((field) => field.trim())
    const [valueDate, amount, reference, payerName] = fields
    const amountFen = Number(amount)
    const valid =
      fields.length === 4 &&
      /^\d{4}-\d{2}-\d{2}$/.test(valueDate ?? '') &&
      !Number.isNaN(Date.parse(valueDate!)) &&
      /^\d{1,15}$/.test(amount ?? '') &&
      amountFen > 0 &&
      Number.isSafeInteger(amountFen) &&
      (reference ?? '').length >= 1 &&
      reference!.length <= 64 &&
      (payerName ?? '').length <= 200
    if (!valid)
      throw new Refusal(
        'invalid_statement_line',
        `Line ${index + 2} is not date,amountFen,reference,payerName.`,
      )
    return { valueDate: valueDate as IsoDate, amountFen, reference: reference!, payerName: payerName! }
  })
}

/**
 * Imports a bank statement: each incoming line whose reference names a delivery (`DLV-{id}`) or an
 * offtaker (`OFT-{id}`) is recorded as that offtaker's payment (for that delivery, or its open
 * deliveries oldest first), one naming a claim (`CLM-{id}`) as its insurer's payment of that accepted
 * claim; every other line is stored unmatched, with its reason, for an officer.
 * Nothing is guessed. A line imported again (the same fields, the same occurrence in its file) is
 * found, not applied again.
 */
export async function importBankStatement(
  deps: Deps,
  csv: string,
): Promise<{ matched: number; lines: StatementLineResult[] }> {
  const lines = parseStatement(csv)
  const businessDate = await getBusinessDate(deps.db)
  const seen = new Map<string, number>()
  const results: StatementLineResult[] = []
  for (const [index, line] of lines.entries()) {
    const identity = `${line.valueDate},${line.amountFen},${line.reference},${line.payerName}`
    const occurrence = (seen.get(identity) ?? 0) + 1
    seen.set(identity, occurrence)
    const lineKey = hashOf(`${identity}#${occurrence}`)
    const stored = await deps.db
      .selectFrom('bankStatementLines')
      .selectAll()
      .where('lineKey', '=', lineKey)
      .executeTakeFirst()
    if (!stored) {
      const outcome = await applyLine(deps, line, lineKey, businessDate)
      await deps.db
        .insertInto('bankStatementLines')
        .values({
          lineKey,
          valueDate: line.valueDate,
          amountFen: line.amountFen,
          reference: line.reference,
          payerName: line.payerName,
          status: outcome.reason === null ? 'matched' : 'unmatched',
          reason: outcome.reason,
          paymentId: outcome.paymentId,
          claimId: outcome.claimId,
          businessDate,
        })
        .ignore()
        .execute()
    }
    const row = await deps.db
      .selectFrom('bankStatementLines')
      .selectAll()
      .where('lineKey', '=', lineKey)
      .executeTakeFirstOrThrow()
    results.push({
      line: index + 2,
      lineId: Number(row.id),
      reference: row.reference,
      amountFen: fenFromDb(row.amountFen),
      status: row.status,
      reason: row.reason as UnmatchedReason | null,
      paymentId: row.paymentId === null ? null : Number(row.paymentId),
      claimId: row.claimId === null ? null : Number(row.claimId),
    })
  }
  return { matched: results.filter((result) => result.status === 'matched').length, lines: results }
}

type LineOutcome = { paymentId: number | null; claimId: number | null; reason: UnmatchedReason | null }

const unmatched = (reason: UnmatchedReason): LineOutcome => ({ paymentId: null, claimId: null, reason })

async function applyLine(
  deps: Deps,
  line: StatementLine,
  lineKey: string,
  businessDate: IsoDate,
): Promise<LineOutcome> {
  const reference = /^(DLV|OFT|CLM)-(\d{1,15})$/i.exec(line.reference)
  if (!reference) return unmatched('unknown_reference')
  const id = Number(reference[2])
  const kind = reference[1]!.toUpperCase()
  if (kind === 'CLM') return applyClaimLine(deps, line, lineKey, businessDate, id)
  let offtakerId: number
  let deliveryIds: number[] | undefined
  if (kind === 'DLV') {
    const delivery = await deps.db
      .selectFrom('deliveries')
      .innerJoin('offtakeContracts', 'offtakeContracts.id', 'deliveries.contractId')
      .select('offtakeContracts.offtakerId')
      .where('deliveries.id', '=', id)
      .executeTakeFirst()
    if (!delivery) return unmatched('unknown_reference')
    offtakerId = Number(delivery.offtakerId)
    deliveryIds = [id]
  } else {
    const offtaker = await deps.db
      .selectFrom('offtakers')
      .select('id')
      .where('id', '=', id)
      .executeTakeFirst()
    if (!offtaker) return unmatched('unknown_reference')
    offtakerId = id
  }
  if (line.valueDate > businessDate) return unmatched('future_date')
  try {
    const payment = await recordOfftakerPayment(deps, {
      offtakerId,
      amountFen: line.amountFen,
      paidOn: line.valueDate,
      reference: line.reference,
      ...(deliveryIds ? { deliveryIds } : {}),
      requestKey: `bank-line:${lineKey}`,
    })
    return { paymentId: payment.paymentId, claimId: null, reason: null }
  } catch (error) {
    if (error instanceof Refusal && error.code === 'payment_exceeds_open_proceeds') {
      return unmatched('payment_exceeds_open_proceeds')
    }
    throw error
  }
}

/** A `CLM-{id}` line: the claim's insurer paying its accepted claim, as `POST …/pay` would record it. */
async function applyClaimLine(
  deps: Deps,
  line: StatementLine,
  lineKey: string,
  businessDate: IsoDate,
  claimId: number,
): Promise<LineOutcome> {
  const claim = await deps.db
    .selectFrom('guaranteeClaims')
    .select('insurerId')
    .where('id', '=', claimId)
    .executeTakeFirst()
  if (!claim) return unmatched('unknown_reference')
  if (line.valueDate > businessDate) return unmatched('future_date')
  try {
    await payClaim(deps, {
      claimId,
      insurerId: Number(claim.insurerId),
      amountFen: line.amountFen,
      reference: line.reference,
      requestKey: `bank-line:${lineKey}`,
    })
    return { paymentId: null, claimId, reason: null }
  } catch (error) {
    if (
      error instanceof Refusal &&
      (error.code === 'claim_not_accepted' || error.code === 'claim_overpaid')
    ) {
      return unmatched(error.code)
    }
    throw error
  }
}

export async function listStatementLines(
  db: Db,
  filter: { status?: 'matched' | 'unmatched' },
  page: { limit: number; cursor?: number },
) {
  let query = db
    .selectFrom('bankStatementLines')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
  if (filter.status) query = query.where('status', '=', filter.status)
  if (page.cursor !== undefined) query = query.where('id', '<', page.cursor)
  const rows = await query.execute()
  const items = rows.slice(0, page.limit).map((row) => ({
    lineId: Number(row.id),
    valueDate: row.valueDate,
    amountFen: fenFromDb(row.amountFen),
    reference: row.reference,
    payerName: row.payerName,
    status: row.status,
    reason: row.reason,
    paymentId: row.paymentId === null ? null : Number(row.paymentId),
    claimId: row.claimId === null ? null : Number(row.claimId),
    importedOn: row.businessDate,
  }))
  return { items, nextCursor: rows.length > page.limit ? String(items.at(-1)!.lineId) : null }
}
