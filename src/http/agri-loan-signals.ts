/**
 * Signals to the farm loans' workflows, shared by the API's routes and the parties' pages: the one
 * place that turns "something happened to this loan" into a signal.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client'
import { agriLoanEventSignal, type AgriLoanEvent } from '../../workflows/agri-loan.js'
import type { Db } from '../db/database.js'

/**
 * Tells a farm loan's workflow that something happened to it (it re-reads the loan). A workflow that
 * has ended is fine (the loan is closed or written off already); any other failure (Temporal out of
 * reach) propagates, so the request answers 503 and its retry, which replays the recorded change,
 * signals again: a lost signal would leave the workflow waiting for ever on a closed loan.
 */
export async function tellLoanWorkflow(
  deps: { db: Db; temporal: Client },
  loanId: number | null,
  kind: AgriLoanEvent['kind'],
) {
  if (loanId === null) return
  const row = await deps.db
    .selectFrom('loans')
    .innerJoin('agriLoanApplications', 'agriLoanApplications.id', 'loans.applicationId')
    .select('agriLoanApplications.workflowId')
    .where('loans.id', '=', loanId)
    .executeTakeFirst()
  if (!row) return
  try {
    await deps.temporal.workflow.getHandle(row.workflowId).signal(agriLoanEventSignal, { kind })
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error
  }
}
