import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startHarness, type Harness } from '../../support/harness.js'
import { startWorkerProcess, type WorkerProcess } from '../../../src/worker-process.js'

let h: Harness
const workers: WorkerProcess[] = []

beforeAll(async () => {
  h = await startHarness({ worker: false })
})
afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.kill()))
  await h?.close()
})

async function closedCount(): Promise<number> {
  const rows = await h.db.selectFrom('businessDayCloses').select('businessDate').execute()
  return rows.length
}

it('closes each date exactly once when the worker is killed mid-run and another takes over', async () => {
  const env = h // the harness carries the database, Temporal address, namespace and task queue
  workers.push(await startWorkerProcess(env))
  const officerKey = await h.keyFor('officer')
  const days = 20

  const pending = h.request('POST', '/v1/system/close-of-business', { key: officerKey, body: { days } })
  while ((await closedCount()) < 3) await sleep(20)
  await workers[0]!.kill()
  const closedAtKill = await closedCount()
  expect(closedAtKill).toBeLessThan(days)

  workers.push(await startWorkerProcess(env))
  const response = await pending
  expect(response.status).toBe(200)
  expect(response.body).toMatchObject({
    fromDate: '2026-01-01',
    toDate: '2026-01-20',
    businessDate: '2026-01-21',
  })
  expect(response.body.daysClosed).toBe(days)

  const rows = await h.db.selectFrom('businessDayCloses').selectAll().orderBy('businessDate').execute()
  expect(rows).toHaveLength(days)
  expect(rows[0]!.businessDate).toBe('2026-01-01')
  expect(rows.at(-1)!.businessDate).toBe('2026-01-20')
  for (const row of rows)
    expect(row.closedBy).toBe(`cob/${row.businessDate} by ${await principalRef(officerKey)}`)
})

async function principalRef(apiKey: string): Promise<string> {
  const keyId = apiKey.split('_')[1]!
  const row = await h.db
    .selectFrom('principals')
    .select('id')
    .where('keyId', '=', keyId)
    .executeTakeFirstOrThrow()
  return `p:${row.id}`
}
