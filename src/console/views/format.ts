/**
 * How the console writes money, rates and dates: yuan with two decimals from integer fen (never
 * through a float), basis points as percentages.
 * @module
 */
import type { html } from 'hono/html'

export type Html = ReturnType<typeof html>

/** 123456 fen → "¥1,234.56". */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = BigInt(Math.abs(fen))
  const whole = String(abs / 100n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${sign}¥${whole}.${String(abs % 100n).padStart(2, '0')}`
}

/** 469 bps → "4.69%". */
export function percent(bps: number): string {
  const sign = bps < 0 ? '-' : ''
  const abs = Math.abs(bps)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}%`
}

export function count(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** "1,234.56" or "¥12" typed by an officer → fen; null unless an amount with at most two decimals. */
export function parseYuan(text: string): number | null {
  const match = /^(\d{1,11})(?:\.(\d{1,2}))?$/.exec(text.trim().replace(/^¥/, '').replace(/,/g, ''))
  if (!match) return null
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
}

/** Plain yuan for an input's value: 1234.5 fen → "12.35"-style text without grouping. */
export function plainYuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`
}
