/**
 * `/offtaker`: the offtaker's page, signed in through a sign-in link (kit/party-session.ts).
 * @module
 */
import { Hono } from 'hono'
import { html } from 'hono/html'
import type { PartyPageDeps } from '../kit/party-page-deps.js'
import { renderPartyPage, type PartyEnv } from '../kit/party-session.js'

export function offtakerPage(_deps: PartyPageDeps): Hono<PartyEnv> {
  const app = new Hono<PartyEnv>()
  app.get('/offtaker', (c) => {
    const t = c.get('t')
    return renderPartyPage(
      c,
      'offtaker',
      { title: t.t('common.pages.offtaker') },
      html`<h1>${t.t('common.pages.offtaker')}</h1>`,
    )
  })
  return app
}
