/**
 * Merchant loan origination: one transaction decides an application against the merchant's line
 * (locked, so two applications racing for the same line cannot both take it) and books the loan
 * with its agreement; disbursement then posts `disb:{loanId}` to the ledger exactly once.
 * @module
 */
import type { Transaction } from 'kysely'
import { sql } from 'kysely'
import { CREDIT_POLICY, type InstallmentFrequency, type RepaymentMethod } from '../credit/credit-policy.js'
import { currentCreditLine } from '../credit/credit-line-service.js'
import { offerOptions } from '../credit/offer.js'
import type { ScorecardModel } from '../credit/scorecard.js'
import type { Db } from '../db/database.js'
import type { Database } from '../db/schema.js'
import { addDays, type IsoDate } from '../kernel/business-date.js'
import { fenFromDb } from '../kernel/money.js'
import { accounts } from '../ledger/chart-of-accounts.js'
import { entriesByKeys, loanAccountSql } from '../ledger/ledger-repository.js'
import type { LedgerService } from '../ledger/ledger-service.js'
import { dueDateAt } from '../servicing/schedule.js'
import { SERVICING_POLICY } from '../servicing/servicing-policy.js'
import { loanLedgerFigures } from '../servicing/loan-repository.js'
import { payoffQuote, repaymentPostings } from '../servicing/servicing-service.js'
import type { PostingInput } from '../ledger/posting.js'
import { recordEvents } from '../events/events.js'
import { activateLoan, repaymentApplied } from '../servicing/loan-lifecycle.js'
import type { Owed } from '../servicing/repayment-allocation.js'
import { getBusinessDate } from '../system/business-date-service.js'

/** More applications than this in an hour is a velocity decline. */
export const APPLICATIONS_PER_HOUR_MAX = 5
/** Last week's sales above this multiple of the 90-day average look pumped to win a bigger line. */
export const SALES_SPIKE_RATIO_MAX = 3

export type ApplicationInput = {
  workflowId: string
  merchantId: number
  amountFen: number
  termDays: number
  repaymentMethod: RepaymentMethod
  frequency?: InstallmentFrequency
  /** A refill: this loan of the merchant's, at least 75% repaid, is paid off from the new loan's proceeds. */
  refillOfLoanId?: number
}

/** A loan may be refilled once this share of its principal is repaid. */
export const REFILL_REPAID_BPS_MIN = 7_500

export type Reason = { code: string; text: string }

export type ApplicationOutcome =
  | {
      kind: 'refused'
      code:
        | 'amount_below_minimum'
        | 'amount_above_available'
        | 'option_not_offered'
        | 'refill_not_eligible'
        | 'amount_below_payoff'
      detail: string
    }
  | { kind: 'declined'; applicationId: number; reasons: Reason[] }
  | { kind: 'approved'; applicationId: number; loanId: number; reasons: Reason[] }

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
  if (!row) return undefined
  const reasons = JSON.parse(row.reasons) as Reason[]
  return row.status === 'approved'
    ? { kind: 'approved', applicationId: Number(row.id), loanId: Number(row.loanId), reasons }
    : { kind: 'declined', applicationId: Number(row.id), reasons }
}

