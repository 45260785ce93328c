/**
 * Farm loan origination: the decision (contract signed and not yet financed, a policy that is active
 * and covers this contract and farmer, the amount within the advance rate of the contract's value) in
 * one transaction that locks the contract, so a contract is financed once; then the disbursement into
 * the loan's restricted wallet, `disb:{loanId}`, with the premium paid to the insurer when the policy
 * deducts it.
 * @module
 */
import type { Db } from '../db/database.js'
import { daysBetween, type IsoDate } from '../kernel/business-date.js'
import { mulBps } from '../kernel/money.js'
import { accounts } from '../ledger/chart-of-accounts.js'
import type { LedgerService } from '../ledger/ledger-service.js'
import type { PostingInput } from '../ledger/posting.js'
import { contractualSchedule } from '../servicing/loan-view.js'
import { SERVICING_POLICY } from '../servicing/servicing-policy.js'
import { getBusinessDate } from '../system/business-date-service.js'
import { AGRI_POLICY, eligibleCategories, type FarmInputCategory } from './agri-policy.js'
import { recordEvents } from '../events/events.js'
import { activateLoan } from '../servicing/loan-lifecycle.js'

export type AgriApplicationInput = {
  workflowId: string
  farmerId: number
  contractId: number
  policyId: number
  amountFen: number
  /** At most this share (bps of the approved amount) may be spent on each category named. */
  categoryBudgets?: Partial<Record<FarmInputCategory, number>>
}

export type Reason = { code: string; text: string }

export type AgriOutcome =
  | { kind: 'declined'; applicationId: number; reasons: Reason[] }
  | { kind: 'approved'; applicationId: number; loanId: number; approvedFen: number; reasons: Reason[] }

async function storedOutcome(db: Db, workflowId: string): Promise<AgriOutcome | undefined> {
  const row = await db
    .selectFrom('agriLoanApplications')
    .selectAll()
    .where('workflowId', '=', workflowId)
    .executeTakeFirst()
  if (!row) return undefined
  const reasons = JSON.parse(row.reasons) as Reason[]
  return row.status === 'approved'
    ? {
        kind: 'approved',
        applicationId: Number(row.id),
        loanId: Number(row.loanId),
        approvedFen: Number(row.amountFen),
        reasons,
      }
    : { kind: 'declined', applicationId: Number(row.id), reasons }
}

/** Decides once per workflow id; a declined application is recorded with its reasons. */
export async function decideAgriApplication(
  deps: { db: Db },
  input: AgriApplicationInput,
): Promise<AgriOutcome> {
  const earlier = await storedOutcome(deps.db, input.workflowId)
  if (earlier) return earlier
  const businessDate = await getBusinessDate(deps.db)
  return deps.db.transaction().execute(async (trx) => {
    const contract = await trx
      .selectFrom('offtakeContracts')
      .selectAll()
      .where('id', '=', input.contractId)
      .forUpdate()
      .executeTakeFirst()
    const again = await storedOutcome(trx, input.workflowId)
    if (again) return again
    const policy = await trx
      .selectFrom('guaranteePolicies')
      .selectAll()
      .where('id', '=', input.policyId)
      .executeTakeFirst()
    const reasons: Reason[] = []
    const maxFen = contract ? mulBps(Number(contract.valueFen), AGRI_POLICY.advanceRateBps) : 0
    if (!contract || Number(contract.farmerId) !== input.farmerId) {
      reasons.push({ code: 'contract_not_found', text: `Contract ${input.contractId} is not this farmer's.` })
    } else if (contract.status === 'financed' || contract.status === 'delivering') {
      reasons.push({
        code: 'contract_already_financed',
        text: `Contract ${contract.id} is already financed.`,
      })
    } else if (contract.status !== 'signed') {
      reasons.push({ code: 'contract_not_signed', text: `Contract ${contract.id} is ${contract.status}.` })
    } else if (contract.deliveryTo <= businessDate) {
      reasons.push({
        code: 'contract_window_closed',
        text: `Contract ${contract.id}'s delivery window has ended.`,
      })
    }
    if (!policy || policy.status !== 'active') {
      reasons.push({ code: 'policy_not_active', text: `Policy ${input.policyId} is missing or not active.` })
    } else if (Number(policy.contractId) !== input.contractId || Number(policy.farmerId) !== input.farmerId) {
      reasons.push({
        code: 'policy_not_covering',
        text: `Policy ${policy.id} does not cover contract ${input.contractId} for this farmer.`,
      })
    }
    if (contract && input.amountFen > maxFen) {
      reasons.push({
        code: 'amount_above_advance',
        text: `At most ${AGRI_POLICY.advanceRateBps / 100}% of the contract's value (${maxFen} fen) is advanced.`,
      })
    }
    const premiumFen = policy?.premiumDeducted ? Number(policy.premiumFen) : 0
    if (premiumFen >= input.amountFen) {
      reasons.push({
        code: 'amount_below_premium',
        text: `The loan must be more than the ${premiumFen} fen premium.`,
      })
    }
    const budgets = input.categoryBudgets ?? {}
    const allowed = contract ? eligibleCategories(contract.crop) : []
    for (const category of Object.keys(budgets)) {
      if (!allowed.includes(category as FarmInputCategory)) {
        reasons.push({
          code: 'budget_category_not_eligible',
          text: `${category} is not a farm input for this crop.`,
        })
      }
    }
    const record = async (status: 'approved' | 'declined', recordReasons: Reason[]) =>
      Number(
        (
          await trx
            .insertInto('agriLoanApplications')
            .values({
              workflowId: input.workflowId,
              farmerId: input.farmerId,
              contractId: input.contractId,
              policyId: input.policyId,
              amountFen: input.amountFen,
              status,
              reasons: JSON.stringify(recordReasons),
              businessDate,
            })
            .executeTakeFirstOrThrow()
        ).insertId,
      )
    if (reasons.length > 0 || !contract) {
      const applicationId = await record('declined', reasons)
      await recordEvents(trx, [
        {
          key: `application.declined:agri:${applicationId}`,
          type: 'application.declined',
          businessDate,
          subject: { applicationId, farmerId: input.farmerId, contractId: input.contractId },
          data: { amountFen: input.amountFen, reasons },
        },
      ])
      return { kind: 'declined', applicationId, reasons }
    }
    const approvedReasons: Reason[] = [
      {
        code: 'secured_by_contract',
        text: `Repaid from contract ${contract.id} (${contract.valueFen} fen) and guaranteed by policy ${input.policyId}.`,
      },
    ]
    const applicationId = await record('approved', approvedReasons)
    const maturesOn = contract.deliveryTo as IsoDate
    const [line] = contractualSchedule({
      principalFen: input.amountFen,
      repaymentMethod: 'bullet',
      frequency: null,
      repayments: 1,
      annualRateBps: AGRI_POLICY.annualRateBps,
      feeFen: 0,
      startOn: businessDate,
      maturesOn,
      arrearsFen: 0,
    })
    const inserted = await trx
      .insertInto('loans')
      .values({
        product: 'agri',
        borrowerId: input.farmerId,
        applicationId,
        status: 'booked',
        principalFen: input.amountFen,
        repaymentMethod: 'bullet',
        frequency: null,
        repayments: 1,
        termDays: Math.max(1, daysBetween(businessDate, maturesOn)),
        annualRateBps: AGRI_POLICY.annualRateBps,
        salesShareBps: null,
        feeFen: null,
        aprBps: AGRI_POLICY.annualRateBps,
        totalRepayFen: line!.principalFen + line!.interestFen,
        maturesOn,
        policyVersion: AGRI_POLICY.version,
        penaltyAnnualRateBps: SERVICING_POLICY.penaltyAnnualRateBps,
        contractId: input.contractId,
        policyId: input.policyId,
        categoryBudgets: Object.keys(budgets).length === 0 ? null : JSON.stringify(budgets),
      })
      .executeTakeFirstOrThrow()
    const loanId = Number(inserted.insertId)
    await trx.updateTable('agriLoanApplications').set({ loanId }).where('id', '=', applicationId).execute()
    await trx
      .updateTable('offtakeContracts')
      .set({ status: 'financed' })
      .where('id', '=', contract.id)
      .execute()
    return { kind: 'approved', applicationId, loanId, approvedFen: input.amountFen, reasons: approvedReasons }
  })
}

