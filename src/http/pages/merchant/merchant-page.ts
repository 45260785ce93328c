/**
 * `/merchant`: the merchant's page, signed in through a sign-in link (kit/party-session.ts).
 * @module
 */
import { Hono } from 'hono'
import { html } from 'hono/html'
import type { PartyPageDeps } from '../kit/party-page-deps.js'
import { renderPartyPage, type PartyEnv } from '../kit/party-session.js'

export function merchantPage(_deps: PartyPageDeps): Hono<PartyEnv> {
  const app = new Hono<PartyEnv>()
  app.get('/merchant', (c) => {
    const t = c.get('t')
    return renderPartyPage(
      c,
      'merchant',
      { title: t.t('common.pages.merchant') },
      html`<h1>${t.t('common.pages.merchant')}</h1>`,
    )
  })
  return app
}
