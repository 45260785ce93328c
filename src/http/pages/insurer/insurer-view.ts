/**
 * What the insurer's page shows: its claims (what waits for a decision, what it accepted and still
 * owes, and since when), a decision form for each open claim and a payment form for each accepted
 * one, the contracts it was asked to guarantee, its policies, and the premiums settled to it.
 * @module
 */
import { html } from 'hono/html'
import type { InsurerBook, InsurerClaim } from '../../../agri/insurer-book.js'
import type { SettlementView } from '../../../agri/settlements.js'
import type { Translator } from '../../../i18n/translator.js'
import type { IsoDate } from '../../../kernel/business-date.js'
import { cropName } from '../kit/farm-words.js'
import { plainYuan } from '../kit/page-forms.js'
import type { Html } from '../kit/page-layout.js'
import { stackTable } from '../kit/page-tables.js'

export type InsurerPageModel = {
  name: string
  businessDate: IsoDate
  book: InsurerBook
  settlements: SettlementView[]
  csrfToken: string
  /** A new action id for each money-moving form drawn: the request key of what it records. */
  newActionId: () => string
  /** The claim form that was refused, and what was typed into it. */
  values?: { claimId: number; fields: Record<string, string> }
}

export function insurerView(t: Translator, model: InsurerPageModel): Html {
  const open = model.book.claims.filter((claim) => claim.status === 'open')
  const accepted = model.book.claims.filter((claim) => claim.status === 'accepted')
  return html`<h1>${model.name}</h1>
    ${claimsSection(t, model)} ${open.map((claim) => decideForm(t, model, claim))}
    ${accepted.map((claim) => payForm(t, model, claim))} ${requestsSection(t, model.book.requests)}
    ${policiesSection(t, model.book.policies)} ${settlementsSection(t, model.settlements)}`
}

const overdue = (claim: InsurerClaim, businessDate: IsoDate) =>
  claim.status === 'accepted' && claim.dueOn !== null && claim.dueOn < businessDate

function claimsSection(t: Translator, model: InsurerPageModel): Html {
  const { claims } = model.book
  const unpaid = (claim: InsurerClaim) => (claim.acceptedFen ?? 0) - (claim.paidFen ?? 0)
  const sum = (rows: InsurerClaim[], fen: (claim: InsurerClaim) => number) =>
    rows.reduce((total, claim) => total + fen(claim), 0)
  const toDecide = claims.filter((claim) => claim.status === 'open')
  const toPay = claims.filter((claim) => claim.status === 'accepted')
  const late = toPay.filter((claim) => overdue(claim, model.businessDate))
  const status = (claim: InsurerClaim) =>
    overdue(claim, model.businessDate)
      ? html`<strong>${t.t('insurer.claims.overdueStatus')}</strong>`
      : t.t(`insurer.claims.statuses.${claim.status}`)
  const money = (fen: number | null) => (fen === null ? '–' : t.money(fen))
  return html`<section aria-labelledby="claims-title">
    <h2 id="claims-title">${t.t('insurer.claims.title')}</h2>
    ${
      claims.length === 0
        ? html`<p>${t.t('insurer.claims.none')}</p>`
        : html`<dl class="facts" id="claim-facts">
              <dt>${t.t('insurer.claims.toDecide')}</dt>
              <dd>${t.money(sum(toDecide, (claim) => claim.claimFen))}</dd>
              <dt>${t.t('insurer.claims.toPay')}</dt>
              <dd>${t.money(sum(toPay, unpaid))}</dd>
              <dt>${t.t('insurer.claims.overdue')}</dt>
              <dd>${t.money(sum(late, unpaid))}</dd>
            </dl>
            ${stackTable(
              'claims',
              'claims-title',
              [
                {
                  label: t.t('insurer.claims.claim'),
                  value: (c) => t.t('insurer.number', { id: c.claimId }),
                },
                { label: t.t('insurer.claims.farmer'), value: (c) => c.farmerName },
                { label: t.t('insurer.claims.crop'), value: (c) => cropName(t, c.crop) },
                { label: t.t('insurer.claims.openedOn'), value: (c) => t.date(c.openedOn) },
                { label: t.t('insurer.claims.claimed'), value: (c) => t.money(c.claimFen), num: true },
                { label: t.t('insurer.claims.accepted'), value: (c) => money(c.acceptedFen), num: true },
                { label: t.t('insurer.claims.paid'), value: (c) => money(c.paidFen), num: true },
                {
                  label: t.t('insurer.claims.payBy'),
                  value: (c) => (c.status === 'accepted' && c.dueOn !== null ? t.date(c.dueOn) : '–'),
                },
                { label: t.t('insurer.claims.status'), value: status },
                { label: t.t('insurer.claims.reason'), value: (c) => c.reason ?? '–' },
              ],
              claims,
            )}`
    }
  </section>`
}

