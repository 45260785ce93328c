/**
 * Merchant loan origination: one transaction decides an application against the merchant's line
 * (locked, so two applications racing for the same line cannot both take it) and books the loan
 * with its agreement and the merchant's consent (loan-agreement.ts); disbursement then posts
 * `disb:{loanId}` to the ledger exactly once. The decision reads its facts, judges them with the pure
 * rules of origination-rules.ts, then writes.
 * @module
 */
import type { Transaction } from 'kysely'
import { sql } from 'kysely'
import {
  applicationDeclinedEvent,
  storedDecision,
  type Approved,
  type Declined,
  type Reason,
} from '../credit/application-decision.js'
import type { ScoreBand } from '../credit/credit-policy.js'
import { currentCreditLine } from '../credit/credit-line-service.js'
import type { ScorecardModel } from '../credit/scorecard.js'
import type { Db } from '../db/database.js'
import type { Database } from '../db/schema.js'
import type { IsoDate } from '../kernel/business-date.js'
import { fenFromDb } from '../kernel/money.js'
import { accounts } from '../ledger/chart-of-accounts.js'
import { entriesByKeys, loanAccountSql } from '../ledger/ledger-repository.js'
import type { LedgerService } from '../ledger/ledger-service.js'
import { SCHEDULE_VERSION_CURRENT } from '../servicing/schedule.js'
import { SERVICING_POLICY } from '../servicing/servicing-policy.js'
import { loanLedgerFigures, type LoanRow } from '../servicing/loan-repository.js'
import { payoffQuote, repaymentPostings, type PauseForTest } from '../servicing/servicing-service.js'
import type { PostingInput } from '../ledger/posting.js'
import { recordEvents } from '../events/events.js'
import { activateLoan, repaymentApplied, withLoansLocked } from '../servicing/loan-lifecycle.js'
import type { Owed } from '../servicing/repayment-allocation.js'
import { getBusinessDate } from '../system/business-date-service.js'
import {
  judgeApplication,
  lineLends,
  type ApplicationFacts,
  type ApplicationRequest,
  type ApplicationVerdict,
  type LineFacts,
  type RefillFacts,
} from './origination-rules.js'
import {
  agreementTerms,
  maturityOf,
  recordAgreement,
  termsHashOf,
  type AgreementConsent,
  type RenderAgreement,
} from './loan-agreement.js'

export type ApplicationInput = ApplicationRequest & {
  workflowId: string
  /**
   * How the merchant accepted the agreement. Absent (an application started before consent was
   * recorded, a simulation): accepted through the API, in English, when decided.
   */
  consent?: AgreementConsent
}

export type OriginationDeps = {
  db: Db
  scorecard: ScorecardModel
  /**
   * Fills the agreement's template (the worker passes src/i18n's). Absent (simulations and tests
   * that call the domain directly): loans are booked without an agreement.
   */
  renderAgreement?: RenderAgreement | undefined
}

export type ApplicationOutcome = Extract<ApplicationVerdict, { kind: 'refused' }> | Declined | Approved

/** Principal still owed on the merchant's open loans (booked loans count in full). */
export async function outstandingPrincipalFen(
  db: Db | Transaction<Database>,
  merchantId: number,
): Promise<number> {
  const principal = loanAccountSql('a', sql.ref('l.id'), 'loan_principal')
  const { rows } = await sql<{ owed: string | null }>`
    SELECT SUM(l.principal_fen - COALESCE(${principal.creditsFen}, 0)) AS owed
    FROM loans l
    LEFT JOIN ${principal.join}
    WHERE l.product = 'merchant' AND l.borrower_id = ${merchantId} AND l.status IN ('booked', 'active')`.execute(
    db,
  )
  return fenFromDb(rows[0]?.owed)
}

