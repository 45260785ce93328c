/**
 * The loan agreement a merchant accepts: the terms a loan is booked on (amount, option, every payment
 * due, cost, APR, penalty rate, the loan a refill pays off), filled into a short plain-text template in
 * the language it is shown in, and the consent recorded with the application that books the loan:
 * the exact text, its SHA-256 (`termsHash`), the template's version, when, how (`page` or `api`) and in
 * which language. The template lives with the words (src/i18n): this domain cannot import it, so the
 * caller passes the renderer in ({@link RenderAgreement}); what it fills it with comes from here.
 * @module
 */
import { createHash } from 'node:crypto'
import type { Transaction } from 'kysely'
import type { OfferOption } from '../credit/offer.js'
import type { Db } from '../db/database.js'
import type { Database } from '../db/schema.js'
import { addDays, daysBetween, isoDate, type IsoDate } from '../kernel/business-date.js'
import { contractualSchedule } from '../servicing/loan-view.js'
import { annualPercentageRateBps, dueDateAt, SCHEDULE_VERSION_CURRENT } from '../servicing/schedule.js'
import { SERVICING_POLICY } from '../servicing/servicing-policy.js'

/** The template's version: a new wording is a new version (the text of each loan is kept as shown). */
export const LOAN_AGREEMENT_VERSION = 'merchant-loan-agreement-2026-12-v1'

export const AGREEMENT_LANGUAGES = ['zh-CN', 'en'] as const
export type AgreementLanguage = (typeof AGREEMENT_LANGUAGES)[number]
/** `page`: accepted on the merchant's page after reading it; `api`: a checkout's application call. */
export type AcceptedVia = 'page' | 'api'

export type AgreementPayment = Readonly<{
  dueDate: IsoDate
  principalFen: number
  interestFen: number
  feesFen: number
  totalFen: number
}>

/** Everything the agreement says, exactly as the loan will be booked. */
export type AgreementTerms = Readonly<{
  merchantId: number
  /** The day the money is paid out (the business date of the decision). */
  startDate: IsoDate
  amountFen: number
  option: OfferOption
  maturesOn: IsoDate
  /** Installments, or a sales-share loan's minimums (what must be repaid by each date at least). */
  payments: readonly AgreementPayment[]
  /** Interest (as scheduled) and fees. */
  costFen: number
  totalRepayFen: number
  /** An installment loan's APR; a sales-share loan's if it repaid only its minimums. */
  aprBps: number
  penaltyAnnualRateBps: number
  /** A refill: the loan it pays off first, and what that costs on `startDate`. */
  refill?: Readonly<{ loanId: number; payoffFen: number }>
}>

/** Fills the template in `language` (src/i18n/loan-agreement-text.ts). */
export type RenderAgreement = (terms: AgreementTerms, language: AgreementLanguage) => string

/** The consent that comes with an application: how, when and in which language it was given. */
export type AgreementConsent = Readonly<{
  language: AgreementLanguage
  acceptedVia: AcceptedVia
  /** RFC 3339: when the merchant accepted (pressed the button, or made the call). */
  acceptedAt: string
  /** The hash of the text the merchant was shown; the loan is booked only on exactly that text. */
  shownTermsHash?: string
}>

export type LoanAgreement = Readonly<{
  loanId: number
  merchantId: number
  version: string
  termsHash: string
  acceptedAt: string
  acceptedVia: AcceptedVia
  language: AgreementLanguage
  text: string
}>

/** The day a loan on `option` from `startDate` matures: its last installment, or the end of its term. */
export function maturityOf(option: OfferOption, startDate: IsoDate): IsoDate {
  // Six monthly installments end six calendar months on, not 180 days.
  return option.repaymentMethod === 'installment'
    ? dueDateAt(startDate, option.frequency, option.repayments)
    : addDays(startDate, option.termDays)
}

/**
 * The terms of borrowing `amountFen` on `option` from `startDate`, with the payments the loan's own
 * schedule code derives (the same lines the loan will show once booked).
 */
