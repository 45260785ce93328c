/**
 * How a payment is split over what a loan owes. The order is data (PRODUCT.md: penalty, fees,
 * interest, principal by default; configurable per product). Pure.
 * @module
 */
import { assert } from '../kernel/assert.js'

export const OWED_COMPONENTS = ['penalty', 'fees', 'interest', 'principal'] as const
export type OwedComponent = (typeof OWED_COMPONENTS)[number]
export const DEFAULT_ALLOCATION_ORDER: readonly OwedComponent[] = OWED_COMPONENTS

export type Owed = { penaltyFen: number; feesFen: number; interestFen: number; principalFen: number }
export type Allocation = Owed & { leftoverFen: number }

const FIELD: Record<OwedComponent, keyof Owed> = {
  penalty: 'penaltyFen',
  fees: 'feesFen',
  interest: 'interestFen',
  principal: 'principalFen',
}

/** Fills each component in `order` up to what is owed; what is left over is returned, never lost. */
export function allocatePayment(
  amountFen: number,
  owed: Owed,
  order: readonly OwedComponent[] = DEFAULT_ALLOCATION_ORDER,
): Allocation {
  assert(Number.isSafeInteger(amountFen) && amountFen >= 0, `payment must be whole fen ≥ 0, got ${amountFen}`)
  assert(new Set(order).size === OWED_COMPONENTS.length, 'the order names every component once')
  const allocation: Allocation = {
    penaltyFen: 0,
    feesFen: 0,
    interestFen: 0,
    principalFen: 0,
    leftoverFen: amountFen,
  }
  for (const component of order) {
    const field = FIELD[component]
    const take = Math.min(allocation.leftoverFen, Math.max(0, owed[field]))
    allocation[field] = take
    allocation.leftoverFen -= take
  }
  return allocation
}

export function totalOwedFen(owed: Owed): number {
  return owed.penaltyFen + owed.feesFen + owed.interestFen + owed.principalFen
}
