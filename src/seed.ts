/**
 * Demo data for `npm start` and `npm run seed`: idempotent, so running it again changes nothing.
 * On a fresh database: a synthetic population of merchants with 180 days of sales each ending the
 * day before the business date (so offers can be seen at once), the lender's opening capital, and an
 * officer, a platform and a merchant principal whose keys are returned once.
 * @module
 */
import { createPrincipal, type CreatedPrincipal } from './access/principal-service.js'
import { iteratePopulation } from './credit/merchant-population.js'
import { loadPopulation } from './credit/population-loader.js'
import { addDays } from './kernel/business-date.js'
import { accounts } from './ledger/chart-of-accounts.js'
import { entryByKey } from './ledger/ledger-repository.js'
import type { Services } from './services.js'
import { getBusinessDate } from './system/business-date-service.js'

export const DEMO_MERCHANTS = 200
export const DEMO_SALES_DAYS = 180
/** The lender's opening capital in the demo: 100 million yuan. */
export const DEMO_CAPITAL_FEN = 10_000_000_000
const DEMO_SEED = 20_261_123
const CAPITAL_ENTRY_KEY = 'demo:opening-capital'

type SeedDeps = Pick<Services, 'db' | 'ledger'>

export async function seedDemoData(services: SeedDeps): Promise<{ created: CreatedPrincipal[] }> {
  const { db } = services
  const anyMerchant = await db.selectFrom('merchants').select('id').limit(1).executeTakeFirst()
  if (!anyMerchant) {
    const endDate = addDays(await getBusinessDate(db), -1)
    const population = iteratePopulation({
      seed: DEMO_SEED,
      merchantCount: DEMO_MERCHANTS,
      days: DEMO_SALES_DAYS,
      endDate,
    })
    await loadPopulation(services, population)
  }
  await postOpeningCapital(services)
  const existing = await db.selectFrom('principals').select('id').limit(1).executeTakeFirst()
  if (existing) return { created: [] }
  const firstMerchant = await db
    .selectFrom('merchants')
    .select('id')
    .orderBy('id')
    .limit(1)
    .executeTakeFirstOrThrow()
  return {
    created: [
      await createPrincipal(db, { role: 'officer', subjectId: null }),
      await createPrincipal(db, { role: 'platform', subjectId: null }),
      await createPrincipal(db, { role: 'merchant', subjectId: Number(firstMerchant.id) }),
    ],
  }
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
