import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common'
import {
  ParentClosePolicy,
  executeChild,
  getExternalWorkflowHandle,
  proxyActivities,
} from '@temporalio/workflow'
import type {
  CloseOfBusinessActivities,
  DayCloseSummary,
} from '../src/close-of-business/close-of-business-activities.js'
import type { AgriActivities } from '../src/agri/agri-activities.js'
import { agriLoanEventSignal } from './agri-loan.js'
import { COB_DAYS_MAX, closeOfBusinessDayId } from './definitions.js'

const { currentBusinessDate, closeBusinessDay, serviceLoanBatch, settleMerchantSalesBatch } =
  proxyActivities<CloseOfBusinessActivities>({
    // Short, so that an activity lost with a dead worker is retried elsewhere within seconds.
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '200 milliseconds', maximumInterval: '10 seconds' },
  })

const { serviceAgriMilestones } = proxyActivities<AgriActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '10 seconds' },
})

const { awaitBusinessDateAfter } = proxyActivities<CloseOfBusinessActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '10 seconds' },
})

export type CloseOfBusinessRunInput = { days: number; requestedBy: string }

export type CloseOfBusinessRunResult = {
  fromDate: string
  toDate: string
  daysClosed: number
  loansProcessed: number
  settledFen: number
  accruedInterestFen: number
  accruedPenaltyFen: number
  collectedFen: number
  newlyDelinquent: number
  writtenOff: number
  writtenOffFen: number
}

const SUMMED_FIELDS = [
  'loansProcessed',
  'settledFen',
  'accruedInterestFen',
  'accruedPenaltyFen',
  'collectedFen',
  'newlyDelinquent',
  'writtenOff',
  'writtenOffFen',
] as const

/** Closes `days` business dates in turn, each in its own `cob/{date}` workflow. */
export async function closeOfBusinessRun(input: CloseOfBusinessRunInput): Promise<CloseOfBusinessRunResult> {
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > COB_DAYS_MAX) {
    throw new Error(`days must be 1..${COB_DAYS_MAX}`)
  }
  const totals: CloseOfBusinessRunResult = {
    fromDate: '',
    toDate: '',
    daysClosed: 0,
    loansProcessed: 0,
    settledFen: 0,
    accruedInterestFen: 0,
    accruedPenaltyFen: 0,
    collectedFen: 0,
    newlyDelinquent: 0,
    writtenOff: 0,
    writtenOffFen: 0,
  }
  for (let day = 0; day < input.days; day++) {
    const businessDate = await currentBusinessDate()
    let summary: DayCloseSummary | undefined
    try {
      summary = await executeChild(closeOfBusinessDay, {
        workflowId: closeOfBusinessDayId(businessDate),
        args: [{ businessDate, closedBy: `${closeOfBusinessDayId(businessDate)} by ${input.requestedBy}` }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      })
    } catch (error) {
      // Another closer (the nightly schedule) holds this date: wait for it instead of closing twice.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error
      await awaitBusinessDateAfter({ businessDate })
    }
    if (day === 0) totals.fromDate = businessDate
    totals.toDate = businessDate
    if (summary && !summary.alreadyClosed) {
      totals.daysClosed += 1
      for (const field of SUMMED_FIELDS) totals[field] += summary[field]
    }
  }
  return totals
}

/**
 * Closes one business date: services every merchant loan in batches (accrual, collection,
 * allocation, closing), then moves the business date. Its id is `cob/{date}`; every step is
 * idempotent per loan and date, so a retried or resumed run does nothing twice.
 */
export async function closeOfBusinessDay(input: {
  businessDate: string
  closedBy: string
}): Promise<DayCloseSummary> {
  const businessDate = input.businessDate as DayCloseSummary['businessDate']
  const summary: DayCloseSummary = {
    businessDate,
    alreadyClosed: false,
    loansProcessed: 0,
    settledFen: 0,
    accruedInterestFen: 0,
    accruedPenaltyFen: 0,
    collectedFen: 0,
    newlyDelinquent: 0,
    writtenOff: 0,
    writtenOffFen: 0,
  }
  // Settlement first, so that what is due today is taken from today's sales. Bounded, as below.
  for (let afterMerchantId = 0; ;) {
    const batch = await settleMerchantSalesBatch({ businessDate, afterMerchantId })
    if (batch.lastMerchantId === null) break
    afterMerchantId = batch.lastMerchantId
    summary.settledFen += batch.settledFen
  }
  // Bounded: each batch moves past at least one loan id, and loans are finite.
  for (let afterLoanId = 0; ;) {
    const batch = await serviceLoanBatch({ businessDate, afterLoanId })
    if (batch.lastLoanId === null) break
    afterLoanId = batch.lastLoanId
    summary.loansProcessed += batch.loansProcessed
    summary.accruedInterestFen += batch.accruedInterestFen
    summary.accruedPenaltyFen += batch.accruedPenaltyFen
    summary.collectedFen += batch.collectedFen
    summary.newlyDelinquent += batch.newlyDelinquent
    summary.writtenOff += batch.writtenOff
    summary.writtenOffFen += batch.writtenOffFen
  }
  // Farm loans: the sweep when the delivery window closes, default after the grace period; each
  // loan's own workflow is told (one that no longer runs has nothing left to learn).
  for (const event of await serviceAgriMilestones({ businessDate })) {
    try {
      await getExternalWorkflowHandle(event.workflowId).signal(agriLoanEventSignal, { kind: event.event })
    } catch {
      // The loan's workflow has ended or never ran (a loan booked outside it).
    }
  }
  const closed = await closeBusinessDay({ businessDate, closedBy: input.closedBy })
  return { ...summary, alreadyClosed: closed.alreadyClosed }
}
