/**
 * `/farmer`: the farmer's page, signed in through a sign-in link (kit/party-session.ts). It calls the
 * domain functions the API's routes call, as the signed-in farmer: a shop's purchase request is paid
 * (`POST /farmer/requests/{id}/confirm`) or refused (`…/cancel`) as `POST /v1/purchase-requests/{id}/…`
 * does, and the free wallet is paid out (`POST /farmer/payouts`) as `POST /v1/farmers/{id}/payouts`
 * does, keyed by the form's action id so that a double submit pays out once.
 * @module
 */
import { Hono } from 'hono'
import { farmerOverview, partyNames, productNames } from '../../../agri/farmer-overview.js'
import {
  cancelPurchaseRequest,
  confirmPurchaseRequest,
  listPurchaseRequests,
  type PurchaseRequestDeps,
} from '../../../agri/purchase-requests.js'
import { payOutFarmer } from '../../../agri/settlements.js'
import { FEN_MAX, parseYuan } from '../../../kernel/money.js'
import { actionIdOf, newActionId, pageRefusal } from '../kit/page-forms.js'
import type { PartyPageDeps } from '../kit/party-page-deps.js'
import { renderPartyPage, signedInParty, type PartyContext, type PartyEnv } from '../kit/party-session.js'
import { farmerView, type Ask } from './farmer-view.js'

/** Shop requests the page shows at most (a farmer has one or two at a time). */
const ASKS_MAX = 20
const DONE = ['paid', 'refused', 'payout'] as const

type Shown = { error?: string; status?: 400 | 404 | 409 | 422; amount?: string }

export function farmerPage(deps: PartyPageDeps): Hono<PartyEnv> {
  const app = new Hono<PartyEnv>()
  const domain: PurchaseRequestDeps = {
    db: deps.db,
    ledger: deps.ledger,
    secret: deps.purchaseCodeSecret,
    nowMs: deps.nowMs,
  }

  const farmerOf = (c: PartyContext): number => signedInParty(c, 'farmer')

  async function asksOf(c: PartyContext): Promise<Ask[]> {
    const { items } = await listPurchaseRequests(domain, c.get('party'), {
      status: 'awaiting_farmer',
      limit: ASKS_MAX,
    })
    const [shops, products] = await Promise.all([
      partyNames(
        deps.db,
        'suppliers',
        items.map((r) => r.supplierId),
      ),
      productNames(
        deps.db,
        items.flatMap((r) => r.lines.map((line) => ({ supplierId: r.supplierId, sku: line.sku }))),
      ),
    ])
    const nowMs = deps.nowMs()
    return items
      .filter((r) => r.code !== undefined)
      .map((r) => ({
        requestId: r.requestId,
        shop: shops.get(r.supplierId) ?? '',
        amountFen: r.amountFen,
        code: r.code!,
        minutesLeft: Math.max(1, Math.ceil((Date.parse(r.expiresAt) - nowMs) / 60_000)),
        lines: r.lines.map((line) => ({
          name: products.get(`${r.supplierId}:${line.sku}`) ?? line.sku,
          quantity: line.quantity,
        })),
      }))
  }

  async function show(c: PartyContext, shown: Shown = {}) {
    const t = c.get('t')
    const farmerId = farmerOf(c)
    const [overview, asks] = await Promise.all([farmerOverview(deps.db, farmerId), asksOf(c)])
    const done = DONE.find((d) => d === c.req.query('done'))
    return renderPartyPage(
      c,
      'farmer',
      {
        title: t.t('common.pages.farmer'),
        notice: shown.error === undefined && done ? t.t(`farmer.done.${done}`) : undefined,
        error: shown.error,
      },
      farmerView(t, {
        farmerId,
        overview,
        asks,
        csrfToken: c.get('session').csrfToken,
        payout: { actionId: newActionId(), amount: shown.amount ?? '' },
      }),
      shown.status ?? 200,
    )
  }

  /** Runs a form's action; a refusal shows the page again with its text (never a 500). */
  async function act(c: PartyContext, action: () => Promise<string>, shown: Shown = {}) {
    try {
      return c.redirect(await action(), 303)
    } catch (error) {
      const refusal = pageRefusal(c.get('t'), error)
      if (!refusal) throw error
      return show(c, { ...shown, error: refusal.message, status: refusal.status })
    }
  }

  app.get('/farmer', (c) => show(c))

  app.post('/farmer/requests/:requestId{[0-9]{1,15}}/confirm', (c) =>
    act(c, async () => {
      farmerOf(c)
      await confirmPurchaseRequest(domain, c.get('party'), { requestId: Number(c.req.param('requestId')) })
      return '/farmer?done=paid'
    }),
  )

  app.post('/farmer/requests/:requestId{[0-9]{1,15}}/cancel', (c) =>
    act(c, async () => {
      farmerOf(c)
      await cancelPurchaseRequest(domain, c.get('party'), Number(c.req.param('requestId')))
      return '/farmer?done=refused'
    }),
  )

  app.post('/farmer/payouts', async (c) => {
    const t = c.get('t')
    const form = c.get('form')
    const typed = (form.amount ?? '').slice(0, 32)
    const amountFen = parseYuan(typed)
    const actionId = actionIdOf(form)
    if (actionId === undefined)
      return show(c, { error: t.t('common.formExpired'), status: 400, amount: typed })
    if (amountFen === null || amountFen < 1 || amountFen > FEN_MAX) {
      return show(c, { error: t.t('farmer.wallet.badAmount'), status: 400, amount: typed })
    }
    return act(
      c,
      async () => {
        const party = c.get('party')
        await payOutFarmer(deps, {
          farmerId: farmerOf(c),
          amountFen,
          requestKey: `${party.ref}:${actionId}`,
        })
        return '/farmer?done=payout'
      },
      { amount: typed },
    )
  })

  return app
}
