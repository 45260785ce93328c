/**
 * The merchant page's views: the line with what shapes it, the prices of an amount for every option,
 * the agreement before accepting, and the list of loans. Every word comes from the catalogue; money
 * carries its fen in `data-fen` so tests read exactly what a merchant reads.
 * @module
 */
import { html } from 'hono/html'
import type { OfferOption } from '../../../credit/offer.js'
import { translator, type Translator } from '../../../i18n/translator.js'
import type { AgreementTerms } from '../../../merchant-loans/loan-agreement.js'
import { plainYuan } from '../../../kernel/money.js'
import type { LoanView } from '../../../servicing/loan-repository.js'
import type { Html } from '../kit/page-layout.js'
import { MIN_AMOUNT_FEN, type MerchantLine, type PricedOption } from './merchant-reads.js'

export function fen(t: Translator, amountFen: number) {
  return html`<span class="money" data-fen="${amountFen}">${t.money(amountFen)}</span>`
}

const ENGLISH = translator('en')

/**
 * A reason a line or a decision carries, in the reader's words. A few codes name both a hard decline
 * and a scorecard reason (`short_tenure`, `sales_spike`) with different texts; the English text the
 * decision stored says which one it is.
 */
export function reasonText(t: Translator, reason: { code: string; text?: string }): string {
  const isDecline = reason.text !== undefined && ENGLISH.code('decline', reason.code) === reason.text
  return t.code(isDecline ? 'decline' : 'reason', reason.code)
}

export function optionTitle(t: Translator, option: OfferOption): string {
  return option.repaymentMethod === 'installment'
    ? t.t('merchant.option.installments', {
        count: option.repayments,
        frequency: t.t(`merchant.frequency.${option.frequency}`),
      })
    : t.t('merchant.option.salesShare', { share: t.percent(option.salesShareBps) })
}

function lineSection(t: Translator, line: MerchantLine) {
  const reasons = line.line.reasons
  if (!line.line.eligible) {
    return html`<section aria-labelledby="line-title">
      <h2 id="line-title">${t.t('merchant.noLine')}</h2>
      <p>${t.t('merchant.noLineWhy')}</p>
      <ul id="line-reasons">
        ${reasons.map((reason) => html`<li>${reasonText(t, reason)}</li>`)}
      </ul>
      <p class="muted">${t.t('merchant.noLineLater')}</p>
    </section>`
  }
  return html`<section aria-labelledby="line-title">
    <h2 id="line-title">${t.t('merchant.available')}</h2>
    <p class="big" id="available" data-fen="${line.availableFen}">${t.money(line.availableFen)}</p>
    <p class="muted">${t.t('merchant.ofLine', { limit: t.money(line.line.creditLimitFen) })}</p>
    <h3 id="shapes-title">${t.t('merchant.shapes')}</h3>
    <ul id="line-reasons" aria-labelledby="shapes-title">
      ${reasons.map((reason) => html`<li>${reasonText(t, reason)}</li>`)}
    </ul>
  </section>`
}

export type PriceState = {
  /** What the merchant typed (shown back in the field). */
  amountText: string
  error?: string | undefined
  amountFen?: number | undefined
  options?: readonly PricedOption[]
}

