/**
 * What a loan officer may do to a loan, each with a reason and an audit entry (who, when, what, why):
 * waive penalty interest, restructure the schedule, write the loan off.
 * @module
 */
import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import { addDays, type IsoDate } from '../kernel/business-date.js'
import { NotFound, Refusal } from '../kernel/errors.js'
import { accounts } from '../ledger/chart-of-accounts.js'
import { entryByKey } from '../ledger/ledger-repository.js'
import type { LedgerService } from '../ledger/ledger-service.js'
import { getBusinessDate } from '../system/business-date-service.js'
import { recordAudit } from '../system/audit-log.js'
import { loanLedgerFigures, markAccruedInterest, writtenOffByEntryFen } from './loan-repository.js'
import {
  dueDateAt,
  INSTALLMENT_LOAN_SCHEDULE,
  newSchedule,
  repaymentsWithinTerm,
  SCHEDULE_VERSION_CURRENT,
  type RepaymentFrequency,
} from './schedule.js'
import { writeOffLoan, type PauseForTest } from './servicing-service.js'

type Deps = { db: Db; ledger: LedgerService; pauseForTest?: PauseForTest | undefined }

export type OfficerRequest = { loanId: number; reason: string; principalRef: string; actionKey: string }

/** A restructured term: from a week to two years. */
export const RESTRUCTURE_TERM_DAYS_MIN = 7
export const RESTRUCTURE_TERM_DAYS_MAX = 730

async function activeLoan(db: Db, loanId: number) {
  const loan = await db.selectFrom('loans').selectAll().where('id', '=', loanId).executeTakeFirst()
  if (!loan) throw new NotFound(`No loan ${loanId}.`)
  return loan
}

async function alreadyAudited(db: Db, actionKey: string) {
  return db.selectFrom('auditLog').select('id').where('actionKey', '=', actionKey).executeTakeFirst()
}

/** Waives up to the penalty interest owed: income reversed, the receivable reduced. */
export async function waivePenalty(deps: Deps, input: OfficerRequest & { amountFen: number }) {
  const loan = await activeLoan(deps.db, input.loanId)
  const businessDate = await getBusinessDate(deps.db)
  const idempotencyKey = `waive:${input.actionKey}`
  const replayed = await alreadyAudited(deps.db, input.actionKey)
  if (!replayed) {
    // Posted by an earlier try whose audit entry was lost to a crash: only the audit is left to do.
    const posted = (await entryByKey(deps.db, idempotencyKey)) !== undefined
    if (loan.status !== 'active' && !posted)
      throw new Refusal('loan_not_active', `Loan ${input.loanId} is ${loan.status}.`)
    const { penaltyFen: penaltyNowFen } = await loanLedgerFigures(deps.db, input.loanId)
    const penaltyFen = posted ? penaltyNowFen + input.amountFen : penaltyNowFen
    if (input.amountFen > penaltyFen) {
      throw new Refusal(
        'amount_above_penalty',
        `Loan ${input.loanId} owes ${penaltyFen} fen of penalty interest.`,
      )
    }
    await deps.ledger.post({
      idempotencyKey,
      type: 'penalty_waiver',
      businessDate,
      description: `penalty waived on loan ${input.loanId}`,
      refs: { loanId: input.loanId },
      postings: [
        { accountCode: accounts.penaltyIncome().code, side: 'D', amountFen: input.amountFen },
        { accountCode: accounts.loanPenalty(input.loanId).code, side: 'C', amountFen: input.amountFen },
      ],
    })
    await recordAudit(deps.db, {
      principalRef: input.principalRef,
      action: 'loan.waive_penalty',
      subjectType: 'loan',
      subjectId: input.loanId,
      reason: input.reason,
      details: { amountFen: input.amountFen, penaltyBeforeFen: penaltyFen },
      businessDate,
      actionKey: input.actionKey,
    })
  }
  return { waivedFen: input.amountFen, outstanding: await loanLedgerFigures(deps.db, input.loanId) }
}

/** Writes the loan off now (everything it owes to credit losses). */
export async function writeOffByOfficer(deps: Deps, input: OfficerRequest) {
  const loan = await activeLoan(deps.db, input.loanId)
  const businessDate = await getBusinessDate(deps.db)
  if (!(await alreadyAudited(deps.db, input.actionKey))) {
    // A defaulted farm loan too: its claim may stay undecided or unpaid, and the officer judges when
    // to stop waiting (the insurer's later cash is then a recovery).
    if (loan.status !== 'active' && loan.status !== 'defaulted')
      throw new Refusal('loan_not_active', `Loan ${input.loanId} is ${loan.status}.`)
    // The audit entry commits with the status change, so a retry after a crash finds either both
    // (and answers the write-off) or neither (and finishes it; the ledger entry is posted once).
    await writeOffLoan(deps, input.loanId, businessDate, `officer ${input.principalRef}`, {
      principalRef: input.principalRef,
      action: 'loan.write_off',
      subjectType: 'loan',
      subjectId: input.loanId,
      reason: input.reason,
      businessDate,
      actionKey: input.actionKey,
    })
  }
  return {
    loanId: input.loanId,
    status: 'written_off' as const,
    writtenOffFen: (await writtenOffByEntryFen(deps.db, input.loanId)) ?? 0,
  }
}

