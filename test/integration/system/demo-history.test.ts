/**
 * `npm start` on a new database: the demo seed with its default history (DEMO_DAYS, 120 business
 * days) leaves a book in which every console view has something to show, made only by the lender's
 * own code (the ledger verifies, every counterparty reconciles), and a second start adds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PurchaseCodeSecret } from '../../../src/agri/purchase-request-code.js'
import { listPurchaseRequests } from '../../../src/agri/purchase-requests.js'
import { reconcile } from '../../../src/agri/reconciliation.js'
import { ringUpWaitingPurchase } from '../../../src/demo/demo-parties.js'
import { offtakerReceivables } from '../../../src/agri/offtaker-payments.js'
import { DEMO_DAYS_DEFAULT } from '../../../src/config.js'
import { agriOverview } from '../../../src/console/console-repository.js'
import { dropDatabase, ensureDatabaseExists } from '../../../src/db/database.js'
import { migrateToLatest } from '../../../src/db/migrate.js'
import { addDays, isoDate } from '../../../src/kernel/business-date.js'
import { verifyLedger } from '../../../src/ledger/ledger-verifier.js'
import {
  deliveriesByCrop,
  restrictedSpendByCategory,
  vintageCurves,
} from '../../../src/portfolio/portfolio-charts.js'
import { BUCKETS, portfolioOverview } from '../../../src/portfolio/portfolio-service.js'
import { demoParties, seedDemoData, type SeedResult } from '../../../src/seed.js'
import { openServices, type Services } from '../../../src/services.js'
import { getBusinessDate } from '../../../src/system/business-date-service.js'
import { TEST_INITIAL_BUSINESS_DATE, testDatabaseUrl } from '../../support/harness.js'

async function freshDatabase(): Promise<{ services: Services; databaseUrl: string }> {
  const databaseUrl = testDatabaseUrl()
  await ensureDatabaseExists(databaseUrl)
  const services = openServices(databaseUrl)
  await migrateToLatest(services.db, { initialBusinessDate: TEST_INITIAL_BUSINESS_DATE })
  return { services, databaseUrl }
}

/** Rows in the tables the seed writes to, and the ledger's entries: what a second start must not change. */
async function footprint(services: Services) {
  const { db } = services
  const count = async (
    table:
      | 'merchants'
      | 'loans'
      | 'principals'
      | 'purchases'
      | 'deliveries'
      | 'guaranteeClaims'
      | 'auditLog'
      | 'farmers',
  ) =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  return {
    businessDate: await getBusinessDate(db),
    merchants: await count('merchants'),
    loans: await count('loans'),
    principals: await count('principals'),
    purchases: await count('purchases'),
    deliveries: await count('deliveries'),
    claims: await count('guaranteeClaims'),
    audit: await count('auditLog'),
    farmers: await count('farmers'),
    entries: (await verifyLedger(db)).counts.entries,
  }
}