function scheduleTable(t: Translator, terms: AgreementTerms, caption: string) {
  const installment = terms.option.repaymentMethod === 'installment'
  // A wide table scrolls inside a narrow card: the region takes focus so a keyboard can scroll it.
  return html`<div class="table-wrap" tabindex="0" role="region" aria-label="${caption}">
    <table class="stack">
      <caption class="visually-hidden">
        ${caption}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t.t('merchant.schedule.n')}</th>
          <th scope="col">${t.t('merchant.schedule.due')}</th>
          <th scope="col" class="num">${t.t('merchant.schedule.principal')}</th>
          <th scope="col" class="num">
            ${installment ? t.t('merchant.schedule.interest') : t.t('merchant.schedule.fee')}
          </th>
          <th scope="col" class="num">${t.t('merchant.schedule.total')}</th>
        </tr>
      </thead>
      <tbody>
        ${terms.payments.map(
          (line, index) =>
            html`<tr>
              <td data-label="${t.t('merchant.schedule.n')}">${index + 1}</td>
              <td class="date" data-label="${t.t('merchant.schedule.due')}">${t.date(line.dueDate)}</td>
              <td class="num" data-label="${t.t('merchant.schedule.principal')}">
                ${fen(t, line.principalFen)}
              </td>
              <td
                class="num"
                data-label="${installment ? t.t('merchant.schedule.interest') : t.t('merchant.schedule.fee')}"
              >
                ${fen(t, installment ? line.interestFen : line.feesFen)}
              </td>
              <td class="num" data-label="${t.t('merchant.schedule.total')}">${fen(t, line.totalFen)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`
}

export function agreementHref(amountFen: number, key: string, refillOfLoanId: number | undefined): string {
  const query = new URLSearchParams({ amountFen: String(amountFen), option: key })
  if (refillOfLoanId !== undefined) query.set('refill', String(refillOfLoanId))
  return `/merchant/agreement?${query.toString()}`
}

/** One option's price: what it costs, its APR, what is repaid and when. */
export function optionFacts(t: Translator, terms: AgreementTerms) {
  const installment = terms.option.repaymentMethod === 'installment'
  const first = terms.payments[0]
  return html`<p class="muted">
      ${t.t('merchant.option.over', { days: terms.option.termDays, date: t.date(terms.maturesOn) })}
    </p>
    <dl class="facts">
      <dt>${t.t('merchant.option.cost')}</dt>
      <dd data-role="cost">${fen(t, terms.costFen)}</dd>
      <dt>${installment ? t.t('merchant.option.apr') : t.t('merchant.option.aprMinimums')}</dt>
      <dd data-role="apr" data-bps="${terms.aprBps}">${t.percent(terms.aprBps)}</dd>
      <dt>${t.t('merchant.option.total')}</dt>
      <dd data-role="total">${fen(t, terms.totalRepayFen)}</dd>
      ${
        first
          ? html`<dt>${t.t('merchant.option.first')}</dt>
              <dd>${fen(t, first.totalFen)} · ${t.date(first.dueDate)}</dd>`
          : ''
      }
    </dl>`
}

function optionCard(t: Translator, priced: PricedOption, amountFen: number, refillOfLoanId?: number) {
  const { terms } = priced
  const installment = terms.option.repaymentMethod === 'installment'
  const title = optionTitle(t, priced.option)
  const titleId = `option-${priced.key}`
  return html`<article class="card option" data-option="${priced.key}" aria-labelledby="${titleId}">
    <h4 id="${titleId}">${title}</h4>
    ${optionFacts(t, terms)}
    <details>
      <summary>${installment ? t.t('merchant.option.schedule') : t.t('merchant.option.minimums')}</summary>
      ${scheduleTable(t, terms, title)}
    </details>
    <p>
      <a class="button" href="${agreementHref(amountFen, priced.key, refillOfLoanId)}"
        >${t.t('merchant.option.read')}<span class="visually-hidden">: ${title}</span></a
      >
    </p>
  </article>`
}

function priceSection(t: Translator, line: MerchantLine, state: PriceState) {
  if (!line.lends) return ''
  const refill = line.refill
  return html`<section aria-labelledby="price-title">
    <h2 id="price-title">
      ${refill ? t.t('merchant.price.refillTitle', { loanId: refill.loanId }) : t.t('merchant.price.title')}
    </h2>
    ${
      refill
        ? html`<p>
            ${t.t('merchant.price.refillHint', { loanId: refill.loanId, payoff: t.money(refill.payoffFen) })}
            <a href="/merchant">${t.t('merchant.price.cancelRefill')}</a>
          </p>`
        : ''
    }
    <form method="get" action="/merchant" class="row">
      ${refill ? html`<input type="hidden" name="refill" value="${refill.loanId}" />` : ''}
      <div>
        <label for="amount">${t.t('merchant.price.amount')}</label>
        <input
          id="amount"
          name="amount"
          inputmode="decimal"
          autocomplete="off"
          value="${state.amountText}"
          aria-describedby="amount-hint${state.error ? ' amount-error' : ''}"
          ${state.error ? html`aria-invalid="true"` : ''}
          required
        />
        <p id="amount-hint" class="hint">
          ${t.t('merchant.price.hint', {
            min: t.money(refill ? refill.payoffFen + 1 : MIN_AMOUNT_FEN),
            max: t.money(line.availableFen),
          })}
        </p>
        ${state.error ? html`<p id="amount-error" class="error">${state.error}</p>` : ''}
      </div>
      <div><button type="submit">${t.t('merchant.price.submit')}</button></div>
    </form>
    ${
      state.options && state.amountFen !== undefined
        ? html`<h3 id="options-title">
              ${t.t('merchant.price.options', { amount: t.money(state.amountFen) })}
            </h3>
            <div class="options">
              ${state.options.map((priced) => optionCard(t, priced, state.amountFen!, refill?.loanId))}
            </div>`
        : ''
    }
  </section>`
}

export function loansSection(t: Translator, loans: readonly LoanView[]) {
  return html`<section aria-labelledby="loans-title">
    <h2 id="loans-title">${t.t('merchant.loans.title')}</h2>
    ${
      loans.length === 0
        ? html`<p>${t.t('merchant.loans.none')}</p>`
        : html`<table class="stack" id="loans">
            <thead>
              <tr>
                <th scope="col">${t.t('merchant.loans.loanColumn')}</th>
                <th scope="col" class="num">${t.t('merchant.loans.borrowed')}</th>
                <th scope="col" class="num">${t.t('merchant.loans.owed')}</th>
                <th scope="col">${t.t('merchant.loans.status')}</th>
                <th scope="col">${t.t('merchant.loans.matures')}</th>
              </tr>
            </thead>
            <tbody>
              ${loans.map(
                (loan) =>
                  html`<tr data-loan="${loan.loanId}">
                    <td data-label="${t.t('merchant.loans.loanColumn')}">
                      <a
                        href="/merchant/loans/${loan.loanId}"
                        aria-label="${t.t('merchant.loans.open', { loanId: loan.loanId })}"
                        >${t.t('merchant.loans.loan', { loanId: loan.loanId })}</a
                      >
                    </td>
                    <td class="num" data-label="${t.t('merchant.loans.borrowed')}">
                      ${fen(t, loan.principalFen)}
                    </td>
                    <td class="num" data-label="${t.t('merchant.loans.owed')}">
                      ${fen(t, loan.outstanding.totalFen)}
                    </td>
                    <td data-label="${t.t('merchant.loans.status')}">${loanStatusText(t, loan.status)}</td>
                    <td data-label="${t.t('merchant.loans.matures')}">${t.date(loan.maturesOn)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
  </section>`
}

export function loanStatusText(t: Translator, status: string): string {
  const known = ['booked', 'active', 'closed', 'written_off', 'defaulted'] as const
  const match = known.find((candidate) => candidate === status)
  return match ? t.t(`merchant.loanStatus.${match}`) : status
}

function walletSection(t: Translator, walletFen: number) {
  return html`<section aria-labelledby="wallet-title">
    <h2 id="wallet-title">${t.t('merchant.wallet')}</h2>
    <p class="big" id="wallet" data-fen="${walletFen}">${t.money(walletFen)}</p>
    <p class="muted">${t.t('merchant.walletHint')}</p>
  </section>`
}

export function homeView(
  t: Translator,
  data: {
    line: MerchantLine
    price: PriceState
    loans: readonly LoanView[]
    walletFen: number
    declined?: ReadonlyArray<{ code: string; text: string }> | undefined
  },
): Html {
  return html`<h1>${t.t('merchant.title')}</h1>
    ${
      data.declined
        ? html`<section class="error" role="alert" aria-labelledby="declined-title">
            <h2 id="declined-title">${t.t('merchant.declined')}</h2>
            <ul>
              ${data.declined.map((reason) => html`<li>${reasonText(t, reason)}</li>`)}
            </ul>
          </section>`
        : ''
    }
    ${lineSection(t, data.line)} ${priceSection(t, data.line, data.price)} ${loansSection(t, data.loans)}
    ${walletSection(t, data.walletFen)}`
}

export type AgreementForm = {
  csrfToken: string
  /** A random id per rendered form: the application's business key, so a resubmit lends once. */
  actionId: string
  priced: PricedOption
  amountFen: number
  refillOfLoanId?: number | undefined
  text: string
  termsHash: string
}

export function agreementView(t: Translator, form: AgreementForm): Html {
  const { terms } = form.priced
  return html`<h1>${t.t('merchant.agreement.title')}</h1>
    <p>${t.t('merchant.agreement.intro')}</p>
    <section aria-labelledby="chosen-title">
      <h2 id="chosen-title">${optionTitle(t, form.priced.option)} · ${fen(t, form.amountFen)}</h2>
      ${optionFacts(t, terms)}
    </section>
    <section aria-labelledby="agreement-title">
      <h2 id="agreement-title">${t.t('merchant.agreement.text')}</h2>
      <pre class="agreement" id="agreement-text" data-terms-hash="${form.termsHash}">${form.text}</pre>
      <form method="post" action="/merchant/loans">
        <input type="hidden" name="csrf" value="${form.csrfToken}" />
        <input type="hidden" name="action" value="${form.actionId}" />
        <input type="hidden" name="amountFen" value="${form.amountFen}" />
        <input type="hidden" name="option" value="${form.priced.key}" />
        ${
          form.refillOfLoanId !== undefined
            ? html`<input type="hidden" name="refill" value="${form.refillOfLoanId}" />`
            : ''
        }
        <input type="hidden" name="termsHash" value="${form.termsHash}" />
        <input type="hidden" name="language" value="${t.locale}" />
        <button type="submit" id="accept">
          ${t.t('merchant.agreement.accept', { amount: t.money(form.amountFen) })}
        </button>
      </form>
    </section>
    <p>
      <a
        href="/merchant?${new URLSearchParams({
          amount: plainYuan(form.amountFen),
          ...(form.refillOfLoanId !== undefined ? { refill: String(form.refillOfLoanId) } : {}),
        }).toString()}"
        >${t.t('merchant.agreement.back')}</a
      >
    </p>`
}
