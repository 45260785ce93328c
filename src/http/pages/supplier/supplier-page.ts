/**
 * `/supplier`: the supplier's page, signed in through a sign-in link (kit/party-session.ts).
 * @module
 */
import { Hono } from 'hono'
import { html } from 'hono/html'
import type { PartyPageDeps } from '../kit/party-page-deps.js'
import { renderPartyPage, type PartyEnv } from '../kit/party-session.js'

export function supplierPage(_deps: PartyPageDeps): Hono<PartyEnv> {
  const app = new Hono<PartyEnv>()
  app.get('/supplier', (c) => {
    const t = c.get('t')
    return renderPartyPage(
      c,
      'supplier',
      { title: t.t('common.pages.supplier') },
      html`<h1>${t.t('common.pages.supplier')}</h1>`,
    )
  })
  return app
}
