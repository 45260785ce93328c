import { continueAsNew, proxyActivities } from '@temporalio/workflow'
import type { CreditActivities } from '../src/credit/credit-activities.js'

const { planCreditRefresh, refreshCreditLineBatch } = proxyActivities<CreditActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
})

/** Batches per run before the history is rolled over with continue-as-new. */
const BATCHES_PER_RUN_MAX = 200

export type CreditRefreshProgress = {
  asOfDate: string
  nextMerchantId: number
  toMerchantId: number
  batchSize: number
  merchants: number
  eligible: number
}

/** Recomputes every merchant's credit line, a batch of merchant ids at a time. */
export async function refreshAllCreditLines(progress?: CreditRefreshProgress): Promise<{
  asOfDate: string | null
  merchants: number
  eligible: number
}> {
  let state = progress
  if (!state) {
    const plan = await planCreditRefresh()
    if (!plan) return { asOfDate: null, merchants: 0, eligible: 0 }
    state = { ...plan, nextMerchantId: plan.fromMerchantId, merchants: 0, eligible: 0 }
  }
  for (let batch = 0; state.nextMerchantId <= state.toMerchantId; batch++) {
    if (batch === BATCHES_PER_RUN_MAX) return continueAsNew<typeof refreshAllCreditLines>(state)
    const toMerchantId = Math.min(state.toMerchantId, state.nextMerchantId + state.batchSize - 1)
    const done: { merchants: number; eligible: number } = await refreshCreditLineBatch({
      asOfDate: state.asOfDate,
      fromMerchantId: state.nextMerchantId,
      toMerchantId,
    })
    state = {
      ...state,
      nextMerchantId: toMerchantId + 1,
      merchants: state.merchants + done.merchants,
      eligible: state.eligible + done.eligible,
    }
  }
  return { asOfDate: state.asOfDate, merchants: state.merchants, eligible: state.eligible }
}