/** Decides once per workflow id: a retry returns the stored outcome; a refusal writes nothing. */
export async function decideApplication(
  deps: { db: Db; scorecard: ScorecardModel },
  input: ApplicationInput,
): Promise<ApplicationOutcome> {
  const earlier = await storedOutcome(deps.db, input.workflowId)
  if (earlier) return earlier
  await currentCreditLine(deps.db, deps.scorecard, input.merchantId) // refreshed outside the lock
  const businessDate = await getBusinessDate(deps.db)
  return deps.db.transaction().execute(async (trx) => {
    const line = await trx
      .selectFrom('creditLines')
      .selectAll()
      .where('merchantId', '=', input.merchantId)
      .forUpdate()
      .executeTakeFirstOrThrow()
    const again = await storedOutcome(trx, input.workflowId)
    if (again) return again
    const record = async (status: 'approved' | 'declined', reasons: Reason[]) => {
      const inserted = await trx
        .insertInto('loanApplications')
        .values({
          workflowId: input.workflowId,
          merchantId: input.merchantId,
          amountFen: input.amountFen,
          termDays: input.termDays,
          repaymentMethod: input.repaymentMethod,
          frequency: input.frequency ?? null,
          status,
          reasons: JSON.stringify(reasons),
          businessDate,
        })
        .executeTakeFirstOrThrow()
      const applicationId = Number(inserted.insertId)
      if (status === 'declined') {
        await recordEvents(trx, [
          {
            key: `application.declined:${applicationId}`,
            type: 'application.declined',
            businessDate,
            subject: { applicationId, merchantId: input.merchantId },
            data: { amountFen: input.amountFen, reasons },
          },
        ])
      }
      return applicationId
    }
    const lineReasons = JSON.parse(line.reasons) as Reason[]
    if (line.eligible !== 1 || !line.scoreBand) {
      return { kind: 'declined', applicationId: await record('declined', lineReasons), reasons: lineReasons }
    }
    const refill =
      input.refillOfLoanId === undefined ? undefined : await refillTerms(trx, input, businessDate)
    if (refill?.refusal) return refill.refusal
    // A refill's old loan is paid off from the new one, so its principal does not count against the line.
    const availableFen =
      Number(line.creditLimitFen) -
      (await outstandingPrincipalFen(trx, input.merchantId)) +
      (refill?.oldPrincipalOwedFen ?? 0)
    if (input.amountFen < CREDIT_POLICY.creditLimitFenMin) {
      return {
        kind: 'refused',
        code: 'amount_below_minimum',
        detail: `The smallest loan is ${CREDIT_POLICY.creditLimitFenMin} fen.`,
      }
    }
    if (input.amountFen > availableFen) {
      return {
        kind: 'refused',
        code: 'amount_above_available',
        detail: `At most ${Math.max(0, availableFen)} fen is available.`,
      }
    }
    const option = offerOptions(line.scoreBand as 'A', input.amountFen, businessDate).find(
      (candidate) =>
        candidate.termDays === input.termDays &&
        candidate.repaymentMethod === input.repaymentMethod &&
        (candidate.repaymentMethod === 'sales_share' || candidate.frequency === input.frequency),
    )
    if (!option) {
      return {
        kind: 'refused',
        code: 'option_not_offered',
        detail: 'No offered option has this term, method and frequency.',
      }
    }
    if (refill && input.amountFen <= refill.payoffFen) {
      return {
        kind: 'refused',
        code: 'amount_below_payoff',
        detail: `A refill must be more than the ${refill.payoffFen} fen that pays loan ${input.refillOfLoanId} off.`,
      }
    }
    const fraud = await fraudReasons(
      trx,
      input.merchantId,
      JSON.parse(line.features).spikeRatio7to90 as number,
    )
    if (fraud.length > 0)
      return { kind: 'declined', applicationId: await record('declined', fraud), reasons: fraud }
    const applicationId = await record('approved', lineReasons)
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
        // An installment loan matures with its last installment (six months are not 180 days).
        maturesOn:
          option.repaymentMethod === 'installment'
            ? dueDateAt(businessDate, option.frequency, option.repayments)
            : addDays(businessDate, option.termDays),
        policyVersion: line.policyVersion,
        penaltyAnnualRateBps: SERVICING_POLICY.penaltyAnnualRateBps,
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
          reasons: lineReasons,
        },
      },
    ])
    return { kind: 'approved', applicationId, loanId, reasons: lineReasons }
  })
}

/**
 * Whether the merchant may refill `input.refillOfLoanId` (its own active loan, at least 75% of the
 * principal repaid, not already being refilled), what is still owed on it and what pays it off today.
 * The old loan's row is locked, so two refills of one loan cannot both pass.
 */
async function refillTerms(
  trx: Transaction<Database>,
  input: ApplicationInput,
  businessDate: IsoDate,
): Promise<
  | { refusal: ApplicationOutcome; oldPrincipalOwedFen?: undefined; payoffFen?: undefined }
  | { refusal?: undefined; oldPrincipalOwedFen: number; payoffFen: number }
