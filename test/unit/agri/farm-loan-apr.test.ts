import { describe, expect, it } from 'vitest'
import { farmLoanAprBps } from '../../../src/agri/farm-loan-apr.js'
import { interestBearingPrincipalFen } from '../../../src/servicing/interest-on-use.js'

/**
 * ¥10,000 for 90 days at 8%: the bullet's interest is 1,000,000 × 800 × 90 / 3,650,000 = 19,726.03,
 * rounded to 19,726 fen, so the farmer repays 1,019,726 fen.
 */
const loan = { principalFen: 1_000_000, repayFen: 1_019_726, termDays: 90 }

describe('the farm loan APR', () => {
  it('is the loan rate when nothing is deducted: 19,726 fen on 1,000,000 fen over 90 days is 8.00%', () => {
    expect(farmLoanAprBps({ ...loan, premiumDeductedFen: 0 })).toBe(800)
  })

  it('rises with the premium deducted, since the farmer receives less and repays the same', () => {
    // 1,019,726 / 990,000 − 1 over 90/365 of a year: 12.177%.
    expect(farmLoanAprBps({ ...loan, premiumDeductedFen: 10_000 })).toBe(1_218)
    // 1,019,726 / 980,000 − 1 over 90/365 of a year: 16.440%.
    expect(farmLoanAprBps({ ...loan, premiumDeductedFen: 20_000 })).toBe(1_644)
  })

  it('refuses cash flows where the farmer receives nothing', () => {
    expect(() => farmLoanAprBps({ ...loan, premiumDeductedFen: 1_000_000 })).toThrow()
  })
})

describe('the principal a night accrues on under interest on use', () => {
  it('is what is owed less the unspent restricted money, never below zero', () => {
    expect(interestBearingPrincipalFen(1_000_000, 0)).toBe(1_000_000)
    expect(interestBearingPrincipalFen(1_000_000, 980_000)).toBe(20_000)
    // Repaid 600,000 with nothing spent: no interest on money not used.
    expect(interestBearingPrincipalFen(400_000, 980_000)).toBe(0)
  })
})