async function storedOutcome(
  db: Db | Transaction<Database>,
  workflowId: string,
): Promise<ApplicationOutcome | undefined> {
  const row = await db
    .selectFrom('loanApplications')
    .selectAll()
    .where('workflowId', '=', workflowId)
    .executeTakeFirst()
  return row && storedDecision(row)
}

/** Decides once per workflow id: a retry returns the stored outcome; a refusal writes nothing. */
export async function decideApplication(
  deps: OriginationDeps,
  input: ApplicationInput,
): Promise<ApplicationOutcome> {
  const earlier = await storedOutcome(deps.db, input.workflowId)
  if (earlier) return earlier
  await currentCreditLine(deps.db, deps.scorecard, input.merchantId) // refreshed outside the lock
  const businessDate = await getBusinessDate(deps.db)
  return deps.db.transaction().execute(async (trx) => {
    const read = await readApplicationFacts(trx, input, businessDate)
    if (read.kind === 'decided') return read.outcome
    const verdict = judgeApplication(input, read.facts)
    const agreement = verdict.kind === 'approved' ? agreementOf(deps, input, read.facts, verdict) : undefined
    if (agreement?.kind === 'refused') return agreement
    return recordDecision(trx, input, read.facts, verdict, agreement)
  })
}

/**
 * Locks the merchant's credit line (so two applications racing for one line cannot both take it),
 * finds a decision a racing retry stored meanwhile, then reads what the rules need; a refill's old
 * loan is locked too, so two refills of one loan cannot both pass.
 */