/**
 * Funds the loan's restricted wallet, once (`disb:{loanId}`): the principal, less the premium when the
 * policy deducts it, which goes to the insurer's premium payable in the same entry.
 */
export async function disburseAgriLoan(
  deps: { db: Db; ledger: LedgerService },
  loanId: number,
): Promise<{ entryId: number }> {
  const loan = await deps.db
    .selectFrom('loans')
    .selectAll()
    .where('id', '=', loanId)
    .executeTakeFirstOrThrow()
  const application = await deps.db
    .selectFrom('agriLoanApplications')
    .select('businessDate')
    .where('id', '=', loan.applicationId)
    .executeTakeFirstOrThrow()
  const policy = await deps.db
    .selectFrom('guaranteePolicies')
    .selectAll()
    .where('id', '=', Number(loan.policyId))
    .executeTakeFirstOrThrow()
  await deps.ledger.openAccounts([
    accounts.loanPrincipal(loanId),
    accounts.loanInterest(loanId),
    accounts.loanFees(loanId),
    accounts.loanPenalty(loanId),
    accounts.restrictedWallet(loanId),
    accounts.interestIncome(),
    accounts.penaltyIncome(),
    accounts.premiumPayable(Number(policy.insurerId)),
  ])
  const premiumFen = policy.premiumDeducted ? Number(policy.premiumFen) : 0
  const postings: PostingInput[] = [
    { accountCode: accounts.loanPrincipal(loanId).code, side: 'D', amountFen: loan.principalFen },
    {
      accountCode: accounts.restrictedWallet(loanId).code,
      side: 'C',
      amountFen: loan.principalFen - premiumFen,
    },
  ]
  if (premiumFen > 0) {
    postings.push({
      accountCode: accounts.premiumPayable(Number(policy.insurerId)).code,
      side: 'C',
      amountFen: premiumFen,
    })
  }
  const posted = await deps.ledger.post({
    idempotencyKey: `disb:${loanId}`,
    type: 'agri_disbursement',
    businessDate: application.businessDate as IsoDate,
    description: `farm loan ${loanId} into its restricted wallet${premiumFen > 0 ? ', premium to the insurer' : ''}`,
    refs: { loanId },
    postings,
  })
  await activateLoan(deps.db, {
    loanId,
    businessDate: posted.businessDate as IsoDate,
    subject: { loanId, farmerId: loan.borrowerId, walletId: loanId, contractId: Number(loan.contractId) },
    data: { principalFen: loan.principalFen, premiumFen, restrictedFen: loan.principalFen - premiumFen },
  })
  return { entryId: posted.entryId }
}
