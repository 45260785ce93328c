/**
 * Close of business on the farm side at scale (issue 17's benchmark): 10,000 suppliers (BENCH_SCALE ×)
 * each with a payable to settle, and 10,000 deliveries whose proceeds fall due unpaid that day, in a
 * database of its own (the other suites' merchant book is not serviced here), closed in-process in the
 * close-of-business workflow's order (tools/simulation/simulation-support.ts). Baselines from the same
 * run: the same close on an empty day of the same database, and raw single-row inserts at 1
 * connection. The payables are posted straight to the ledger as restricted purchases from one farm
 * loan's wallet (the purchase path itself is measured in the agri suite); the deliveries go through
 * `recordDelivery`, on 100 contracts without loans whose proceeds are due the day they arrive.
 */
import { sql } from 'kysely'
import { recordDelivery } from '../src/agri/agri-servicing.js'
import { createContract } from '../src/agri/contracts.js'
import { createParty } from '../src/agri/parties.js'
import { dropDatabase } from '../src/db/database.js'
import { addDays, type IsoDate } from '../src/kernel/business-date.js'
import { accounts } from '../src/ledger/chart-of-accounts.js'
import { getBusinessDate } from '../src/system/business-date-service.js'
import {
  closeOfBusinessInProcess,
  forEachConcurrent,
  openSimulationDatabase,
} from '../tools/simulation/simulation-support.js'
import { setUpWallets, UNIT_PRICE_FEN } from '../test/support/farm-wallets.js'
import { type BenchEnv, fmt, perSecond } from './support.js'

const CONTRACTS = 100
const CONCURRENCY = 8
const START_DATE = '2026-03-01'

async function timedClose(services: Parameters<typeof closeOfBusinessInProcess>[0]) {
  const businessDate = await getBusinessDate(services.db)
  const startedAt = performance.now()
  await closeOfBusinessInProcess(services, { businessDate, closedBy: 'bench' })
  return { businessDate, wallMs: performance.now() - startedAt }
}

export async function runFarmCloseBench(
  env: BenchEnv,
  n: (count: number) => number,
  insertsPerSecond: Map<number, number>,
): Promise<void> {
  const suppliers = n(10_000)
  const deliveries = n(10_000)
  console.log(
    `\nFarm close of business: ${fmt(suppliers)} suppliers' settlements and ${fmt(deliveries)} deliveries falling due unpaid`,
  )
  const databaseUrl = `${env.databaseUrl}_farmclose`
  const services = await openSimulationDatabase(databaseUrl, START_DATE as IsoDate)
  try {
    const empty = await timedClose(services)
    console.log(`  baseline: an empty day (${empty.businessDate}) closes in ${fmt(empty.wallMs, 0)} ms`)

    const startedAt = performance.now()
    const { wallets } = await setUpWallets(services, 1, suppliers)
    const walletId = wallets[0]!.walletId
    const supplierIds: number[] = []
    await forEachConcurrent(
      Array.from({ length: suppliers }, (_, i) => i),
      CONCURRENCY,
      async (i) => {
        const party = await createParty(services, 'supplier', {
          externalRef: `bench-close-sup-${i}`,
          name: `Supplier ${i}`,
          approved: true,
        })
        supplierIds.push(party.id)
      },
    )
    const businessDate = await getBusinessDate(services.db)
    await services.ledger.openAccounts(supplierIds.map((id) => accounts.supplierPayable(id)))
    // One after another: every one of them debits the same wallet (posted at once they deadlock on it).
    await forEachConcurrent(supplierIds, 1, async (supplierId) => {
      await services.ledger.post({
        idempotencyKey: `bench-close-buy:${supplierId}`,
        type: 'restricted_purchase',
        businessDate,
        refs: { loanId: walletId },
        postings: [
          { accountCode: accounts.restrictedWallet(walletId).code, side: 'D', amountFen: UNIT_PRICE_FEN },
          { accountCode: accounts.supplierPayable(supplierId).code, side: 'C', amountFen: UNIT_PRICE_FEN },
        ],
      })
    })
    const offtaker = await createParty(services, 'offtaker', {
      externalRef: 'bench-close-off',
      name: 'Bench Offtaker',
      approved: true,
    })
    const contracts: number[] = []
    for (let c = 0; c < CONTRACTS; c++) {
      const farmer = await createParty(services, 'farmer', {
        externalRef: `bench-close-farmer-${c}`,
        name: `Farmer ${c}`,
        region: 'Bench',
      })
      const contract = await createContract(services.db, {
        offtakerId: offtaker.id,
        farmerId: farmer.id,
        crop: 'rice',
        quantityKg: 1_000_000,
        priceFenPerKg: 200,
        deliveryFrom: businessDate,
        deliveryTo: addDays(businessDate, 30),
        paymentTermDays: 0,
      })
      contracts.push(contract.contractId)
    }
    await forEachConcurrent(
      Array.from({ length: deliveries }, (_, i) => i),
      CONCURRENCY,
      async (i) => {
        await recordDelivery(services, {
          contractId: contracts[i % CONTRACTS]!,
          offtakerId: offtaker.id,
          quantityKg: 10,
          deliveredOn: businessDate,
          requestKey: `bench-close-delivery-${i}`,
        })
      },
    )
    console.log(`  (set up in ${fmt((performance.now() - startedAt) / 1000, 1)} s)`)

    const full = await timedClose(services)
    const { rows } = await sql<{ settlements: number; overdue: number }>`
      SELECT (SELECT COUNT(*) FROM settlements WHERE business_date = ${full.businessDate}) AS settlements,
             (SELECT COUNT(*) FROM events WHERE type = 'delivery.overdue') AS overdue`.execute(services.db)
    const settled = Number(rows[0]?.settlements ?? 0)
    const overdue = Number(rows[0]?.overdue ?? 0)
    const raw = insertsPerSecond.get(1)
    const rowsPerSecond = perSecond(settled + overdue, full.wallMs)
    console.log(
      `  ${full.businessDate}: ${fmt(settled)} settlements and ${fmt(overdue)} deliveries overdue in ${fmt(full.wallMs / 1000, 1)} s ` +
        `= ${fmt(full.wallMs / empty.wallMs, 1)} × the empty day; ${fmt(rowsPerSecond)} settlements and overdue events/s` +
        (raw ? ` (${fmt(rowsPerSecond / raw, 3)} × raw single-row inserts at 1 connection)` : ''),
    )
    const next = await timedClose(services)
    console.log(
      `  ${next.businessDate}: the next day, ${fmt(deliveries)} deliveries still open and nothing new, in ${fmt(next.wallMs, 0)} ms ` +
        `= ${fmt(next.wallMs / empty.wallMs, 1)} × the empty day`,
    )
  } finally {
    await services.close()
    await dropDatabase(databaseUrl)
  }
}
