/**
 * The reference servicer of issue 16: a plain, day-by-day state machine for merchant loans written from
 * the brief (PRODUCT.md, API.md) alone. It shares no code with `src/servicing` (nor imports anything
 * from `src/`): the calendar, the rounding and every rule are restated here, so that a bug there is not
 * a bug here. The model-based driver (`servicing-model-run.ts`) runs it beside the real system and
 * compares every field each night.
 *
 * What it knows, and where each rule comes from:
 * - Money is integer fen; exact interest is tracked as a bigint numerator and only whole fen are
 *   emitted, rounded half-even, the remainder carried (PRODUCT.md conventions): over any run of nights
 *   the fen accrued equal the exact interest of those nights rounded once.
 * - Interest accrues nightly, ACT/365, on the principal outstanding after the day's payments
 *   (PRODUCT.md §4); penalty interest accrues nightly on principal past its due date.
 * - Payments are allocated penalty → fees → interest → principal (PRODUCT.md conventions).
 * - What is due is the least payment that brings the loan current: every requirement (scheduled
 *   principal, the interest accrued up to a due date, a sales-share minimum) whose date has come, with
 *   the allocation order respected. Days past due count from the oldest requirement not met; a loan past
 *   maturity that still owes anything is past due since maturity at least. Buckets: current, 1–30,
 *   31–60, 61–90, 90+ (PRODUCT.md conventions).
 * - An installment whose due date has come shows, and asks, the interest that accrued in its period
 *   (interest accrues daily on what is actually outstanding, PRODUCT.md §4): after a prepayment or a
 *   restructure that is not the schedule's projection, which only installments to come still show.
 * - Schedules (API.md, schedule preview): annuity, equal principal or flat; periodic or ACT/365
 *   interest; half-even rounding, the last installment absorbing the remainder so principal sums
 *   exactly. An ACT/365 annuity is level: its payment solves the actual-day amortisation exactly.
 * - A payoff quote for a future date is what is owed now plus the interest and penalty interest of the
 *   nights until then, assuming nothing is paid in between.
 * - Sales-share loans (PRODUCT.md §4): a fixed share of each day's net sales settled after the
 *   disbursement date, until principal plus the fixed fee is repaid, with a pro-rata minimum every
 *   period; everything is due at maturity. No interest; penalty interest on the minimum's principal
 *   shortfall.
 * - Write-off at the policy's days past due; after a write-off the borrower may still pay (a recovery).
 *
 * Parameters the brief leaves to the lender's policy are restated below from the README and the
 * documented policy constants (parameters, not logic).
 * @module
 */

export type IsoDate = string

/** ACT/365 (PRODUCT.md conventions). */
export const DAYS_PER_YEAR = 365
export const BPS_PER_ONE = 10_000
/** One night's exact interest on `principalFen` at `rateBps` is principalFen × rateBps / this, in fen. */
export const NIGHT_DENOMINATOR = BigInt(BPS_PER_ONE * DAYS_PER_YEAR)
/** Penalty interest a year on overdue principal: README "Lending, end to end" (24 % a year). */
export const PENALTY_ANNUAL_RATE_BPS = 2_400
/** A loan this many days past due is written off at close of business: README (180 days). */
export const WRITE_OFF_DAYS_PAST_DUE = 180
/** A sales-share loan's minimum is measured every this many days: README ("the 30-day minimum"). */
export const SALES_SHARE_MINIMUM_PERIOD_DAYS = 30

export type Frequency = 'daily' | 'weekly' | 'monthly'
export type ScheduleMethod = 'annuity' | 'equal_principal' | 'flat'
export type InterestBasis = 'periodic' | 'act365'
export type Bucket = 'current' | '1-30' | '31-60' | '61-90' | '90+'

const PERIODS_PER_YEAR: Record<Frequency, number> = { daily: 365, weekly: 52, monthly: 12 }

// ---------------------------------------------------------------------------------------------------
// Calendar and rounding, restated.

const MS_PER_DAY = 86_400_000

function utcMs(date: IsoDate): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  return Date.UTC(year, month - 1, day)
}

function isoOf(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10)
}

export function plusDays(date: IsoDate, days: number): IsoDate {
  return isoOf(utcMs(date) + days * MS_PER_DAY)
}

export function daysFrom(from: IsoDate, to: IsoDate): number {
  return Math.round((utcMs(to) - utcMs(from)) / MS_PER_DAY)
}

/** `months` calendar months after `date`, clamped to the month's last day (Jan 31 + 1 → Feb 28/29). */
export function plusMonths(date: IsoDate, months: number): IsoDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  const monthIndex = month - 1 + months
  const targetYear = year + Math.floor(monthIndex / 12)
  const targetMonth = ((monthIndex % 12) + 12) % 12
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate()
  return isoOf(Date.UTC(targetYear, targetMonth, Math.min(day, lastDay)))
}

