/**
 * Every party's page (issue 18): sign-in links, the shared stylesheet, and `/merchant`, `/farmer`,
 * `/supplier`, `/offtaker`, `/insurer`, each behind its own session. `/merchant/offer` (the older
 * key-in-the-tab page) keeps working on its own routes.
 * @module
 */
import { Hono, type MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { PAGE_ROLES, type PageRole } from '../../access/sign-in-links.js'
import type { AppEnv } from '../app-env.js'
import { farmerPage } from './farmer/farmer-page.js'
import { insurerPage } from './insurer/insurer-page.js'
import { PAGE_CSS, PAGE_ICON_PATH, PAGE_ICON_SVG, PAGE_STYLE_PATH } from './kit/page-assets.js'
import { pageHeaders } from './kit/page-http.js'
import type { PartyPageDeps } from './kit/party-page-deps.js'
import {
  mountSignIn,
  mountSignOut,
  pagePath,
  requirePartySession,
  type PartyEnv,
} from './kit/party-session.js'
import { MERCHANT_OFFER_PATH } from './merchant-offer-page.js'
import { merchantPage } from './merchant/merchant-page.js'
import { offtakerPage } from './offtaker/offtaker-page.js'
import { supplierPage } from './supplier/supplier-page.js'

/** Forms are a few fields; anything bigger is not from a page. */
const FORM_BYTES_MAX = 16 * 1024

const PAGES: Record<PageRole, (deps: PartyPageDeps) => Hono<PartyEnv>> = {
  merchant: merchantPage,
  farmer: farmerPage,
  supplier: supplierPage,
  offtaker: offtakerPage,
  insurer: insurerPage,
}

export function partyPageRoutes(deps: PartyPageDeps): Hono<AppEnv> {
  const app = new Hono<PartyEnv>()
  const asset = (path: string, type: string, body: string) =>
    app.get(path, (c) => {
      pageHeaders(c, { cacheControl: 'public, max-age=300' })
      return c.body(body, 200, { 'Content-Type': type })
    })
  asset(PAGE_STYLE_PATH, 'text/css; charset=utf-8', PAGE_CSS)
  asset(PAGE_ICON_PATH, 'image/svg+xml', PAGE_ICON_SVG)
  mountSignIn(app as unknown as Hono<AppEnv>, deps)

  for (const role of PAGE_ROLES) {
    const path = pagePath(role)
    const guard = requirePartySession(deps, role)
    const limit = bodyLimit({ maxSize: FORM_BYTES_MAX })
    // The older offer page keeps its own (key-in-the-tab) way in.
    const notOffer =
      (handler: MiddlewareHandler<PartyEnv>): MiddlewareHandler<PartyEnv> =>
      (c, next) =>
        c.req.path.startsWith(MERCHANT_OFFER_PATH) ? next() : handler(c, next)
    for (const pattern of [path, `${path}/*`]) {
      app.use(pattern, notOffer(limit))
      app.use(pattern, notOffer(guard))
    }
    mountSignOut(app, deps, role)
    app.route('/', PAGES[role](deps))
  }
  return app as unknown as Hono<AppEnv>
}
