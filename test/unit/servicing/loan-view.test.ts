import { describe, expect, it } from 'vitest'
import { isoDate } from '../../../src/kernel/business-date.js'
import {
  ageLoan,
  ageSchedule,
  contractualSchedule,
  termsOf,
  withAccruedInterest,
  type LoanTerms,
} from '../../../src/servicing/loan-view.js'
import { SCHEDULE_VERSION_CURRENT } from '../../../src/servicing/schedule.js'

const start = isoDate('2026-01-31')
const salesShare: LoanTerms = {
  principalFen: 100,
  repaymentMethod: 'sales_share',
  frequency: null,
  repayments: null,
  annualRateBps: null,
  feeFen: 7,
  startOn: start,
  maturesOn: isoDate('2026-05-01'), // 90 days
  arrearsFen: 0,
  scheduleVersion: SCHEDULE_VERSION_CURRENT,
}

describe('the schedule in force', () => {
  it('gives a sales-share loan a pro-rata minimum every 30 days that sums to principal and fee exactly', () => {
    // Each period's share half-even (33.3 → 33, 2.3 → 2), the last absorbing the remainder.
    const lines = contractualSchedule(salesShare)
    expect(lines).toEqual([
      { dueDate: '2026-03-02', principalFen: 33, interestFen: 0, feesFen: 2 },
      { dueDate: '2026-04-01', principalFen: 33, interestFen: 0, feesFen: 2 },
      { dueDate: '2026-05-01', principalFen: 34, interestFen: 0, feesFen: 3 },
    ])
    // Loans booked under version 1 keep their largest-remainder split, which rounded the first up.
    expect(contractualSchedule({ ...salesShare, scheduleVersion: 1 })).toEqual([
      { dueDate: '2026-03-02', principalFen: 34, interestFen: 0, feesFen: 3 },
      { dueDate: '2026-04-01', principalFen: 33, interestFen: 0, feesFen: 2 },
      { dueDate: '2026-05-01', principalFen: 33, interestFen: 0, feesFen: 2 },
    ])
  })

  it('rounds a sales-share minimum down where half-even would leave the last period negative', () => {
    // 5 fen over 100 days: 30/30/30/10 days give 1.5 → 2 three times, 6 > 5; rounded down: 1, 1, 1, 2.
    const lines = contractualSchedule({
      ...salesShare,
      principalFen: 5,
      feeFen: 0,
      maturesOn: isoDate('2026-05-11'),
    })
    expect(lines.map((line) => line.principalFen)).toEqual([1, 1, 1, 2])
  })

  it('makes a short last period end at maturity', () => {
    const lines = contractualSchedule({ ...salesShare, maturesOn: isoDate('2026-03-12') }) // 40 days
    expect(lines.map((line) => [line.dueDate, line.principalFen])).toEqual([
      ['2026-03-02', 75],
      ['2026-03-12', 25],
    ])
  })

  it('puts a restructure’s arrears in the first new installment', () => {
    const lines = contractualSchedule({
      ...salesShare,
      repaymentMethod: 'installment',
      frequency: 'daily',
      repayments: 4,
      annualRateBps: 0,
      feeFen: 0,
      arrearsFen: 55,
    })
    expect(lines.map((line) => line.feesFen)).toEqual([55, 0, 0, 0])
    expect(lines.reduce((sum, line) => sum + line.principalFen, 0)).toBe(100)
  })
})

