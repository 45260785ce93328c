/**
 * One loan: terms, what it owes, the schedule, transactions with their allocation, the ledger
 * postings, the workflow that booked it (with a link to the Temporal UI), the audit trail and the
 * officer actions. Each action is two steps: a form with a required reason, then a confirmation page
 * that says exactly what will happen; only the confirmation's POST changes anything.
 * @module
 */
import { html } from 'hono/html'
import type { LoanTransaction, LoanView } from '../../servicing/loan-repository.js'
import { RESTRUCTURE_TERM_DAYS_MAX, RESTRUCTURE_TERM_DAYS_MIN } from '../../servicing/officer-actions.js'
import type { AuditEntry } from '../../system/audit-log.js'
import type { LedgerLine } from '../../ledger/ledger-repository.js'
import type { Translator } from '../../i18n/translator.js'
import { plainYuan } from '../../kernel/money.js'
import { accountName, auditDetails, field, instant, subjectName, word } from './format.js'
import { CONSOLE_PATH } from './layout.js'
import { borrowerName } from './loans-view.js'

export const OFFICER_ACTIONS = ['waive-penalty', 'restructure', 'write-off'] as const
export type OfficerAction = (typeof OFFICER_ACTIONS)[number]

/** An officer action's name: "Waive penalty". */
export function actionName(t: Translator, action: OfficerAction): string {
  return t.t(`console.action.${action}.name`)
}

/**
 * `status`: Temporal's name for the workflow's state, `NOT_FOUND` when Temporal has no such workflow
 * (the loan was booked without one), or `unknown` when Temporal did not answer.
 */
export type WorkflowInfo = { workflowId: string; status: string; uiUrl: string }

export type LoanPageModel = {
  loan: LoanView
  transactions: LoanTransaction[]
  moreTransactions: boolean
  ledger: LedgerLine[]
  workflow: WorkflowInfo | null
  audit: AuditEntry[]
  csrfToken: string
}

const dateOrDash = (t: Translator, date: string | null) => (date ? t.date(date) : '–')

function terms(t: Translator, loan: LoanView) {
  const percentOrDash = (bps: number | null) => (bps === null ? '–' : t.percent(bps))
  const repayment = word(t, 'repayment', loan.repaymentMethod)
  const rows: Array<[string, string]> = [
    [field(t, 'product'), word(t, 'product', loan.product)],
    [field(t, 'borrower'), borrowerName(t, loan.product, loan.borrowerId)],
    [t.t('common.status'), word(t, 'status.loan', loan.status)],
    [field(t, 'principal'), t.money(loan.principalFen)],
    [
      t.t('console.loan.repayment'),
      loan.frequency
        ? t.t('console.loan.repaymentEvery', {
            method: repayment,
            frequency: word(t, 'frequency', loan.frequency),
          })
        : repayment,
    ],
    [t.t('console.loan.annualRate'), percentOrDash(loan.annualRateBps)],
    [t.t('console.loan.apr'), percentOrDash(loan.aprBps)],
    [
      t.t('console.loan.interestOn'),
      t.t(loan.interestOnUse ? 'console.loan.interestOnUse' : 'console.loan.interestOnOwed'),
    ],
    [t.t('console.loan.salesShare'), percentOrDash(loan.salesShareBps)],
    [t.t('console.loan.totalRepay'), t.money(loan.totalRepayFen)],
    [field(t, 'disbursed'), dateOrDash(t, loan.disbursedOn)],
    [field(t, 'matures'), t.date(loan.maturesOn)],
    [field(t, 'daysPastDue'), t.count(loan.daysPastDue)],
    [field(t, 'bucket'), word(t, 'bucket', loan.bucket)],
  ]
  return html`<dl class="terms" id="terms">
    ${rows.map(
      ([label, value]) =>
        html`<div>
          <dt>${label}</dt>
          <dd>${value}</dd>
        </div>`,
    )}
  </dl>`
}

