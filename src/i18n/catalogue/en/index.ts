/**
 * The en catalogue: one file per page so that pages can be worked on apart; keys are
 * `<file>.<key>` (e.g. `common.signOut`, `codes.refusal.not_found`).
 */
import { agreement } from './agreement.js'
import { codes } from './codes.js'
import { common } from './common.js'
import { officerConsole } from './console.js'
import { farm } from './farm.js'
import { farmer } from './farmer.js'
import { insurer } from './insurer.js'
import { merchant } from './merchant.js'
import { offtaker } from './offtaker.js'
import { supplier } from './supplier.js'

export const catalogue = {
  common,
  codes,
  console: officerConsole,
  farm,
  farmer,
  supplier,
  offtaker,
  insurer,
  merchant,
  agreement,
}
