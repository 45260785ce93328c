/**
 * Issue 16 items 4 and 5 on the books. Schedules are derived from a loan's stored terms, so the fixed
 * calculator (version 2) must not change the schedule of a loan booked before it: each loan stores the
 * version it was contracted under, the loans already there get version 1 and keep the old figures.
 * New terms whose schedule would have an installment repaying no principal are refused the same way
 * in a restructure as in the calculator.
 */
import { Migrator, sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, dropDatabase, ensureDatabaseExists } from '../../../src/db/database.js'
import { migrations } from '../../../src/db/migrations/index.js'
import { isoDate } from '../../../src/kernel/business-date.js'
import { contractualSchedule, termsOf } from '../../../src/servicing/loan-view.js'
import {
  buildSchedule,
  SCHEDULE_VERSION_CURRENT,
  type ScheduleTerms,
} from '../../../src/servicing/schedule.js'
import { merchantsWithLines } from '../../support/merchant-lines.js'
import { startHarness, testDatabaseUrl, type Harness } from '../../support/harness.js'
import { expectLedgerClean, fundLender } from '../../support/ledger.js'

let h: Harness
let officerKey: string
type Borrower = { merchantId: number; key: string }
const borrowers: Borrower[] = []

beforeAll(async () => {
  h = await startHarness()
  officerKey = await h.keyFor('officer')
  await fundLender(h.ledger, 10_000_000_00)
  borrowers.push(
    ...(await merchantsWithLines(h, { seed: 1616, merchantCount: 40, minAvailableFen: 200_000 })),
  )
  expect(borrowers.length).toBeGreaterThanOrEqual(3)
})
afterAll(async () => {
  await expectLedgerClean(h.db)
  await h?.close()
})

async function borrow(who: Borrower, body: Record<string, unknown>, idempotencyKey: string) {
  const response = await h.request('POST', '/v1/loan-applications', {
    key: who.key,
    body: { merchantId: who.merchantId, ...body },
    headers: { 'Idempotency-Key': idempotencyKey },
  })
  expect(response.body).toMatchObject({ status: 'approved' })
  return response.body.loanId as number
}

async function loanRow(loanId: number) {
  return h.db.selectFrom('loans').selectAll().where('id', '=', loanId).executeTakeFirstOrThrow()
}

const contractual = (lines: readonly { dueDate: string; principalFen: number; interestFen: number }[]) =>
  lines.map(({ dueDate, principalFen, interestFen }) => ({ dueDate, principalFen, interestFen }))

describe('a loan keeps the schedule version it was contracted under', () => {
  it('books a new loan at the current version and derives its schedule with it', async () => {
    const loanId = await borrow(
      borrowers[0]!,
      { amountFen: 200_000, termDays: 180, repaymentMethod: 'installment', frequency: 'monthly' },
      'version-new',
    )
    const row = await loanRow(loanId)
    expect(row.scheduleVersion).toBe(SCHEDULE_VERSION_CURRENT)
    const view = (await h.request('GET', `/v1/loans/${loanId}`, { key: officerKey })).body
    const terms: ScheduleTerms = {
      principalFen: 200_000,
      annualRateBps: row.annualRateBps!,
      repayments: 6,
      frequency: 'monthly',
      method: 'annuity',
      interestBasis: 'act365',
      startDate: isoDate(view.disbursedOn),
    }
    const current = buildSchedule(terms, SCHEDULE_VERSION_CURRENT).installments
    expect(contractual(view.schedule)).toEqual(contractual(current))
  })

  it('serves a version 1 loan the schedule version 1 gives, not the fixed one', async () => {
    const loanId = await borrow(
      borrowers[1]!,
      { amountFen: 200_000, termDays: 180, repaymentMethod: 'installment', frequency: 'monthly' },
      'version-old',
    )
    // A loan booked before the fix: the migration gave it version 1.
    await h.db.updateTable('loans').set({ scheduleVersion: 1 }).where('id', '=', loanId).execute()
    const row = await loanRow(loanId)
    const view = (await h.request('GET', `/v1/loans/${loanId}`, { key: officerKey })).body
    const terms: ScheduleTerms = {
      principalFen: 200_000,
      annualRateBps: row.annualRateBps!,
      repayments: 6,
      frequency: 'monthly',
      method: 'annuity',
      interestBasis: 'act365',
      startDate: isoDate(view.disbursedOn),
    }
    const old = buildSchedule(terms, 1).installments
    const fixed = buildSchedule(terms, SCHEDULE_VERSION_CURRENT).installments
    expect(contractual(old)).not.toEqual(contractual(fixed)) // the months' days differ: so do the versions
    expect(contractual(view.schedule)).toEqual(contractual(old))
    // Old-formula shape: five level installments at the periodic payment, the last absorbing the rest.
    expect(new Set(old.slice(0, 5).map((line) => line.totalFen)).size).toBe(1)

    // A restructure is a new schedule: it takes the current version.
    const restructured = await h.request('POST', `/v1/loans/${loanId}/restructure`, {
      key: officerKey,
      body: { termDays: 90, reason: 'three months instead of six' },
      headers: { 'Idempotency-Key': 'restructure-old' },
    })
    expect(restructured.status).toBe(200)
    const after = await loanRow(loanId)
    expect(after.scheduleVersion).toBe(SCHEDULE_VERSION_CURRENT)
    const rescheduled = buildSchedule(
      { ...terms, repayments: 3, startDate: isoDate(after.scheduleStartOn!) },
      SCHEDULE_VERSION_CURRENT,
    ).installments
    expect(contractual(restructured.body.schedule)).toEqual(contractual(rescheduled))
  })
})

