/**
 * What the simulations share (merchant-simulation.ts, season-simulation.ts and their `npm run`
 * entry points): a database of their own that they may drop, bounded concurrency, step timing, close
 * of business run in-process (src/close-of-business/close-of-business-in-process.ts, re-exported), and
 * the printing of money and of the ledger's verdict.
 * @module
 */
import { dropDatabase, ensureDatabaseExists, databaseName } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import type { IsoDate } from '../../src/kernel/business-date.js'
import type { VerifyResult } from '../../src/ledger/ledger-verifier.js'
import { openServices, type Services } from '../../src/services.js'

/** The application's database and the server's own: a simulation refuses to drop them. */
const PROTECTED_DATABASES = new Set(['microloan', 'mysql', 'information_schema', 'performance_schema', 'sys'])

export function checkSimulationDatabaseUrl(databaseUrl: string): void {
  const name = databaseName(databaseUrl)
  if (!name || PROTECTED_DATABASES.has(name.toLowerCase())) {
    throw new Error(`The simulation drops its database; refusing to use "${name}". Name another one.`)
  }
}

/** Drops and recreates the simulation's database, migrated, its business date `startDate`. */
export async function openSimulationDatabase(databaseUrl: string, startDate: IsoDate): Promise<Services> {
  checkSimulationDatabaseUrl(databaseUrl)
  await dropDatabase(databaseUrl)
  await ensureDatabaseExists(databaseUrl)
  const services = openServices(databaseUrl)
  try {
    await migrateToLatest(services.db, { initialBusinessDate: startDate })
  } catch (error) {
    await services.close()
    throw error
  }
  return services
}

/** Runs `work` over `items`, at most `limit` at once. */
export async function forEachConcurrent<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) await work(items[next++]!)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}

/** Wall time spent per named step. */
export function stepClock<P extends string>(steps: readonly P[]) {
  const ms = Object.fromEntries(steps.map((step) => [step, 0])) as Record<P, number>
  const timed = async <T>(step: P, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now()
    try {
      return await work()
    } finally {
      ms[step] += performance.now() - t0
    }
  }
  return { ms, timed }
}

export {
  closeOfBusinessInProcess,
  type CloseStep,
} from '../../src/close-of-business/close-of-business-in-process.js'

// ---- printing ---------------------------------------------------------------------------------

/** 123456789 fen → "1,234,567.89". */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  const whole = Math.trunc(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`
}

/** 123456789 → "123,456,789". */
export function thousands(value: number): string {
  return value.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** Label/value lines, then a table of money in fen and yuan, labels aligned across both. */
export function printFigures(counts: Array<[string, string]>, money: Array<[string, number]>): void {
  const width = Math.max(...[...money, ...counts].map(([label]) => label.length))
  console.log()
  for (const [label, value] of counts) console.log(`${label.padEnd(width)}  ${value}`)
  console.log()
  const fenWidth = Math.max(...money.map(([, fen]) => thousands(fen).length), 3)
  const yuanWidth = Math.max(...money.map(([, fen]) => yuan(fen).length), 4)
  console.log(`${''.padEnd(width)}  ${'fen'.padStart(fenWidth)}  ${'yuan'.padStart(yuanWidth)}`)
  for (const [label, fen] of money) {
    console.log(
      `${label.padEnd(width)}  ${thousands(fen).padStart(fenWidth)}  ${yuan(fen).padStart(yuanWidth)}`,
    )
  }
  console.log()
}

/** Whether the figures reconcile, then `ledger:verify`'s checks and verdict. */
export function printVerdict(mismatches: string[], verify: VerifyResult): void {
  console.log(
    mismatches.length === 0
      ? 'figures reconcile with the ledger’s balances'
      : `FIGURES DIFFER FROM THE LEDGER: ${mismatches.join('; ')}`,
  )
  for (const line of verify.checks) console.log(`ledger:verify ${line}`)
  console.log(
    `ledger:verify ${verify.counts.accounts} accounts, ${verify.counts.entries} entries, ` +
      `${verify.counts.postings} postings; ${verify.durationMs} ms — ` +
      (verify.ok ? 'clean' : `DISCREPANCY: ${verify.discrepancy}`),
  )
}

export function formatStepTimes(ms: Record<string, number>): string {
  return Object.entries(ms)
    .map(([step, value]) => `${step} ${(value / 1000).toFixed(1)} s`)
    .join(', ')
}

/** A bad command line: printed with the usage, exit 1. */
export class UsageError extends Error {}

/** `--name value` as a whole number ≥ `min`, or `fallback` when absent. */
export function wholeNumberOption(
  name: string,
  value: string | undefined,
  fallback: number,
  min = 1,
): number {
  if (value === undefined) return fallback
  const parsed = Number(value)
  if (!Number.isSafeInteger(parsed) || parsed < min) {
    throw new UsageError(`--${name} must be a whole number ≥ ${min}, got "${value}"`)
  }
  return parsed
}

/** Runs a simulation's `main`, printing a usage error with the usage and anything else in full. */
export function runMain(main: () => Promise<void>, usage: string): void {
  main().catch((error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n${usage}`)
    } else {
      console.error(error)
    }
    process.exitCode = 1
  })
}