/** The k-th due date, always counted from the start (so Jan 31 → Feb 28 → Mar 31). */
export function dueDateOf(startDate: IsoDate, frequency: Frequency, k: number): IsoDate {
  if (frequency === 'daily') return plusDays(startDate, k)
  if (frequency === 'weekly') return plusDays(startDate, 7 * k)
  return plusMonths(startDate, k)
}

/** How many installments of `frequency` from `startDate` fall on or before `termDays` later. */
export function installmentsWithin(startDate: IsoDate, frequency: Frequency, termDays: number): number {
  const end = plusDays(startDate, termDays)
  let repayments = 0
  while (dueDateOf(startDate, frequency, repayments + 1) <= end) repayments += 1
  return repayments
}

/** numerator / denominator rounded to the nearest integer, ties to even (denominator > 0). */
export function halfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new Error('halfEven: the denominator must be positive')
  if (numerator < 0n) return -halfEven(-numerator, denominator)
  const quotient = numerator / denominator
  const twiceRemainder = 2n * (numerator % denominator)
  if (twiceRemainder > denominator) return quotient + 1n
  if (twiceRemainder < denominator) return quotient
  return quotient % 2n === 0n ? quotient : quotient + 1n
}

export function bucketOf(daysPastDue: number): Bucket {
  if (daysPastDue <= 0) return 'current'
  if (daysPastDue <= 30) return '1-30'
  if (daysPastDue <= 60) return '31-60'
  if (daysPastDue <= 90) return '61-90'
  return '90+'
}

/**
 * A running exact amount of interest: numerators over a fixed denominator are added, and each call
 * emits the whole fen that the running total, rounded half-even once, has gained since the last call.
 */
export class CarriedInterest {
  #exact = 0n
  #emittedFen = 0n
  constructor(readonly denominator: bigint) {}

