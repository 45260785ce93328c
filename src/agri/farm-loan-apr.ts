/**
 * The APR a farm loan discloses (issue 17, item 7): the IRR of the farmer's own cash flows. The
 * farmer receives the restricted money credited at disbursement, the principal less the guarantee
 * premium deducted from it, and pays the bullet at maturity: the principal and the interest of the
 * whole term on all of it. Under interest on use that interest assumes everything was spent on the
 * day of disbursement, the most the farmer can owe, so the disclosed APR is an upper bound: spending
 * later makes the true cost lower, never higher. Like the loan calculator's APR
 * ({@link annualPercentageRateBps}), a nominal annual rate with ACT/365 year fractions, in whole
 * basis points. Pure.
 * @module
 */
import { assert } from '../kernel/assert.js'
import { annualPercentageRateBps } from '../servicing/schedule.js'

const DAYS_PER_YEAR = 365

export type FarmLoanCashFlows = {
  principalFen: number
  /** The premium the policy deducts from the disbursement (0 when the farmer pays it apart). */
  premiumDeductedFen: number
  /** Principal and interest due at maturity, as the loan's schedule says. */
  repayFen: number
  /** Days from disbursement to maturity (at least 1). */
  termDays: number
}

/** The farm loan's APR in bps: received principal − premium now, pays `repayFen` after `termDays`. */
export function farmLoanAprBps(flows: FarmLoanCashFlows): number {
  const receivedFen = flows.principalFen - flows.premiumDeductedFen
  assert(Number.isSafeInteger(receivedFen) && receivedFen > 0, `farm loan receives nothing: ${receivedFen}`)
  assert(flows.repayFen >= flows.principalFen, `repays less than the principal: ${flows.repayFen}`)
  assert(Number.isSafeInteger(flows.termDays) && flows.termDays >= 1, `term of ${flows.termDays} days`)
  return annualPercentageRateBps(receivedFen, [flows.repayFen], [flows.termDays / DAYS_PER_YEAR])
}