function owed(t: Translator, loan: LoanView) {
  const o = loan.outstanding
  return html`<table id="outstanding">
    <caption>
      ${field(t, 'outstanding')}
    </caption>
    <thead>
      <tr>
        <th scope="col" class="num">${field(t, 'principal')}</th>
        <th scope="col" class="num">${field(t, 'interest')}</th>
        <th scope="col" class="num">${field(t, 'fees')}</th>
        <th scope="col" class="num">${field(t, 'penalty')}</th>
        <th scope="col" class="num">${t.t('common.total')}</th>
      </tr>
    </thead>
    <tbody>
      <tr>
        <td class="num">${t.money(o.principalFen)}</td>
        <td class="num">${t.money(o.interestFen)}</td>
        <td class="num">${t.money(o.feesFen)}</td>
        <td class="num" id="penalty-owed" data-fen="${o.penaltyFen}">${t.money(o.penaltyFen)}</td>
        <td class="num">${t.money(o.totalFen)}</td>
      </tr>
    </tbody>
  </table>`
}

function schedule(t: Translator, loan: LoanView) {
  return html`<details ${loan.schedule.length <= 12 ? 'open' : ''}>
    <summary>${t.t('console.loan.scheduleSummary', { count: loan.schedule.length })}</summary>
    <table id="schedule">
      <thead>
        <tr>
          <th scope="col">${field(t, 'due')}</th>
          <th scope="col" class="num">${field(t, 'principal')}</th>
          <th scope="col" class="num">${field(t, 'interest')}</th>
          <th scope="col" class="num">${field(t, 'fees')}</th>
          <th scope="col" class="num">${field(t, 'paid')}</th>
          <th scope="col">${t.t('common.status')}</th>
        </tr>
      </thead>
      <tbody>
        ${loan.schedule.map(
          (line) =>
            html`<tr class="status-${line.status}">
              <td>${t.date(line.dueDate)}</td>
              <td class="num">${t.money(line.principalFen)}</td>
              <td class="num">${t.money(line.interestFen)}</td>
              <td class="num">${t.money(line.feesFen)}</td>
              <td class="num">${t.money(line.paidFen)}</td>
              <td>${word(t, 'status.schedule', line.status)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </details>`
}

function transactions(t: Translator, items: LoanTransaction[], more: boolean) {
  return html`<table id="transactions">
      <caption>
        ${t.t('console.loan.transactionsCaption')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${field(t, 'entry')}</th>
          <th scope="col">${t.t('common.date')}</th>
          <th scope="col">${field(t, 'type')}</th>
          <th scope="col" class="num">${field(t, 'penalty')}</th>
          <th scope="col" class="num">${field(t, 'fees')}</th>
          <th scope="col" class="num">${field(t, 'interest')}</th>
          <th scope="col" class="num">${field(t, 'principal')}</th>
          <th scope="col" class="num">${t.t('common.total')}</th>
        </tr>
      </thead>
      <tbody>
        ${items.map(
          (item) =>
            html`<tr data-type="${item.type}">
              <td>${item.entryId}</td>
              <td>${t.date(item.businessDate)}</td>
              <td>${word(t, 'entryType', item.type)}</td>
              <td class="num">${t.money(item.allocation.penaltyFen)}</td>
              <td class="num">${t.money(item.allocation.feesFen)}</td>
              <td class="num">${t.money(item.allocation.interestFen)}</td>
              <td class="num">${t.money(item.allocation.principalFen)}</td>
              <td class="num">${t.money(item.amountFen)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${more ? html`<p class="hint">${t.t('console.loan.moreTransactions', { count: items.length })}</p>` : ''}`
}

function ledger(t: Translator, lines: LedgerLine[]) {
  return html`<details>
    <summary>${t.t('console.loan.ledgerSummary', { count: lines.length })}</summary>
    <table id="ledger">
      <thead>
        <tr>
          <th scope="col">${field(t, 'entry')}</th>
          <th scope="col">${t.t('common.date')}</th>
          <th scope="col">${field(t, 'type')}</th>
          <th scope="col">${t.t('console.loan.account')}</th>
          <th scope="col" class="num">${t.t('console.loan.debit')}</th>
          <th scope="col" class="num">${t.t('console.loan.credit')}</th>
        </tr>
      </thead>
      <tbody>
        ${lines.map(
          (line) =>
            html`<tr>
              <td>${line.entryId}</td>
              <td>${t.date(line.businessDate)}</td>
              <td>${word(t, 'entryType', line.type)}</td>
              <td data-account="${line.accountCode}">${accountName(t, line.accountCode)}</td>
              <td class="num">${line.side === 'D' ? t.money(line.amountFen) : ''}</td>
              <td class="num">${line.side === 'C' ? t.money(line.amountFen) : ''}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </details>`
}

export function auditTable(t: Translator, entries: AuditEntry[], id = 'audit') {
  if (entries.length === 0) return html`<p id="${id}-empty">${t.t('console.audit.empty')}</p>`
  return html`<table id="${id}">
    <thead>
      <tr>
        <th scope="col">${t.t('console.audit.when')}</th>
        <th scope="col">${field(t, 'businessDate')}</th>
        <th scope="col">${t.t('console.audit.who')}</th>
        <th scope="col">${t.t('console.audit.what')}</th>
        <th scope="col">${t.t('console.audit.subject')}</th>
        <th scope="col">${t.t('console.audit.why')}</th>
        <th scope="col">${t.t('console.audit.details')}</th>
      </tr>
    </thead>
    <tbody>
      ${entries.map(
        (entry) =>
          html`<tr data-action="${entry.action}">
            <td><time datetime="${entry.at}">${instant(t, entry.at)}</time></td>
            <td>${dateOrDash(t, entry.businessDate)}</td>
            <td>${entry.principalRef}</td>
            <td>${word(t, 'auditAction', entry.action)}</td>
            <td>
              ${
                entry.subjectType === 'loan'
                  ? html`<a href="${CONSOLE_PATH}/loans/${entry.subjectId}"
                      >${subjectName(t, entry.subjectType, entry.subjectId)}</a
                    >`
                  : subjectName(t, entry.subjectType, entry.subjectId)
              }
            </td>
            <td class="reason text">${entry.reason ?? ''}</td>
            <td class="details text" data-details="${JSON.stringify(entry.details)}">
              ${auditDetails(t, entry.details)}
            </td>
          </tr>`,
      )}
    </tbody>
  </table>`
}

function reasonField(t: Translator, action: OfficerAction) {
  return html`<label for="${action}-reason">${t.t('console.loan.reason')}</label>
    <textarea
      id="${action}-reason"
      name="reason"
      required
      minlength="3"
      maxlength="1000"
      rows="2"
    ></textarea>`
}

function actions(t: Translator, loan: LoanView, csrfToken: string) {
  if (loan.status !== 'active') {
    return html`<p>${t.t('console.loan.noActions', { status: word(t, 'status.loan', loan.status) })}</p>`
  }
  const confirmPath = `${CONSOLE_PATH}/loans/${loan.loanId}/confirm`
  const penaltyFen = loan.outstanding.penaltyFen
  return html`<div class="actions">
    <form method="post" action="${confirmPath}" aria-labelledby="waive-title">
      <h3 id="waive-title">${actionName(t, 'waive-penalty')}</h3>
      <input type="hidden" name="csrf" value="${csrfToken}" />
      <input type="hidden" name="action" value="waive-penalty" />
      <label for="waive-penalty-amount"
        >${t.t('console.loan.waiveAmount', { max: t.money(penaltyFen) })}</label
      >
      <input
        id="waive-penalty-amount"
        name="amount"
        inputmode="decimal"
        required
        value="${penaltyFen > 0 ? plainYuan(penaltyFen) : ''}"
      />
      ${reasonField(t, 'waive-penalty')}
      <button type="submit" ${penaltyFen === 0 ? 'disabled' : ''}>
        ${t.t('console.action.waive-penalty.review')}
      </button>
    </form>
    <form method="post" action="${confirmPath}" aria-labelledby="restructure-title">
      <h3 id="restructure-title">${actionName(t, 'restructure')}</h3>
      <input type="hidden" name="csrf" value="${csrfToken}" />
      <input type="hidden" name="action" value="restructure" />
      <label for="restructure-term"
        >${t.t('console.loan.restructureTerm', { min: RESTRUCTURE_TERM_DAYS_MIN, max: RESTRUCTURE_TERM_DAYS_MAX })}</label
      >
      <input
        id="restructure-term"
        name="termDays"
        type="number"
        min="${RESTRUCTURE_TERM_DAYS_MIN}"
        max="${RESTRUCTURE_TERM_DAYS_MAX}"
        required
      />
      ${reasonField(t, 'restructure')}
      <button type="submit">${t.t('console.action.restructure.review')}</button>
    </form>
    <form method="post" action="${confirmPath}" aria-labelledby="write-off-title">
      <h3 id="write-off-title">${actionName(t, 'write-off')}</h3>
      <input type="hidden" name="csrf" value="${csrfToken}" />
      <input type="hidden" name="action" value="write-off" />
      <p>${t.t('console.loan.writeOffWhat', { total: t.money(loan.outstanding.totalFen) })}</p>
      ${reasonField(t, 'write-off')}
      <button type="submit" class="danger">${t.t('console.action.write-off.review')}</button>
    </form>
  </div>`
}

function workflowLine(t: Translator, workflow: WorkflowInfo | null) {
  if (!workflow) return html`<p id="workflow">${t.t('console.loan.noWorkflow')}</p>`
  return html`<p id="workflow">
    <code>${workflow.workflowId}</code>:
    <strong data-status="${workflow.status}">${word(t, 'status.workflow', workflow.status)}</strong>
    ${
      workflow.status === 'NOT_FOUND'
        ? ''
        : html`·
            <a href="${workflow.uiUrl}" rel="noopener" target="_blank"
              >${t.t('console.loan.openTemporal')}</a
            >`
    }
  </p>`
}

export function loanPageView(t: Translator, model: LoanPageModel) {
  const { loan } = model
  return html`<p><a href="${CONSOLE_PATH}/loans">${t.t('console.loan.back')}</a></p>
    <h1>${t.t('console.loans.link', { id: loan.loanId })}</h1>
    <div class="columns">
      <section aria-labelledby="terms-title">
        <h2 id="terms-title">${t.t('console.loan.terms')}</h2>
        ${terms(t, loan)}
      </section>
      <section aria-labelledby="owed-title">
        <h2 id="owed-title">${t.t('console.loan.owes')}</h2>
        ${owed(t, loan)}
        <h3>${t.t('console.loan.workflow')}</h3>
        ${workflowLine(t, model.workflow)}
      </section>
    </div>
    <section aria-labelledby="actions-title">
      <h2 id="actions-title">${t.t('console.loan.actions')}</h2>
      ${actions(t, loan, model.csrfToken)}
    </section>
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">${t.t('console.loan.auditTrail')}</h2>
      ${auditTable(t, model.audit)}
    </section>
    <section aria-labelledby="schedule-title">
      <h2 id="schedule-title">${t.t('console.loan.schedule')}</h2>
      ${schedule(t, loan)}
    </section>
    <section aria-labelledby="transactions-title">
      <h2 id="transactions-title">${t.t('console.loan.transactions')}</h2>
      ${transactions(t, model.transactions, model.moreTransactions)} ${ledger(t, model.ledger)}
    </section>`
}

export type PendingAction = {
  action: OfficerAction
  reason: string
  amountFen?: number
  termDays?: number
  /** One audit entry per confirmation, however often it is submitted. */
  actionId: string
}

function confirmWhat(t: Translator, loan: LoanView, pending: PendingAction): string {
  const id = loan.loanId
  const total = t.money(loan.outstanding.totalFen)
  if (pending.action === 'waive-penalty') {
    return t.t('console.action.waive-penalty.what', {
      id,
      amount: t.money(pending.amountFen ?? 0),
      penalty: t.money(loan.outstanding.penaltyFen),
    })
  }
  if (pending.action === 'restructure') {
    return t.t('console.action.restructure.what', { id, total, days: pending.termDays ?? 0 })
  }
  return t.t('console.action.write-off.what', { id, total })
}

/** The confirmation step: what will happen, why, and the one button that does it. */
export function confirmView(t: Translator, loan: LoanView, pending: PendingAction, csrfToken: string) {
  return html`<h1>${t.t('console.confirm.title', { action: actionName(t, pending.action) })}</h1>
    <form
      method="post"
      action="${CONSOLE_PATH}/loans/${loan.loanId}/actions/${pending.action}"
      class="confirm"
    >
      <p id="confirm-what">${confirmWhat(t, loan, pending)}</p>
      <p>${t.t('console.confirm.reason')} <q id="confirm-reason">${pending.reason}</q></p>
      <input type="hidden" name="csrf" value="${csrfToken}" />
      <input type="hidden" name="reason" value="${pending.reason}" />
      <input type="hidden" name="actionId" value="${pending.actionId}" />
      ${pending.amountFen !== undefined ? html`<input type="hidden" name="amountFen" value="${pending.amountFen}" />` : ''}
      ${pending.termDays !== undefined ? html`<input type="hidden" name="termDays" value="${pending.termDays}" />` : ''}
      <button type="submit" class="${pending.action === 'write-off' ? 'danger' : ''}" autofocus>
        ${t.t(`console.action.${pending.action}.confirm`)}
      </button>
      <a href="${CONSOLE_PATH}/loans/${loan.loanId}">${t.t('common.cancel')}</a>
    </form>`
}
