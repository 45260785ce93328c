/**
 * The loan list: a GET filter form (product, status, bucket, borrower), sortable column headers and
 * numbered pages, so every view of the list is a link an officer can bookmark or share.
 * @module
 */
import { html } from 'hono/html'
import {
  LOAN_PAGE_SIZE,
  LOAN_STATUSES,
  type ConsoleLoanFilter,
  type ConsoleLoanRow,
  type LoanSort,
} from '../console-repository.js'
import { BUCKETS } from '../../portfolio/portfolio-service.js'
import type { Translator } from '../../i18n/translator.js'
import { field, word, type FieldName, type WordGroup } from './format.js'
import { CONSOLE_PATH } from './layout.js'

export type LoansQuery = ConsoleLoanFilter & { sort: LoanSort; direction: 'asc' | 'desc'; page: number }

const PRODUCTS = ['merchant', 'agri'] as const

export function loansHref(query: LoansQuery, change: Partial<LoansQuery> = {}): string {
  const next = { ...query, ...change }
  const params = new URLSearchParams()
  if (next.product) params.set('product', next.product)
  if (next.status) params.set('status', next.status)
  if (next.bucket) params.set('bucket', next.bucket)
  if (next.borrowerId !== undefined) params.set('borrowerId', String(next.borrowerId))
  if (next.sort !== 'id') params.set('sort', next.sort)
  if (next.direction !== 'desc') params.set('direction', next.direction)
  if (next.page !== 1) params.set('page', String(next.page))
  const search = params.toString()
  return `${CONSOLE_PATH}/loans${search ? `?${search}` : ''}`
}

function select(
  t: Translator,
  name: string,
  label: string,
  options: { values: readonly string[]; words: WordGroup },
  value: string | undefined,
) {
  return html`<div class="field">
    <label for="filter-${name}">${label}</label>
    <select id="filter-${name}" name="${name}">
      <option value="">${t.t('console.loans.any')}</option>
      ${options.values.map(
        (option) =>
          html`<option value="${option}" ${option === value ? 'selected' : ''}>
            ${word(t, options.words, option)}
          </option>`,
      )}
    </select>
  </div>`
}

function sortHeader(t: Translator, query: LoansQuery, sort: LoanSort, name: FieldName, numeric = false) {
  const current = query.sort === sort
  const direction = current && query.direction === 'desc' ? 'asc' : 'desc'
  const ariaSort = current ? (query.direction === 'asc' ? 'ascending' : 'descending') : 'none'
  return html`<th scope="col" aria-sort="${ariaSort}" class="${numeric ? 'num' : ''}">
    <a href="${loansHref(query, { sort, direction, page: 1 })}"
      >${field(t, name)}${current ? (query.direction === 'asc' ? ' ▲' : ' ▼') : ''}</a
    >
  </th>`
}

/** "Merchant 12" / "Farmer 7". */
export function borrowerName(t: Translator, product: 'merchant' | 'agri', borrowerId: number): string {
  return t.t(`console.borrower.${product}`, { id: borrowerId })
}

export function loansView(
  t: Translator,
  query: LoansQuery,
  result: { rows: ConsoleLoanRow[]; total: number },
) {
  const pages = Math.max(1, Math.ceil(result.total / LOAN_PAGE_SIZE))
  return html`<h1>${t.t('console.nav.loans')}</h1>
    <form
      method="get"
      action="${CONSOLE_PATH}/loans"
      class="filters"
      aria-label="${t.t('console.loans.filterLabel')}"
    >
      ${select(t, 'product', field(t, 'product'), { values: PRODUCTS, words: 'product' }, query.product)}
      ${select(t, 'status', t.t('common.status'), { values: LOAN_STATUSES, words: 'status.loan' }, query.status)}
      ${select(t, 'bucket', field(t, 'bucket'), { values: BUCKETS, words: 'bucket' }, query.bucket)}
      <div class="field">
        <label for="filter-borrower">${field(t, 'borrowerId')}</label>
        <input
          id="filter-borrower"
          name="borrowerId"
          inputmode="numeric"
          pattern="[0-9]*"
          value="${query.borrowerId ?? ''}"
        />
      </div>
      <input type="hidden" name="sort" value="${query.sort}" />
      <input type="hidden" name="direction" value="${query.direction}" />
      <button type="submit">${t.t('console.loans.apply')}</button>
      <a href="${CONSOLE_PATH}/loans">${t.t('console.loans.clear')}</a>
    </form>
    <p id="loan-count" role="status">
      ${t.t('console.loans.count', { count: result.total, shown: t.count(result.total), page: query.page, pages })}
    </p>
    <table id="loans">
      <thead>
        <tr>
          ${sortHeader(t, query, 'id', 'loan')}
          <th scope="col">${field(t, 'product')}</th>
          <th scope="col">${field(t, 'borrower')}</th>
          <th scope="col">${t.t('common.status')}</th>
          ${sortHeader(t, query, 'principal', 'principal', true)}
          <th scope="col" class="num">${field(t, 'outstandingPrincipal')}</th>
          <th scope="col" class="num">${field(t, 'outstandingTotal')}</th>
          ${sortHeader(t, query, 'dpd', 'dpd', true)}
          <th scope="col">${field(t, 'bucket')}</th>
          ${sortHeader(t, query, 'disbursed', 'disbursed')} ${sortHeader(t, query, 'matures', 'matures')}
        </tr>
      </thead>
      <tbody>
        ${result.rows.map((row) => {
          const owed = row.outstanding
          return html`<tr data-loan-id="${row.loanId}">
            <th scope="row">
              <a href="${CONSOLE_PATH}/loans/${row.loanId}"
                >${t.t('console.loans.link', { id: row.loanId })}</a
              >
            </th>
            <td>${word(t, 'product', row.product)}</td>
            <td>
              <a href="${loansHref(query, { borrowerId: row.borrowerId, product: row.product, page: 1 })}"
                >${borrowerName(t, row.product, row.borrowerId)}</a
              >
            </td>
            <td>${word(t, 'status.loan', row.status)}</td>
            <td class="num">${t.money(row.principalFen)}</td>
            <td class="num">${t.money(owed.principalFen)}</td>
            <td class="num">
              ${t.money(owed.principalFen + owed.interestFen + owed.feesFen + owed.penaltyFen)}
            </td>
            <td class="num">${t.count(row.daysPastDue)}</td>
            <td>${word(t, 'bucket', row.bucket)}</td>
            <td>${row.disbursedOn ? t.date(row.disbursedOn) : '–'}</td>
            <td>${t.date(row.maturesOn)}</td>
          </tr>`
        })}
      </tbody>
    </table>
    ${result.rows.length === 0 ? html`<p>${t.t('console.loans.empty')}</p>` : ''}
    <nav aria-label="${t.t('console.loans.pages')}" class="pager">
      ${
        query.page > 1
          ? html`<a href="${loansHref(query, { page: query.page - 1 })}" rel="prev"
              >${t.t('console.loans.previous')}</a
            >`
          : ''
      }
      ${
        query.page < pages
          ? html`<a href="${loansHref(query, { page: query.page + 1 })}" rel="next"
              >${t.t('console.loans.next')}</a
            >`
          : ''
      }
    </nav>`
}
