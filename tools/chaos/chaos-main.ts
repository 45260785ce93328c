/**
 * `npm run chaos -- [--seed N] [--duration-s 120] [--merchants 30] [--farms 10] [--faults 12] …`:
 * the fault-injection suite (chaos-run.ts). Prints the seed, the requests and their answers, the
 * faults injected, the anomalies and the ledger's verdict; exits 1 when there is any anomaly.
 * @module
 */
import { parseArgs } from 'node:util'
import { runMain, UsageError, wholeNumberOption } from '../simulation/simulation-support.js'
import { printReport } from './chaos-report.js'
import { CHAOS_DEFAULTS, runChaos } from './chaos-run.js'
import { FAULT_KINDS, type FaultKind } from './chaos-plan.js'

const USAGE =
  'usage: npm run chaos -- [--seed N] [--duration-s 120] [--merchants 30] [--farms 10] [--applications 3]\n' +
  '         [--purchases 6] [--deliveries 3] [--clients 12] [--faults 12] [--fault-gap-ms 2000-8000]\n' +
  '         [--down-ms 500-4000] [--kinds worker,temporal,mysql] [--drain-s 180] [--keep-data]'

function range(
  name: string,
  value: string | undefined,
  fallback: readonly [number, number],
): [number, number] {
  if (value === undefined) return [...fallback]
  const match = /^(\d+)-(\d+)$/.exec(value)
  if (!match || Number(match[1]) > Number(match[2]))
    throw new UsageError(`--${name} must be MIN-MAX in milliseconds, got "${value}"`)
  return [Number(match[1]), Number(match[2])]
}

function kinds(value: string | undefined): FaultKind[] {
  if (value === undefined) return [...FAULT_KINDS]
  const named = value.split(',').filter(Boolean)
  for (const kind of named)
    if (!(FAULT_KINDS as readonly string[]).includes(kind))
      throw new UsageError(`--kinds takes ${FAULT_KINDS.join(', ')}; got "${kind}"`)
  return named as FaultKind[]
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      'duration-s': { type: 'string' },
      merchants: { type: 'string' },
      farms: { type: 'string' },
      applications: { type: 'string' },
      purchases: { type: 'string' },
      deliveries: { type: 'string' },
      clients: { type: 'string' },
      faults: { type: 'string' },
      'fault-gap-ms': { type: 'string' },
      'down-ms': { type: 'string' },
      kinds: { type: 'string' },
      'drain-s': { type: 'string' },
      'keep-data': { type: 'boolean', default: false },
    },
  })
  const seed = wholeNumberOption('seed', values.seed, Date.now() % 1_000_000_000, 0)
  const d = CHAOS_DEFAULTS
  const report = await runChaos({
    seed,
    durationMs: wholeNumberOption('duration-s', values['duration-s'], d.durationMs / 1000) * 1000,
    merchants: wholeNumberOption('merchants', values.merchants, d.merchants),
    farms: wholeNumberOption('farms', values.farms, d.farms, 0),
    applicationsPerMerchant: wholeNumberOption(
      'applications',
      values.applications,
      d.applicationsPerMerchant,
    ),
    purchasesPerFarm: wholeNumberOption('purchases', values.purchases, d.purchasesPerFarm, 0),
    deliveriesPerFarm: wholeNumberOption('deliveries', values.deliveries, d.deliveriesPerFarm, 0),
    clients: wholeNumberOption('clients', values.clients, d.clients),
    faultCount: wholeNumberOption('faults', values.faults, d.faultCount, 0),
    faultGapMs: range('fault-gap-ms', values['fault-gap-ms'], d.faultGapMs),
    downMs: range('down-ms', values['down-ms'], d.downMs),
    faultKinds: kinds(values.kinds),
    drainTimeoutMs: wholeNumberOption('drain-s', values['drain-s'], d.drainTimeoutMs / 1000) * 1000,
    keepData: values['keep-data'],
    log: (line) => console.log(`[chaos] ${line}`),
  })
  console.log()
  printReport(report)
  if (report.anomalies.length > 0) process.exitCode = 1
}

runMain(main, USAGE)
