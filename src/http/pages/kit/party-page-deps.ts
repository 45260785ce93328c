import type { Client } from '@temporalio/client'
import type { PurchaseCodeSecret } from '../../../agri/purchase-request-code.js'
import type { ScorecardModel } from '../../../credit/scorecard.js'
import type { Db } from '../../../db/database.js'
import type { LedgerService } from '../../../ledger/ledger-service.js'

/** What a party's page may call: the same services the API's routes get. */
export type PartyPageDeps = {
  db: Db
  ledger: LedgerService
  temporal: Client
  taskQueue: string
  purchaseCodeSecret: PurchaseCodeSecret
  /** The committed credit scorecard (the merchant page reads and prices lines). */
  scorecard: ScorecardModel
  /** The app's clock (epoch ms); tests move it. */
  nowMs: () => number
  /**
   * Who may frame `/merchant` (CSP `frame-ancestors`), as for `/merchant/offer`
   * (MerchantOfferPageOptions.frameAncestors); unset: `'self'`.
   */
  merchantFrameAncestors?: readonly string[] | undefined
}