describe('the demo seed with its default history', () => {
  let services: Services
  let databaseUrl: string
  let seeded: SeedResult
  const progress: string[] = []
  let seconds = 0

  beforeAll(async () => {
    ;({ services, databaseUrl } = await freshDatabase())
    const startedAt = performance.now()
    seeded = await seedDemoData(services, {
      historyDays: DEMO_DAYS_DEFAULT,
      log: (line) => progress.push(line),
    })
    seconds = (performance.now() - startedAt) / 1000
  }, 300_000)
  afterAll(async () => {
    await services?.close()
    if (databaseUrl) await dropDatabase(databaseUrl)
  })

  it('plays 120 business days, says how far it got as it goes, and ends on the day after', async () => {
    console.log(`demo seed with ${DEMO_DAYS_DEFAULT} days of history: ${seconds.toFixed(1)} s`)
    expect(seeded.history).toMatchObject({
      fromDate: TEST_INITIAL_BUSINESS_DATE,
      toDate: addDays(isoDate(TEST_INITIAL_BUSINESS_DATE), DEMO_DAYS_DEFAULT),
      days: DEMO_DAYS_DEFAULT,
    })
    expect(await getBusinessDate(services.db)).toBe(
      addDays(isoDate(TEST_INITIAL_BUSINESS_DATE), DEMO_DAYS_DEFAULT),
    )
    expect(progress.filter((line) => line.startsWith('seeding demo history: day '))).toHaveLength(
      DEMO_DAYS_DEFAULT / 10,
    )
    expect(progress.at(-1)).toMatch(/^seeding demo history: day 120\/120 /)
  })

  it('leaves a key for each demo role and a page party for the merchant, farmer, supplier, offtaker and insurer', async () => {
    expect(seeded.created.map((principal) => principal.role)).toEqual([
      'officer',
      'platform',
      'merchant',
      'farmer',
      'supplier',
      'offtaker',
      'insurer',
    ])
    expect(seeded.parties.map((party) => party.role)).toEqual([
      'merchant',
      'farmer',
      'supplier',
      'offtaker',
      'insurer',
    ])
    for (const party of seeded.parties) {
      const principal = seeded.created.find((p) => p.role === party.role)!
      expect(principal.subjectId).toBe(party.subjectId)
      expect(party.label).not.toBe('')
    }
    expect(await demoParties(services.db)).toEqual(seeded.parties)
  })

  it('has merchant loans in every bucket, an early payoff, a refill and a write-off', async () => {
    const { db } = services
    const loans = await db.selectFrom('loans').selectAll().where('product', '=', 'merchant').execute()
    const onBook = loans.filter((loan) => loan.status === 'active')
    for (const bucket of BUCKETS) {
      expect(onBook.filter((loan) => loan.bucket === bucket).length, `loans in ${bucket}`).toBeGreaterThan(0)
    }
    const refills = loans.filter((loan) => loan.refinancedLoanId !== null)
    expect(refills.length).toBeGreaterThan(0)
    for (const refill of refills) {
      expect(loans.find((loan) => loan.id === refill.refinancedLoanId)?.status).toBe('closed')
    }
    // Installments cannot close a loan before its maturity; only the merchant paying it off can.
    const refilledIds = new Set(refills.map((loan) => Number(loan.refinancedLoanId)))
    const paidOffEarly = loans.filter(
      (loan) =>
        loan.status === 'closed' &&
        loan.repaymentMethod === 'installment' &&
        loan.closedOn! < loan.maturesOn &&
        !refilledIds.has(Number(loan.id)),
    )
    expect(paidOffEarly.length).toBeGreaterThan(0)
    const writtenOff = loans.filter((loan) => loan.status === 'written_off')
    expect(writtenOff.length).toBeGreaterThan(0)
    const audited = await db
      .selectFrom('auditLog')
      .select('subjectId')
      .where('action', '=', 'loan.write_off')
      .execute()
    expect(audited.map((row) => Number(row.subjectId))).toEqual(writtenOff.map((loan) => Number(loan.id)))
  })

  it('has a farm season in progress: funded wallets buying inputs, a delivery unpaid past its due date, a claim open', async () => {
    const { db } = services
    const farmLoans = await db.selectFrom('loans').selectAll().where('product', '=', 'agri').execute()
    expect(
      farmLoans.filter((loan) => loan.status === 'active' && loan.sweptOn === null).length,
    ).toBeGreaterThan(3)
    const spend = await restrictedSpendByCategory(db)
    expect(spend.length).toBeGreaterThan(3)
    const crops = await deliveriesByCrop(db)
    expect(crops.filter((crop) => crop.deliveredKg > 0).length).toBeGreaterThan(0)
    const deliveries = await db.selectFrom('deliveries').select(['status', 'contractId']).execute()
    expect(deliveries.map((delivery) => delivery.status).sort()).toEqual(['awaiting_payment', 'paid'])
    const offtakers = await db.selectFrom('offtakers').select('id').execute()
    const overdue = (await Promise.all(offtakers.map((o) => offtakerReceivables(db, Number(o.id))))).flatMap(
      (receivables) => receivables.items.filter((item) => item.daysOverdue > 0),
    )
    expect(overdue).toHaveLength(1)
    const agri = await agriOverview(db)
    expect(agri.claims.map((claim) => claim.status).sort()).toEqual(['open', 'paid'])
    expect(agri.suppliersToWatch.length).toBeGreaterThan(0)
    expect(agri.attempts.length).toBeGreaterThan(0)
    expect(agri.proceedsAgeing.length).toBeGreaterThan(0)
  })

  it('fills the console: buckets, PAR, a trend, vintages that reach 30+ days past due', async () => {
    const { summary, trend } = await portfolioOverview(services.db)
    for (const bucket of BUCKETS) expect(summary.buckets[bucket].principalFen, bucket).toBeGreaterThan(0)
    expect(summary.par30Bps).toBeGreaterThan(0)
    expect(summary.nplBps).toBeGreaterThan(0)
    expect(trend.filter((point) => point.closed && point.collectedFen > 0).length).toBeGreaterThan(60)
    const vintages = await vintageCurves(services.db, summary.asOf)
    expect(vintages.length).toBeGreaterThanOrEqual(4)
    expect(vintages.some((vintage) => vintage.sharesBps.some((share) => share > 0))).toBe(true)
  })

  it('leaves the ledger clean and every counterparty reconciled', async () => {
    const verified = await verifyLedger(services.db)
    expect(verified.discrepancy).toBeUndefined()
    expect(verified.ok).toBe(true)
    const reconciled = await reconcile(services.db)
    expect(reconciled.breaks).toEqual([])
  })

  it('rings up a sale at the demo supplier on each start that the demo farmer sees with its code', async () => {
    const secret = PurchaseCodeSecret.random()
    let nowMs = Date.now()
    const deps = { ...services, secret, nowMs: () => nowMs }
    const farmer = seeded.parties.find((party) => party.role === 'farmer')!
    const actor = { role: 'farmer', subjectId: farmer.subjectId, ref: 'test:farmer' }
    const rung = await ringUpWaitingPurchase(deps)
    expect(rung).not.toBeNull()
    // 2 bags of urea and 1 can of herbicide at the demo supplier's own prices, to the fen.
    const supplier = seeded.parties.find((party) => party.role === 'supplier')!
    const prices = await services.db
      .selectFrom('supplierProducts')
      .select(['sku', 'priceFen'])
      .where('supplierId', '=', supplier.subjectId)
      .where('sku', 'in', ['urea', 'herbicide'])
      .execute()
    const priceOf = (sku: string) => Number(prices.find((product) => product.sku === sku)!.priceFen)
    expect(rung!.amountFen).toBe(2 * priceOf('urea') + priceOf('herbicide'))
    const waiting = await listPurchaseRequests(deps, actor, { status: 'awaiting_farmer', limit: 10 })
    expect(waiting.items).toHaveLength(1)
    expect(waiting.items[0]).toMatchObject({ requestId: rung!.requestId, amountFen: rung!.amountFen })
    expect(waiting.items[0]!.code).toMatch(/^\d{6}$/)
    // One waits already: a restart within 15 minutes adds none; after it expires, the next start does.
    expect(await ringUpWaitingPurchase(deps)).toBeNull()
    nowMs += 15 * 60_000
    const next = await ringUpWaitingPurchase(deps)
    expect(next?.requestId).toBeGreaterThan(rung!.requestId)
  })

  it('seeds nothing new on a second start', async () => {
    const before = await footprint(services)
    const again = await seedDemoData(services, { historyDays: DEMO_DAYS_DEFAULT })
    expect(again.created).toEqual([])
    expect(again.history).toBeNull()
    expect(again.parties).toEqual(seeded.parties)
    expect(await footprint(services)).toEqual(before)
  })
})

describe('the demo seed without history (DEMO_DAYS=0)', () => {
  let services: Services
  let databaseUrl: string

  beforeAll(async () => {
    ;({ services, databaseUrl } = await freshDatabase())
  })
  afterAll(async () => {
    await services?.close()
    if (databaseUrl) await dropDatabase(databaseUrl)
  })

  it('loads merchants, parties and keys, closes no date and books no loan', async () => {
    const seeded = await seedDemoData(services, { historyDays: 0 })
    expect(seeded.history).toBeNull()
    expect(seeded.created).toHaveLength(7)
    const before = await footprint(services)
    expect(before).toMatchObject({
      businessDate: TEST_INITIAL_BUSINESS_DATE,
      merchants: 100,
      loans: 0,
      farmers: 11,
    })
    // The merchants' 180 days of sales end the day before the business date: offers at once.
    const latest = await services.db
      .selectFrom('merchantDailySales')
      .select((eb) => eb.fn.max('salesDate').as('latest'))
      .executeTakeFirstOrThrow()
    expect(String(latest.latest)).toBe(addDays(isoDate(TEST_INITIAL_BUSINESS_DATE), -1))
  })
})
