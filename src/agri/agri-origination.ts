/**
 * Farm loan origination: the decision (contract signed and not yet financed, a policy that is active
 * and covers this contract and farmer, the amount within the advance rate of the contract's value) in
 * one transaction that locks the contract, so a contract is financed once; then the disbursement into
 * the loan's restricted wallet, `disb:{loanId}`, with the premium paid to the insurer when the policy
 * deducts it. The decision reads its facts, judges them with the pure rules of
 * agri-origination-rules.ts, then writes.
 * @module
 */
import { sql, type Transaction } from 'kysely'
import {
  applicationDeclinedEvent,
  storedDecision,
  type Declined,
  type Reason,
} from '../credit/application-decision.js'
import type { Db } from '../db/database.js'
import type { Database } from '../db/schema.js'
import { daysBetween, type IsoDate } from '../kernel/business-date.js'
import { fenFromDb } from '../kernel/money.js'
import { accounts } from '../ledger/chart-of-accounts.js'
import { loanAccountSql } from '../ledger/ledger-repository.js'
import type { LedgerService } from '../ledger/ledger-service.js'
import type { PostingInput } from '../ledger/posting.js'
import { contractualSchedule } from '../servicing/loan-view.js'
import { SCHEDULE_VERSION_CURRENT } from '../servicing/schedule.js'
import { SERVICING_POLICY } from '../servicing/servicing-policy.js'
import { overdueProceedsFen } from './offtaker-payments.js'
import { getBusinessDate } from '../system/business-date-service.js'
import { AGRI_POLICY } from './agri-policy.js'
import { farmLoanAprBps } from './farm-loan-apr.js'
import {
  judgeAgriApplication,
  judgeBacking,
  type AgriRefusal,
  type BackerFacts,
  type AgriApplicationFacts,
  type AgriApplicationRequest,
  type AgriVerdict,
} from './agri-origination-rules.js'
import { recordEvents } from '../events/events.js'
import { activateLoan } from '../servicing/loan-lifecycle.js'

export type AgriApplicationInput = AgriApplicationRequest & { workflowId: string }

export type AgriOutcome =
  | AgriRefusal
  | Declined
  | { kind: 'approved'; applicationId: number; loanId: number; approvedFen: number; reasons: Reason[] }

async function storedOutcome(
  db: Db | Transaction<Database>,
  workflowId: string,
): Promise<AgriOutcome | undefined> {
  const row = await db
    .selectFrom('agriLoanApplications')
    .selectAll()
    .where('workflowId', '=', workflowId)
    .executeTakeFirst()
  if (!row) return undefined
  const decided = storedDecision(row)
  return decided.kind === 'approved'
    ? {
        kind: 'approved',
        applicationId: decided.applicationId,
        loanId: decided.loanId,
        approvedFen: fenFromDb(row.amountFen),
        reasons: decided.reasons,
      }
    : decided
}

/** Decides once per workflow id; a declined application is recorded with its reasons. */
export async function decideAgriApplication(
  deps: { db: Db },
  input: AgriApplicationInput,
): Promise<AgriOutcome> {
  const earlier = await storedOutcome(deps.db, input.workflowId)
  if (earlier) return earlier
  const businessDate = await getBusinessDate(deps.db)
  // Read committed: each read sees what was committed before it, so the exposure read after the
  // backers' locks sees every loan a racing origination booked before it let them go.
  return deps.db
    .transaction()
    .setIsolationLevel('read committed')
    .execute(async (trx) => {
      const read = await readAgriApplicationFacts(trx, input, businessDate)
      if (read.kind === 'decided') return read.outcome
      const verdict = judgeAgriApplication(input, read.facts)
      if (verdict.kind === 'approved') {
        const offtaker = {
          ...(await lockBacker(trx, 'offtaker', verdict.contract.offtakerId)),
          overdueProceedsFen: await overdueProceedsFen(trx, verdict.contract.offtakerId, businessDate),
        }
        const insurer = await lockBacker(trx, 'insurer', verdict.policy.insurerId)
        const refusal = judgeBacking(input.amountFen, { offtaker, insurer })
        if (refusal) return refusal // nothing written
      }
      return recordAgriDecision(trx, input, read.facts, verdict)
    })
}

/**
 * Locks the party's row and reads whether it is approved and the outstanding principal of the farm
 * loans it backs (booked loans in full). Originations lock the contract, then its offtaker, then the
 * policy's insurer, always in that order, so racing applications backed by one party serialise on
 * its row and never deadlock; an officer's approval decision takes the same row lock.
 */
async function lockBacker(
  trx: Transaction<Database>,
  kind: 'offtaker' | 'insurer',
  id: number,
): Promise<BackerFacts> {
  const row = await trx
    .selectFrom(kind === 'offtaker' ? 'offtakers' : 'insurers')
    .select('approved')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow()
  const principal = loanAccountSql('a', sql.ref('l.id'), 'loan_principal')
  const [backers, backedBy] =
    kind === 'offtaker'
      ? [sql`offtake_contracts b JOIN loans l ON l.contract_id = b.id`, sql`b.offtaker_id = ${id}`]
      : [sql`guarantee_policies b JOIN loans l ON l.policy_id = b.id`, sql`b.insurer_id = ${id}`]
  const { rows } = await sql<{ owed: string | null }>`
    SELECT SUM(l.principal_fen - COALESCE(${principal.creditsFen}, 0)) AS owed
    FROM ${backers}
    LEFT JOIN ${principal.join}
    WHERE ${backedBy} AND l.product = 'agri' AND l.status IN ('booked', 'active', 'defaulted')`.execute(trx)
  return { id, approved: row.approved === 1, exposureFen: fenFromDb(rows[0]?.owed) }
}

