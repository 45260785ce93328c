/**
 * The agricultural closed loop for officers: contracts and their delivery progress, restricted
 * wallets and purchases, blocked attempts on restricted money, offtakers' unpaid proceeds by age, and
 * guarantee claims. A blocked attempt shows its refusal in the reader's words (the code stays in
 * `data-code`); its stored detail is the domain's English, so only the English page shows it.
 * @module
 */
import { html } from 'hono/html'
import { BUCKETS, shareBps } from '../../portfolio/portfolio-service.js'
import { SUPPLIER_WATCH } from '../../agri/supplier-watch.js'
import type { officerConsole } from '../../i18n/catalogue/en/console.js'
import type { Translator } from '../../i18n/translator.js'
import type { AgriOverview } from '../console-repository.js'
import { word } from './format.js'
import { CONSOLE_PATH } from './layout.js'

type Empty = keyof typeof officerConsole.agri.empty

function loanLink(t: Translator, loanId: number | null) {
  return loanId === null
    ? '–'
    : html`<a href="${CONSOLE_PATH}/loans/${loanId}">${t.t('console.loans.link', { id: loanId })}</a>`
}

function empty(t: Translator, columns: number, what: Empty) {
  return html`<tr>
    <td colspan="${columns}">${t.t(`console.agri.empty.${what}`)}</td>
  </tr>`
}

const dateOrDash = (t: Translator, date: string | null) => (date ? t.date(date) : '–')

/** "seed, fertilizer" (as stored, comma-separated) in the reader's words. */
function categories(t: Translator, list: string): string {
  return list
    .split(', ')
    .filter((category) => category !== '')
    .map((category) => word(t, 'category', category))
    .join(t.locale === 'zh-CN' ? '、' : ', ')
}

function contracts(t: Translator, model: AgriOverview) {
  return html`<section aria-labelledby="contracts-title">
    <h2 id="contracts-title">${t.t('console.agri.contracts')}</h2>
    <table id="contracts">
      <thead>
        <tr>
          <th scope="col">${t.t('console.agri.contract')}</th>
          <th scope="col">${t.t('console.agri.farmer')}</th>
          <th scope="col">${t.t('console.agri.offtaker')}</th>
          <th scope="col">${t.t('console.field.crop')}</th>
          <th scope="col">${t.t('console.agri.window')}</th>
          <th scope="col" class="num">${t.t('console.field.contractedKg')}</th>
          <th scope="col" class="num">${t.t('console.field.deliveredKg')}</th>
          <th scope="col">${t.t('console.agri.progress')}</th>
          <th scope="col" class="num">${t.t('console.agri.value')}</th>
          <th scope="col">${t.t('common.status')}</th>
          <th scope="col">${t.t('console.field.loan')}</th>
        </tr>
      </thead>
      <tbody>
        ${model.contracts.length === 0 ? empty(t, 11, 'contracts') : ''}
        ${model.contracts.map((row) => {
          const progressBps = Math.min(10_000, shareBps(row.deliveredKg, row.quantityKg))
          return html`<tr>
            <td>${row.contractId}</td>
            <td>${row.farmerId}</td>
            <td>${row.offtakerId}</td>
            <td>${word(t, 'crop', row.crop)}</td>
            <td>${t.date(row.deliveryFrom)} – ${t.date(row.deliveryTo)}</td>
            <td class="num">${t.count(row.quantityKg)}</td>
            <td class="num">
              ${t.t('console.agri.deliveries', { count: row.deliveries, kg: t.count(row.deliveredKg) })}
            </td>
            <td>
              <progress
                max="10000"
                value="${progressBps}"
                aria-label="${t.t('console.agri.delivered', { id: row.contractId })}"
              >
                ${t.percent(progressBps)}
              </progress>
              ${t.percent(progressBps)}
            </td>
            <td class="num">${t.money(row.valueFen)}</td>
            <td>${word(t, 'status.contract', row.status)}</td>
            <td>${loanLink(t, row.loanId)}</td>
          </tr>`
        })}
      </tbody>
    </table>
  </section>`
}

