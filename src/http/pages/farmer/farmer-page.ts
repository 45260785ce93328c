/**
 * `/farmer`: the farmer's page, signed in through a sign-in link (kit/party-session.ts).
 * @module
 */
import { Hono } from 'hono'
import { html } from 'hono/html'
import type { PartyPageDeps } from '../kit/party-page-deps.js'
import { renderPartyPage, type PartyEnv } from '../kit/party-session.js'

export function farmerPage(_deps: PartyPageDeps): Hono<PartyEnv> {
  const app = new Hono<PartyEnv>()
  app.get('/farmer', (c) => {
    const t = c.get('t')
    return renderPartyPage(
      c,
      'farmer',
      { title: t.t('common.pages.farmer') },
      html`<h1>${t.t('common.pages.farmer')}</h1>`,
    )
  })
  return app
}
