/**
 * Activities of the close-of-business workflows. Close of business orchestrates from above: it
 * settles and services (servicing), expires offers not renewed (credit) and moves the business date
 * (system), so it lives above all three and none of them imports it. The day's steps, their order
 * and totals are src/servicing/close-of-business-steps.ts. Each activity is idempotent: closing a date that
 * is already closed is a no-op that reports it.
 * @module
 */
import { ApplicationFailure, Context } from '@temporalio/activity'
import { setTimeout as sleep } from 'node:timers/promises'
import { expireUnrenewedOffers } from '../credit/credit-line-service.js'
import type { Db } from '../db/database.js'
import type { LedgerService } from '../ledger/ledger-service.js'
import { serviceLoans, settleMerchantSales } from '../servicing/servicing-service.js'
import type { IsoDate } from '../kernel/business-date.js'
import { Refusal } from '../kernel/errors.js'
import { closeBusinessDate, getBusinessDate } from '../system/business-date-service.js'

const BUSINESS_DATE_POLL_MS = 250

export const createCloseOfBusinessActivities = (deps: { db: Db; ledger: LedgerService }) => ({
  async currentBusinessDate(): Promise<IsoDate> {
    return getBusinessDate(deps.db)
  },

  /** Settles one batch of the date's merchant net sales into their wallets (see servicing-service.ts). */
  async settleMerchantSalesBatch(input: { businessDate: IsoDate; afterMerchantId: number }) {
    return settleMerchantSales(deps, input)
  },

  /** Services one batch of merchant loans for the date (see servicing-service.ts). */
  async serviceLoanBatch(input: { businessDate: IsoDate; afterLoanId: number }) {
    return serviceLoans(deps, input)
  },

  /**
   * Moves the business date past `businessDate`, once, expiring the offers not renewed in the same
   * transaction; says whether another closer did it first.
   */
  async closeBusinessDay(input: {
    businessDate: IsoDate
    closedBy: string
  }): Promise<{ alreadyClosed: boolean }> {
    try {
      const result = await closeBusinessDate(
        deps.db,
        input.businessDate,
        input.closedBy,
        expireUnrenewedOffers,
      )
      return { alreadyClosed: result.alreadyClosed }
    } catch (error) {
      if (error instanceof Refusal) throw ApplicationFailure.nonRetryable(error.message, error.code)
      throw error
    }
  },

  /** Waits (heartbeating) until another closer has moved the business date past `businessDate`. */
  async awaitBusinessDateAfter(input: { businessDate: IsoDate }): Promise<IsoDate> {
    for (;;) {
      const current = await getBusinessDate(deps.db)
      if (current > input.businessDate) return current
      Context.current().heartbeat()
      await sleep(BUSINESS_DATE_POLL_MS)
    }
  },
})

export type CloseOfBusinessActivities = ReturnType<typeof createCloseOfBusinessActivities>