  add(numerator: bigint): number {
    this.#exact += numerator
    const dueFen = halfEven(this.#exact, this.denominator)
    const fen = dueFen - this.#emittedFen
    this.#emittedFen = dueFen
    return Number(fen)
  }

  /** What `add(numerator)` would emit, without adding it. */
  peek(numerator: bigint): number {
    return Number(halfEven(this.#exact + numerator, this.denominator) - this.#emittedFen)
  }

  clone(): CarriedInterest {
    const copy = new CarriedInterest(this.denominator)
    copy.#exact = this.#exact
    copy.#emittedFen = this.#emittedFen
    return copy
  }
}

// ---------------------------------------------------------------------------------------------------
// Schedules (API.md, POST /v1/schedule-preview).

export type ScheduleTerms = {
  principalFen: number
  annualRateBps: number
  repayments: number
  frequency: Frequency
  method: ScheduleMethod
  interestBasis: InterestBasis
  startDate: IsoDate
}

export type ReferenceInstallment = {
  n: number
  dueDate: IsoDate
  principalFen: number
  interestFen: number
  totalFen: number
}

type Period = { dueDate: IsoDate; days: number }

function periodsOf(terms: ScheduleTerms): Period[] {
  const periods: Period[] = []
  let previous = terms.startDate
  for (let k = 1; k <= terms.repayments; k += 1) {
    const dueDate = dueDateOf(terms.startDate, terms.frequency, k)
    periods.push({ dueDate, days: daysFrom(previous, dueDate) })
    previous = dueDate
  }
  return periods
}

/** One period's interest as (numerator, denominator): the rate per period, or per day elapsed. */
function periodRate(terms: ScheduleTerms, period: Period): { numerator: bigint; denominator: bigint } {
  if (terms.interestBasis === 'act365') {
    return { numerator: BigInt(terms.annualRateBps) * BigInt(period.days), denominator: NIGHT_DENOMINATOR }
  }
  return {
    numerator: BigInt(terms.annualRateBps),
    denominator: BigInt(BPS_PER_ONE * PERIODS_PER_YEAR[terms.frequency]),
  }
}

function meterFor(terms: ScheduleTerms, periods: Period[]): CarriedInterest {
  return new CarriedInterest(periodRate(terms, periods[0]!).denominator)
}

/**
 * The level payment that amortises the principal exactly over the periods at their own rates
 * (periodic: all equal, the textbook annuity; ACT/365: each period's actual days), rounded half-even:
 * P · Π(1+iₖ) / Σⱼ Πₖ₍ₖ>ⱼ₎(1+iₖ), computed as exact integers. A zero rate gives P / n.
 */
export function levelPaymentOf(terms: ScheduleTerms): number {
  const periods = periodsOf(terms)
  const { denominator } = periodRate(terms, periods[0]!)
  let suffixProduct = 1n // Π_{k>j} (D + aₖ)
  let powerOfD = denominator ** BigInt(periods.length) // Dʲ, walking j down from n
  let sum = 0n
  for (let j = periods.length; j >= 1; j -= 1) {
    sum += suffixProduct * powerOfD
    suffixProduct *= denominator + periodRate(terms, periods[j - 1]!).numerator
    powerOfD /= denominator
  }
  return Number(halfEven(BigInt(terms.principalFen) * suffixProduct, sum))
}

type Split = { principalFen: number; interestFen: number }

function amortiseAt(paymentFen: number, terms: ScheduleTerms, periods: Period[]): Split[] {
  const meter = meterFor(terms, periods)
  let balanceFen = terms.principalFen
  return periods.map((period, index) => {
    const interestFen = meter.add(BigInt(balanceFen) * periodRate(terms, period).numerator)
    const principalFen =
      index === periods.length - 1 ? balanceFen : Math.min(balanceFen, Math.max(0, paymentFen - interestFen))
    balanceFen -= principalFen
    return { principalFen, interestFen }
  })
}

/**
 * Annuity: the level payment; the last installment takes the principal left. A payment so rounded
 * that it repays the loan before the last installment (tiny loans over many installments) is lowered
 * to the largest one that does not, so no installment is left without principal (the code's
 * documented policy; the brief only says the last absorbs the remainder).
 */
function annuitySplits(terms: ScheduleTerms, periods: Period[]): Split[] {
  const paymentFen = levelPaymentOf(terms)
  const repaidEarly = (splits: Split[]) => periods.length > 1 && splits.at(-1)!.principalFen === 0
  const splits = amortiseAt(paymentFen, terms, periods)
  if (!repaidEarly(splits)) return splits
  let good = 0
  let bad = paymentFen
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2)
    if (repaidEarly(amortiseAt(middle, terms, periods))) bad = middle
    else good = middle
  }
  return amortiseAt(good, terms, periods)
}

/**
 * Level principal rounded half-even, the last installment absorbing the remainder (API.md). Where that
 * would leave the last installment negative (fewer fen than installments, roughly), the brief cannot
 * be met and the level part is rounded down instead.
 */
export function levelPrincipalsOf(principalFen: number, repayments: number): number[] {
  let levelFen = Number(halfEven(BigInt(principalFen), BigInt(repayments)))
  if (levelFen * (repayments - 1) > principalFen) levelFen = Math.floor(principalFen / repayments)
  const lastFen = principalFen - levelFen * (repayments - 1)
  return Array.from({ length: repayments }, (_, index) => (index === repayments - 1 ? lastFen : levelFen))
}

export function referenceSchedule(terms: ScheduleTerms): {
  installments: ReferenceInstallment[]
  totalInterestFen: number
} {
  const periods = periodsOf(terms)
  let splits: Split[]
  if (terms.method === 'annuity') {
    splits = annuitySplits(terms, periods)
  } else {
    const principals = levelPrincipalsOf(terms.principalFen, terms.repayments)
    const meter = meterFor(terms, periods)
    let balanceFen = terms.principalFen
    splits = periods.map((period, index) => {
      const base = terms.method === 'flat' ? terms.principalFen : balanceFen
      const interestFen = meter.add(BigInt(base) * periodRate(terms, period).numerator)
      balanceFen -= principals[index]!
      return { principalFen: principals[index]!, interestFen }
    })
  }
  const installments = splits.map((split, index) => ({
    n: index + 1,
    dueDate: periods[index]!.dueDate,
    principalFen: split.principalFen,
    interestFen: split.interestFen,
    totalFen: split.principalFen + split.interestFen,
  }))
  return { installments, totalInterestFen: installments.reduce((sum, row) => sum + row.interestFen, 0) }
}

// ---------------------------------------------------------------------------------------------------
// Allocation.

export type Owed = { penaltyFen: number; feesFen: number; interestFen: number; principalFen: number }
export type Allocation = Owed & { leftoverFen: number }

export const zeroOwed = (): Owed => ({ penaltyFen: 0, feesFen: 0, interestFen: 0, principalFen: 0 })
export const totalOf = (owed: Owed): number =>
  owed.penaltyFen + owed.feesFen + owed.interestFen + owed.principalFen

/** Penalty, then fees, then interest, then principal (PRODUCT.md); the rest is left over. */
export function allocatePayment(amountFen: number, owed: Owed): Allocation {
  let left = amountFen
  const take = (owedFen: number) => {
    const fen = Math.min(left, Math.max(0, owedFen))
    left -= fen
    return fen
  }
  const penaltyFen = take(owed.penaltyFen)
  const feesFen = take(owed.feesFen)
  const interestFen = take(owed.interestFen)
  const principalFen = take(owed.principalFen)
  return { penaltyFen, feesFen, interestFen, principalFen, leftoverFen: left }
}

// ---------------------------------------------------------------------------------------------------
// Loans.

export type InstallmentLoanTerms = {
  kind: 'installment'
  principalFen: number
  annualRateBps: number
  repayments: number
  frequency: Frequency
  method: ScheduleMethod
  interestBasis: InterestBasis
}

export type SalesShareLoanTerms = {
  kind: 'sales_share'
  principalFen: number
  feeFen: number
  salesShareBps: number
  termDays: number
}

export type LoanTerms = InstallmentLoanTerms | SalesShareLoanTerms

export type LoanStatus = 'active' | 'closed' | 'written_off'

/** A line of the schedule in force, before payments. */
export type ContractLine = { dueDate: IsoDate; principalFen: number; interestFen: number; feesFen: number }

/**
 * What must have been paid by a date, cumulative since disbursement: principal and fees, and the
 * interest accrued up to that date (known once the date's close of business begins).
 */
type Requirement = { dueDate: IsoDate; principalFen: number; feesFen: number; interestFen?: number }

export type TransactionKind =
  | 'disbursement'
  | 'fee'
  | 'accrual'
  | 'repayment'
  | 'collection'
  | 'refill_payoff'
  | 'waiver'
  | 'write_off'
  | 'recovery'

export type ReferenceTransaction = { date: IsoDate; kind: TransactionKind; allocation: Owed }

export type LoanView = {
  loanId: number
  status: LoanStatus
  outstanding: Owed & { totalFen: number }
  daysPastDue: number
  bucket: Bucket
  maturesOn: IsoDate
  schedule: ContractLine[]
  closedOn?: IsoDate | undefined
  writtenOffOn?: IsoDate | undefined
}

export class ReferenceLoan {
  status: LoanStatus = 'active'
  closedOn: IsoDate | undefined
  writtenOffOn: IsoDate | undefined
  writtenOffFen = 0
  recoveredFen = 0
  readonly owed: Owed
  /** Cumulative payments by component (penalty waivers are not payments). */
  readonly paid: Owed = zeroOwed()
  /** Cumulative interest accrued, in fen. */
  interestAccruedFen = 0
  /** The interest accrued when the schedule in force began (0 from disbursement; a restructure's). */
  scheduleStartAccruedFen = 0
  penaltyAccruedFen = 0
  feesChargedFen = 0
  readonly interest = new CarriedInterest(NIGHT_DENOMINATOR)
  readonly penalty = new CarriedInterest(NIGHT_DENOMINATOR)
  readonly transactions: ReferenceTransaction[] = []
  schedule: ContractLine[] = []
  requirements: Requirement[] = []
  maturesOn: IsoDate = ''
  /** Penalty owed at a restructure is due with the first new installment, not before. */
  deferredPenaltyFen = 0
  deferredUntil: IsoDate | undefined

