/**
 * Activities of merchant loan origination (run as local activities: short, in the worker's process).
 * Both are idempotent by business key: the workflow id for the decision, `disb:{loanId}` for money.
 * @module
 */
import type { LedgerService } from '../ledger/ledger-service.js'
import {
  decideApplication,
  disburseLoan,
  type ApplicationInput,
  type ApplicationOutcome,
  type OriginationDeps,
} from './origination-service.js'

export const createOriginationActivities = (deps: OriginationDeps & { ledger: LedgerService }) => ({
  async decideLoanApplication(input: ApplicationInput): Promise<ApplicationOutcome> {
    return decideApplication(deps, input)
  },
  async disburseMerchantLoan(input: { loanId: number }): Promise<{ entryId: number }> {
    return disburseLoan(deps, input.loanId)
  },
})

export type OriginationActivities = ReturnType<typeof createOriginationActivities>