/**
 * Re-schedules what the loan owes from today over `termDays`: the principal still owed re-amortised
 * at the loan's rate and frequency in the installments that fall due within the term (it ends on or
 * before `termDays`, never after) (a sales-share loan: its minimums spread to the new maturity), and
 * the interest, fees and penalty owed now due with the first new installment. The loan is current
 * again; its non-performing flag stays. One transaction with its audit entry. The new schedule is
 * built at the current schedule version, and refused (422 `installment_without_principal`, nothing
 * written) when an installment of it would repay no principal, as the calculator refuses such terms.
 */
export async function restructureLoan(deps: Deps, input: OfficerRequest & { termDays: number }) {
  const businessDate = await getBusinessDate(deps.db)
  if (input.termDays < RESTRUCTURE_TERM_DAYS_MIN || input.termDays > RESTRUCTURE_TERM_DAYS_MAX) {
    throw new Refusal(
      'term_not_allowed',
      `A restructured term is ${RESTRUCTURE_TERM_DAYS_MIN} to ${RESTRUCTURE_TERM_DAYS_MAX} days.`,
    )
  }
  await deps.db.transaction().execute(async (trx) => {
    const loan = await trx
      .selectFrom('loans')
      .selectAll()
      .where('id', '=', input.loanId)
      .forUpdate()
      .executeTakeFirst()
    if (!loan) throw new NotFound(`No loan ${input.loanId}.`)
    const replayed = await trx
      .selectFrom('auditLog')
      .select('id')
      .where('actionKey', '=', input.actionKey)
      .executeTakeFirst()
    if (replayed) return
    if (loan.status !== 'active')
      throw new Refusal('loan_not_active', `Loan ${input.loanId} is ${loan.status}.`)
    const figures = await loanLedgerFigures(deps.db, input.loanId)
    if (figures.principalFen === 0) {
      throw new Refusal('nothing_to_restructure', `Loan ${input.loanId} owes no principal.`)
    }
    const frequency = loan.frequency as RepaymentFrequency | null
    const repayments = frequency ? repaymentsWithinTerm(businessDate, frequency, input.termDays) : null
    if (repayments === 0) {
      throw new Refusal(
        'term_not_allowed',
        `A ${frequency} schedule has no installment within ${input.termDays} days: choose a longer term.`,
      )
    }
    if (frequency && repayments) {
      newSchedule({
        principalFen: figures.principalFen,
        annualRateBps: loan.annualRateBps ?? 0,
        repayments,
        frequency,
        ...INSTALLMENT_LOAN_SCHEDULE,
        startDate: businessDate,
      })
    }
    const maturesOn =
      frequency && repayments
        ? dueDateAt(businessDate, frequency, repayments)
        : addDays(businessDate, input.termDays)
    const arrearsFen = figures.interestFen + figures.feesFen + figures.penaltyFen
    // The new schedule's first installment asks the interest accrued from here on: marked now.
    await markAccruedInterest(trx, [
      { loanId: input.loanId, asOf: businessDate, interestAccruedFen: figures.interestAccruedFen },
    ])
    await trx
      .updateTable('loans')
      .set({
        scheduleStartOn: businessDate,
        schedulePrincipalFen: figures.principalFen,
        scheduleArrearsFen: arrearsFen,
        schedulePaidOffsetFen: figures.repaidFen,
        restructuredOn: businessDate,
        scheduleVersion: SCHEDULE_VERSION_CURRENT,
        repayments,
        termDays: input.termDays,
        maturesOn,
        daysPastDue: 0,
        bucket: 'current',
      })
      .where('id', '=', input.loanId)
      .execute()
    if (loan.bucket !== 'current') {
      await sql`INSERT INTO loan_bucket_history (loan_id, business_date, from_bucket, to_bucket, days_past_due)
        VALUES (${input.loanId}, ${businessDate}, ${loan.bucket}, 'current', 0)
        ON DUPLICATE KEY UPDATE to_bucket = VALUES(to_bucket), days_past_due = VALUES(days_past_due)`.execute(
        trx,
      )
    }
    await recordAudit(trx, {
      principalRef: input.principalRef,
      action: 'loan.restructure',
      subjectType: 'loan',
      subjectId: input.loanId,
      reason: input.reason,
      details: {
        termDays: input.termDays,
        repayments,
        maturesOn,
        principalFen: figures.principalFen,
        arrearsFen,
        previous: { termDays: loan.termDays, repayments: loan.repayments, maturesOn: loan.maturesOn },
      },
      businessDate: businessDate as IsoDate,
      actionKey: input.actionKey,
    })
  })
}
