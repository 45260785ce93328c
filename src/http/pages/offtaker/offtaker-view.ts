/**
 * What the offtaker's page shows: what it owes for deliveries and since when, the form that records
 * its bank transfer, the payments it made and what they repaid, its contracts with their input plans
 * (changeable until financed), and every delivery.
 * @module
 */
import { html } from 'hono/html'
import { deliveryReference, type DeliveryResult } from '../../../agri/agri-servicing.js'
import { eligibleCategories, FARM_INPUT_CATEGORIES } from '../../../agri/agri-policy.js'
import type { OfftakerBook, OfftakerContract } from '../../../agri/offtaker-book.js'
import type { offtakerReceivables } from '../../../agri/offtaker-payments.js'
import type { Translator } from '../../../i18n/translator.js'
import type { IsoDate } from '../../../kernel/business-date.js'
import { plainYuan } from '../kit/page-forms.js'
import { cropName } from '../kit/farm-words.js'
import type { Html } from '../kit/page-layout.js'
import { stackTable } from '../kit/page-tables.js'

export type OfftakerPageModel = {
  name: string
  businessDate: IsoDate
  receivables: Awaited<ReturnType<typeof offtakerReceivables>>
  book: OfftakerBook
  csrfToken: string
  /** The payment form's action id: the request key of the payment it records. */
  actionId: string
  /** What was typed into the form that was refused, to fill it again. */
  values?: Record<string, string>
}

type Payment = OfftakerBook['payments'][number]

/** Of a payment, what repaid loans and what went on to the farmers. */
export function paymentSplit(payment: Payment): { loanFen: number; farmerFen: number } {
  let loanFen = 0
  let farmerFen = 0
  for (const { waterfall } of payment.applied) {
    loanFen += waterfall.penaltyFen + waterfall.feesFen + waterfall.interestFen + waterfall.principalFen
    farmerFen += waterfall.toFarmerFen
  }
  return { loanFen, farmerFen }
}

export function offtakerView(t: Translator, model: OfftakerPageModel): Html {
  return html`<h1>${model.name}</h1>
    ${dueSection(t, model)} ${paySection(t, model)} ${paymentsSection(t, model.book.payments)}
    ${contractsSection(t, model)} ${deliveriesSection(t, model.book.deliveries)}`
}

function dueSection(t: Translator, model: OfftakerPageModel): Html {
  const { receivables } = model
  const farmerOf = new Map(model.book.contracts.map((c) => [c.contractId, c.farmerName]))
  const overdueFen = receivables.openFen - receivables.buckets.current
  const buckets = (Object.keys(receivables.buckets) as Array<keyof typeof receivables.buckets>).filter(
    (bucket) => receivables.buckets[bucket] > 0,
  )
  return html`<section aria-labelledby="due-title">
    <h2 id="due-title">${t.t('offtaker.due.title')}</h2>
    <p class="muted">${t.t('offtaker.due.asOf', { date: t.date(receivables.asOf) })}</p>
    ${
      receivables.items.length === 0
        ? html`<p>${t.t('offtaker.due.nothing')}</p>`
        : html`<div id="due-facts">
              <p class="muted">${t.t('offtaker.due.open')}</p>
              <p class="big">${t.money(receivables.openFen)}</p>
              <dl class="facts">
                <dt>${t.t('offtaker.due.overdue')}</dt>
                <dd>${t.money(overdueFen)}</dd>
                ${buckets.map(
                  (bucket) =>
                    html`<dt>${t.t(`offtaker.due.bucket.${bucket}`)}</dt>
                      <dd>${t.money(receivables.buckets[bucket])}</dd>`,
                )}
              </dl>
            </div>
            ${stackTable(
              'receivables',
              'due-title',
              [
                { label: t.t('offtaker.due.delivery'), value: (r) => r.reference },
                { label: t.t('offtaker.due.farmer'), value: (r) => farmerOf.get(r.contractId) ?? '' },
                { label: t.t('offtaker.due.deliveredOn'), value: (r) => t.date(r.deliveredOn) },
                { label: t.t('offtaker.due.dueOn'), value: (r) => t.date(r.dueOn) },
                { label: t.t('offtaker.due.proceeds'), value: (r) => t.money(r.proceedsFen), num: true },
                { label: t.t('offtaker.due.paid'), value: (r) => t.money(r.paidFen), num: true },
                { label: t.t('offtaker.due.owed'), value: (r) => t.money(r.openFen), num: true },
                {
                  label: t.t('offtaker.due.lateness'),
                  value: (r) =>
                    r.daysOverdue > 0
                      ? html`<strong>${t.t('offtaker.due.late', { count: r.daysOverdue })}</strong>`
                      : t.t('offtaker.due.notYetDue'),
                },
              ],
              receivables.items,
            )}`
    }
  </section>`
}

