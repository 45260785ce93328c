/**
 * How the console writes what the translator does not: the catalogue's word for a domain value (a
 * status, a bucket, an entry type) with the value itself as the fallback, a ledger account's name, an
 * audit entry's time and details, and the yuan an officer types.
 * @module
 */
import { CATALOGUES, type Translator } from '../../i18n/translator.js'
import type { Html } from '../../http/pages/kit/page-layout.js'
import type { officerConsole } from '../../i18n/catalogue/en/console.js'

export type { Html }

/** The groups of `console.*` that hold words for stored values. */
export type WordGroup =
  | 'bucket'
  | 'product'
  | 'status.loan'
  | 'status.schedule'
  | 'status.contract'
  | 'status.purchase'
  | 'status.claim'
  | 'status.workflow'
  | 'repayment'
  | 'frequency'
  | 'entryType'
  | 'attemptKind'
  | 'crop'
  | 'category'
  | 'auditAction'
  | 'detail'
  | 'detailWord'

export type FieldName = keyof typeof officerConsole.field

/** A column's or field's name (`console.field.*`). */
export function field(t: Translator, name: FieldName): string {
  return t.t(`console.field.${name}`)
}

function node(t: Translator, path: readonly string[]): unknown {
  let at: unknown = (CATALOGUES[t.locale] as { console: unknown }).console
  for (const key of path) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return undefined
    at = (at as Record<string, unknown>)[key]
  }
  return at
}

/** The word for a stored value (`word(t, 'status.loan', 'written_off')` → "written off"), else the value. */
export function word(t: Translator, group: WordGroup, value: string): string {
  const text = node(t, [...group.split('.'), ...value.split('.')])
  return typeof text === 'string' ? text : value
}

/** `console.{group}.{value}` with values filled in, or undefined when the catalogue has no such text. */
function filled(t: Translator, path: readonly string[], values: Record<string, string>): string | undefined {
  const text = node(t, path)
  if (typeof text !== 'string') return undefined
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => values[name] ?? '')
}

/** `loan:12:principal` → "Loan 12 principal"; a code of another shape is shown as it is. */
export function accountName(t: Translator, code: string): string {
  const parts = code.split(':')
  const [owner = '', second = '', third] = parts
  const named =
    parts.length === 3
      ? filled(t, ['account', owner, third!], { id: second })
      : parts.length === 2
        ? filled(t, ['account', owner, second], {})
        : undefined
  return named ?? code
}

/** An audit entry's subject: "loan 12", "claim 3". */
export function subjectName(t: Translator, type: string, id: string): string {
  return filled(t, ['subject', type], { id }) ?? `${type} ${id}`
}

/** An instant (`2026-12-07T08:30:00.000Z`) as the reader's date and the UTC time. */
export function instant(t: Translator, iso: string): string {
  const time = /T(\d{2}:\d{2}:\d{2})/.exec(iso)?.[1] ?? ''
  return t.t('console.audit.at', { date: t.date(iso), time })
}

/** "2026-01" → "Jan 2026" / "2026年1月". */
export function month(t: Translator, isoMonth: string): string {
  const date = new Date(`${isoMonth}-01T00:00:00Z`)
  if (Number.isNaN(date.getTime())) return isoMonth
  return new Intl.DateTimeFormat(t.locale === 'zh-CN' ? 'zh-CN' : 'en-GB', {
    month: t.locale === 'zh-CN' ? 'long' : 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(date)
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** One value of an audit entry's details, in the reader's words: money, dates, yes/no, known words. */
function detailValue(t: Translator, name: string, value: unknown): string {
  if (value === null || value === undefined) return '–'
  if (typeof value === 'boolean') return t.t(value ? 'common.yes' : 'common.no')
  if (typeof value === 'number') return name.endsWith('Fen') ? t.money(value) : t.count(value)
  if (typeof value === 'string') {
    if (ISO_DATE.test(value)) return t.date(value)
    return name === 'category' ? word(t, 'category', value) : word(t, 'detailWord', value)
  }
  if (Array.isArray(value)) return value.map((item) => detailValue(t, name, item)).join(', ')
  const object = value as Record<string, unknown>
  if (Object.keys(object).length === 2 && 'from' in object && 'to' in object) {
    return `${detailValue(t, name, object.from)} → ${detailValue(t, name, object.to)}`
  }
  return t.t('console.audit.detailNested', { items: auditDetails(t, object) })
}

/** An audit entry's details as "amount: ¥12.00; penalty before: ¥30.00". */
export function auditDetails(t: Translator, details: unknown): string {
  if (details === null || details === undefined) return ''
  if (typeof details !== 'object' || Array.isArray(details)) return detailValue(t, '', details)
  return Object.entries(details)
    .map(([name, value]) =>
      t.t('console.audit.detailItem', { name: word(t, 'detail', name), value: detailValue(t, name, value) }),
    )
    .join(t.t('console.audit.detailSeparator'))
}
