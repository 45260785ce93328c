/**
 * One loan on the merchant page: what is owed, the live payoff quote with a button that pays exactly
 * it, a part payment, a refill when the loan may be refilled, the schedule and the repayments, and the
 * agreement it was accepted with.
 * @module
 */
import { html } from 'hono/html'
import type { Translator } from '../../../i18n/translator.js'
import type { LoanAgreement } from '../../../merchant-loans/loan-agreement.js'
import type { LoanView } from '../../../servicing/loan-repository.js'
import type { Html } from '../kit/page-layout.js'
import type { LoanActions, Repayment } from './merchant-reads.js'
import { fen, loanStatusText } from './merchant-views.js'

export type LoanPage = {
  loan: LoanView
  actions: LoanActions
  repayments: readonly Repayment[]
  walletFen: number
  csrfToken: string
  /** Fresh ids for the two money-moving forms (each a request's business key). */
  payOffActionId: string
  payNowActionId: string
  /** What the merchant typed into "pay part now" (shown back after an error). */
  payNowText?: string
  /** The page already says what just happened (a notice): no second note. */
  noticeShown: boolean
}

function owedFacts(t: Translator, loan: LoanView) {
  const { outstanding } = loan
  const next = loan.schedule.find((line) => line.status !== 'paid')
  const part = (key: 'principal' | 'interest' | 'fees' | 'penalty', amountFen: number) =>
    amountFen > 0
      ? html`<dt>${t.t(`merchant.loan.${key}`)}</dt>
          <dd>${fen(t, amountFen)}</dd>`
      : ''
  return html`<dl class="facts">
    <dt>${t.t('merchant.loans.borrowed')}</dt>
    <dd id="loan-principal" data-fen="${loan.principalFen}">${t.money(loan.principalFen)}</dd>
    <dt>${t.t('merchant.loan.owedNow')}</dt>
    <dd id="loan-owed" data-fen="${outstanding.totalFen}">${t.money(outstanding.totalFen)}</dd>
    ${part('principal', outstanding.principalFen)} ${part('interest', outstanding.interestFen)}
    ${part('fees', outstanding.feesFen)} ${part('penalty', outstanding.penaltyFen)}
    <dt>${t.t('merchant.loans.status')}</dt>
    <dd id="loan-status">
      ${loanStatusText(t, loan.status)}
      ${loan.daysPastDue > 0 ? html` · ${t.t('merchant.loan.daysLate', { count: loan.daysPastDue })}` : ''}
    </dd>
    ${
      loan.status === 'active'
        ? html`<dt>${t.t('merchant.loan.nextDue')}</dt>
            <dd>
              ${
                next
                  ? html`${fen(t, next.principalFen + next.interestFen + next.feesFen - next.paidFen)} ·
                    ${t.date(next.dueDate)}`
                  : t.t('merchant.loan.nothingDue')
              }
            </dd>`
        : ''
    }
    <dt>${t.t('merchant.loans.matures')}</dt>
    <dd>${t.date(loan.maturesOn)}</dd>
  </dl>`
}

function payForms(t: Translator, page: LoanPage) {
  const { loan, actions } = page
  if (actions.payoffFen === undefined) return ''
  const base = `/merchant/loans/${loan.loanId}`
  return html`<section aria-labelledby="payoff-title">
      <h2 id="payoff-title">${t.t('merchant.loan.payOffTitle')}</h2>
      <dl class="facts">
        <dt>${t.t('merchant.loan.payOffAmount')}</dt>
        <dd id="payoff" data-fen="${actions.payoffFen}">${t.money(actions.payoffFen)}</dd>
        <dt>${t.t('merchant.wallet')}</dt>
        <dd id="wallet" data-fen="${page.walletFen}">${t.money(page.walletFen)}</dd>
      </dl>
      <p class="muted">${t.t('merchant.loan.payOffHint')}</p>
      <form method="post" action="${base}/payoff">
        <input type="hidden" name="csrf" value="${page.csrfToken}" />
        <input type="hidden" name="action" value="${page.payOffActionId}" />
        <input type="hidden" name="quoteFen" value="${actions.payoffFen}" />
        <button type="submit" id="pay-off">
          ${t.t('merchant.loan.payOff', { amount: t.money(actions.payoffFen) })}
        </button>
      </form>
    </section>
    <section aria-labelledby="pay-now-title">
      <h2 id="pay-now-title">${t.t('merchant.loan.payNowTitle')}</h2>
      <form method="post" action="${base}/repayments" class="row">
        <input type="hidden" name="csrf" value="${page.csrfToken}" />
        <input type="hidden" name="action" value="${page.payNowActionId}" />
        <div>
          <label for="pay-amount">${t.t('merchant.loan.payNowAmount')}</label>
          <input
            id="pay-amount"
            name="amount"
            inputmode="decimal"
            autocomplete="off"
            value="${page.payNowText ?? ''}"
            required
          />
        </div>
        <div><button type="submit" class="secondary">${t.t('merchant.loan.payNow')}</button></div>
      </form>
    </section>
    ${
      actions.refillable
        ? html`<section aria-labelledby="refill-title">
            <h2 id="refill-title">${t.t('merchant.loan.refillTitle')}</h2>
            <p>${t.t('merchant.loan.refillHint')}</p>
            <p>
              <a class="button secondary" href="/merchant?refill=${loan.loanId}"
                >${t.t('merchant.loan.refill')}</a
              >
            </p>
          </section>`
        : ''
    }`
}

