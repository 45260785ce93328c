/**
 * The agricultural closed loop: purchase authorization through the HTTP route
 * (`POST /v1/restricted-wallets/{id}/purchases` on the app in-process, with real farmer API keys and
 * Idempotency-Keys), p50/p99 latency and purchases per second with 1 client, with 16 clients each on
 * its own farmer's wallet, and with 16 clients on ONE wallet (every purchase takes that loan's row
 * lock, so they queue), beside raw single-row inserts at the same concurrency measured in the same
 * run. Then one season of the closed loop for 1,000 farmers (BENCH_SCALE × 1,000), timed
 * (src/simulation/season-simulation.ts).
 */
import { randomBytes } from 'node:crypto'
import { AdminKey, createPrincipal } from '../src/access/principal-service.js'
import { decideAgriApplication, disburseAgriLoan } from '../src/agri/agri-origination.js'
import { createContract, createPolicy } from '../src/agri/contracts.js'
import { createParty, upsertProduct } from '../src/agri/parties.js'
import { dropDatabase } from '../src/db/database.js'
import { createApp } from '../src/http/app.js'
import { addDays } from '../src/kernel/business-date.js'
import { createLogger } from '../src/log.js'
import { runSeasonSimulation } from '../src/simulation/season-simulation.js'
import { getBusinessDate } from '../src/system/business-date-service.js'
import { type BenchEnv, fmt, perSecond, summarize } from './support.js'

const P99_TARGET_MS = 50
const WALLETS = 16
export const SKU = 'bench-seed'
const UNIT_PRICE_FEN = 100

export type Wallet = { walletId: number; key: string }

/** A supplier with one seed SKU, and `count` farmers each with a funded farm loan (its wallet). */
export async function setUpWallets(
  env: BenchEnv,
  count: number,
  purchasesEach: number,
): Promise<{ supplierId: number; wallets: Wallet[] }> {
  const run = randomBytes(3).toString('hex')
  const supplier = await createParty(env, 'supplier', {
    externalRef: `bench-sup-${run}`,
    name: 'Bench Supply',
    approved: true,
  })
  await upsertProduct(env.db, {
    supplierId: supplier.id,
    sku: SKU,
    name: 'Seed',
    category: 'seed',
    priceFen: UNIT_PRICE_FEN,
  })
  const offtaker = await createParty(env, 'offtaker', {
    externalRef: `bench-off-${run}`,
    name: 'Bench Offtaker',
  })
  const insurer = await createParty(env, 'insurer', {
    externalRef: `bench-ins-${run}`,
    name: 'Bench Insurer',
  })
  const today = await getBusinessDate(env.db)
  // Enough in each wallet for every purchase of the runs, with room to spare.
  const amountFen = Math.max(1_000_000, purchasesEach * UNIT_PRICE_FEN * 2)
  const wallets: Wallet[] = []
  for (let i = 0; i < count; i++) {
    const farmer = await createParty(env, 'farmer', {
      externalRef: `bench-farmer-${run}-${i}`,
      name: `Farmer ${i}`,
      region: 'Bench',
    })
    const contract = await createContract(env.db, {
      offtakerId: offtaker.id,
      farmerId: farmer.id,
      crop: 'rice',
      quantityKg: Math.ceil(amountFen / 100),
      priceFenPerKg: 200,
      deliveryFrom: addDays(today, 120),
      deliveryTo: addDays(today, 150),
    })
    const policy = await createPolicy(env.db, {
      insurerId: insurer.id,
      farmerId: farmer.id,
      contractId: contract.contractId,
      coverageBps: 8_000,
      premiumFen: 0,
    })
    const outcome = await decideAgriApplication(env, {
      workflowId: `bench-agri/${run}/${i}`,
      farmerId: farmer.id,
      contractId: contract.contractId,
      policyId: policy.policyId,
      amountFen,
    })
    if (outcome.kind !== 'approved')
      throw new Error(`bench loan declined: ${JSON.stringify(outcome.reasons)}`)
    await disburseAgriLoan(env, outcome.loanId)
    const { apiKey } = await createPrincipal(env.db, { role: 'farmer', subjectId: farmer.id })
    wallets.push({ walletId: outcome.loanId, key: apiKey })
  }
  return { supplierId: supplier.id, wallets }
}

