import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { generatePopulation } from '../../../src/credit/merchant-population.js'
import { loadPopulation } from '../../../src/credit/population-loader.js'
import { isoDate } from '../../../src/kernel/business-date.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { expectLedgerClean, fundLender } from '../../support/ledger.js'
import { startWorkerProcess, type WorkerProcess } from '../../../src/worker-process.js'

let h: Harness
const workers: WorkerProcess[] = []
const population = generatePopulation({
  seed: 1212,
  merchantCount: 60,
  days: 200,
  endDate: isoDate('2025-12-31'),
})

beforeAll(async () => {
  h = await startHarness({ worker: false })
  await fundLender(h.ledger, 1_000_000_00)
  await loadPopulation({ db: h.db, ledger: h.ledger }, population)
})
afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.kill()))
  await h?.close()
})

it('services every loan-day exactly once when the worker is killed during close of business', async () => {
  const env = h // the harness carries the database, Temporal address, namespace and task queue
  workers.push(await startWorkerProcess(env))
  const platformKey = await h.keyFor('platform')
  for (const merchant of await h.db.selectFrom('merchants').select('id').execute()) {
    const merchantId = Number(merchant.id)
    const key = await h.keyFor('merchant', merchantId)
    const offer = await h.request('GET', `/v1/merchants/${merchantId}/offer`, { key: platformKey })
    if (!offer.body.eligible || offer.body.availableFen < 100_000) continue
    const applied = await h.request('POST', '/v1/loan-applications', {
      key,
      body: {
        merchantId,
        amountFen: 100_000,
        termDays: 30,
        repaymentMethod: 'installment',
        frequency: 'daily',
      },
      headers: { 'Idempotency-Key': `crash-cob-${merchantId}` },
    })
    expect(applied.body.status).toBe('approved')
  }
  const loans = await h.db.selectFrom('loans').select('id').execute()
  expect(loans.length).toBeGreaterThanOrEqual(10)

  const days = 10
  const officerKey = await h.keyFor('officer')
  const pending = h.request('POST', '/v1/system/close-of-business', { key: officerKey, body: { days } })
  const servicedRows = () =>
    h.db.selectFrom('journalEntries').select('id').where('type', '=', 'interest_accrual').execute()
  while ((await servicedRows()).length < loans.length * 2 + 3) await sleep(10)
  await workers[0]!.kill()
  const accrualsAtKill = (await servicedRows()).length
  expect(accrualsAtKill).toBeLessThan(loans.length * days)
  workers.push(await startWorkerProcess(env))
  const response = await pending
  expect(response.status).toBe(200)
  expect(response.body).toMatchObject({ fromDate: '2026-01-01', toDate: '2026-01-10', daysClosed: days })

  for (const { id } of loans) {
    const loan = await h.db.selectFrom('loans').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(loan.servicedThrough).toBe('2026-01-10')
    const entries = await h.db
      .selectFrom('journalEntries')
      .select(['type', 'businessDate'])
      .where('loanId', '=', id)
      .execute()
    // One accrual a night (01-01 … 01-10) and one collection a day an installment fell due (01-02 … 01-10).
    expect(
      entries
        .filter((e) => e.type === 'interest_accrual')
        .map((e) => e.businessDate)
        .sort(),
    ).toEqual(Array.from({ length: days }, (_, i) => `2026-01-${String(i + 1).padStart(2, '0')}`))
    expect(entries.filter((e) => e.type === 'repayment')).toHaveLength(days - 1)
  }
  await expectLedgerClean(h.db)
})
