/**
 * `npm run simulate:season -- --farmers 1000 [--seed N] [--database URL]`: runs the growing-season
 * simulation of the agricultural closed loop (season-simulation.ts) in its own database (dropped and
 * recreated; left behind for inspection) and prints what was lent, spent, delivered, repaid, claimed
 * and lost, and the ledger's verdict. Exits 1 when the ledger does not verify or a figure differs
 * from the ledger.
 * @module
 */
import { parseArgs } from 'node:util'
import { HARVESTS, runSeasonSimulation, SEASON_DATABASE_URL, type SeasonResult } from './season-simulation.js'
import {
  formatStepTimes,
  printFigures,
  printVerdict,
  runMain,
  thousands,
  UsageError,
  wholeNumberOption,
} from './simulation-support.js'

const USAGE =
  'usage: npm run simulate:season -- [--farmers 1000] [--seed 20260301] [--database mysql://…/microloan_season]'

const percent = (bps: number) => `${(bps / 100).toFixed(2)} %`

function print(result: SeasonResult): void {
  const f = result.figures
  const l = result.ledger
  const byHarvest = HARVESTS.map((harvest) => {
    const h = result.byHarvest[harvest]
    return `${harvest} ${h.farmers}: ${h.repaidWithoutClaim} repaid, ${h.claims} claims, ${h.writtenOff} written off`
  }).join('; ')
  const counts: Array<[string, string]> = [
    [
      'farmers',
      `${result.farmers} (${Object.entries(result.crops)
        .map(([crop, n]) => `${crop} ${n}`)
        .join(', ')})`,
    ],
    ['days', `${result.days} (${result.fromDate} … ${result.toDate}), seed ${result.seed}`],
    [
      'applications',
      `${f.applications}: ${f.approved} approved, ${f.declined} declined` +
        (f.declined > 0
          ? ` (${Object.entries(f.declineReasons)
              .map(([code, n]) => `${code} ${n}`)
              .join(', ')})`
          : ''),
    ],
    [
      'loans',
      `${result.loans.total}: ${result.loans.closed} closed, ${result.loans.writtenOff} written off, ${result.loans.open} open`,
    ],
    ['by harvest', byHarvest],
    [
      'repayment rate',
      `${percent(result.repaymentRateBps)} (${result.loans.repaidWithoutClaim} of ${result.loans.total} loans fully repaid without a claim)`,
    ],
    [
      'purchases',
      `${f.purchases} paid (${f.pointOfSalePurchases} rung up by the supplier and confirmed by the farmer)` +
        (f.purchasesSkipped > 0 ? ` (${f.purchasesSkipped} planned, nothing left to buy)` : ''),
    ],
    [
      'blocked attempts',
      Object.entries(f.blocked)
        .map(([kind, n]) => `${kind} ${n}`)
        .join(', '),
    ],
    ['deliveries', `${f.deliveries}, ${thousands(f.deliveredKg)} kg`],
    [
      'days to cash',
      Object.entries(f.daysToCash)
        .map(
          ([behaviour, cash]) =>
            `${behaviour} ${cash.deliveries === 0 ? '–' : (cash.totalDays / cash.deliveries).toFixed(1)} on average, ${cash.maxDays} at most`,
        )
        .join('; '),
    ],
    [
      'claims decided',
      `${f.claimsRejected} rejected, ${f.claimsAcceptedInPart} accepted in part, the rest in full`,
    ],
    [
      'side-sold harvests',
      `${f.sideSold} farmers delivered ${thousands(f.sideSoldShortKg)} kg less than they contracted`,
    ],
    ...(['offtakers', 'insurers'] as const).map((side): [string, string] => [
      `peak exposure, ${side}`,
      Object.entries(result.peakExposureFen[side])
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([ref, fen]) => `${ref} ¥${thousands(Math.round(fen / 100))}`)
        .join(', '),
    ]),
    [
      'claims',
      `${result.claims.opened} opened, ${result.claims.paid} paid; ${f.windowsClosedSwept} wallets swept when the window closed`,
    ],
  ]
  const spend = Object.entries(f.spendByCategory).sort((a, b) => b[1] - a[1])
  const money: Array<[string, number]> = [
    ['disbursed (principal)', f.disbursedFen],
    ['  premiums to insurers', f.premiumsFen],
    ['  into restricted wallets', f.restrictedFundedFen],
    ['restricted spend', f.purchasedFen],
    ...spend.map(([category, fen]): [string, number] => [`  ${category}`, fen]),
    [
      'repaid (all sources)',
      l.repaid.deliveries.totalFen + l.repaid.sweep.totalFen + l.repaid.claims.totalFen,
    ],
    ['  by deliveries', l.repaid.deliveries.totalFen],
    ['  by sweep of unspent funds', l.repaid.sweep.totalFen],
    ['  by claims', l.repaid.claims.totalFen],
    [
      'repaid principal',
      l.repaid.deliveries.principalFen + l.repaid.sweep.principalFen + l.repaid.claims.principalFen,
    ],
    ['  by deliveries', l.repaid.deliveries.principalFen],
    ['  by sweep', l.repaid.sweep.principalFen],
    ['  by claims', l.repaid.claims.principalFen],
    ['claims opened (covered share)', result.claims.openedClaimFen],
    ['  owed when they opened', result.claims.openedOwedFen],
    ['claims paid', f.claimsPaidFen],
    ['losses written off', f.writtenOffFen],
    ['  of which principal', l.principalWrittenOffFen],
    ['recovered after write-off', f.recoveredFen],
    ['interest earned', l.interestIncomeFen],
    ['penalty income', l.penaltyIncomeFen],
    ['delivery proceeds', f.proceedsFen],
    ['  paid by offtakers in cash', f.offtakerPaidFen],
    ['farmers’ free-wallet proceeds', f.toFarmersFen],
    ['outstanding principal', l.outstandingPrincipalFen],
  ]
  printFigures(counts, money)
  console.log(`wall time ${(result.wallMs / 1000).toFixed(1)} s`)
  console.log(`time by step: ${formatStepTimes(result.stepMs)}`)
  printVerdict(result.mismatches, result.verify)
}

async function main(): Promise<void> {
  let parsed
  try {
    parsed = parseArgs({
      options: {
        farmers: { type: 'string' },
        seed: { type: 'string' },
        database: { type: 'string' },
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
  const farmers = wholeNumberOption('farmers', values.farmers, 1000)
  const seed = wholeNumberOption('seed', values.seed, 20_260_301, 0)
  const databaseUrl = values.database ?? SEASON_DATABASE_URL
  console.log(`simulating a season of ${farmers} farmers (seed ${seed}) in ${databaseUrl}`)
  const result = await runSeasonSimulation({ farmers, seed, databaseUrl, log: (line) => console.log(line) })
  print(result)
  if (!result.verify.ok || result.mismatches.length > 0) process.exitCode = 1
}

runMain(main, USAGE)
