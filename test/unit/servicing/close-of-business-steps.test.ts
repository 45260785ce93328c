import { describe, expect, it } from 'vitest'
import {
  addDayTotals,
  closeBusinessDayInOrder,
  DAY_TOTALS_FIELDS,
  emptyDayTotals,
  type CloseOfBusinessSteps,
  type ServicingTotals,
} from '../../../src/servicing/close-of-business-steps.js'
import { isoDate } from '../../../src/kernel/business-date.js'

const businessDate = isoDate('2026-01-01')

function servicingBatch(
  lastLoanId: number | null,
  loansProcessed: number,
): ServicingTotals & {
  lastLoanId: number | null
} {
  return {
    loansProcessed,
    accruedInterestFen: 10 * loansProcessed,
    accruedPenaltyFen: loansProcessed,
    collectedFen: 100 * loansProcessed,
    closed: 1,
    newlyDelinquent: 1,
    writtenOff: 0,
    writtenOffFen: 0,
    lastLoanId,
  }
}

/** Stub steps that record each call, with two settlement and two servicing batches. */
function recordingSteps(alreadyClosed = false) {
  const calls: string[] = []
  const steps: CloseOfBusinessSteps<string> = {
    async settleMerchantSalesBatch({ afterMerchantId }) {
      calls.push(`settle after ${afterMerchantId}`)
      const next = { 0: 5, 5: 9 }[afterMerchantId] ?? null
      return { settledFen: next === null ? 0 : 1_000, lastMerchantId: next }
    },
    async serviceLoanBatch({ afterLoanId }) {
      calls.push(`service after ${afterLoanId}`)
      if (afterLoanId === 0) return servicingBatch(500, 500)
      if (afterLoanId === 500) return servicingBatch(730, 230)
      return servicingBatch(null, 0)
    },
    async serviceAgriMilestones() {
      calls.push('milestones')
      return ['swept 7']
    },
    async closeBusinessDay({ closedBy }) {
      calls.push(`close by ${closedBy}`)
      return { alreadyClosed }
    },
  }
  return { calls, steps }
}

describe('close of business', () => {
  it('settles, services, passes on the milestones and only then closes the date', async () => {
    const { calls, steps } = recordingSteps()
    const result = await closeBusinessDayInOrder(steps, { businessDate, closedBy: 'cob' }, async (events) => {
      calls.push(`told ${events.join(', ')}`)
    })
    expect(calls).toEqual([
      'settle after 0',
      'settle after 5',
      'settle after 9',
      'service after 0',
      'service after 500',
      'service after 730',
      'milestones',
      'told swept 7',
      'close by cob',
    ])
    expect(result.milestones).toEqual(['swept 7'])
  })

  it('sums every batch into the day totals, and the closed loans are not among them', async () => {
    const { steps } = recordingSteps()
    const { summary } = await closeBusinessDayInOrder(steps, { businessDate, closedBy: 'cob' })
    expect(summary).toEqual({
      businessDate,
      alreadyClosed: false,
      loansProcessed: 730,
      settledFen: 2_000,
      accruedInterestFen: 7_300,
      accruedPenaltyFen: 730,
      collectedFen: 73_000,
      newlyDelinquent: 2,
      writtenOff: 0,
      writtenOffFen: 0,
    })
  })

  it('reports a date another closer had closed', async () => {
    const { steps } = recordingSteps(true)
    const { summary } = await closeBusinessDayInOrder(steps, { businessDate, closedBy: 'cob' })
    expect(summary.alreadyClosed).toBe(true)
  })

  it('adds totals field by field, leaving the fields a batch does not have', () => {
    const totals = emptyDayTotals()
    addDayTotals(totals, { settledFen: 5 })
    addDayTotals(totals, { loansProcessed: 2, writtenOffFen: 7 })
    expect(totals).toMatchObject({ settledFen: 5, loansProcessed: 2, writtenOffFen: 7, collectedFen: 0 })
    expect(DAY_TOTALS_FIELDS).toEqual(Object.keys(totals))
  })
})
