import { describe, expect, it } from 'vitest'
import { isoDate } from '../../../src/kernel/business-date.js'
import {
  judgeApplication,
  type ApplicationFacts,
  type ApplicationRequest,
  type RefillFacts,
} from '../../../src/merchant-loans/origination-rules.js'

const lineReasons = [{ code: 'strong_sales', text: 'Steady sales.' }]

const facts = (overrides: Partial<ApplicationFacts['position']> = {}, line = {}): ApplicationFacts => ({
  businessDate: isoDate('2026-03-02'),
  line: {
    eligible: true,
    scoreBand: 'B',
    creditLimitFen: 5_000_000,
    reasons: lineReasons,
    spikeRatio: 1,
    policyVersion: 'credit-policy-2026-11-v1',
    ...line,
  },
  position: { outstandingPrincipalFen: 1_200_000, applicationsToday: 0, ...overrides },
})

const request = (overrides: Partial<ApplicationRequest> = {}): ApplicationRequest => ({
  merchantId: 7,
  amountFen: 100_000,
  termDays: 84,
  repaymentMethod: 'installment',
  frequency: 'weekly',
  ...overrides,
})

/** Loan 31 of merchant 7: 1,000,000 fen lent, `owedFen` of it still owed, paid off today by `payoffFen`. */
const refill = (owedFen: number, payoffFen: number, loan = {}): Exclude<RefillFacts, { loan: null }> => ({
  loan: { id: 31, product: 'merchant', borrowerId: 7, status: 'active', principalFen: 1_000_000, ...loan },
  refilledByLoanId: null,
  principalOwedFen: owedFen,
  payoffFen,
})

