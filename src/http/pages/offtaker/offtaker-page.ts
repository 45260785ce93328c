/**
 * `/offtaker`: the offtaker's page, signed in through a sign-in link (kit/party-session.ts). It shows
 * what the offtaker owes for deliveries and records its bank transfer for them, the same function and
 * the same checks as `POST /v1/offtaker-payments` (the form's action id is the request key, so a
 * double submit records one payment); it sets a contract's input plan as
 * `PUT /v1/offtake-contracts/{id}/input-plan` does. The signed-in party is the principal, as a key is.
 * @module
 */
import { Hono } from 'hono'
import { offtakerBook, offtakerInputPlan, type OfftakerBook } from '../../../agri/offtaker-book.js'
import { offtakerReceivables, recordOfftakerPayment } from '../../../agri/offtaker-payments.js'
import { getParty } from '../../../agri/parties.js'
import { setInputPlan } from '../../../agri/contracts.js'
import type { Translator } from '../../../i18n/translator.js'
import { getBusinessDate } from '../../../system/business-date-service.js'
import { tellLoanWorkflow } from '../../agri-loan-signals.js'
import { actionIdOf, dateField, fenField, newActionId, refusalOf, textField } from '../kit/page-forms.js'
import type { PartyPageDeps } from '../kit/party-page-deps.js'
import { renderPartyPage, signedInParty, type PartyContext, type PartyEnv } from '../kit/party-session.js'
import { offtakerView, paymentSplit } from './offtaker-view.js'

const REFERENCE_LENGTH_MAX = 64

/** What a page answers after a change: a notice (`?done=` after a redirect), or an error and what was typed. */
type Outcome = { done?: { kind: string; id: number }; error?: string; values?: Record<string, string> }

function offtakerOf(c: PartyContext): number {
  return signedInParty(c, 'offtaker')
}

async function home(
  c: PartyContext,
  deps: PartyPageDeps,
  outcome: Outcome,
  status: 200 | 400 | 404 | 409 | 422 = 200,
) {
  const t = c.get('t')
  const offtakerId = offtakerOf(c)
  const [profile, receivables, book, businessDate] = await Promise.all([
    getParty(deps.db, 'offtaker', offtakerId),
    offtakerReceivables(deps.db, offtakerId),
    offtakerBook(deps.db, offtakerId),
    getBusinessDate(deps.db),
  ])
  return renderPartyPage(
    c,
    'offtaker',
    { title: profile.name, notice: noticeOf(t, book, outcome.done), error: outcome.error },
    offtakerView(t, {
      name: profile.name,
      businessDate,
      receivables,
      book,
      csrfToken: c.get('session').csrfToken,
      actionId: newActionId(),
      ...(outcome.values ? { values: outcome.values } : {}),
    }),
    status,
  )
}

/** The notice after a change, read back from what was recorded. */
function noticeOf(t: Translator, book: OfftakerBook, done: Outcome['done']): string | undefined {
  if (done?.kind === 'plan') return t.t('offtaker.plan.done', { id: done.id })
  if (done?.kind !== 'paid') return undefined
  const payment = book.payments.find((p) => p.paymentId === done.id)
  if (!payment) return undefined
  const { loanFen, farmerFen } = paymentSplit(payment)
  return t.t('offtaker.pay.done', {
    amount: t.money(payment.amountFen),
    loan: t.money(loanFen),
    farmer: t.money(farmerFen),
  })
}

/** `?done=paid&id=…` after a redirect. */
function doneOf(c: PartyContext): Outcome['done'] {
  const id = /^[0-9]{1,15}$/.exec(c.req.query('id') ?? '')?.[0]
  const kind = c.req.query('done')
  return id === undefined || kind === undefined ? undefined : { kind, id: Number(id) }
}

/** The ids of the boxes ticked `{prefix}{id}` in a form. */
function tickedIds(form: Record<string, string>, prefix: string): number[] {
  return Object.keys(form).flatMap((name) => {
    const id = name.startsWith(prefix) ? /^[0-9]{1,15}$/.exec(name.slice(prefix.length))?.[0] : undefined
    return id === undefined ? [] : [Number(id)]
  })
}

export function offtakerPage(deps: PartyPageDeps): Hono<PartyEnv> {
  const app = new Hono<PartyEnv>()

  app.get('/offtaker', async (c) => home(c, deps, { done: doneOf(c) }))

  app.post('/offtaker/payments', async (c) => {
    const t = c.get('t')
    const form = c.get('form')
    const refused = (error: string, status: 400 | 404 | 409 | 422 = 400) =>
      home(c, deps, { error, values: form }, status)
    const actionId = actionIdOf(form, 'actionId')
    if (actionId === undefined) return refused(t.t('common.formExpired'))
    const amountFen = fenField(form.amount)
    if (amountFen === null) return refused(t.t('offtaker.pay.amountInvalid'))
    const paidOn = dateField(form.paidOn)
    if (paidOn === null) return refused(t.t('offtaker.pay.dateInvalid'))
    const reference = textField(form.reference, REFERENCE_LENGTH_MAX)
    if (reference === null) return refused(t.t('offtaker.pay.referenceMissing'))
    const deliveryIds = tickedIds(form, 'delivery-')
    const party = c.get('party')
    let paymentId: number
    try {
      const payment = await recordOfftakerPayment(deps, {
        offtakerId: offtakerOf(c),
        amountFen,
        paidOn,
        reference,
        ...(deliveryIds.length > 0 ? { deliveryIds } : {}),
        requestKey: `${party.ref}:page:${actionId}`,
      })
      paymentId = payment.paymentId
      for (const loanId of payment.loanIds) await tellLoanWorkflow(deps, loanId, 'delivery')
    } catch (error) {
      const refusal = refusalOf(error)
      return refused(t.code('refusal', refusal.code), refusal.status)
    }
    return c.redirect(`/offtaker?done=paid&id=${paymentId}`, 303)
  })

  app.post('/offtaker/contracts/:contractId{[0-9]{1,15}}/input-plan', async (c) => {
    const t = c.get('t')
    const form = c.get('form')
    const contractId = Number(c.req.param('contractId'))
    const categories = Object.keys(form).flatMap((name) => {
      const category = /^category-([a-z_]{1,32})$/.exec(name)?.[1]
      return category === undefined ? [] : [category]
    })
    if (categories.length === 0) return home(c, deps, { error: t.t('offtaker.plan.chooseOne') }, 400)
    const offtakerId = offtakerOf(c)
    // The products named through the API stay named: the page sets only the categories.
    const skus = (await offtakerInputPlan(deps.db, offtakerId, contractId))?.skus
    try {
      await setInputPlan(deps.db, {
        contractId,
        offtakerId,
        plan: { categories, ...(skus === undefined ? {} : { skus }) },
      })
    } catch (error) {
      const refusal = refusalOf(error)
      return home(c, deps, { error: t.code('refusal', refusal.code) }, refusal.status)
    }
    return c.redirect(`/offtaker?done=plan&id=${contractId}`, 303)
  })

  return app
}
