/**
 * Daily sales from the payment platform: validated, then upserted per merchant and date. The bulk
 * import streams NDJSON or CSV, lands valid rows in batches and reports the bad lines.
 * @module
 */
import { sql, type RawBuilder } from 'kysely'
import { z } from 'zod'
import type { Db } from '../db/database.js'
import { isIsoDate } from '../kernel/business-date.js'
import { Refusal } from '../kernel/errors.js'

/** Refunds may exceed the day's gross by this much: refunds of earlier days' sales land on later days. */
export const REFUND_EXCESS_FEN_MAX = 500_000
/** The most one merchant may sell in one day (100 million yuan): beyond it the row is not believed. */
export const DAILY_SALES_FEN_MAX = 10_000_000_000
export const DAILY_ORDERS_MAX = 10_000_000
export const IMPORT_BATCH_ROWS = 500
export const IMPORT_REJECTIONS_LISTED_MAX = 1_000
export const IMPORT_LINE_LENGTH_MAX = 1_000

export const SalesFiguresSchema = z
  .object({
    grossFen: z.number().int().min(0).max(DAILY_SALES_FEN_MAX),
    refundFen: z.number().int().min(0).max(DAILY_SALES_FEN_MAX),
    orderCount: z.number().int().min(0).max(DAILY_ORDERS_MAX),
  })
  .strict()

export type SalesFigures = z.infer<typeof SalesFiguresSchema>
export type SalesRow = SalesFigures & { date: string }

/** Business rules on a well-formed row; throws a {@link Refusal}. */
export function checkSalesRow(row: SalesRow, context: { businessDate: string }): void {
  if (row.date > context.businessDate) {
    throw new Refusal(
      'future_date',
      `Sales for ${row.date} are after the business date ${context.businessDate}.`,
    )
  }
  if (row.refundFen > row.grossFen + REFUND_EXCESS_FEN_MAX) {
    throw new Refusal(
      'refund_exceeds_gross',
      `Refunds (${row.refundFen} fen) exceed gross sales (${row.grossFen} fen) by more than ${REFUND_EXCESS_FEN_MAX} fen.`,
    )
  }
}

/**
 * The first sales date settled into the merchant's wallet (`merchants.sales_settle_from`, the business
 * date it was registered on): earlier days are history the platform settled before, stored for credit
 * and never settled, however late they arrive. Null: every date settles.
 */
async function salesSettleFrom(db: Db, merchantId: number): Promise<string | null> {
  const merchant = await db
    .selectFrom('merchants')
    .select('salesSettleFrom')
    .where('id', '=', merchantId)
    .executeTakeFirst()
  return merchant?.salesSettleFrom ?? null
}

/**
 * A new row waits for close of business when it has net sales to settle; a row whose net sales change
 * waits when they now exceed what has been settled for it (a day reported late or corrected upward
 * after its close settles the difference at the next close; see `settleMerchantSales`). A row whose
 * net sales do not change (the same figures again, or only the order count) keeps its state, and a
 * day before the merchant's `sales_settle_from` never waits.
 */
const settlePendingOnInsert = (row: SalesRow, settleFrom: string | null) =>
  row.grossFen - row.refundFen > 0 && (settleFrom === null || row.date >= settleFrom) ? 1 : null

/**
 * The SET clauses that keep `revision` and `settle_pending` in step with a change of net sales, given
 * the new net sales. They read the row's old gross and refund, so they go before those are assigned.
 */
function settlementOnChange(newNetFen: RawBuilder<unknown>, settleFrom: string | null): RawBuilder<unknown> {
  const changed = sql`${newNetFen} <> gross_fen - refund_fen`
  const waits = settleFrom === null ? changed : sql`${changed} AND sales_date >= ${settleFrom}`
  return sql`
    revision = revision + IF(${changed}, 1, 0),
    settle_pending = IF(${waits}, IF(${newNetFen} > settled_fen, 1, NULL), settle_pending)`
}