function decideForm(t: Translator, model: InsurerPageModel, claim: InsurerClaim): Html {
  const id = claim.claimId
  const values = model.values?.claimId === id ? model.values.fields : {}
  const checked = (decision: string) => (values.decision === decision ? 'checked' : '')
  return html`<section class="card" id="claim-${id}" aria-labelledby="decide-title-${id}">
    <h2 id="decide-title-${id}">${t.t('insurer.decide.title', { id })}</h2>
    <p>${t.t('insurer.decide.facts', { owed: t.money(claim.owedFen), claimed: t.money(claim.claimFen) })}</p>
    <form method="post" action="/insurer/claims/${id}/decision">
      <input type="hidden" name="csrf" value="${model.csrfToken}" />
      <input type="hidden" name="actionId" value="${model.newActionId()}" />
      <fieldset>
        <legend>${t.t('insurer.decide.legend')}</legend>
        <label class="check"
          ><input type="radio" name="decision" value="accept" required ${checked('accept')} />
          ${t.t('insurer.decide.accept', { amount: t.money(claim.claimFen) })}</label
        >
        <label class="check"
          ><input type="radio" name="decision" value="partial" ${checked('partial')} />
          ${t.t('insurer.decide.partial')}</label
        >
        <label class="check"
          ><input type="radio" name="decision" value="reject" ${checked('reject')} />
          ${t.t('insurer.decide.reject')}</label
        >
      </fieldset>
      <label for="decide-amount-${id}">${t.t('insurer.decide.amount')}</label>
      <input
        id="decide-amount-${id}"
        name="amount"
        inputmode="decimal"
        autocomplete="off"
        aria-describedby="decide-amount-hint-${id}"
        value="${values.amount ?? ''}"
      />
      <p class="hint" id="decide-amount-hint-${id}">${t.t('insurer.decide.amountHint')}</p>
      <label for="decide-reason-${id}">${t.t('insurer.decide.reason')}</label>
      <textarea
        id="decide-reason-${id}"
        name="reason"
        rows="2"
        maxlength="500"
        required
        aria-describedby="decide-reason-hint-${id}"
      >
${values.reason ?? ''}</textarea>
      <p class="hint" id="decide-reason-hint-${id}">${t.t('insurer.decide.reasonHint')}</p>
      <p><button type="submit">${t.t('insurer.decide.submit')}</button></p>
    </form>
  </section>`
}

function payForm(t: Translator, model: InsurerPageModel, claim: InsurerClaim): Html {
  const id = claim.claimId
  const values = model.values?.claimId === id ? model.values.fields : {}
  return html`<section class="card" id="claim-${id}" aria-labelledby="pay-title-${id}">
    <h2 id="pay-title-${id}">${t.t('insurer.pay.title', { id })}</h2>
    <p>
      ${t.t('insurer.pay.left', {
        amount: t.money(claim.payableFen),
        date: claim.dueOn === null ? '–' : t.date(claim.dueOn),
      })}
    </p>
    <form method="post" action="/insurer/claims/${id}/pay">
      <input type="hidden" name="csrf" value="${model.csrfToken}" />
      <input type="hidden" name="actionId" value="${model.newActionId()}" />
      <label for="pay-amount-${id}">${t.t('insurer.pay.amount')}</label>
      <input
        id="pay-amount-${id}"
        name="amount"
        inputmode="decimal"
        autocomplete="off"
        required
        value="${values.amount ?? plainYuan(claim.payableFen)}"
      />
      <label for="pay-reference-${id}">${t.t('insurer.pay.reference')}</label>
      <input
        id="pay-reference-${id}"
        name="reference"
        maxlength="64"
        required
        autocomplete="off"
        aria-describedby="pay-reference-hint-${id}"
        value="${values.reference ?? ''}"
      />
      <p class="hint" id="pay-reference-hint-${id}">${t.t('insurer.pay.referenceHint')}</p>
      <p><button type="submit">${t.t('insurer.pay.submit')}</button></p>
    </form>
  </section>`
}

