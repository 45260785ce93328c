/**
 * A living book for the demo: `days` business days of simulated history, played day by day through
 * the lender's own code into a new database, so the console, the pages and the API show loans in
 * every bucket, a farm season in progress and their money on first open. Each day: the merchants'
 * and the farms' mornings (src/demo/demo-merchants.ts, src/demo/demo-farms.ts: the functions the
 * API's routes and the workflows' activities call), the platform's sales of the day, then close of
 * business in-process in the workflow's order (settlement, servicing, the farm loans' milestones and
 * settlements, the date moved). No Temporal and no HTTP: the loans it books have no workflow of their
 * own (their workflow ids start `demo/`), and nothing is posted here but through those functions.
 *
 * Once: it plays only into a book where nothing has happened yet (no date closed, no loan), and the
 * audit log records it (`demo.history_started`, `demo.history_seeded`), so a later start changes
 * nothing. A history stopped part way (the process killed) is not resumed: the log says so, and a new
 * database seeds again.
 * @module
 */
import { sql } from 'kysely'
import { closeOfBusinessInProcess } from '../close-of-business/close-of-business-in-process.js'
import type { ScorecardModel } from '../credit/scorecard.js'
import type { Db } from '../db/database.js'
import { addDays, type IsoDate } from '../kernel/business-date.js'
import type { LedgerService } from '../ledger/ledger-service.js'
import { recordAudit } from '../system/audit-log.js'
import { getBusinessDate } from '../system/business-date-service.js'
import { farmsMorning, planFarmSeason } from './demo-farms.js'
import { castMerchants, merchantsMorning, refreshAllLines, sendSales } from './demo-merchants.js'
import type { DemoPartyIds } from './demo-parties.js'
import { demoPopulation } from './demo-population.js'

type Deps = { db: Db; ledger: LedgerService; scorecard: ScorecardModel }

/** A progress line every this many days. */
const PROGRESS_EVERY_DAYS = 10
const HISTORY_SEED = 20_261_201
const CLOSED_BY = 'demo history'
const STARTED_KEY = 'demo-history:started'
const SEEDED_KEY = 'demo-history:seeded'

export type DemoHistoryState = 'none' | 'interrupted' | 'seeded'

export type DemoHistorySummary = {
  fromDate: IsoDate
  toDate: IsoDate
  days: number
  /** What happened, by kind: loans, refills, purchases, claims paid… */
  counts: Record<string, number>
  wallMs: number
}

/** Whether the audit log says a history was seeded, begun and not finished, or never begun. */
export async function demoHistoryState(db: Db): Promise<DemoHistoryState> {
  const rows = await db
    .selectFrom('auditLog')
    .select('actionKey')
    .where('actionKey', 'in', [STARTED_KEY, SEEDED_KEY])
    .execute()
  const keys = new Set(rows.map((row) => row.actionKey))
  return keys.has(SEEDED_KEY) ? 'seeded' : keys.has(STARTED_KEY) ? 'interrupted' : 'none'
}

/** Nothing has happened in the book: no business date closed, no loan booked. */
async function bookIsEmpty(db: Db): Promise<boolean> {
  const { rows } = await sql<{ n: number | string }>`
    SELECT (SELECT COUNT(*) FROM business_day_closes) + (SELECT COUNT(*) FROM loans) AS n`.execute(db)
  return Number(rows[0]?.n ?? 0) === 0
}

/**
 * Plays `days` days of history from the current business date, which ends `days` later; null (and
 * nothing done) when the book is not empty or a history was seeded or begun before.
 */
export async function seedDemoHistory(
  deps: Deps,
  options: { days: number; parties: DemoPartyIds; officerRef: string; log?: (line: string) => void },
): Promise<DemoHistorySummary | null> {
  const { db } = deps
  const log = options.log ?? (() => {})
  const state = await demoHistoryState(db)
  if (state === 'interrupted') {
    log('demo history: an earlier start stopped part way through it; drop the database to seed it again')
  }
  if (options.days <= 0 || state !== 'none' || !(await bookIsEmpty(db))) return null
  const startedAt = performance.now()
  const fromDate = await getBusinessDate(db)
  const toDate = addDays(fromDate, options.days)
  await recordHistoryAudit(db, STARTED_KEY, 'demo.history_started', fromDate, { fromDate, toDate })

  const population = await withMerchantIds(db, demoPopulation(fromDate, options.days))
  const merchants = await castMerchants(deps, {
    population,
    startDate: fromDate,
    days: options.days,
    seed: HISTORY_SEED,
    officerRef: options.officerRef,
  })
  const farms = planFarmSeason(options.days, options.parties, options.officerRef)
  for (let day = 0; day < options.days; day++) {
    const date = addDays(fromDate, day)
    await merchantsMorning(deps, merchants, day, date)
    await farmsMorning(deps, farms, day, date)
    await sendSales(db, merchants, day, date)
    await closeOfBusinessInProcess(deps, { businessDate: date, closedBy: CLOSED_BY })
    if ((day + 1) % PROGRESS_EVERY_DAYS === 0 || day + 1 === options.days) {
      const seconds = ((performance.now() - startedAt) / 1000).toFixed(1)
      log(`seeding demo history: day ${day + 1}/${options.days} (${date} closed, ${seconds} s)`)
    }
  }
  // Lines are refreshed on demand as the merchants look at them (as with CREDIT_REFRESH_CRON unset,
  // the development default, offers not looked at lapse after a week); at the end every line is
  // refreshed once, as the nightly schedule would, so the book opens with current offers.
  await refreshAllLines(deps, toDate)
  const counts = { ...merchants.counts, ...farms.counts }
  await recordHistoryAudit(db, SEEDED_KEY, 'demo.history_seeded', toDate, { fromDate, toDate, counts })
  return { fromDate, toDate, days: options.days, counts, wallMs: performance.now() - startedAt }
}

async function recordHistoryAudit(
  db: Db,
  actionKey: string,
  action: string,
  businessDate: IsoDate,
  details: Record<string, unknown>,
): Promise<void> {
  await recordAudit(db, {
    principalRef: 'system:demo-seed',
    action,
    subjectType: 'system',
    subjectId: 'demo-history',
    reason: 'simulated history for the demo (DEMO_DAYS)',
    details,
    businessDate,
    actionKey,
  })
}

/** The population's merchants with their ids in this database (loaded by the seed before the history). */
async function withMerchantIds(db: Db, population: ReturnType<typeof demoPopulation>) {
  const rows = await db
    .selectFrom('merchants')
    .select(['id', 'externalRef'])
    .where(
      'externalRef',
      'in',
      population.map((merchant) => merchant.externalRef),
    )
    .execute()
  const ids = new Map(rows.map((row) => [row.externalRef, Number(row.id)]))
  return population.flatMap((merchant) => {
    const merchantId = ids.get(merchant.externalRef)
    return merchantId === undefined ? [] : [{ ...merchant, merchantId }]
  })
}
