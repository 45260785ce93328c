/**
 * One close of business: the day's steps in their order and the totals they add up to, defined once.
 * The `cob/{date}` workflow (workflows/close-of-business.ts) runs {@link closeBusinessDayInOrder}
 * over its activities; the simulations run it over the same activities in-process.
 *
 * Pure: it imports types only, so workflows may import it. The steps arrive as arguments, which keeps
 * this module below the activities that implement them (servicing, agri, the business date).
 * @module
 */
import type { IsoDate } from '../kernel/business-date.js'

/** What closing one business date did: the settlement and every servicing batch, summed. */
export type DayTotals = {
  loansProcessed: number
  /** Net sales settled into merchant wallets. */
  settledFen: number
  accruedInterestFen: number
  accruedPenaltyFen: number
  collectedFen: number
  /** Loans that went from current to past due. */
  newlyDelinquent: number
  writtenOff: number
  writtenOffFen: number
}

/** The result of the `cob/{date}` workflow. */
export type DayCloseSummary = {
  businessDate: IsoDate
  /** Another closer (a schedule run, an earlier request) had closed the date: nothing was counted. */
  alreadyClosed: boolean
} & DayTotals

/**
 * Zero of every total. Typed {@link DayTotals}, so the compiler holds it to exactly those fields;
 * {@link DAY_TOTALS_FIELDS} is read from it.
 */
export function emptyDayTotals(): DayTotals {
  return {
    loansProcessed: 0,
    settledFen: 0,
    accruedInterestFen: 0,
    accruedPenaltyFen: 0,
    collectedFen: 0,
    newlyDelinquent: 0,
    writtenOff: 0,
    writtenOffFen: 0,
  }
}

/**
 * What one batch of loan servicing did (servicing-service.ts `serviceLoans`): the day's totals but
 * the settlement, and the loans paid off and closed, which the day's totals do not carry.
 */
export type ServicingTotals = Omit<DayTotals, 'settledFen'> & { closed: number }

/** The fields of {@link DayTotals}, in the order the API answers them: those of the zero totals. */
export const DAY_TOTALS_FIELDS = Object.freeze(Object.keys(emptyDayTotals()) as Array<keyof DayTotals>)

/** Adds `more` into `totals`, field by field; the fields `more` lacks (settlement, for a batch) stay. */
export function addDayTotals(totals: DayTotals, more: Partial<DayTotals>): void {
  for (const field of DAY_TOTALS_FIELDS) totals[field] += more[field] ?? 0
}

/**
 * The steps of one close of business, by the names of the activities that do them
 * (src/close-of-business/close-of-business-activities.ts and src/agri/agri-activities.ts). Each is
 * idempotent per date (and merchant or loan), so a retried or resumed day does nothing twice.
 */
export type CloseOfBusinessSteps<Milestone> = {
  /** Settles one batch of the date's merchant net sales; `lastMerchantId` null when none are left. */
  settleMerchantSalesBatch(input: {
    businessDate: IsoDate
    afterMerchantId: number
  }): Promise<{ settledFen: number; lastMerchantId: number | null }>
  /** Services one batch of active loans; `lastLoanId` null when none are left. */
  serviceLoanBatch(input: {
    businessDate: IsoDate
    afterLoanId: number
  }): Promise<ServicingTotals & { lastLoanId: number | null }>
  /** Farm loans: the sweep when the delivery window closes, default after the grace period; then each supplier with a positive net payable is settled. */
  serviceAgriMilestones(input: { businessDate: IsoDate }): Promise<Milestone[]>
  /** Closes the date (offers not renewed expire with it) and moves the business date, once. */
  closeBusinessDay(input: { businessDate: IsoDate; closedBy: string }): Promise<{ alreadyClosed: boolean }>
}

/**
 * Closes one business date, step by step: settlement first, so that what is due today is taken from
 * today's sales; then every loan in batches; then the farm loans' milestones, each passed to
 * `onMilestones` (the workflow tells each loan's workflow) before the date moves; then the date.
 */
export async function closeBusinessDayInOrder<Milestone>(
  steps: CloseOfBusinessSteps<Milestone>,
  input: { businessDate: IsoDate; closedBy: string },
  onMilestones: (milestones: Milestone[]) => Promise<void> = async () => {},
): Promise<{ summary: DayCloseSummary; milestones: Milestone[] }> {
  const { businessDate } = input
  const totals = emptyDayTotals()
  // Bounded: each batch moves past at least one merchant id, and merchants are finite.
  for (let afterMerchantId = 0; ;) {
    const batch = await steps.settleMerchantSalesBatch({ businessDate, afterMerchantId })
    if (batch.lastMerchantId === null) break
    afterMerchantId = batch.lastMerchantId
    totals.settledFen += batch.settledFen
  }
  // Bounded: each batch moves past at least one loan id, and loans are finite.
  for (let afterLoanId = 0; ;) {
    const batch = await steps.serviceLoanBatch({ businessDate, afterLoanId })
    if (batch.lastLoanId === null) break
    afterLoanId = batch.lastLoanId
    addDayTotals(totals, batch)
  }
  const milestones = await steps.serviceAgriMilestones({ businessDate })
  await onMilestones(milestones)
  const closed = await steps.closeBusinessDay({ businessDate, closedBy: input.closedBy })
  return { summary: { businessDate, alreadyClosed: closed.alreadyClosed, ...totals }, milestones }
}