  constructor(
    readonly loanId: number,
    readonly merchantId: number,
    readonly terms: LoanTerms,
    readonly disbursedOn: IsoDate,
  ) {
    this.owed = { ...zeroOwed(), principalFen: terms.principalFen }
    this.transactions.push({ date: disbursedOn, kind: 'disbursement', allocation: { ...this.owed } })
    if (terms.kind === 'sales_share' && terms.feeFen > 0) {
      this.owed.feesFen = terms.feeFen
      this.feesChargedFen = terms.feeFen
      this.transactions.push({
        date: disbursedOn,
        kind: 'fee',
        allocation: { ...zeroOwed(), feesFen: terms.feeFen },
      })
    }
    const length = terms.kind === 'installment' ? terms.repayments : terms.termDays
    this.reschedule(disbursedOn, terms.principalFen, length, this.owed.feesFen)
  }

  /**
   * The schedule in force from `startDate` for `principalFen` still owed: installments (count) or a
   * sales-share term (days). Requirements are cumulative since disbursement.
   */
  private reschedule(startDate: IsoDate, principalFen: number, length: number, feeToSpreadFen: number): void {
    const paidPrincipalFen = this.paid.principalFen
    this.scheduleStartAccruedFen = this.interestAccruedFen
    if (this.terms.kind === 'installment') {
      const { installments } = referenceSchedule({
        principalFen,
        annualRateBps: this.terms.annualRateBps,
        repayments: length,
        frequency: this.terms.frequency,
        method: this.terms.method,
        interestBasis: this.terms.interestBasis,
        startDate,
      })
      let cumulativeFen = paidPrincipalFen
      this.schedule = installments.map((line) => ({
        dueDate: line.dueDate,
        principalFen: line.principalFen,
        interestFen: line.interestFen,
        feesFen: 0,
      }))
      this.requirements = installments.map((line) => {
        cumulativeFen += line.principalFen
        return { dueDate: line.dueDate, principalFen: cumulativeFen, feesFen: this.feesChargedFen }
      })
      this.maturesOn = installments.at(-1)!.dueDate
      return
    }
    // Sales share: by each 30th day, the pro-rata share (by days) of the principal and of the fee
    // still owed; everything by maturity. Each period's share is rounded half-even and the last
    // absorbs the remainder, as API.md rounds every schedule (rounded down where rounding up would
    // leave the last share negative).
    const feeOwedFen = feeToSpreadFen
    const paidFeesFen = this.paid.feesFen
    const termDays = length
    const dueDays: number[] = []
    for (let day = SALES_SHARE_MINIMUM_PERIOD_DAYS; day < termDays; day += SALES_SHARE_MINIMUM_PERIOD_DAYS)
      dueDays.push(day)
    dueDays.push(termDays)
    const periodShares = (totalFen: number): number[] => {
      const shares = (round: (numerator: bigint, denominator: bigint) => bigint) =>
        dueDays.map((day, k) =>
          k === dueDays.length - 1
            ? 0
            : Number(round(BigInt(totalFen) * BigInt(day - (dueDays[k - 1] ?? 0)), BigInt(termDays))),
        )
      let parts = shares(halfEven)
      if (parts.reduce((sum, fen) => sum + fen, 0) > totalFen) parts = shares((n, d) => n / d)
      parts[parts.length - 1] = totalFen - parts.reduce((sum, fen) => sum + fen, 0)
      return parts
    }
    const principalParts = periodShares(principalFen)
    const feeParts = periodShares(feeOwedFen)
    let principalShareFen = 0
    let feeShareFen = 0
    this.schedule = []
    this.requirements = dueDays.map((day, k) => {
      principalShareFen += principalParts[k]!
      feeShareFen += feeParts[k]!
      const dueDate = plusDays(startDate, day)
      this.schedule.push({ dueDate, principalFen: principalParts[k]!, interestFen: 0, feesFen: feeParts[k]! })
      return {
        dueDate,
        principalFen: paidPrincipalFen + principalShareFen,
        feesFen: paidFeesFen + feeShareFen,
        interestFen: 0,
      }
    })
    this.maturesOn = plusDays(startDate, termDays)
  }

