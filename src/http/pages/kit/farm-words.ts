/**
 * Farm words for pages: an input category, a crop or a status in the reader's language (the farm
 * catalogue), never the code itself; a code the catalogue lacks is shown as words.
 * @module
 */
import type { MessageKey, Translator } from '../../../i18n/translator.js'

export type FarmWordGroup =
  'categories' | 'crops' | 'requestStatus' | 'productStatus' | 'deliveryStatus' | 'settlementStatus'

export function farmWord(t: Translator, group: FarmWordGroup, code: string): string {
  const key = `farm.${group}.${code}` as MessageKey
  const text = t.t(key)
  return text === key ? code.replace(/_/g, ' ') : text
}

/** A crop's name in the reader's language (a crop the catalogue does not know, as the contract wrote it). */
export function cropName(t: Translator, crop: string): string {
  return farmWord(t, 'crops', crop)
}
