import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, addMonths, isoDate } from '../../../src/kernel/business-date.js'
import { divRoundHalfEven, FEN_MAX } from '../../../src/kernel/money.js'
import {
  accrueDailyInterest,
  ACCRUAL_CARRY_MODULUS,
  ANNUAL_RATE_BPS_MAX,
  buildSchedule,
  dueDateAt,
  INTEREST_BASES,
  levelPaymentFen,
  REPAYMENT_FREQUENCIES,
  REPAYMENT_METHODS,
  REPAYMENTS_MAX,
  installmentsWithoutPrincipal,
  newSchedule,
  repaymentsWithinTerm,
  SCHEDULE_VERSION_CURRENT,
  type Schedule,
  type ScheduleTerms,
} from '../../../src/servicing/schedule.js'
import { referenceSchedule } from '../../support/reference-servicer.js'

const START = isoDate('2026-01-31')

/** The schedule new terms get. */
const build = (input: ScheduleTerms): Schedule => buildSchedule(input, SCHEDULE_VERSION_CURRENT)
const AMORTISING = ['annuity', 'equal_principal'] as const

function terms(overrides: Partial<ScheduleTerms> = {}): ScheduleTerms {
  return {
    principalFen: 10_000_000,
    annualRateBps: 1_200,
    repayments: 12,
    frequency: 'monthly',
    method: 'annuity',
    interestBasis: 'periodic',
    startDate: START,
    ...overrides,
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0)
}

function expectExact(schedule: Schedule, principalFen: number): void {
  const rows = schedule.installments
  expect(sum(rows.map((row) => row.principalFen))).toBe(principalFen)
  expect(sum(rows.map((row) => row.interestFen))).toBe(schedule.totalInterestFen)
  rows.forEach((row, index) => {
    expect(row.n).toBe(index + 1)
    expect(row.totalFen).toBe(row.principalFen + row.interestFen)
    expect(row.principalFen).toBeGreaterThanOrEqual(0)
    expect(row.interestFen).toBeGreaterThanOrEqual(0)
    expect(Number.isSafeInteger(row.totalFen)).toBe(true)
  })
}

const termsArbitrary = fc.record({
  principalFen: fc.oneof(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: FEN_MAX })),
  annualRateBps: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: ANNUAL_RATE_BPS_MAX })),
  repayments: fc.oneof(fc.integer({ min: 1, max: 36 }), fc.integer({ min: 1, max: REPAYMENTS_MAX })),
  frequency: fc.constantFrom(...REPAYMENT_FREQUENCIES),
  method: fc.constantFrom(...REPAYMENT_METHODS),
  interestBasis: fc.constantFrom(...INTEREST_BASES),
  startDate: fc
    .date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2099-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((date) => isoDate(date.toISOString().slice(0, 10))),
})

describe('addMonths', () => {
  it('clamps to the end of a shorter month', () => {
    expect(addMonths(isoDate('2026-01-31'), 1)).toBe('2026-02-28')
    expect(addMonths(isoDate('2026-03-31'), 1)).toBe('2026-04-30')
    expect(addMonths(isoDate('2026-03-31'), -1)).toBe('2026-02-28')
  })

  it('lands on Feb 29 in a leap year and on Feb 28 a year later', () => {
    expect(addMonths(isoDate('2024-01-31'), 1)).toBe('2024-02-29')
    expect(addMonths(isoDate('2024-02-29'), 12)).toBe('2025-02-28')
    expect(addMonths(isoDate('2024-02-29'), 48)).toBe('2028-02-29')
  })

  it('crosses year ends in both directions', () => {
    expect(addMonths(isoDate('2026-12-15'), 1)).toBe('2027-01-15')
    expect(addMonths(isoDate('2026-01-15'), -1)).toBe('2025-12-15')
    expect(addMonths(isoDate('2026-01-15'), 0)).toBe('2026-01-15')
  })
})

