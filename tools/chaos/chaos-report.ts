/**
 * Prints a chaos run's figures: the seed, requests and answers per status, faults per kind, open
 * workflows, the ledger's verdict and every anomaly.
 * @module
 */
import { thousands } from '../simulation/simulation-support.js'
import { formatFaults, type ChaosReport } from './chaos-run.js'

function answerTimes(answerMs: readonly number[]): string {
  if (answerMs.length === 0) return 'none'
  const sorted = [...answerMs].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
  return `p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${sorted.at(-1)} ms (first send to definitive answer, retries included)`
}

export function printReport(report: ChaosReport, print: (line: string) => void = console.log): void {
  const { stats } = report
  const byStatus = (counts: Map<string, number>) =>
    [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([status, n]) => `${status} ×${thousands(n)}`)
      .join(', ')
  const lines: Array<[string, string]> = [
    ['seed', `${report.seed} (replay with --seed ${report.seed})`],
    ['steps', `${report.stepsRun} of ${report.plannedSteps} planned run, ${report.stepsSkipped} skipped`],
    [
      'requests',
      `${thousands(stats.requests.sent)} sent, ${thousands(stats.requests.answered)} answered definitively, ${stats.requests.unresolved} unresolved`,
    ],
    ['answers', byStatus(stats.definitive)],
    ['time to answer', answerTimes(stats.answerMs)],
    ['attempts', byStatus(stats.attempts)],
    ['faults', `${formatFaults(report.faults)}; worker exits not planned ${report.workerExitsUnplanned}`],
    ['workflows', `all finished but ${report.openWorkflowsLongLived} farm loans waiting for deliveries`],
    [
      'ledger:verify',
      `${report.verify.ok ? 'clean' : `DISCREPANCY: ${report.verify.discrepancy}`} (${thousands(report.verify.counts.entries)} entries, ${thousands(report.verify.counts.postings)} postings)`,
    ],
    ['anomalies', String(report.anomalies.length)],
    ['wall time', `${(report.wallTimeMs / 1000).toFixed(1)} s`],
  ]
  const width = Math.max(...lines.map(([label]) => label.length))
  for (const [label, value] of lines) print(`${label.padEnd(width)}  ${value}`)
  for (const anomaly of report.anomalies) print(`ANOMALY ${anomaly}`)
}
