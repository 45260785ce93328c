/**
 * Repayment schedules and daily interest: the money arithmetic the loan calculator, origination and
 * close of business share. Every fen figure is exact: interest is tracked as a bigint numerator and only
 * whole fen are emitted (half-even), the sub-fen remainder carried forward, so a schedule or a loan's
 * accruals never lose or create a fen. Pure (no I/O, no clock) and imports only the kernel, so Temporal
 * workflow code may import it.
 * @module
 */
import { assert, assertNever } from '../kernel/assert.js'
import {
  addDays,
  addMonths,
  daysBetween,
  ISO_DATE_MAX,
  isIsoDate,
  type IsoDate,
} from '../kernel/business-date.js'
import { Refusal } from '../kernel/errors.js'
import { divRoundHalfEven, FEN_MAX } from '../kernel/money.js'

/** The most installments a schedule may have (1 000 days is under three years of daily repayments). */
export const REPAYMENTS_MAX = 1000
/** 360 % a year: a sanity ceiling, far above any product's price; anything above is refused. */
export const ANNUAL_RATE_BPS_MAX = 36_000
export const PRINCIPAL_FEN_MIN = 1
export const PRINCIPAL_FEN_MAX = FEN_MAX

export const REPAYMENT_FREQUENCIES = ['daily', 'weekly', 'monthly'] as const
export type RepaymentFrequency = (typeof REPAYMENT_FREQUENCIES)[number]

/** annuity: level installments; equal_principal: level principal; flat: interest on the original principal. */
export const REPAYMENT_METHODS = ['annuity', 'equal_principal', 'flat'] as const
export type RepaymentMethod = (typeof REPAYMENT_METHODS)[number]

/** periodic: the annual rate / periods per year each period; act365: the days actually elapsed / 365. */
export const INTEREST_BASES = ['periodic', 'act365'] as const
export type InterestBasis = (typeof INTEREST_BASES)[number]

/**
 * Which formula a schedule is built with. A loan's schedule is derived from its stored terms, so a
 * loan keeps the version it was contracted under (`loans.schedule_version`) and a change of formula
 * never changes the schedule of a loan already on the books.
 *
 * 1: the act365 annuity's payment solved at the periodic rate (the last installment absorbing the
 * difference from the days actually charged), and level principal rounded down. Loans booked before
 * version 2 only.
 * 2: the annuity's payment solved under the rate actually charged in each period (for act365, each
 * period's days), and level principal rounded half-even; the last installment absorbs only rounding.
 * A sales-share loan's 30-day minimums follow the version too (`loan-view.ts`): version 1 split them by
 * largest remainders, version 2 rounds each period's share half-even, the last absorbing the rest.
 */
export const SCHEDULE_VERSIONS = [1, 2] as const
export type ScheduleVersion = (typeof SCHEDULE_VERSIONS)[number]
/** The version new loans, restructures and the loan calculator use. */
export const SCHEDULE_VERSION_CURRENT: ScheduleVersion = 2

/** A stored schedule version, checked. */
export function scheduleVersionOf(stored: number): ScheduleVersion {
  const version = SCHEDULE_VERSIONS.find((candidate) => candidate === stored)
  assert(version !== undefined, `unknown schedule version: ${stored}`)
  return version
}

/** How an installment loan's schedule is built: a level payment, interest on the days actually elapsed. */
export const INSTALLMENT_LOAN_SCHEDULE = { method: 'annuity', interestBasis: 'act365' } as const

export const PERIODS_PER_YEAR: Readonly<Record<RepaymentFrequency, number>> = {
  daily: 365,
  weekly: 52,
  monthly: 12,
}

const BPS_PER_ONE = 10_000
const DAYS_PER_YEAR = 365
const DAYS_PER_WEEK = 7

/**
 * Daily accrual numerators are in units of 1/3 650 000 fen: one day's exact ACT/365 interest on
 * `principalFen` at `annualRateBps` is `principalFen × annualRateBps` such units (÷ 10 000 bps ÷ 365 days).
 */
export const ACCRUAL_DENOMINATOR = BPS_PER_ONE * DAYS_PER_YEAR

/** A daily accrual carry is always in [0, ACCRUAL_CARRY_MODULUS); see {@link accrueDailyInterest}. */
export const ACCRUAL_CARRY_MODULUS = 2 * ACCRUAL_DENOMINATOR