describe('buildSchedule: textbook figures', () => {
  // 100,000.00 yuan over 12 monthly payments at 12 %/yr (1 %/month): the level payment is
  // P·i / (1 − (1+i)^−n) = 8,884.8789 yuan → 8,884.88 (Excel/LibreOffice PMT(1%;12;-100000) = 8,884.88;
  // cross-checked with Python fractions: 888487.8868 fen). The textbook amortisation table starts with
  // interest 1,000.00 / principal 7,884.88, then interest 921.15 on the remaining 92,115.12.
  it('charges the textbook level payment of 888,488 fen on a 12-month 12 % annuity', () => {
    expect(Math.round((10_000_000 * 0.01) / (1 - 1.01 ** -12))).toBe(888_488) // independent float check
    expect(levelPaymentFen(10_000_000, 1_200, 'monthly', 12)).toBe(888_488)
    const schedule = build(terms())
    expectExact(schedule, 10_000_000)
    const rows = schedule.installments
    expect(rows.slice(0, 11).every((row) => row.totalFen === 888_488)).toBe(true)
    expect(rows[0]).toMatchObject({ principalFen: 788_488, interestFen: 100_000, totalFen: 888_488 })
    expect(rows[1]).toMatchObject({ principalFen: 796_373, interestFen: 92_115 })
    expect(rows[11]).toMatchObject({ principalFen: 879_690, interestFen: 8_797, totalFen: 888_487 })
    expect(schedule.totalInterestFen).toBe(661_855) // 12 × 8,884.88 − 100,000 − 0.01 absorbed by the last
    expect(schedule.aprBps).toBe(1_200)
  })

  it('scales the textbook annuity to the principal cap without losing a fen', () => {
    // Python: Fraction(99_999_999_999) * i / (1 - (1 + i) ** -12) with i = 1/100 → 8884878867.745 fen
    expect(levelPaymentFen(99_999_999_999, 1_200, 'monthly', 12)).toBe(8_884_878_868)
    const schedule = build(terms({ principalFen: 99_999_999_999 }))
    expectExact(schedule, 99_999_999_999)
    expect(schedule.installments[0]).toMatchObject({ interestFen: 1_000_000_000, totalFen: 8_884_878_868 })
    expect(schedule.aprBps).toBe(1_200)
  })

  it('charges interest on the falling balance with equal principal: 120,000 yuan at 12 % over 12 months', () => {
    // 10,000 yuan of principal a month; interest 1,200, 1,100, …, 100 yuan: 7,800 yuan in total.
    const schedule = build(terms({ principalFen: 12_000_000, method: 'equal_principal' }))
    expectExact(schedule, 12_000_000)
    expect(schedule.installments.map((row) => row.principalFen)).toEqual(Array(12).fill(1_000_000))
    expect(schedule.installments.map((row) => row.interestFen)).toEqual(
      Array.from({ length: 12 }, (_, index) => 120_000 - index * 10_000),
    )
    expect(schedule.totalInterestFen).toBe(780_000)
    expect(schedule.aprBps).toBe(1_200)
  })

  it('shows the true cost of a flat rate: 12 % flat over 12 months is an APR of 21.46 %', () => {
    // The usual flat-to-APR conversion: RATE(12, -9,333.33, 100,000) × 12 = 21.457 %.
    const schedule = build(terms({ method: 'flat' }))
    expectExact(schedule, 10_000_000)
    expect(schedule.installments.every((row) => row.interestFen === 100_000)).toBe(true)
    expect(schedule.installments.slice(0, 11).every((row) => row.principalFen === 833_333)).toBe(true)
    expect(schedule.installments[11]!.principalFen).toBe(833_337) // the last absorbs the 4 fen remainder
    expect(schedule.totalInterestFen).toBe(1_200_000)
    expect(schedule.aprBps).toBe(2_146)
  })
})

