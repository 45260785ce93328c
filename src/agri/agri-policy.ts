/**
 * The agricultural closed loop's rules as data, versioned like the credit policy: which product
 * categories count as farm inputs (a contract's crop may narrow them), how much of a contract's value
 * may be advanced, the price, and how long after the delivery window an unpaid loan defaults.
 * @module
 */
export const FARM_INPUT_CATEGORIES = [
  'seed',
  'fertilizer',
  'pesticide',
  'feed',
  'veterinary',
  'irrigation',
  'equipment_rental',
] as const
export type FarmInputCategory = (typeof FARM_INPUT_CATEGORIES)[number]

export const AGRI_POLICY = {
  version: 'agri-policy-2026-12-v2',
  /** The most a loan may be, as a share of the offtake contract's value (70%). */
  advanceRateBps: 7_000,
  /** Interest a year on the principal owed, ACT/365, accrued nightly; repaid in one bullet. */
  annualRateBps: 800,
  /**
   * Interest only on what the farmer used: each night's interest runs on the principal owed less the
   * unspent restricted balance, so restricted money accrues from the day it is spent (a supplier's
   * refund stops it again), not from disbursement. Stored on each loan when it is booked.
   */
  interestOnUse: true,
  /** The least share of a loan a guarantee policy covers (50%); its premium is above zero too. */
  minCoverageBps: 5_000,
  /**
   * The most outstanding principal of farm loans one offtaker's contracts may repay (¥20 million),
   * and one insurer's policies may guarantee (¥50 million): checked under the party's lock at
   * every origination, so racing applications never exceed them.
   */
  offtakerExposureFenMax: 2_000_000_000,
  insurerExposureFenMax: 5_000_000_000,
  /** Days after the delivery window closes before an unpaid loan defaults and its claim opens. */
  defaultGraceDays: 30,
  /**
   * How far above its officer-reviewed reference a product's price may rise and stay approved
   * (10%); past it the product goes back to review and restricted money cannot buy it.
   */
  priceToleranceBps: 1_000,
  /** Crops whose loans may buy only some farm inputs; a crop not listed may buy every farm input. */
  categoriesByCrop: {
    rice: ['seed', 'fertilizer', 'pesticide', 'irrigation', 'equipment_rental'],
    wheat: ['seed', 'fertilizer', 'pesticide', 'irrigation', 'equipment_rental'],
    corn: ['seed', 'fertilizer', 'pesticide', 'irrigation', 'equipment_rental'],
    hogs: ['feed', 'veterinary', 'equipment_rental'],
    dairy: ['feed', 'veterinary', 'equipment_rental'],
  } as Readonly<Record<string, readonly FarmInputCategory[]>>,
} as const

/** Whether `priceFen` is more than `toleranceBps` above `referenceFen` (exact, in whole fen). */
export function priceAboveTolerance(
  priceFen: number,
  referenceFen: number,
  toleranceBps: number = AGRI_POLICY.priceToleranceBps,
): boolean {
  return BigInt(priceFen) * 10_000n > BigInt(referenceFen) * BigInt(10_000 + toleranceBps)
}

/** The categories a loan for `crop` may buy. */
export function eligibleCategories(crop: string): readonly FarmInputCategory[] {
  return AGRI_POLICY.categoriesByCrop[crop] ?? FARM_INPUT_CATEGORIES
}
