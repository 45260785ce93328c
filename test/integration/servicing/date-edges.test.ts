/**
 * The calendar's edges (issue 16), each a named test: the model-based run (`servicing-model-run.ts`)
 * aimed at the edge, so every field of every loan is compared with the reference servicer each night,
 * plus the figure a person would look at on that date, asserted literally.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeOfBusinessDay } from '../../../workflows/close-of-business.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { expectLedgerClean } from '../../support/ledger.js'
import {
  groupMismatches,
  runServicingModel,
  type Feature,
  type ModelRunOptions,
  type ModelRunResult,
} from '../../support/servicing-model-run.js'

let h: Harness
let officerKey: string
beforeAll(async () => {
  h = await startHarness()
  officerKey = await h.keyFor('officer')
})
afterAll(async () => {
  await expectLedgerClean(h.db)
  await h?.close()
})

/** The runs share one database, in order (the business date moves on); each its own seed, so its own merchants. */
async function run(options: ModelRunOptions): Promise<ModelRunResult> {
  const result = await runServicingModel(h, { concurrency: 4, ...options })
  const summary = groupMismatches(result.mismatches).map(
    ({ field, count, example }) =>
      `${field} ×${count}: loan ${example.loanId} (${example.path}) ${example.date} expected ${JSON.stringify(example.expected)} actual ${JSON.stringify(example.actual)}`,
  )
  expect(summary).toEqual([])
  return result
}

async function businessDate(): Promise<string> {
  return (await h.request('GET', '/v1/system/business-date', { key: officerKey })).body.businessDate
}

describe('servicing at the calendar’s edges', () => {
  it('a loan disbursed on the date being closed accrues that very night', async () => {
    const features: Feature[] = ['daily', 'on_time']
    const result = await run({ seed: 1, paths: 2, days: 3, features, startDays: [0] })
    for (const { loanIds } of result.paths) {
      const loanId = loanIds[0]!
      const key = await h.keyFor('officer')
      const loan = (await h.request('GET', `/v1/loans/${loanId}`, { key })).body
      expect(loan.disbursedOn).toBe('2026-01-01')
      const transactions = (await h.request('GET', `/v1/loans/${loanId}/transactions?limit=200`, { key }))
        .body
      const accrualDates = transactions.items
        .filter((item: any) => item.type === 'interest_accrual')
        .map((item: any) => item.businessDate)
      expect(accrualDates[0]).toBe('2026-01-01')
    }
  })

  it('an installment due on the date being closed is collected that night, or past due the next morning', async () => {
    // Weekly loans borrowed on Jan 4 fall due on Jan 11; the close of Jan 11 is the due date's own.
    const features: Feature[] = ['weekly', 'on_time', 'late']
    const startDate = await businessDate()
    expect(startDate).toBe('2026-01-04')
    const result = await run({ seed: 2, paths: 4, days: 8, features, startDays: [0] })
    const pastDue = []
    for (const { path, loanIds } of result.paths) {
      const loan = (await h.request('GET', `/v1/loans/${loanIds[0]}`, { key: officerKey })).body
      expect(loan.schedule[0].dueDate).toBe('2026-01-11')
      if (path.endsWith(':late')) pastDue.push(loan.daysPastDue)
      else expect(loan.daysPastDue).toBe(0)
    }
    // The morning after: a borrower who paid nothing by the close of Jan 11 is 1 day past due.
    expect(await businessDate()).toBe('2026-01-12')
    expect(pastDue.length).toBeGreaterThan(0)
    for (const days of pastDue) expect(days).toBe(1)
  })

  it('monthly loans borrowed on Jan 31 fall due on Feb 28 and Mar 31, and agree every night', async () => {
    const features: Feature[] = ['monthly', 'on_time', 'partial']
    const today = await businessDate()
    const offset = Math.round((Date.parse('2026-01-31') - Date.parse(today)) / 86_400_000)
    const result = await run({ seed: 3, paths: 3, days: offset + 61, features, startDays: [offset] })
    for (const { loanIds } of result.paths) {
      const loan = (await h.request('GET', `/v1/loans/${loanIds[0]}`, { key: officerKey })).body
      expect(loan.disbursedOn).toBe('2026-01-31')
      expect(loan.schedule.slice(0, 3).map((line: any) => line.dueDate)).toEqual([
        '2026-02-28',
        '2026-03-31',
        '2026-04-30',
      ])
    }
  })

  it('the loan calculator keeps month ends: Jan 31 → Feb 29 in a leap year, Feb 28 otherwise', async () => {
    const dueDates = async (startDate: string) => {
      const preview = await h.request('POST', '/v1/schedule-preview', {
        key: officerKey,
        body: {
          principalFen: 1_200_00,
          annualRateBps: 1_800,
          repayments: 3,
          frequency: 'monthly',
          method: 'annuity',
          interestBasis: 'act365',
          startDate,
        },
      })
      expect(preview.status).toBe(200)
      return preview.body.installments.map((line: any) => line.dueDate)
    }
    expect(await dueDates('2028-01-31')).toEqual(['2028-02-29', '2028-03-31', '2028-04-30'])
    expect(await dueDates('2027-01-31')).toEqual(['2027-02-28', '2027-03-31', '2027-04-30'])
    expect(await dueDates('2028-02-29')).toEqual(['2028-03-29', '2028-04-29', '2028-05-29'])
  })

  it('re-running close of business for a date already closed changes nothing', async () => {
    const closedDate = '2026-02-15'
    const key = officerKey
    const read = async () => ({
      trialBalance: (await h.request('GET', '/v1/ledger/trial-balance', { key })).body,
      loans: (await h.request('GET', '/v1/loans?limit=200', { key })).body,
      portfolio: (await h.request('GET', '/v1/portfolio/summary', { key })).body,
      businessDate: await businessDate(),
    })
    const before = await read()
    expect(before.businessDate > closedDate).toBe(true)
    const summary = await h.client.workflow.execute(closeOfBusinessDay, {
      taskQueue: h.taskQueue,
      workflowId: `cob-rerun/${closedDate}`,
      args: [{ businessDate: closedDate, closedBy: 'date-edges test' }],
    })
    expect(summary).toMatchObject({ businessDate: closedDate, alreadyClosed: true })
    expect(await read()).toEqual(before)
  })
})
