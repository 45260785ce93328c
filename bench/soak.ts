/**
 * `npm run soak -- --minutes 30 --rate 20`: a steady mixed load on loopback for a long time, with
 * memory and latency sampled every minute, to show what a short benchmark cannot: that the process
 * does not grow and the p99 does not drift. Outside CI (it takes as long as it is told).
 *
 * The API is served on a real socket (127.0.0.1, an ephemeral port) by @hono/node-server, with the
 * worker in the same process against its own dev server and database (bench/support.ts). Requests
 * arrive at a fixed rate (open loop, at most {@link IN_FLIGHT_MAX} at once; beyond that an arrival
 * is counted as shed, not queued): offers, merchant loan applications, repayments, farm purchases,
 * loan views and the event feed, and one close of business every {@link COB_EVERY_MINUTES} minutes.
 * Each minute prints the heap after a full GC (run with --expose-gc, as the npm script does), RSS,
 * and p50/p99 over that minute; the end prints the heap's growth per minute (least squares after
 * the warm-up) and the p99 of the last third of the run over the first third, and `ledger:verify`.
 */
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { parseArgs } from 'node:util'
import { serve } from '@hono/node-server'
import { AdminKey, createPrincipal } from '../src/access/principal-service.js'
import { createApp } from '../src/http/app.js'
import { verifyLedger } from '../src/ledger/ledger-verifier.js'
import { createLogger } from '../src/log.js'
import { SKU, setUpWallets } from '../test/support/farm-wallets.js'
import { eligibleMerchants } from './merchant-loans.js'
import { fmt, machineInfo, percentile, startBenchEnv } from './support.js'

const IN_FLIGHT_MAX = 64
const COB_EVERY_MINUTES = 5
const WARMUP_MINUTES = 2
const SAMPLE_MS = 60_000
/** The run ends a little after its last sample is due, so the last minute is sampled. */
const SAMPLE_END_SLACK_MS = 500
const MERCHANTS = 200
const FARM_WALLETS = 16
const REQUEST_TIMEOUT_MS = 30_000
/** A 5xx, a timeout or a refused connection: never expected. */
type Failure = { op: string; status: number | string }

const { values } = parseArgs({
  options: { minutes: { type: 'string', default: '30' }, rate: { type: 'string', default: '20' } },
})
const minutes = Number(values.minutes)
const ratePerSecond = Number(values.rate)
if (!(minutes >= 1 && minutes <= 24 * 60) || !(ratePerSecond > 0 && ratePerSecond <= 1_000)) {
  throw new Error('--minutes 1..1440 and --rate 1..1000 (requests per second)')
}

const env = await startBenchEnv()
const app = createApp({
  ...env,
  temporal: env.client,
  log: createLogger('silent'),
  adminKey: new AdminKey(randomBytes(24).toString('base64url')),
})
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
await new Promise<void>((resolve) => server.once('listening', () => resolve()))
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