describe('buildSchedule: small and large loans', () => {
  it('amortises a 1-yuan loan to the fen, carrying the sub-fen interest', () => {
    // By hand: payment round(8.8849) = 9; cumulative exact interest 1.00, 1.92, 2.76, 3.52, 4.20, 4.79,
    // 5.30, 5.72, 6.06, 6.31, 6.47, 6.54 fen → rounded 1,2,3,4,4,5,5,6,6,6,6,7.
    const schedule = build(terms({ principalFen: 100 }))
    expectExact(schedule, 100)
    expect(schedule.installments.map((row) => row.interestFen)).toEqual([1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1])
    expect(schedule.installments.map((row) => row.principalFen)).toEqual([8, 8, 8, 8, 9, 8, 9, 8, 9, 9, 9, 7])
    expect(schedule.totalInterestFen).toBe(7)
  })

  it('repays a 1-yuan loan in one month with one fen of interest', () => {
    for (const method of REPAYMENT_METHODS) {
      const schedule = build(terms({ principalFen: 100, repayments: 1, method }))
      expect(schedule.installments).toEqual([
        { n: 1, dueDate: '2026-02-28', principalFen: 100, interestFen: 1, totalFen: 101 },
      ])
    }
  })

  it('charges equal-principal interest on a loan at the cap exactly', () => {
    // Level principal ⌊99,999,999,999 / 12⌋ = 8,333,333,333; the last takes 8,333,333,336. Interest is
    // 1 % of the balances: (12 × 99,999,999,999 − 66 × 8,333,333,333) / 100 = 6,500,000,000.10 → 6,500,000,000.
    const schedule = build(terms({ principalFen: 99_999_999_999, method: 'equal_principal' }))
    expectExact(schedule, 99_999_999_999)
    expect(schedule.installments[11]!.principalFen).toBe(8_333_333_336)
    expect(schedule.totalInterestFen).toBe(6_500_000_000)
  })

  it('builds the most extreme schedule allowed (FEN_MAX, 360 %, 1000 months) in safe integers', () => {
    for (const method of REPAYMENT_METHODS) {
      for (const interestBasis of INTEREST_BASES) {
        const extreme = {
          principalFen: FEN_MAX,
          annualRateBps: ANNUAL_RATE_BPS_MAX,
          repayments: REPAYMENTS_MAX,
        }
        const schedule = build(terms({ ...extreme, method, interestBasis }))
        expectExact(schedule, FEN_MAX)
        expect(Number.isSafeInteger(schedule.totalInterestFen)).toBe(true)
      }
    }
  })

  it('never leaves an installment empty when a rounded-up payment would repay a tiny loan early', () => {
    // 156 fen over 28 days: round(5.58) = 6 fen would repay everything by day 26; 5 fen a day does not.
    const schedule = build(terms({ principalFen: 156, repayments: 28, frequency: 'daily' }))
    expectExact(schedule, 156)
    const rows = schedule.installments
    expect(rows.slice(0, 27).every((row) => row.totalFen === rows[0]!.totalFen)).toBe(true)
    expect(rows[27]!.principalFen).toBeGreaterThan(0)
  })

  it('charges no interest and an APR of zero at a zero rate', () => {
    for (const method of REPAYMENT_METHODS) {
      const schedule = build(terms({ annualRateBps: 0, principalFen: 1_000, repayments: 7, method }))
      // 1,000 / 7 = 142.857 → 143 (half-even), the last 142; version 1 rounded down: 6 × 142 and 148.
      expect(schedule.installments.map((row) => row.totalFen)).toEqual([143, 143, 143, 143, 143, 143, 142])
      expect(schedule.totalInterestFen).toBe(0)
      expect(schedule.aprBps).toBe(0)
    }
  })
})

