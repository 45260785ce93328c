/**
 * The model-based servicing run's random half (issue 16; see `model-based.test.ts`): a seed drawn
 * for this run and printed, so that every run also tries paths no earlier run tried, over 40 nights
 * (past the first monthly due dates, which the fixed run's 24 nights do not reach). In a database of
 * its own, so that it runs beside the fixed-seed file; `MODEL_SEED=<seed>` replays it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../../support/harness.js'
import { expectLedgerClean } from '../../support/ledger.js'
import { describeMismatches, runServicingModel, SAMPLED } from '../../support/servicing-model-run.js'

const RANDOM_SEED = Number(process.env.MODEL_SEED ?? Math.floor(Math.random() * 2 ** 31))
const PATHS = 150

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  await expectLedgerClean(h.db)
  await h?.close()
})

describe('servicing against the reference servicer, random seed', () => {
  it(`agrees every night on a random seed's paths (seed ${RANDOM_SEED}; replay with MODEL_SEED)`, async () => {
    console.log(`model-based servicing: random seed ${RANDOM_SEED}`)
    const result = await runServicingModel(h, { seed: RANDOM_SEED, paths: PATHS, days: 40, ...SAMPLED })
    expect(result.paths.length).toBe(PATHS)
    expect(result.failed).toEqual([])
    expect(result.loans).toBeGreaterThanOrEqual(PATHS - result.declined.length)
    expect(describeMismatches(result)).toEqual([])
  }, 600_000)
})
