/**
 * The demo's merchants: a synthetic population (src/credit/merchant-population.ts) with
 * {@link DEMO_SALES_DAYS} of sales before the first business date, so lines exist at once, and sales
 * through the days of demo history after it. The same seed and dates give the same merchants, so the
 * seed loads the history before the first date and the demo history sends the rest day by day.
 * @module
 */
import { generatePopulation, type SyntheticMerchant } from '../credit/merchant-population.js'
import { addDays, type IsoDate } from '../kernel/business-date.js'

export const DEMO_MERCHANTS = 100
/** Days of sales before the first business date: the scorecard's features look back 180 days. */
export const DEMO_SALES_DAYS = 180
const DEMO_POPULATION_SEED = 20_261_123

/** The population whose sales run from {@link DEMO_SALES_DAYS} before `startDate` to the day before `startDate + historyDays`. */
export function demoPopulation(startDate: IsoDate, historyDays: number): SyntheticMerchant[] {
  return generatePopulation({
    seed: DEMO_POPULATION_SEED,
    merchantCount: DEMO_MERCHANTS,
    days: DEMO_SALES_DAYS + historyDays,
    endDate: addDays(startDate, historyDays - 1),
  })
}
