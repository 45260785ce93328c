/**
 * The figures behind the console's charts that the summary does not carry: vintage curves, restricted
 * spend by category and deliveries against contracted quantity. Each is one grouped query.
 * @module
 */
import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import type { IsoDate } from '../kernel/business-date.js'
import { fenFromDb } from '../kernel/money.js'
import { shareBps } from './portfolio-service.js'

/** Disbursement months the vintage chart shows at most, newest last. */
export const VINTAGES_MAX = 12
/** Buckets that count as "reached 30+ days past due" for a vintage curve. */
const THIRTY_PLUS_BUCKETS = ['31-60', '61-90', '90+'] as const

export type Vintage = {
  /** `YYYY-MM` of disbursement. */
  month: string
  loans: number
  /** Share of the month's loans that had reached 31+ DPD by 0, 1, 2 … months on book, cumulative (bps). */
  sharesBps: number[]
}

function monthsBetween(fromMonth: string, to: IsoDate): number {
  const [fromYear, fromMonthNo] = fromMonth.split('-').map(Number) as [number, number]
  const [toYear, toMonthNo] = to.split('-').map(Number) as [number, number]
  return (toYear - fromYear) * 12 + (toMonthNo - fromMonthNo)
}

type ReachedRow = { month: string; monthsOnBook: number | string; loans: number | string }
type CohortRow = { month: string; loans: number | string }
type ClosedFigures = { asOf: IsoDate; reached: ReachedRow[]; pastCohorts: CohortRow[] }

/**
 * What changes only when a business date closes, read once per business date and database rather
 * than on every render: first moves into 31+ days past due (ageing writes `loan_bucket_history`; a
 * restructure only ever moves a loan back to current) and the sizes of the cohorts of past months.
 * Per process, which is only a cache: every process reads the same rows.
 */
const closedFiguresByDb = new WeakMap<Db, ClosedFigures>()

async function closedFigures(db: Db, asOf: IsoDate, monthStart: IsoDate): Promise<ClosedFigures> {
  const cached = closedFiguresByDb.get(db)
  if (cached?.asOf === asOf) return cached
  const [reached, pastCohorts] = await Promise.all([
    sql<ReachedRow>`
      SELECT DATE_FORMAT(l.disbursed_on, '%Y-%m') AS month,
        TIMESTAMPDIFF(MONTH, l.disbursed_on, f.first_on) AS months_on_book, COUNT(*) AS loans
      FROM (SELECT loan_id, MIN(business_date) AS first_on FROM loan_bucket_history
            WHERE to_bucket IN (${sql.join(THIRTY_PLUS_BUCKETS)}) GROUP BY loan_id) f
      JOIN loans l ON l.id = f.loan_id
      GROUP BY month, months_on_book`.execute(db),
    sql<CohortRow>`
      SELECT DATE_FORMAT(disbursed_on, '%Y-%m') AS month, COUNT(*) AS loans
      FROM loans WHERE disbursed_on < ${monthStart}
      GROUP BY month ORDER BY month DESC LIMIT ${VINTAGES_MAX - 1}`.execute(db),
  ])
  const figures = { asOf, reached: reached.rows, pastCohorts: pastCohorts.rows }
  closedFiguresByDb.set(db, figures)
  return figures
}

/**
 * For each disbursement month, the cumulative share of its loans whose first move into 31-60 or
 * worse (from `loan_bucket_history`) came within k months on book, for k up to the months the
 * vintage has been on book as of `asOf`. This month's cohort is counted live (today's loans join it).
 */
export async function vintageCurves(db: Db, asOf: IsoDate): Promise<Vintage[]> {
  const monthStart = `${asOf.slice(0, 7)}-01` as IsoDate
  const [closed, current] = await Promise.all([
    closedFigures(db, asOf, monthStart),
    sql<{ loans: number | string }>`
      SELECT COUNT(*) AS loans FROM loans WHERE disbursed_on >= ${monthStart}`.execute(db),
  ])
  const currentLoans = Number(current.rows[0]?.loans ?? 0)
  const cohorts = [
    ...(currentLoans > 0 ? [{ month: asOf.slice(0, 7), loans: currentLoans }] : []),
    ...closed.pastCohorts,
  ]
  return cohorts
    .map((cohort) => {
      const loans = Number(cohort.loans)
      const months = Math.max(0, monthsBetween(cohort.month, asOf))
      const newlyBy = new Array<number>(months + 1).fill(0)
      for (const row of closed.reached) {
        const mob = Number(row.monthsOnBook)
        if (row.month === cohort.month && mob >= 0 && mob <= months) newlyBy[mob]! += Number(row.loans)
      }
      let cumulative = 0
      const sharesBps = newlyBy.map((count) => shareBps((cumulative += count), loans))
      return { month: cohort.month, loans, sharesBps }
    })
    .reverse()
}

/** Restricted-wallet money spent, net of refunds, by product category, over all farm loans. */
export async function restrictedSpendByCategory(
  db: Db,
): Promise<Array<{ category: string; spentFen: number }>> {
  const result = await sql<{ category: string; spent: string | null }>`
    SELECT pl.category, SUM(pl.unit_price_fen * (pl.quantity - pl.refunded_quantity)) AS spent
    FROM purchase_lines pl JOIN purchases p ON p.id = pl.purchase_id
    WHERE p.status IN ('paid', 'refunded')
    GROUP BY pl.category ORDER BY spent DESC`.execute(db)
  return result.rows.map((row) => ({ category: row.category, spentFen: fenFromDb(row.spent) }))
}

export type CropDeliveries = { crop: string; contracts: number; contractedKg: number; deliveredKg: number }

/** Quantity contracted and delivered so far, by crop, over contracts not cancelled. */
export async function deliveriesByCrop(db: Db): Promise<CropDeliveries[]> {
  const result = await sql<{
    crop: string
    contracts: number | string
    contracted: string | null
    delivered: string | null
  }>`
    SELECT crop, COUNT(*) AS contracts, SUM(quantity_kg) AS contracted, SUM(delivered_kg) AS delivered
    FROM offtake_contracts WHERE status <> 'cancelled'
    GROUP BY crop ORDER BY crop`.execute(db)
  return result.rows.map((row) => ({
    crop: row.crop,
    contracts: Number(row.contracts),
    contractedKg: fenFromDb(row.contracted),
    deliveredKg: fenFromDb(row.delivered),
  }))
}
