/**
 * The farmer's page body: shops asking to be paid (with the one-time code and Pay / Refuse), the
 * farm-input money and what is left of it per kind of input, what was bought, the harvest contract
 * and its deliveries, what is owed and when, and the free money with a payout form. Phone first:
 * large figures, few words, no script.
 * @module
 */
import { html } from 'hono/html'
import type { FarmerOverview, FarmLoanOverview } from '../../../agri/farmer-overview.js'
import type { Translator } from '../../../i18n/translator.js'
import { farmWord } from '../kit/farm-words.js'
import type { Html } from '../kit/page-layout.js'

/** A shop's request waiting for this farmer, with the names the farmer knows it by. */
export type Ask = {
  requestId: number
  shop: string
  amountFen: number
  code: string
  minutesLeft: number
  lines: Array<{ name: string; quantity: number }>
}

export type FarmerModel = {
  farmerId: number
  overview: FarmerOverview
  asks: Ask[]
  csrfToken: string
  /** The payout form's action id, and what was typed into it when it is shown again. */
  payout: { actionId: string; amount: string }
}

const csrf = (token: string) => html`<input type="hidden" name="csrf" value="${token}" />`

/** "123456" → "123 456": read out in two halves. */
const spaced = (code: string) => `${code.slice(0, 3)} ${code.slice(3)}`

function askCard(t: Translator, ask: Ask, csrfToken: string) {
  const id = `ask-${ask.requestId}`
  return html`<section class="card ask" aria-labelledby="${id}">
    <h2 id="${id}">${t.t('farmer.waiting.title')}</h2>
    <p class="shop">${ask.shop}</p>
    <p class="big">${t.money(ask.amountFen)}</p>
    <ul class="plain">
      ${ask.lines.map((line) => html`<li>${line.name} × ${t.count(line.quantity)}</li>`)}
    </ul>
    <p class="muted">${t.t('farmer.waiting.code')}</p>
    <p class="code">${spaced(ask.code)}</p>
    <p class="hint">
      ${t.t('farmer.waiting.codeHint')}<br />${t.t('farm.minutesLeft', { count: ask.minutesLeft })}
    </p>
    <div class="row">
      <form method="post" action="/farmer/requests/${ask.requestId}/confirm">
        ${csrf(csrfToken)}
        <button type="submit">${t.t('farmer.waiting.confirm', { amount: t.money(ask.amountFen) })}</button>
      </form>
      <form method="post" action="/farmer/requests/${ask.requestId}/cancel">
        ${csrf(csrfToken)}
        <button type="submit" class="secondary">${t.t('farmer.waiting.refuse')}</button>
      </form>
    </div>
  </section>`
}

