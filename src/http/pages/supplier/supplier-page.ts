/**
 * `/supplier`: the supplier's page, signed in through a sign-in link (kit/party-session.ts). At the
 * counter it finds a farmer it may sell to, rings up a purchase request (`POST /supplier/sale`, as
 * `POST /v1/purchase-requests`, keyed by the form's action id), then shows the request until the
 * farmer pays it, or takes the code the farmer tells it (`POST /supplier/requests/{id}/confirm`, as
 * the API's confirm); it refunds a sale (`POST /supplier/sales/{id}/refund`, as the API's refund,
 * against what was refunded when the form was shown, so a double submit refunds once), and shows its
 * catalogue, sales and settlements. Every call is the API's domain call, as the signed-in supplier.
 * @module
 */
import { Hono } from 'hono'
import { partyNames, productNames } from '../../../agri/farmer-overview.js'
import {
  cancelPurchaseRequest,
  confirmPurchaseRequest,
  createPurchaseRequest,
  getPurchaseRequest,
  listPurchaseRequests,
  type PurchaseRequestDeps,
} from '../../../agri/purchase-requests.js'
import { refundPurchase } from '../../../agri/restricted-wallet.js'
import { listSettlements } from '../../../agri/settlements.js'
import {
  findFarmerToSellTo,
  SUPPLIER_LIST_MAX,
  supplierCatalogue,
  supplierOverview,
  supplierSale,
  type CounterFarmer,
} from '../../../agri/supplier-overview.js'
import { actionIdOf, newActionId, pageRefusal, quantityOf, type PageRefusal } from '../kit/page-forms.js'
import type { PartyPageDeps } from '../kit/party-page-deps.js'
import { renderPartyPage, signedInParty, type PartyContext, type PartyEnv } from '../kit/party-session.js'
import { counterForm, mainView, refundView, requestView, saleFormView } from './supplier-view.js'

const ID = '{[0-9]{1,15}}'
const DONE = ['rungUp', 'paid', 'cancelled', 'unchanged'] as const
/** The most lines one sale takes (as the API). */
const LINES_MAX = 50

type Status = 200 | 400 | 404 | 409 | 422

