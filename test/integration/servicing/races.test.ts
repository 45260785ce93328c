/**
 * Issue 16 item 10, races to close. Close of business reads a batch of loans, then posts their
 * accruals; an officer's write-off and a refill's payoff each read what a loan owes, then post. Each
 * test pauses one side at its read (the test-only `pauseForTest` seam) and runs the other there, so
 * the interleaving happens every time: the other side either finishes inside the pause, or (once the
 * two serialise on the loan's row) is seen waiting on that lock and finishes after. Either way the
 * loan ends written off or closed owing nothing in every component, with no accrual after the entry
 * that wrote it off or paid it off.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { loadScorecardModel } from '../../../src/credit/credit-line-service.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { decideApplication, disburseLoan } from '../../../src/merchant-loans/origination-service.js'
import { writeOffByOfficer } from '../../../src/servicing/officer-actions.js'
import { serviceLoans, type PauseForTest } from '../../../src/servicing/servicing-service.js'
import { getBusinessDate } from '../../../src/system/business-date-service.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean, fundLender } from '../../support/ledger.js'
import { merchantsWithLines, type MerchantWithLine } from '../../support/merchant-lines.js'

let h: Harness
let officerKey: string
let merchants: MerchantWithLine[]

beforeAll(async () => {
  h = await startHarness()
  officerKey = await h.keyFor('officer')
  await fundLender(h.ledger, 10_000_000_00)
  await h.ledger.openAccount(accounts.creditLoss())
  merchants = await merchantsWithLines(h, { seed: 1610, merchantCount: 30, minAvailableFen: 100_000 })
  expect(merchants.length).toBeGreaterThanOrEqual(4)
})
afterAll(async () => {
  await expectLedgerClean(h.db)
  await h?.close()
})

/** A daily installment loan through the API, disbursed (nothing falls due on its first day). */
async function borrow(merchant: MerchantWithLine, amountFen: number, idempotencyKey: string) {
  const response = await h.request('POST', '/v1/loan-applications', {
    key: merchant.key,
    body: {
      merchantId: merchant.merchantId,
      amountFen,
      termDays: 30,
      repaymentMethod: 'installment',
      frequency: 'daily',
    },
    headers: { 'Idempotency-Key': idempotencyKey },
  })
  expect(response.body.status).toBe('approved')
  return response.body.loanId as number
}

/** Tonight's close of business for `loanId` alone (its batch holds only it), paused where `pause` says. */
async function closeOfBusinessFor(loanId: number, pause?: PauseForTest) {
  return serviceLoans(
    { db: h.db, ledger: h.ledger, pauseForTest: pause },
    { businessDate: await getBusinessDate(h.db), afterLoanId: loanId - 1, limit: 1 },
  )
}

/**
 * A refill of `oldLoanId` (75% of its principal repaid first), decided and booked but not yet
 * disbursed: the disbursement is what pays the old loan off.
 */
async function bookedRefill(merchant: MerchantWithLine, oldLoanId: number, name: string) {
  const repaid = await h.request('POST', `/v1/loans/${oldLoanId}/repayments`, {
    key: merchant.key,
    body: { amountFen: 30_000 },
    headers: { 'Idempotency-Key': `${name}-repay` },
  })
  expect(repaid.status).toBe(200)
  const outcome = await decideApplication(
    { db: h.db, scorecard: loadScorecardModel() },
    {
      workflowId: `${name}-refill`,
      merchantId: merchant.merchantId,
      amountFen: 50_000,
      termDays: 30,
      repaymentMethod: 'installment',
      frequency: 'daily',
      refillOfLoanId: oldLoanId,
    },
  )
  expect(outcome.kind).toBe('approved')
  return outcome.kind === 'approved' ? outcome.loanId : 0
}

/**
 * Waits until `operation` finishes or one of this database's connections waits in a locking read of
 * `loans` (the operation, blocked by the loan row the paused side holds); says which came first.
 * MariaDB takes a primary-key lock while it plans such a read, where `innodb_trx` does not yet list
 * the wait, so the process list is asked.
 */
