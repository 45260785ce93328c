/**
 * `/merchant/offer`: the merchant's offer page that a checkout flow embeds. One server-rendered HTML
 * page plus a small vanilla script and a stylesheet, all served from here (no CDN, no framework, a
 * few kilobytes). The script calls the public JSON API with the merchant's own key, so the page has
 * no powers of its own: what the merchant sees and does is exactly what the API lets that key do.
 * @module
 */
import type { Context } from 'hono'
import { html } from 'hono/html'
import { CREDIT_POLICY } from '../../credit/credit-policy.js'
import type { AppEnv } from '../app-env.js'
import { createRouter } from '../router.js'
import { MERCHANT_OFFER_CSS, MERCHANT_OFFER_SCRIPT } from './merchant-offer-assets.js'

export const MERCHANT_OFFER_PATH = '/merchant/offer'
const SCRIPT_PATH = '/merchant/offer.js'
const STYLE_PATH = '/merchant/offer.css'
const ICON_PATH = '/merchant/offer-icon.svg'
const ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="8" fill="#0b57d0"/>' +
  '<path d="M5 4l3 4 3-4M8 8v5M5.5 9h5M5.5 11h5" stroke="#fff" stroke-width="1.5" fill="none"/></svg>'

export type MerchantOfferPageOptions = {
  /**
   * Who may frame the page (CSP `frame-ancestors`). The default, `'self'`, lets a checkout served
   * from this origin (or behind the same reverse proxy) embed it and nobody else: the page accepts a
   * loan in one click, so letting any site frame it would invite clickjacking. A checkout on another
   * origin is listed here explicitly, e.g. `['https://checkout.example']`.
   */
  frameAncestors?: readonly string[]
}

/** The sales-share fee of each band, so the page prices a sales-share loan for any amount exactly. */
const SALES_SHARE_FEE_BPS = JSON.stringify(
  Object.fromEntries(CREDIT_POLICY.bands.map((band) => [band.band, band.salesShareFeeBps])),
)

function contentSecurityPolicy(frameAncestors: readonly string[]): string {
  return [
    "default-src 'none'",
    // Only the page's own script file: no inline script, no eval, so injected markup cannot run.
    "script-src 'self'",
    "style-src 'self'",
    // The script talks only to this API.
    "connect-src 'self'",
    "img-src 'self'",
    "base-uri 'none'",
    // The key form is handled by the script; a native submit (script not loaded) must never send
    // the key anywhere, least of all into a URL.
    "form-action 'none'",
    `frame-ancestors ${frameAncestors.join(' ')}`,
  ].join('; ')
}

function pageHeaders(c: Context<AppEnv>, csp: string, cacheControl = 'no-store'): void {
  c.header('Content-Security-Policy', csp)
  c.header('X-Content-Type-Options', 'nosniff')
  c.header('Referrer-Policy', 'no-referrer')
  c.header('Cache-Control', cacheControl)
}

/** The script and stylesheet are the same for everyone; a short cache keeps a deploy visible soon. */
const ASSET_CACHE_CONTROL = 'public, max-age=300'