export function supplierPage(deps: PartyPageDeps): Hono<PartyEnv> {
  const app = new Hono<PartyEnv>()
  const domain: PurchaseRequestDeps = {
    db: deps.db,
    ledger: deps.ledger,
    secret: deps.purchaseCodeSecret,
    nowMs: deps.nowMs,
  }

  const supplierOf = (c: PartyContext): number => signedInParty(c, 'supplier')

  const page = (
    c: PartyContext,
    title: string,
    body: Parameters<typeof renderPartyPage>[3],
    options: { notice?: string | undefined; error?: string | undefined; status?: Status } = {},
  ) =>
    renderPartyPage(
      c,
      'supplier',
      { title, notice: options.notice, error: options.error },
      body,
      options.status,
    )

  const doneNotice = (c: PartyContext, extra: Record<string, string> = {}) => {
    const t = c.get('t')
    const done = c.req.query('done')
    if (done === 'refunded') return t.t('supplier.done.refunded', extra)
    const known = DONE.find((d) => d === done)
    return known ? t.t(`supplier.done.${known}`) : undefined
  }

  /** Shows a domain refusal on the page `again` renders; anything else is thrown on. */
  const refused = async (
    c: PartyContext,
    error: unknown,
    again: (refusal: PageRefusal) => Promise<Response>,
  ): Promise<Response> => {
    const refusal = pageRefusal(c.get('t'), error)
    if (!refusal) throw error
    return again(refusal)
  }

  // ------------------------------------------------------------ the page

  app.get('/supplier', async (c) => {
    const t = c.get('t')
    const supplierId = supplierOf(c)
    const [overview, waiting, settlements] = await Promise.all([
      supplierOverview(deps.db, supplierId),
      listPurchaseRequests(domain, c.get('party'), { status: 'awaiting_farmer', limit: SUPPLIER_LIST_MAX }),
      listSettlements(deps.db, { kind: 'supplier', id: supplierId }, { limit: SUPPLIER_LIST_MAX }),
    ])
    const farmers = await partyNames(
      deps.db,
      'farmers',
      waiting.items.map((r) => r.farmerId),
    )
    return page(
      c,
      t.t('common.pages.supplier'),
      mainView(t, {
        overview,
        waiting: waiting.items.map((r) => ({ ...r, farmerName: farmers.get(r.farmerId) ?? '' })),
        settlements: settlements.items,
      }),
      { notice: doneNotice(c) },
    )
  })

  // ------------------------------------------------------------ the counter

  const showSaleForm = async (
    c: PartyContext,
    farmer: CounterFarmer,
    options: { typed?: Record<string, string>; error?: string; status?: Status } = {},
  ) => {
    const t = c.get('t')
    const products = (await supplierCatalogue(deps.db, supplierOf(c))).filter((p) => p.status === 'approved')
    return page(
      c,
      t.t('supplier.counter.title'),
      saleFormView(t, {
        farmer,
        products,
        csrfToken: c.get('session').csrfToken,
        actionId: newActionId(),
        typed: options.typed ?? {},
      }),
      options,
    )
  }

  const showFarmerNotFound = (c: PartyContext, typed: string, message: string, status: Status) => {
    const t = c.get('t')
    return page(c, t.t('supplier.counter.title'), counterForm(t, typed), { error: message, status })
  }

  app.get('/supplier/sale', async (c) => {
    const t = c.get('t')
    const typed = (c.req.query('farmer') ?? '').slice(0, 64)
    try {
      return await showSaleForm(c, await findFarmerToSellTo(deps.db, supplierOf(c), typed))
    } catch (error) {
      return refused(c, error, async (refusal) =>
        showFarmerNotFound(
          c,
          typed,
          refusal.status === 404 ? t.t('supplier.counter.notFound') : refusal.message,
          refusal.status,
        ),
      )
    }
  })

  app.post('/supplier/sale', async (c) => {
    const t = c.get('t')
    const form = c.get('form')
    const party = c.get('party')
    const supplierId = supplierOf(c)
    let farmer: CounterFarmer
    try {
      farmer = await findFarmerToSellTo(deps.db, supplierId, form.farmer ?? '')
    } catch (error) {
      return refused(c, error, async (refusal) =>
        showFarmerNotFound(
          c,
          '',
          refusal.status === 404 ? t.t('supplier.counter.notFound') : refusal.message,
          refusal.status,
        ),
      )
    }
    const typed: Record<string, string> = {}
    const lines: Array<{ sku: string; quantity: number }> = []
    for (const [name, value] of Object.entries(form)) {
      if (!name.startsWith('qty:')) continue
      const sku = name.slice(4)
      typed[sku] = value.slice(0, 16)
      const quantity = quantityOf(value)
      if (quantity === undefined)
        return showSaleForm(c, farmer, { typed, error: t.t('farm.notANumber'), status: 400 })
      if (quantity > 0) lines.push({ sku, quantity })
    }
    if (lines.length === 0 || lines.length > LINES_MAX) {
      return showSaleForm(c, farmer, { typed, error: t.t('supplier.counter.empty'), status: 400 })
    }
    const actionId = actionIdOf(form)
    if (actionId === undefined) {
      return showSaleForm(c, farmer, { typed, error: t.t('common.formExpired'), status: 400 })
    }
    try {
      const created = await createPurchaseRequest(domain, {
        supplierId,
        farmerId: farmer.farmerId,
        lines,
        requestKey: `${party.ref}:${actionId}`,
        principalRef: party.ref,
      })
      return c.redirect(`/supplier/requests/${created.requestId}?done=rungUp`, 303)
    } catch (error) {
      return refused(c, error, async (refusal) =>
        showSaleForm(c, farmer, { typed, error: refusal.message, status: refusal.status }),
      )
    }
  })

  // ------------------------------------------------------------ a request waiting for the farmer

  const showRequest = async (
    c: PartyContext,
    options: { notice?: string | undefined; error?: string; status?: Status } = {},
  ) => {
    const t = c.get('t')
    supplierOf(c)
    const request = await getPurchaseRequest(domain, c.get('party'), Number(c.req.param('requestId')))
    const [farmers, names] = await Promise.all([
      partyNames(deps.db, 'farmers', [request.farmerId]),
      productNames(
        deps.db,
        request.lines.map((line) => ({ supplierId: request.supplierId, sku: line.sku })),
      ),
    ])
    return page(
      c,
      t.t('supplier.request.title', { id: String(request.requestId) }),
      requestView(t, {
        request,
        farmerName: farmers.get(request.farmerId) ?? '',
        lines: request.lines.map((line) => ({
          name: names.get(`${request.supplierId}:${line.sku}`) ?? line.sku,
          quantity: line.quantity,
        })),
        minutesLeft: Math.max(1, Math.ceil((Date.parse(request.expiresAt) - deps.nowMs()) / 60_000)),
        csrfToken: c.get('session').csrfToken,
      }),
      options,
    )
  }

  /** A request page that is not this supplier's answers as one that does not exist. */
  const orNotFound = async (c: PartyContext, show: () => Promise<Response>) => {
    try {
      return await show()
    } catch (error) {
      return refused(c, error, async (refusal) =>
        page(c, c.get('t').t('common.notFound'), counterForm(c.get('t')), {
          error: refusal.message,
          status: refusal.status,
        }),
      )
    }
  }

  app.get(`/supplier/requests/:requestId${ID}`, (c) =>
    orNotFound(c, () => showRequest(c, { notice: doneNotice(c) })),
  )

  app.post(`/supplier/requests/:requestId${ID}/confirm`, async (c) => {
    const t = c.get('t')
    const code = (c.get('form').code ?? '').replace(/\s/g, '')
    if (!/^\d{6}$/.test(code)) {
      return orNotFound(c, () => showRequest(c, { error: t.t('supplier.request.codeFormat'), status: 400 }))
    }
    try {
      supplierOf(c)
      await confirmPurchaseRequest(domain, c.get('party'), {
        requestId: Number(c.req.param('requestId')),
        code,
      })
      return c.redirect(`/supplier/requests/${c.req.param('requestId')}?done=paid`, 303)
    } catch (error) {
      return refused(c, error, async (refusal) => {
        const attemptsLeft = refusal.details?.attemptsLeft
        const message =
          typeof attemptsLeft === 'number'
            ? t.t('supplier.request.codeWrong', { count: attemptsLeft })
            : refusal.message
        return orNotFound(c, () => showRequest(c, { error: message, status: refusal.status }))
      })
    }
  })

  app.post(`/supplier/requests/:requestId${ID}/cancel`, async (c) => {
    try {
      supplierOf(c)
      await cancelPurchaseRequest(domain, c.get('party'), Number(c.req.param('requestId')))
      return c.redirect(`/supplier/requests/${c.req.param('requestId')}?done=cancelled`, 303)
    } catch (error) {
      return refused(c, error, async (refusal) =>
        orNotFound(c, () => showRequest(c, { error: refusal.message, status: refusal.status })),
      )
    }
  })

  // ------------------------------------------------------------ refunds

  const showSale = async (
    c: PartyContext,
    options: {
      notice?: string | undefined
      error?: string
      status?: Status
      typed?: Record<string, string>
    } = {},
  ) => {
    const t = c.get('t')
    const supplierId = supplierOf(c)
    const sale = await supplierSale(deps.db, supplierId, Number(c.req.param('purchaseId')))
    const names = await productNames(
      deps.db,
      sale.lines.map((line) => ({ supplierId, sku: line.sku })),
    )
    return page(
      c,
      t.t('supplier.refund.title', { id: String(sale.purchaseId) }),
      refundView(t, {
        sale,
        names: new Map(
          sale.lines.map((line) => [line.sku, names.get(`${supplierId}:${line.sku}`) ?? line.sku]),
        ),
        csrfToken: c.get('session').csrfToken,
        typed: options.typed ?? {},
      }),
      options,
    )
  }

  app.get(`/supplier/sales/:purchaseId${ID}`, (c) => {
    const amount = Number(c.req.query('amount'))
    const extra =
      Number.isSafeInteger(amount) && amount > 0 ? { amount: c.get('t').money(amount) } : undefined
    return orNotFound(c, () =>
      showSale(c, {
        notice: c.req.query('done') === 'refunded' && !extra ? undefined : doneNotice(c, extra),
      }),
    )
  })

  app.post(`/supplier/sales/:purchaseId${ID}/refund`, async (c) => {
    const t = c.get('t')
    const form = c.get('form')
    const purchaseId = Number(c.req.param('purchaseId'))
    const supplierId = supplierOf(c)
    const before = /^\d{1,15}$/.test(form.before ?? '') ? Number(form.before) : undefined
    if (before === undefined) {
      return orNotFound(c, () => showSale(c, { error: t.t('common.formExpired'), status: 400 }))
    }
    try {
      const sale = await supplierSale(deps.db, supplierId, purchaseId)
      const typed: Record<string, string> = {}
      const lines: Array<{ sku: string; quantity: number }> = []
      for (const [i, line] of sale.lines.entries()) {
        const value = form[`back:${i}`]
        typed[String(i)] = (value ?? '').slice(0, 16)
        const quantity = quantityOf(value)
        if (quantity === undefined) return showSale(c, { typed, error: t.t('farm.notANumber'), status: 400 })
        if (quantity > 0) lines.push({ sku: line.sku, quantity })
      }
      if (lines.length === 0)
        return showSale(c, { typed, error: t.t('supplier.refund.nothing'), status: 400 })
      try {
        const refunded = await refundPurchase(deps, {
          purchaseId,
          supplierId,
          lines,
          refundedBeforeFen: before,
        })
        const done = refunded.refundFen > 0 ? `refunded&amount=${refunded.refundFen}` : 'unchanged'
        return c.redirect(`/supplier/sales/${purchaseId}?done=${done}`, 303)
      } catch (error) {
        return refused(c, error, async (refusal) =>
          showSale(c, { typed, error: refusal.message, status: refusal.status }),
        )
      }
    } catch (error) {
      return refused(c, error, async (refusal) =>
        page(c, t.t('common.notFound'), counterForm(t), { error: refusal.message, status: refusal.status }),
      )
    }
  })

  return app
}
