/**
 * Activities of the credit-line refresh. Each batch is idempotent: it recomputes and overwrites the
 * lines of a merchant id range as of a date.
 * @module
 */
import type { Db } from '../db/database.js'
import { getBusinessDate } from '../system/business-date-service.js'
import {
  CREDIT_REFRESH_BATCH_MERCHANTS,
  featuresAsOf,
  merchantIdRange,
  refreshCreditLines,
} from './credit-line-service.js'
import type { ScorecardModel } from './scorecard.js'

export type CreditRefreshPlan = {
  asOfDate: string
  fromMerchantId: number
  toMerchantId: number
  batchSize: number
} | null

export const createCreditActivities = (deps: { db: Db; scorecard: ScorecardModel }) => ({
  async planCreditRefresh(): Promise<CreditRefreshPlan> {
    const range = await merchantIdRange(deps.db)
    if (!range) return null
    const asOfDate = featuresAsOf(await getBusinessDate(deps.db))
    return { asOfDate, ...range, batchSize: CREDIT_REFRESH_BATCH_MERCHANTS }
  },

  async refreshCreditLineBatch(input: {
    asOfDate: string
    fromMerchantId: number
    toMerchantId: number
  }): Promise<{ merchants: number; eligible: number }> {
    return refreshCreditLines(deps.db, deps.scorecard, input)
  },
})

export type CreditActivities = ReturnType<typeof createCreditActivities>
