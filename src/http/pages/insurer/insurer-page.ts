/**
 * `/insurer`: the insurer's page, signed in through a sign-in link (kit/party-session.ts). It decides
 * the insurer's claims (accept in full, accept part, reject, each with a reason) and records its
 * payments of accepted ones, through the same functions and checks as
 * `POST /v1/guarantee-claims/{id}/decision` and `…/pay`: each form's action id is the request key,
 * so a double submit decides or pays once. The signed-in party is the principal, as a key is.
 * @module
 */
import { Hono } from 'hono'
import { decideClaim, payClaim, type ClaimDecision } from '../../../agri/claims.js'
import { insurerBook, type InsurerBook } from '../../../agri/insurer-book.js'
import { getParty } from '../../../agri/parties.js'
import { listSettlements } from '../../../agri/settlements.js'
import type { Translator } from '../../../i18n/translator.js'
import { getBusinessDate } from '../../../system/business-date-service.js'
import { tellLoanWorkflow } from '../../agri-loan-signals.js'
import { actionIdOf, fenField, newActionId, refusalOf, textField } from '../kit/page-forms.js'
import type { PartyPageDeps } from '../kit/party-page-deps.js'
import { renderPartyPage, signedInParty, type PartyContext, type PartyEnv } from '../kit/party-session.js'
import { insurerView } from './insurer-view.js'

const REASON_LENGTH_MAX = 500
const REFERENCE_LENGTH_MAX = 64
const SETTLEMENT_ROWS_MAX = 100
const DECISIONS: readonly ClaimDecision[] = ['accept', 'partial', 'reject']

/** What a page answers after a change: a notice (`?done=` after a redirect), or an error and what was typed. */
type Outcome = {
  done?: { kind: string; id: number } | undefined
  error?: string
  values?: { claimId: number; fields: Record<string, string> }
}

function insurerOf(c: PartyContext): number {
  return signedInParty(c, 'insurer')
}

async function home(
  c: PartyContext,
  deps: PartyPageDeps,
  outcome: Outcome,
  status: 200 | 400 | 404 | 409 | 422 = 200,
) {
  const t = c.get('t')
  const insurerId = insurerOf(c)
  const [profile, book, settlements, businessDate] = await Promise.all([
    getParty(deps.db, 'insurer', insurerId),
    insurerBook(deps.db, insurerId),
    listSettlements(deps.db, { kind: 'insurer', id: insurerId }, { limit: SETTLEMENT_ROWS_MAX }),
    getBusinessDate(deps.db),
  ])
  return renderPartyPage(
    c,
    'insurer',
    { title: profile.name, notice: noticeOf(t, book, outcome.done), error: outcome.error },
    insurerView(t, {
      name: profile.name,
      businessDate,
      book,
      settlements: settlements.items,
      csrfToken: c.get('session').csrfToken,
      newActionId,
      ...(outcome.values ? { values: outcome.values } : {}),
    }),
    status,
  )
}

/** The notice after a change, read back from the claim as it now is. */
function noticeOf(t: Translator, book: InsurerBook, done: Outcome['done']): string | undefined {
  const claim = book.claims.find((c) => c.claimId === done?.id)
  if (!claim || claim.decision === null) return undefined
  const id = claim.claimId
  if (done?.kind === 'decided') {
    return t.t(`insurer.decide.done.${claim.decision}`, { id, amount: t.money(claim.acceptedFen ?? 0) })
  }
  if (done?.kind !== 'paid') return undefined
  const paid = t.money(claim.paidFen ?? 0)
  return claim.status === 'paid'
    ? t.t('insurer.pay.donePaid', { id, paid })
    : t.t('insurer.pay.done', { id, paid, left: t.money(claim.payableFen) })
}

function doneOf(c: PartyContext): Outcome['done'] {
  const id = /^[0-9]{1,15}$/.exec(c.req.query('id') ?? '')?.[0]
  const kind = c.req.query('done')
  return id === undefined || kind === undefined ? undefined : { kind, id: Number(id) }
}

const CLAIM_PATH = '/insurer/claims/:claimId{[0-9]{1,15}}'

export function insurerPage(deps: PartyPageDeps): Hono<PartyEnv> {
  const app = new Hono<PartyEnv>()

  app.get('/insurer', async (c) => home(c, deps, { done: doneOf(c) }))

  app.post(`${CLAIM_PATH}/decision`, async (c) => {
    const t = c.get('t')
    const form = c.get('form')
    const claimId = Number(c.req.param('claimId'))
    const refused = (error: string, status: 400 | 404 | 409 | 422 = 400) =>
      home(c, deps, { error, values: { claimId, fields: form } }, status)
    const actionId = actionIdOf(form, 'actionId')
    if (actionId === undefined) return refused(t.t('common.formExpired'))
    const decision = DECISIONS.find((d) => d === form.decision)
    if (decision === undefined) return refused(t.t('insurer.decide.chooseDecision'))
    const amountFen = decision === 'partial' ? fenField(form.amount) : undefined
    if (amountFen === null) return refused(t.t('insurer.decide.amountInvalid'))
    const reason = textField(form.reason, REASON_LENGTH_MAX)
    if (reason === null) return refused(t.t('insurer.decide.reasonMissing'))
    const party = c.get('party')
    try {
      const claim = await decideClaim(deps, {
        claimId,
        insurerId: insurerOf(c),
        decision,
        ...(amountFen === undefined ? {} : { amountFen }),
        reason,
        principalRef: party.ref,
        actionKey: `${party.ref}:page:${actionId}`,
      })
      // A rejection ends the loan (written off now, or by the officer before).
      if (claim.status === 'rejected') await tellLoanWorkflow(deps, claim.loanId, 'claim_decided')
    } catch (error) {
      const refusal = refusalOf(error)
      return refused(t.code('refusal', refusal.code), refusal.status)
    }
    return c.redirect(`/insurer?done=decided&id=${claimId}`, 303)
  })

  app.post(`${CLAIM_PATH}/pay`, async (c) => {
    const t = c.get('t')
    const form = c.get('form')
    const claimId = Number(c.req.param('claimId'))
    const refused = (error: string, status: 400 | 404 | 409 | 422 = 400) =>
      home(c, deps, { error, values: { claimId, fields: form } }, status)
    const actionId = actionIdOf(form, 'actionId')
    if (actionId === undefined) return refused(t.t('common.formExpired'))
    const amountFen = fenField(form.amount)
    if (amountFen === null) return refused(t.t('insurer.pay.amountInvalid'))
    const reference = textField(form.reference, REFERENCE_LENGTH_MAX)
    if (reference === null) return refused(t.t('insurer.pay.referenceMissing'))
    try {
      const result = await payClaim(deps, {
        claimId,
        insurerId: insurerOf(c),
        amountFen,
        reference,
        requestKey: `${c.get('party').ref}:page:${actionId}`,
      })
      // A paid claim ends the loan (closed, or the rest written off); its retry signals again.
      if (result.status === 'paid') await tellLoanWorkflow(deps, result.loanId, 'claim_paid')
    } catch (error) {
      const refusal = refusalOf(error)
      return refused(t.code('refusal', refusal.code), refusal.status)
    }
    return c.redirect(`/insurer?done=paid&id=${claimId}`, 303)
  })

  return app
}
