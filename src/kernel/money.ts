/**
 * Money is an integer count of fen (0.01 yuan) everywhere. This module owns the arithmetic that can
 * round: one rounding rule (half-even, PRODUCT.md conventions), done in bigint so no float ever
 * touches a fen. Pure; safe to import from workflows.
 * @module
 */
import { assert } from './assert.js'

/** The largest fen amount the system accepts anywhere (10^13 fen = 100 billion yuan). */
export const FEN_MAX = 10_000_000_000_000

export function isFen(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value)
}

export function assertFen(value: number, what = 'amount'): number {
  assert(Number.isSafeInteger(value), `${what} must be a safe integer of fen, got ${value}`)
  return value
}

/** Converts a value read from MySQL (a SUM arrives as a DECIMAL string) to fen, asserting it is exact. */
export function fenFromDb(value: string | number | bigint | null | undefined): number {
  if (value === null || value === undefined) return 0
  const asNumber = Number(value)
  assert(
    Number.isSafeInteger(asNumber) && String(value).replace(/\.0+$/, '') === String(asNumber),
    `not an exact fen amount: ${value}`,
  )
  return asNumber
}

/** numerator / denominator rounded half to even (banker's rounding). */
export function divRoundHalfEven(numerator: bigint, denominator: bigint): bigint {
  assert(denominator !== 0n, 'division by zero')
  if (denominator < 0n) {
    numerator = -numerator
    denominator = -denominator
  }
  const quotient = numerator / denominator // truncates toward zero
  const remainder = numerator - quotient * denominator
  const twice = 2n * (remainder < 0n ? -remainder : remainder)
  if (twice < denominator) return quotient
  const away = remainder < 0n ? quotient - 1n : quotient + 1n
  if (twice > denominator) return away
  return quotient % 2n === 0n ? quotient : away
}

/** amountFen × rateBps / 10 000, rounded half-even to the fen. */
export function mulBps(amountFen: number, rateBps: number): number {
  assertFen(amountFen)
  assert(Number.isSafeInteger(rateBps), `rateBps must be an integer, got ${rateBps}`)
  return Number(divRoundHalfEven(BigInt(amountFen) * BigInt(rateBps), 10_000n))
}

/**
 * amountFen × rateBps / 10 000, rounded down to the fen: the share a cap or a limit allows (an advance
 * of 70% of a contract, the covered share of a claim, a category budget). A cap never rounds up.
 */
export function capBps(amountFen: number, rateBps: number): number {
  assertFen(amountFen)
  assert(Number.isSafeInteger(rateBps) && rateBps >= 0, `rateBps must be a whole number ≥ 0, got ${rateBps}`)
  return Number((BigInt(amountFen) * BigInt(rateBps)) / 10_000n)
}

/**
 * Splits `totalFen` in proportion to `weights` without losing or creating a fen (largest remainder;
 * ties go to the earlier weight).
 */
export function allocate(totalFen: number, weights: readonly number[]): number[] {
  assertFen(totalFen)
  assert(weights.length > 0, 'allocate needs at least one weight')
  assert(
    weights.every((weight) => Number.isSafeInteger(weight) && weight >= 0),
    'weights must be non-negative integers',
  )
  const weightSum = weights.reduce((sum, weight) => sum + BigInt(weight), 0n)
  assert(weightSum > 0n, 'weights must not all be zero')
  const total = BigInt(totalFen)
  const shares = weights.map((weight) => (total * BigInt(weight)) / weightSum)
  const remainders = weights.map((weight, index) => ({
    index,
    rest: total * BigInt(weight) - shares[index]! * weightSum,
  }))
  let left = total - shares.reduce((sum, share) => sum + share, 0n)
  remainders.sort((a, b) => (a.rest === b.rest ? a.index - b.index : a.rest > b.rest ? -1 : 1))
  for (const { index } of remainders) {
    if (left <= 0n) break
    shares[index]! += 1n
    left -= 1n
  }
  return shares.map(Number)
}

/**
 * "1,234.56", "¥12" or "￥12" as typed into a form → fen, read as text (never through a float); null
 * unless an amount of at most 11 whole digits and two decimals.
 */
export function parseYuan(text: string): number | null {
  const match = /^(\d{1,11})(?:\.(\d{1,2}))?$/.exec(
    text
      .trim()
      .replace(/^[¥￥]/, '')
      .replace(/,/g, ''),
  )
  if (!match) return null
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
}

/** Plain yuan for an input's value: 1234 fen → "12.34" (no grouping, two decimals). */
export function plainYuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`
}
