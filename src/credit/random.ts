/**
 * A small seeded pseudo-random number generator for synthetic data: the same 32-bit seed always gives
 * the same stream, on every machine and Node version, so a synthetic population (and any model trained
 * on it) can be rebuilt bit for bit. The core is mulberry32 (32-bit state, period 2^32): plenty for
 * simulation, NOT for anything secret. Nothing in src/credit may use `Math.random`.
 * @module
 */
import { assert } from '../kernel/assert.js'

const UINT32_RANGE = 4_294_967_296 // 2^32
const TWO_PI = 2 * Math.PI

/** A reproducible stream of random draws; every method advances the stream. */
export interface Random {
  /** Uniform on [0, 1). */
  uniform(): number
  /** Standard normal N(0, 1), by the Box–Muller transform (the spare value is kept for the next call). */
  normal(): number
  /** exp(N(mu, sigma²)): its median is exp(mu). */
  logNormal(mu: number, sigma: number): number
  /** true with probability `p` (p clamped to [0, 1]). */
  bernoulli(p: number): boolean
  /** A uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number
}

/** Coerces any finite number to an unsigned 32-bit seed, so callers may pass plain integers. */
function toSeed(seed: number): number {
  assert(Number.isFinite(seed), `seed must be a finite number, got ${seed}`)
  return seed >>> 0
}

/**
 * Mixes two 32-bit values into a new, well-spread 32-bit seed (the murmur3 finaliser). Used to give
 * item `index` of a stream seeded `seed` its own independent generator, so item 17 is the same
 * whether 20 or 100 000 items are generated, and items can be produced lazily one at a time.
 */
export function deriveSeed(seed: number, index: number): number {
  let h = (toSeed(seed) ^ Math.imul(toSeed(index) + 0x9e3779b9, 0x85ebca6b)) >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/** Creates a generator from a 32-bit seed (mulberry32). */
export function createRandom(seed: number): Random {
  let state = toSeed(seed)
  let spareNormal: number | undefined

  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / UINT32_RANGE
  }

  const normal = (): number => {
    if (spareNormal !== undefined) {
      const value = spareNormal
      spareNormal = undefined
      return value
    }
    // 1 − u is in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()))
    const angle = TWO_PI * uniform()
    spareNormal = radius * Math.sin(angle)
    return radius * Math.cos(angle)
  }

  return {
    uniform,
    normal,
    logNormal: (mu, sigma) => Math.exp(mu + sigma * normal()),
    bernoulli: (p) => uniform() < p,
    int: (min, max) => {
      assert(
        Number.isInteger(min) && Number.isInteger(max) && min <= max,
        `bad integer range [${min}, ${max}]`,
      )
      return min + Math.floor(uniform() * (max - min + 1))
    },
  }
}