describe('buildSchedule: calendars and day counts', () => {
  it('falls due every day, every week or every month after the start', () => {
    const dates = (frequency: ScheduleTerms['frequency']) =>
      build(terms({ frequency, repayments: 3 })).installments.map((row) => row.dueDate)
    expect(dates('daily')).toEqual(['2026-02-01', '2026-02-02', '2026-02-03'])
    expect(dates('weekly')).toEqual(['2026-02-07', '2026-02-14', '2026-02-21'])
    expect(dates('monthly')).toEqual(['2026-02-28', '2026-03-31', '2026-04-30'])
  })

  it('keeps a month-end start at month ends, through Feb 29 of a leap year', () => {
    const schedule = build(terms({ startDate: isoDate('2024-01-31'), repayments: 13 }))
    expect(schedule.installments.map((row) => row.dueDate)).toEqual([
      '2024-02-29',
      '2024-03-31',
      '2024-04-30',
      '2024-05-31',
      '2024-06-30',
      '2024-07-31',
      '2024-08-31',
      '2024-09-30',
      '2024-10-31',
      '2024-11-30',
      '2024-12-31',
      '2025-01-31',
      '2025-02-28',
    ])
  })

  it('counts the actual days under act365: 29 days in Feb 2024, 28 in Feb 2026', () => {
    const leap = build(
      terms({ startDate: isoDate('2024-01-31'), interestBasis: 'act365', method: 'equal_principal' }),
    )
    expect(leap.installments[0]!.interestFen).toBe(95_342) // 10,000,000 × 12 % × 29 / 365 = 95,342.47
    const common = build(terms({ interestBasis: 'act365', method: 'equal_principal' }))
    expect(common.installments[0]!.interestFen).toBe(92_055) // × 28 / 365 = 92,054.79
    expect(common.installments[1]!.interestFen).toBe(93_424) // 9,166,667 × 12 % × 31 / 365 = 93,424.66
  })

  it('charges a year of flat act365 interest as exactly the annual rate', () => {
    const schedule = build(terms({ method: 'flat', interestBasis: 'act365' }))
    expect(schedule.totalInterestFen).toBe(1_200_000) // 2026-01-31 to 2027-01-31 is 365 days
    expect(schedule.installments[0]!.interestFen).toBe(92_055)
    expect(schedule.installments[1]!.interestFen).toBe(101_918) // 31 days: 101,917.81
  })

  it('charges the same daily interest under both bases, since a day is 1/365 of a year in each', () => {
    for (const method of REPAYMENT_METHODS) {
      const base = terms({ frequency: 'daily', repayments: 90, annualRateBps: 1_850, method })
      expect(build({ ...base, interestBasis: 'act365' })).toEqual(
        build({ ...base, interestBasis: 'periodic' }),
      )
    }
  })

  it('charges weekly periodic interest as 1/52 of the rate and act365 as 7/365', () => {
    const base = terms({ frequency: 'weekly', repayments: 1, principalFen: 52_000_000, method: 'flat' })
    expect(build(base).installments[0]!.interestFen).toBe(120_000) // 52,000,000 × 12 % / 52
    const act365 = build({ ...base, interestBasis: 'act365' })
    expect(act365.installments[0]!.interestFen).toBe(119_671) // × 7 / 365 = 119,671.23
  })

  it('builds every method under both bases with the shape each method promises', () => {
    for (const interestBasis of INTEREST_BASES) {
      const annuity = build(terms({ interestBasis, frequency: 'weekly', repayments: 26 }))
      const level = annuity.installments[0]!.totalFen
      expect(annuity.installments.slice(0, 25).every((row) => row.totalFen === level)).toBe(true)
      const equal = build(terms({ interestBasis, method: 'equal_principal', frequency: 'weekly' }))
      expect(equal.installments.slice(0, 11).every((row) => row.principalFen === 833_333)).toBe(true)
      const interests = equal.installments.map((row) => row.interestFen)
      expect(interests).toEqual([...interests].sort((a, b) => b - a))
      const flat = build(terms({ interestBasis, method: 'flat', frequency: 'weekly' }))
      expect(flat.totalInterestFen).toBeGreaterThan(equal.totalInterestFen)
      expect(flat.aprBps).toBeGreaterThan(equal.aprBps)
      for (const schedule of [annuity, equal, flat]) expectExact(schedule, 10_000_000)
    }
  })
})

