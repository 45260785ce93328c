/**
 * `npm run model:evaluate`: judges the committed scorecard on a HELD-OUT synthetic cohort (another seed,
 * same history length and as-of date as training) against the oracle — the true default probabilities
 * the population was drawn from, which no model can beat on average. Fails (exit code 1) when the
 * model's AUC is more than {@link AUC_GAP_MAX} below the oracle's.
 * @module
 */
import { SCORECARD_MODEL_PATH } from '../../src/credit/credit-line-service.js'
import { readFileSync } from 'node:fs'
import { assert } from '../../src/kernel/assert.js'
import { isoDate } from '../../src/kernel/business-date.js'
import {
  iteratePopulation,
  labelMerchant,
  type LabelledMerchant,
} from '../../src/credit/merchant-population.js'
import {
  aucOf,
  calibrationTable,
  equalCountBands,
  ksOf,
  parseScorecardModel,
  predictDefaultProbability,
  scoreMerchant,
  type ScorecardModel,
} from '../../src/credit/scorecard.js'

export const EVALUATION_SEED = 2002
export const EVALUATION_MERCHANTS = 50_000
export const CALIBRATION_BANDS = 10
/** The model must rank within this AUC of the oracle. */
export const AUC_GAP_MAX = 0.03

function loadModel(): ScorecardModel {
  const model = parseScorecardModel(JSON.parse(readFileSync(SCORECARD_MODEL_PATH, 'utf8')))
  assert(
    model.trainedOn.seed !== EVALUATION_SEED,
    'the evaluation cohort must not be the training population',
  )
  return model
}

function printCalibration(pds: number[], labels: boolean[], truePds: number[]): void {
  const bands = calibrationTable(pds, labels, CALIBRATION_BANDS)
  const members = equalCountBands(pds, CALIBRATION_BANDS)
  console.log('\nCalibration (equal-count bands by predicted PD):')
  console.log('  band   count  predicted PD  observed rate  true PD (oracle)')
  bands.forEach((band, b) => {
    const group = members[b] ?? []
    const truePd = group.reduce((sum, i) => sum + truePds[i]!, 0) / Math.max(1, group.length)
    console.log(
      `  ${String(band.band).padStart(4)}  ${String(band.count).padStart(6)}  ${pct(band.predictedPd)}  ${pct(band.observedRate)}   ${pct(truePd)}`,
    )
  })
}

function pct(share: number): string {
  return `${(share * 100).toFixed(2).padStart(9)} %`
}

function main(): void {
  const model = loadModel()
  const asOfDate = isoDate(model.trainedOn.asOfDate)
  const cohort = { seed: EVALUATION_SEED, merchantCount: EVALUATION_MERCHANTS, days: model.trainedOn.days }
  const rows = Array.from(iteratePopulation({ ...cohort, endDate: asOfDate }), (m) =>
    labelMerchant(m, asOfDate),
  )
  const labels = rows.map((row) => row.defaulted)
  const pds = rows.map((row) => predictDefaultProbability(model, row.features))
  const truePds = rows.map((row) => row.trueDefaultProbability)
  const defaults = labels.filter(Boolean).length

  console.log(
    `${model.version} (trained on seed ${model.trainedOn.seed}, ${model.trainedOn.merchantCount} merchants)`,
  )
  console.log(
    `held-out cohort: seed ${cohort.seed}, ${rows.length} merchants × ${cohort.days} days as of ${asOfDate}`,
  )
  console.log(
    `defaults ${defaults} (${pct(defaults / rows.length).trim()}); mean predicted PD ${pct(mean(pds)).trim()}`,
  )
  const scored = { auc: aucOf(pds, labels), ks: ksOf(pds, labels) }
  const oracle = { auc: aucOf(truePds, labels), ks: ksOf(truePds, labels) }
  console.log('\n              AUC      KS')
  console.log(`  model    ${scored.auc.toFixed(4)}  ${scored.ks.toFixed(4)}`)
  console.log(`  oracle   ${oracle.auc.toFixed(4)}  ${oracle.ks.toFixed(4)}   (true default probabilities)`)
  printCalibration(pds, labels, truePds)
  printReasonCounts(model, rows)

  const gap = oracle.auc - scored.auc
  const verdict = gap <= AUC_GAP_MAX ? 'PASS' : 'FAIL'
  console.log(`\n${verdict}: model AUC is ${gap.toFixed(4)} below the oracle (allowed ${AUC_GAP_MAX})`)
  if (verdict === 'FAIL') process.exitCode = 1
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length
}

/** How often each reason code is given: a check that the reasons are spread and plausible. */
function printReasonCounts(model: ScorecardModel, rows: readonly LabelledMerchant[]): void {
  const counts = new Map<string, number>()
  for (const row of rows) {
    for (const reason of scoreMerchant(model, row.features).reasons) {
      counts.set(reason.code, (counts.get(reason.code) ?? 0) + 1)
    }
  }
  console.log('\nReason codes given (merchants, any of the top 3):')
  for (const [code, count] of [...counts].sort(([, a], [, b]) => b - a)) {
    console.log(`  ${code.padEnd(20)} ${String(count).padStart(6)}`)
  }
}

main()
