import { describe, expect, it } from 'vitest'
import { AGRI_POLICY } from '../../../src/agri/agri-policy.js'
import {
  judgeAgriApplication,
  judgeBacking,
  type BackingFacts,
  type AgriApplicationFacts,
  type AgriApplicationRequest,
} from '../../../src/agri/agri-origination-rules.js'
import { isoDate } from '../../../src/kernel/business-date.js'

type Contract = NonNullable<AgriApplicationFacts['contract']>
type Policy = NonNullable<AgriApplicationFacts['policy']>

/** Contract 12 of farmer 3, worth 1,234,567 fen: 70% of it is 864,196.9, capped (rounded down) at 864,196. */
const contract = (overrides: Partial<Contract> = {}): Contract => ({
  id: 12,
  farmerId: 3,
  offtakerId: 7,
  status: 'signed',
  valueFen: 1_234_567,
  crop: 'rice',
  deliveryTo: isoDate('2026-09-30'),
  ...overrides,
})

const policy = (overrides: Partial<Policy> = {}): Policy => ({
  id: 5,
  insurerId: 9,
  status: 'active',
  contractId: 12,
  farmerId: 3,
  premiumDeducted: true,
  premiumFen: 20_000,
  ...overrides,
})

const facts = (overrides: Partial<AgriApplicationFacts> = {}): AgriApplicationFacts => ({
  businessDate: isoDate('2026-04-01'),
  contract: contract(),
  policy: policy(),
  ...overrides,
})

const request = (overrides: Partial<AgriApplicationRequest> = {}): AgriApplicationRequest => ({
  farmerId: 3,
  contractId: 12,
  policyId: 5,
  amountFen: 500_000,
  ...overrides,
})

const codes = (verdict: ReturnType<typeof judgeAgriApplication>) =>
  verdict.reasons.map((reason) => reason.code)

describe('judging a farm loan application', () => {
  it('approves up to 70% of the contract’s value, rounded down, and declines one fen more', () => {
    expect(judgeAgriApplication(request({ amountFen: 864_196 }), facts())).toEqual({
      kind: 'approved',
      reasons: [
        {
          code: 'secured_by_contract',
          text: 'Repaid from contract 12 (1234567 fen) and guaranteed by policy 5.',
        },
      ],
      contract: contract(),
      policy: policy(),
    })
    expect(judgeAgriApplication(request({ amountFen: 864_197 }), facts())).toEqual({
      kind: 'declined',
      reasons: [
        {
          code: 'amount_above_advance',
          text: "At most 70% of the contract's value (864196 fen) is advanced.",
        },
      ],
    })
  })

  it('never rounds a cap up: a 15 fen contract advances 10 fen (10.5), a 25 fen one 17 (17.5), not 18', () => {
    const small = facts({ contract: contract({ valueFen: 15 }), policy: policy({ premiumDeducted: false }) })
    expect(judgeAgriApplication(request({ amountFen: 10 }), small).kind).toBe('approved')
    expect(codes(judgeAgriApplication(request({ amountFen: 11 }), small))).toEqual(['amount_above_advance'])
    const odd = facts({ contract: contract({ valueFen: 25 }), policy: policy({ premiumDeducted: false }) })
    expect(judgeAgriApplication(request({ amountFen: 17 }), odd).kind).toBe('approved')
    expect(codes(judgeAgriApplication(request({ amountFen: 18 }), odd))).toEqual(['amount_above_advance'])
  })

  it('needs more than a deducted premium, and ignores a premium paid apart', () => {
    expect(judgeAgriApplication(request({ amountFen: 20_000 }), facts())).toEqual({
      kind: 'declined',
      reasons: [{ code: 'amount_below_premium', text: 'The loan must be more than the 20000 fen premium.' }],
    })
    expect(judgeAgriApplication(request({ amountFen: 20_001 }), facts()).kind).toBe('approved')
    const paidApart = facts({ policy: policy({ premiumDeducted: false }) })
    expect(judgeAgriApplication(request({ amountFen: 1 }), paidApart).kind).toBe('approved')
  })

  it('gives the first contract reason only, in order', () => {
    const cases: Array<[Contract | null, string, string]> = [
      [null, 'contract_not_found', "Contract 12 is not this farmer's."],
      [contract({ farmerId: 4 }), 'contract_not_found', "Contract 12 is not this farmer's."],
      [contract({ status: 'financed' }), 'contract_already_financed', 'Contract 12 is already financed.'],
      [contract({ status: 'delivering' }), 'contract_already_financed', 'Contract 12 is already financed.'],
      [contract({ status: 'cancelled' }), 'contract_not_signed', 'Contract 12 is cancelled.'],
      [
        contract({ deliveryTo: isoDate('2026-04-01') }),
        'contract_window_closed',
        "Contract 12's delivery window has ended.",
      ],
    ]
    for (const [named, code, text] of cases) {
      expect(judgeAgriApplication(request(), facts({ contract: named }))).toEqual({
        kind: 'declined',
        reasons: [{ code, text }],
      })
    }
  })

  it('declines a missing, inactive or foreign policy', () => {
    const notActive = { code: 'policy_not_active', text: 'Policy 5 is missing or not active.' }
    const notCovering = {
      code: 'policy_not_covering',
      text: 'Policy 5 does not cover contract 12 for this farmer.',
    }
    expect(judgeAgriApplication(request(), facts({ policy: null })).reasons).toEqual([notActive])
    expect(judgeAgriApplication(request(), facts({ policy: policy({ status: 'claimed' }) })).reasons).toEqual(
      [notActive],
    )
    expect(judgeAgriApplication(request(), facts({ policy: policy({ contractId: 13 }) })).reasons).toEqual([
      notCovering,
    ])
    expect(judgeAgriApplication(request(), facts({ policy: policy({ farmerId: 4 }) })).reasons).toEqual([
      notCovering,
    ])
  })

  it('declines budgets for categories the crop may not buy, one reason each', () => {
    const verdict = judgeAgriApplication(
      request({ categoryBudgets: { seed: 4_000, feed: 2_000, veterinary: 1_000 } }),
      facts(),
    )
    expect(verdict).toEqual({
      kind: 'declined',
      reasons: [
        { code: 'budget_category_not_eligible', text: 'feed is not a farm input for this crop.' },
        { code: 'budget_category_not_eligible', text: 'veterinary is not a farm input for this crop.' },
      ],
    })
  })

  it('tells a farmer every reason at once', () => {
    const verdict = judgeAgriApplication(
      request({ amountFen: 900_000, categoryBudgets: { feed: 1_000 } }),
      facts({
        contract: contract({ status: 'financed' }),
        policy: policy({ farmerId: 4, premiumFen: 900_000 }),
      }),
    )
    expect(codes(verdict)).toEqual([
      'contract_already_financed',
      'policy_not_covering',
      'amount_above_advance',
      'amount_below_premium',
      'budget_category_not_eligible',
    ])
  })

  it('without a contract, checks no advance and allows no budget', () => {
    const verdict = judgeAgriApplication(
      request({ amountFen: 9_999_999, categoryBudgets: { seed: 1_000 } }),
      facts({ contract: null }),
    )
    expect(codes(verdict)).toEqual(['contract_not_found', 'budget_category_not_eligible'])
  })
})