function wallets(t: Translator, model: AgriOverview) {
  return html`<section aria-labelledby="wallets-title">
    <h2 id="wallets-title">${t.t('console.agri.wallets')}</h2>
    <table id="wallets">
      <thead>
        <tr>
          <th scope="col">${t.t('console.agri.wallet')}</th>
          <th scope="col">${t.t('console.agri.farmer')}</th>
          <th scope="col">${t.t('console.agri.loanStatus')}</th>
          <th scope="col" class="num">${t.t('console.agri.approved')}</th>
          <th scope="col" class="num">${t.t('console.field.spent')}</th>
          <th scope="col" class="num">${t.t('console.agri.balance')}</th>
          <th scope="col">${t.t('console.agri.swept')}</th>
        </tr>
      </thead>
      <tbody>
        ${model.wallets.length === 0 ? empty(t, 7, 'wallets') : ''}
        ${model.wallets.map(
          (row) =>
            html`<tr>
              <td>${loanLink(t, row.loanId)}</td>
              <td>${row.farmerId}</td>
              <td>${word(t, 'status.loan', row.loanStatus)}</td>
              <td class="num">${t.money(row.principalFen)}</td>
              <td class="num">${t.money(row.spentFen)}</td>
              <td class="num">${t.money(row.balanceFen)}</td>
              <td>${dateOrDash(t, row.sweptOn)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`
}

function purchases(t: Translator, model: AgriOverview) {
  return html`<section aria-labelledby="purchases-title">
    <h2 id="purchases-title">${t.t('console.agri.purchases')}</h2>
    <table id="purchases">
      <thead>
        <tr>
          <th scope="col">${t.t('console.agri.purchase')}</th>
          <th scope="col">${t.t('common.date')}</th>
          <th scope="col">${t.t('console.field.loan')}</th>
          <th scope="col">${t.t('console.agri.supplier')}</th>
          <th scope="col">${t.t('console.agri.categories')}</th>
          <th scope="col" class="num">${t.t('common.amount')}</th>
          <th scope="col" class="num">${t.t('console.agri.refunded')}</th>
          <th scope="col">${t.t('common.status')}</th>
        </tr>
      </thead>
      <tbody>
        ${model.purchases.length === 0 ? empty(t, 8, 'purchases') : ''}
        ${model.purchases.map(
          (row) =>
            html`<tr>
              <td>${row.purchaseId}</td>
              <td>${t.date(row.businessDate)}</td>
              <td>${loanLink(t, row.loanId)}</td>
              <td>${row.supplierId}</td>
              <td>${categories(t, row.categories)}</td>
              <td class="num">${t.money(row.amountFen)}</td>
              <td class="num">${t.money(row.refundedFen)}</td>
              <td>${word(t, 'status.purchase', row.status)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`
}

function attempts(t: Translator, model: AgriOverview) {
  // The stored detail is the domain's English sentence: the Chinese page leaves it out.
  const detail = t.locale === 'en'
  const columns = detail ? 6 : 5
  return html`<section aria-labelledby="attempts-title">
    <h2 id="attempts-title">${t.t('console.agri.attempts')}</h2>
    <p class="hint">${t.t('console.agri.attemptsHint')}</p>
    <table id="attempts">
      <thead>
        <tr>
          <th scope="col">${t.t('common.date')}</th>
          <th scope="col">${t.t('console.field.loan')}</th>
          <th scope="col">${t.t('console.agri.farmer')}</th>
          <th scope="col">${t.t('console.agri.attempt')}</th>
          <th scope="col">${t.t('console.agri.refusedWith')}</th>
          ${detail ? html`<th scope="col">${t.t('console.agri.detail')}</th>` : ''}
        </tr>
      </thead>
      <tbody>
        ${model.attempts.length === 0 ? empty(t, columns, 'attempts') : ''}
        ${model.attempts.map(
          (row) =>
            html`<tr>
              <td>${t.date(row.businessDate)}</td>
              <td>${loanLink(t, row.loanId)}</td>
              <td>${row.farmerId}</td>
              <td data-kind="${row.kind}">${word(t, 'attemptKind', row.kind)}</td>
              <td class="text" data-code="${row.code}">${t.code('refusal', row.code)}</td>
              ${detail ? html`<td class="text">${row.detail}</td>` : ''}
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`
}

function suppliersToWatch(t: Translator, model: AgriOverview) {
  return html`<section aria-labelledby="watch-title">
    <h2 id="watch-title">${t.t('console.agri.watch')}</h2>
    <p class="hint">
      ${t.t('console.agri.watchHint', {
        days: SUPPLIER_WATCH.quickRefundDays,
        share: t.percent(SUPPLIER_WATCH.farmerShareBps),
      })}
    </p>
    <table id="suppliers-to-watch">
      <thead>
        <tr>
          <th scope="col">${t.t('console.agri.supplier')}</th>
          <th scope="col" class="num">${t.t('console.agri.netSales')}</th>
          <th scope="col" class="num">${t.t('console.agri.quickRefunds')}</th>
          <th scope="col">${t.t('console.agri.farmerAbovePlan')}</th>
          <th scope="col" class="num">${t.t('console.agri.edgeLines')}</th>
        </tr>
      </thead>
      <tbody>
        ${model.suppliersToWatch.length === 0 ? empty(t, 5, 'watch') : ''}
        ${model.suppliersToWatch.map(
          (row) =>
            html`<tr data-supplier="${row.supplierId}">
              <td>${row.supplierId} ${row.name}</td>
              <td class="num">${t.money(row.salesFen)}</td>
              <td class="num">${t.count(row.quickRefunds)}</td>
              <td>
                ${
                  row.topFarmerId === null
                    ? '–'
                    : t.t('console.agri.topFarmer', {
                        id: row.topFarmerId,
                        share: t.percent(row.topFarmerShareBps),
                      })
                }
              </td>
              <td class="num">${t.count(row.edgePricedLines)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`
}

function ageing(t: Translator, model: AgriOverview) {
  return html`<section aria-labelledby="ageing-title">
    <h2 id="ageing-title">${t.t('console.agri.ageing')}</h2>
    <p class="hint">${t.t('console.agri.ageingHint')}</p>
    <table id="proceeds-ageing">
      <thead>
        <tr>
          <th scope="col">${t.t('console.agri.offtaker')}</th>
          <th scope="col" class="num">${t.t('console.agri.deliveryCount')}</th>
          <th scope="col" class="num">${t.t('console.agri.unpaid')}</th>
          ${BUCKETS.map((bucket) => html`<th scope="col" class="num">${word(t, 'bucket', bucket)}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${model.proceedsAgeing.length === 0 ? empty(t, 3 + BUCKETS.length, 'ageing') : ''}
        ${model.proceedsAgeing.map(
          (row) =>
            html`<tr data-offtaker="${row.offtakerId}">
              <td>${row.offtakerId}</td>
              <td class="num">${t.count(row.deliveries)}</td>
              <td class="num">${t.money(row.openFen)}</td>
              ${BUCKETS.map((bucket) => html`<td class="num">${t.money(row.buckets[bucket])}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`
}

function claims(t: Translator, model: AgriOverview) {
  return html`<section aria-labelledby="claims-title">
    <h2 id="claims-title">${t.t('console.agri.claims')}</h2>
    <table id="claims">
      <thead>
        <tr>
          <th scope="col">${t.t('console.agri.claim')}</th>
          <th scope="col">${t.t('common.status')}</th>
          <th scope="col">${t.t('console.field.loan')}</th>
          <th scope="col">${t.t('console.agri.insurer')}</th>
          <th scope="col" class="num">${t.t('console.agri.owedAtDefault')}</th>
          <th scope="col" class="num">${t.t('console.agri.claimed')}</th>
          <th scope="col" class="num">${t.t('console.agri.accepted')}</th>
          <th scope="col" class="num">${t.t('console.agri.received')}</th>
          <th scope="col">${t.t('console.agri.opened')}</th>
          <th scope="col">${t.t('console.agri.cashDue')}</th>
        </tr>
      </thead>
      <tbody>
        ${model.claims.length === 0 ? empty(t, 10, 'claims') : ''}
        ${model.claims.map(
          (row) =>
            html`<tr class="claim-${row.status}">
              <td>${row.claimId}</td>
              <td>${word(t, 'status.claim', row.status)}</td>
              <td>${loanLink(t, row.loanId)}</td>
              <td>${row.insurerId}</td>
              <td class="num">${t.money(row.owedFen)}</td>
              <td class="num">${t.money(row.claimFen)}</td>
              <td class="num">${row.acceptedFen === null ? '–' : t.money(row.acceptedFen)}</td>
              <td class="num">${t.money(row.receivedFen)}</td>
              <td>${t.date(row.openedOn)}</td>
              <td>${dateOrDash(t, row.dueOn)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`
}

export function agriView(t: Translator, model: AgriOverview) {
  return html`<h1>${t.t('console.agri.title')}</h1>
    ${contracts(t, model)} ${wallets(t, model)} ${purchases(t, model)} ${attempts(t, model)}
    ${suppliersToWatch(t, model)} ${ageing(t, model)} ${claims(t, model)}`
}