async function finishedOrBlocked(operation: Promise<unknown>): Promise<'finished' | 'blocked'> {
  let settled = false
  const finished = operation.finally(() => (settled = true)).then(() => 'finished' as const)
  const blocked = (async () => {
    while (!settled) {
      const { rows } = await sql<{ waiting: number }>`
        SELECT COUNT(*) AS waiting FROM information_schema.processlist
        WHERE db = DATABASE() AND id <> CONNECTION_ID() AND command = 'Query'
          AND info LIKE '%from \`loans\`%for update%'`.execute(h.db)
      if (Number(rows[0]!.waiting) > 0) return 'blocked' as const
      await sleep(5)
    }
    return 'finished' as const
  })()
  return Promise.race([finished, blocked])
}

type Transaction = { entryId: number; type: string; amountFen: number }

/** What an officer sees of the loan: its status, what it owes, its transactions oldest first. */
async function loanAsSeen(loanId: number) {
  const loan = (await h.request('GET', `/v1/loans/${loanId}`, { key: officerKey })).body
  const transactions = (
    await h.request('GET', `/v1/loans/${loanId}/transactions?limit=100`, { key: officerKey })
  ).body.items as Transaction[]
  return { status: loan.status as string, outstanding: loan.outstanding, transactions }
}

const owesNothing = { principalFen: 0, interestFen: 0, feesFen: 0, penaltyFen: 0, totalFen: 0 }

/** The types of the loan's entries after the last one of type `type` (none: it was the last). */
function typesAfterLast(transactions: Transaction[], type: string): string[] {
  const last = transactions.findLastIndex((transaction) => transaction.type === type)
  expect(last).toBeGreaterThanOrEqual(0)
  return transactions.slice(last + 1).map((transaction) => transaction.type)
}

const accruedFen = (transactions: Transaction[]) =>
  transactions
    .filter((transaction) => transaction.type === 'interest_accrual')
    .reduce((sum, transaction) => sum + transaction.amountFen, 0)

it("an officer's write-off between close of business's read and its accrual: no accrual lands on the written-off loan", async () => {
  const loanId = await borrow(merchants[0]!, 50_000, 'race-write-off-in-cob')
  const lossBefore = await balanceOf(h.db, accounts.creditLoss().code)
  await closeOfBusinessFor(loanId, async (point) => {
    if (point !== 'cob:batch-read') return
    const written = await h.request('POST', `/v1/loans/${loanId}/write-off`, {
      key: officerKey,
      body: { reason: 'merchant vanished' },
      headers: { 'Idempotency-Key': 'race-write-off-in-cob' },
    })
    expect(written.status).toBe(200)
  })
  const seen = await loanAsSeen(loanId)
  expect({
    status: seen.status,
    outstanding: seen.outstanding,
    afterWriteOff: typesAfterLast(seen.transactions, 'write_off'),
    // Everything the loan ever owed went to credit losses, to the fen.
    lossFen: (await balanceOf(h.db, accounts.creditLoss().code)) - lossBefore,
  }).toEqual({
    status: 'written_off',
    outstanding: owesNothing,
    afterWriteOff: [],
    lossFen: 50_000 + accruedFen(seen.transactions),
  })
})