export type ScheduleTerms = Readonly<{
  principalFen: number
  annualRateBps: number
  repayments: number
  frequency: RepaymentFrequency
  method: RepaymentMethod
  interestBasis: InterestBasis
  /** The disbursement date; the first installment falls one period later. */
  startDate: IsoDate
}>

export type Installment = Readonly<{
  /** 1-based installment number. */
  n: number
  dueDate: IsoDate
  principalFen: number
  interestFen: number
  totalFen: number
}>

export type Schedule = Readonly<{
  installments: readonly Installment[]
  totalInterestFen: number
  /** Annual percentage rate (nominal IRR of the cash flows), whole basis points; a disclosure figure. */
  aprBps: number
}>

type Period = Readonly<{ dueDate: IsoDate; days: number }>
type Split = { principalFen: number; interestFen: number }
type InterestMeter = (exactNumerator: bigint) => number

/**
 * Whether the last due date still falls on a four-digit-year calendar date (≤ 9999-12-31). Lets the
 * HTTP layer reject such terms as invalid input before {@link buildSchedule} would assert.
 */
export function scheduleFitsCalendar(
  startDate: IsoDate,
  frequency: RepaymentFrequency,
  repayments: number,
): boolean {
  switch (frequency) {
    case 'daily':
      return daysBetween(startDate, ISO_DATE_MAX) >= repayments
    case 'weekly':
      return daysBetween(startDate, ISO_DATE_MAX) >= repayments * DAYS_PER_WEEK
    case 'monthly': {
      const [year, month] = startDate.split('-').map(Number) as [number, number]
      return (9999 - year) * 12 + (12 - month) >= repayments
    }
    default:
      return assertNever(frequency)
  }
}

/**
 * The k-th due date, always counted from the start (monthly dates clamp to the month end and then
 * return to the start's day: Jan 31 → Feb 28 → Mar 31).
 */
export function dueDateAt(startDate: IsoDate, frequency: RepaymentFrequency, k: number): IsoDate {
  switch (frequency) {
    case 'daily':
      return addDays(startDate, k)
    case 'weekly':
      return addDays(startDate, k * DAYS_PER_WEEK)
    case 'monthly':
      return addMonths(startDate, k)
    default:
      return assertNever(frequency)
  }
}

/**
 * How many installments of `frequency`, counted from `startDate`, fall due within `termDays` (on or
 * before `startDate + termDays`): a re-schedule over a term ends on or before that term, never after.
 * 0 when not even one period fits (a monthly schedule over 20 days).
 */
export function repaymentsWithinTerm(
  startDate: IsoDate,
  frequency: RepaymentFrequency,
  termDays: number,
): number {
  assert(
    Number.isSafeInteger(termDays) && termDays >= 1,
    `termDays must be a whole number above 0, got ${termDays}`,
  )
  const lastDay = addDays(startDate, termDays)
  let repayments = 0
  while (repayments < REPAYMENTS_MAX && dueDateAt(startDate, frequency, repayments + 1) <= lastDay)
    repayments += 1
  return repayments
}

function assertTerms(terms: ScheduleTerms): void {
  const { principalFen, annualRateBps, repayments, frequency, method, interestBasis, startDate } = terms
  assert(REPAYMENT_FREQUENCIES.includes(frequency), `unknown frequency: ${frequency}`)
  assert(REPAYMENT_METHODS.includes(method), `unknown method: ${method}`)
  assert(INTEREST_BASES.includes(interestBasis), `unknown interest basis: ${interestBasis}`)
  assert(
    Number.isSafeInteger(principalFen) &&
      principalFen >= PRINCIPAL_FEN_MIN &&
      principalFen <= PRINCIPAL_FEN_MAX,
    `principalFen must be an integer in ${PRINCIPAL_FEN_MIN}..${PRINCIPAL_FEN_MAX}, got ${principalFen}`,
  )
  assertRateBps(annualRateBps)
  assert(
    Number.isSafeInteger(repayments) && repayments >= 1 && repayments <= REPAYMENTS_MAX,
    `repayments must be an integer in 1..${REPAYMENTS_MAX}, got ${repayments}`,
  )
  assert(isIsoDate(startDate), `startDate is not a calendar date: ${startDate}`)
  assert(
    scheduleFitsCalendar(startDate, frequency, repayments),
    `the schedule would end after ${ISO_DATE_MAX}`,
  )
}

