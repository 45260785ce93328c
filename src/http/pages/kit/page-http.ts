/**
 * What every server-rendered page shares with the others: its security headers, the same-origin
 * check on form posts, reading a form, and the reader's language (`?lang=`, cookie, Accept-Language).
 * @module
 */
import type { Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { chooseLocale, LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE_S, type Locale } from '../../../i18n/locale.js'
import { translator, type Translator } from '../../../i18n/translator.js'

/** Pages load only their own files: no inline script, no eval, no other origin. */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

export function pageHeaders(c: Context, options: { csp?: string; cacheControl?: string } = {}): void {
  c.header('Content-Security-Policy', options.csp ?? PAGE_CSP)
  c.header('X-Content-Type-Options', 'nosniff')
  // The app-wide secureHeaders() sets `no-referrer`; pages send their own origin so that form posts
  // carry an Origin the same-origin check can read.
  c.header('Referrer-Policy', 'same-origin')
  c.header('Cache-Control', options.cacheControl ?? 'no-store')
  c.header('Vary', 'Cookie, Accept-Language')
}

export function isSecure(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:'
}

/**
 * A POST from another site is refused even before its token is read (defence in depth). Hosts are
 * compared, not schemes, so a TLS-terminating proxy in front of the app does not break forms.
 */
export function sameOrigin(c: Context): boolean {
  const origin = c.req.header('Origin')
  if (origin === undefined) return true
  try {
    return new URL(origin).host === (c.req.header('Host') ?? new URL(c.req.url).host)
  } catch {
    return false // `null` or garbage
  }
}

/** A form's text fields (files are ignored). */
export async function formOf(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody()
  const fields: Record<string, string> = {}
  for (const [name, value] of Object.entries(body)) if (typeof value === 'string') fields[name] = value
  return fields
}

/** The reader's language; `?lang=` also sets the cookie that remembers it. */
export function pageLocale(c: Context): Locale {
  const choice = chooseLocale({
    query: c.req.query('lang'),
    cookie: getCookie(c, LOCALE_COOKIE),
    acceptLanguage: c.req.header('Accept-Language'),
  })
  if (choice.remember) {
    setCookie(c, LOCALE_COOKIE, choice.locale, {
      path: '/',
      sameSite: 'Lax',
      secure: isSecure(c),
      maxAge: LOCALE_COOKIE_MAX_AGE_S,
    })
  }
  return choice.locale
}

export function pageTranslator(c: Context): Translator {
  return translator(pageLocale(c))
}

/** The current path and query with `lang` set: the language switch's links. */
export function withLang(c: Context, locale: Locale): string {
  const url = new URL(c.req.url)
  url.searchParams.set('lang', locale)
  return `${url.pathname}?${url.searchParams.toString()}`
}