/**
 * Locks the contract (so a contract is financed once), finds a decision a racing retry stored
 * meanwhile, then reads the policy.
 */
async function readAgriApplicationFacts(
  trx: Transaction<Database>,
  input: AgriApplicationInput,
  businessDate: IsoDate,
): Promise<{ kind: 'decided'; outcome: AgriOutcome } | { kind: 'facts'; facts: AgriApplicationFacts }> {
  const contract = await trx
    .selectFrom('offtakeContracts')
    .selectAll()
    .where('id', '=', input.contractId)
    .forUpdate()
    .executeTakeFirst()
  const again = await storedOutcome(trx, input.workflowId)
  if (again) return { kind: 'decided', outcome: again }
  const policy = await trx
    .selectFrom('guaranteePolicies')
    .selectAll()
    .where('id', '=', input.policyId)
    .executeTakeFirst()
  return {
    kind: 'facts',
    facts: {
      businessDate,
      contract: contract
        ? {
            id: Number(contract.id),
            farmerId: Number(contract.farmerId),
            offtakerId: Number(contract.offtakerId),
            status: contract.status,
            valueFen: fenFromDb(contract.valueFen),
            crop: contract.crop,
            deliveryTo: contract.deliveryTo as IsoDate,
          }
        : null,
      policy: policy
        ? {
            id: Number(policy.id),
            insurerId: Number(policy.insurerId),
            status: policy.status,
            contractId: Number(policy.contractId),
            farmerId: Number(policy.farmerId),
            premiumDeducted: Boolean(policy.premiumDeducted),
            premiumFen: fenFromDb(policy.premiumFen),
          }
        : null,
    },
  }
}

/** Writes what the judge said: the application, and for an approval the booked loan and the financed contract. */
async function recordAgriDecision(
  trx: Transaction<Database>,
  input: AgriApplicationInput,
  facts: AgriApplicationFacts,
  verdict: AgriVerdict,
): Promise<AgriOutcome> {
  const { businessDate } = facts
  const application = await trx
    .insertInto('agriLoanApplications')
    .values({
      workflowId: input.workflowId,
      farmerId: input.farmerId,
      contractId: input.contractId,
      policyId: input.policyId,
      amountFen: input.amountFen,
      status: verdict.kind,
      reasons: JSON.stringify(verdict.reasons),
      businessDate,
    })
    .executeTakeFirstOrThrow()
  const applicationId = Number(application.insertId)
  if (verdict.kind === 'declined') {
    await recordEvents(trx, [
      applicationDeclinedEvent({
        key: `application.declined:agri:${applicationId}`,
        businessDate,
        subject: { applicationId, farmerId: input.farmerId, contractId: input.contractId },
        amountFen: input.amountFen,
        reasons: verdict.reasons,
      }),
    ])
    return { kind: 'declined', applicationId, reasons: verdict.reasons }
  }
  const loanId = await bookAgriLoan(trx, input, facts, applicationId, verdict)
  return { kind: 'approved', applicationId, loanId, approvedFen: input.amountFen, reasons: verdict.reasons }
}

/**
 * Books an approved application's bullet loan, due as the delivery window ends, and finances the
 * contract. The loan keeps the policy's interest-on-use setting, and discloses as its APR the IRR of
 * what the farmer receives (less the premium deducted) and repays (farm-loan-apr.ts).
 */
async function bookAgriLoan(
  trx: Transaction<Database>,
  input: AgriApplicationInput,
  facts: AgriApplicationFacts,
  applicationId: number,
  verdict: Extract<AgriVerdict, { kind: 'approved' }>,
): Promise<number> {
  const { businessDate } = facts
  const { contract, policy } = verdict
  const budgets = input.categoryBudgets ?? {}
  const maturesOn = contract.deliveryTo
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
    scheduleVersion: SCHEDULE_VERSION_CURRENT,
  })
  const termDays = Math.max(1, daysBetween(businessDate, maturesOn))
  const totalRepayFen = line!.principalFen + line!.interestFen
  const aprBps = farmLoanAprBps({
    principalFen: input.amountFen,
    premiumDeductedFen: policy.premiumDeducted ? policy.premiumFen : 0,
    repayFen: totalRepayFen,
    termDays,
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
      termDays,
      annualRateBps: AGRI_POLICY.annualRateBps,
      salesShareBps: null,
      feeFen: null,
      aprBps,
      totalRepayFen,
      maturesOn,
      policyVersion: AGRI_POLICY.version,
      penaltyAnnualRateBps: SERVICING_POLICY.penaltyAnnualRateBps,
      scheduleVersion: SCHEDULE_VERSION_CURRENT,
      contractId: input.contractId,
      policyId: input.policyId,
      categoryBudgets: Object.keys(budgets).length === 0 ? null : JSON.stringify(budgets),
      interestOnUse: AGRI_POLICY.interestOnUse ? 1 : 0,
    })
    .executeTakeFirstOrThrow()
  const loanId = Number(inserted.insertId)
  await trx.updateTable('agriLoanApplications').set({ loanId }).where('id', '=', applicationId).execute()
  await trx
    .updateTable('offtakeContracts')
    .set({ status: 'financed' })
    .where('id', '=', contract.id)
    .execute()
  return loanId
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
  const premiumFen = policy.premiumDeducted ? fenFromDb(policy.premiumFen) : 0
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