describe('buildSchedule: properties', () => {
  it('sums principal exactly, totals every installment, and never goes negative', () => {
    fc.assert(
      fc.property(termsArbitrary, (input) => {
        const schedule = build(input)
        expect(schedule.installments).toHaveLength(input.repayments)
        expectExact(schedule, input.principalFen)
        const dates = schedule.installments.map((row) => row.dueDate)
        expect(dates.every((date, index) => index === 0 || date > dates[index - 1]!)).toBe(true)
        expect(dates[0]! > input.startDate).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it('charges flat periodic interest of exactly principal × rate × periods, rounded once', () => {
    fc.assert(
      fc.property(termsArbitrary, (input) => {
        const schedule = build({ ...input, method: 'flat', interestBasis: 'periodic' })
        const periodsPerYear = { daily: 365, weekly: 52, monthly: 12 }[input.frequency]
        const exactNumerator =
          BigInt(input.principalFen) * BigInt(input.annualRateBps) * BigInt(input.repayments)
        const expected = divRoundHalfEven(exactNumerator, BigInt(10_000 * periodsPerYear))
        expect(schedule.totalInterestFen).toBe(Number(expected))
      }),
      { numRuns: 200 },
    )
  })

  it('states an amortising loan APR equal to its nominal rate', () => {
    fc.assert(
      fc.property(
        termsArbitrary,
        fc.integer({ min: 1_000_000_000, max: FEN_MAX }),
        fc.constantFrom(...AMORTISING),
        (input, principalFen, method) => {
          const schedule = build({ ...input, principalFen, method })
          expect(schedule.aprBps).toBe(input.annualRateBps)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('charges act365 interest that daily accrual reproduces when the borrower pays on schedule', () => {
    fc.assert(
      fc.property(termsArbitrary, fc.constantFrom(...AMORTISING), (input, method) => {
        const repayments = Math.min(input.repayments, 60)
        const schedule = build({ ...input, method, repayments, interestBasis: 'act365' })
        let outstandingFen = input.principalFen
        let carryNumerator = 0
        let day = input.startDate
        for (const row of schedule.installments) {
          let accruedFen = 0
          while (day < row.dueDate) {
            const accrual = accrueDailyInterest({
              outstandingPrincipalFen: outstandingFen,
              annualRateBps: input.annualRateBps,
              carryNumerator,
            })
            accruedFen += accrual.interestFen
            carryNumerator = accrual.carryNumerator
            day = isoDate(new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10))
          }
          expect(accruedFen).toBe(row.interestFen)
          outstandingFen -= row.principalFen
        }
      }),
      { numRuns: 100 },
    )
  })
})

describe('buildSchedule: limits', () => {
  it('refuses terms outside the limits', () => {
    expect(() => build(terms({ annualRateBps: ANNUAL_RATE_BPS_MAX + 1 }))).toThrow(/annualRateBps/)
    expect(() => build(terms({ annualRateBps: -1 }))).toThrow(/annualRateBps/)
    expect(() => build(terms({ principalFen: 0 }))).toThrow(/principalFen/)
    expect(() => build(terms({ principalFen: FEN_MAX + 1 }))).toThrow(/principalFen/)
    expect(() => build(terms({ principalFen: 1.5 }))).toThrow(/principalFen/)
    expect(() => build(terms({ repayments: REPAYMENTS_MAX + 1 }))).toThrow(/repayments/)
    expect(() => build(terms({ repayments: 0 }))).toThrow(/repayments/)
    expect(() => build(terms({ startDate: isoDate('9999-01-31') }))).toThrow(/9999-12-31/)
    expect(() => build(terms({ method: 'balloon' as never }))).toThrow(/method/)
  })
})

describe('accrueDailyInterest', () => {
  it('posts one day of ACT/365 interest, half-even, carrying the remainder', () => {
    // 1,825 fen at 10 %: 0.5 fen a day. Half-even: 0.5 → 0, then 1.0 → 1, 1.5 → 2, 2.0 → 2.
    const posted: number[] = []
    let carryNumerator = 0
    for (let day = 0; day < 4; day += 1) {
      const accrual = accrueDailyInterest({
        outstandingPrincipalFen: 1_825,
        annualRateBps: 1_000,
        carryNumerator,
      })
      posted.push(accrual.interestFen)
      carryNumerator = accrual.carryNumerator
    }
    expect(posted).toEqual([0, 1, 1, 0])
    expect(carryNumerator).toBe(0)
  })

  it('accrues 36,000 yuan at 18.25 % to 18 yuan a day exactly', () => {
    const accrual = accrueDailyInterest({
      outstandingPrincipalFen: 3_600_000,
      annualRateBps: 1_825,
      carryNumerator: 0,
    })
    expect(accrual).toEqual({ interestFen: 1_800, carryNumerator: 0 })
  })

  it('sums over N days to the exact N-day interest rounded once', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: FEN_MAX }),
        fc.integer({ min: 0, max: ANNUAL_RATE_BPS_MAX }),
        fc.integer({ min: 1, max: 400 }),
        (outstandingPrincipalFen, annualRateBps, days) => {
          let carryNumerator = 0
          let postedFen = 0
          for (let day = 0; day < days; day += 1) {
            const accrual = accrueDailyInterest({ outstandingPrincipalFen, annualRateBps, carryNumerator })
            expect(accrual.interestFen).toBeGreaterThanOrEqual(0)
            expect(accrual.carryNumerator).toBeGreaterThanOrEqual(0)
            expect(accrual.carryNumerator).toBeLessThan(ACCRUAL_CARRY_MODULUS)
            postedFen += accrual.interestFen
            carryNumerator = accrual.carryNumerator
          }
          const exactNumerator = BigInt(outstandingPrincipalFen) * BigInt(annualRateBps) * BigInt(days)
          expect(postedFen).toBe(Number(divRoundHalfEven(exactNumerator, 3_650_000n)))
        },
      ),
    )
  })

  it('loses no fen when the principal changes from day to day, half-even ties included', () => {
    fc.assert(
      fc.property(
        // 1,825 fen at 10 % or 1,000 fen at 18.25 % is exactly half a fen a day: frequent half-even ties
        fc.array(
          fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.constantFrom(1_825, 5_475, 1_000, 3_000)),
          {
            minLength: 1,
            maxLength: 200,
          },
        ),
        fc.constantFrom(1_000, 1_825, 3_650, 36_000),
        (principalsFen, annualRateBps) => {
          let carryNumerator = 0
          let postedFen = 0
          for (const outstandingPrincipalFen of principalsFen) {
            const accrual = accrueDailyInterest({ outstandingPrincipalFen, annualRateBps, carryNumerator })
            postedFen += accrual.interestFen
            carryNumerator = accrual.carryNumerator
          }
          const exactNumerator = BigInt(sum(principalsFen)) * BigInt(annualRateBps)
          expect(postedFen).toBe(Number(divRoundHalfEven(exactNumerator, 3_650_000n)))
        },
      ),
    )
  })

  it('refuses a carry outside its range, a negative principal and a rate above the limit', () => {
    const valid = { outstandingPrincipalFen: 100, annualRateBps: 1_000, carryNumerator: 0 }
    expect(() => accrueDailyInterest({ ...valid, carryNumerator: ACCRUAL_CARRY_MODULUS })).toThrow(/carry/)
    expect(() => accrueDailyInterest({ ...valid, carryNumerator: -1 })).toThrow(/carry/)
    expect(() => accrueDailyInterest({ ...valid, outstandingPrincipalFen: -1 })).toThrow(/outstanding/)
    expect(() => accrueDailyInterest({ ...valid, annualRateBps: ANNUAL_RATE_BPS_MAX + 1 })).toThrow(
      /annualRateBps/,
    )
  })
})

describe('repaymentsWithinTerm: a re-schedule ends on or before the term asked', () => {
  const start = isoDate('2026-01-31')
  it('counts monthly installments by the calendar, not by 30-day months', () => {
    // Feb 28 is within 45 days of Jan 31, Mar 31 (59 days) is not.
    expect(repaymentsWithinTerm(start, 'monthly', 45)).toBe(1)
    expect(repaymentsWithinTerm(start, 'monthly', 59)).toBe(2)
    expect(repaymentsWithinTerm(start, 'monthly', 58)).toBe(1)
    expect(repaymentsWithinTerm(start, 'monthly', 20)).toBe(0)
  })
  it('counts weekly and daily installments that fit', () => {
    expect(repaymentsWithinTerm(start, 'weekly', 45)).toBe(6)
    expect(repaymentsWithinTerm(start, 'weekly', 6)).toBe(0)
    expect(repaymentsWithinTerm(start, 'daily', 45)).toBe(45)
  })
  it('never ends after the term, for any term and start', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3000 }),
        fc.constantFrom('daily', 'weekly', 'monthly' as const),
        fc.integer({ min: 1, max: 730 }),
        (offsetDays, frequency, termDays) => {
          const from = addDays(isoDate('2024-01-01'), offsetDays)
          const repayments = repaymentsWithinTerm(from, frequency, termDays)
          const last = addDays(from, termDays)
          if (repayments > 0) expect(dueDateAt(from, frequency, repayments) <= last).toBe(true)
          expect(dueDateAt(from, frequency, repayments + 1) > last).toBe(true)
        },
      ),
    )
  })
})