describe('a restructure refuses a schedule with an installment repaying no principal', () => {
  it('refuses 100 fen over 365 daily installments, writing nothing, and accepts a term that fits', async () => {
    const loanId = await borrow(
      borrowers[2]!,
      { amountFen: 100, termDays: 30, repaymentMethod: 'installment', frequency: 'daily' },
      'version-tiny',
    )
    const before = await loanRow(loanId)
    const refused = await h.request('POST', `/v1/loans/${loanId}/restructure`, {
      key: officerKey,
      body: { termDays: 365, reason: 'a longer term' },
      headers: { 'Idempotency-Key': 'restructure-tiny-365' },
    })
    expect(refused.status).toBe(422)
    expect(refused.headers.get('content-type')).toContain('application/problem+json')
    expect(refused.body.code).toBe('installment_without_principal')
    expect(await loanRow(loanId)).toEqual(before)
    const audit = await h.request('GET', `/v1/audit-log?subjectType=loan&subjectId=${loanId}`, {
      key: officerKey,
    })
    expect(audit.body.items).toHaveLength(0)

    // A week: seven daily installments of about 14 fen, each repaying principal.
    const accepted = await h.request('POST', `/v1/loans/${loanId}/restructure`, {
      key: officerKey,
      body: { termDays: 7, reason: 'a shorter term' },
      headers: { 'Idempotency-Key': 'restructure-tiny-7' },
    })
    expect(accepted.status).toBe(200)
    expect(accepted.body.schedule).toHaveLength(7)
    expect(accepted.body.schedule.every((line: { principalFen: number }) => line.principalFen > 0)).toBe(true)
    expect((await loanRow(loanId)).scheduleVersion).toBe(SCHEDULE_VERSION_CURRENT)
  })
})

describe('migration 0016-schedule-version', () => {
  it('gives the loans already booked version 1, whose schedule is the one they had', async () => {
    const databaseUrl = testDatabaseUrl()
    await ensureDatabaseExists(databaseUrl)
    const db = createDb(databaseUrl)
    try {
      const migrator = new Migrator({
        db: db as unknown as Kysely<unknown>,
        provider: { getMigrations: async () => migrations },
      })
      expect((await migrator.migrateTo('0015-principal-revocation')).error).toBeUndefined()
      await sql`INSERT INTO loans (product, borrower_id, application_id, status, principal_fen,
          repayment_method, frequency, repayments, term_days, annual_rate_bps, total_repay_fen,
          disbursed_on, matures_on, policy_version)
        VALUES ('merchant', 1, 1, 'active', 99999999, 'installment', 'monthly', 12, 365, 36000, 0,
          '2026-01-31', '2027-01-31', 'before-0016')`.execute(db)
      expect((await migrator.migrateToLatest()).error).toBeUndefined()
      const row = await db.selectFrom('loans').selectAll().executeTakeFirstOrThrow()
      expect(row.scheduleVersion).toBe(1)
      // Issue 16's example, booked before the fix: it keeps its contracted schedule, 59 fen last.
      const lines = contractualSchedule(termsOf(row, isoDate('2026-01-31')))
      expect(lines.slice(0, 11).every((line) => line.principalFen + line.interestFen === 31_316_405)).toBe(
        true,
      )
      expect(lines[11]).toMatchObject({ principalFen: 45, interestFen: 14 })
      // No default any more: a loan inserted without a version is refused, not silently given one.
      await expect(
        sql`INSERT INTO loans (product, borrower_id, application_id, status, principal_fen,
            repayment_method, term_days, total_repay_fen, matures_on, policy_version)
          VALUES ('merchant', 1, 2, 'booked', 100, 'sales_share', 30, 100, '2026-03-02', 'x')`.execute(db),
      ).rejects.toThrow(/schedule_version/)
    } finally {
      await db.destroy()
      await dropDatabase(databaseUrl)
    }
  })
})
