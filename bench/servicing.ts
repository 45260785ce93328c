/**
 * Close of business over many active merchant loans: one business date, timed through the real
 * close-of-business workflow, reported as loans serviced per second.
 */
import { randomBytes } from 'node:crypto'
import { iteratePopulation } from '../src/credit/merchant-population.js'
import { loadPopulation } from '../src/credit/population-loader.js'
import { isoDate } from '../src/kernel/business-date.js'
import { decideApplication, disburseLoan } from '../src/merchant-loans/origination-service.js'
import { closeOfBusinessRun } from '../workflows/close-of-business.js'
import { refreshAllCreditLines } from '../workflows/credit-line-refresh.js'
import { type BenchEnv, fmt, perSecond, runConcurrent } from './support.js'

async function originate(env: BenchEnv, loanCount: number): Promise<number> {
  const eligible = async () =>
    (
      await env.db
        .selectFrom('creditLines as c')
        .leftJoin('loans as l', 'l.borrowerId', 'c.merchantId')
        .select('c.merchantId')
        .where('c.eligible', '=', 1)
        .where('c.creditLimitFen', '>=', 10_000)
        .where('l.id', 'is', null)
        .limit(loanCount)
        .execute()
    ).map((row) => Number(row.merchantId))
  let merchants = await eligible()
  if (merchants.length < loanCount) {
    await loadPopulation(
      env,
      iteratePopulation({
        seed: 5150,
        merchantCount: Math.ceil(loanCount * 1.4),
        days: 180,
        endDate: isoDate('2025-12-31'),
      }),
    )
    await env.client.workflow.execute(refreshAllCreditLines, {
      workflowId: `bench-refresh-${randomBytes(3).toString('hex')}`,
      taskQueue: env.taskQueue,
      args: [],
    })
    merchants = await eligible()
  }
  let made = 0
  await runConcurrent(merchants.length, 8, async (index) => {
    const merchantId = merchants[index]!
    const outcome = await decideApplication(env, {
      workflowId: `bench-loan-${merchantId}-${randomBytes(3).toString('hex')}`,
      merchantId,
      amountFen: 10_000,
      termDays: 30,
      repaymentMethod: 'installment',
      frequency: 'daily',
    })
    if (outcome.kind === 'approved') {
      await disburseLoan(env, outcome.loanId)
      made += 1
    }
  })
  return made
}

export async function runServicingBench(env: BenchEnv, n: (count: number) => number): Promise<void> {
  console.log('\nClose of business (merchant loans)')
  const loans = await originate(env, n(10_000))
  for (let day = 0; day < 2; day++) {
    const startedAt = performance.now()
    const result = await env.client.workflow.execute(closeOfBusinessRun, {
      workflowId: `bench-cob-${randomBytes(3).toString('hex')}`,
      taskQueue: env.taskQueue,
      args: [{ days: 1, requestedBy: 'bench' }],
    })
    const wallMs = performance.now() - startedAt
    console.log(
      `  ${result.fromDate}: ${fmt(result.loansProcessed)} of ${fmt(loans)} loans serviced in ${fmt(wallMs / 1000, 1)} s ` +
        `= ${fmt(perSecond(result.loansProcessed, wallMs))} loans/s (accrued ${fmt(result.accruedInterestFen)} fen, collected ${fmt(result.collectedFen)} fen)`,
    )
  }
}