// Issue 16 items 4 and 5. Version 2 is what new loans, restructures and the calculator use; version 1
// is the formula loans booked before it were contracted under, kept only for them.
describe('buildSchedule version 2: act365 annuities level under the days charged', () => {
  // 999,999.99 yuan at 360 % over 12 months from 2026-01-31, interest on the actual days. Version 1
  // solved the payment at 30 %/month and left the last installment 59 fen.
  const EXAMPLE = terms({
    principalFen: 99_999_999,
    annualRateBps: ANNUAL_RATE_BPS_MAX,
    interestBasis: 'act365',
  })

  it('charges eleven level installments and leaves only rounding to the last', () => {
    // Independent float check: the payment x with Σ x / Π(1 + 3.6 · daysₖ / 365) = P.
    const days = [28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 31]
    let discount = 1
    let annuityFactor = 0
    for (const d of days) {
      discount /= 1 + (3.6 * d) / 365
      annuityFactor += discount
    }
    expect(Math.round(99_999_999 / annuityFactor)).toBe(30_900_940)
    const schedule = buildSchedule(EXAMPLE, SCHEDULE_VERSION_CURRENT)
    expectExact(schedule, 99_999_999)
    const rows = schedule.installments
    expect(rows.slice(0, 11).every((row) => row.totalFen === 30_900_940)).toBe(true)
    expect(rows[0]).toMatchObject({ principalFen: 3_284_502, interestFen: 27_616_438 }) // 28 days
    expect(rows[11]).toMatchObject({ principalFen: 23_665_196, interestFen: 7_235_715, totalFen: 30_900_911 })
    expect(schedule.totalInterestFen).toBe(270_811_252)
    expect(schedule.aprBps).toBe(ANNUAL_RATE_BPS_MAX)
  })

  it('solves the textbook act365 annuity under the actual days, not at 1 % a month', () => {
    const schedule = buildSchedule(terms({ interestBasis: 'act365' }), SCHEDULE_VERSION_CURRENT)
    expectExact(schedule, 10_000_000)
    expect(schedule.installments.slice(0, 11).every((row) => row.totalFen === 888_084)).toBe(true)
    expect(schedule.installments[11]).toMatchObject({ principalFen: 879_119, interestFen: 8_960 })
    expect(schedule.totalInterestFen).toBe(657_003)
  })

  it('keeps version 1 for loans contracted under it: the old figures to the fen', () => {
    const old = buildSchedule(EXAMPLE, 1)
    expect(old.installments.slice(0, 11).every((row) => row.totalFen === 31_316_405)).toBe(true)
    expect(old.installments[11]).toMatchObject({ principalFen: 45, interestFen: 14, totalFen: 59 })
    expect(old.totalInterestFen).toBe(244_480_515)
    const textbook = buildSchedule(terms({ interestBasis: 'act365' }), 1)
    expect(textbook.installments.slice(0, 11).every((row) => row.totalFen === 888_488)).toBe(true)
    expect(textbook.installments[11]).toMatchObject({ principalFen: 874_445, interestFen: 8_912 })
    expect(textbook.totalInterestFen).toBe(656_725)
    const level = buildSchedule(terms({ annualRateBps: 0, principalFen: 1_000, repayments: 7 }), 1)
    expect(level.installments.map((row) => row.principalFen)).toEqual([142, 142, 142, 142, 142, 142, 148])
  })

  it('gives the same schedule in both versions where the periodic rate is what is charged', () => {
    for (const method of REPAYMENT_METHODS) {
      expect(buildSchedule(terms({ principalFen: 12_000_000, method }), 1)).toEqual(
        buildSchedule(terms({ principalFen: 12_000_000, method }), SCHEDULE_VERSION_CURRENT),
      )
    }
  })
})

