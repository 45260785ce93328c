/**
 * Farm words every farm-loop page shows: a crop's name in the reader's language (a crop the
 * catalogue does not know is shown as the contract wrote it).
 * @module
 */
import { common } from '../../../i18n/catalogue/en/common.js'
import type { Translator } from '../../../i18n/translator.js'

type KnownCrop = keyof typeof common.crops

export function cropName(t: Translator, crop: string): string {
  return Object.hasOwn(common.crops, crop) ? t.t(`common.crops.${crop as KnownCrop}`) : crop
}
