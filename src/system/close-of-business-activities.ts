/**
 * Activities of the close-of-business workflows. Each is idempotent: closing a date that is already
 * closed is a no-op that reports it.
 * @module
 */
import { ApplicationFailure, Context } from '@temporalio/activity'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Db } from '../db/database.js'
import type { IsoDate } from '../kernel/business-date.js'
import { Refusal } from '../kernel/errors.js'
import { closeBusinessDate, getBusinessDate } from './business-date-service.js'

const BUSINESS_DATE_POLL_MS = 250

export type DayCloseSummary = {
  businessDate: IsoDate
  alreadyClosed: boolean
  loansProcessed: number
  accruedInterestFen: number
  collectedFen: number
  newlyDelinquent: number
  writtenOff: number
}

export const createCloseOfBusinessActivities = (deps: { db: Db }) => ({
  async currentBusinessDate(): Promise<IsoDate> {
    return getBusinessDate(deps.db)
  },

  async closeBusinessDay(input: { businessDate: IsoDate; closedBy: string }): Promise<DayCloseSummary> {
    try {
      const result = await closeBusinessDate(deps.db, input.businessDate, input.closedBy)
      return {
        businessDate: input.businessDate,
        alreadyClosed: result.alreadyClosed,
        loansProcessed: 0,
        accruedInterestFen: 0,
        collectedFen: 0,
        newlyDelinquent: 0,
        writtenOff: 0,
      }
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
