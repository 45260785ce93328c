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
import { percent, plainYuan, yuan } from './format.js'
import { CONSOLE_PATH } from './layout.js'

export const OFFICER_ACTIONS = {
  'waive-penalty': 'Waive penalty',
  restructure: 'Restructure',
  'write-off': 'Write off',
} as const
export type OfficerAction = keyof typeof OFFICER_ACTIONS

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

function terms(loan: LoanView) {
  const rows: Array<[string, string]> = [
    ['Product', loan.product],
    ['Borrower', `${loan.product === 'merchant' ? 'Merchant' : 'Farmer'} ${loan.borrowerId}`],
    ['Status', loan.status],
    ['Principal', yuan(loan.principalFen)],
    ['Repayment', `${loan.repaymentMethod}${loan.frequency ? `, ${loan.frequency}` : ''}`],
    ['Annual rate', loan.annualRateBps === null ? '–' : percent(loan.annualRateBps)],
    ['APR', loan.aprBps === null ? '–' : percent(loan.aprBps)],
    ['Interest on', loan.interestOnUse ? 'principal used (restricted money spent)' : 'principal owed'],
    ['Sales share', loan.salesShareBps === null ? '–' : percent(loan.salesShareBps)],
    ['Total to repay (at booking)', yuan(loan.totalRepayFen)],
    ['Disbursed', loan.disbursedOn ?? '–'],
    ['Matures', loan.maturesOn],
    ['Days past due', String(loan.daysPastDue)],
    ['Bucket', loan.bucket],
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

function owed(loan: LoanView) {
  const o = loan.outstanding
  return html`<table id="outstanding">
    <caption>
      Outstanding
    </caption>
    <thead>
      <tr>
        <th scope="col" class="num">Principal</th>
        <th scope="col" class="num">Interest</th>
        <th scope="col" class="num">Fees</th>
        <th scope="col" class="num">Penalty</th>
        <th scope="col" class="num">Total</th>
      </tr>
    </thead>
    <tbody>
      <tr>
        <td class="num">${yuan(o.principalFen)}</td>
        <td class="num">${yuan(o.interestFen)}</td>
        <td class="num">${yuan(o.feesFen)}</td>
        <td class="num" id="penalty-owed" data-fen="${o.penaltyFen}">${yuan(o.penaltyFen)}</td>
        <td class="num">${yuan(o.totalFen)}</td>
      </tr>
    </tbody>
  </table>`
}

function schedule(loan: LoanView) {
  return html`<details ${loan.schedule.length <= 12 ? 'open' : ''}>
    <summary>Schedule (${loan.schedule.length} installments)</summary>
    <table id="schedule">
      <thead>
        <tr>
          <th scope="col">Due</th>
          <th scope="col" class="num">Principal</th>
          <th scope="col" class="num">Interest</th>
          <th scope="col" class="num">Fees</th>
          <th scope="col" class="num">Paid</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        ${loan.schedule.map(
          (line) =>
            html`<tr class="status-${line.status}">
              <td>${line.dueDate}</td>
              <td class="num">${yuan(line.principalFen)}</td>
              <td class="num">${yuan(line.interestFen)}</td>
              <td class="num">${yuan(line.feesFen)}</td>
              <td class="num">${yuan(line.paidFen)}</td>
              <td>${line.status}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </details>`
}

function transactions(items: LoanTransaction[], more: boolean) {
  return html`<table id="transactions">
      <caption>
        Transactions and their allocation (oldest first)
      </caption>
      <thead>
        <tr>
          <th scope="col">Entry</th>
          <th scope="col">Date</th>
          <th scope="col">Type</th>
          <th scope="col" class="num">Penalty</th>
          <th scope="col" class="num">Fees</th>
          <th scope="col" class="num">Interest</th>
          <th scope="col" class="num">Principal</th>
          <th scope="col" class="num">Total</th>
        </tr>
      </thead>
      <tbody>
        ${items.map(
          (item) =>
            html`<tr data-type="${item.type}">
              <td>${item.entryId}</td>
              <td>${item.businessDate}</td>
              <td>${item.type}</td>
              <td class="num">${yuan(item.allocation.penaltyFen)}</td>
              <td class="num">${yuan(item.allocation.feesFen)}</td>
              <td class="num">${yuan(item.allocation.interestFen)}</td>
              <td class="num">${yuan(item.allocation.principalFen)}</td>
              <td class="num">${yuan(item.amountFen)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${more ? html`<p class="hint">Showing the first ${items.length}; the API pages through the rest.</p>` : ''}`
}

function ledger(lines: LedgerLine[]) {
  return html`<details>
    <summary>Ledger postings of these entries (${lines.length})</summary>
    <table id="ledger">
      <thead>
        <tr>
          <th scope="col">Entry</th>
          <th scope="col">Date</th>
          <th scope="col">Type</th>
          <th scope="col">Account</th>
          <th scope="col" class="num">Debit</th>
          <th scope="col" class="num">Credit</th>
        </tr>
      </thead>
      <tbody>
        ${lines.map(
          (line) =>
            html`<tr>
              <td>${line.entryId}</td>
              <td>${line.businessDate}</td>
              <td>${line.type}</td>
              <td><code>${line.accountCode}</code></td>
              <td class="num">${line.side === 'D' ? yuan(line.amountFen) : ''}</td>
              <td class="num">${line.side === 'C' ? yuan(line.amountFen) : ''}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </details>`
}

export function auditTable(entries: AuditEntry[], id = 'audit') {
  if (entries.length === 0) return html`<p id="${id}-empty">No officer actions yet.</p>`
  return html`<table id="${id}">
    <thead>
      <tr>
        <th scope="col">When</th>
        <th scope="col">Business date</th>
        <th scope="col">Who</th>
        <th scope="col">What</th>
        <th scope="col">Subject</th>
        <th scope="col">Why</th>
        <th scope="col">Details</th>
      </tr>
    </thead>
    <tbody>
      ${entries.map(
        (entry) =>
          html`<tr data-action="${entry.action}">
            <td>
              <time datetime="${entry.at}">${entry.at.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}</time>
            </td>
            <td>${entry.businessDate ?? ''}</td>
            <td>${entry.principalRef}</td>
            <td>${entry.action}</td>
            <td>
              ${
                entry.subjectType === 'loan'
                  ? html`<a href="${CONSOLE_PATH}/loans/${entry.subjectId}">loan ${entry.subjectId}</a>`
                  : `${entry.subjectType} ${entry.subjectId}`
              }
            </td>
            <td class="reason">${entry.reason ?? ''}</td>
            <td><code>${JSON.stringify(entry.details)}</code></td>
          </tr>`,
      )}
    </tbody>
  </table>`
}

function reasonField(action: OfficerAction) {
  return html`<label for="${action}-reason">Reason (required, kept in the audit log)</label>
    <textarea
      id="${action}-reason"
      name="reason"
      required
      minlength="3"
      maxlength="1000"
      rows="2"
    ></textarea>`
}

function actions(loan: LoanView, csrfToken: string) {
  if (loan.status !== 'active') {
    return html`<p>No actions: the loan is ${loan.status}.</p>`
  }
  const confirmPath = `${CONSOLE_PATH}/loans/${loan.loanId}/confirm`
  const penaltyFen = loan.outstanding.penaltyFen
  return html`<div class="actions">
    <form method="post" action="${confirmPath}" aria-labelledby="waive-title">
      <h3 id="waive-title">Waive penalty</h3>
      <input type="hidden" name="csrf" value="${csrfToken}" />
      <input type="hidden" name="action" value="waive-penalty" />
      <label for="waive-penalty-amount">Amount in yuan (at most ${yuan(penaltyFen)})</label>
      <input
        id="waive-penalty-amount"
        name="amount"
        inputmode="decimal"
        required
        value="${penaltyFen > 0 ? plainYuan(penaltyFen) : ''}"
      />
      ${reasonField('waive-penalty')}
      <button type="submit" ${penaltyFen === 0 ? 'disabled' : ''}>Review waiver…</button>
    </form>
    <form method="post" action="${confirmPath}" aria-labelledby="restructure-title">
      <h3 id="restructure-title">Restructure</h3>
      <input type="hidden" name="csrf" value="${csrfToken}" />
      <input type="hidden" name="action" value="restructure" />
      <label for="restructure-term"
        >New term in days (${RESTRUCTURE_TERM_DAYS_MIN}–${RESTRUCTURE_TERM_DAYS_MAX})</label
      >
      <input
        id="restructure-term"
        name="termDays"
        type="number"
        min="${RESTRUCTURE_TERM_DAYS_MIN}"
        max="${RESTRUCTURE_TERM_DAYS_MAX}"
        required
      />
      ${reasonField('restructure')}
      <button type="submit">Review restructure…</button>
    </form>
    <form method="post" action="${confirmPath}" aria-labelledby="write-off-title">
      <h3 id="write-off-title">Write off</h3>
      <input type="hidden" name="csrf" value="${csrfToken}" />
      <input type="hidden" name="action" value="write-off" />
      <p>Everything the loan owes (${yuan(loan.outstanding.totalFen)}) goes to credit losses.</p>
      ${reasonField('write-off')}
      <button type="submit" class="danger">Review write-off…</button>
    </form>
  </div>`
}

export function loanPageView(model: LoanPageModel) {
  const { loan, workflow } = model
  return html`<p><a href="${CONSOLE_PATH}/loans">← Loans</a></p>
    <h1>Loan ${loan.loanId}</h1>
    <div class="columns">
      <section aria-labelledby="terms-title">
        <h2 id="terms-title">Terms</h2>
        ${terms(loan)}
      </section>
      <section aria-labelledby="owed-title">
        <h2 id="owed-title">What it owes</h2>
        ${owed(loan)}
        <h3>Workflow</h3>
        ${
          workflow
            ? html`<p id="workflow">
                <code>${workflow.workflowId}</code>: <strong>${workflow.status}</strong> ·
                <a href="${workflow.uiUrl}" rel="noopener" target="_blank">Open in the Temporal UI</a>
              </p>`
            : html`<p id="workflow">No origination workflow recorded for this loan.</p>`
        }
      </section>
    </div>
    <section aria-labelledby="actions-title">
      <h2 id="actions-title">Actions</h2>
      ${actions(loan, model.csrfToken)}
    </section>
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">Audit trail</h2>
      ${auditTable(model.audit)}
    </section>
    <section aria-labelledby="schedule-title">
      <h2 id="schedule-title">Schedule</h2>
      ${schedule(loan)}
    </section>
    <section aria-labelledby="transactions-title">
      <h2 id="transactions-title">Transactions</h2>
      ${transactions(model.transactions, model.moreTransactions)} ${ledger(model.ledger)}
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

/** The confirmation step: what will happen, why, and the one button that does it. */
export function confirmView(loan: LoanView, pending: PendingAction, csrfToken: string) {
  const what =
    pending.action === 'waive-penalty'
      ? `Waive ${yuan(pending.amountFen ?? 0)} of the ${yuan(loan.outstanding.penaltyFen)} penalty interest loan ${loan.loanId} owes.`
      : pending.action === 'restructure'
        ? `Re-schedule what loan ${loan.loanId} owes (${yuan(loan.outstanding.totalFen)}) over ${pending.termDays} days from today; the loan becomes current.`
        : `Write loan ${loan.loanId} off: ${yuan(loan.outstanding.totalFen)} goes to credit losses. This cannot be undone.`
  return html`<h1>Confirm: ${OFFICER_ACTIONS[pending.action]}</h1>
    <form
      method="post"
      action="${CONSOLE_PATH}/loans/${loan.loanId}/actions/${pending.action}"
      class="confirm"
    >
      <p id="confirm-what">${what}</p>
      <p>Reason: <q id="confirm-reason">${pending.reason}</q></p>
      <input type="hidden" name="csrf" value="${csrfToken}" />
      <input type="hidden" name="reason" value="${pending.reason}" />
      <input type="hidden" name="actionId" value="${pending.actionId}" />
      ${pending.amountFen !== undefined ? html`<input type="hidden" name="amountFen" value="${pending.amountFen}" />` : ''}
      ${pending.termDays !== undefined ? html`<input type="hidden" name="termDays" value="${pending.termDays}" />` : ''}
      <button type="submit" class="${pending.action === 'write-off' ? 'danger' : ''}" autofocus>
        Confirm: ${OFFICER_ACTIONS[pending.action].toLowerCase()}
      </button>
      <a href="${CONSOLE_PATH}/loans/${loan.loanId}">Cancel</a>
    </form>`
}
