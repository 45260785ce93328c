/**
 * The merchant loan agreement as plain text, filled from the terms the loan is booked on
 * (src/merchant-loans/loan-agreement.ts) in the reader's language. The text is what the merchant
 * reads and what its SHA-256 is taken of, so it is built the same way every time: lines joined by
 * `\n`, no trailing newline, money and dates as the pages write them.
 * @module
 */
import {
  LOAN_AGREEMENT_VERSION,
  type AgreementLanguage,
  type AgreementTerms,
} from '../merchant-loans/loan-agreement.js'
import { translator } from './translator.js'

/** Payments are indented under their heading (the clauses are numbered too). */
const PAYMENT_INDENT = '    '

export function renderLoanAgreement(terms: AgreementTerms, language: AgreementLanguage): string {
  const t = translator(language)
  const { option } = terms
  const installment = option.repaymentMethod === 'installment'
  const lines = [
    t.t('agreement.title'),
    t.t('agreement.version', { version: LOAN_AGREEMENT_VERSION }),
    t.t('agreement.parties', { merchantId: terms.merchantId, date: t.date(terms.startDate) }),
    '',
    t.t('agreement.loan', { amount: t.money(terms.amountFen), date: t.date(terms.startDate) }),
    ...(terms.refill
      ? [
          t.t('agreement.refill', {
            loanId: terms.refill.loanId,
            payoff: t.money(terms.refill.payoffFen),
            date: t.date(terms.startDate),
          }),
        ]
      : []),
    installment
      ? t.t('agreement.installments', {
          count: option.repayments,
          frequency: t.t(`agreement.frequency.${option.frequency}`),
          maturesOn: t.date(terms.maturesOn),
          rate: t.percent(option.annualRateBps),
        })
      : t.t('agreement.salesShare', {
          share: t.percent(option.salesShareBps),
          maturesOn: t.date(terms.maturesOn),
        }),
    t.t(installment ? 'agreement.cost' : 'agreement.costSalesShare', {
      cost: t.money(terms.costFen),
      total: t.money(terms.totalRepayFen),
      apr: t.percent(terms.aprBps),
    }),
    t.t(installment ? 'agreement.payments' : 'agreement.minimums'),
    ...terms.payments.map(
      (payment, index) =>
        PAYMENT_INDENT +
        t.t(installment ? 'agreement.payment' : 'agreement.minimum', {
          n: index + 1,
          date: t.date(payment.dueDate),
          total: t.money(payment.totalFen),
          principal: t.money(payment.principalFen),
          interest: t.money(payment.interestFen),
          fee: t.money(payment.feesFen),
        }),
    ),
    t.t('agreement.collection'),
    t.t(installment ? 'agreement.early' : 'agreement.earlySalesShare'),
    t.t('agreement.late', { penalty: t.percent(terms.penaltyAnnualRateBps) }),
    '',
    t.t('agreement.accept'),
  ]
  return lines.join('\n')
}
