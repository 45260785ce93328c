/**
 * Reading what a party typed into a page's form, and what a refusal says back. A money-moving form
 * carries an action id made when the form was drawn: it is the request key the domain function takes,
 * so a double submit or a reload replays the first answer and never moves the money twice.
 * @module
 */
import { randomUUID } from 'node:crypto'
import { parseYuan } from '../../../console/views/format.js'
import { isIsoDate, type IsoDate } from '../../../kernel/business-date.js'
import { Conflict, NotFound, Refusal } from '../../../kernel/errors.js'
import { FEN_MAX } from '../../../kernel/money.js'

export { plainYuan } from '../../../console/views/format.js'

/** A new form's action id (a UUID, the shape {@link actionIdOf} accepts). */
export const newActionId = (): string => randomUUID()

/** The form's action id; null when it is missing or not one a page made. */
export function actionIdOf(form: Record<string, string>): string | null {
  return (
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.exec(form.actionId ?? '')?.[0] ?? null
  )
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

/**
 * A domain refusal as a page shows it: its status and its code (which the page translates). Any
 * other error is not the party's doing, and is thrown on.
 */
export function refusalOf(error: unknown): { status: 404 | 409 | 422; code: string } {
  if (error instanceof Refusal) return { status: 422, code: error.code }
  if (error instanceof Conflict) return { status: 409, code: error.code }
  if (error instanceof NotFound) return { status: 404, code: error.code }
  throw error
}
