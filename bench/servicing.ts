/**
 * Close of business over many active merchant loans, timed through the real close-of-business
 * workflow and reported as loans serviced per second, at two book sizes (10,000 and 100,000 loans at
 * BENCH_SCALE=1) so the growth with the book shows. The book is written in bulk (merchants, loan rows,
 * accounts, one disbursement entry per loan through the ledger), not through origination: the point
 * here is close of business. Half the merchants have sales on the date, so collections come both from
 * the day's settlement and from wallets.
 */
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { IsoDate } from '../src/kernel/business-date.js'
import { accounts } from '../src/ledger/chart-of-accounts.js'
import {
  buildSchedule,
  dueDateAt,
  INSTALLMENT_LOAN_SCHEDULE,
  SCHEDULE_VERSION_CURRENT,
} from '../src/servicing/schedule.js'
import { SERVICING_POLICY } from '../src/servicing/servicing-policy.js'
import { getBusinessDate } from '../src/system/business-date-service.js'
import { closeOfBusinessRun } from '../workflows/close-of-business.js'
import { type BenchEnv, fmt, perSecond } from './support.js'

const CHUNK_LOANS = 2_000
const PRINCIPAL_FEN = 10_000
const ANNUAL_RATE_BPS = 1_800
const NET_SALES_FEN = 5_000

/** Books `count` active daily loans of 10,000 fen, one per new merchant, disbursed on the business date. */
export async function bookLoans(
  env: BenchEnv,
  run: string,
  firstIndex: number,
  count: number,
): Promise<void> {
  const businessDate = await getBusinessDate(env.db)
  const maturesOn = dueDateAt(businessDate, 'daily', 30)
  const totalRepayFen =
    PRINCIPAL_FEN +
    buildSchedule(
      {
        principalFen: PRINCIPAL_FEN,
        annualRateBps: ANNUAL_RATE_BPS,
        repayments: 30,
        frequency: 'daily',
        ...INSTALLMENT_LOAN_SCHEDULE,
        startDate: businessDate,
      },
      SCHEDULE_VERSION_CURRENT,
    ).totalInterestFen
  await env.ledger.openAccounts([
    accounts.platformClearing(),
    accounts.interestIncome(),
    accounts.penaltyIncome(),
  ])
  for (let from = 0; from < count; from += CHUNK_LOANS) {
    const size = Math.min(CHUNK_LOANS, count - from)
    const refs = Array.from({ length: size }, (_, i) => `bench-sv-${run}-${firstIndex + from + i}`)
    await env.db
      .insertInto('merchants')
      .values(refs.map((externalRef) => ({ externalRef, name: externalRef, openedOn: '2025-01-01' })))
      .execute()
    const merchants = await env.db
      .selectFrom('merchants')
      .select('id')
      .where('externalRef', 'in', refs)
      .orderBy('id')
      .execute()
    const merchantIds = merchants.map((row) => Number(row.id))
    await env.db
      .insertInto('loanApplications')
      .values(
        merchantIds.map((merchantId) => ({
          workflowId: `bench-sv-${run}-${merchantId}`,
          merchantId,
          amountFen: PRINCIPAL_FEN,
          termDays: 30,
          repaymentMethod: 'installment',
          frequency: 'daily',
          status: 'approved' as const,
          reasons: '[]',
          businessDate,
        })),
      )
      .execute()
    const applications = await env.db
      .selectFrom('loanApplications')
      .select(['id', 'merchantId'])
      .where('merchantId', 'in', merchantIds)
      .execute()
    await env.db
      .insertInto('loans')
      .values(
        applications.map((application) => ({
          product: 'merchant' as const,
          borrowerId: Number(application.merchantId),
          applicationId: Number(application.id),
          status: 'active' as const,
          principalFen: PRINCIPAL_FEN,
          repaymentMethod: 'installment',
          frequency: 'daily',
          repayments: 30,
          termDays: 30,
          annualRateBps: ANNUAL_RATE_BPS,
          salesShareBps: null,
          feeFen: null,
          aprBps: ANNUAL_RATE_BPS,
          totalRepayFen,
          disbursedOn: businessDate,
          maturesOn,
          policyVersion: 'bench',
          penaltyAnnualRateBps: SERVICING_POLICY.penaltyAnnualRateBps,
          scheduleVersion: SCHEDULE_VERSION_CURRENT,
        })),
      )
      .execute()
    const loans = await env.db
      .selectFrom('loans')
      .select(['id', 'borrowerId'])
      .where('borrowerId', 'in', merchantIds)
      .execute()
    await env.ledger.openAccounts(
      loans.flatMap((loan) => {
        const loanId = Number(loan.id)
        return [
          accounts.merchantWallet(loan.borrowerId),
          accounts.loanPrincipal(loanId),
          accounts.loanInterest(loanId),
          accounts.loanFees(loanId),
          accounts.loanPenalty(loanId),
        ]
      }),
    )
    await Promise.all(
      loans.map((loan) =>
        env.ledger.post({
          idempotencyKey: `disb:${loan.id}`,
          type: 'merchant_disbursement',
          businessDate,
          refs: { loanId: Number(loan.id) },
          postings: [
            {
              accountCode: accounts.loanPrincipal(Number(loan.id)).code,
              side: 'D',
              amountFen: PRINCIPAL_FEN,
            },
            {
              accountCode: accounts.merchantWallet(loan.borrowerId).code,
              side: 'C',
              amountFen: PRINCIPAL_FEN,
            },
          ],
        }),
      ),
    )
  }
}

