/**
 * The options a merchant is offered never include an installment schedule with an installment that
 * repays no principal (issue 16 item 5): the same rule as the calculator and restructures.
 */
import { describe, expect, it } from 'vitest'
import { CREDIT_POLICY, type ScoreBand } from '../../../src/credit/credit-policy.js'
import { offerOptions } from '../../../src/credit/offer.js'
import { isoDate } from '../../../src/kernel/business-date.js'

const START = isoDate('2026-01-01')
const BANDS: ScoreBand[] = ['A', 'B', 'C', 'D']

describe('offerOptions', () => {
  it('offers every installment term of the policy down to the smallest loan', () => {
    for (const band of BANDS) {
      const options = offerOptions(band, CREDIT_POLICY.creditLimitFenMin, START)
      expect(options.filter((option) => option.repaymentMethod === 'installment')).toHaveLength(
        CREDIT_POLICY.installmentTerms.length,
      )
    }
  })

  it('does not offer a term whose schedule would leave an installment without principal', () => {
    const policy = {
      ...CREDIT_POLICY,
      installmentTerms: [
        ...CREDIT_POLICY.installmentTerms,
        { termDays: 365, frequency: 'daily', repayments: 365 },
      ],
    } as unknown as typeof CREDIT_POLICY
    const small = offerOptions('A', 100, START, policy)
    expect(small.some((option) => option.termDays === 365)).toBe(false)
    expect(small.filter((option) => option.repaymentMethod === 'installment')).toHaveLength(3)
    const large = offerOptions('A', 1_000_000, START, policy)
    expect(large.some((option) => option.termDays === 365)).toBe(true)
  })
})