describe('ageSchedule', () => {
  const lines = [
    { dueDate: '2026-02-01', principalFen: 90, interestFen: 10, feesFen: 0 },
    { dueDate: '2026-02-08', principalFen: 95, interestFen: 5, feesFen: 0 },
    { dueDate: '2026-02-15', principalFen: 100, interestFen: 0, feesFen: 0 },
  ]

  it('counts days past due from the oldest unpaid installment and the principal past due', () => {
    const aged = ageSchedule(lines, 40, isoDate('2026-02-09'))
    expect(aged.daysPastDue).toBe(8)
    expect(aged.bucket).toBe('1-30')
    // 40 paid the first installment's interest and 30 of its principal: 60 + 95 principal are late.
    expect(aged.overduePrincipalFen).toBe(60 + 95)
    expect(aged.dueFen).toBe(60 + 100)
    expect(aged.schedule.map((line) => line.status)).toEqual(['overdue', 'overdue', 'upcoming'])
  })

  it('is current on the due date itself and one day late the day after', () => {
    expect(ageSchedule(lines, 100, isoDate('2026-02-08')).daysPastDue).toBe(0)
    expect(ageSchedule(lines, 100, isoDate('2026-02-08')).dueFen).toBe(100)
    expect(ageSchedule(lines, 100, isoDate('2026-02-09')).daysPastDue).toBe(1)
    expect(ageSchedule(lines, 300, isoDate('2026-06-09'))).toMatchObject({
      daysPastDue: 0,
      overduePrincipalFen: 0,
      dueFen: 0,
    })
  })

  it('reaches 90+ (non-performing) at 91 days', () => {
    expect(ageSchedule(lines, 0, isoDate('2026-05-03')).bucket).toBe('90+')
    expect(ageSchedule(lines, 0, isoDate('2026-05-02')).bucket).toBe('61-90')
  })

  // A late payer: installment 1 paid late with 3 of penalty and 2 of interest above the schedule
  // (103 = 3 + 12 + 88), installment 2 on its day (100 = 5 + 95): 203 repaid, 183 of it principal.
  const late = (paidFen: number, principalPaidFen: number, owedPrincipalFen: number) => ({
    paidFen,
    principalPaidFen,
    owed: { principalFen: owedPrincipalFen, interestFen: 0, feesFen: 0, penaltyFen: 0 },
    maturesOn: isoDate('2026-02-15'),
  })

  it('meets an installment’s principal only with principal repaid, not with penalty or extra interest', () => {
    const aged = ageSchedule(lines, late(203, 183, 285 - 183), isoDate('2026-02-10'))
    // 90 + 95 of principal were due and 183 repaid: installment 2 is 2 short since 2026-02-08.
    expect(aged.daysPastDue).toBe(2)
    expect(aged.bucket).toBe('1-30')
    expect(aged.overduePrincipalFen).toBe(2)
    expect(aged.schedule.map((line) => [line.paidFen, line.status])).toEqual([
      [100, 'paid'],
      [98, 'overdue'],
      [0, 'upcoming'],
    ])
    // Principal goes last: the 2 short are due (nothing else is owed).
    expect(aged.dueFen).toBe(2)
    // Applied as one sum (the old reading) the 203 would look like two installments paid.
    expect(ageSchedule(lines, 203, isoDate('2026-02-10')).daysPastDue).toBe(0)
  })

  it('takes penalty and interest owed first into what is due when principal is short', () => {
    const aged = ageSchedule(
      lines,
      { ...late(203, 183, 102), owed: { principalFen: 102, interestFen: 4, feesFen: 0, penaltyFen: 1 } },
      isoDate('2026-02-10'),
    )
    expect(aged.dueFen).toBe(1 + 4 + 2)
  })

  it('is past due from maturity at the latest while anything is owed, on all principal still owed', () => {
    // Installment 3 paid on its day too (100 = 1 + 99): 282 of 285 principal repaid, 3 owed.
    const aged = ageSchedule(lines, late(303, 282, 3), isoDate('2026-03-01'))
    expect(aged.daysPastDue).toBe(14)
    expect(aged.bucket).toBe('1-30')
    expect(aged.overduePrincipalFen).toBe(3)
    // Only interest left after maturity (principal all repaid): still past due since maturity.
    const interestOnly = ageSchedule(
      lines,
      { ...late(303, 285, 0), owed: { principalFen: 0, interestFen: 7, feesFen: 0, penaltyFen: 0 } },
      isoDate('2026-03-01'),
    )
    expect(interestOnly).toMatchObject({ daysPastDue: 14, overduePrincipalFen: 0 })
    // Nothing owed: current.
    expect(ageSchedule(lines, late(303, 285, 0), isoDate('2026-03-01')).daysPastDue).toBe(0)
  })

  it('meets a sales-share minimum’s principal only with principal repaid: a fee paid ahead does not stand in', () => {
    // 100 fen and a 7-fen fee over 90 days; the first minimum (Mar 2) asks 34 principal and 3 fee. The
    // borrower has paid 38: the whole fee first (allocation order), then 31 of principal.
    const row = {
      principalFen: 100,
      repaymentMethod: 'sales_share',
      frequency: null,
      repayments: null,
      annualRateBps: null,
      feeFen: 7,
      disbursedOn: '2026-01-31',
      maturesOn: '2026-05-01',
      scheduleStartOn: null,
      schedulePrincipalFen: null,
      scheduleArrearsFen: 0,
      schedulePaidOffsetFen: 0,
      restructuredOn: null,
      scheduleVersion: SCHEDULE_VERSION_CURRENT,
    }
    const figures = { principalFen: 69, interestFen: 0, feesFen: 0, penaltyFen: 0, repaidFen: 38 }
    const minimumPrincipalFen = contractualSchedule(termsOf(row, isoDate('2026-01-31')))[0]!.principalFen
    expect(ageLoan(row, figures, isoDate('2026-03-02')).dueFen).toBe(minimumPrincipalFen - 31)
    const dayAfter = ageLoan(row, figures, isoDate('2026-03-03'))
    expect(dayAfter.daysPastDue).toBe(1)
    expect(dayAfter.overduePrincipalFen).toBe(minimumPrincipalFen - 31)
  })
})