  totalOwedFen(): number {
    return totalOf(this.owed)
  }

  /** The requirements whose date is before `asOf` (or on it, with `inclusive`). */
  private reached(asOf: IsoDate, inclusive: boolean): Requirement[] {
    return this.requirements.filter((req) => (inclusive ? req.dueDate <= asOf : req.dueDate < asOf))
  }

  private isMet(req: Requirement): boolean {
    return (
      this.paid.principalFen >= req.principalFen &&
      this.paid.feesFen >= req.feesFen &&
      this.paid.interestFen >= (req.interestFen ?? 0)
    )
  }

  /** Days past due as of the morning of `asOf`. */
  daysPastDue(asOf: IsoDate): number {
    if (this.status !== 'active') return 0
    let days = 0
    const oldestUnmet = this.reached(asOf, false).find((req) => !this.isMet(req))
    if (oldestUnmet) days = daysFrom(oldestUnmet.dueDate, asOf)
    if (asOf > this.maturesOn && this.totalOwedFen() > 0)
      days = Math.max(days, daysFrom(this.maturesOn, asOf))
    return days
  }

  /** Principal past its due date on the morning of `asOf`, what penalty interest runs on. */
  overduePrincipalFen(asOf: IsoDate): number {
    if (asOf > this.maturesOn) return this.owed.principalFen
    const last = this.reached(asOf, false).at(-1)
    return last
      ? Math.max(0, Math.min(this.owed.principalFen, last.principalFen - this.paid.principalFen))
      : 0
  }

  /**
   * What is due on `date` (collected at its close): the least payment that, allocated in order,
   * meets every requirement dated on or before it; all that is owed from maturity on.
   */
  dueFen(date: IsoDate): number {
    if (this.status !== 'active') return 0
    if (date >= this.maturesOn) return this.totalOwedFen()
    const last = this.reached(date, true).at(-1)
    const principalDueFen = last ? Math.max(0, last.principalFen - this.paid.principalFen) : 0
    const interestDueFen = last ? Math.max(0, (last.interestFen ?? 0) - this.paid.interestFen) : 0
    const feesDueFen = last ? Math.max(0, last.feesFen - this.paid.feesFen) : 0
    const { penaltyFen, feesFen, interestFen } = this.owed
    if (principalDueFen > 0) return penaltyFen + feesFen + interestFen + principalDueFen
    if (interestDueFen > 0) return penaltyFen + feesFen + Math.min(interestFen, interestDueFen)
    if (feesDueFen > 0) return penaltyFen + Math.min(feesFen, feesDueFen)
    const deferred = this.deferredUntil !== undefined && date < this.deferredUntil
    return deferred ? Math.max(0, penaltyFen - this.deferredPenaltyFen) : penaltyFen
  }

