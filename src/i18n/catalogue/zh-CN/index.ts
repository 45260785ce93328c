/**
 * The zh-CN catalogue: one file per page so that pages can be worked on apart; keys are
 * `<file>.<key>` (e.g. `common.signOut`, `codes.refusal.not_found`).
 */
import { agreement } from './agreement.js'
import { codes } from './codes.js'
import { common } from './common.js'
import { merchant } from './merchant.js'

export const catalogue = { common, codes, agreement, merchant }
