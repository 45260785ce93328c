/**
 * Activities of the farm loan workflow and of close of business for farm loans. Each is idempotent
 * by business key (the workflow id for the decision, `disb:{loanId}`, `sweep:{loanId}`, one claim
 * per loan).
 * @module
 */
import type { Db } from '../db/database.js'
import type { IsoDate } from '../kernel/business-date.js'
import type { LedgerService } from '../ledger/ledger-service.js'
import { decideAgriApplication, disburseAgriLoan, type AgriApplicationInput } from './agri-origination.js'
import { serviceAgriMilestones } from './agri-servicing.js'
import { raiseOverdueProceeds } from './offtaker-payments.js'
import { serviceClaims } from './claims.js'
import { settleParties } from './settlements.js'

export const createAgriActivities = (deps: { db: Db; ledger: LedgerService }) => ({
  async decideAgriLoanApplication(input: AgriApplicationInput) {
    return decideAgriApplication(deps, input)
  },
  async disburseAgriLoan(input: { loanId: number }) {
    return disburseAgriLoan(deps, input.loanId)
  },
  async agriLoanStatus(input: { loanId: number }): Promise<string> {
    const row = await deps.db
      .selectFrom('loans')
      .select('status')
      .where('id', '=', input.loanId)
      .executeTakeFirstOrThrow()
    return row.status
  },
  /**
   * Sweeps and defaults farm loans for the date, marks unpaid proceeds overdue, announces accepted claims unpaid past their due
   * date (and writes off a loan whose settled claim's write-off a crash lost), then settles each supplier's net payable and each insurer's premiums (after the
   * sweeps, which move no supplier money); says which loans' workflows to tell. Settling here, inside
   * the step every close already runs, changes no workflow history.
   */
  async serviceAgriMilestones(input: { businessDate: IsoDate }) {
    const milestones = await serviceAgriMilestones(deps, input.businessDate)
    // Proceeds unpaid on their due date become overdue tonight (an event each, once).
    await raiseOverdueProceeds(deps.db, input.businessDate)
    const claims = await serviceClaims(deps, input.businessDate)
    await settleParties(deps, input.businessDate)
    return [
      ...milestones,
      ...claims.writtenOff.map(({ loanId, workflowId }) => ({
        loanId,
        workflowId,
        event: 'claim_decided' as const,
      })),
    ]
  },
})

export type AgriActivities = ReturnType<typeof createAgriActivities>