function assertRateBps(annualRateBps: number): void {
  assert(
    Number.isSafeInteger(annualRateBps) && annualRateBps >= 0 && annualRateBps <= ANNUAL_RATE_BPS_MAX,
    `annualRateBps must be an integer in 0..${ANNUAL_RATE_BPS_MAX}, got ${annualRateBps}`,
  )
}

/**
 * Turns exact interest numerators (over `denominator`) into whole fen, carrying the remainder: after
 * each call the fen emitted so far equal the exact interest so far rounded half-even once, so rounding
 * never accumulates and the schedule's total interest is the exact total rounded once.
 */
function createInterestMeter(denominator: bigint): InterestMeter {
  let exactNumerator = 0n
  let emittedFen = 0n
  return (numerator) => {
    assert(numerator >= 0n, 'interest numerators are never negative')
    exactNumerator += numerator
    const dueFen = divRoundHalfEven(exactNumerator, denominator)
    const interestFen = dueFen - emittedFen
    emittedFen = dueFen
    return Number(interestFen)
  }
}

/** The denominator of one period's interest numerator (see {@link interestNumerator}). */
function interestDenominator(basis: InterestBasis, frequency: RepaymentFrequency): bigint {
  const periodsPerYear = basis === 'act365' ? DAYS_PER_YEAR : PERIODS_PER_YEAR[frequency]
  return BigInt(BPS_PER_ONE * periodsPerYear)
}

/** One period's exact interest on `balanceFen`, as a numerator over {@link interestDenominator}. */
function interestNumerator(balanceFen: number, terms: ScheduleTerms, period: Period): bigint {
  const numerator = BigInt(balanceFen) * BigInt(terms.annualRateBps)
  return terms.interestBasis === 'act365' ? numerator * BigInt(period.days) : numerator
}

/**
 * Level principal: every installment gets principal / n rounded half-even (version 1: rounded down)
 * and the last absorbs the remainder, so the principal sums exactly. Where rounding up would leave
 * the last installment negative (a principal below about n² / 2 fen), the level part is rounded down
 * instead, so no installment is ever negative.
 */
function levelPrincipalsFen(principalFen: number, repayments: number, version: ScheduleVersion): number[] {
  const flooredFen = (principalFen - (principalFen % repayments)) / repayments
  let levelFen = flooredFen
  if (version >= 2) {
    levelFen = Number(divRoundHalfEven(BigInt(principalFen), BigInt(repayments)))
    if (levelFen * (repayments - 1) > principalFen) levelFen = flooredFen
  }
  const lastFen = principalFen - levelFen * (repayments - 1)
  return Array.from({ length: repayments }, (_, index) => (index === repayments - 1 ? lastFen : levelFen))
}

/**
 * The annuity's level payment at the periodic rate i = r / (10 000 × periods per year), computed as the
 * exact rational P·i·(1+i)^n / ((1+i)^n − 1) in bigint and rounded half-even once to the fen: the
 * periodic basis's payment, and version 1's under act365 too (where it is not level, see
 * {@link SCHEDULE_VERSIONS}).
 * With i = a/d: P·a·(d+a)^n / (d·((d+a)^n − d^n)). Requires a rate above zero.
 */
export function levelPaymentFen(
  principalFen: number,
  annualRateBps: number,
  frequency: RepaymentFrequency,
  repayments: number,
): number {
  assert(annualRateBps > 0, 'a level payment needs a rate above zero')
  const a = BigInt(annualRateBps)
  const d = BigInt(BPS_PER_ONE * PERIODS_PER_YEAR[frequency])
  const n = BigInt(repayments)
  const growth = (d + a) ** n
  return Number(divRoundHalfEven(BigInt(principalFen) * a * growth, d * (growth - d ** n)))
}

/**
 * The level payment that repays the principal exactly when each period is charged the interest it
 * actually bears (periodic: r / periods per year every period, the textbook annuity; act365: r × the
 * period's days / 365), rounded half-even once. With period rates aₖ / D the payment x solves
 * P · Π(D + aₖ) = x · Σⱼ Dʲ · Πₖ₍ₖ>ⱼ₎(D + aₖ), computed in bigint. A zero rate gives P / n.
 */