/** Inserts or replaces one day's figures; says whether the row is new. */
export async function upsertSales(db: Db, merchantId: number, row: SalesRow): Promise<{ created: boolean }> {
  const values = { grossFen: row.grossFen, refundFen: row.refundFen, orderCount: row.orderCount }
  const settleFrom = await salesSettleFrom(db, merchantId)
  try {
    await db
      .insertInto('merchantDailySales')
      .values({
        merchantId,
        salesDate: row.date,
        ...values,
        settlePending: settlePendingOnInsert(row, settleFrom),
      })
      .execute()
    return { created: true }
  } catch (error) {
    if ((error as { code?: string }).code !== 'ER_DUP_ENTRY') throw error
  }
  await sql`
    UPDATE merchant_daily_sales
    SET ${settlementOnChange(sql`${row.grossFen - row.refundFen}`, settleFrom)},
      gross_fen = ${row.grossFen}, refund_fen = ${row.refundFen}, order_count = ${row.orderCount}
    WHERE merchant_id = ${merchantId} AND sales_date = ${row.date}`.execute(db)
  return { created: false }
}

/** Inserts or replaces rows (`settleFrom` is that of every row's merchant) in one statement. */
async function upsertBatch(
  db: Db,
  rows: ReadonlyArray<SalesRow & { merchantId: number }>,
  settleFrom: string | null,
): Promise<void> {
  if (rows.length === 0) return
  // VALUES() is deprecated in MySQL 8.0.20+ but is the one upsert form MariaDB and MySQL share.
  await sql`
    INSERT INTO merchant_daily_sales (merchant_id, sales_date, gross_fen, refund_fen, order_count, settle_pending)
    VALUES ${sql.join(rows.map((row) => sql`(${row.merchantId}, ${row.date}, ${row.grossFen}, ${row.refundFen}, ${row.orderCount}, ${settlePendingOnInsert(row, settleFrom)})`))}
    ON DUPLICATE KEY UPDATE ${settlementOnChange(sql`VALUES(gross_fen) - VALUES(refund_fen)`, settleFrom)},
      gross_fen = VALUES(gross_fen), refund_fen = VALUES(refund_fen), order_count = VALUES(order_count)`.execute(
    db,
  )
}

/**
 * Many merchants' rows at once, each stored as {@link upsertSales} stores it: the platform's whole
 * day in a few statements (the demo history sends its merchants' days so). Rows are not checked here,
 * as in {@link upsertSales}.
 */
export async function upsertSalesOfMerchants(
  db: Db,
  rows: ReadonlyArray<SalesRow & { merchantId: number }>,
): Promise<void> {
  if (rows.length === 0) return
  const merchants = await db
    .selectFrom('merchants')
    .select(['id', 'salesSettleFrom'])
    .where('id', 'in', [...new Set(rows.map((row) => row.merchantId))])
    .execute()
  const settleFromOf = new Map(merchants.map((row) => [Number(row.id), row.salesSettleFrom ?? null]))
  const bySettleFrom = new Map<string | null, Array<SalesRow & { merchantId: number }>>()
  for (const row of rows) {
    const settleFrom = settleFromOf.get(row.merchantId) ?? null
    bySettleFrom.set(settleFrom, [...(bySettleFrom.get(settleFrom) ?? []), row])
  }
  for (const [settleFrom, group] of bySettleFrom) {
    for (let start = 0; start < group.length; start += IMPORT_BATCH_ROWS) {
      await upsertBatch(db, group.slice(start, start + IMPORT_BATCH_ROWS), settleFrom)
    }
  }
}

export type ImportRejection = { line: number; code: string; message: string }
export type ImportResult = { accepted: number; rejected: ImportRejection[]; rejectedCount: number }

const ImportRowSchema = SalesFiguresSchema.extend({
  date: z.string().refine((value: string): boolean => isIsoDate(value), 'must be a calendar date YYYY-MM-DD'),
})