try {
  console.log(await machineInfo(env))
  console.log(`soak: ${minutes} min at ${ratePerSecond} requests/s on ${baseUrl}; setting up…`)
  const merchants = await eligibleMerchants(env, MERCHANTS)
  const merchantKeys = new Map<number, string>()
  for (const merchantId of merchants) {
    merchantKeys.set(
      merchantId,
      (await createPrincipal(env.db, { role: 'merchant', subjectId: merchantId })).apiKey,
    )
  }
  const officerKey = (await createPrincipal(env.db, { role: 'officer', subjectId: null })).apiKey
  const purchasesMax = Math.ceil(minutes * 60 * ratePerSecond * 0.25)
  const farm = await setUpWallets(env, FARM_WALLETS, Math.ceil(purchasesMax / FARM_WALLETS))
  const loansOf = new Map<number, number[]>()

  let serial = 0
  const call = async (method: string, path: string, key: string, body?: unknown): Promise<Response> => {
    const headers: Record<string, string> = { Authorization: `Bearer ${key}` }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json'
      headers['Idempotency-Key'] = `soak-${(serial += 1)}-${randomBytes(4).toString('hex')}`
    }
    return fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    })
  }
  const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!

  /** One request of the mix; returns the op's name and the HTTP status. */
  const ops: { weight: number; name: string; run(): Promise<number> }[] = [
    {
      weight: 30,
      name: 'offer',
      async run() {
        const merchantId = pick(merchants)
        return (await call('GET', `/v1/merchants/${merchantId}/offer`, merchantKeys.get(merchantId)!)).status
      },
    },
    {
      weight: 15,
      name: 'apply',
      async run() {
        const merchantId = pick(merchants)
        const response = await call('POST', '/v1/loan-applications', merchantKeys.get(merchantId)!, {
          merchantId,
          amountFen: 100 + Math.floor(Math.random() * 900),
          termDays: 30,
          repaymentMethod: 'installment',
          frequency: 'daily',
        })
        const body = (await response.json()) as { loanId?: number }
        if (body.loanId) loansOf.set(merchantId, [...(loansOf.get(merchantId) ?? []), body.loanId])
        return response.status
      },
    },
    {
      weight: 15,
      name: 'repay',
      async run() {
        const borrowers = [...loansOf.keys()]
        if (borrowers.length === 0) return 0
        const merchantId = pick(borrowers)
        const loanId = pick(loansOf.get(merchantId)!)
        return (
          await call('POST', `/v1/loans/${loanId}/repayments`, merchantKeys.get(merchantId)!, {
            amountFen: 50,
          })
        ).status
      },
    },
    {
      weight: 20,
      name: 'purchase',
      async run() {
        const wallet = pick(farm.wallets)
        return (
          await call('POST', `/v1/restricted-wallets/${wallet.walletId}/purchases`, wallet.key, {
            supplierId: farm.supplierId,
            lines: [{ sku: SKU, quantity: 1 }],
          })
        ).status
      },
    },
    {
      weight: 10,
      name: 'loan',
      async run() {
        const borrowers = [...loansOf.keys()]
        if (borrowers.length === 0) return 0
        const merchantId = pick(borrowers)
        return (
          await call('GET', `/v1/loans/${pick(loansOf.get(merchantId)!)}`, merchantKeys.get(merchantId)!)
        ).status
      },
    },
    {
      weight: 10,
      name: 'events',
      async run() {
        return (await call('GET', '/v1/events?limit=50', officerKey)).status
      },
    },
  ]
  const totalWeight = ops.reduce((sum, op) => sum + op.weight, 0)
  const drawOp = () => {
    let roll = Math.random() * totalWeight
    for (const op of ops) if ((roll -= op.weight) < 0) return op
    return ops.at(-1)!
  }

  type Minute = {
    minute: number
    heapMiB: number
    rssMiB: number
    count: number
    p50Ms: number
    p99Ms: number
  }
  const samples: Minute[] = []
  const failures: Failure[] = []
  const statuses = new Map<string, number>()
  let latenciesMs: number[] = []
  let inFlight = 0
  let shed = 0
  let sent = 0
  let cobRuns = 0

  const fire = (name: string, run: () => Promise<number>) => {
    if (inFlight >= IN_FLIGHT_MAX) {
      shed += 1
      return
    }
    inFlight += 1
    sent += 1
    const startedAt = performance.now()
    void run()
      .then(
        (status) => {
          if (status === 0) return // nothing to do yet (no loan to repay or view)
          latenciesMs.push(performance.now() - startedAt)
          statuses.set(`${name} ${status}`, (statuses.get(`${name} ${status}`) ?? 0) + 1)
          if (status >= 500) failures.push({ op: name, status })
        },
        (error: unknown) => failures.push({ op: name, status: String((error as Error).name) }),
      )
      .finally(() => (inFlight -= 1))
  }

  const intervalMs = 1000 / ratePerSecond
  const startedAt = performance.now()
  const endsAt = startedAt + minutes * SAMPLE_MS + SAMPLE_END_SLACK_MS
  let nextArrivalAt = startedAt
  let nextSampleAt = startedAt + SAMPLE_MS
  let nextCobAt = startedAt + COB_EVERY_MINUTES * SAMPLE_MS
  console.log('minute  heap MiB  rss MiB  requests  p50 ms  p99 ms')
  while (performance.now() < endsAt) {
    const now = performance.now()
    while (nextArrivalAt <= now) {
      const op = drawOp()
      fire(op.name, () => op.run())
      nextArrivalAt += intervalMs
    }
    if (now >= nextCobAt) {
      nextCobAt += COB_EVERY_MINUTES * SAMPLE_MS
      cobRuns += 1
      fire(
        'close-of-business',
        async () => (await call('POST', '/v1/system/close-of-business', officerKey, { days: 1 })).status,
      )
    }
    if (now >= nextSampleAt) {
      nextSampleAt += SAMPLE_MS
      ;(globalThis as { gc?: () => void }).gc?.()
      const memory = process.memoryUsage()
      const sorted = latenciesMs.sort((a, b) => a - b)
      const sample: Minute = {
        minute: samples.length + 1,
        heapMiB: memory.heapUsed / 2 ** 20,
        rssMiB: memory.rss / 2 ** 20,
        count: sorted.length,
        p50Ms: percentile(sorted, 0.5),
        p99Ms: percentile(sorted, 0.99),
      }
      samples.push(sample)
      latenciesMs = []
      console.log(
        [
          sample.minute,
          fmt(sample.heapMiB, 1),
          fmt(sample.rssMiB, 1),
          sample.count,
          fmt(sample.p50Ms, 1),
          fmt(sample.p99Ms, 1),
        ]
          .map((cell) => String(cell).padStart(8))
          .join(''),
      )
    }
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(1, Math.min(nextArrivalAt, nextSampleAt) - performance.now())),
    )
  }
  while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 50))

  const steady = samples.filter((sample) => sample.minute > WARMUP_MINUTES)
  const third = Math.max(1, Math.floor(steady.length / 3))
  const median = (values: number[]) =>
    percentile(
      [...values].sort((a, b) => a - b),
      0.5,
    )
  const p99First = median(steady.slice(0, third).map((sample) => sample.p99Ms))
  const p99Last = median(steady.slice(-third).map((sample) => sample.p99Ms))
  console.log(`\nrequests sent ${sent}, shed ${shed}, close of business runs ${cobRuns}`)
  console.log(
    `answers: ${[...statuses.entries()]
      .sort()
      .map(([kind, count]) => `${kind}: ${count}`)
      .join(', ')}`,
  )
  console.log(
    `failures (5xx, timeouts, refused): ${failures.length}${failures.length ? ` ${JSON.stringify(failures.slice(0, 10))}` : ''}`,
  )
  console.log(
    `heap after GC: ${fmt(steady[0]?.heapMiB ?? NaN, 1)} → ${fmt(steady.at(-1)?.heapMiB ?? NaN, 1)} MiB, ` +
      `slope ${fmt(slope(steady.map((sample) => [sample.minute, sample.heapMiB])), 3)} MiB/min after the ${WARMUP_MINUTES}-minute warm-up`,
  )
  console.log(
    `p99: first third ${fmt(p99First, 1)} ms, last third ${fmt(p99Last, 1)} ms, ratio ${fmt(p99Last / p99First, 2)}`,
  )
  const verdict = await verifyLedger(env.db)
  console.log(`ledger:verify: ${verdict.ok ? 'clean' : `DISCREPANCY ${JSON.stringify(verdict.discrepancy)}`}`)
  if (failures.length > 0 || !verdict.ok) process.exitCode = 1
} finally {
  await new Promise((resolve) => server.close(resolve))
  await env.close()
}

/** Least-squares slope of y over x. */
function slope(points: [number, number][]): number {
  const n = points.length
  if (n < 2) return Number.NaN
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n
  const covariance = points.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0)
  const variance = points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0)
  return covariance / variance
}
