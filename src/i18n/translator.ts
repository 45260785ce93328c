/**
 * Translation and formatting for pages: `t(key, values)` from the locale's catalogue (i18next: nested
 * keys, `{{name}}` interpolation, plural forms by Intl.PluralRules, with `count`), money as
 * `¥12,345.67` in both locales (integer fen, never through a float), dates in the locale's own form.
 * Values are not HTML-escaped here: pages render through hono/html, which escapes them.
 * @module
 */
import i18next, { type i18n } from 'i18next'
import { catalogue as en } from './catalogue/en/index.js'
import { catalogue as zhCN } from './catalogue/zh-CN/index.js'
import type { Locale } from './locale.js'

/** Every key of the catalogue, dotted (`common.signOut`); plural keys by their stem (`common.days`). */
type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string
    ? `${Prefix}${K extends `${infer Stem}_${'one' | 'other'}` ? Stem : K}`
    : Leaves<T[K], `${Prefix}${K}.`>
}[keyof T & string]
export type MessageKey = Leaves<typeof en>

export const CATALOGUES: Readonly<Record<Locale, object>> = { en, 'zh-CN': zhCN }

function instanceFor(locale: Locale): i18n {
  const instance = i18next.createInstance()
  void instance.init({
    lng: locale,
    fallbackLng: false,
    resources: { [locale]: { translation: CATALOGUES[locale] } },
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  } as Parameters<i18n['init']>[0])
  return instance
}

const INSTANCES: Record<Locale, i18n> = { en: instanceFor('en'), 'zh-CN': instanceFor('zh-CN') }

export type Translator = {
  readonly locale: Locale
  /** The text for a key; an unknown key returns the key itself (the completeness test catches it). */
  t(key: MessageKey, values?: Record<string, string | number>): string
  /** The text for a code an API answer or a credit decision carries, e.g. `refusal`, `not_found`. */
  code(kind: 'refusal' | 'reason' | 'decline', code: string): string
  /** 123456 fen → "¥1,234.56". */
  money(fen: number): string
  /** "2026-12-07" → "7 Dec 2026" / "2026年12月7日". */
  date(isoDate: string): string
  /** 469 bps → "4.69%". */
  percent(bps: number): string
  count(value: number): string
}

const DATE_FORMATS: Record<Locale, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
  'zh-CN': new Intl.DateTimeFormat('zh-CN', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }),
}

function grouped(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

export function money(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = BigInt(Math.abs(fen))
  return `${sign}¥${grouped(String(abs / 100n))}.${String(abs % 100n).padStart(2, '0')}`
}

export function percent(bps: number): string {
  const sign = bps < 0 ? '-' : ''
  const abs = Math.abs(bps)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}%`
}

export function translator(locale: Locale): Translator {
  const instance = INSTANCES[locale]
  const t = (key: string, values?: Record<string, string | number>) => instance.t(key, values ?? {}) as string
  return {
    locale,
    t,
    code: (kind, code) => {
      const key = `codes.${kind}.${code}`
      return instance.exists(key) ? t(key) : code
    },
    money,
    date: (isoDate) => {
      const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`)
      return Number.isNaN(date.getTime()) ? isoDate : DATE_FORMATS[locale].format(date)
    },
    percent,
    count: (value) => (value < 0 ? '-' : '') + grouped(String(Math.abs(Math.trunc(value)))),
  }
}
