/**
 * Which language a page speaks: `?lang=` first (and remembered in a cookie), then the cookie, then
 * the browser's `Accept-Language` (zh-CN for any Chinese), English otherwise.
 * @module
 */
export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'en'
export const LOCALE_COOKIE = 'mlc_lang'
/** A year: the choice is a preference, not a secret. */
export const LOCALE_COOKIE_MAX_AGE_S = 365 * 24 * 60 * 60

export function asLocale(text: string | undefined | null): Locale | undefined {
  if (!text) return undefined
  const lower = text.trim().toLowerCase()
  if (lower === 'en' || lower.startsWith('en-')) return 'en'
  if (lower === 'zh' || lower.startsWith('zh-') || lower.startsWith('zh_')) return 'zh-CN'
  return undefined
}

/** The first language in an `Accept-Language` header (by q, then order) this app speaks. */
export function fromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (!header) return undefined
  const ranked = header
    .split(',')
    .slice(0, 20)
    .map((part, order) => {
      const [tag = '', ...params] = part.split(';')
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined)
      return { tag, q: q === undefined ? 1 : Number(q), order }
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order)
  for (const { tag } of ranked) {
    const locale = asLocale(tag)
    if (locale) return locale
  }
  return undefined
}

export type LocaleChoice = {
  locale: Locale
  /** Set when `?lang=` chose: write the cookie. */ remember: boolean
}

export function chooseLocale(input: {
  query: string | undefined
  cookie: string | undefined
  acceptLanguage: string | undefined
}): LocaleChoice {
  const asked = asLocale(input.query)
  if (asked) return { locale: asked, remember: true }
  return {
    locale: asLocale(input.cookie) ?? fromAcceptLanguage(input.acceptLanguage) ?? DEFAULT_LOCALE,
    remember: false,
  }
}