/** Every other merchant of the run sells on `date`: its collection comes from that day's settlement. */
async function recordSales(env: BenchEnv, run: string, date: IsoDate): Promise<void> {
  await sql`
    INSERT INTO merchant_daily_sales (merchant_id, sales_date, gross_fen, refund_fen, order_count)
    SELECT id, ${date}, ${NET_SALES_FEN}, 0, 10 FROM merchants
    WHERE external_ref LIKE ${`bench-sv-${run}-%`} AND MOD(id, 2) = 0
    ON DUPLICATE KEY UPDATE gross_fen = VALUES(gross_fen)`.execute(env.db)
}

async function closeOneDay(env: BenchEnv, run: string, bookSize: number): Promise<void> {
  await recordSales(env, run, await getBusinessDate(env.db))
  const startedAt = performance.now()
  const result = await env.client.workflow.execute(closeOfBusinessRun, {
    workflowId: `bench-cob-${randomBytes(3).toString('hex')}`,
    taskQueue: env.taskQueue,
    args: [{ days: 1, requestedBy: 'bench' }],
  })
  const wallMs = performance.now() - startedAt
  console.log(
    `  ${fmt(bookSize)} loans, ${result.fromDate}: ${fmt(result.loansProcessed)} serviced in ${fmt(wallMs / 1000, 1)} s ` +
      `= ${fmt(perSecond(result.loansProcessed, wallMs))} loans/s, ${fmt((wallMs * 1000) / Math.max(1, result.loansProcessed), 0)} µs a loan ` +
      `(settled ${fmt(result.settledFen)} fen, collected ${fmt(result.collectedFen)} fen, accrued ${fmt(result.accruedInterestFen)} fen)`,
  )
}

export async function runServicingBench(env: BenchEnv, n: (count: number) => number): Promise<void> {
  console.log('\nClose of business (merchant loans; target: 100,000 loans in under 2 minutes)')
  const run = randomBytes(3).toString('hex')
  const sizes = [n(10_000), n(100_000)]
  let booked = 0
  for (const size of sizes) {
    const startedAt = performance.now()
    await bookLoans(env, run, booked, size - booked)
    booked = size
    console.log(`  (booked ${fmt(size)} loans in ${fmt((performance.now() - startedAt) / 1000, 1)} s)`)
    await closeOneDay(env, run, size)
  }
}
