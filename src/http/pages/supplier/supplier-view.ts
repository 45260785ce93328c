/**
 * The supplier's page bodies: the counter (find the farmer, the quantities of each approved product,
 * then the request waiting for the farmer with its code field), sales waiting for farmers, the
 * catalogue with each product's review, sales with their refunds, and the money owed and settled.
 * @module
 */
import { html } from 'hono/html'
import type { PurchaseRequestView } from '../../../agri/purchase-requests.js'
import type { PurchaseView } from '../../../agri/restricted-wallet.js'
import type { SettlementView } from '../../../agri/settlements.js'
import type { CatalogueItem, CounterFarmer, SupplierOverview } from '../../../agri/supplier-overview.js'
import type { Translator } from '../../../i18n/translator.js'
import { farmWord } from '../kit/farm-words.js'
import type { Html } from '../kit/page-layout.js'

/** " / bag": the unit the supplier sells by; nothing for the catalogue's default (`unit`). */
const unitOf = (unit: string) => (unit === 'unit' ? '' : ` / ${unit}`)

const csrf = (token: string) => html`<input type="hidden" name="csrf" value="${token}" />`

/** The farmer-finding form: a GET, so the found farmer's sale form is a page of its own. */
export function counterForm(t: Translator, typed = '') {
  return html`<form method="get" action="/supplier/sale" class="row">
    <div>
      <label for="farmer">${t.t('supplier.counter.farmer')}</label>
      <input id="farmer" name="farmer" required maxlength="64" autocomplete="off" value="${typed}" />
    </div>
    <button type="submit">${t.t('supplier.counter.find')}</button>
  </form>`
}

export type MainModel = {
  overview: SupplierOverview
  waiting: Array<PurchaseRequestView & { farmerName: string }>
  settlements: SettlementView[]
}

