/**
 * Demo data for `npm start` and `npm run seed`: idempotent, so running it again changes nothing.
 * On a fresh database: a synthetic population of merchants with 180 days of sales each ending the
 * day before the business date (so offers can be seen at once), the lender's opening capital, the
 * farm loop's parties (suppliers with reviewed catalogues, offtakers, insurers, farmers), one
 * principal for each demo role whose key is returned once, and then `historyDays` of simulated
 * history (src/demo/demo-history.ts) that leaves the book full: loans in every bucket, a farm season
 * in progress.
 * @module
 */
import { createPrincipal, type CreatedPrincipal } from './access/principal-service.js'
import type { Role } from './access/principal.js'
import { loadPopulation } from './credit/population-loader.js'
import { seedDemoHistory, type DemoHistorySummary } from './demo/demo-history.js'
import { demoFarmParties, ensureDemoParties, type DemoParty } from './demo/demo-parties.js'
import { DEMO_MERCHANTS, DEMO_SALES_DAYS, demoPopulation } from './demo/demo-population.js'
import { accounts } from './ledger/chart-of-accounts.js'
import { entryByKey } from './ledger/ledger-repository.js'
import type { Services } from './services.js'
import { getBusinessDate } from './system/business-date-service.js'

export { DEMO_MERCHANTS, DEMO_SALES_DAYS }
export type { DemoParty }
/** The lender's opening capital in the demo: 100 million yuan. */
export const DEMO_CAPITAL_FEN = 10_000_000_000
const CAPITAL_ENTRY_KEY = 'demo:opening-capital'

type SeedDeps = Pick<Services, 'db' | 'ledger' | 'scorecard'>

export type SeedOptions = {
  /** Business days of history to play into a new book (0: none, the default). */
  historyDays?: number
  /** Progress lines while the history plays. */
  log?: (line: string) => void
}

export type SeedResult = {
  /** Principals created by this run, with their keys (shown once). */
  created: CreatedPrincipal[]
  /** The party each demo page opens as. */
  parties: DemoParty[]
  /** The history this run played, or null. */
  history: DemoHistorySummary | null
}

export async function seedDemoData(services: SeedDeps, options: SeedOptions = {}): Promise<SeedResult> {
  const { db } = services
  const historyDays = options.historyDays ?? 0
  const anyMerchant = await db.selectFrom('merchants').select('id').limit(1).executeTakeFirst()
  if (!anyMerchant) {
    const startDate = await getBusinessDate(db)
    // Only the sales before the business date: a history sends the rest day by day.
    const population = demoPopulation(startDate, historyDays).map((merchant) => ({
      ...merchant,
      dailySales: merchant.dailySales.filter((row) => row.date < startDate),
    }))
    await loadPopulation(services, population)
  }
  await postOpeningCapital(services)
  const created: CreatedPrincipal[] = []
  const officer = await ensurePrincipal(db, 'officer', null, created)
  await ensurePrincipal(db, 'platform', null, created)
  const officerRef = `p:${officer}`
  const partyIds = await ensureDemoParties(services, officerRef)
  const parties = await demoParties(db)
  for (const party of parties) await ensurePrincipal(db, party.role, party.subjectId, created)
  const history = await seedDemoHistory(services, {
    days: historyDays,
    parties: partyIds,
    officerRef,
    ...(options.log ? { log: options.log } : {}),
  })
  return { created, parties, history }
}

/** The demo parties: the first merchant, and the farmer, supplier, offtaker and insurer of the farm pages. */
export async function demoParties(db: Pick<Services, 'db'>['db']): Promise<DemoParty[]> {
  const merchant = await db
    .selectFrom('merchants')
    .select(['id', 'name'])
    .orderBy('id')
    .limit(1)
    .executeTakeFirst()
  return [
    ...(merchant
      ? [{ role: 'merchant' as const, subjectId: Number(merchant.id), label: `${merchant.name} (merchant)` }]
      : []),
    ...(await demoFarmParties(db)),
  ]
}

/**
 * The id of a principal with this role (and subject), created when there is none; a created one is
 * added to `created` with its key. An officer or platform key made through the admin API counts.
 */
async function ensurePrincipal(
  db: SeedDeps['db'],
  role: Role,
  subjectId: number | null,
  created: CreatedPrincipal[],
): Promise<number> {
  let query = db.selectFrom('principals').select('id').where('role', '=', role)
  query = subjectId === null ? query : query.where('subjectId', '=', subjectId)
  const existing = await query.orderBy('id').limit(1).executeTakeFirst()
  if (existing) return Number(existing.id)
  const principal = await createPrincipal(db, { role, subjectId })
  created.push(principal)
  return principal.principalId
}

/** Once: the business date is part of the entry, so a later run must not post it again under the key. */
async function postOpeningCapital({ db, ledger }: SeedDeps): Promise<void> {
  await ledger.openAccounts([accounts.lenderCash(), accounts.lenderEquity()])
  const posted = await entryByKey(db, CAPITAL_ENTRY_KEY)
  if (posted) return
  await ledger.post({
    idempotencyKey: CAPITAL_ENTRY_KEY,
    type: 'capital_contribution',
    businessDate: await getBusinessDate(db),
    description: 'opening capital (demo)',
    postings: [
      { accountCode: accounts.lenderCash().code, side: 'D', amountFen: DEMO_CAPITAL_FEN },
      { accountCode: accounts.lenderEquity().code, side: 'C', amountFen: DEMO_CAPITAL_FEN },
    ],
  })
}

/** One line on a history just played: its dates, how long it took and what it holds. */
export function describeHistory(history: DemoHistorySummary): string {
  const counts = Object.entries(history.counts)
    .map(([what, n]) => `${n} ${what}`)
    .join(', ')
  return (
    `Demo history ${history.days} business days (${history.fromDate} … ${history.toDate}) in ` +
    `${(history.wallMs / 1000).toFixed(1)} s: ${counts}`
  )
}
