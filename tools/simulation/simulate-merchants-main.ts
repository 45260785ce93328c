/**
 * `npm run simulate:merchants -- --merchants 1000 --days 365 [--seed N] [--database URL]`: runs the
 * merchant lending simulation (merchant-simulation.ts) in its own database (dropped and recreated;
 * left behind for inspection) and prints what it lent, collected, earned and lost, PAR30 and the
 * ledger's verdict. Exits 1 when the ledger does not verify or a figure differs from the ledger.
 * @module
 */
import { parseArgs } from 'node:util'
import {
  runMerchantSimulation,
  SIMULATION_DATABASE_URL,
  type SimulationResult,
} from './merchant-simulation.js'
import {
  formatStepTimes,
  printFigures,
  printVerdict,
  runMain,
  UsageError,
  wholeNumberOption,
} from './simulation-support.js'

const USAGE =
  'usage: npm run simulate:merchants -- [--merchants 1000] [--days 365] [--seed 20260101] [--database mysql://…/microloan_sim] [--payouts-via-route]'

function print(result: SimulationResult): void {
  const f = result.figures
  const l = result.ledger
  const money: Array<[string, number]> = [
    ['disbursed', f.disbursedFen],
    ['collected (all repayments)', f.collectedFen],
    ['  of which principal', l.collectedPrincipalFen],
    ['  of which early repayments', f.earlyRepaidFen],
    ['interest earned', f.interestEarnedFen],
    ['penalty income', f.penaltyIncomeFen],
    ['fees', f.feesFen],
    ['losses written off', f.lossesWrittenOffFen],
    ['  of which principal', l.principalWrittenOffFen],
    ['outstanding principal', l.outstandingPrincipalFen],
    ['  of which 31+ days past due', l.par30PrincipalFen],
    ['sales settled to wallets', f.settledFen],
    ['paid out to merchants', f.paidOutFen],
  ]
  const counts: Array<[string, string]> = [
    ['merchants', `${result.merchants} (${f.merchantsDefaulted} default in the window)`],
    ['days', `${result.days} (${result.fromDate} … ${result.toDate})`],
    ['seed', String(result.seed)],
    [
      'applications',
      `${f.applications}: ${f.approved} approved, ${f.declined} declined, ${f.refused} refused` +
        ` (and ${f.offersWithoutLine} looks at an offer with no line)`,
    ],
    [
      'decline reasons',
      Object.entries(f.declineReasons)
        .sort((a, b) => b[1] - a[1])
        .map(([code, n]) => `${code} ${n}`)
        .join(', ') || '—',
    ],
    ['loans disbursed', String(f.loansDisbursed)],
    ['early repayments', String(f.earlyRepayments)],
    [
      'loans',
      `${result.loans.active} active, ${result.loans.closed} closed, ${result.loans.writtenOff} written off`,
    ],
    ['PAR30', `${l.par30Bps} bps (${(l.par30Bps / 100).toFixed(2)} %)`],
    ['sales rows, payouts', `${f.salesRows}, ${f.payouts}`],
  ]
  printFigures(counts, money)
  const seconds = result.wallMs / 1000
  console.log(
    `wall time ${seconds.toFixed(1)} s; simulated days ${(result.simulatedMs / 1000).toFixed(1)} s, ` +
      `${result.daysPerSecond.toFixed(2)} days/s`,
  )
  console.log(`time by step: ${formatStepTimes(result.phaseMs)}`)
  printVerdict(result.mismatches, result.verify)
}

async function main(): Promise<void> {
  let parsed
  try {
    parsed = parseArgs({
      options: {
        merchants: { type: 'string' },
        days: { type: 'string' },
        seed: { type: 'string' },
        database: { type: 'string' },
        'payouts-via-route': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  const { values } = parsed
  if (values.help) {
    console.log(USAGE)
    return
  }
  const merchants = wholeNumberOption('merchants', values.merchants, 1000)
  const days = wholeNumberOption('days', values.days, 365)
  const seed = wholeNumberOption('seed', values.seed, 20_260_101, 0)
  const databaseUrl = values.database ?? SIMULATION_DATABASE_URL
  console.log(`simulating ${merchants} merchants × ${days} days (seed ${seed}) in ${databaseUrl}`)
  const result = await runMerchantSimulation({
    merchants,
    days,
    seed,
    databaseUrl,
    payoutsVia: values['payouts-via-route'] ? 'route' : 'entry',
    log: (line) => console.log(line),
  })
  print(result)
  if (!result.verify.ok || result.mismatches.length > 0) process.exitCode = 1
}

runMain(main, USAGE)
