/**
 * One season of close of business over three merchant loans, through HTTP and a real worker:
 * a loan nobody repays ages 1-30 → 31-60 → 61-90 → 90+ with penalty interest and is written off at
 * 180 days past due; a loan that falls behind is helped by an officer (penalty waived, restructured)
 * and then repaid; a sales-share loan is repaid from its settled sales and its 30-day minimum.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generatePopulation } from '../../../src/credit/merchant-population.js'
import { loadPopulation } from '../../../src/credit/population-loader.js'
import { addDays, isoDate, type IsoDate } from '../../../src/kernel/business-date.js'
import { mulBps } from '../../../src/kernel/money.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import {
  accrueDailyInterest,
  buildSchedule,
  SCHEDULE_VERSION_CURRENT,
} from '../../../src/servicing/schedule.js'
import { SERVICING_POLICY } from '../../../src/servicing/servicing-policy.js'
import { payOutWallet } from '../../support/merchant-lines.js'
import { startHarness, TEST_INITIAL_BUSINESS_DATE, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean, fundLender, move, open } from '../../support/ledger.js'

let h: Harness
let officerKey: string
type Borrower = { merchantId: number; key: string }
const borrowers: Borrower[] = []
const d0 = isoDate(TEST_INITIAL_BUSINESS_DATE)
const population = generatePopulation({
  seed: 4242,
  merchantCount: 40,
  days: 200,
  endDate: isoDate('2025-12-31'),
})

const loans = { unpaid: 0, helped: 0, salesShare: 0 }
let salesShareBps = 0
let feeFen = 0
const SALES_DAYS = 5
const NET_SALES_FEN = 12_345

beforeAll(async () => {
  h = await startHarness()
  officerKey = await h.keyFor('officer')
  await fundLender(h.ledger, 10_000_000_00)
  await open(h.ledger, accounts.creditLoss())
  const ids = await loadPopulation({ db: h.db, ledger: h.ledger }, population)
  for (const merchantId of ids.values()) {
    const key = await h.keyFor('merchant', merchantId)
    const offer = await h.request('GET', `/v1/merchants/${merchantId}/offer`, { key })
    if (offer.body.eligible && offer.body.availableFen >= 200_000) borrowers.push({ merchantId, key })
  }
  expect(borrowers.length).toBeGreaterThanOrEqual(3)
  const borrow = async (who: Borrower, body: Record<string, unknown>, idempotencyKey: string) => {
    const response = await h.request('POST', '/v1/loan-applications', {
      key: who.key,
      body: { merchantId: who.merchantId, ...body },
      headers: { 'Idempotency-Key': idempotencyKey },
    })
    expect(response.body.status).toBe('approved')
    return response.body.loanId as number
  }
  const daily = { amountFen: 100_000, termDays: 30, repaymentMethod: 'installment', frequency: 'daily' }
  loans.unpaid = await borrow(borrowers[0]!, daily, 'season-unpaid')
  loans.helped = await borrow(borrowers[1]!, daily, 'season-helped')
  loans.salesShare = await borrow(
    borrowers[2]!,
    { amountFen: 200_000, termDays: 180, repaymentMethod: 'sales_share' },
    'season-sales-share',
  )
  const salesShareLoan = await h.request('GET', `/v1/loans/${loans.salesShare}`, { key: officerKey })
  salesShareBps = salesShareLoan.body.salesShareBps
  feeFen = salesShareLoan.body.outstanding.feesFen
  expect(salesShareBps).toBeGreaterThan(0)
  expect(feeFen).toBeGreaterThan(0)
  // The first two merchants take every fen out: nothing can be collected from them.
  for (const [index, who] of [borrowers[0]!, borrowers[1]!].entries()) {
    await payOutWallet(h, who, `season-payout-${index}`)
  }
})
afterAll(async () => {
  await expectLedgerClean(h.db)
  await h?.close()
})

async function closeDays(days: number) {
  const response = await h.request('POST', '/v1/system/close-of-business', {
    key: officerKey,
    body: { days },
  })
  expect(response.status).toBe(200)
  return response.body
}

async function loan(loanId: number) {
  return (await h.request('GET', `/v1/loans/${loanId}`, { key: officerKey })).body
}

/** Sum of 1/n shares the way a fair split gives them: the remainder fen to the earliest shares. */
/** The first of `parts` equal periods' share of `totalFen`: rounded half-even (the last absorbs the rest). */
function firstShareOf(totalFen: number, parts: number): number {
  const quotient = Math.floor(totalFen / parts)
  const twiceRemainder = 2 * (totalFen % parts)
  if (twiceRemainder !== parts) return twiceRemainder > parts ? quotient + 1 : quotient
  return quotient % 2 === 0 ? quotient : quotient + 1
}