describe('installments measured with the interest accrued', () => {
  const weekly: LoanTerms = {
    principalFen: 100_000,
    repaymentMethod: 'installment',
    frequency: 'weekly',
    repayments: 4,
    annualRateBps: 1_800,
    feeFen: null,
    startOn: isoDate('2026-01-01'),
    maturesOn: isoDate('2026-01-29'),
    arrearsFen: 0,
    scheduleVersion: SCHEDULE_VERSION_CURRENT,
  }
  const projected = contractualSchedule(weekly)

  it('asks each installment due by the date for the interest accrued in its period, the rest projected', () => {
    // Accrued before Jan 8: 300 fen (less than projected: prepaid); before Jan 15, 420 in all; today
    // (Jan 22, not yet closed) the ledger holds 500.
    const marks = new Map([
      ['2026-01-08', 300],
      ['2026-01-15', 420],
    ])
    const lines = withAccruedInterest(
      projected,
      weekly,
      { marks, nowOn: isoDate('2026-01-22'), nowFen: 500 },
      0,
      isoDate('2026-01-22'),
    )
    expect(lines.map((line) => line.interestFen)).toEqual([300, 120, 80, projected[3]!.interestFen])
    expect(lines.map((line) => line.principalFen)).toEqual(projected.map((line) => line.principalFen))
  })

  it('keeps the projection where a period was never marked, and for a loan without interest lines', () => {
    const lines = withAccruedInterest(
      projected,
      weekly,
      { marks: new Map([['2026-01-15', 420]]), nowOn: isoDate('2026-01-16'), nowFen: 450 },
      0,
      isoDate('2026-01-16'),
    )
    // Jan 8 was never marked: neither its period nor the next (which starts there) can be measured.
    expect(lines).toEqual(projected)
    expect(
      withAccruedInterest(
        contractualSchedule(salesShare),
        salesShare,
        { marks: new Map(), nowOn: isoDate('2026-03-02'), nowFen: 0 },
        0,
        isoDate('2026-03-02'),
      ),
    ).toEqual(contractualSchedule(salesShare))
  })
})
