/**
 * `/insurer`: the insurer's page, signed in through a sign-in link (kit/party-session.ts).
 * @module
 */
import { Hono } from 'hono'
import { html } from 'hono/html'
import type { PartyPageDeps } from '../kit/party-page-deps.js'
import { renderPartyPage, type PartyEnv } from '../kit/party-session.js'

export function insurerPage(_deps: PartyPageDeps): Hono<PartyEnv> {
  const app = new Hono<PartyEnv>()
  app.get('/insurer', (c) => {
    const t = c.get('t')
    return renderPartyPage(
      c,
      'insurer',
      { title: t.t('common.pages.insurer') },
      html`<h1>${t.t('common.pages.insurer')}</h1>`,
    )
  })
  return app
}