function requestsSection(t: Translator, requests: InsurerBook['requests']): Html {
  return html`<section aria-labelledby="requests-title">
    <h2 id="requests-title">${t.t('insurer.requests.title')}</h2>
    ${
      requests.length === 0
        ? html`<p>${t.t('insurer.requests.none')}</p>`
        : stackTable(
            'requests',
            'requests-title',
            [
              {
                label: t.t('insurer.requests.contract'),
                value: (r) => t.t('insurer.number', { id: r.contractId }),
              },
              { label: t.t('insurer.requests.farmer'), value: (r) => r.farmerName },
              { label: t.t('insurer.requests.crop'), value: (r) => cropName(t, r.crop) },
              {
                label: t.t('insurer.requests.quantity'),
                value: (r) => t.t('insurer.requests.quantityValue', { kg: t.count(r.quantityKg) }),
                num: true,
              },
              { label: t.t('insurer.requests.value'), value: (r) => t.money(r.contractValueFen), num: true },
              {
                label: t.t('insurer.requests.window'),
                value: (r) =>
                  t.t('insurer.requests.windowValue', {
                    from: t.date(r.deliveryFrom),
                    to: t.date(r.deliveryTo),
                  }),
              },
              {
                label: t.t('insurer.requests.policy'),
                value: (r) =>
                  r.policyId === null
                    ? t.t('insurer.requests.noPolicy')
                    : t.t('insurer.number', { id: r.policyId }),
              },
            ],
            requests,
          )
    }
  </section>`
}

function policiesSection(t: Translator, policies: InsurerBook['policies']): Html {
  return html`<section aria-labelledby="policies-title">
    <h2 id="policies-title">${t.t('insurer.policies.title')}</h2>
    ${
      policies.length === 0
        ? html`<p>${t.t('insurer.policies.none')}</p>`
        : stackTable(
            'policies',
            'policies-title',
            [
              {
                label: t.t('insurer.policies.policy'),
                value: (p) => t.t('insurer.number', { id: p.policyId }),
              },
              {
                label: t.t('insurer.policies.contract'),
                value: (p) => t.t('insurer.number', { id: p.contractId }),
              },
              { label: t.t('insurer.policies.farmer'), value: (p) => p.farmerName },
              { label: t.t('insurer.policies.crop'), value: (p) => cropName(t, p.crop) },
              { label: t.t('insurer.policies.coverage'), value: (p) => t.percent(p.coverageBps), num: true },
              { label: t.t('insurer.policies.premium'), value: (p) => t.money(p.premiumFen), num: true },
              {
                label: t.t('insurer.policies.status'),
                value: (p) => t.t(`insurer.policies.statuses.${p.status}`),
              },
            ],
            policies,
          )
    }
  </section>`
}

function settlementsSection(t: Translator, settlements: SettlementView[]): Html {
  return html`<section aria-labelledby="settlements-title">
    <h2 id="settlements-title">${t.t('insurer.settlements.title')}</h2>
    ${
      settlements.length === 0
        ? html`<p>${t.t('insurer.settlements.none')}</p>`
        : stackTable(
            'settlements',
            'settlements-title',
            [
              { label: t.t('insurer.settlements.date'), value: (s) => t.date(s.businessDate) },
              { label: t.t('insurer.settlements.amount'), value: (s) => t.money(s.amountFen), num: true },
              {
                label: t.t('insurer.settlements.status'),
                value: (s) => t.t(`insurer.settlements.statuses.${s.status}`),
              },
              { label: t.t('insurer.settlements.reference'), value: (s) => s.reference ?? '–' },
            ],
            settlements,
          )
    }
  </section>`
}