  /** At the start of `date`'s close: the interest accrued so far is what requirements of `date` ask. */
  snapshotRequirements(date: IsoDate): void {
    for (const req of this.requirements) {
      if (req.dueDate === date && req.interestFen === undefined) req.interestFen = this.interestAccruedFen
    }
  }

  /** Applies a payment; returns the allocation (leftover = what it did not need). */
  applyPayment(date: IsoDate, amountFen: number, kind: TransactionKind): Allocation {
    const allocation = allocatePayment(amountFen, this.owed)
    for (const field of ['penaltyFen', 'feesFen', 'interestFen', 'principalFen'] as const) {
      this.owed[field] -= allocation[field]
      this.paid[field] += allocation[field]
    }
    const { leftoverFen, ...parts } = allocation
    if (totalOf(parts) > 0) this.transactions.push({ date, kind, allocation: parts })
    if (this.deferredPenaltyFen > this.owed.penaltyFen) this.deferredPenaltyFen = this.owed.penaltyFen
    if (this.totalOwedFen() === 0 && this.status === 'active') {
      this.status = 'closed'
      this.closedOn = date
    }
    return { ...parts, leftoverFen }
  }

  /** One night's interest and penalty interest (the night of `date`, ageing as of the next morning). */
  accrueNight(date: IsoDate): { interestFen: number; penaltyFen: number } {
    if (this.status !== 'active') return { interestFen: 0, penaltyFen: 0 }
    const interestFen =
      this.terms.kind === 'installment'
        ? this.interest.add(BigInt(this.owed.principalFen) * BigInt(this.terms.annualRateBps))
        : 0
    const penaltyFen = this.penalty.add(
      BigInt(this.overduePrincipalFen(plusDays(date, 1))) * BigInt(PENALTY_ANNUAL_RATE_BPS),
    )
    this.owed.interestFen += interestFen
    this.interestAccruedFen += interestFen
    this.owed.penaltyFen += penaltyFen
    this.penaltyAccruedFen += penaltyFen
    if (interestFen + penaltyFen > 0) {
      this.transactions.push({
        date,
        kind: 'accrual',
        allocation: { ...zeroOwed(), interestFen, penaltyFen },
      })
    }
    return { interestFen, penaltyFen }
  }

  /** Everything owed to credit losses. */
  writeOff(date: IsoDate): number {
    const writtenOff = { ...this.owed }
    this.writtenOffFen = totalOf(writtenOff)
    Object.assign(this.owed, zeroOwed())
    this.status = 'written_off'
    this.writtenOffOn = date
    this.transactions.push({ date, kind: 'write_off', allocation: writtenOff })
    return this.writtenOffFen
  }

  waivePenalty(date: IsoDate, amountFen: number): void {
    if (amountFen > this.owed.penaltyFen) throw new Error('waiver above the penalty owed')
    this.owed.penaltyFen -= amountFen
    if (this.deferredPenaltyFen > this.owed.penaltyFen) this.deferredPenaltyFen = this.owed.penaltyFen
    this.transactions.push({ date, kind: 'waiver', allocation: { ...zeroOwed(), penaltyFen: amountFen } })
  }

  /**
   * Re-schedules the principal still owed from `date` over `termDays`: an installment loan over the
   * installments of its frequency that fall within the term (at least one), a sales-share loan to
   * `date + termDays`. Interest, fees and penalty owed are due with the first new installment.
   */
  restructure(date: IsoDate, termDays: number): void {
    if (this.terms.kind === 'installment') {
      // Every installment on or before the term asked for (issue 16 item 7): none fits, no restructure.
      const repayments = installmentsWithin(date, this.terms.frequency, termDays)
      if (repayments === 0)
        throw new Error(`reference: no ${this.terms.frequency} installment within ${termDays} days`)
      this.reschedule(date, this.owed.principalFen, repayments, 0)
    } else {
      this.reschedule(date, this.owed.principalFen, termDays, 0)
    }
    // The arrears (README, restructure): interest owed is already in the first requirement (accrued
    // by then); fees owed now must be paid by it too; penalty owed now waits for it.
    for (const req of this.requirements) req.feesFen = this.paid.feesFen + this.owed.feesFen
    const first = this.requirements[0]!
    const arrearsFen = this.owed.interestFen + this.owed.feesFen + this.owed.penaltyFen
    this.schedule[0] = { ...this.schedule[0]!, feesFen: this.schedule[0]!.feesFen + arrearsFen }
    this.deferredPenaltyFen = this.owed.penaltyFen
    this.deferredUntil = first.dueDate
  }

