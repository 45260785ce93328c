/**
 * Reading what a party typed into a page's form, and what a refusal says back. A money-moving form
 * carries a random action id made when the form was drawn: it is the request key the domain function
 * takes, so a double submit or a reload replays the first answer and never moves the money twice.
 * Refusals become a status and a code the page translates (never a 500 for input the reader typed).
 * @module
 */
import { randomUUID } from 'node:crypto'
import { isIsoDate, type IsoDate } from '../../../kernel/business-date.js'
import { Conflict, NotFound, Refusal } from '../../../kernel/errors.js'
import { FEN_MAX, parseYuan } from '../../../kernel/money.js'
import type { Translator } from '../../../i18n/translator.js'

export { plainYuan } from '../../../kernel/money.js'

/** A new form's action id (a UUID, the shape {@link actionIdOf} accepts). */
export const newActionId = (): string => randomUUID()

const ACTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** The form's action id (in the field `field`); undefined when it is missing or not one a page made. */
export function actionIdOf(
  form: Record<string, string>,
  field: 'action' | 'actionId' = 'action',
): string | undefined {
  const id = form[field] ?? ''
  return ACTION_ID.test(id) ? id : undefined
}

/** "6,000.00", "¥12" → fen, above zero and within the system's bound; null otherwise. */
export function fenField(text: string | undefined): number | null {
  const fen = parseYuan(text ?? '')
  return fen === null || fen <= 0 || fen > FEN_MAX ? null : fen
}

/** A trimmed text of 1 to `lengthMax` characters; null otherwise. */
export function textField(text: string | undefined, lengthMax: number): string | null {
  const trimmed = (text ?? '').trim()
  return trimmed.length === 0 || trimmed.length > lengthMax ? null : trimmed
}

export function dateField(text: string | undefined): IsoDate | null {
  const trimmed = (text ?? '').trim()
  return isIsoDate(trimmed) ? trimmed : null
}

/** A whole number typed into a quantity field: blank is 0; undefined when it is not one. */
export function quantityOf(text: string | undefined, max = 1_000_000): number | undefined {
  const trimmed = (text ?? '').trim()
  if (trimmed === '') return 0
  if (!/^\d{1,7}$/.test(trimmed)) return undefined
  const value = Number(trimmed)
  return value <= max ? value : undefined
}

type DomainRefusal = { status: 404 | 409 | 422; code: string }

function domainRefusal(error: unknown): DomainRefusal | undefined {
  if (error instanceof Refusal) return { status: 422, code: error.code }
  if (error instanceof Conflict) return { status: 409, code: error.code }
  if (error instanceof NotFound) return { status: 404, code: error.code }
  return undefined
}

/**
 * A domain refusal as a page shows it: its status and its code (which the page translates). Any
 * other error is not the party's doing, and is thrown on.
 */
export function refusalOf(error: unknown): DomainRefusal {
  const refusal = domainRefusal(error)
  if (!refusal) throw error
  return refusal
}

export type PageRefusal = DomainRefusal & { message: string; details?: Record<string, unknown> | undefined }

/** A domain refusal with its text in the reader's language; undefined for anything else. */
export function pageRefusal(t: Translator, error: unknown): PageRefusal | undefined {
  const refusal = domainRefusal(error)
  if (!refusal) return undefined
  return {
    ...refusal,
    message: t.code('refusal', refusal.code),
    details: error instanceof Refusal ? error.details : undefined,
  }
}
