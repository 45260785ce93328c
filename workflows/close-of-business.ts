import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common'
import {
  ParentClosePolicy,
  executeChild,
  getExternalWorkflowHandle,
  proxyActivities,
} from '@temporalio/workflow'
import type { CloseOfBusinessActivities } from '../src/close-of-business/close-of-business-activities.js'
import {
  addDayTotals,
  closeBusinessDayInOrder,
  emptyDayTotals,
  type DayCloseSummary,
  type DayTotals,
} from '../src/servicing/close-of-business-steps.js'
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
} & DayTotals

/** Closes `days` business dates in turn, each in its own `cob/{date}` workflow. */
export async function closeOfBusinessRun(input: CloseOfBusinessRunInput): Promise<CloseOfBusinessRunResult> {
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > COB_DAYS_MAX) {
    throw new Error(`days must be 1..${COB_DAYS_MAX}`)
  }
  const totals: CloseOfBusinessRunResult = { fromDate: '', toDate: '', daysClosed: 0, ...emptyDayTotals() }
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
      addDayTotals(totals, summary)
    }
  }
  return totals
}

/**
 * Closes one business date: the steps of src/servicing/close-of-business-steps.ts in their order (merchant
 * sales settled, every active loan serviced in batches, the farm loans' milestones), then moves the
 * business date. Its id is `cob/{date}`; every step is idempotent per loan and date, so a retried or
 * resumed run does nothing twice.
 */
export async function closeOfBusinessDay(input: {
  businessDate: string
  closedBy: string
}): Promise<DayCloseSummary> {
  const businessDate = input.businessDate as DayCloseSummary['businessDate']
  const steps = { settleMerchantSalesBatch, serviceLoanBatch, serviceAgriMilestones, closeBusinessDay }
  const { summary } = await closeBusinessDayInOrder(
    steps,
    { businessDate, closedBy: input.closedBy },
    // Each farm loan's own workflow is told of its milestone (one that no longer runs has nothing
    // left to learn), before the date moves.
    async (milestones) => {
      for (const event of milestones) {
        try {
          await getExternalWorkflowHandle(event.workflowId).signal(agriLoanEventSignal, { kind: event.event })
        } catch {
          // The loan's workflow has ended or never ran (a loan booked outside it).
        }
      }
    },
  )
  return summary
}