/** `clients` clients, each making `perClient` calls one after another; per-call latencies and the wall time. */
async function runClients(
  clients: number,
  perClient: number,
  task: (client: number, call: number) => Promise<void>,
): Promise<{ latenciesMs: number[]; wallMs: number }> {
  const latenciesMs: number[] = []
  const startedAt = performance.now()
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let call = 0; call < perClient; call++) {
        const t0 = performance.now()
        await task(client, call)
        latenciesMs.push(performance.now() - t0)
      }
    }),
  )
  return { latenciesMs, wallMs: performance.now() - startedAt }
}

export async function runAgriBench(
  env: BenchEnv,
  n: (count: number) => number,
  insertsPerSecond: Map<number, number>,
  options: { season: boolean } = { season: true },
): Promise<void> {
  console.log(
    '\nFarm loans: purchase authorization (POST /v1/restricted-wallets/{id}/purchases, through the app)',
  )
  const single = n(300)
  const perClient = n(100)
  const { supplierId, wallets } = await setUpWallets(env, WALLETS, Math.max(single, perClient * WALLETS))
  const app = createApp({
    ...env,
    temporal: env.client,
    log: createLogger('silent'),
    adminKey: new AdminKey(randomBytes(24).toString('base64url')),
  })
  const run = randomBytes(3).toString('hex')
  const buy = async (wallet: Wallet, tag: string) => {
    const response = await app.request(`/v1/restricted-wallets/${wallet.walletId}/purchases`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${wallet.key}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': `bench-${run}-${tag}`,
      },
      body: JSON.stringify({ supplierId, lines: [{ sku: SKU, quantity: 1 }] }),
    })
    if (response.status !== 201)
      throw new Error(`purchase answered ${response.status}: ${await response.text()}`)
  }
  // Warm-up: the app's key cache, the pools, the prepared paths.
  await runClients(4, n(10), (client, call) => buy(wallets[client]!, `warm-${client}-${call}`))

  const report = (label: string, clients: number, result: { latenciesMs: number[]; wallMs: number }) => {
    const latency = summarize(result.latenciesMs)
    const rate = perSecond(latency.count, result.wallMs)
    const raw = insertsPerSecond.get(clients)
    console.log(
      `  ${label}: ${fmt(rate, 1)} purchases/s, p50 ${fmt(latency.p50Ms, 1)} ms, p99 ${fmt(latency.p99Ms, 1)} ms ` +
        `(n=${latency.count}; p99 target < ${P99_TARGET_MS} ms: ${latency.p99Ms < P99_TARGET_MS ? 'met' : 'MISSED'})` +
        (raw
          ? `; ${fmt(rate / raw, 3)} × raw single-row inserts at ${clients} connections (${fmt(raw)} tx/s)`
          : ''),
    )
  }
  report('1 client', 1, await runClients(1, single, (_, call) => buy(wallets[0]!, `one-${call}`)))
  report(
    '16 clients, each on its own wallet',
    16,
    await runClients(WALLETS, perClient, (client, call) => buy(wallets[client]!, `own-${client}-${call}`)),
  )
  report(
    '16 clients on ONE wallet (contended)',
    16,
    await runClients(WALLETS, perClient, (client, call) => buy(wallets[1]!, `hot-${client}-${call}`)),
  )

  if (!options.season) return
  const farmers = n(1000)
  const seasonUrl = `${env.databaseUrl}_season`
  try {
    const season = await runSeasonSimulation({ farmers, databaseUrl: seasonUrl })
    const raw4 = insertsPerSecond.get(4)
    const entriesPerSecond = perSecond(season.verify.counts.entries, season.wallMs)
    console.log(
      `  season simulation, ${fmt(farmers)} farmers × ${season.days} days: ${fmt(season.wallMs / 1000, 1)} s, ` +
        `${fmt(season.verify.counts.entries)} entries = ${fmt(entriesPerSecond)} entries/s` +
        (raw4 ? ` (${fmt(entriesPerSecond / raw4, 3)} × raw inserts at 4 connections)` : '') +
        `; ledger:verify ${season.verify.ok ? 'clean' : 'DISCREPANCY'}` +
        (season.mismatches.length === 0 ? '' : `, FIGURES DIFFER: ${season.mismatches.join('; ')}`),
    )
    console.log(
      `    by step: ${Object.entries(season.stepMs)
        .map(([step, ms]) => `${step} ${fmt(ms / 1000, 1)} s`)
        .join(', ')}`,
    )
  } finally {
    await dropDatabase(seasonUrl)
  }
}
