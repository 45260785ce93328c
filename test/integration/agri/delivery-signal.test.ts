/**
 * Found while writing the chaos suite's open-workflow check: a delivery recorded while Temporal was out of reach answered 201 and
 * dropped the signal to the loan's workflow, so a loan the delivery repaid in full kept its
 * workflow waiting for ever. Now the delivery answers 503, and its retry (same Idempotency-Key)
 * replays the recorded delivery and signals, and the workflow ends. Since offtakers pay in cash it
 * is the offtaker's payment that repays the loan, so the same holds for the payment.
 */
import { Client, Connection } from '@temporalio/client'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { AdminKey } from '../../../src/access/principal-service.js'
import { loadScorecardModel } from '../../../src/credit/credit-line-service.js'
import { createApp } from '../../../src/http/app.js'
import { createLogger } from '../../../src/log.js'
import { freePort } from '../../../src/ports.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { expectLedgerClean } from '../../support/ledger.js'

let h: Harness
let unreachable: Client

beforeAll(async () => {
  h = await startHarness()
  const port = await freePort()
  unreachable = new Client({ connection: Connection.lazy({ address: `127.0.0.1:${port}` }) })
})
afterAll(async () => {
  await unreachable?.connection.close()
  await h?.close()
})

it('answers 503 when the loan workflow cannot be told of the offtaker’s payment, and ends it on the retry', async () => {
  const offtaker = await h.created('/v1/offtakers', h.adminKey, {
    externalRef: 'o',
    name: 'Grain Co',
    approved: true,
  })
  const offtakerKey = await h.keyFor('offtaker', offtaker.offtakerId)
  const insurer = await h.created('/v1/insurers', h.adminKey, {
    externalRef: 'i',
    name: 'Mutual',
    approved: true,
  })
  const farmer = await h.created('/v1/farmers', h.adminKey, { externalRef: 'f', name: 'F', region: 'Jilin' })
  const farmerKey = await h.keyFor('farmer', farmer.farmerId)
  const contract = await h.created('/v1/offtake-contracts', offtakerKey, {
    farmerId: farmer.farmerId,
    crop: 'rice',
    quantityKg: 10_000,
    priceFenPerKg: 300,
    deliveryFrom: '2026-01-01',
    deliveryTo: '2026-03-31',
  })
  await h.created(`/v1/offtake-contracts/${contract.contractId}/guarantee-requests`, farmerKey, {
    insurerId: insurer.insurerId,
  })
  const policy = await h.created('/v1/guarantee-policies', await h.keyFor('insurer', insurer.insurerId), {
    farmerId: farmer.farmerId,
    contractId: contract.contractId,
    coverageBps: 8_000,
    premiumFen: 20_000,
  })
  const loan = await h.created(
    '/v1/agri-loan-applications',
    farmerKey,
    {
      farmerId: farmer.farmerId,
      contractId: contract.contractId,
      policyId: policy.policyId,
      amountFen: 1_000_000,
    },
    'apply',
  )
  const { workflowId } = await h.db
    .selectFrom('agriLoanApplications')
    .select('workflowId')
    .where('id', '=', loan.applicationId)
    .executeTakeFirstOrThrow()

  // The whole harvest at once: the sweep and, once the offtaker pays, the proceeds repay the loan in full.
  const delivered = await h.created(
    `/v1/offtake-contracts/${contract.contractId}/deliveries`,
    offtakerKey,
    { quantityKg: 10_000, deliveredOn: '2026-01-01' },
    'harvest',
  )
  const payment = {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${offtakerKey}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': 'harvest-paid',
    },
    body: JSON.stringify({
      offtakerId: offtaker.offtakerId,
      amountFen: delivered.proceedsFen,
      paidOn: '2026-01-01',
      reference: delivered.reference,
    }),
  }
  const withoutTemporal = createApp({
    db: h.db,
    ledger: h.ledger,
    secrets: h.secrets,
    scorecard: loadScorecardModel(),
    temporal: unreachable,
    taskQueue: h.taskQueue,
    log: createLogger('silent'),
    adminKey: new AdminKey(h.adminKey),
  })
  const first = await withoutTemporal.request('/v1/offtaker-payments', payment)
  expect(first.status).toBe(503)
  const loanRow = await h.db
    .selectFrom('loans')
    .select('status')
    .where('id', '=', loan.loanId)
    .executeTakeFirstOrThrow()
  expect(loanRow.status).toBe('closed') // recorded, but the workflow was not told

  const retried = await h.app.request('/v1/offtaker-payments', payment)
  expect(retried.status).toBe(201)
  const result = await h.client.workflow.getHandle(workflowId).result()
  expect(result.finalStatus).toBe('closed')
  const payments = await h.db.selectFrom('offtakerPayments').select('id').execute()
  expect(payments).toHaveLength(1)
  await expectLedgerClean(h.db)
})
