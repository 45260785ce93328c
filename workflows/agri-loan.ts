import {
  allHandlersFinished,
  condition,
  defineSignal,
  defineUpdate,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow'
import type { AgriActivities } from '../src/agri/agri-activities.js'
import type { AgriApplicationInput, AgriOutcome } from '../src/agri/agri-origination.js'

const { decideAgriLoanApplication, disburseAgriLoan, agriLoanStatus } = proxyLocalActivities<AgriActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '50 milliseconds', maximumInterval: '2 seconds', maximumAttempts: 20 },
})

/** Answers once the decision and (if approved) the disbursement are durable. */
export const agriDecisionUpdate = defineUpdate<AgriOutcome>('decision')

/**
 * Something happened to the loan: a delivery, the sweep, a default, a claim decided or paid, a
 * repayment, a write-off. The workflow re-reads the loan whatever the kind.
 */
export type AgriLoanEvent = {
  kind: 'delivery' | 'swept' | 'defaulted' | 'claim_decided' | 'claim_paid' | 'repaid' | 'written_off'
}
export const agriLoanEventSignal = defineSignal<[AgriLoanEvent]>('loanEvent')

export type AgriLoanResult = { outcome: AgriOutcome; finalStatus: string }

/**
 * A farm loan from application to its end: decision → restricted wallet funded exactly once → then
 * it lives through the season, woken by deliveries and by close of business (the sweep at the end of
 * the delivery window, the default after the grace period) and by the insurer's payment, until the
 * loan is closed or written off.
 */
export async function agriLoan(input: Omit<AgriApplicationInput, 'workflowId'>): Promise<AgriLoanResult> {
  const decision: { outcome?: AgriOutcome } = {}
  let pending = 0
  setHandler(agriDecisionUpdate, async () => {
    await condition(() => decision.outcome !== undefined)
    return decision.outcome!
  })
  setHandler(agriLoanEventSignal, () => {
    pending += 1
  })
  const decided = await decideAgriLoanApplication({ ...input, workflowId: workflowInfo().workflowId })
  if (decided.kind === 'approved') await disburseAgriLoan({ loanId: decided.loanId })
  decision.outcome = decided
  if (decided.kind !== 'approved') {
    // Let a waiting decision update be answered before the run ends (a later one reads the result).
    await condition(allHandlersFinished)
    return { outcome: decided, finalStatus: 'declined' }
  }
  for (;;) {
    await condition(() => pending > 0)
    pending = 0
    const status = await agriLoanStatus({ loanId: decided.loanId })
    if (status === 'closed' || status === 'written_off') {
      await condition(allHandlersFinished)
      return { outcome: decided, finalStatus: status }
    }
  }
}