  /**
   * What pays the loan off during `payDate`, on the morning of `asOf` (the business date): what is
   * owed now, plus each night from `asOf` to the night before `payDate` of interest and of penalty
   * interest on the principal that would be past due, if nothing were paid meanwhile.
   */
  payoffFen(asOf: IsoDate, payDate: IsoDate): number {
    if (this.status !== 'active') return 0
    const interest = this.interest.clone()
    const penalty = this.penalty.clone()
    let totalFen = this.totalOwedFen()
    for (let night = asOf; night < payDate; night = plusDays(night, 1)) {
      if (this.terms.kind === 'installment') {
        totalFen += interest.add(BigInt(this.owed.principalFen) * BigInt(this.terms.annualRateBps))
      }
      totalFen += penalty.add(
        BigInt(this.overduePrincipalFen(plusDays(night, 1))) * BigInt(PENALTY_ANNUAL_RATE_BPS),
      )
    }
    return totalFen
  }

  /**
   * The schedule in force as of the morning of `asOf`: an installment whose due date has come shows
   * the interest that accrued in its period (from the previous due date, or the schedule's start, to
   * the night before its own), the same interest its requirement asks; one still to come, the
   * projection.
   */
  scheduleAsOf(asOf: IsoDate): ContractLine[] {
    if (this.terms.kind !== 'installment') return this.schedule.map((line) => ({ ...line }))
    let previousFen = this.scheduleStartAccruedFen
    return this.schedule.map((line, index) => {
      if (line.dueDate > asOf) return { ...line }
      const cumulativeFen =
        this.requirements[index]?.interestFen ?? (line.dueDate === asOf ? this.interestAccruedFen : undefined)
      if (cumulativeFen === undefined) return { ...line }
      const interestFen = cumulativeFen - previousFen
      previousFen = cumulativeFen
      return { ...line, interestFen }
    })
  }