describe('buildSchedule version 2: level principal rounded half-even, the last absorbing the rest', () => {
  it('rounds the level principal half-even instead of down', () => {
    for (const method of ['equal_principal', 'flat'] as const) {
      const sevenths = buildSchedule(
        terms({ annualRateBps: 0, principalFen: 1_000, repayments: 7, method }),
        SCHEDULE_VERSION_CURRENT,
      )
      // 1,000 / 7 = 142.857 → 143; the last takes 1,000 − 6 × 143 = 142.
      expect(sevenths.installments.map((row) => row.principalFen)).toEqual([
        143, 143, 143, 143, 143, 143, 142,
      ])
      const thirds = buildSchedule(
        terms({ principalFen: 200, repayments: 3, method }),
        SCHEDULE_VERSION_CURRENT,
      )
      expect(thirds.installments.map((row) => row.principalFen)).toEqual([67, 67, 66]) // 66.67 → 67
      const down = buildSchedule(
        terms({ principalFen: 100, repayments: 3, method }),
        SCHEDULE_VERSION_CURRENT,
      )
      expect(down.installments.map((row) => row.principalFen)).toEqual([33, 33, 34]) // 33.33 → 33
    }
  })

  it('rounds a half to even', () => {
    // 150 / 4 = 37.5 → 38 (even); 130 / 4 = 32.5 → 32 (even).
    const up = buildSchedule(terms({ principalFen: 150, repayments: 4, method: 'equal_principal' }), 2)
    expect(up.installments.map((row) => row.principalFen)).toEqual([38, 38, 38, 36])
    const down = buildSchedule(terms({ principalFen: 130, repayments: 4, method: 'equal_principal' }), 2)
    expect(down.installments.map((row) => row.principalFen)).toEqual([32, 32, 32, 34])
  })
})