function inputsSection(t: Translator, farm: FarmLoanOverview) {
  const id = `inputs-${farm.loan.loanId}`
  const { wallet } = farm
  return html`<section id="${id}" aria-labelledby="${id}-title">
    <h2 id="${id}-title">${t.t('farmer.inputs.title')}</h2>
    <p class="muted">${t.t('farmer.inputs.left')}</p>
    <p class="big" id="restricted-${farm.loan.loanId}">${t.money(wallet.balanceFen)}</p>
    ${
      wallet.status === 'closed'
        ? html`<p>${t.t('farmer.inputs.closed')}</p>`
        : html`<table>
            <thead>
              <tr>
                <th scope="col">${t.t('farmer.inputs.category')}</th>
                <th scope="col" class="num">${t.t('farmer.inputs.spent')}</th>
                <th scope="col" class="num">${t.t('farmer.inputs.leftFor')}</th>
              </tr>
            </thead>
            <tbody>
              ${farm.categories.map(
                (row) =>
                  html`<tr>
                    <th scope="row">${farmWord(t, 'categories', row.category)}</th>
                    <td class="num">${t.money(row.spentFen)}</td>
                    <td class="num">${t.money(row.leftFen)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
    ${
      farm.plannedProducts.length > 0
        ? html`<p class="muted">${t.t('farmer.inputs.onlyProducts')}</p>
            <ul class="plain">
              ${farm.plannedProducts.map((p) => html`<li>${p.name} · ${p.supplierName}</li>`)}
            </ul>`
        : ''
    }
  </section>`
}

function owedSection(t: Translator, farm: FarmLoanOverview) {
  const id = `owed-${farm.loan.loanId}`
  const { outstanding } = farm.loan
  const parts = [
    ['farmer.owed.principal', outstanding.principalFen],
    ['farmer.owed.interest', outstanding.interestFen],
    ['farmer.owed.fees', outstanding.feesFen],
    ['farmer.owed.penalty', outstanding.penaltyFen],
  ] as const
  return html`<section id="${id}" aria-labelledby="${id}-title">
    <h2 id="${id}-title">${t.t('farmer.owed.title')}</h2>
    ${
      farm.loan.status === 'closed'
        ? html`<p class="big">${t.money(0)}</p>
            <p>${t.t('farmer.owed.repaid')}</p>`
        : html`<p class="muted">${t.t('farmer.owed.total')}</p>
            <p class="big">${t.money(outstanding.totalFen)}</p>
            <dl class="facts">
              <dt>${t.t('farmer.owed.due')}</dt>
              <dd>${t.date(farm.loan.maturesOn)}</dd>
              ${parts
                .filter(([, fen]) => fen > 0)
                .map(
                  ([key, fen]) =>
                    html`<dt>${t.t(key)}</dt>
                      <dd>${t.money(fen)}</dd>`,
                )}
            </dl>
            ${
              farm.loan.daysPastDue > 0
                ? html`<p class="error">${t.t('farmer.owed.late', { count: farm.loan.daysPastDue })}</p>`
                : ''
            }
            <p class="hint">${t.t('farmer.owed.from')}</p>`
    }
  </section>`
}

function contractSection(t: Translator, farm: FarmLoanOverview) {
  const { contract } = farm
  const id = `contract-${contract.contractId}`
  const kg = (count: number) => t.t('farm.kg', { kg: t.count(count) })
  return html`<section id="${id}" aria-labelledby="${id}-title">
    <h2 id="${id}-title">${t.t('farmer.contract.title')}</h2>
    <dl class="facts">
      <dt>${t.t('farmer.contract.buyer')}</dt>
      <dd>${contract.offtakerName}</dd>
      <dt>${t.t('farmer.contract.crop')}</dt>
      <dd>${farmWord(t, 'crops', contract.crop)}</dd>
      <dt>${t.t('farmer.contract.quantity')}</dt>
      <dd>${kg(contract.quantityKg)}</dd>
      <dt>${t.t('farmer.contract.delivered')}</dt>
      <dd>${kg(contract.deliveredKg)}</dd>
      <dt>${t.t('farmer.contract.price')}</dt>
      <dd>${t.t('farm.perKg', { price: t.money(contract.priceFenPerKg) })}</dd>
      <dt>${t.t('farmer.contract.window')}</dt>
      <dd>
        ${t.t('farmer.contract.between', {
          from: t.date(contract.deliveryFrom),
          to: t.date(contract.deliveryTo),
        })}
      </dd>
      <dt>${t.t('farmer.contract.value')}</dt>
      <dd>${t.money(contract.contractValueFen)}</dd>
    </dl>
    ${
      farm.deliveries.length > 0
        ? html`<h3>${t.t('farmer.deliveries.title')}</h3>
            <table class="stack">
              <thead>
                <tr>
                  <th scope="col">${t.t('common.date')}</th>
                  <th scope="col" class="num">${t.t('farmer.deliveries.quantity')}</th>
                  <th scope="col" class="num">${t.t('farmer.deliveries.worth')}</th>
                  <th scope="col">${t.t('farmer.deliveries.payBy')}</th>
                  <th scope="col">${t.t('common.status')}</th>
                </tr>
              </thead>
              <tbody>
                ${farm.deliveries.map(
                  (d) =>
                    html`<tr>
                      <th scope="row">${t.date(d.deliveredOn)}</th>
                      <td class="num" data-label="${t.t('farmer.deliveries.quantity')}">
                        ${kg(d.quantityKg)}
                      </td>
                      <td class="num" data-label="${t.t('farmer.deliveries.worth')}">
                        ${t.money(d.proceedsFen)}
                      </td>
                      <td data-label="${t.t('farmer.deliveries.payBy')}">${t.date(d.dueOn)}</td>
                      <td data-label="${t.t('common.status')}">${farmWord(t, 'deliveryStatus', d.status)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
        : ''
    }
  </section>`
}

function purchasesSection(t: Translator, overview: FarmerOverview) {
  return html`<section aria-labelledby="bought">
    <h2 id="bought">${t.t('farmer.purchases.title')}</h2>
    ${
      overview.purchases.length === 0
        ? html`<p>${t.t('common.none')}</p>`
        : html`<ul class="list">
            ${overview.purchases.map(
              (p) =>
                html`<li>
                  <span class="line"
                    ><strong>${t.money(p.amountFen)}</strong> <span>${t.date(p.businessDate)}</span></span
                  >
                  <span>${p.supplierName}</span>
                  <span class="muted"
                    >${p.lines.map((line, i) => html`${i > 0 ? ', ' : ''}${line.name} × ${line.quantity}`)}</span
                  >
                  ${
                    p.refundedFen > 0
                      ? html`<span
                          >${t.t('farmer.purchases.returned', { amount: t.money(p.refundedFen) })}</span
                        >`
                      : ''
                  }
                </li>`,
            )}
          </ul>`
    }
  </section>`
}

function walletSection(t: Translator, model: FarmerModel) {
  const { overview } = model
  const kinds = { in: 'farmer.wallet.in', payout: 'farmer.wallet.payout', out: 'farmer.wallet.out' } as const
  return html`<section aria-labelledby="money">
    <h2 id="money">${t.t('farmer.wallet.title')}</h2>
    <p class="muted">${t.t('farmer.wallet.balance')}</p>
    <p class="big" id="free-wallet">${t.money(overview.freeWalletFen)}</p>
    ${
      overview.freeWalletFen > 0
        ? html`<form method="post" action="/farmer/payouts">
            ${csrf(model.csrfToken)}
            <input type="hidden" name="action" value="${model.payout.actionId}" />
            <label for="payout-amount">${t.t('farmer.wallet.amount')}</label>
            <input
              id="payout-amount"
              name="amount"
              inputmode="decimal"
              autocomplete="off"
              required
              aria-describedby="payout-hint"
              value="${model.payout.amount}"
            />
            <p class="hint" id="payout-hint">${t.t('farmer.wallet.amountHint')}</p>
            <button type="submit">${t.t('farmer.wallet.send')}</button>
          </form>`
        : ''
    }
    ${
      overview.freeWalletLines.length > 0
        ? html`<ul class="list">
            ${overview.freeWalletLines.map(
              (line) =>
                html`<li>
                  <span class="line"
                    ><strong>${line.kind === 'in' ? '+' : '−'}${t.money(line.amountFen)}</strong>
                    <span>${t.date(line.businessDate)}</span></span
                  >
                  <span class="muted">${t.t(kinds[line.kind])}</span>
                </li>`,
            )}
          </ul>`
        : ''
    }
  </section>`
}

export function farmerView(t: Translator, model: FarmerModel): Html {
  const { overview } = model
  return html`<h1>${t.t('farmer.hello', { name: overview.name })}</h1>
    <p class="muted">${t.t('farmer.farmerNumber', { id: String(model.farmerId) })}</p>
    ${model.asks.map((ask) => askCard(t, ask, model.csrfToken))}
    ${overview.loans.length === 0 ? html`<p>${t.t('farmer.noLoan')}</p>` : ''}
    ${overview.loans.map((farm) => inputsSection(t, farm))} ${purchasesSection(t, overview)}
    ${overview.loans.map((farm) => html`${contractSection(t, farm)} ${owedSection(t, farm)}`)}
    ${walletSection(t, model)}`
}