describe('judging the parties that back a farm loan', () => {
  const backing = (overrides: Partial<BackingFacts> = {}): BackingFacts => ({
    offtaker: { id: 7, approved: true, exposureFen: 0 },
    insurer: { id: 9, approved: true, exposureFen: 0 },
    ...overrides,
  })

  it('lets approved backers take a loan up to each exposure limit exactly, and refuses one fen more', () => {
    const offtakerFull = AGRI_POLICY.offtakerExposureFenMax - 1_000
    const atOfftakerLimit = backing({ offtaker: { id: 7, approved: true, exposureFen: offtakerFull } })
    expect(judgeBacking(1_000, atOfftakerLimit)).toBeNull()
    expect(judgeBacking(1_001, atOfftakerLimit)?.code).toBe('offtaker_exposure_limit')
    const insurerFull = AGRI_POLICY.insurerExposureFenMax - 1_000
    const atInsurerLimit = backing({ insurer: { id: 9, approved: true, exposureFen: insurerFull } })
    expect(judgeBacking(1_000, atInsurerLimit)).toBeNull()
    expect(judgeBacking(1_001, atInsurerLimit)?.code).toBe('insurer_exposure_limit')
  })

  it('refuses an unapproved offtaker first, then an unapproved insurer, and never names a figure', () => {
    const neither = backing({
      offtaker: { id: 7, approved: false, exposureFen: 0 },
      insurer: { id: 9, approved: false, exposureFen: 0 },
    })
    expect(judgeBacking(1_000, neither)?.code).toBe('offtaker_not_approved')
    expect(judgeBacking(1_000, backing({ insurer: { id: 9, approved: false, exposureFen: 0 } }))?.code).toBe(
      'insurer_not_approved',
    )
    const over = judgeBacking(
      1_000,
      backing({ offtaker: { id: 7, approved: true, exposureFen: AGRI_POLICY.offtakerExposureFenMax - 1 } }),
    )
    expect(over?.detail).not.toMatch(/\d{4}/)
  })

  it('refuses an offtaker with proceeds past due, however little, before its exposure; none past due backs', () => {
    const owing = (overdueProceedsFen: number) =>
      backing({ offtaker: { id: 7, approved: true, exposureFen: 0, overdueProceedsFen } })
    expect(judgeBacking(1_000, owing(0))).toBeNull()
    const refused = judgeBacking(1_000, owing(1))
    expect(refused?.code).toBe('offtaker_proceeds_overdue')
    expect(refused?.detail).not.toMatch(/\d/)
    const alsoFull = backing({
      offtaker: {
        id: 7,
        approved: true,
        exposureFen: AGRI_POLICY.offtakerExposureFenMax,
        overdueProceedsFen: 5,
      },
    })
    expect(judgeBacking(1_000, alsoFull)?.code).toBe('offtaker_proceeds_overdue')
  })
})
