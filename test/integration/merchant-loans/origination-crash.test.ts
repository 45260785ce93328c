import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { generatePopulation } from '../../../src/credit/merchant-population.js'
import { loadPopulation } from '../../../src/credit/population-loader.js'
import { isoDate } from '../../../src/kernel/business-date.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean } from '../../support/ledger.js'
import { startWorkerProcess, type WorkerProcess } from '../../../src/worker-process.js'

let h: Harness
const workers: WorkerProcess[] = []
const population = generatePopulation({
  seed: 4711,
  merchantCount: 40,
  days: 200,
  endDate: isoDate('2025-12-31'),
})

beforeAll(async () => {
  h = await startHarness({ worker: false })
  await loadPopulation({ db: h.db, ledger: h.ledger }, population)
})
afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.kill()))
  await h?.close()
})

it('pays each approved loan exactly once when the worker is killed during a burst of applications', async () => {
  const env = h // the harness carries the database, Temporal address, namespace and task queue
  workers.push(await startWorkerProcess(env))
  const lines = await h.db.selectFrom('creditLines').select('merchantId').execute()
  expect(lines).toHaveLength(0) // lines are computed by the worker's decision, inside the workflow
  const merchantIds = (await h.db.selectFrom('merchants').select('id').execute()).map((row) => Number(row.id))
  const keys = new Map<number, string>()
  for (const merchantId of merchantIds) keys.set(merchantId, await h.keyFor('merchant', merchantId))

  const applications = merchantIds.flatMap((merchantId) =>
    [1, 2].map((n) => ({ merchantId, idempotencyKey: `crash-${merchantId}-${n}`, amountFen: 100 * n })),
  )
  const send = (application: (typeof applications)[number]) =>
    h.request('POST', '/v1/loan-applications', {
      key: keys.get(application.merchantId)!,
      body: {
        merchantId: application.merchantId,
        amountFen: application.amountFen,
        termDays: 30,
        repaymentMethod: 'installment',
        frequency: 'daily',
      },
      headers: { 'Idempotency-Key': application.idempotencyKey },
    })
  // As a client would: a 503 (no answer within the API's wait while no worker runs) is sent again.
  const apply = async (application: (typeof applications)[number]) => {
    for (;;) {
      const response = await send(application)
      if (response.status !== 503) return response
      await sleep(200)
    }
  }
  const pending = Promise.all(applications.map(apply))
  while ((await h.db.selectFrom('loans').select('id').execute()).length < 5) await sleep(10)
  await workers[0]!.kill()
  const loansAtKill = (await h.db.selectFrom('loans').select('id').execute()).length
  await sleep(500)
  workers.push(await startWorkerProcess(env))
  const responses = await pending
  // The client retries what it has not seen answered: the same keys answer the same way.
  const retried = await Promise.all(applications.map(apply))
  expect(retried.map((r) => r.body)).toEqual(responses.map((r) => r.body))

  for (const response of responses) expect(response.status).toBe(201)
  const loans = await h.db.selectFrom('loans').selectAll().execute()
  const approved = responses.filter((r) => r.body.status === 'approved')
  expect(loans).toHaveLength(approved.length)
  expect(loansAtKill).toBeLessThan(approved.length) // the kill landed mid-burst
  expect(new Set(approved.map((r) => r.body.loanId)).size).toBe(approved.length)
  for (const loan of loans) {
    expect(loan.status).toBe('active')
    expect(await balanceOf(h.db, accounts.loanPrincipal(loan.id).code)).toBe(loan.principalFen)
  }
  for (const merchantId of merchantIds) {
    const lent = loans
      .filter((loan) => loan.borrowerId === merchantId)
      .reduce((sum, loan) => sum + loan.principalFen, 0)
    expect(await balanceOf(h.db, accounts.merchantWallet(merchantId).code)).toBe(lent)
  }
  const disbursements = await h.db
    .selectFrom('journalEntries')
    .select('id')
    .where('type', '=', 'merchant_disbursement')
    .execute()
  expect(disbursements).toHaveLength(loans.length)
  await expectLedgerClean(h.db)
})