  view(asOf: IsoDate): LoanView {
    const daysPastDue = this.daysPastDue(asOf)
    return {
      loanId: this.loanId,
      status: this.status,
      outstanding: { ...this.owed, totalFen: this.totalOwedFen() },
      daysPastDue,
      bucket: bucketOf(daysPastDue),
      maturesOn: this.maturesOn,
      schedule: this.scheduleAsOf(asOf),
      closedOn: this.closedOn,
      writtenOffOn: this.writtenOffOn,
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// The book: merchants' wallets, their daily sales, and their loans, closed one business date at a time.

type SalesDay = { netFen: number; settledFen: number }

export type CloseSummary = {
  date: IsoDate
  settledFen: number
  collected: Map<number, Allocation>
  accrued: Map<number, { interestFen: number; penaltyFen: number }>
  writtenOff: number[]
  closed: number[]
}

export class ReferenceServicer {
  readonly loans = new Map<number, ReferenceLoan>()
  readonly wallets = new Map<number, number>()
  readonly sales = new Map<number, Map<IsoDate, SalesDay>>()

  constructor(public businessDate: IsoDate) {}

  openMerchant(merchantId: number, walletFen: number): void {
    this.wallets.set(merchantId, walletFen)
    if (!this.sales.has(merchantId)) this.sales.set(merchantId, new Map())
  }

  walletFen(merchantId: number): number {
    return this.wallets.get(merchantId) ?? 0
  }

  loan(loanId: number): ReferenceLoan {
    const loan = this.loans.get(loanId)
    if (!loan) throw new Error(`reference: no loan ${loanId}`)
    return loan
  }

  /** The platform reports (or corrects) a day's net sales; a day already closed settles at the next close. */
  putSales(merchantId: number, date: IsoDate, netFen: number): void {
    if (date > this.businessDate) throw new Error('future_date')
    const days = this.sales.get(merchantId)!
    const day = days.get(date) ?? { netFen: 0, settledFen: 0 }
    day.netFen = netFen
    days.set(date, day)
  }

  /** A loan paid into the wallet today; a refill first pays `refillOf` off from the proceeds. */
  disburse(loanId: number, merchantId: number, terms: LoanTerms, refillOf?: number): ReferenceLoan {
    let proceedsFen = terms.principalFen
    if (refillOf !== undefined) {
      const old = this.loan(refillOf)
      const payoffFen = old.payoffFen(this.businessDate, this.businessDate)
      old.applyPayment(this.businessDate, payoffFen, 'refill_payoff')
      proceedsFen -= payoffFen
    }
    const loan = new ReferenceLoan(loanId, merchantId, terms, this.businessDate)
    this.loans.set(loanId, loan)
    this.wallets.set(merchantId, this.walletFen(merchantId) + proceedsFen)
    return loan
  }

  /** The merchant moves money out of its wallet. */
  payout(merchantId: number, amountFen: number): void {
    if (amountFen > this.walletFen(merchantId)) throw new Error('insufficient_funds')
    this.wallets.set(merchantId, this.walletFen(merchantId) - amountFen)
  }

  /**
   * A repayment from the wallet today: an active loan takes what it owes (the rest stays in the
   * wallet); a written-off loan takes a recovery up to what was written off; a closed loan refuses.
   */
  repay(loanId: number, amountFen: number): { status: 200 | 422; allocation?: Allocation } {
    const loan = this.loan(loanId)
    if (amountFen > this.walletFen(loan.merchantId)) return { status: 422 }
    if (loan.status === 'closed') return { status: 422 }
    if (loan.status === 'written_off') {
      const recoveredFen = Math.min(amountFen, loan.writtenOffFen - loan.recoveredFen)
      loan.recoveredFen += recoveredFen
      this.wallets.set(loan.merchantId, this.walletFen(loan.merchantId) - recoveredFen)
      loan.transactions.push({
        date: this.businessDate,
        kind: 'recovery',
        allocation: { ...zeroOwed(), principalFen: recoveredFen },
      })
      return {
        status: 200,
        allocation: { ...zeroOwed(), principalFen: recoveredFen, leftoverFen: amountFen - recoveredFen },
      }
    }
    const allocation = loan.applyPayment(this.businessDate, amountFen, 'repayment')
    this.wallets.set(loan.merchantId, this.walletFen(loan.merchantId) - (amountFen - allocation.leftoverFen))
    return { status: 200, allocation }
  }

  /**
   * Closes the business date: settles every day's net sales not yet settled into the wallets;
   * collects what each loan has due (a sales-share loan: at least its share of the sales settled
   * tonight for dates after its disbursement) from the wallet; ages each loan as of the next morning
   * and accrues the night; writes off at the policy's days past due; closes loans that owe nothing.
   */
  closeBusinessDay(): CloseSummary {
    const date = this.businessDate
    const summary: CloseSummary = {
      date,
      settledFen: 0,
      collected: new Map(),
      accrued: new Map(),
      writtenOff: [],
      closed: [],
    }
    const settledTonight = new Map<number, Array<{ salesDate: IsoDate; fen: number }>>()
    for (const [merchantId, days] of this.sales) {
      const settled: Array<{ salesDate: IsoDate; fen: number }> = []
      for (const [salesDate, day] of [...days].sort(([a], [b]) => a.localeCompare(b))) {
        if (salesDate > date || day.netFen <= day.settledFen) continue
        const fen = day.netFen - day.settledFen
        day.settledFen = day.netFen
        settled.push({ salesDate, fen })
        summary.settledFen += fen
      }
      this.wallets.set(merchantId, this.walletFen(merchantId) + settled.reduce((sum, s) => sum + s.fen, 0))
      settledTonight.set(merchantId, settled)
    }
    const active = [...this.loans.values()]
      .filter((loan) => loan.status === 'active' && loan.disbursedOn <= date)
      .sort((a, b) => a.loanId - b.loanId)
    for (const loan of active) loan.snapshotRequirements(date)
    for (const loan of active) {
      let dueFen = loan.dueFen(date)
      if (loan.terms.kind === 'sales_share') {
        const sharedFen = (settledTonight.get(loan.merchantId) ?? [])
          .filter((s) => s.salesDate > loan.disbursedOn)
          .reduce(
            (sum, s) =>
              sum +
              Number(
                halfEven(BigInt(s.fen) * BigInt((loan.terms as SalesShareLoanTerms).salesShareBps), 10_000n),
              ),
            0,
          )
        dueFen = Math.max(dueFen, sharedFen)
      }
      const amountFen = Math.min(dueFen, this.walletFen(loan.merchantId), loan.totalOwedFen())
      if (amountFen <= 0) continue
      const allocation = loan.applyPayment(date, amountFen, 'collection')
      this.wallets.set(
        loan.merchantId,
        this.walletFen(loan.merchantId) - (amountFen - allocation.leftoverFen),
      )
      summary.collected.set(loan.loanId, allocation)
      if (loan.status === 'closed') summary.closed.push(loan.loanId)
    }
    const tomorrow = plusDays(date, 1)
    for (const loan of active) {
      if (loan.status !== 'active') continue
      summary.accrued.set(loan.loanId, loan.accrueNight(date))
      if (loan.daysPastDue(tomorrow) >= WRITE_OFF_DAYS_PAST_DUE) {
        loan.writeOff(date)
        summary.writtenOff.push(loan.loanId)
      }
    }
    this.businessDate = tomorrow
    return summary
  }
}