/** Splits a byte stream into lines without holding the whole body. */
export async function* readLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder()
  let buffered = ''
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true })
    let newline: number
    while ((newline = buffered.indexOf('\n')) >= 0) {
      yield buffered.slice(0, newline).replace(/\r$/, '')
      buffered = buffered.slice(newline + 1)
    }
  }
  buffered += decoder.decode()
  if (buffered.length > 0) yield buffered.replace(/\r$/, '')
}

const CSV_COLUMNS = ['date', 'grossFen', 'refundFen', 'orderCount'] as const

function parseCsvLine(line: string, header: string[]): Record<string, unknown> {
  const cells = line.split(',').map((cell) => cell.trim())
  if (cells.length !== header.length) throw new Error(`expected ${header.length} fields, got ${cells.length}`)
  const record: Record<string, unknown> = {}
  header.forEach((name, index) => {
    const cell = cells[index]!
    record[name] = name === 'date' ? cell : /^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell
  })
  return record
}

const withMerchant = (merchantId: number, batch: Map<string, SalesRow>) =>
  [...batch.values()].map((row) => ({ ...row, merchantId }))

/**
 * Imports NDJSON (one JSON object a line) or CSV (a header naming date,grossFen,refundFen,orderCount).
 * Line numbers count from 1, the CSV header included. Blank lines are skipped.
 */
export async function importSales(
  db: Db,
  input: { merchantId: number; format: 'ndjson' | 'csv'; lines: AsyncIterable<string>; businessDate: string },
): Promise<ImportResult> {
  const result: ImportResult = { accepted: 0, rejected: [], rejectedCount: 0 }
  const reject = (line: number, code: string, message: string) => {
    result.rejectedCount += 1
    if (result.rejected.length < IMPORT_REJECTIONS_LISTED_MAX) result.rejected.push({ line, code, message })
  }
  const settleFrom = await salesSettleFrom(db, input.merchantId)
  let header: string[] | undefined
  let batch = new Map<string, SalesRow>() // by date: the last line for a date wins, as in a sequence of PUTs
  let lineNumber = 0
  for await (const line of input.lines) {
    lineNumber += 1
    if (line.trim() === '') continue
    if (line.length > IMPORT_LINE_LENGTH_MAX) {
      reject(lineNumber, 'line_too_long', `Lines are at most ${IMPORT_LINE_LENGTH_MAX} characters.`)
      continue
    }
    let record: unknown
    try {
      if (input.format === 'csv' && !header) {
        header = line.split(',').map((name) => name.trim())
        const missing = CSV_COLUMNS.filter((column) => !header!.includes(column))
        if (missing.length)
          throw new Refusal('invalid_csv_header', `The CSV header lacks ${missing.join(', ')}.`)
        continue
      }
      record = input.format === 'csv' ? parseCsvLine(line, header!) : JSON.parse(line)
    } catch (error) {
      if (error instanceof Refusal) throw error
      reject(lineNumber, 'malformed_line', (error as Error).message.slice(0, 200))
      continue
    }
    const parsed = ImportRowSchema.safeParse(record)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      reject(lineNumber, 'validation_failed', `${issue.path.join('.') || 'line'}: ${issue.message}`)
      continue
    }
    try {
      checkSalesRow(parsed.data, { businessDate: input.businessDate })
    } catch (error) {
      if (!(error instanceof Refusal)) throw error
      reject(lineNumber, error.code, error.message)
      continue
    }
    batch.set(parsed.data.date, parsed.data)
    result.accepted += 1
    if (batch.size >= IMPORT_BATCH_ROWS) {
      await upsertBatch(db, withMerchant(input.merchantId, batch), settleFrom)
      batch = new Map()
    }
  }
  await upsertBatch(db, withMerchant(input.merchantId, batch), settleFrom)
  return result
}