function scheduleSection(t: Translator, loan: LoanView) {
  const label = (key: 'due' | 'principal' | 'interest' | 'fee' | 'paid' | 'status') =>
    t.t(`merchant.schedule.${key}`)
  return html`<section aria-labelledby="schedule-title">
    <h2 id="schedule-title">${t.t('merchant.loan.schedule')}</h2>
    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="schedule-title">
      <table class="stack" id="loan-schedule">
        <thead>
          <tr>
            <th scope="col">${label('due')}</th>
            <th scope="col" class="num">${label('principal')}</th>
            <th scope="col" class="num">${label('interest')}</th>
            <th scope="col" class="num">${label('fee')}</th>
            <th scope="col" class="num">${label('paid')}</th>
            <th scope="col">${label('status')}</th>
          </tr>
        </thead>
        <tbody>
          ${loan.schedule.map(
            (line) =>
              html`<tr>
                <td class="date" data-label="${label('due')}">${t.date(line.dueDate)}</td>
                <td class="num" data-label="${label('principal')}">${fen(t, line.principalFen)}</td>
                <td class="num" data-label="${label('interest')}">${fen(t, line.interestFen)}</td>
                <td class="num" data-label="${label('fee')}">${fen(t, line.feesFen)}</td>
                <td class="num" data-label="${label('paid')}">${fen(t, line.paidFen)}</td>
                <td data-label="${label('status')}">
                  ${
                    // Paid off early, the interest of later installments was never owed: each is settled.
                    t.t(`merchant.lineStatus.${loan.status === 'closed' ? 'paid' : line.status}`)
                  }
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </section>`
}

function repaymentsSection(t: Translator, repayments: readonly Repayment[]) {
  return html`<section aria-labelledby="repayments-title">
    <h2 id="repayments-title">${t.t('merchant.loan.repayments')}</h2>
    ${
      repayments.length === 0
        ? html`<p>${t.t('merchant.loan.noRepayments')}</p>`
        : html`<table class="stack" id="repayments">
            <thead>
              <tr>
                <th scope="col">${t.t('common.date')}</th>
                <th scope="col">${t.t('merchant.schedule.status')}</th>
                <th scope="col" class="num">${t.t('common.amount')}</th>
              </tr>
            </thead>
            <tbody>
              ${repayments.map(
                (repayment) =>
                  html`<tr>
                    <td data-label="${t.t('common.date')}">${t.date(repayment.businessDate)}</td>
                    <td data-label="${t.t('merchant.schedule.status')}">
                      ${t.t(`merchant.source.${repayment.source}`)}
                    </td>
                    <td class="num" data-label="${t.t('common.amount')}">${fen(t, repayment.amountFen)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
  </section>`
}

export function loanView(t: Translator, page: LoanPage): Html {
  const { loan } = page
  return html`<p><a href="/merchant">${t.t('merchant.loan.back')}</a></p>
    <h1 id="loan-title">${t.t('merchant.loan.title', { loanId: loan.loanId })}</h1>
    ${loan.status === 'closed' && !page.noticeShown ? html`<p class="notice">${t.t('merchant.loan.closed')}</p>` : ''}
    <section aria-labelledby="loan-title">${owedFacts(t, loan)}</section>
    ${payForms(t, page)} ${scheduleSection(t, loan)} ${repaymentsSection(t, page.repayments)}
    <p><a href="/merchant/loans/${loan.loanId}/agreement">${t.t('merchant.loan.agreement')}</a></p>`
}

export function acceptedAgreementView(
  t: Translator,
  loanId: number,
  agreement: LoanAgreement | undefined,
): Html {
  return html`<p>
      <a href="/merchant/loans/${loanId}">${t.t('merchant.loan.title', { loanId })}</a>
    </p>
    <h1>${t.t('merchant.agreement.accepted')}</h1>
    ${
      agreement
        ? html`<p>
              ${t.t('merchant.agreement.acceptedOn', { date: t.date(agreement.acceptedAt) })} ·
              ${t.t(`merchant.agreement.via.${agreement.acceptedVia}`)}
            </p>
            <pre
              class="agreement"
              id="agreement-text"
              lang="${agreement.language}"
              data-terms-hash="${agreement.termsHash}"
            >
${agreement.text}</pre>`
        : html`<p>${t.t('merchant.agreement.none')}</p>`
    }`
}