function paySection(t: Translator, model: OfftakerPageModel): Html {
  const values = model.values ?? {}
  const open = model.receivables.items
  if (open.length === 0) return html``
  return html`<section aria-labelledby="pay-title">
    <h2 id="pay-title">${t.t('offtaker.pay.title')}</h2>
    <p class="hint">${t.t('offtaker.pay.hint')}</p>
    <form method="post" action="/offtaker/payments" id="pay-form">
      <input type="hidden" name="csrf" value="${model.csrfToken}" />
      <input type="hidden" name="actionId" value="${model.actionId}" />
      <label for="pay-amount">${t.t('offtaker.pay.amount')}</label>
      <input
        id="pay-amount"
        name="amount"
        inputmode="decimal"
        autocomplete="off"
        required
        aria-describedby="pay-amount-hint"
        value="${values.amount ?? plainYuan(model.receivables.openFen)}"
      />
      <p class="hint" id="pay-amount-hint">${t.t('offtaker.pay.amountHint')}</p>
      <label for="pay-date">${t.t('offtaker.pay.paidOn')}</label>
      <input
        id="pay-date"
        name="paidOn"
        type="date"
        required
        max="${model.businessDate}"
        value="${values.paidOn ?? model.businessDate}"
      />
      <label for="pay-reference">${t.t('offtaker.pay.reference')}</label>
      <input
        id="pay-reference"
        name="reference"
        maxlength="64"
        required
        autocomplete="off"
        aria-describedby="pay-reference-hint"
        value="${values.reference ?? ''}"
      />
      <p class="hint" id="pay-reference-hint">${t.t('offtaker.pay.referenceHint')}</p>
      <fieldset>
        <legend>${t.t('offtaker.pay.deliveries')}</legend>
        ${open.map(
          (r) =>
            html`<label class="check">
              <input
                type="checkbox"
                name="delivery-${r.deliveryId}"
                ${values[`delivery-${r.deliveryId}`] ? 'checked' : ''}
              />
              ${t.t('offtaker.pay.deliveryOption', {
                reference: r.reference,
                amount: t.money(r.openFen),
                date: t.date(r.dueOn),
              })}
            </label>`,
        )}
      </fieldset>
      <p><button type="submit">${t.t('offtaker.pay.submit')}</button></p>
    </form>
  </section>`
}

function paymentsSection(t: Translator, payments: OfftakerBook['payments']): Html {
  return html`<section aria-labelledby="payments-title">
    <h2 id="payments-title">${t.t('offtaker.payments.title')}</h2>
    ${
      payments.length === 0
        ? html`<p>${t.t('offtaker.payments.none')}</p>`
        : stackTable(
            'payments',
            'payments-title',
            [
              { label: t.t('offtaker.payments.paidOn'), value: (p) => t.date(p.paidOn) },
              { label: t.t('offtaker.payments.reference'), value: (p) => p.reference },
              { label: t.t('offtaker.payments.amount'), value: (p) => t.money(p.amountFen), num: true },
              {
                label: t.t('offtaker.payments.toLoans'),
                value: (p) => t.money(paymentSplit(p).loanFen),
                num: true,
              },
              {
                label: t.t('offtaker.payments.toFarmers'),
                value: (p) => t.money(paymentSplit(p).farmerFen),
                num: true,
              },
              {
                label: t.t('offtaker.payments.deliveries'),
                value: (p) => p.applied.map((a) => deliveryReference(a.deliveryId)).join(', '),
              },
            ],
            payments,
          )
    }
  </section>`
}