function levelPaymentOverPeriodsFen(terms: ScheduleTerms, periods: readonly Period[]): number {
  const denominator = interestDenominator(terms.interestBasis, terms.frequency)
  let growth = 1n // Πₖ≤ⱼ (D + aₖ)
  let annuity = 0n // Σᵢ≤ⱼ Dⁱ · Πᵢ<ₖ≤ⱼ (D + aₖ), by Horner's rule: each Dʲ enters after the factors up to j
  let power = 1n // Dʲ
  for (const period of periods) {
    const factor = denominator + interestNumerator(1, terms, period)
    power *= denominator
    growth *= factor
    annuity = annuity * factor + power
  }
  return Number(divRoundHalfEven(BigInt(terms.principalFen) * growth, annuity))
}

/**
 * Annuity: a level payment; each period's principal is the payment minus that period's interest and
 * the last installment takes whatever principal is left (so it differs from the others by the fen the
 * rounded payment could not spread). The payment is the exact level payment rounded half-even, unless
 * that would repay the loan before the last installment (tiny loans over many installments, or terms
 * where compounding magnifies the rounding enormously); then it is the largest payment that does not,
 * so the last installment is never left empty. A zero rate is P / n, the same way.
 *
 * Version 1 solved the payment at the periodic rate even under act365, so the last installment
 * absorbed the whole difference from the days charged, and treated a zero rate as equal principal.
 */
function annuitySplits(terms: ScheduleTerms, periods: readonly Period[], version: ScheduleVersion): Split[] {
  if (version === 1 && terms.annualRateBps === 0) return equalPrincipalSplits(terms, periods, version)
  const roundedFen =
    version === 1
      ? levelPaymentFen(terms.principalFen, terms.annualRateBps, terms.frequency, terms.repayments)
      : levelPaymentOverPeriodsFen(terms, periods)
  const rounded = amortiseAt(roundedFen, terms, periods)
  if (!rounded.repaidEarly) return rounded.splits
  let validFen = 0 // a zero payment repays nothing before the last installment
  let invalidFen = roundedFen
  while (invalidFen - validFen > 1) {
    const middleFen = Math.floor((validFen + invalidFen) / 2)
    if (amortiseAt(middleFen, terms, periods).repaidEarly) invalidFen = middleFen
    else validFen = middleFen
  }
  return amortiseAt(validFen, terms, periods).splits
}

/**
 * The annuity at a given payment. Principal is clamped to [0, outstanding], so even a payment below
 * the period's interest never produces a negative amount (that installment is then interest only).
 */
function amortiseAt(
  paymentFen: number,
  terms: ScheduleTerms,
  periods: readonly Period[],
): { splits: Split[]; repaidEarly: boolean } {
  const meter = createInterestMeter(interestDenominator(terms.interestBasis, terms.frequency))
  let outstandingFen = terms.principalFen
  const splits = periods.map((period, index) => {
    const interestFen = meter(interestNumerator(outstandingFen, terms, period))
    const isLast = index === periods.length - 1
    const principalFen = isLast
      ? outstandingFen
      : Math.min(outstandingFen, Math.max(0, paymentFen - interestFen))
    outstandingFen -= principalFen
    return { principalFen, interestFen }
  })
  return { splits, repaidEarly: splits.at(-1)!.principalFen === 0 }
}

/** Equal principal: level principal, interest on the principal still outstanding during the period. */
function equalPrincipalSplits(
  terms: ScheduleTerms,
  periods: readonly Period[],
  version: ScheduleVersion,
): Split[] {
  const meter = createInterestMeter(interestDenominator(terms.interestBasis, terms.frequency))
  const principalsFen = levelPrincipalsFen(terms.principalFen, terms.repayments, version)
  let outstandingFen = terms.principalFen
  return periods.map((period, index) => {
    const interestFen = meter(interestNumerator(outstandingFen, terms, period))
    const principalFen = principalsFen[index]!
    outstandingFen -= principalFen
    return { principalFen, interestFen }
  })
}

