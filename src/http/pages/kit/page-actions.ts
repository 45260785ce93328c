/**
 * What a page's forms share: the random action id a money-moving form carries (made when the form is
 * shown, so a double submit or a reload reuses it and the domain moves the money once), and the
 * domain's refusals turned into a status and a text in the reader's language (never a 500 for input
 * the reader typed).
 * @module
 */
import { randomUUID } from 'node:crypto'
import { Conflict, NotFound, Refusal } from '../../../kernel/errors.js'
import type { Translator } from '../../../i18n/translator.js'

export const newActionId = (): string => randomUUID()

const ACTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** The form's action id, when it is one this page made (else undefined: the form is refused). */
export function actionIdOf(form: Record<string, string>): string | undefined {
  const id = form.action ?? ''
  return ACTION_ID.test(id) ? id : undefined
}

export type PageRefusal = {
  status: 404 | 409 | 422
  code: string
  message: string
  details?: Record<string, unknown> | undefined
}

/** A domain refusal as a page shows it; undefined for anything else (which is then thrown on). */
export function pageRefusal(t: Translator, error: unknown): PageRefusal | undefined {
  if (error instanceof Refusal) {
    return { status: 422, code: error.code, message: t.code('refusal', error.code), details: error.details }
  }
  if (error instanceof Conflict)
    return { status: 409, code: error.code, message: t.code('refusal', error.code) }
  if (error instanceof NotFound)
    return { status: 404, code: error.code, message: t.code('refusal', error.code) }
  return undefined
}

/** A whole number typed into a quantity field: blank is 0; undefined when it is not one. */
export function quantityOf(text: string | undefined, max = 1_000_000): number | undefined {
  const trimmed = (text ?? '').trim()
  if (trimmed === '') return 0
  if (!/^\d{1,7}$/.test(trimmed)) return undefined
  const value = Number(trimmed)
  return value <= max ? value : undefined
}