describe('judging a merchant loan application', () => {
  it('declines with the line’s reasons when the line does not lend', () => {
    const reasons = [{ code: 'short_tenure', text: 'Too new.' }]
    const ineligible = {
      businessDate: isoDate('2026-03-02'),
      line: { ...facts().line, eligible: false, reasons },
    }
    expect(judgeApplication(request(), ineligible)).toEqual({ kind: 'declined', reasons })
    expect(judgeApplication(request(), facts({}, { scoreBand: null }))).toEqual({
      kind: 'declined',
      reasons: lineReasons,
    })
  })

  it('lends exactly the limit less the principal still owed, and refuses one fen more', () => {
    const availableFen = 5_000_000 - 1_200_000
    const approved = judgeApplication(request({ amountFen: availableFen }), facts())
    expect(approved).toMatchObject({ kind: 'approved', reasons: lineReasons })
    expect(approved.kind === 'approved' && approved.option).toMatchObject({
      termDays: 84,
      frequency: 'weekly',
    })
    expect(judgeApplication(request({ amountFen: availableFen + 1 }), facts())).toEqual({
      kind: 'refused',
      code: 'amount_above_available',
      detail: 'At most 3800000 fen is available.',
    })
  })

  it('says 0 fen is available when more than the limit is owed', () => {
    expect(judgeApplication(request(), facts({ outstandingPrincipalFen: 5_000_001 }))).toMatchObject({
      code: 'amount_above_available',
      detail: 'At most 0 fen is available.',
    })
  })

  it('refuses 99 fen and lends 100', () => {
    expect(judgeApplication(request({ amountFen: 99 }), facts())).toEqual({
      kind: 'refused',
      code: 'amount_below_minimum',
      detail: 'The smallest loan is 100 fen.',
    })
    expect(judgeApplication(request({ amountFen: 100 }), facts()).kind).toBe('approved')
  })

  it('refuses a term, method or frequency that is not offered', () => {
    for (const asked of [
      request({ termDays: 85 }),
      request({ frequency: 'daily' }),
      request({ repaymentMethod: 'sales_share', termDays: 84 }),
    ]) {
      expect(judgeApplication(asked, facts())).toMatchObject({ kind: 'refused', code: 'option_not_offered' })
    }
    expect(judgeApplication(request({ repaymentMethod: 'sales_share', termDays: 180 }), facts()).kind).toBe(
      'approved',
    )
  })

  it('declines for velocity at five applications on the business date, and for a sales spike above 3×', () => {
    expect(judgeApplication(request(), facts({ applicationsToday: 4 })).kind).toBe('approved')
    expect(judgeApplication(request(), facts({ applicationsToday: 5 }))).toEqual({
      kind: 'declined',
      reasons: [
        {
          code: 'too_many_applications',
          text: 'Too many applications today; please try again tomorrow.',
        },
      ],
    })
    expect(judgeApplication(request(), facts({}, { spikeRatio: 3 })).kind).toBe('approved')
    const both = judgeApplication(request(), facts({ applicationsToday: 5 }, { spikeRatio: 3.01 }))
    expect(both.kind === 'declined' && both.reasons.map((reason) => reason.code)).toEqual([
      'too_many_applications',
      'sales_spike',
    ])
  })

  it('refuses before it declines: a refused amount is not a fraud decline', () => {
    expect(judgeApplication(request({ amountFen: 99 }), facts({ applicationsToday: 9 }))).toMatchObject({
      kind: 'refused',
      code: 'amount_below_minimum',
    })
  })

  describe('a refill', () => {
    const refillRequest = (amountFen: number) => request({ amountFen, refillOfLoanId: 31 })

    it('counts the old loan’s owed principal as available again', () => {
      // 250,000 of 1,000,000 fen owed: 75.00% repaid, the least a refill needs. The line has 10,000
      // fen left; the old loan's 250,000 fen come back to it.
      const position = { outstandingPrincipalFen: 4_990_000, refill: refill(250_000, 251_234) }
      expect(judgeApplication(refillRequest(260_000), facts(position)).kind).toBe('approved')
      expect(judgeApplication(refillRequest(260_001), facts(position))).toMatchObject({
        code: 'amount_above_available',
        detail: 'At most 260000 fen is available.',
      })
    })

    it('must be more than the payoff, by a fen', () => {
      const position = { outstandingPrincipalFen: 0, refill: refill(200_000, 201_234) }
      expect(judgeApplication(refillRequest(201_234), facts(position))).toEqual({
        kind: 'refused',
        code: 'amount_below_payoff',
        detail: 'A refill must be more than the 201234 fen that pays loan 31 off.',
      })
      expect(judgeApplication(refillRequest(201_235), facts(position)).kind).toBe('approved')
    })

    it('needs 75% of the principal repaid, rounded down to the basis point', () => {
      // 250,001 owed: 7,499.99 bps repaid, floored to 7,499.
      expect(judgeApplication(refillRequest(300_000), facts({ refill: refill(250_001, 260_000) }))).toEqual({
        kind: 'refused',
        code: 'refill_not_eligible',
        detail: "74.99% of loan 31's principal is repaid; a refill needs 75%.",
      })
    })

    it('is only of the merchant’s own active loan, refilled once', () => {
      const cases: Array<[RefillFacts, string]> = [
        [{ loan: null }, "Loan 31 is not one of this merchant's loans."],
        [refill(0, 0, { borrowerId: 8 }), "Loan 31 is not one of this merchant's loans."],
        [refill(0, 0, { product: 'agri' }), "Loan 31 is not one of this merchant's loans."],
        [refill(0, 0, { status: 'closed' }), 'Loan 31 is closed.'],
        [{ ...refill(0, 0), refilledByLoanId: 40 }, 'Loan 31 is already refilled by loan 40.'],
      ]
      for (const [refillFacts, detail] of cases) {
        expect(judgeApplication(refillRequest(300_000), facts({ refill: refillFacts }))).toEqual({
          kind: 'refused',
          code: 'refill_not_eligible',
          detail,
        })
      }
    })

    it('is refused before the amount is checked', () => {
      expect(judgeApplication(refillRequest(50), facts({ refill: { loan: null } }))).toMatchObject({
        code: 'refill_not_eligible',
      })
    })
  })
})
