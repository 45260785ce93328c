/**
 * The reference servicer checked against figures worked out by hand (with exact fractions) from the
 * brief: these pin the model itself, so that a mismatch in the model-based run is the system's.
 */
import { describe, expect, it } from 'vitest'
import {
  allocatePayment,
  dueDateOf,
  levelPrincipalsOf,
  plusDays,
  ReferenceLoan,
  ReferenceServicer,
  referenceSchedule,
  type InstallmentLoanTerms,
} from '../../support/reference-servicer.js'

const monthlyAnnuity = (principalFen: number, repayments: number): InstallmentLoanTerms => ({
  kind: 'installment',
  principalFen,
  annualRateBps: 1_080,
  repayments,
  frequency: 'monthly',
  method: 'annuity',
  interestBasis: 'act365',
})

describe('reference servicer', () => {
  it('accrues ACT/365 interest nightly with the remainder carried, so a month is the exact month rounded once', () => {
    // 100,000 fen at 10.80 %: 29.589041… fen a night. Rounded each night alone it would be 30 × 31 = 930.
    const loan = new ReferenceLoan(1, 1, monthlyAnnuity(100_000, 6), '2026-01-01')
    const nights: number[] = []
    for (let night = '2026-01-01'; night <= '2026-01-31'; night = plusDays(night, 1)) {
      nights.push(loan.accrueNight(night).interestFen)
    }
    expect(nights.slice(0, 5)).toEqual([30, 29, 30, 29, 30])
    // 31 × 100,000 × 1,080 / 3,650,000 = 917.26… → 917.
    expect(nights.reduce((sum, fen) => sum + fen, 0)).toBe(917)
    expect(loan.owed.interestFen).toBe(917)
    expect(loan.owed.penaltyFen).toBe(0)
  })

  it('allocates a payment to penalty, then fees, then interest, then principal, leaving the rest over', () => {
    const owed = { penaltyFen: 100, feesFen: 200, interestFen: 300, principalFen: 1_000 }
    expect(allocatePayment(250, owed)).toEqual({
      penaltyFen: 100,
      feesFen: 150,
      interestFen: 0,
      principalFen: 0,
      leftoverFen: 0,
    })
    expect(allocatePayment(1_000, owed)).toEqual({
      penaltyFen: 100,
      feesFen: 200,
      interestFen: 300,
      principalFen: 400,
      leftoverFen: 0,
    })
    expect(allocatePayment(1_650, owed)).toEqual({ ...owed, leftoverFen: 50 })
  })

  it('levels an ACT/365 annuity: every installment is the same, the months of unequal length notwithstanding', () => {
    // The payment solving Σ actual-day amortisation exactly: 17,190 fen (the periodic formula gives 17,196).
    const { installments, totalInterestFen } = referenceSchedule({
      principalFen: 100_000,
      annualRateBps: 1_080,
      repayments: 6,
      frequency: 'monthly',
      method: 'annuity',
      interestBasis: 'act365',
      startDate: '2026-01-01',
    })
    expect(installments.map((line) => [line.dueDate, line.principalFen, line.interestFen])).toEqual([
      ['2026-02-01', 16_273, 917],
      ['2026-03-01', 16_496, 694],
      ['2026-04-01', 16_573, 617],
      ['2026-05-01', 16_741, 449],
      ['2026-06-01', 16_879, 311],
      ['2026-07-01', 17_038, 152],
    ])
    expect(installments.every((line) => line.totalFen === 17_190)).toBe(true)
    expect(totalInterestFen).toBe(3_140)
  })

  it('rounds equal principal half-even and puts the remainder on the last installment', () => {
    expect(levelPrincipalsOf(1_000, 3)).toEqual([333, 333, 334])
    // 200 / 3 = 66.67 → 67; the last takes 66 (flooring would give 66, 66, 68).
    expect(levelPrincipalsOf(200, 3)).toEqual([67, 67, 66])
    // 5 / 2 = 2.5 → 2 (ties to even), last 3.
    expect(levelPrincipalsOf(5, 2)).toEqual([2, 3])
  })

  it('keeps month-end due dates on the month end, Feb 28 and Feb 29 included', () => {
    expect([1, 2, 3].map((k) => dueDateOf('2026-01-31', 'monthly', k))).toEqual([
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
    ])
    expect(dueDateOf('2028-01-31', 'monthly', 1)).toBe('2028-02-29')
    expect(dueDateOf('2028-01-30', 'monthly', 1)).toBe('2028-02-29')
    expect(dueDateOf('2026-01-28', 'weekly', 1)).toBe('2026-02-04')
    const { installments } = referenceSchedule({
      principalFen: 36_501,
      annualRateBps: 1_000,
      repayments: 2,
      frequency: 'monthly',
      method: 'equal_principal',
      interestBasis: 'act365',
      startDate: '2028-01-31',
    })
    // Principal 36,501 / 2 = 18,250.5 → 18,250 (ties to even), the last takes 18,251. Interest at 10 %:
    // 29 days (leap February) on 36,501 = 290.008 → 290; 31 days on 18,251 = 155.008, 445.016 in all → 155.
    expect(installments.map((line) => [line.dueDate, line.principalFen, line.interestFen])).toEqual([
      ['2028-02-29', 18_250, 290],
      ['2028-03-31', 18_251, 155],
    ])
  })

  it('charges a late payer penalty interest on overdue principal and ages it from the due date', () => {
    const book = new ReferenceServicer('2026-01-01')
    book.openMerchant(7, 0)
    const loan = book.disburse(11, 7, monthlyAnnuity(100_000, 1))
    book.payout(7, 100_000)
    expect(loan.maturesOn).toBe('2026-02-01')
    while (book.businessDate < '2026-02-04') book.closeBusinessDay()
    // Nothing collected on Feb 1 (empty wallet): 1 day past due on Feb 2, 3 on Feb 4.
    const view = loan.view('2026-02-04')
    expect(view.daysPastDue).toBe(3)
    expect(view.bucket).toBe('1-30')
    // Penalty: 100,000 × 2,400 / 3,650,000 = 65.75… a night for the nights of Feb 1, 2, 3 → 66, 66, 65.
    expect(view.outstanding).toEqual({
      penaltyFen: 197,
      feesFen: 0,
      interestFen: 1_006, // 34 nights, Jan 1 … Feb 3
      principalFen: 100_000,
      totalFen: 101_203,
    })
    // Sales of Feb 4 settle at its close and the collection cures the loan: allocated in order.
    book.putSales(7, '2026-02-04', 200_000)
    const close = book.closeBusinessDay()
    expect(close.collected.get(11)).toEqual({
      penaltyFen: 197,
      feesFen: 0,
      interestFen: 1_006,
      principalFen: 100_000,
      leftoverFen: 0,
    })
    expect(loan.status).toBe('closed')
    expect(loan.closedOn).toBe('2026-02-04')
    expect(book.walletFen(7)).toBe(200_000 - 101_203)
  })

  it('quotes a payoff on a future date with the interest and the penalty interest of the nights until then', () => {
    const book = new ReferenceServicer('2026-01-01')
    book.openMerchant(7, 0)
    const loan = book.disburse(12, 7, monthlyAnnuity(100_000, 1))
    book.payout(7, 100_000)
    while (book.businessDate < '2026-01-20') book.closeBusinessDay()
    expect(loan.payoffFen('2026-01-20', '2026-01-20')).toBe(100_562) // 19 nights of interest
    // 34 nights of interest (1,006) and the penalty of Feb 1, 2 and 3 (197), if nothing is paid.
    const quotedFen = loan.payoffFen('2026-01-20', '2026-02-04')
    expect(quotedFen).toBe(101_203)
    while (book.businessDate < '2026-02-04') book.closeBusinessDay()
    // The pair: on Feb 4, what is owed is exactly what was quoted for it.
    expect(loan.totalOwedFen()).toBe(quotedFen)
  })

  it('collects an installment due on the closing date at that close, and makes it 1 day late the morning after if short', () => {
    const book = new ReferenceServicer('2026-01-01')
    book.openMerchant(3, 0)
    const loan = book.disburse(13, 3, {
      kind: 'installment',
      principalFen: 30_000,
      annualRateBps: 0,
      repayments: 3,
      frequency: 'daily',
      method: 'annuity',
      interestBasis: 'act365',
    })
    book.payout(3, 15_000)
    expect(loan.schedule.map((line) => line.principalFen)).toEqual([10_000, 10_000, 10_000])
    expect(book.closeBusinessDay().collected.size).toBe(0) // Jan 1: nothing due yet
    expect(loan.view('2026-01-02').daysPastDue).toBe(0)
    expect(loan.dueFen('2026-01-02')).toBe(10_000)
    expect(book.closeBusinessDay().collected.get(13)?.principalFen).toBe(10_000)
    expect(loan.view('2026-01-03').daysPastDue).toBe(0)
    const short = book.closeBusinessDay() // Jan 3: 5,000 left in the wallet
    expect(short.collected.get(13)?.principalFen).toBe(5_000)
    expect(loan.view('2026-01-04')).toMatchObject({ daysPastDue: 1, bucket: '1-30' })
    // 5,000 overdue for the night of Jan 3: 5,000 × 2,400 / 3,650,000 = 3.29 → 3.
    expect(short.accrued.get(13)).toEqual({ interestFen: 0, penaltyFen: 3 })
  })

  it('takes a sales-share loan’s share only of sales after its disbursement, and its 30-day minimum when sales fall short', () => {
    const book = new ReferenceServicer('2026-01-01')
    book.openMerchant(5, 0)
    book.putSales(5, '2026-01-01', 50_000) // the disbursement date's sales: not shared
    const loan = book.disburse(14, 5, {
      kind: 'sales_share',
      principalFen: 90_000,
      feeFen: 2_250,
      salesShareBps: 1_000,
      termDays: 180,
    })
    book.payout(5, 90_000)
    expect(book.closeBusinessDay().collected.size).toBe(0)
    book.putSales(5, '2026-01-02', 12_345)
    // 10 % of 12,345 = 1,234.5 → 1,234 (half-even), all to the fee first.
    expect(book.closeBusinessDay().collected.get(14)).toEqual({
      penaltyFen: 0,
      feesFen: 1_234,
      interestFen: 0,
      principalFen: 0,
      leftoverFen: 0,
    })
    while (book.businessDate < '2026-01-31') book.closeBusinessDay()
    // Day 30: 30/180 of the principal (15,000) and of the fee (375) must be repaid; the fee is ahead.
    expect(loan.requirements[0]).toMatchObject({ dueDate: '2026-01-31', principalFen: 15_000, feesFen: 375 })
    expect(loan.dueFen('2026-01-31')).toBe(1_016 + 15_000) // the rest of the fee comes first
    expect(book.walletFen(5)).toBe(50_000 + 12_345 - 1_234)
    const close = book.closeBusinessDay()
    expect(close.collected.get(14)).toMatchObject({ feesFen: 1_016, principalFen: 15_000 })
    expect(loan.view('2026-02-01').daysPastDue).toBe(0)
  })

  it('writes a loan off at 180 days past due and still accepts a recovery afterwards', () => {
    const book = new ReferenceServicer('2026-01-01')
    book.openMerchant(9, 0)
    const loan = book.disburse(15, 9, { ...monthlyAnnuity(10_000, 1), annualRateBps: 0 })
    book.payout(9, 10_000)
    // Due Feb 1: 180 days past due on the morning of Jul 31, so written off at the close of Jul 30.
    while (loan.status === 'active') book.closeBusinessDay()
    expect(loan.writtenOffOn).toBe('2026-07-30')
    // Penalty on 10,000 for the 179 nights Feb 1 … Jul 29 and the night of Jul 30: 180 × 6.575… = 1,183.6.
    expect(loan.writtenOffFen).toBe(10_000 + 1_184)
    book.putSales(9, '2026-07-31', 500)
    book.closeBusinessDay()
    expect(book.repay(15, 500)).toMatchObject({ status: 200, allocation: { principalFen: 500 } })
  })
  it('restructures over the installments that fit in the term, with the arrears due with the first one', () => {
    const book = new ReferenceServicer('2026-01-31')
    book.openMerchant(4, 0)
    const loan = book.disburse(16, 4, { ...monthlyAnnuity(120_000, 6), annualRateBps: 0 })
    book.payout(4, 120_000)
    while (book.businessDate < '2026-03-10') book.closeBusinessDay()
    // Feb 28's 20,000 missed: penalty for the nights Feb 28 … Mar 9, 10 × 13.15… = 131.5 → 132.
    expect(loan.view('2026-03-10')).toMatchObject({ daysPastDue: 10, bucket: '1-30' })
    expect(loan.owed.penaltyFen).toBe(132)
    // 75 days from Mar 10 end on May 24: Apr 10 and May 10 fit, Jun 10 does not (round(75 / 30) would say 3).
    loan.restructure('2026-03-10', 75)
    expect(loan.schedule).toEqual([
      { dueDate: '2026-04-10', principalFen: 60_000, interestFen: 0, feesFen: 132 },
      { dueDate: '2026-05-10', principalFen: 60_000, interestFen: 0, feesFen: 0 },
    ])
    expect(loan.maturesOn).toBe('2026-05-10')
    expect(loan.view('2026-03-10')).toMatchObject({ daysPastDue: 0, bucket: 'current' })
    expect(loan.dueFen('2026-03-11')).toBe(0) // the penalty waits for the first new installment
    expect(loan.dueFen('2026-04-10')).toBe(60_132)
    // Weekly: 193 days hold 27 weeks (189 days); a 28th would fall after the term.
    const weekly = new ReferenceLoan(
      17,
      4,
      { ...monthlyAnnuity(50_000, 12), frequency: 'weekly' },
      '2026-01-01',
    )
    weekly.restructure('2026-01-20', 193)
    expect(weekly.schedule).toHaveLength(27)
    expect(weekly.maturesOn).toBe('2026-07-28')
  })
})