async function readApplicationFacts(
  trx: Transaction<Database>,
  input: ApplicationInput,
  businessDate: IsoDate,
): Promise<{ kind: 'decided'; outcome: ApplicationOutcome } | { kind: 'facts'; facts: ApplicationFacts }> {
  const row = await trx
    .selectFrom('creditLines')
    .selectAll()
    .where('merchantId', '=', input.merchantId)
    .forUpdate()
    .executeTakeFirstOrThrow()
  const again = await storedOutcome(trx, input.workflowId)
  if (again) return { kind: 'decided', outcome: again }
  const line: LineFacts = {
    eligible: row.eligible === 1,
    scoreBand: row.scoreBand ? (row.scoreBand as ScoreBand) : null,
    creditLimitFen: fenFromDb(row.creditLimitFen),
    reasons: JSON.parse(row.reasons) as Reason[],
    spikeRatio: JSON.parse(row.features).spikeRatio7to90 as number,
    policyVersion: row.policyVersion,
  }
  if (!lineLends(line)) return { kind: 'facts', facts: { businessDate, line } }
  const refill =
    input.refillOfLoanId === undefined
      ? undefined
      : await readRefillFacts(trx, input.refillOfLoanId, businessDate)
  const outstandingFen = await outstandingPrincipalFen(trx, input.merchantId)
  // Business time, never the wall clock: the applications recorded on this business date.
  const today = await trx
    .selectFrom('loanApplications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('merchantId', '=', input.merchantId)
    .where('businessDate', '=', businessDate)
    .executeTakeFirstOrThrow()
  const position = {
    outstandingPrincipalFen: outstandingFen,
    applicationsToday: Number(today.n),
    ...(refill ? { refill } : {}),
  }
  return { kind: 'facts', facts: { businessDate, line, position } }
}

/**
 * The loan a refill names, with what is owed on it and what pays it off on `businessDate`: locked
 * for a decision; read plainly (`lock: false`) for a page that says whether the loan can be refilled.
 */
export async function readRefillFacts(
  trx: Db | Transaction<Database>,
  loanId: number,
  businessDate: IsoDate,
  { lock = true }: { lock?: boolean } = {},
): Promise<RefillFacts> {
  const query = trx.selectFrom('loans').selectAll().where('id', '=', loanId)
  const old = await (lock ? query.forUpdate() : query).executeTakeFirst()
  if (!old) return { loan: null }
  const refilledBy = await trx
    .selectFrom('loans')
    .select('id')
    .where('refinancedLoanId', '=', old.id)
    .executeTakeFirst()
  const figures = await loanLedgerFigures(trx, Number(old.id))
  const { payoffFen } = await payoffQuote(trx, Number(old.id), businessDate)
  return {
    loan: {
      id: Number(old.id),
      product: old.product,
      borrowerId: old.borrowerId,
      status: old.status,
      principalFen: old.principalFen,
    },
    refilledByLoanId: refilledBy ? Number(refilledBy.id) : null,
    principalOwedFen: figures.principalFen,
    payoffFen,
  }
}

type Agreement = { kind: 'agreed'; text: string; consent: AgreementConsent }

/**
 * The agreement of an approved loan, filled with exactly the terms it is booked on, in the language
 * the merchant read it in. A merchant who was shown a text with another hash (the business date, the
 * line or the refilled loan changed since) is refused (`terms_changed`): nothing is booked on terms
 * the merchant did not see.
 */
function agreementOf(
  deps: OriginationDeps,
  input: ApplicationInput,
  facts: ApplicationFacts,
  verdict: Extract<ApplicationVerdict, { kind: 'approved' }>,
): Agreement | Extract<ApplicationVerdict, { kind: 'refused' }> | undefined {
  if (!deps.renderAgreement) return undefined
  const consent: AgreementConsent = input.consent ?? {
    language: 'en',
    acceptedVia: 'api',
    acceptedAt: new Date().toISOString(),
  }
  const refill = facts.position?.refill
  const terms = agreementTerms({
    merchantId: input.merchantId,
    startDate: facts.businessDate,
    amountFen: input.amountFen,
    option: verdict.option,
    refill:
      refill?.loan && input.refillOfLoanId !== undefined
        ? { loanId: refill.loan.id, payoffFen: refill.payoffFen }
        : undefined,
  })
  const text = deps.renderAgreement(terms, consent.language)
  if (consent.shownTermsHash !== undefined && consent.shownTermsHash !== termsHashOf(text)) {
    return {
      kind: 'refused',
      code: 'terms_changed',
      detail: 'The terms changed since the agreement was shown; read the new agreement and accept it.',
    }
  }
  return { kind: 'agreed', text, consent }
}

/** Writes what the judge said: nothing for a refusal; the application (and for an approval, the booked loan). */
async function recordDecision(
  trx: Transaction<Database>,
  input: ApplicationInput,
  facts: ApplicationFacts,
  verdict: ApplicationVerdict,
  agreement: Agreement | undefined,
): Promise<ApplicationOutcome> {
  if (verdict.kind === 'refused') return verdict
  const { businessDate } = facts
  const inserted = await trx
    .insertInto('loanApplications')
    .values({
      workflowId: input.workflowId,
      merchantId: input.merchantId,
      amountFen: input.amountFen,
      termDays: input.termDays,
      repaymentMethod: input.repaymentMethod,
      frequency: input.frequency ?? null,
      status: verdict.kind,
      reasons: JSON.stringify(verdict.reasons),
      businessDate,
    })
    .executeTakeFirstOrThrow()
  const applicationId = Number(inserted.insertId)
  if (verdict.kind === 'declined') {
    await recordEvents(trx, [
      applicationDeclinedEvent({
        key: `application.declined:${applicationId}`,
        businessDate,
        subject: { applicationId, merchantId: input.merchantId },
        amountFen: input.amountFen,
        reasons: verdict.reasons,
      }),
    ])
    return { kind: 'declined', applicationId, reasons: verdict.reasons }
  }
  const loanId = await bookLoan(trx, input, facts, applicationId, verdict)
  if (agreement) {
    await recordAgreement(trx, {
      loanId,
      applicationId,
      merchantId: input.merchantId,
      text: agreement.text,
      consent: agreement.consent,
    })
  }
  return { kind: 'approved', applicationId, loanId, reasons: verdict.reasons }
}

/** Books an approved application's loan (its agreement, as offered) and writes `application.approved`. */
async function bookLoan(
  trx: Transaction<Database>,
  input: ApplicationInput,
  facts: ApplicationFacts,
  applicationId: number,
  { option, reasons }: Extract<ApplicationVerdict, { kind: 'approved' }>,
): Promise<number> {
  const { businessDate } = facts
  const loan = await trx
    .insertInto('loans')
    .values({
      product: 'merchant',
      borrowerId: input.merchantId,
      applicationId,
      status: 'booked',
      principalFen: input.amountFen,
      repaymentMethod: input.repaymentMethod,
      frequency: option.repaymentMethod === 'installment' ? option.frequency : null,
      repayments: option.repaymentMethod === 'installment' ? option.repayments : null,
      termDays: option.termDays,
      annualRateBps: option.repaymentMethod === 'installment' ? option.annualRateBps : null,
      salesShareBps: option.repaymentMethod === 'sales_share' ? option.salesShareBps : null,
      feeFen: option.repaymentMethod === 'sales_share' ? option.feeFen : null,
      aprBps: option.repaymentMethod === 'installment' ? option.aprBps : null,
      totalRepayFen: option.estimatedTotalRepayFen,
      maturesOn: maturityOf(option, businessDate),
      policyVersion: facts.line.policyVersion,
      penaltyAnnualRateBps: SERVICING_POLICY.penaltyAnnualRateBps,
      // The schedule the option was offered with (src/credit/offer.ts builds it at this version).
      scheduleVersion: SCHEDULE_VERSION_CURRENT,
      refinancedLoanId: input.refillOfLoanId ?? null,
    })
    .executeTakeFirstOrThrow()
  const loanId = Number(loan.insertId)
  await trx.updateTable('loanApplications').set({ loanId }).where('id', '=', applicationId).execute()
  await recordEvents(trx, [
    {
      key: `application.approved:${applicationId}`,
      type: 'application.approved',
      businessDate,
      subject: { applicationId, merchantId: input.merchantId, loanId },
      data: {
        amountFen: input.amountFen,
        termDays: option.termDays,
        repaymentMethod: input.repaymentMethod,
        totalRepayFen: option.estimatedTotalRepayFen,
        reasons,
      },
    },
  ])
  return loanId
}

/** Pays the loan into the merchant's wallet: one ledger entry keyed `disb:{loanId}`, then the loan is active. */
export async function disburseLoan(
  deps: { db: Db; ledger: LedgerService; pauseForTest?: PauseForTest | undefined },
  loanId: number,
): Promise<{ entryId: number }> {
  const loan = await deps.db
    .selectFrom('loans')
    .selectAll()
    .where('id', '=', loanId)
    .executeTakeFirstOrThrow()
  await deps.ledger.openAccounts([
    accounts.loanPrincipal(loanId),
    accounts.loanInterest(loanId),
    accounts.loanFees(loanId),
    accounts.loanPenalty(loanId),
    accounts.interestIncome(),
    accounts.feeIncome(),
    accounts.penaltyIncome(),
  ])
  if (loan.refinancedLoanId === null) return payOut(deps, deps.db, loan)
  // A refill holds the old loan's row from its payoff quote to its close, so close of business cannot
  // accrue on it in between: its accrual lands before the quote (and is paid off with the rest) or
  // waits and finds the loan closed.
  return withLoansLocked(deps.db, [Number(loan.refinancedLoanId)], (trx) => payOut(deps, trx, loan))
}

/**
 * Posts `disb:{loanId}` (once) and activates the loan; `executor` is the transaction holding a
 * refill's old loan, which closes in it.
 */
async function payOut(
  deps: { db: Db; ledger: LedgerService; pauseForTest?: PauseForTest | undefined },
  executor: Db | Transaction<Database>,
  loan: LoanRow,
): Promise<{ entryId: number }> {
  const loanId = Number(loan.id)
  const [earlier] = await entriesByKeys(deps.db, [`disb:${loanId}`])
  // The date the money moves (a decision's date may have closed before the disbursement ran: the loan
  // accrues from the night it was paid out); a retry after close of business finds the posted entry
  // and keeps its date.
  const businessDate = earlier ? (earlier.businessDate as IsoDate) : await getBusinessDate(deps.db)
  const walletCode = accounts.merchantWallet(loan.borrowerId).code
  let postings: PostingInput[] = [
    { accountCode: accounts.loanPrincipal(loanId).code, side: 'D', amountFen: loan.principalFen },
    { accountCode: walletCode, side: 'C', amountFen: loan.principalFen },
  ]
  const oldLoanId = loan.refinancedLoanId === null ? null : Number(loan.refinancedLoanId)
  let refillOwed: Owed | undefined
  if (oldLoanId !== null && !earlier) {
    // A refill: the proceeds pay the old loan off in the same entry (no moment where the merchant
    // holds the money and still owes the old loan); the rest goes to the wallet.
    const { owed, payoffFen } = await payoffQuote(deps.db, oldLoanId, businessDate)
    await deps.pauseForTest?.('refill:payoff-quoted')
    refillOwed = owed
    postings = [
      postings[0]!,
      ...repaymentPostings(oldLoanId, walletCode, { ...owed, leftoverFen: 0 }).slice(1),
      // More than the payoff (as decided) goes to the wallet; if a close of business in between
      // accrued the payoff past the new principal, the wallet pays the difference.
      ...(loan.principalFen > payoffFen
        ? [{ accountCode: walletCode, side: 'C' as const, amountFen: loan.principalFen - payoffFen }]
        : loan.principalFen < payoffFen
          ? [{ accountCode: walletCode, side: 'D' as const, amountFen: payoffFen - loan.principalFen }]
          : []),
    ]
  }
  const posted = earlier
    ? { entryId: Number(earlier.id), businessDate: earlier.businessDate }
    : await deps.ledger.post({
        idempotencyKey: `disb:${loanId}`,
        type: 'merchant_disbursement',
        businessDate,
        description:
          oldLoanId === null
            ? `loan ${loanId} paid into merchant ${loan.borrowerId}'s wallet`
            : `loan ${loanId} pays off loan ${oldLoanId}, the rest into merchant ${loan.borrowerId}'s wallet`,
        refs: { loanId },
        postings,
        ...(refillOwed && oldLoanId !== null
          ? {
              events: [
                repaymentApplied({
                  entryKey: `disb:${loanId}`,
                  businessDate,
                  subject: { loanId: oldLoanId, merchantId: loan.borrowerId },
                  allocation: refillOwed,
                  source: 'refill',
                }),
              ],
            }
          : {}),
      })
  if (loan.feeFen) {
    // A sales-share loan's fixed fee is owed from the start and repaid from sales with the principal.
    await deps.ledger.post({
      idempotencyKey: `fee:${loanId}`,
      type: 'fee_charge',
      businessDate: posted.businessDate as IsoDate,
      refs: { loanId },
      postings: [
        { accountCode: accounts.loanFees(loanId).code, side: 'D', amountFen: loan.feeFen },
        { accountCode: accounts.feeIncome().code, side: 'C', amountFen: loan.feeFen },
      ],
    })
  }
  await activateLoan(executor, {
    loanId,
    businessDate: posted.businessDate as IsoDate,
    subject: { loanId, merchantId: loan.borrowerId },
    data: { principalFen: loan.principalFen, entryId: posted.entryId, refinancedLoanId: oldLoanId },
    closedLoan:
      oldLoanId === null
        ? undefined
        : { loanId: oldLoanId, subject: { loanId: oldLoanId, merchantId: loan.borrowerId } },
  })
  return { entryId: posted.entryId }
}
