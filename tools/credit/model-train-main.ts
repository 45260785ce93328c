/**
 * `npm run model:train`: trains scorecard-v1 on a fixed synthetic population and writes
 * src/credit/models/scorecard-v1.json (committed). The seed is fixed, so the same code always writes
 * the same file: a changed file in a diff means the model changed. Label: the realised `defaulted`,
 * drawn from each merchant's true PD (the truth itself is kept for the evaluation, not trained on).
 * @module
 */
import { SCORECARD_MODEL_PATH } from '../../src/credit/credit-line-service.js'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { isoDate } from '../../src/kernel/business-date.js'
import { iteratePopulation, labelMerchant } from '../../src/credit/merchant-population.js'
import { aucOf, predictDefaultProbability, trainLogisticRegression } from '../../src/credit/scorecard.js'

export const TRAINING_SEED = 1001
export const TRAINING_MERCHANTS = 20_000
export const HISTORY_DAYS = 180
export const TRAINING_AS_OF_DATE = isoDate('2026-01-31')

function main(): void {
  const startedMs = performance.now()
  const population = { seed: TRAINING_SEED, merchantCount: TRAINING_MERCHANTS, days: HISTORY_DAYS }
  // Keep only the features of each merchant: the sales are dropped as soon as they are summarised.
  const rows = Array.from(iteratePopulation({ ...population, endDate: TRAINING_AS_OF_DATE }), (merchant) =>
    labelMerchant(merchant, TRAINING_AS_OF_DATE),
  )
  const model = trainLogisticRegression(rows, { trainedOn: { ...population, asOfDate: TRAINING_AS_OF_DATE } })
  mkdirSync(dirname(SCORECARD_MODEL_PATH), { recursive: true })
  writeFileSync(SCORECARD_MODEL_PATH, `${JSON.stringify(model, null, 2)}\n`)

  const defaults = rows.filter((row) => row.defaulted).length
  const meanTruePd = rows.reduce((sum, row) => sum + row.trueDefaultProbability, 0) / rows.length
  const pds = rows.map((row) => predictDefaultProbability(model, row.features))
  console.log(
    `${model.version}: trained on seed ${TRAINING_SEED}, ${rows.length} merchants × ${HISTORY_DAYS} days`,
  )
  console.log(
    `  as of ${TRAINING_AS_OF_DATE}; defaults ${defaults} (${pct(defaults / rows.length)}), mean true PD ${pct(meanTruePd)}`,
  )
  console.log(`  intercept ${model.intercept.toFixed(4)}, L2 ${model.l2}`)
  for (const f of model.features) {
    console.log(
      `  ${f.name.padEnd(22)} ${f.transform.kind.padEnd(8)} weight ${f.weight.toFixed(4).padStart(8)}  → ${f.reasonCode}`,
    )
  }
  const { intercept, slope, rows: calibrationRows } = model.calibration
  console.log(
    `  Platt calibration on ${calibrationRows} rows: z = ${intercept.toFixed(4)} + ${slope.toFixed(4)}·s`,
  )
  console.log(
    `  in-sample AUC ${aucOf(
      pds,
      rows.map((row) => row.defaulted),
    ).toFixed(4)} (see model:evaluate for held-out)`,
  )
  console.log(`  wrote ${SCORECARD_MODEL_PATH} in ${((performance.now() - startedMs) / 1000).toFixed(1)} s`)
}

function pct(share: number): string {
  return `${(share * 100).toFixed(2)} %`
}

main()
