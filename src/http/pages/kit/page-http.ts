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

/** What decides whether the browser reached the service over https (see {@link reachedOverHttps}). */
export type PublicOrigin = Readonly<{
  /** `PUBLIC_URL`: people reach the service here; https makes every cookie `Secure`. */
  publicUrl?: string | undefined
  /** Proxies in front of the app whose `X-Forwarded-Proto` is believed; 0 = the header is ignored. */
  trustedProxyHops: number
}>

/**
 * Whether the browser reached the service over https: the public URL is https, the request's own
 * URL is, or (behind `trustedProxyHops` proxies) the `X-Forwarded-Proto` entry the outermost trusted
 * proxy wrote says so. Entries left of that one came from the client and are not believed; a proxy
 * that overwrites the header leaves one entry, which is then the one read.
 */
export function reachedOverHttps(c: Context, origin: PublicOrigin): boolean {
  if (origin.publicUrl !== undefined && new URL(origin.publicUrl).protocol === 'https:') return true
  if (new URL(c.req.url).protocol === 'https:') return true
  if (origin.trustedProxyHops === 0) return false
  const forwarded = (c.req.header('X-Forwarded-Proto') ?? '')
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '')
  if (forwarded.length === 0) return false
  return forwarded[Math.max(0, forwarded.length - origin.trustedProxyHops)] === 'https'
}

/** The context variable the app sets once per request from {@link reachedOverHttps}. */
export const OVER_HTTPS = 'overHttps'

/** Whether cookies set on this answer are `Secure` (the app's decision, else the request's URL). */
export function isSecure(c: Context): boolean {
  const decided: unknown = c.get(OVER_HTTPS)
  return typeof decided === 'boolean' ? decided : new URL(c.req.url).protocol === 'https:'
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
