/**
 * Issue 19, finding 8 (the chaos stall): a request that waits for a workflow's answer (a merchant's
 * or a farmer's loan application) waits a bounded time. When no answer comes (here: no worker runs,
 * as after a crash; in the chaos run: a result wait that missed a Temporal restart), it answers 503
 * `service_unavailable` with Retry-After and gives its Idempotency-Key back, so the client's retry
 * joins the same workflow and gets its answer as soon as there is one, instead of holding the key
 * "in progress" for the idempotency lock's two minutes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWorkerProcess, type WorkerProcess } from '../../../src/worker-process.js'
import { farmBackers } from '../../support/farm.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { expectLedgerClean, fundLender } from '../../support/ledger.js'
import { merchantsWithLines, type MerchantWithLine } from '../../support/merchant-lines.js'

const ANSWER_WAIT_MS = 2_000
let h: Harness
let worker: WorkerProcess | undefined
let merchant: MerchantWithLine

beforeAll(async () => {
  h = await startHarness({ worker: false, app: { workflowAnswerWaitMs: ANSWER_WAIT_MS } })
  await fundLender(h.ledger, 1_000_000_00)
  const found = await merchantsWithLines(h, { seed: 1908, merchantCount: 12, minAvailableFen: 50_000 })
  expect(found.length).toBeGreaterThan(0)
  merchant = found[0]!
})
afterAll(async () => {
  await worker?.kill()
  if (h) await expectLedgerClean(h.db)
  await h?.close()
})

async function timed<T>(call: () => Promise<T>): Promise<{ answer: T; ms: number }> {
  const startedAt = performance.now()
  const answer = await call()
  return { answer, ms: performance.now() - startedAt }
}

describe('waiting for a workflow’s answer', () => {
  it('answers 503 with Retry-After after the wait, writes nothing, and the retry gets the answer once a worker runs', async () => {
    const apply = () =>
      h.request('POST', '/v1/loan-applications', {
        key: merchant.key,
        body: {
          merchantId: merchant.merchantId,
          amountFen: 50_000,
          termDays: 30,
          repaymentMethod: 'installment',
          frequency: 'daily',
        },
        headers: { 'Idempotency-Key': 'answer-wait-merchant' },
      })
    const first = await timed(apply)
    expect([first.answer.status, first.answer.body.code]).toEqual([503, 'service_unavailable'])
    expect(first.answer.headers.get('Retry-After')).toMatch(/^\d+$/)
    expect(first.ms).toBeGreaterThanOrEqual(ANSWER_WAIT_MS - 100)
    expect(first.ms).toBeLessThan(ANSWER_WAIT_MS + 10_000)
    expect(await h.db.selectFrom('loans').select('id').execute()).toEqual([])
    // The key is free again at once: the retry waits again, it is not told "in progress".
    const second = await apply()
    expect([second.status, second.body.code]).toEqual([503, 'service_unavailable'])

    worker = await startWorkerProcess(h)
    const answered = await apply()
    expect(answered.status, JSON.stringify(answered.body)).toBe(201)
    expect(answered.body.status).toBe('approved')
    const again = await apply()
    expect(again.body).toEqual(answered.body)
    expect(await h.db.selectFrom('loans').select('id').execute()).toHaveLength(1)
  }, 60_000)

  it('does the same for a farmer’s application', async () => {
    await worker?.kill()
    worker = undefined
    const backers = await farmBackers(h, 'answer-wait')
    const farmer = await h.created('/v1/farmers', h.adminKey, {
      externalRef: 'answer-wait-farmer',
      name: 'Wang Fang',
      region: 'Jilin',
    })
    const farmerKey = await h.keyFor('farmer', farmer.farmerId)
    const contract = await h.created('/v1/offtake-contracts', backers.offtaker.key, {
      farmerId: farmer.farmerId,
      crop: 'rice',
      quantityKg: 10_000,
      priceFenPerKg: 300,
      deliveryFrom: '2026-06-01',
      deliveryTo: '2026-06-30',
    })
    await h.created(`/v1/offtake-contracts/${contract.contractId}/guarantee-requests`, farmerKey, {
      insurerId: backers.insurer.insurerId,
    })
    const policy = await h.created('/v1/guarantee-policies', backers.insurer.key, {
      farmerId: farmer.farmerId,
      contractId: contract.contractId,
      coverageBps: 8_000,
      premiumFen: 30_000,
    })
    const loansBefore = (await h.db.selectFrom('loans').select('id').execute()).length
    const apply = () =>
      h.request('POST', '/v1/agri-loan-applications', {
        key: farmerKey,
        body: {
          farmerId: farmer.farmerId,
          contractId: contract.contractId,
          policyId: policy.policyId,
          amountFen: 1_000_000,
        },
        headers: { 'Idempotency-Key': 'answer-wait-farmer' },
      })
    const first = await timed(apply)
    expect([first.answer.status, first.answer.body.code]).toEqual([503, 'service_unavailable'])
    expect(first.ms).toBeLessThan(ANSWER_WAIT_MS + 10_000)
    expect(await h.db.selectFrom('loans').select('id').execute()).toHaveLength(loansBefore)

    worker = await startWorkerProcess(h)
    const answered = await apply()
    expect(answered.status, JSON.stringify(answered.body)).toBe(201)
    expect(answered.body.status).toBe('approved')
    expect((await apply()).body).toEqual(answered.body)
    expect(await h.db.selectFrom('loans').select('id').execute()).toHaveLength(loansBefore + 1)
  }, 60_000)
})
