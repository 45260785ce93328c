/**
 * The agricultural closed loop for officers: contracts and their delivery progress, restricted
 * wallets and purchases, blocked attempts on restricted money, offtakers' unpaid proceeds by age, and
 * guarantee claims.
 * @module
 */
import { html } from 'hono/html'
import { shareBps } from '../../portfolio/portfolio-service.js'
import { SUPPLIER_WATCH } from '../../agri/supplier-watch.js'
import type { AgriOverview } from '../console-repository.js'
import { count, percent, yuan } from './format.js'
import { CONSOLE_PATH } from './layout.js'

function loanLink(loanId: number | null) {
  return loanId === null ? '–' : html`<a href="${CONSOLE_PATH}/loans/${loanId}">Loan ${loanId}</a>`
}

function empty(columns: number, what: string) {
  return html`<tr>
    <td colspan="${columns}">No ${what} yet.</td>
  </tr>`
}

export function agriView(model: AgriOverview) {
  return html`<h1>Agri closed loop</h1>
    <section aria-labelledby="contracts-title">
      <h2 id="contracts-title">Offtake contracts and deliveries</h2>
      <table id="contracts">
        <thead>
          <tr>
            <th scope="col">Contract</th>
            <th scope="col">Farmer</th>
            <th scope="col">Offtaker</th>
            <th scope="col">Crop</th>
            <th scope="col">Window</th>
            <th scope="col" class="num">Contracted kg</th>
            <th scope="col" class="num">Delivered kg</th>
            <th scope="col">Progress</th>
            <th scope="col" class="num">Value</th>
            <th scope="col">Status</th>
            <th scope="col">Loan</th>
          </tr>
        </thead>
        <tbody>
          ${model.contracts.length === 0 ? empty(11, 'contracts') : ''}
          ${model.contracts.map((row) => {
            const progressBps = Math.min(10_000, shareBps(row.deliveredKg, row.quantityKg))
            return html`<tr>
              <td>${row.contractId}</td>
              <td>${row.farmerId}</td>
              <td>${row.offtakerId}</td>
              <td>${row.crop}</td>
              <td>${row.deliveryFrom} – ${row.deliveryTo}</td>
              <td class="num">${count(row.quantityKg)}</td>
              <td class="num">${count(row.deliveredKg)} (${row.deliveries} deliveries)</td>
              <td>
                <progress
                  max="10000"
                  value="${progressBps}"
                  aria-label="Contract ${row.contractId} delivered"
                >
                  ${percent(progressBps)}
                </progress>
                ${percent(progressBps)}
              </td>
              <td class="num">${yuan(row.valueFen)}</td>
              <td>${row.status}</td>
              <td>${loanLink(row.loanId)}</td>
            </tr>`
          })}
        </tbody>
      </table>
    </section>
    <section aria-labelledby="wallets-title">
      <h2 id="wallets-title">Restricted wallets</h2>
      <table id="wallets">
        <thead>
          <tr>
            <th scope="col">Wallet (loan)</th>
            <th scope="col">Farmer</th>
            <th scope="col">Loan status</th>
            <th scope="col" class="num">Approved</th>
            <th scope="col" class="num">Spent</th>
            <th scope="col" class="num">Balance</th>
            <th scope="col">Swept</th>
          </tr>
        </thead>
        <tbody>
          ${model.wallets.length === 0 ? empty(7, 'restricted wallets') : ''}
          ${model.wallets.map(
            (row) =>
              html`<tr>
                <td>${loanLink(row.loanId)}</td>
                <td>${row.farmerId}</td>
                <td>${row.loanStatus}</td>
                <td class="num">${yuan(row.principalFen)}</td>
                <td class="num">${yuan(row.spentFen)}</td>
                <td class="num">${yuan(row.balanceFen)}</td>
                <td>${row.sweptOn ?? '–'}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>
    <section aria-labelledby="purchases-title">
      <h2 id="purchases-title">Purchases</h2>
      <table id="purchases">
        <thead>
          <tr>
            <th scope="col">Purchase</th>
            <th scope="col">Date</th>
            <th scope="col">Loan</th>
            <th scope="col">Supplier</th>
            <th scope="col">Categories</th>
            <th scope="col" class="num">Amount</th>
            <th scope="col" class="num">Refunded</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          ${model.purchases.length === 0 ? empty(8, 'purchases') : ''}
          ${model.purchases.map(
            (row) =>
              html`<tr>
                <td>${row.purchaseId}</td>
                <td>${row.businessDate}</td>
                <td>${loanLink(row.loanId)}</td>
                <td>${row.supplierId}</td>
                <td>${row.categories}</td>
                <td class="num">${yuan(row.amountFen)}</td>
                <td class="num">${yuan(row.refundedFen)}</td>
                <td>${row.status}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>
    <section aria-labelledby="attempts-title">
      <h2 id="attempts-title">Blocked attempts</h2>
      <p class="hint">
        Ineligible goods, unapproved suppliers, unreviewed or overpriced products, goods outside the input
        plan, withdrawals and transfers of restricted money.
      </p>
      <table id="attempts">
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Loan</th>
            <th scope="col">Farmer</th>
            <th scope="col">Attempt</th>
            <th scope="col">Refused with</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          ${model.attempts.length === 0 ? empty(6, 'blocked attempts') : ''}
          ${model.attempts.map(
            (row) =>
              html`<tr>
                <td>${row.businessDate}</td>
                <td>${loanLink(row.loanId)}</td>
                <td>${row.farmerId}</td>
                <td>${row.kind}</td>
                <td><code>${row.code}</code></td>
                <td>${row.detail}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>
    <section aria-labelledby="watch-title">
      <h2 id="watch-title">Suppliers to watch</h2>
      <p class="hint">
        Restricted sales that look like cash-out: refunds within ${SUPPLIER_WATCH.quickRefundDays} days of the
        sale, one farmer buying ${percent(SUPPLIER_WATCH.farmerShareBps)} or more of a loan at one shop,
        prices at the edge of the tolerance above the reviewed reference.
      </p>
      <table id="suppliers-to-watch">
        <thead>
          <tr>
            <th scope="col">Supplier</th>
            <th scope="col" class="num">Net restricted sales</th>
            <th scope="col" class="num">Quick refunds</th>
            <th scope="col">Farmer far above plan</th>
            <th scope="col" class="num">Lines at the price edge</th>
          </tr>
        </thead>
        <tbody>
          ${model.suppliersToWatch.length === 0 ? empty(5, 'suppliers to watch') : ''}
          ${model.suppliersToWatch.map(
            (row) =>
              html`<tr data-supplier="${row.supplierId}">
                <td>${row.supplierId} ${row.name}</td>
                <td class="num">${yuan(row.salesFen)}</td>
                <td class="num">${count(row.quickRefunds)}</td>
                <td>
                  ${
                    row.topFarmerId === null
                      ? '–'
                      : html`Farmer ${row.topFarmerId}: ${percent(row.topFarmerShareBps)} of the loan`
                  }
                </td>
                <td class="num">${count(row.edgePricedLines)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>
    <section aria-labelledby="ageing-title">
      <h2 id="ageing-title">Offtaker proceeds ageing</h2>
      <p class="hint">
        Delivery proceeds the offtakers have not yet paid, by days past their due date. An offtaker with
        anything past due backs no new loan.
      </p>
      <table id="proceeds-ageing">
        <thead>
          <tr>
            <th scope="col">Offtaker</th>
            <th scope="col" class="num">Deliveries</th>
            <th scope="col" class="num">Unpaid</th>
            <th scope="col" class="num">Current</th>
            <th scope="col" class="num">1–30 days</th>
            <th scope="col" class="num">31–60 days</th>
            <th scope="col" class="num">61–90 days</th>
            <th scope="col" class="num">Over 90 days</th>
          </tr>
        </thead>
        <tbody>
          ${model.proceedsAgeing.length === 0 ? empty(8, 'unpaid proceeds') : ''}
          ${model.proceedsAgeing.map(
            (row) =>
              html`<tr data-offtaker="${row.offtakerId}">
                <td>${row.offtakerId}</td>
                <td class="num">${count(row.deliveries)}</td>
                <td class="num">${yuan(row.openFen)}</td>
                <td class="num">${yuan(row.buckets.current)}</td>
                <td class="num">${yuan(row.buckets['1-30'])}</td>
                <td class="num">${yuan(row.buckets['31-60'])}</td>
                <td class="num">${yuan(row.buckets['61-90'])}</td>
                <td class="num">${yuan(row.buckets['90+'])}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>
    <section aria-labelledby="claims-title">
      <h2 id="claims-title">Guarantee claims</h2>
      <table id="claims">
        <thead>
          <tr>
            <th scope="col">Claim</th>
            <th scope="col">Status</th>
            <th scope="col">Loan</th>
            <th scope="col">Insurer</th>
            <th scope="col" class="num">Owed at default</th>
            <th scope="col" class="num">Claimed</th>
            <th scope="col" class="num">Accepted</th>
            <th scope="col" class="num">Received</th>
            <th scope="col">Opened</th>
            <th scope="col">Cash due</th>
          </tr>
        </thead>
        <tbody>
          ${model.claims.length === 0 ? empty(10, 'claims') : ''}
          ${model.claims.map(
            (row) =>
              html`<tr class="claim-${row.status}">
                <td>${row.claimId}</td>
                <td>
                  ${row.status === 'open' ? 'awaiting decision' : row.status === 'accepted' ? 'awaiting cash' : row.status}
                </td>
                <td>${loanLink(row.loanId)}</td>
                <td>${row.insurerId}</td>
                <td class="num">${yuan(row.owedFen)}</td>
                <td class="num">${yuan(row.claimFen)}</td>
                <td class="num">${row.acceptedFen === null ? '–' : yuan(row.acceptedFen)}</td>
                <td class="num">${yuan(row.receivedFen)}</td>
                <td>${row.openedOn}</td>
                <td>${row.dueOn ?? '–'}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>`
}