it("close of business's accrual between a write-off's read and its post: the write-off takes it too, or it is not posted", async () => {
  const loanId = await borrow(merchants[1]!, 50_000, 'race-cob-in-write-off')
  const lossBefore = await balanceOf(h.db, accounts.creditLoss().code)
  let cob: Promise<unknown> = Promise.resolve()
  let cobWas: string | undefined
  await writeOffByOfficer(
    {
      db: h.db,
      ledger: h.ledger,
      pauseForTest: async (point) => {
        if (point !== 'write-off:figures-read') return
        cob = closeOfBusinessFor(loanId)
        cobWas = await finishedOrBlocked(cob)
      },
    },
    { loanId, reason: 'merchant vanished', principalRef: 'p:race-test', actionKey: 'race-cob-in-write-off' },
  )
  await cob
  const seen = await loanAsSeen(loanId)
  expect({
    status: seen.status,
    outstanding: seen.outstanding,
    afterWriteOff: typesAfterLast(seen.transactions, 'write_off'),
    lossFen: (await balanceOf(h.db, accounts.creditLoss().code)) - lossBefore,
  }).toEqual({
    status: 'written_off',
    outstanding: owesNothing,
    afterWriteOff: [],
    lossFen: 50_000 + accruedFen(seen.transactions),
  })
  // Close of business ran inside the pause and waited for the write-off's lock on the loan.
  expect(cobWas).toBe('blocked')
})

/** The old loan is closed owing nothing, paid off by the refill's entry with nothing after it. */
async function expectRefilled(
  merchant: MerchantWithLine,
  oldLoanId: number,
  newLoanId: number,
  walletBeforeFen: number,
) {
  const old = await loanAsSeen(oldLoanId)
  const fresh = await loanAsSeen(newLoanId)
  const payoff = old.transactions.findLast((transaction) => transaction.type === 'merchant_disbursement')
  expect({
    status: old.status,
    outstanding: old.outstanding,
    afterPayoff: typesAfterLast(old.transactions, 'merchant_disbursement'),
    // Paid off with exactly what it owed: 10,000 fen of principal and every accrual posted.
    payoffFen: payoff?.amountFen,
    newLoan: { status: fresh.status, principalFen: fresh.outstanding.principalFen },
    walletFen: (await balanceOf(h.db, accounts.merchantWallet(merchant.merchantId).code)) - walletBeforeFen,
  }).toEqual({
    status: 'closed',
    outstanding: owesNothing,
    afterPayoff: [],
    payoffFen: 10_000 + accruedFen(old.transactions),
    newLoan: { status: 'active', principalFen: 50_000 },
    walletFen: 50_000 - 10_000 - accruedFen(old.transactions),
  })
}

it("a refill between close of business's read and its accrual: the old loan is closed owing nothing", async () => {
  const merchant = merchants[2]!
  const oldLoanId = await borrow(merchant, 40_000, 'race-refill-in-cob')
  const newLoanId = await bookedRefill(merchant, oldLoanId, 'race-refill-in-cob')
  const walletBeforeFen = await balanceOf(h.db, accounts.merchantWallet(merchant.merchantId).code)
  await closeOfBusinessFor(oldLoanId, async (point) => {
    if (point === 'cob:batch-read') await disburseLoan({ db: h.db, ledger: h.ledger }, newLoanId)
  })
  await expectRefilled(merchant, oldLoanId, newLoanId, walletBeforeFen)
})

it("close of business's accrual between a refill's payoff quote and its payment: the old loan is closed owing nothing", async () => {
  const merchant = merchants[3]!
  const oldLoanId = await borrow(merchant, 40_000, 'race-cob-in-refill')
  const newLoanId = await bookedRefill(merchant, oldLoanId, 'race-cob-in-refill')
  const walletBeforeFen = await balanceOf(h.db, accounts.merchantWallet(merchant.merchantId).code)
  let cob: Promise<unknown> = Promise.resolve()
  let cobWas: string | undefined
  await disburseLoan(
    {
      db: h.db,
      ledger: h.ledger,
      pauseForTest: async (point) => {
        if (point !== 'refill:payoff-quoted') return
        cob = closeOfBusinessFor(oldLoanId)
        cobWas = await finishedOrBlocked(cob)
      },
    },
    newLoanId,
  )
  await cob
  await expectRefilled(merchant, oldLoanId, newLoanId, walletBeforeFen)
  // Close of business ran inside the pause and waited for the refill's lock on the old loan.
  expect(cobWas).toBe('blocked')
})