/** Flat: level principal, interest on the original principal every period (so the APR exceeds the rate). */
function flatSplits(terms: ScheduleTerms, periods: readonly Period[], version: ScheduleVersion): Split[] {
  const meter = createInterestMeter(interestDenominator(terms.interestBasis, terms.frequency))
  const principalsFen = levelPrincipalsFen(terms.principalFen, terms.repayments, version)
  return periods.map((period, index) => ({
    principalFen: principalsFen[index]!,
    interestFen: meter(interestNumerator(terms.principalFen, terms, period)),
  }))
}

function periodsOf(terms: ScheduleTerms): Period[] {
  const periods: Period[] = []
  let previous = terms.startDate
  for (let k = 1; k <= terms.repayments; k += 1) {
    const dueDate = dueDateAt(terms.startDate, terms.frequency, k)
    periods.push({ dueDate, days: daysBetween(previous, dueDate) })
    previous = dueDate
  }
  return periods
}

/**
 * Builds the repayment schedule under formula `version` (see {@link SCHEDULE_VERSIONS}: a loan's own
 * version, or {@link SCHEDULE_VERSION_CURRENT} for new terms). Exact to the fen: principal sums to
 * `principalFen`, interest is rounded half-even with the remainder carried (total interest is the
 * exact total rounded once), and every installment's total is its principal plus its interest.
 * Inputs outside the limits are programmer errors (assertions): validate at the boundary first.
 * It may give installments without principal (see {@link newSchedule}, which refuses them).
 */
export function buildSchedule(terms: ScheduleTerms, version: ScheduleVersion): Schedule {
  assertTerms(terms)
  assert(SCHEDULE_VERSIONS.includes(version), `unknown schedule version: ${version}`)
  const periods = periodsOf(terms)
  const splits = splitsFor(terms, periods, version)
  const installments = splits.map(({ principalFen, interestFen }, index): Installment => {
    const totalFen = principalFen + interestFen
    assert(Number.isSafeInteger(totalFen), `installment total out of range: ${totalFen}`)
    return { n: index + 1, dueDate: periods[index]!.dueDate, principalFen, interestFen, totalFen }
  })
  const totalInterestFen = installments.reduce((sum, row) => sum + row.interestFen, 0)
  const yearFractions = periods.map((period) =>
    terms.interestBasis === 'act365' ? period.days / DAYS_PER_YEAR : 1 / PERIODS_PER_YEAR[terms.frequency],
  )
  const aprBps = annualPercentageRateBps(
    terms.principalFen,
    installments.map((row) => row.totalFen),
    yearFractions,
  )
  return { installments, totalInterestFen, aprBps }
}

/** The numbers (1-based) of the installments that repay no principal. */
export function installmentsWithoutPrincipal(schedule: Schedule): number[] {
  return schedule.installments.filter((row) => row.principalFen === 0).map((row) => row.n)
}

/**
 * The schedule of new terms (the calculator, a new loan, a restructure): {@link buildSchedule} at the
 * current version, refused (422 `installment_without_principal`) when any installment would repay no
 * principal (a principal too small for the number of installments, or a level payment that does not
 * cover some period's interest). Such terms are refused, not reshaped: the borrower or officer picks
 * fewer installments or a larger amount.
 */
export function newSchedule(terms: ScheduleTerms): Schedule {
  const schedule = buildSchedule(terms, SCHEDULE_VERSION_CURRENT)
  const empty = installmentsWithoutPrincipal(schedule)
  if (empty.length > 0) {
    throw new Refusal(
      'installment_without_principal',
      `${empty.length} of the ${terms.repayments} installments would repay no principal ` +
        `(the first is installment ${empty[0]}): choose fewer installments or a larger amount.`,
      { installments: empty.length, firstInstallment: empty[0] },
    )
  }
  return schedule
}

function splitsFor(terms: ScheduleTerms, periods: readonly Period[], version: ScheduleVersion): Split[] {
  switch (terms.method) {
    case 'annuity':
      return annuitySplits(terms, periods, version)
    case 'equal_principal':
      return equalPrincipalSplits(terms, periods, version)
    case 'flat':
      return flatSplits(terms, periods, version)
    default:
      return assertNever(terms.method)
  }
}

const APR_SEARCH_RATE_MAX = 2 ** 20 // 104 857 600 % a year: far beyond any schedule built here
const APR_TOLERANCE = 1e-12

