import { readdirSync, readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createRandom, deriveSeed, type Random } from '../../../src/credit/random.js'

function draws(random: Random): number[] {
  return [
    random.uniform(),
    random.normal(),
    random.normal(),
    random.logNormal(1, 0.5),
    random.int(-3, 3),
    random.bernoulli(0.5) ? 1 : 0,
  ]
}

describe('seeded random', () => {
  it('is mulberry32: the reference first values for seed 1', () => {
    const random = createRandom(1)
    expect(random.uniform()).toBe(0.6270739405881613)
    expect(random.uniform()).toBe(0.002735721180215478)
  })

  it('replays the same stream from the same seed, and another from another seed', () => {
    const a = Array.from({ length: 50 }, () => draws(createRandom(42)))
    expect(a.every((stream) => JSON.stringify(stream) === JSON.stringify(a[0]))).toBe(true)
    expect(draws(createRandom(43))).not.toEqual(a[0])
  })

  it('keeps draws in range for any seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: -50, max: 50 }), (seed, min) => {
        const random = createRandom(seed)
        for (let i = 0; i < 50; i++) {
          const u = random.uniform()
          expect(u >= 0 && u < 1).toBe(true)
          const k = random.int(min, min + 5)
          expect(Number.isInteger(k) && k >= min && k <= min + 5).toBe(true)
          expect(Number.isFinite(random.normal())).toBe(true)
        }
      }),
    )
  })

  it('has the right moments (20 000 draws)', () => {
    const random = createRandom(7)
    const n = 20_000
    const normals = Array.from({ length: n }, () => random.normal())
    const mean = normals.reduce((s, v) => s + v, 0) / n
    const variance = normals.reduce((s, v) => s + (v - mean) ** 2, 0) / n
    expect(Math.abs(mean)).toBeLessThan(0.03)
    expect(Math.abs(variance - 1)).toBeLessThan(0.05)
    const hits = Array.from({ length: n }, () => random.bernoulli(0.2)).filter(Boolean).length
    expect(Math.abs(hits / n - 0.2)).toBeLessThan(0.015)
    const logNormals = Array.from({ length: n }, () => random.logNormal(Math.log(2000), 1)).sort(
      (a, b) => a - b,
    )
    expect(logNormals[n / 2]! / 2000).toBeGreaterThan(0.95)
    expect(logNormals[n / 2]! / 2000).toBeLessThan(1.05)
    const dice = new Set(Array.from({ length: 1000 }, () => random.int(1, 6)))
    expect([...dice].sort()).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('derives distinct, stable per-item seeds', () => {
    const seeds = Array.from({ length: 10_000 }, (_, index) => deriveSeed(2002, index))
    expect(new Set(seeds).size).toBe(seeds.length)
    expect(deriveSeed(2002, 17)).toBe(seeds[17])
    expect(deriveSeed(2003, 17)).not.toBe(seeds[17])
    expect(seeds.every((seed) => Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)).toBe(true)
  })

  it('is the only randomness in src/credit: no Math.random', () => {
    const dir = new URL('../../../src/credit/', import.meta.url)
    const sources = readdirSync(dir).filter((name) => name.endsWith('.ts'))
    expect(sources.length).toBeGreaterThan(0)
    for (const name of sources) {
      expect(readFileSync(new URL(name, dir), 'utf8'), name).not.toMatch(/Math\.random\s*\(/)
    }
  })
})
