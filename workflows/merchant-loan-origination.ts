import { proxyLocalActivities, workflowInfo } from '@temporalio/workflow'
import type { OriginationActivities } from '../src/merchant-loans/origination-activities.js'
import type { ApplicationInput, ApplicationOutcome } from '../src/merchant-loans/origination-service.js'

// Local activities: the checkout waits on this workflow, and a local activity skips the task-queue
// round trip (measured here: about 50 ms per ordinary activity on the dev server).
const { decideLoanApplication, disburseMerchantLoan } = proxyLocalActivities<OriginationActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '50 milliseconds', maximumInterval: '2 seconds', maximumAttempts: 20 },
})

/** Application → decision (line locked, fraud checks, agreement booked) → disbursement, once per id. */
export async function merchantLoanOrigination(
  input: Omit<ApplicationInput, 'workflowId'>,
): Promise<ApplicationOutcome> {
  const outcome = await decideLoanApplication({ ...input, workflowId: workflowInfo().workflowId })
  if (outcome.kind === 'approved') await disburseMerchantLoan({ loanId: outcome.loanId })
  return outcome
}
