/**
 * The chaos suite's seeded schedule: which requests the clients send, in what order, which are sent
 * twice at once with the same Idempotency-Key, which race each other with different keys, and when
 * which fault strikes. The same seed and options give the same plan (the timing of answers under
 * load does not: that is what the faults are for).
 * @module
 */
import { createRandom, deriveSeed, type Random } from '../../src/credit/random.js'

export const FAULT_KINDS = ['worker', 'temporal', 'mysql'] as const
export type FaultKind = (typeof FAULT_KINDS)[number]

export type Fault = {
  kind: FaultKind
  /** How long after the previous fault's recovery (or the start of traffic) it strikes. */
  afterMs: number
  /** How long the process stays down. */
  downMs: number
  /** SIGKILL (a crash) or SIGTERM (a clean stop); the worker is always SIGKILLed. */
  signal: 'SIGKILL' | 'SIGTERM'
}

/** One merchant or farm request; `parent` names the application a repayment pays. */
export type Step =
  | { kind: 'apply'; id: string; merchant: number; amountFen: number }
  | { kind: 'repay'; id: string; merchant: number; parent: string; amountBps: number }
  /** Two repayments with different keys sent at once, each `amountBps` of the loan. */
  | { kind: 'repay_race'; id: string; merchant: number; parent: string; amountBps: number }
  | { kind: 'purchase'; id: string; farm: number; lines: Array<{ sku: string; quantity: number }> }
  | { kind: 'deliver'; id: string; farm: number; quantityKg: number }

export type PlannedStep = Step & {
  /** Extra copies sent at the same moment with the same key and body. */
  duplicates: number
}

export type PlanOptions = {
  seed: number
  merchants: Array<{ availableFen: number }>
  farms: number
  applicationsPerMerchant: number
  purchasesPerFarm: number
  deliveriesPerFarm: number
  faultCount: number
  faultGapMs: readonly [number, number]
  downMs: readonly [number, number]
  faultKinds: readonly FaultKind[]
}

export const FARM_SKUS = { seed: 'seed-pack', fertilizer: 'urea', ineligible: 'phone' } as const
export const MIN_APPLICATION_FEN = 100
const DUPLICATE_PROBABILITY = 0.2
const RACE_PROBABILITY = 0.35
const INELIGIBLE_PURCHASE_PROBABILITY = 0.1
/** Each of two racing repayments asks for this share of the loan: together they exceed it. */
export const RACE_AMOUNT_BPS = 6_000

function duplicates(random: Random): number {
  return random.bernoulli(DUPLICATE_PROBABILITY) ? random.int(1, 2) : 0
}

/** Merges sequences at random, keeping each one's own order (a repayment after its application). */
function interleave<T>(random: Random, sequences: T[][]): T[] {
  const queues = sequences.filter((sequence) => sequence.length > 0).map((sequence) => [...sequence])
  const merged: T[] = []
  while (queues.length > 0) {
    const index = random.int(0, queues.length - 1)
    merged.push(queues[index]!.shift()!)
    if (queues[index]!.length === 0) queues.splice(index, 1)
  }
  return merged
}

export function planSteps(options: PlanOptions): PlannedStep[] {
  const sequences: PlannedStep[][] = []
  options.merchants.forEach((merchant, m) => {
    const random = createRandom(deriveSeed(options.seed, m))
    const sequence: PlannedStep[] = []
    const perLoanFen = Math.floor(merchant.availableFen / options.applicationsPerMerchant)
    for (let n = 0; n < options.applicationsPerMerchant; n++) {
      const id = `m${m}-apply${n}`
      const amountFen = random.int(MIN_APPLICATION_FEN, Math.max(MIN_APPLICATION_FEN, perLoanFen))
      sequence.push({ kind: 'apply', id, merchant: m, amountFen, duplicates: duplicates(random) })
      sequence.push(
        random.bernoulli(RACE_PROBABILITY)
          ? {
              kind: 'repay_race',
              id: `m${m}-race${n}`,
              merchant: m,
              parent: id,
              amountBps: RACE_AMOUNT_BPS,
              duplicates: duplicates(random),
            }
          : {
              kind: 'repay',
              id: `m${m}-repay${n}`,
              merchant: m,
              parent: id,
              amountBps: random.int(1_000, 12_000),
              duplicates: duplicates(random),
            },
      )
    }
    sequences.push(sequence)
  })
  for (let f = 0; f < options.farms; f++) {
    const random = createRandom(deriveSeed(options.seed ^ 0x5eed, f))
    const sequence: PlannedStep[] = []
    for (let n = 0; n < options.purchasesPerFarm; n++) {
      const sku = random.bernoulli(INELIGIBLE_PURCHASE_PROBABILITY)
        ? FARM_SKUS.ineligible
        : random.bernoulli(0.5)
          ? FARM_SKUS.seed
          : FARM_SKUS.fertilizer
      sequence.push({
        kind: 'purchase',
        id: `f${f}-buy${n}`,
        farm: f,
        lines: [{ sku, quantity: random.int(1, 5) }],
        duplicates: duplicates(random),
      })
    }
    for (let n = 0; n < options.deliveriesPerFarm; n++) {
      sequence.push({
        kind: 'deliver',
        id: `f${f}-deliver${n}`,
        farm: f,
        quantityKg: random.int(1_000, 4_000),
        duplicates: duplicates(random),
      })
    }
    sequences.push(sequence)
  }
  return interleave(createRandom(deriveSeed(options.seed, 0x07de7)), sequences)
}

export function planFaults(options: PlanOptions): Fault[] {
  const random = createRandom(deriveSeed(options.seed, 0xfa17))
  // Every kind once first (in a seeded order), so that even a short run injects each; then at random.
  const firstRound = [...options.faultKinds]
  for (let i = firstRound.length - 1; i > 0; i--) {
    const j = random.int(0, i)
    ;[firstRound[i], firstRound[j]] = [firstRound[j]!, firstRound[i]!]
  }
  return Array.from({ length: options.faultCount }, (_, index) => {
    const kind = firstRound[index] ?? options.faultKinds[random.int(0, options.faultKinds.length - 1)]!
    return {
      kind,
      afterMs: random.int(options.faultGapMs[0], options.faultGapMs[1]),
      downMs: random.int(options.downMs[0], options.downMs[1]),
      signal: kind === 'worker' || random.bernoulli(0.7) ? ('SIGKILL' as const) : ('SIGTERM' as const),
    }
  })
}
