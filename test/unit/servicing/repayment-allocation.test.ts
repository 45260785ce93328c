import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allocatePayment } from '../../../src/servicing/repayment-allocation.js'

const owed = { penaltyFen: 50, feesFen: 100, interestFen: 300, principalFen: 10_000 }

describe('repayment allocation', () => {
  it('pays penalty, then fees, then interest, then principal', () => {
    expect(allocatePayment(420, owed)).toEqual({
      penaltyFen: 50,
      feesFen: 100,
      interestFen: 270,
      principalFen: 0,
      leftoverFen: 0,
    })
    expect(allocatePayment(1_000, owed)).toEqual({
      penaltyFen: 50,
      feesFen: 100,
      interestFen: 300,
      principalFen: 550,
      leftoverFen: 0,
    })
  })

  it('returns what is more than owed as leftover', () => {
    expect(allocatePayment(10_500, owed).leftoverFen).toBe(50)
  })

  it('follows another order when a product says so', () => {
    expect(allocatePayment(400, owed, ['principal', 'interest', 'fees', 'penalty'])).toMatchObject({
      principalFen: 400,
      interestFen: 0,
    })
  })

  it('never loses or creates a fen', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.array(fc.integer({ min: 0, max: 1e8 }), { minLength: 4, maxLength: 4 }),
        (amount, [p, f, i, pr]) => {
          const a = allocatePayment(amount, {
            penaltyFen: p!,
            feesFen: f!,
            interestFen: i!,
            principalFen: pr!,
          })
          expect(a.penaltyFen + a.feesFen + a.interestFen + a.principalFen + a.leftoverFen).toBe(amount)
          expect(a.interestFen).toBeLessThanOrEqual(i!)
        },
      ),
    )
  })
})