/**
 * The APR: the nominal annual rate y at which the installments, discounted period by period with
 * factor 1 / (1 + y·wₖ), are worth the principal; wₖ is the period's year fraction (1 / periods per year
 * for the periodic basis, days / 365 for act365), so an amortising loan's APR equals its nominal rate
 * and a flat loan's shows its true cost. Solved by bisection in floating point: this is a disclosure
 * figure, never an amount of money, and the present value is strictly decreasing in y for y ≥ 0
 * (totals sum to at least the principal), so the root is unique and bisection always converges;
 * the result is accurate far below the 1 bp it is rounded (half-even) to. `principalFen` is what the
 * borrower receives (a farm loan's APR passes the principal less the premium deducted).
 */
export function annualPercentageRateBps(
  principalFen: number,
  totalsFen: readonly number[],
  yearFractions: readonly number[],
): number {
  const excessValue = (annualRate: number): number => {
    let discount = 1
    let value = -principalFen
    totalsFen.forEach((totalFen, index) => {
      discount /= 1 + annualRate * yearFractions[index]!
      value += totalFen * discount
    })
    return value
  }
  let low = 0
  let high = 1
  while (excessValue(high) > 0 && high < APR_SEARCH_RATE_MAX) high *= 2
  while (high - low > APR_TOLERANCE * Math.max(1, high)) {
    const middle = (low + high) / 2
    if (excessValue(middle) > 0) low = middle
    else high = middle
  }
  return roundHalfEvenToInteger(((low + high) / 2) * BPS_PER_ONE)
}

function roundHalfEvenToInteger(value: number): number {
  const floor = Math.floor(value)
  const fraction = value - floor
  if (fraction > 0.5) return floor + 1
  if (fraction < 0.5) return floor
  return floor % 2 === 0 ? floor : floor + 1
}

export type DailyAccrualInput = Readonly<{
  outstandingPrincipalFen: number
  annualRateBps: number
  /** The carry returned by the previous day's accrual for this loan; 0 for a new loan. */
  carryNumerator: number
}>

export type DailyAccrual = Readonly<{
  /** Whole fen of interest to post for this day (never negative). */
  interestFen: number
  /** The loan's new carry, to store (BIGINT) and pass to the next day's accrual. */
  carryNumerator: number
}>

/**
 * One day's ACT/365 interest on the outstanding principal, rounded half-even to the fen with the
 * sub-fen remainder carried, so that over any run of days the fen posted equal the exact interest of
 * those days rounded once: nothing is lost or created however many days or principal changes.
 *
 * The carry is the loan's running exact interest numerator (in units of 1/{@link ACCRUAL_DENOMINATOR}
 * fen, i.e. principalFen × rateBps per day) reduced modulo 2 × ACCRUAL_DENOMINATOR = 7 300 000: an
 * integer in [0, 7 300 000), safe for a BIGINT column and a JS number. Reducing modulo twice the
 * denominator, not once, keeps the parity of the whole fen so half-even ties resolve exactly as one
 * rounding of the running total would. The fen accrued but not yet posted is
 * (carry − 3 650 000 × round(carry / 3 650 000)) / 3 650 000, between −½ and +½ fen.
 */
export function accrueDailyInterest(input: DailyAccrualInput): DailyAccrual {
  const { outstandingPrincipalFen, annualRateBps, carryNumerator } = input
  assert(
    Number.isSafeInteger(outstandingPrincipalFen) &&
      outstandingPrincipalFen >= 0 &&
      outstandingPrincipalFen <= FEN_MAX,
    `outstandingPrincipalFen must be an integer in 0..${FEN_MAX}, got ${outstandingPrincipalFen}`,
  )
  assertRateBps(annualRateBps)
  assert(
    Number.isSafeInteger(carryNumerator) && carryNumerator >= 0 && carryNumerator < ACCRUAL_CARRY_MODULUS,
    `carryNumerator must be an integer in [0, ${ACCRUAL_CARRY_MODULUS}), got ${carryNumerator}`,
  )
  const denominator = BigInt(ACCRUAL_DENOMINATOR)
  const before = BigInt(carryNumerator)
  const after = before + BigInt(outstandingPrincipalFen) * BigInt(annualRateBps)
  const interestFen = divRoundHalfEven(after, denominator) - divRoundHalfEven(before, denominator)
  return {
    interestFen: Number(interestFen),
    carryNumerator: Number(after % BigInt(ACCRUAL_CARRY_MODULUS)),
  }
}
