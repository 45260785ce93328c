/**
 * Business dates are calendar days written `YYYY-MM-DD`, with no time zone: the lender's day, which
 * moves only when close of business says so. Pure; safe to import from workflows.
 * @module
 */
import { assert } from './assert.js'

export type IsoDate = string & { readonly __kind: 'IsoDate' }

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const MS_PER_DAY = 86_400_000

export function isIsoDate(value: string): value is IsoDate {
  const match = ISO_DATE.exec(value)
  if (!match) return false
  const [, year, month, day] = match
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)))
  return date.toISOString().slice(0, 10) === value
}

export function isoDate(value: string): IsoDate {
  assert(isIsoDate(value), `not a calendar date: ${value}`)
  return value
}

function toEpochDay(date: IsoDate): number {
  return Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY
}

function fromEpochDay(epochDay: number): IsoDate {
  return new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10) as IsoDate
}

export function addDays(date: IsoDate, days: number): IsoDate {
  assert(Number.isInteger(days), `days must be an integer, got ${days}`)
  return fromEpochDay(toEpochDay(date) + days)
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to) - toEpochDay(from)
}

/** The last calendar day a business date may be (four-digit years only). */
export const ISO_DATE_MAX = '9999-12-31' as IsoDate

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate()
}

/**
 * `date` plus `months` calendar months, clamped to the end of a shorter month (2026-01-31 + 1 month =
 * 2026-02-28): how monthly due dates fall. Always count from the original date (`addMonths(start, k)`),
 * never chain, or a Jan 31 schedule drifts to the 28th for good.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  assert(Number.isInteger(months), `months must be an integer, got ${months}`)
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  const monthCount = year * 12 + (month - 1) + months
  const newYear = Math.floor(monthCount / 12)
  const newMonthIndex = monthCount - newYear * 12
  const newDay = Math.min(day, daysInMonth(newYear, newMonthIndex))
  const text = `${String(newYear).padStart(4, '0')}-${String(newMonthIndex + 1).padStart(2, '0')}-${String(newDay).padStart(2, '0')}`
  return isoDate(text)
}
