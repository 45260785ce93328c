import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allocate, capBps, divRoundHalfEven, fenFromDb, mulBps } from '../../../src/kernel/money.js'

describe('money', () => {
  it('rounds half to even', () => {
    expect(divRoundHalfEven(5n, 2n)).toBe(2n) // 2.5 → 2
    expect(divRoundHalfEven(7n, 2n)).toBe(4n) // 3.5 → 4
    expect(divRoundHalfEven(-5n, 2n)).toBe(-2n)
    expect(divRoundHalfEven(-7n, 2n)).toBe(-4n)
    expect(divRoundHalfEven(10n, 3n)).toBe(3n)
    expect(divRoundHalfEven(11n, 3n)).toBe(4n)
    expect(divRoundHalfEven(5n, -2n)).toBe(-2n)
  })

  it('multiplies by basis points to the fen', () => {
    expect(mulBps(10_000, 1_850)).toBe(1_850)
    expect(mulBps(1, 5_000)).toBe(0) // 0.5 → 0
    expect(mulBps(3, 5_000)).toBe(2) // 1.5 → 2
    expect(mulBps(99_999_999_999, 10_000)).toBe(99_999_999_999)
  })

  it('allocates without losing or creating a fen', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33])
    expect(allocate(1, [0, 5])).toEqual([0, 1])
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e12 }),
        fc
          .array(fc.integer({ min: 0, max: 1e6 }), { minLength: 1, maxLength: 20 })
          .filter((ws) => ws.some((w) => w > 0)),
        (total, weights) => {
          const shares = allocate(total, weights)
          expect(shares.reduce((a, b) => a + b, 0)).toBe(total)
          const weightSum = weights.reduce((a, b) => a + b, 0)
          shares.forEach((share, i) =>
            expect(Math.abs(share - (total * weights[i]!) / weightSum)).toBeLessThan(1),
          )
        },
      ),
    )
  })

  it('reads exact sums from the database and refuses inexact ones', () => {
    expect(fenFromDb('12345')).toBe(12345)
    expect(fenFromDb(null)).toBe(0)
    expect(() => fenFromDb('1.5')).toThrow()
    expect(() => fenFromDb('99999999999999999999')).toThrow()
  })
})

describe('capBps', () => {
  it('rounds a cap down, where mulBps would round half-even up', () => {
    expect(capBps(10_001, 7_000)).toBe(7_000) // 7 000.7
    expect(mulBps(10_001, 7_000)).toBe(7_001)
    expect(capBps(3, 5_000)).toBe(1) // 1.5
    expect(capBps(99_999_999_999, 10_000)).toBe(99_999_999_999)
    expect(capBps(0, 7_000)).toBe(0)
  })
  it('never exceeds the exact share, and is within a fen of it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (amountFen, bps) => {
          const capFen = capBps(amountFen, bps)
          expect(BigInt(capFen) * 10_000n <= BigInt(amountFen) * BigInt(bps)).toBe(true)
          expect((BigInt(capFen) + 1n) * 10_000n > BigInt(amountFen) * BigInt(bps)).toBe(true)
        },
      ),
    )
  })
})