describe('a season of close of business', () => {
  it('settles each day’s net sales into the wallet and takes the sales-share loan’s share from it', async () => {
    const who = borrowers[2]!
    const wallet = accounts.merchantWallet(who.merchantId).code
    let newlyDelinquent = 0
    for (let day = 0; day < SALES_DAYS; day++) {
      const date = addDays(d0, day)
      const put = await h.request('PUT', `/v1/merchants/${who.merchantId}/sales/${date}`, {
        key: await h.keyFor('platform'),
        body: { grossFen: NET_SALES_FEN + 655, refundFen: 655, orderCount: 40 },
      })
      expect(put.status).toBeLessThan(300)
      const before = await balanceOf(h.db, wallet)
      const cob = await closeDays(1)
      expect(cob.settledFen).toBe(NET_SALES_FEN)
      newlyDelinquent += cob.newlyDelinquent
      // The wallet got the day's net sales less exactly the loan's share of them; on the day of
      // disbursement (d0) nothing: those sales were made before the loan, the share starts after.
      expect((await balanceOf(h.db, wallet)) - before).toBe(
        day === 0 ? NET_SALES_FEN : NET_SALES_FEN - mulBps(NET_SALES_FEN, salesShareBps),
      )
    }
    // The two unpaid daily loans missed their first installment (due on day 1): both are late.
    expect(newlyDelinquent).toBe(2)
    const salesShare = await loan(loans.salesShare)
    expect(salesShare.disbursedOn).toBe(d0)
    const repaidFen = 200_000 + feeFen - salesShare.outstanding.totalFen
    expect(repaidFen).toBe((SALES_DAYS - 1) * mulBps(NET_SALES_FEN, salesShareBps))
    const transactions = await h.request('GET', `/v1/loans/${loans.salesShare}/transactions`, {
      key: who.key,
    })
    const collected = transactions.body.items.filter((item: { type: string }) => item.type === 'repayment')
    expect(collected).toHaveLength(SALES_DAYS - 1)
    expect(collected[0].businessDate).toBe(addDays(d0, 1))
    // Penalty, fees, interest, principal: the fee is paid before any principal.
    expect(collected[0].allocation.feesFen).toBe(Math.min(feeFen, mulBps(NET_SALES_FEN, salesShareBps)))
  })

  it('collects the shortfall of the sales-share loan’s 30-day minimum from the wallet', async () => {
    await closeDays(30 - SALES_DAYS) // through day 29
    const before = await loan(loans.salesShare)
    const minimumFen = firstShareOf(200_000, 6) + firstShareOf(feeFen, 6)
    expect(before.schedule).toHaveLength(6)
    expect(before.schedule[0].dueDate).toBe(addDays(d0, 30))
    expect(before.schedule[0].principalFen + before.schedule[0].feesFen).toBe(minimumFen)
    await closeDays(1) // day 30: the first minimum is due
    const after = await loan(loans.salesShare)
    // The minimum's principal is met with principal repaid: the fee, allocated first, is all paid by
    // then, and does not stand in for principal.
    expect(200_000 - after.outstanding.principalFen).toBe(before.schedule[0].principalFen)
    expect(after.outstanding.feesFen).toBe(0)
    expect(after.schedule[0].status).toBe('paid')
    expect(after.daysPastDue).toBe(0)
  })

  it('lets an officer waive penalty and restructure a late loan, with every action audited', async () => {
    await closeDays(10) // through day 40
    const late = await loan(loans.helped)
    expect(late.daysPastDue).toBe(40)
    expect(late.bucket).toBe('31-60')
    expect(late.outstanding.penaltyFen).toBeGreaterThan(0)
    const inBucket = await h.request('GET', '/v1/loans?bucket=31-60', { key: officerKey })
    expect(inBucket.body.items.map((item: { loanId: number }) => item.loanId).sort()).toEqual(
      [loans.helped, loans.unpaid].sort(),
    )

    const trialBefore = (await h.request('GET', '/v1/ledger/trial-balance', { key: officerKey })).body
    const tooMuch = await h.request('POST', `/v1/loans/${loans.helped}/waive-penalty`, {
      key: officerKey,
      body: { amountFen: late.outstanding.penaltyFen + 1, reason: 'hardship: shop flooded' },
      headers: { 'Idempotency-Key': 'waive-too-much' },
    })
    expect(tooMuch.status).toBe(422)
    expect(tooMuch.body.code).toBe('amount_above_penalty')
    const byMerchant = await h.request('POST', `/v1/loans/${loans.helped}/waive-penalty`, {
      key: borrowers[1]!.key,
      body: { amountFen: 1, reason: 'I would like that' },
      headers: { 'Idempotency-Key': 'waive-self' },
    })
    expect(byMerchant.status).toBe(403)
    const noReason = await h.request('POST', `/v1/loans/${loans.helped}/restructure`, {
      key: officerKey,
      body: { termDays: 60 },
      headers: { 'Idempotency-Key': 'restructure-no-reason' },
    })
    expect(noReason.status).toBe(400)
    expect((await h.request('GET', '/v1/ledger/trial-balance', { key: officerKey })).body).toEqual(
      trialBefore,
    )
    expect((await h.request('GET', '/v1/audit-log', { key: officerKey })).body.items).toHaveLength(0)

    const waive = {
      key: officerKey,
      body: { amountFen: late.outstanding.penaltyFen, reason: 'hardship: shop flooded' },
      headers: { 'Idempotency-Key': 'waive-flood' },
    }
    const waived = await h.request('POST', `/v1/loans/${loans.helped}/waive-penalty`, waive)
    expect(waived.status).toBe(200)
    expect(waived.body.outstanding.penaltyFen).toBe(0)
    expect(waived.body.outstanding.interestFen).toBe(late.outstanding.interestFen)
    const replay = await h.request('POST', `/v1/loans/${loans.helped}/waive-penalty`, waive)
    expect(replay.body).toEqual(waived.body)
    // The waiver's entry committed, but neither its audit entry nor the stored answer did (a crash
    // between them): the retry writes the audit entry and answers as before, waiving nothing twice.
    await h.db.deleteFrom('auditLog').where('action', '=', 'loan.waive_penalty').execute()
    await h.db.deleteFrom('idempotencyKeys').where('idempotencyKey', '=', 'waive-flood').execute()
    const afterCrash = await h.request('POST', `/v1/loans/${loans.helped}/waive-penalty`, waive)
    expect([afterCrash.status, afterCrash.body]).toEqual([200, waived.body])
    const waivers = await h.db
      .selectFrom('journalEntries')
      .select('id')
      .where('type', '=', 'penalty_waiver')
      .where('loanId', '=', loans.helped)
      .execute()
    expect(waivers).toHaveLength(1)

    const restructured = await h.request('POST', `/v1/loans/${loans.helped}/restructure`, {
      key: officerKey,
      body: { termDays: 60, reason: 'hardship: 60 more days to recover' },
      headers: { 'Idempotency-Key': 'restructure-helped' },
    })
    expect(restructured.status).toBe(200)
    expect(restructured.body.daysPastDue).toBe(0)
    expect(restructured.body.bucket).toBe('current')
    expect(restructured.body.schedule).toHaveLength(60)
    expect(restructured.body.schedule[0].dueDate).toBe(addDays(d0, 42))
    // The new schedule re-amortises the principal still owed; the interest owed is due first.
    const principalInSchedule = restructured.body.schedule.reduce(
      (sum: number, line: { principalFen: number }) => sum + line.principalFen,
      0,
    )
    expect(principalInSchedule).toBe(100_000)
    expect(restructured.body.schedule[0].feesFen).toBe(late.outstanding.interestFen)

    const audit = (
      await h.request('GET', `/v1/audit-log?subjectType=loan&subjectId=${loans.helped}`, { key: officerKey })
    ).body.items
    expect(audit.map((entry: { action: string }) => entry.action)).toEqual([
      'loan.restructure',
      'loan.waive_penalty',
    ])
    expect(audit[1]).toMatchObject({
      reason: 'hardship: shop flooded',
      businessDate: addDays(d0, 41),
      details: { amountFen: late.outstanding.penaltyFen, penaltyBeforeFen: late.outstanding.penaltyFen },
    })
    expect(audit[0].principalRef).toMatch(/^p:\d+$/)
  })

  it('lets an officer write a loan off: everything it owes goes to credit losses, once', async () => {
    const before = await loan(loans.salesShare)
    const lossBefore = await balanceOf(h.db, accounts.creditLoss().code)
    const written = await h.request('POST', `/v1/loans/${loans.salesShare}/write-off`, {
      key: officerKey,
      body: { reason: 'merchant vanished; fraud suspected' },
      headers: { 'Idempotency-Key': 'write-off-sales-share' },
    })
    expect(written.status).toBe(200)
    expect(written.body.status).toBe('written_off')
    expect(written.body.outstanding.totalFen).toBe(0)
    expect((await balanceOf(h.db, accounts.creditLoss().code)) - lossBefore).toBe(before.outstanding.totalFen)
    // Audited in the transaction that marked the loan written off, with what the entry wrote off.
    const audit = (
      await h.request('GET', `/v1/audit-log?subjectType=loan&subjectId=${loans.salesShare}`, {
        key: officerKey,
      })
    ).body.items
    expect(audit).toMatchObject([
      {
        action: 'loan.write_off',
        reason: 'merchant vanished; fraud suspected',
        details: { writtenOffFen: before.outstanding.totalFen },
      },
    ])
    const again = await h.request('POST', `/v1/loans/${loans.salesShare}/write-off`, {
      key: officerKey,
      body: { reason: 'twice' },
      headers: { 'Idempotency-Key': 'write-off-sales-share-again' },
    })
    expect(again.status).toBe(422)
    expect(again.body.code).toBe('loan_not_active')
  })

  it('books money paid after the write-off as a recovery, once, never beyond what was written off', async () => {
    const who = borrowers[2]!
    const wallet = accounts.merchantWallet(who.merchantId).code
    const recoveries = accounts.recoveries().code
    const writtenOffFen = (
      await h.request('GET', `/v1/loans/${loans.salesShare}/transactions`, { key: officerKey })
    ).body.items.find((item: { type: string }) => item.type === 'write_off').amountFen as number
    expect(writtenOffFen).toBeGreaterThan(20_000)
    // The merchant's sales come back: enough in the wallet to pay everything written off and more.
    await move(h.ledger, {
      debit: accounts.lenderCash().code,
      credit: wallet,
      amountFen: writtenOffFen + 10_000,
      type: 'sales_settlement',
    })
    const lossBefore = await balanceOf(h.db, accounts.creditLoss().code)
    const repay = (amountFen: number, idempotencyKey: string) =>
      h.request('POST', `/v1/loans/${loans.salesShare}/repayments`, {
        key: who.key,
        body: { amountFen },
        headers: { 'Idempotency-Key': idempotencyKey },
      })
    const zero = { penaltyFen: 0, feesFen: 0, interestFen: 0 }

    const walletBefore = await balanceOf(h.db, wallet)
    const first = await repay(12_345, 'recovery-1')
    expect(first.status).toBe(200)
    expect(first.body.allocation).toEqual({ ...zero, principalFen: 12_345, leftoverFen: 0 })
    expect(first.body.outstanding.totalFen).toBe(0)
    expect(await balanceOf(h.db, wallet)).toBe(walletBefore - 12_345)
    expect(await balanceOf(h.db, recoveries)).toBe(12_345)
    // A retry with the same key recovers nothing more and answers the same.
    const retry = await repay(12_345, 'recovery-1')
    expect(retry.status).toBe(200)
    expect(retry.body.allocation).toEqual(first.body.allocation)
    expect(await balanceOf(h.db, wallet)).toBe(walletBefore - 12_345)
    expect(await balanceOf(h.db, recoveries)).toBe(12_345)

    // More than is left to recover: the rest of the write-off is recovered, the excess stays.
    const second = await repay(writtenOffFen, 'recovery-2')
    expect(second.status).toBe(200)
    expect(second.body.allocation).toEqual({
      ...zero,
      principalFen: writtenOffFen - 12_345,
      leftoverFen: 12_345,
    })
    expect(await balanceOf(h.db, wallet)).toBe(walletBefore - writtenOffFen)
    expect(await balanceOf(h.db, recoveries)).toBe(writtenOffFen)
    // Everything written off has come home: a further payment takes nothing and leaves it all.
    const third = await repay(100, 'recovery-3')
    expect(third.status).toBe(200)
    expect(third.body.allocation).toEqual({ ...zero, principalFen: 0, leftoverFen: 100 })
    expect(await balanceOf(h.db, wallet)).toBe(walletBefore - writtenOffFen)
    expect(await balanceOf(h.db, recoveries)).toBe(writtenOffFen)

    // The loan stays written off and owes nothing; the write-off itself is not undone.
    const after = await loan(loans.salesShare)
    expect(after.status).toBe('written_off')
    expect(after.outstanding.totalFen).toBe(0)
    // Its transactions list the two recoveries (the retry and the empty third posted nothing),
    // shown as principal coming home.
    const transactions: Array<{ type: string; amountFen: number; allocation: unknown }> = []
    for (let cursor = ''; ;) {
      const page = (
        await h.request('GET', `/v1/loans/${loans.salesShare}/transactions?limit=200${cursor}`, {
          key: who.key,
        })
      ).body
      transactions.push(...page.items)
      if (!page.nextCursor) break
      cursor = `&cursor=${page.nextCursor}`
    }
    expect(
      transactions
        .filter((item) => item.type === 'recovery')
        .map((item) => [item.amountFen, item.allocation]),
    ).toEqual([
      [12_345, { ...zero, principalFen: 12_345 }],
      [writtenOffFen - 12_345, { ...zero, principalFen: writtenOffFen - 12_345 }],
    ])
    expect(after).toMatchObject({ writtenOffFen, recoveredFen: writtenOffFen })
    expect(await balanceOf(h.db, accounts.creditLoss().code)).toBe(lossBefore)
    await expectLedgerClean(h.db)
  })

  it('ages the unpaid loan through every bucket with penalty interest and writes it off at 180 days', async () => {
    // The helped merchant can now pay: its sales are back.
    await move(h.ledger, {
      debit: accounts.lenderCash().code,
      credit: accounts.merchantWallet(borrowers[1]!.merchantId).code,
      amountFen: 150_000,
      type: 'sales_settlement',
    })
    const cob = await closeDays(140) // days 41 … 180
    expect(cob.writtenOff).toBe(1)

    const unpaid = await loan(loans.unpaid)
    expect(unpaid.status).toBe('written_off')
    expect(unpaid.outstanding.totalFen).toBe(0)
    const history = await h.db
      .selectFrom('loanBucketHistory')
      .select(['businessDate', 'fromBucket', 'toBucket', 'daysPastDue'])
      .where('loanId', '=', loans.unpaid)
      .orderBy('businessDate')
      .execute()
    expect(history).toEqual([
      { businessDate: addDays(d0, 2), fromBucket: 'current', toBucket: '1-30', daysPastDue: 1 },
      { businessDate: addDays(d0, 32), fromBucket: '1-30', toBucket: '31-60', daysPastDue: 31 },
      { businessDate: addDays(d0, 62), fromBucket: '31-60', toBucket: '61-90', daysPastDue: 61 },
      { businessDate: addDays(d0, 92), fromBucket: '61-90', toBucket: '90+', daysPastDue: 91 },
    ])
    const row = await h.db
      .selectFrom('loans')
      .select(['nonPerforming', 'writtenOffOn'])
      .where('id', '=', loans.unpaid)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ nonPerforming: 1, writtenOffOn: addDays(d0, SERVICING_POLICY.writeOffDaysPastDue) })

    // Interest on the principal owed and penalty on the principal past due, night by night.
    const lines = buildSchedule(
      {
        principalFen: 100_000,
        annualRateBps: unpaid.annualRateBps,
        repayments: 30,
        frequency: 'daily',
        method: 'annuity',
        interestBasis: 'act365',
        startDate: d0,
      },
      SCHEDULE_VERSION_CURRENT,
    ).installments
    let interest = { interestFen: 0, carryNumerator: 0 }
    let penalty = { interestFen: 0, carryNumerator: 0 }
    let interestFen = 0
    let penaltyFen = 0
    for (let night: IsoDate = d0; night <= addDays(d0, 180); night = addDays(night, 1)) {
      const overdueFen = lines
        .filter((line) => line.dueDate <= night)
        .reduce((sum, line) => sum + line.principalFen, 0)
      interest = accrueDailyInterest({
        outstandingPrincipalFen: 100_000,
        annualRateBps: unpaid.annualRateBps,
        carryNumerator: interest.carryNumerator,
      })
      penalty = accrueDailyInterest({
        outstandingPrincipalFen: overdueFen,
        annualRateBps: SERVICING_POLICY.penaltyAnnualRateBps,
        carryNumerator: penalty.carryNumerator,
      })
      interestFen += interest.interestFen
      penaltyFen += penalty.interestFen
    }
    const transactions = (
      await h.request('GET', `/v1/loans/${loans.unpaid}/transactions?limit=200`, { key: officerKey })
    ).body.items
    const writeOff = transactions.find((item: { type: string }) => item.type === 'write_off')
    expect(writeOff.allocation).toEqual({ penaltyFen, feesFen: 0, interestFen, principalFen: 100_000 })
    expect(writeOff.businessDate).toBe(addDays(d0, 180))
    expect(transactions[0]).toMatchObject({ type: 'merchant_disbursement', amountFen: 100_000 })

    // The restructured loan was repaid on its new schedule and closed.
    const helped = await loan(loans.helped)
    expect(helped.status).toBe('closed')
    expect(helped.outstanding.totalFen).toBe(0)
  })
})