> {
  const refuse = (detail: string) => ({
    refusal: { kind: 'refused' as const, code: 'refill_not_eligible' as const, detail },
  })
  const old = await trx
    .selectFrom('loans')
    .selectAll()
    .where('id', '=', input.refillOfLoanId!)
    .forUpdate()
    .executeTakeFirst()
  if (!old || old.product !== 'merchant' || old.borrowerId !== input.merchantId) {
    return refuse(`Loan ${input.refillOfLoanId} is not one of this merchant's loans.`)
  }
  if (old.status !== 'active') return refuse(`Loan ${old.id} is ${old.status}.`)
  const already = await trx
    .selectFrom('loans')
    .select('id')
    .where('refinancedLoanId', '=', old.id)
    .executeTakeFirst()
  if (already) return refuse(`Loan ${old.id} is already refilled by loan ${already.id}.`)
  const figures = await loanLedgerFigures(trx, Number(old.id))
  const repaidBps = Math.floor(((old.principalFen - figures.principalFen) * 10_000) / old.principalFen)
  if (repaidBps < REFILL_REPAID_BPS_MIN) {
    return refuse(
      `${(repaidBps / 100).toFixed(2)}% of loan ${old.id}'s principal is repaid; a refill needs ${REFILL_REPAID_BPS_MIN / 100}%.`,
    )
  }
  const { payoffFen } = await payoffQuote(trx, Number(old.id), businessDate)
  return { oldPrincipalOwedFen: figures.principalFen, payoffFen }
}

async function fraudReasons(
  trx: Transaction<Database>,
  merchantId: number,
  spikeRatio: number,
): Promise<Reason[]> {
  const reasons: Reason[] = []
  const recent = await trx
    .selectFrom('loanApplications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('merchantId', '=', merchantId)
    .where('createdAt', '>', new Date(Date.now() - 3_600_000))
    .executeTakeFirstOrThrow()
  if (Number(recent.n) >= APPLICATIONS_PER_HOUR_MAX) {
    reasons.push({
      code: 'too_many_applications',
      text: 'Too many applications in the last hour; please try again later.',
    })
  }
  if (spikeRatio > SALES_SPIKE_RATIO_MAX) {
    reasons.push({
      code: 'sales_spike',
      text: 'Your sales in the last week are far above your usual level; we need to see them settle.',
    })
  }
  return reasons
}

/** Pays the loan into the merchant's wallet: one ledger entry keyed `disb:{loanId}`, then the loan is active. */
export async function disburseLoan(
  deps: { db: Db; ledger: LedgerService },
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
  // The decision's business date, not today's: a retry after close of business posts the same entry.
  const application = await deps.db
    .selectFrom('loanApplications')
    .select('businessDate')
    .where('id', '=', loan.applicationId)
    .executeTakeFirstOrThrow()
  const businessDate = application.businessDate as IsoDate
  const walletCode = accounts.merchantWallet(loan.borrowerId).code
  let postings: PostingInput[] = [
    { accountCode: accounts.loanPrincipal(loanId).code, side: 'D', amountFen: loan.principalFen },
    { accountCode: walletCode, side: 'C', amountFen: loan.principalFen },
  ]
  const oldLoanId = loan.refinancedLoanId === null ? null : Number(loan.refinancedLoanId)
  let refillOwed: Owed | undefined
  const [earlier] = await entriesByKeys(deps.db, [`disb:${loanId}`])
  if (oldLoanId !== null && !earlier) {
    // A refill: the proceeds pay the old loan off in the same entry (no moment where the merchant
    // holds the money and still owes the old loan); the rest goes to the wallet.
    const { owed, payoffFen } = await payoffQuote(deps.db, oldLoanId, businessDate)
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
      businessDate: application.businessDate as IsoDate,
      refs: { loanId },
      postings: [
        { accountCode: accounts.loanFees(loanId).code, side: 'D', amountFen: loan.feeFen },
        { accountCode: accounts.feeIncome().code, side: 'C', amountFen: loan.feeFen },
      ],
    })
  }
  await activateLoan(deps.db, {
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
