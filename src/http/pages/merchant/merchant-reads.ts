/**
 * What the merchant page reads, through the same domain functions the API uses: the line and what is
 * available, every option priced for an amount with the terms its agreement states, the merchant's
 * loans with their schedules, repayments and live payoff quote, and whether a loan can be refilled.
 * @module
 */
import { CREDIT_POLICY } from '../../../credit/credit-policy.js'
import { currentCreditLine, type CreditLine } from '../../../credit/credit-line-service.js'
import { offerOptions, type OfferOption } from '../../../credit/offer.js'
import type { ScorecardModel } from '../../../credit/scorecard.js'
import type { Db } from '../../../db/database.js'
import type { IsoDate } from '../../../kernel/business-date.js'
import { accounts } from '../../../ledger/chart-of-accounts.js'
import { accountBalance } from '../../../ledger/ledger-repository.js'
import { agreementTerms, type AgreementTerms } from '../../../merchant-loans/loan-agreement.js'
import { refillTerms } from '../../../merchant-loans/origination-rules.js'
import { outstandingPrincipalFen, readRefillFacts } from '../../../merchant-loans/origination-service.js'
import {
  getLoanView,
  listLoanViews,
  loanTransactions,
  type LoanTransaction,
  type LoanView,
} from '../../../servicing/loan-repository.js'
import { payoffQuote } from '../../../servicing/servicing-service.js'
import { getBusinessDate } from '../../../system/business-date-service.js'

export type MerchantReadDeps = { db: Db; scorecard: ScorecardModel }

export const MIN_AMOUNT_FEN = CREDIT_POLICY.creditLimitFenMin
/** A merchant's loans shown on its page: the newest this many (a shop has a handful). */
const LOANS_SHOWN_MAX = 50
/** Transactions read per page while collecting a loan's repayments. */
const TRANSACTIONS_PAGE = 200

export type MerchantLine = {
  line: CreditLine
  businessDate: IsoDate
  /** Limit less the principal owed on open loans (for a refill, plus what the old loan still owes). */
  availableFen: number
  /** Whether an amount can be priced and borrowed now. */
  lends: boolean
  /** A refill: the loan it pays off and what that costs today. */
  refill?: { loanId: number; payoffFen: number } | undefined
}

/** The merchant's line today; with `refillOfLoanId`, as a refill of that loan (undefined: not refillable). */
export async function readLine(
  deps: MerchantReadDeps,
  merchantId: number,
  refillOfLoanId?: number,
): Promise<MerchantLine | undefined> {
  const line = await currentCreditLine(deps.db, deps.scorecard, merchantId)
  const businessDate = await getBusinessDate(deps.db)
  let availableFen = line.creditLimitFen - (await outstandingPrincipalFen(deps.db, merchantId))
  let refill: MerchantLine['refill']
  if (refillOfLoanId !== undefined) {
    const facts = await readRefillFacts(deps.db, refillOfLoanId, businessDate, { lock: false })
    const terms = refillTerms({ merchantId, refillOfLoanId }, facts)
    if ('refusal' in terms) return undefined
    availableFen += terms.oldPrincipalOwedFen
    refill = { loanId: refillOfLoanId, payoffFen: terms.payoffFen }
  }
  availableFen = Math.max(0, availableFen)
  const lends =
    line.eligible &&
    line.scoreBand !== null &&
    availableFen >= MIN_AMOUNT_FEN &&
    (refill === undefined || availableFen > refill.payoffFen)
  return { line, businessDate, availableFen, lends, refill }
}

/** An option's key in forms and links: `installment-weekly-84`, `sales_share-180`. */
export function optionKey(option: OfferOption): string {
  return option.repaymentMethod === 'installment'
    ? `installment-${option.frequency}-${option.termDays}`
    : `sales_share-${option.termDays}`
}

export type PricedOption = { key: string; option: OfferOption; terms: AgreementTerms }

/** Every option for borrowing `amountFen` today, each with the terms its agreement would state. */
export function priceOptions(merchantId: number, line: MerchantLine, amountFen: number): PricedOption[] {
  if (!line.lends || !line.line.scoreBand) return []
  return offerOptions(line.line.scoreBand, amountFen, line.businessDate).map((option) => ({
    key: optionKey(option),
    option,
    terms: agreementTerms({
      merchantId,
      startDate: line.businessDate,
      amountFen,
      option,
      refill: line.refill,
    }),
  }))
}

export async function walletBalanceFen(db: Db, merchantId: number): Promise<number> {
  const balance = await accountBalance(db, accounts.merchantWallet(merchantId).code).catch(() => undefined)
  return balance?.balanceFen ?? 0 // a merchant whose wallet was never opened holds nothing
}

export async function merchantLoans(db: Db, merchantId: number): Promise<LoanView[]> {
  const page = await listLoanViews(
    db,
    { product: 'merchant', borrowerId: merchantId },
    { limit: LOANS_SHOWN_MAX },
  )
  return page.items
}

/** The merchant's own loan, or undefined (another's loan, a farm loan, none). */
export async function merchantLoan(
  db: Db,
  merchantId: number,
  loanId: number,
): Promise<LoanView | undefined> {
  const loan = await getLoanView(db, loanId).catch(() => undefined)
  return loan && loan.product === 'merchant' && loan.borrowerId === merchantId ? loan : undefined
}

export type Repayment = { entryId: number; businessDate: string; source: RepaymentSource; amountFen: number }
export type RepaymentSource = 'wallet' | 'sales' | 'refill' | 'recovery'

/**
 * What repaid the loan, oldest first: payments from the wallet, collections from sales settlements,
 * a refill's payoff (a disbursement after the loan's own), recoveries.
 */
export async function loanRepayments(db: Db, loanId: number): Promise<Repayment[]> {
  const entries: LoanTransaction[] = []
  let cursor: number | undefined
  do {
    const page = await loanTransactions(db, loanId, {
      limit: TRANSACTIONS_PAGE,
      ...(cursor === undefined ? {} : { cursor }),
    })
    entries.push(...page.items)
    cursor = page.nextCursor === null ? undefined : Number(page.nextCursor)
  } while (cursor !== undefined)
  let disbursements = 0
  return entries.flatMap((entry): Repayment[] => {
    const source = repaymentSource(entry.type, entry.type === 'merchant_disbursement' && disbursements++ > 0)
    return source && entry.amountFen > 0
      ? [{ entryId: entry.entryId, businessDate: entry.businessDate, source, amountFen: entry.amountFen }]
      : []
  })
}

function repaymentSource(type: string, laterDisbursement: boolean): RepaymentSource | undefined {
  if (type === 'repayment') return 'wallet'
  if (type === 'sales_settlement') return 'sales'
  if (type === 'recovery') return 'recovery'
  if (type === 'merchant_disbursement' && laterDisbursement) return 'refill'
  return undefined
}

export type LoanActions = {
  /** What pays the loan off today (the live quote), for an active loan. */
  payoffFen?: number
  /** The loan can be refilled today. */
  refillable: boolean
}

export async function loanActions(
  deps: MerchantReadDeps,
  merchantId: number,
  loan: LoanView,
): Promise<LoanActions> {
  if (loan.status !== 'active') return { refillable: false }
  const businessDate = await getBusinessDate(deps.db)
  const { payoffFen } = await payoffQuote(deps.db, loan.loanId, businessDate)
  const refill = await readLine(deps, merchantId, loan.loanId)
  return { payoffFen, refillable: refill?.lends === true }
}