export function agreementTerms(input: {
  merchantId: number
  startDate: IsoDate
  amountFen: number
  option: OfferOption
  refill?: { loanId: number; payoffFen: number } | undefined
}): AgreementTerms {
  const { option, startDate, amountFen } = input
  const maturesOn = maturityOf(option, startDate)
  const installment = option.repaymentMethod === 'installment'
  const payments = contractualSchedule({
    principalFen: amountFen,
    repaymentMethod: option.repaymentMethod,
    frequency: installment ? option.frequency : null,
    repayments: installment ? option.repayments : null,
    annualRateBps: installment ? option.annualRateBps : null,
    feeFen: installment ? null : option.feeFen,
    startOn: startDate,
    maturesOn,
    arrearsFen: 0,
    scheduleVersion: SCHEDULE_VERSION_CURRENT,
  }).map((line) => ({
    dueDate: isoDate(line.dueDate),
    principalFen: line.principalFen,
    interestFen: line.interestFen,
    feesFen: line.feesFen,
    totalFen: line.principalFen + line.interestFen + line.feesFen,
  }))
  const totalRepayFen = payments.reduce((sum, line) => sum + line.totalFen, 0)
  return {
    merchantId: input.merchantId,
    startDate,
    amountFen,
    option,
    maturesOn,
    payments,
    costFen: totalRepayFen - amountFen,
    totalRepayFen,
    aprBps: installment ? option.aprBps : minimumsAprBps(amountFen, startDate, payments),
    penaltyAnnualRateBps: SERVICING_POLICY.penaltyAnnualRateBps,
    ...(input.refill ? { refill: { loanId: input.refill.loanId, payoffFen: input.refill.payoffFen } } : {}),
  }
}

/** The APR of a sales-share loan repaid exactly by its minimums (faster sales repay it sooner, dearer). */
function minimumsAprBps(
  amountFen: number,
  startDate: IsoDate,
  payments: readonly AgreementPayment[],
): number {
  let previous = startDate
  const yearFractions = payments.map((line) => {
    const days = daysBetween(previous, line.dueDate)
    previous = line.dueDate
    return days / 365
  })
  return annualPercentageRateBps(
    amountFen,
    payments.map((line) => line.totalFen),
    yearFractions,
  )
}

/** SHA-256 of the text's UTF-8 bytes, hex. */
export function termsHashOf(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

interface LoanAgreementsTable {
  loanId: number
  applicationId: number
  merchantId: number
  version: string
  termsHash: string
  language: string
  acceptedVia: string
  acceptedAt: Date
  text: string
}
type AgreementTables = { loanAgreements: LoanAgreementsTable }

/** Records the agreement of a loan in the transaction that books it (so no loan lacks its consent). */
export async function recordAgreement(
  trx: Transaction<Database>,
  row: { loanId: number; applicationId: number; merchantId: number; text: string; consent: AgreementConsent },
): Promise<void> {
  await trx
    .withTables<AgreementTables>()
    .insertInto('loanAgreements')
    .values({
      loanId: row.loanId,
      applicationId: row.applicationId,
      merchantId: row.merchantId,
      version: LOAN_AGREEMENT_VERSION,
      termsHash: termsHashOf(row.text),
      language: row.consent.language,
      acceptedVia: row.consent.acceptedVia,
      acceptedAt: new Date(row.consent.acceptedAt),
      text: row.text,
    })
    .execute()
}

/** The agreement a loan was booked with, or undefined (a farm loan; a loan booked before agreements). */
export async function loanAgreement(db: Db, loanId: number): Promise<LoanAgreement | undefined> {
  const row = await db
    .withTables<AgreementTables>()
    .selectFrom('loanAgreements')
    .selectAll()
    .where('loanId', '=', loanId)
    .executeTakeFirst()
  if (!row) return undefined
  return {
    loanId: Number(row.loanId),
    merchantId: Number(row.merchantId),
    version: row.version,
    termsHash: row.termsHash,
    acceptedAt: new Date(row.acceptedAt).toISOString(),
    acceptedVia: row.acceptedVia as AcceptedVia,
    language: row.language as AgreementLanguage,
    text: row.text,
  }
}