describe('installmentsWithoutPrincipal: a new schedule repays principal in every installment', () => {
  it('finds the empty installments of 100 fen over 365 days under every method', () => {
    for (const method of REPAYMENT_METHODS) {
      const schedule = buildSchedule(
        terms({ principalFen: 100, repayments: 365, frequency: 'daily', method }),
        SCHEDULE_VERSION_CURRENT,
      )
      expect(installmentsWithoutPrincipal(schedule).length).toBeGreaterThan(0)
    }
  })

  it('refuses such terms for a new schedule with installment_without_principal', () => {
    const tiny = terms({ principalFen: 100, repayments: 365, frequency: 'daily', method: 'equal_principal' })
    expect(() => newSchedule(tiny)).toThrow(
      expect.objectContaining({ name: 'Refusal', code: 'installment_without_principal' }),
    )
    expect(newSchedule(terms())).toEqual(buildSchedule(terms(), SCHEDULE_VERSION_CURRENT))
  })

  it('finds none in an ordinary schedule, and one where a rounded-up level leaves the last empty', () => {
    expect(installmentsWithoutPrincipal(buildSchedule(terms(), SCHEDULE_VERSION_CURRENT))).toEqual([])
    // 6 / 4 = 1.5 → 2: three installments of 2 fen leave nothing for the fourth.
    const six = buildSchedule(
      terms({ principalFen: 6, repayments: 4, method: 'flat' }),
      SCHEDULE_VERSION_CURRENT,
    )
    expect(six.installments.map((row) => row.principalFen)).toEqual([2, 2, 2, 0])
    expect(installmentsWithoutPrincipal(six)).toEqual([4])
  })
})

describe('buildSchedule version 2 against the reference servicer written from the brief', () => {
  it('gives the reference schedule to the fen over the whole terms space', () => {
    fc.assert(
      fc.property(termsArbitrary, (input) => {
        const repayments = Math.min(input.repayments, 120)
        const schedule = buildSchedule({ ...input, repayments }, SCHEDULE_VERSION_CURRENT)
        const expected = referenceSchedule({ ...input, repayments })
        expect(schedule.installments).toEqual(expected.installments)
        expect(schedule.totalInterestFen).toBe(expected.totalInterestFen)
      }),
      { numRuns: 300 },
    )
  })
})