function catalogueSection(t: Translator, catalogue: CatalogueItem[]) {
  return html`<section aria-labelledby="catalogue">
    <h2 id="catalogue">${t.t('supplier.catalogue.title')}</h2>
    ${
      catalogue.length === 0
        ? html`<p>${t.t('common.none')}</p>`
        : html`<table class="stack" id="catalogue-table">
            <thead>
              <tr>
                <th scope="col">${t.t('supplier.catalogue.product')}</th>
                <th scope="col">${t.t('supplier.catalogue.category')}</th>
                <th scope="col" class="num">${t.t('supplier.catalogue.price')}</th>
                <th scope="col">${t.t('supplier.catalogue.status')}</th>
              </tr>
            </thead>
            <tbody>
              ${catalogue.map(
                (p) =>
                  html`<tr>
                    <th scope="row">${p.name}</th>
                    <td data-label="${t.t('supplier.catalogue.category')}">
                      ${farmWord(t, 'categories', p.category)}
                    </td>
                    <td class="num" data-label="${t.t('supplier.catalogue.price')}">
                      ${t.money(p.priceFen)}${unitOf(p.unit)}
                    </td>
                    <td data-label="${t.t('supplier.catalogue.status')}">
                      <span class="tag ${p.status}">${farmWord(t, 'productStatus', p.status)}</span>
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
  </section>`
}

function salesSection(t: Translator, overview: SupplierOverview) {
  return html`<section aria-labelledby="sales">
    <h2 id="sales">${t.t('supplier.sales.title')}</h2>
    ${
      overview.sales.length === 0
        ? html`<p>${t.t('common.none')}</p>`
        : html`<ul class="list" id="sales-list">
            ${overview.sales.map(
              (sale) =>
                html`<li>
                  <span class="line"
                    ><strong>${t.money(sale.amountFen)}</strong>
                    <span>${t.date(sale.businessDate)}</span></span
                  >
                  <span>${sale.farmerName}</span>
                  ${
                    sale.refundedFen > 0
                      ? html`<span class="muted"
                          >${t.t('supplier.sales.refunded')} ${t.money(sale.refundedFen)}</span
                        >`
                      : ''
                  }
                  <a href="/supplier/sales/${sale.purchaseId}"
                    >${t.t('supplier.sales.sale', { id: String(sale.purchaseId) })}</a
                  >
                </li>`,
            )}
          </ul>`
    }
  </section>`
}

function moneySection(t: Translator, model: MainModel) {
  return html`<section aria-labelledby="money">
    <h2 id="money">${t.t('supplier.money.title')}</h2>
    <p class="muted">${t.t('supplier.money.owed')}</p>
    <p class="big" id="payable">${t.money(model.overview.payableFen)}</p>
    <h3>${t.t('supplier.money.settlements')}</h3>
    ${
      model.settlements.length === 0
        ? html`<p>${t.t('common.none')}</p>`
        : html`<table class="stack" id="settlements">
            <thead>
              <tr>
                <th scope="col">${t.t('common.date')}</th>
                <th scope="col" class="num">${t.t('common.amount')}</th>
                <th scope="col">${t.t('common.status')}</th>
                <th scope="col">${t.t('supplier.money.reference')}</th>
              </tr>
            </thead>
            <tbody>
              ${model.settlements.map(
                (s) =>
                  html`<tr>
                    <th scope="row">${t.date(s.businessDate)}</th>
                    <td class="num" data-label="${t.t('common.amount')}">${t.money(s.amountFen)}</td>
                    <td data-label="${t.t('common.status')}">${farmWord(t, 'settlementStatus', s.status)}</td>
                    <td data-label="${t.t('supplier.money.reference')}">${s.reference ?? '–'}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
  </section>`
}

export function mainView(t: Translator, model: MainModel): Html {
  const { overview } = model
  return html`<h1>${overview.name}</h1>
    ${overview.approved ? '' : html`<p class="error">${t.t('supplier.notApproved')}</p>`}
    <section aria-labelledby="counter">
      <h2 id="counter">${t.t('supplier.counter.title')}</h2>
      ${counterForm(t)}
    </section>
    ${
      model.waiting.length > 0
        ? html`<section aria-labelledby="waiting">
            <h2 id="waiting">${t.t('supplier.waiting.title')}</h2>
            <ul class="list">
              ${model.waiting.map(
                (r) =>
                  html`<li>
                    <span class="line"
                      ><strong>${t.money(r.amountFen)}</strong> <span>${r.farmerName}</span></span
                    >
                    <a href="/supplier/requests/${r.requestId}"
                      >${t.t('supplier.request.title', { id: String(r.requestId) })}</a
                    >
                  </li>`,
              )}
            </ul>
          </section>`
        : ''
    }
    ${catalogueSection(t, overview.catalogue)} ${salesSection(t, overview)} ${moneySection(t, model)}`
}

export type SaleFormModel = {
  farmer: CounterFarmer
  products: CatalogueItem[]
  csrfToken: string
  actionId: string
  /** Quantities typed, by SKU, when the form is shown again. */
  typed: Record<string, string>
}

export function saleFormView(t: Translator, model: SaleFormModel): Html {
  const { farmer } = model
  return html`<h1>${t.t('supplier.counter.saleFor', { name: farmer.name })}</h1>
    <p><a href="/supplier">${t.t('supplier.counter.another')}</a></p>
    ${
      model.products.length === 0
        ? html`<p>${t.t('supplier.counter.noProducts')}</p>`
        : html`<form method="post" action="/supplier/sale">
            ${csrf(model.csrfToken)}
            <input type="hidden" name="action" value="${model.actionId}" />
            <input type="hidden" name="farmer" value="${farmer.farmerId}" />
            <fieldset>
              <legend>${t.t('supplier.counter.quantity')}</legend>
              ${model.products.map(
                (p, i) =>
                  html`<div class="qty">
                    <label for="qty-${i}"
                      >${p.name}
                      <span class="hint"
                        >${t.t('supplier.counter.each', { price: t.money(p.priceFen) })}${unitOf(p.unit)}</span
                      ></label
                    >
                    <input
                      id="qty-${i}"
                      name="qty:${p.sku}"
                      type="number"
                      inputmode="numeric"
                      min="0"
                      max="1000000"
                      step="1"
                      value="${model.typed[p.sku] ?? ''}"
                    />
                  </div>`,
              )}
            </fieldset>
            <button type="submit">${t.t('supplier.counter.submit')}</button>
          </form>`
    }`
}

export type RequestModel = {
  request: PurchaseRequestView
  farmerName: string
  lines: Array<{ name: string; quantity: number }>
  minutesLeft: number
  csrfToken: string
}

export function requestView(t: Translator, model: RequestModel): Html {
  const { request } = model
  const open = request.status === 'awaiting_farmer'
  return html`<h1>${t.t('supplier.request.title', { id: String(request.requestId) })}</h1>
    <p class="big" id="request-amount">${t.money(request.amountFen)}</p>
    <dl class="facts">
      <dt>${t.t('supplier.request.farmer')}</dt>
      <dd>${model.farmerName}</dd>
      <dt>${t.t('supplier.request.status')}</dt>
      <dd id="request-status">${farmWord(t, 'requestStatus', request.status)}</dd>
      ${
        open
          ? html`<dt>${t.t('supplier.request.valid')}</dt>
              <dd>${t.t('farm.minutesLeft', { count: model.minutesLeft })}</dd>`
          : ''
      }
    </dl>
    <ul class="plain">
      ${model.lines.map((line) => html`<li>${line.name} × ${t.count(line.quantity)}</li>`)}
    </ul>
    ${
      open
        ? html`<p>
              <a class="button secondary" href="/supplier/requests/${request.requestId}"
                >${t.t('supplier.request.refresh')}</a
              >
            </p>
            <form method="post" action="/supplier/requests/${request.requestId}/confirm">
              ${csrf(model.csrfToken)}
              <label for="code">${t.t('supplier.request.code')}</label>
              <input
                id="code"
                name="code"
                inputmode="numeric"
                autocomplete="one-time-code"
                maxlength="7"
                required
                aria-describedby="code-hint"
                class="code-input"
              />
              <p class="hint" id="code-hint">${t.t('supplier.request.codeHint')}</p>
              <button type="submit">${t.t('supplier.request.confirm')}</button>
            </form>
            <form method="post" action="/supplier/requests/${request.requestId}/cancel">
              ${csrf(model.csrfToken)}
              <button type="submit" class="secondary">${t.t('supplier.request.cancel')}</button>
            </form>`
        : ''
    }
    <p><a href="/supplier">${t.t('supplier.request.back')}</a></p>`
}

export type RefundModel = {
  sale: PurchaseView
  names: Map<string, string>
  csrfToken: string
  typed: Record<string, string>
}

export function refundView(t: Translator, model: RefundModel): Html {
  const { sale } = model
  const refundable = sale.lines.some((line) => line.quantity > line.refundedQuantity)
  return html`<h1>${t.t('supplier.refund.title', { id: String(sale.purchaseId) })}</h1>
    <dl class="facts">
      <dt>${t.t('supplier.sales.amount')}</dt>
      <dd>${t.money(sale.amountFen)}</dd>
      <dt>${t.t('supplier.sales.refunded')}</dt>
      <dd id="refunded">${t.money(sale.refundedFen)}</dd>
    </dl>
    ${
      refundable
        ? html`<form method="post" action="/supplier/sales/${sale.purchaseId}/refund">
            ${csrf(model.csrfToken)}
            <input type="hidden" name="before" value="${sale.refundedFen}" />
            <fieldset>
              <legend>${t.t('supplier.refund.back')}</legend>
              ${sale.lines.map((line, i) => {
                const left = line.quantity - line.refundedQuantity
                return html`<div class="qty">
                  <label for="back-${i}"
                    >${model.names.get(line.sku) ?? line.sku}
                    <span class="hint"
                      >${t.t('supplier.refund.bought')} ${t.count(line.quantity)} ·
                      ${t.t('supplier.refund.returned')} ${t.count(line.refundedQuantity)}</span
                    ></label
                  >
                  <input
                    id="back-${i}"
                    name="back:${i}"
                    type="number"
                    inputmode="numeric"
                    min="0"
                    max="${left}"
                    step="1"
                    value="${model.typed[String(i)] ?? ''}"
                    ${left === 0 ? 'disabled' : ''}
                  />
                </div>`
              })}
            </fieldset>
            <button type="submit">${t.t('supplier.refund.submit')}</button>
          </form>`
        : ''
    }
    <p><a href="/supplier">${t.t('supplier.request.back')}</a></p>`
}
