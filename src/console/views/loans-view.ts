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
import { count, yuan } from './format.js'
import { CONSOLE_PATH } from './layout.js'

export type LoansQuery = ConsoleLoanFilter & { sort: LoanSort; direction: 'asc' | 'desc'; page: number }

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

function select(name: string, label: string, options: readonly string[], value: string | undefined) {
  return html`<div class="field">
    <label for="filter-${name}">${label}</label>
    <select id="filter-${name}" name="${name}">
      <option value="">Any</option>
      ${options.map((option) => html`<option value="${option}" ${option === value ? 'selected' : ''}>${option}</option>`)}
    </select>
  </div>`
}

function sortHeader(query: LoansQuery, sort: LoanSort, label: string, numeric = false) {
  const current = query.sort === sort
  const direction = current && query.direction === 'desc' ? 'asc' : 'desc'
  const ariaSort = current ? (query.direction === 'asc' ? 'ascending' : 'descending') : 'none'
  return html`<th scope="col" aria-sort="${ariaSort}" class="${numeric ? 'num' : ''}">
    <a href="${loansHref(query, { sort, direction, page: 1 })}"
      >${label}${current ? (query.direction === 'asc' ? ' ▲' : ' ▼') : ''}</a
    >
  </th>`
}

export function loansView(query: LoansQuery, result: { rows: ConsoleLoanRow[]; total: number }) {
  const pages = Math.max(1, Math.ceil(result.total / LOAN_PAGE_SIZE))
  return html`<h1>Loans</h1>
    <form method="get" action="${CONSOLE_PATH}/loans" class="filters" aria-label="Filter loans">
      ${select('product', 'Product', ['merchant', 'agri'], query.product)}
      ${select('status', 'Status', LOAN_STATUSES, query.status)}
      ${select('bucket', 'Bucket', BUCKETS, query.bucket)}
      <div class="field">
        <label for="filter-borrower">Borrower ID</label>
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
      <button type="submit">Apply filters</button>
      <a href="${CONSOLE_PATH}/loans">Clear</a>
    </form>
    <p id="loan-count" role="status">
      ${count(result.total)} loan${result.total === 1 ? '' : 's'} · page ${query.page} of ${pages}
    </p>
    <table id="loans">
      <thead>
        <tr>
          ${sortHeader(query, 'id', 'Loan')}
          <th scope="col">Product</th>
          <th scope="col">Borrower</th>
          <th scope="col">Status</th>
          ${sortHeader(query, 'principal', 'Principal', true)}
          <th scope="col" class="num">Outstanding principal</th>
          <th scope="col" class="num">Outstanding total</th>
          ${sortHeader(query, 'dpd', 'DPD', true)}
          <th scope="col">Bucket</th>
          ${sortHeader(query, 'disbursed', 'Disbursed')} ${sortHeader(query, 'matures', 'Matures')}
        </tr>
      </thead>
      <tbody>
        ${result.rows.map((row) => {
          const owed = row.outstanding
          return html`<tr data-loan-id="${row.loanId}">
            <th scope="row"><a href="${CONSOLE_PATH}/loans/${row.loanId}">Loan ${row.loanId}</a></th>
            <td>${row.product}</td>
            <td>
              <a href="${loansHref(query, { borrowerId: row.borrowerId, product: row.product, page: 1 })}"
                >${row.product === 'merchant' ? 'Merchant' : 'Farmer'} ${row.borrowerId}</a
              >
            </td>
            <td>${row.status}</td>
            <td class="num">${yuan(row.principalFen)}</td>
            <td class="num">${yuan(owed.principalFen)}</td>
            <td class="num">
              ${yuan(owed.principalFen + owed.interestFen + owed.feesFen + owed.penaltyFen)}
            </td>
            <td class="num">${row.daysPastDue}</td>
            <td>${row.bucket}</td>
            <td>${row.disbursedOn ?? '–'}</td>
            <td>${row.maturesOn}</td>
          </tr>`
        })}
      </tbody>
    </table>
    ${result.rows.length === 0 ? html`<p>No loans match these filters.</p>` : ''}
    <nav aria-label="Pages" class="pager">
      ${
        query.page > 1
          ? html`<a href="${loansHref(query, { page: query.page - 1 })}" rel="prev">Previous page</a>`
          : ''
      }
      ${
        query.page < pages
          ? html`<a href="${loansHref(query, { page: query.page + 1 })}" rel="next">Next page</a>`
          : ''
      }
    </nav>`
}
