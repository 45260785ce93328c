/**
 * Party pages' sessions: `GET /sign-in/{token}` redeems a sign-in link and opens the party's page
 * with a session cookie (HttpOnly, SameSite=Strict, scoped to the page's path, no Max-Age: the server
 * ends it on idle and absolute expiry); every request to the page needs that page's live session, and
 * every POST its CSRF token and a same-origin Origin. A used, expired or unknown link gets a page that
 * says so in the reader's language.
 * @module
 */
import type { Context, Hono, MiddlewareHandler } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { html } from 'hono/html'
import type { Principal } from '../../../access/principal.js'
import { assertMayAccessParty, type PartyKind } from '../../../agri/parties.js'
import {
  createSession,
  deleteSession,
  findSession,
  sameToken,
  type ConsoleSession,
} from '../../../access/sessions.js'
import { redeemSignInLink, SIGN_IN_PATH, type PageRole } from '../../../access/sign-in-links.js'
import type { Db } from '../../../db/database.js'
import type { Translator } from '../../../i18n/translator.js'
import type { AppEnv } from '../../app-env.js'
import { formOf, isSecure, pageHeaders, pageTranslator, sameOrigin, withLang } from './page-http.js'
import { pageLayout, type Html, type PageFrame } from './page-layout.js'

export const PARTY_SESSION_COOKIE = 'mlp_session'

export type PartyEnv = AppEnv & {
  Variables: { session: ConsoleSession; party: Principal; t: Translator; form: Record<string, string> }
}
export type PartyContext = Context<PartyEnv>

export function pagePath(role: PageRole): string {
  return `/${role}`
}

/** The farm party the page is signed in as, checked as the API checks a key's access to a party. */
export function signedInParty(c: PartyContext, kind: PartyKind): number {
  const party = c.get('party')
  const partyId = party.subjectId ?? -1
  assertMayAccessParty(party, kind, partyId)
  return partyId
}

/** Renders a page in the party's frame (signed in: with the sign-out form). */
export function renderPartyPage(
  c: PartyContext,
  role: PageRole,
  frame: {
    title: string
    notice?: string | undefined
    error?: string | undefined
    scripts?: readonly string[]
  },
  body: Html,
  status: 200 | 400 | 401 | 403 | 404 | 409 | 410 | 422 = 200,
) {
  const t = c.get('t') ?? pageTranslator(c)
  const session = c.get('session')
  const full: PageFrame = {
    t,
    brand: t.t(`common.pages.${role}`),
    langHref: (locale) => withLang(c, locale),
    signOut: session ? { action: `${pagePath(role)}/sign-out`, csrfToken: session.csrfToken } : undefined,
    ...frame,
  }
  pageHeaders(c)
  return c.html(pageLayout(full, body), status)
}

function messagePage(c: Context, title: string, message: string, status: 200 | 401 | 403 | 404 | 410) {
  const t = pageTranslator(c)
  pageHeaders(c)
  return c.html(
    pageLayout(
      { t, brand: title, title, langHref: (locale) => withLang(c, locale) },
      html`<h1>${title}</h1>
        <p>${message}</p>`,
    ),
    status,
  )
}

/** `/sign-in/{token}`: one use, then the party's page. */
export function mountSignIn(app: Hono<AppEnv>, deps: { db: Db }): void {
  app.get(`${SIGN_IN_PATH}/:token`, async (c) => {
    const t = pageTranslator(c)
    const redemption = await redeemSignInLink(deps.db, c.req.param('token'))
    if (!redemption.ok) {
      const status = redemption.reason === 'unknown' ? 404 : 410
      return messagePage(c, t.t('common.signIn.title'), t.t(`common.signIn.${redemption.reason}`), status)
    }
    const { sessionId } = await createSession(deps.db, {
      principalId: redemption.principalId,
      principalRef: redemption.principalRef,
      page: redemption.role,
      role: redemption.role,
      subjectId: redemption.subjectId,
    })
    setCookie(c, PARTY_SESSION_COOKIE, sessionId, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: isSecure(c),
      path: pagePath(redemption.role),
    })
    // The token leaves the address bar at once; the page's own URL carries nothing secret.
    return c.redirect(pagePath(redemption.role), 303)
  })
}

/**
 * The page's guard: a live session of this page (else the "signed out" page, 401), the reader's
 * translator, the party's principal, and for POSTs the parsed form with its CSRF token checked.
 */
export function requirePartySession(deps: { db: Db }, role: PageRole): MiddlewareHandler<PartyEnv> {
  return async (c, next) => {
    const t = pageTranslator(c)
    c.set('t', t)
    const session = await findSession(deps.db, getCookie(c, PARTY_SESSION_COOKIE), new Date(), role)
    if (!session || session.subjectId === null) {
      deleteCookie(c, PARTY_SESSION_COOKIE, { path: pagePath(role), secure: isSecure(c) })
      return messagePage(c, t.t(`common.pages.${role}`), t.t('common.signIn.sessionEnded'), 401)
    }
    c.set('session', session)
    c.set('party', {
      ref: session.principalRef,
      principalId: session.principalId,
      role,
      subjectId: session.subjectId,
    })
    if (c.req.method === 'POST') {
      const form = await formOf(c)
      if (!sameOrigin(c) || !sameToken(session.csrfToken, form.csrf ?? '')) {
        return messagePage(c, t.t('common.refused'), t.t('common.formExpired'), 403)
      }
      c.set('form', form)
    }
    return next()
  }
}

/** Sign-out: the session ends on the server, the cookie goes. */
export function mountSignOut(app: Hono<PartyEnv>, deps: { db: Db }, role: PageRole): void {
  app.post(`${pagePath(role)}/sign-out`, async (c) => {
    await deleteSession(deps.db, getCookie(c, PARTY_SESSION_COOKIE))
    deleteCookie(c, PARTY_SESSION_COOKIE, { path: pagePath(role), secure: isSecure(c) })
    const t = c.get('t')
    return messagePage(c, t.t(`common.pages.${role}`), t.t('common.signIn.signedOut'), 200)
  })
}