function contractsSection(t: Translator, model: OfftakerPageModel): Html {
  const { contracts } = model.book
  const inputs = (c: OfftakerContract) =>
    c.inputPlan === null
      ? t.t('offtaker.contracts.anyInput')
      : c.inputPlan.categories.map((category) => categoryName(t, category)).join(', ')
  return html`<section aria-labelledby="contracts-title">
    <h2 id="contracts-title">${t.t('offtaker.contracts.title')}</h2>
    ${
      contracts.length === 0
        ? html`<p>${t.t('offtaker.contracts.none')}</p>`
        : stackTable(
            'contracts',
            'contracts-title',
            [
              {
                label: t.t('offtaker.contracts.contract'),
                value: (c) => t.t('offtaker.number', { id: c.contractId }),
              },
              { label: t.t('offtaker.contracts.farmer'), value: (c) => c.farmerName },
              { label: t.t('offtaker.contracts.crop'), value: (c) => cropName(t, c.crop) },
              {
                label: t.t('offtaker.contracts.delivered'),
                value: (c) =>
                  t.t('offtaker.contracts.deliveredValue', {
                    delivered: t.count(c.deliveredKg),
                    contracted: t.count(c.quantityKg),
                  }),
                num: true,
              },
              { label: t.t('offtaker.contracts.price'), value: (c) => t.money(c.priceFenPerKg), num: true },
              {
                label: t.t('offtaker.contracts.value'),
                value: (c) => t.money(c.contractValueFen),
                num: true,
              },
              {
                label: t.t('offtaker.contracts.window'),
                value: (c) =>
                  t.t('offtaker.contracts.windowValue', {
                    from: t.date(c.deliveryFrom),
                    to: t.date(c.deliveryTo),
                  }),
              },
              {
                label: t.t('offtaker.contracts.term'),
                value: (c) => t.t('common.days', { count: c.paymentTermDays }),
              },
              {
                label: t.t('offtaker.contracts.status'),
                value: (c) => t.t(`offtaker.contracts.statuses.${c.status}`),
              },
              { label: t.t('offtaker.contracts.inputs'), value: inputs },
            ],
            contracts,
          )
    }
    ${contracts.filter((c) => c.status === 'signed').map((c) => planForm(t, model, c))}
  </section>`
}

function categoryName(t: Translator, category: string): string {
  return (FARM_INPUT_CATEGORIES as readonly string[]).includes(category)
    ? t.t(`offtaker.categories.${category as (typeof FARM_INPUT_CATEGORIES)[number]}`)
    : category
}

function planForm(t: Translator, model: OfftakerPageModel, contract: OfftakerContract): Html {
  const planned = new Set(contract.inputPlan?.categories ?? [])
  const titleId = `plan-title-${contract.contractId}`
  return html`<div class="card">
    <h3 id="${titleId}">${t.t('offtaker.plan.title', { id: contract.contractId })}</h3>
    <p class="hint">${t.t('offtaker.plan.hint')}</p>
    <form
      method="post"
      action="/offtaker/contracts/${contract.contractId}/input-plan"
      aria-labelledby="${titleId}"
    >
      <input type="hidden" name="csrf" value="${model.csrfToken}" />
      <fieldset>
        <legend>${t.t('offtaker.plan.legend')}</legend>
        ${eligibleCategories(contract.crop).map(
          (category) =>
            html`<label class="check">
              <input type="checkbox" name="category-${category}" ${planned.has(category) ? 'checked' : ''} />
              ${categoryName(t, category)}
            </label>`,
        )}
      </fieldset>
      <p><button type="submit" class="secondary">${t.t('offtaker.plan.save')}</button></p>
    </form>
  </div>`
}

function deliveriesSection(t: Translator, deliveries: DeliveryResult[]): Html {
  return html`<section aria-labelledby="deliveries-title">
    <h2 id="deliveries-title">${t.t('offtaker.deliveries.title')}</h2>
    ${
      deliveries.length === 0
        ? html`<p>${t.t('offtaker.deliveries.none')}</p>`
        : stackTable(
            'deliveries',
            'deliveries-title',
            [
              { label: t.t('offtaker.deliveries.delivery'), value: (d) => d.reference },
              {
                label: t.t('offtaker.deliveries.contract'),
                value: (d) => t.t('offtaker.number', { id: d.contractId }),
              },
              { label: t.t('offtaker.deliveries.deliveredOn'), value: (d) => t.date(d.deliveredOn) },
              {
                label: t.t('offtaker.deliveries.quantity'),
                value: (d) => t.t('offtaker.deliveries.quantityValue', { kg: t.count(d.quantityKg) }),
                num: true,
              },
              { label: t.t('offtaker.deliveries.proceeds'), value: (d) => t.money(d.proceedsFen), num: true },
              { label: t.t('offtaker.deliveries.paid'), value: (d) => t.money(d.paidFen), num: true },
              { label: t.t('offtaker.deliveries.dueOn'), value: (d) => t.date(d.dueOn) },
              {
                label: t.t('offtaker.deliveries.status'),
                value: (d) => t.t(`offtaker.deliveries.statuses.${d.status}`),
              },
            ],
            deliveries,
          )
    }
  </section>`
}