function renderPage(merchantId: string) {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Your credit line</title>
        <link rel="icon" href="${ICON_PATH}" type="image/svg+xml" />
        <link rel="stylesheet" href="${STYLE_PATH}" />
        <script src="${SCRIPT_PATH}" defer></script>
      </head>
      <body data-sales-share-fee-bps="${SALES_SHARE_FEE_BPS}" data-merchant-id="${merchantId}">
        <main>
          <h1>Your credit line</h1>
          <p id="status" role="status" aria-live="polite"></p>
          <div id="alert" role="alert" hidden></div>

          <section id="sign-in" aria-labelledby="sign-in-title">
            <h2 id="sign-in-title">Sign in</h2>
            <form id="key-form" method="post" autocomplete="off">
              <label for="merchant-id">Merchant ID</label>
              <input id="merchant-id" name="merchantId" inputmode="numeric" pattern="[0-9]+" required />
              <label for="api-key">Merchant API key</label>
              <input
                id="api-key"
                name="apiKey"
                type="password"
                autocomplete="off"
                spellcheck="false"
                required
              />
              <button type="submit">Show my offer</button>
            </form>
            <noscript><p>This page needs JavaScript.</p></noscript>
          </section>

          <section id="offer" aria-labelledby="offer-title" hidden>
            <h2 id="offer-title" tabindex="-1">Available to borrow</h2>
            <p class="line">
              <strong id="available" class="big"></strong>
              <span>of a <span id="limit"></span> line</span>
              <span id="band"></span>
            </p>
            <p id="line-note"></p>
            <ul id="line-reasons"></ul>
            <form id="loan-form" method="post" hidden>
              <label for="amount">Amount in yuan</label>
              <input id="amount" name="amount" inputmode="decimal" aria-describedby="amount-hint" required />
              <p id="amount-hint" class="hint"></p>
              <fieldset>
                <legend>Term and repayment</legend>
                <div id="options"></div>
              </fieldset>
              <dl id="quote" aria-live="polite">
                <dt>Total cost</dt>
                <dd id="total-cost">–</dd>
                <dt>Total to repay</dt>
                <dd id="total-repay">–</dd>
                <dt>APR</dt>
                <dd id="apr">–</dd>
                <dt>Repayments</dt>
                <dd id="repayments">–</dd>
              </dl>
              <details id="preview-details">
                <summary>Repayment schedule</summary>
                <table id="preview-schedule">
                  <thead>
                    <tr>
                      <th scope="col">#</th>
                      <th scope="col">Due</th>
                      <th scope="col">Principal</th>
                      <th scope="col">Interest</th>
                      <th scope="col">Total</th>
                    </tr>
                  </thead>
                  <tbody></tbody>
                </table>
              </details>
              <button id="accept" type="submit">Accept</button>
            </form>
          </section>

          <section id="loan" aria-labelledby="loan-title" hidden>
            <h2 id="loan-title" tabindex="-1">Loan</h2>
            <dl id="loan-facts"></dl>
            <table id="loan-schedule">
              <caption>
                Schedule and repayments
              </caption>
              <thead>
                <tr>
                  <th scope="col">Due</th>
                  <th scope="col">Principal</th>
                  <th scope="col">Interest</th>
                  <th scope="col">Fees</th>
                  <th scope="col">Paid</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody></tbody>
            </table>
          </section>

          <section id="loans" aria-labelledby="loans-title" hidden>
            <h2 id="loans-title">Your loans</h2>
            <p id="no-loans" hidden>No loans yet.</p>
            <table id="loans-table">
              <thead>
                <tr>
                  <th scope="col">Loan</th>
                  <th scope="col">Amount</th>
                  <th scope="col">Outstanding</th>
                  <th scope="col">Status</th>
                  <th scope="col">Matures</th>
                  <th scope="col"><span class="visually-hidden">Details</span></th>
                </tr>
              </thead>
              <tbody></tbody>
            </table>
          </section>

          <p><button id="sign-out" type="button" class="link" hidden>Sign out</button></p>
        </main>
      </body>
    </html>`
}

export function merchantOfferPageRoutes(options: MerchantOfferPageOptions = {}) {
  const app = createRouter()
  const csp = contentSecurityPolicy(options.frameAncestors ?? ["'self'"])

  app.get(MERCHANT_OFFER_PATH, (c) => {
    pageHeaders(c, csp)
    // The merchant id may come in the URL (it is no secret, the checkout knows it); the key never does.
    const merchantId = /^[0-9]{1,15}$/.exec(c.req.query('merchantId') ?? '')?.[0] ?? ''
    return c.html(renderPage(merchantId))
  })
  app.get(SCRIPT_PATH, (c) => {
    pageHeaders(c, csp, ASSET_CACHE_CONTROL)
    return c.body(MERCHANT_OFFER_SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' })
  })
  app.get(STYLE_PATH, (c) => {
    pageHeaders(c, csp, ASSET_CACHE_CONTROL)
    return c.body(MERCHANT_OFFER_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' })
  })
  app.get(ICON_PATH, (c) => {
    pageHeaders(c, csp, ASSET_CACHE_CONTROL)
    return c.body(ICON_SVG, 200, { 'Content-Type': 'image/svg+xml' })
  })
  return app
}
