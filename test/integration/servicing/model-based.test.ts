/**
 * The model-based servicing run (issue 16) on the subset of behaviours that agrees with the reference
 * today: daily installment loans paid on time, paid off early or refilled, compared field by field
 * every night through the API (state, days past due, accruals, payments, schedule, today's payoff
 * and the payoff quoted for 10 days ahead, wallet), and the loan calculator over the whole terms
 * space (schedule preview, issue 16 items 4 and 5). The other products and behaviours are left out:
 * the full run (`npm run model:servicing`) still shows the known bugs there. Widen this subset as
 * they are fixed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../../support/harness.js'
import { expectLedgerClean } from '../../support/ledger.js'
import { groupMismatches, runServicingModel, type Feature } from '../../support/servicing-model-run.js'

const SEED = 20_261_207
const AGREEING_FEATURES: Feature[] = [
  'daily',
  'on_time',
  'early_payoff',
  'refill',
  'future_payoff_quote',
  'schedule_preview',
]

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  await expectLedgerClean(h.db)
  await h?.close()
})

describe('servicing against the reference servicer', () => {
  it('agrees every night on every field for daily loans paid on time, paid off early or refilled, and on previews', async () => {
    console.log(`model-based servicing: seed ${SEED}, features ${AGREEING_FEATURES.join(',')}`)
    const result = await runServicingModel(h, { seed: SEED, paths: 5, days: 36, features: AGREEING_FEATURES })
    expect(result.loans).toBeGreaterThanOrEqual(4)
    expect(result.comparisons).toBeGreaterThan(1_000)
    const summary = groupMismatches(result.mismatches).map(
      ({ field, count, example }) =>
        `${field} ×${count}: seed ${example.seed} loan ${example.loanId} ${example.date} expected ${JSON.stringify(example.expected)} actual ${JSON.stringify(example.actual)}`,
    )
    expect(summary).toEqual([])
  })
})
