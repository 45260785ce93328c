/**
 * Events through the outbox and webhook delivery: events written in their own transactions (as
 * producers do) at 16 concurrent writers, delivered by the endpoint's workflow to a local receiver.
 * Reports outbox writes per second beside raw inserts, deliveries per second, and the lag from the
 * event's commit to its receipt (p50/p99).
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomBytes } from 'node:crypto'
import { createPrincipal } from '../src/access/principal-service.js'
import { recordEvents } from '../src/events/events.js'
import { createEndpoint } from '../src/events/webhooks.js'
import { webhookEndpointDelivery, webhookWorkflowId } from '../workflows/webhooks.js'
import { type BenchEnv, fmt, perSecond, runConcurrent, summarize } from './support.js'

export async function runEventsBench(
  env: BenchEnv,
  n: (count: number) => number,
  insertsPerSecond: Map<number, number>,
): Promise<void> {
  console.log('\nEvents (outbox writes at 16 writers; delivery to one local webhook receiver)')
  const total = n(2_000)
  const createdAt = new Map<number, number>()
  const lagsMs: number[] = []
  let receivedAt = 0
  const server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      const { data } = JSON.parse(body) as { data: { sequence: number } }
      const started = createdAt.get(data.sequence)
      if (started !== undefined && createdAt.delete(data.sequence)) lagsMs.push(performance.now() - started)
      receivedAt = performance.now()
      response.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
  const officer = await createPrincipal(env.db, { role: 'officer', subjectId: null })
  const principal = {
    ref: `p:${officer.principalId}`,
    principalId: officer.principalId,
    role: 'officer' as const,
    subjectId: null,
  }
  const endpoint = await createEndpoint(env, principal, { url, eventTypes: ['loan.repayment_applied'] })
  await env.client.workflow.start(webhookEndpointDelivery, {
    workflowId: webhookWorkflowId(env.taskQueue, endpoint.endpointId),
    taskQueue: env.taskQueue,
    args: [{ endpointId: endpoint.endpointId }],
  })
  const run = randomBytes(3).toString('hex')
  const startedAt = performance.now()
  const writes = await runConcurrent(total, 16, async (sequence) => {
    await env.db.transaction().execute(async (trx) => {
      await recordEvents(trx, [
        {
          key: `bench:${run}:${sequence}`,
          type: 'loan.repayment_applied',
          businessDate: '2026-01-01',
          subject: { loanId: (sequence % 500) + 1, merchantId: (sequence % 500) + 1 },
          data: { sequence, amountFen: 100 },
        },
      ])
    })
    createdAt.set(sequence, performance.now())
  })
  const deadline = Date.now() + 600_000
  while (createdAt.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100))
  const deliveryWallMs = receivedAt - startedAt
  const writesPerSecond = perSecond(total, writes.wallMs)
  const lag = summarize(lagsMs)
  console.log(
    `  outbox: ${fmt(writesPerSecond)} events/s written (${fmt(writesPerSecond / insertsPerSecond.get(16)!, 2)}× raw inserts at 16)`,
  )
  console.log(
    `  delivery: ${fmt(lagsMs.length)} of ${fmt(total)} delivered, ${fmt(perSecond(lagsMs.length, deliveryWallMs))} events/s end to end; ` +
      `lag from commit to receipt p50 ${fmt(lag.p50Ms)} ms, p99 ${fmt(lag.p99Ms)} ms, max ${fmt(lag.maxMs)} ms`,
  )
  server.close()
}
