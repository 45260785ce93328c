/**
 * The demo's merchant lending, day by day, through the functions the API's routes and the
 * origination workflow's activities call: merchants look at their line and borrow on one of the
 * options offered ({@link decideApplication}, {@link disburseLoan}) and spend the proceeds (a payout
 * from the wallet); the platform sends every merchant's sales of the day
 * ({@link upsertSalesOfMerchants}); close of business (the caller's) settles them into the wallets
 * and collects what is due. Takings stay in the wallets, so a merchant that keeps selling keeps
 * paying.
 *
 * Some merchants have a part beyond that ({@link MerchantRole}):
 * - late payers stop selling and empty their wallet on a day chosen so that, at the end of the
 *   history, their loans sit in every delinquency bucket ({@link LATE_DAYS_PAST_DUE}); the latest of
 *   them is written off by the officer on the last day, and one gets part of its penalty waived;
 * - early payers keep their takings and pay the loan off with the live quote as soon as they cover it;
 * - refillers take a new loan that pays the old one off once three quarters of it are repaid;
 * - the first merchant (the demo merchant's page) borrows twice: a loan repaid early in the
 *   history and one still running at the end.
 * Everyone else eligible may borrow at a random day and again after a loan closes.
 * @module
 */
import { CREDIT_POLICY, type InstallmentFrequency } from '../credit/credit-policy.js'
import {
  currentCreditLine,
  featuresAsOf,
  merchantIdRange,
  refreshCreditLines,
} from '../credit/credit-line-service.js'
import type { SyntheticMerchant } from '../credit/merchant-population.js'
import { offerOptions, type OfferOption } from '../credit/offer.js'
import { createRandom, deriveSeed, type Random } from '../credit/random.js'
import type { ScorecardModel } from '../credit/scorecard.js'
import type { Db } from '../db/database.js'
import { addDays, type IsoDate } from '../kernel/business-date.js'
import { fenFromDb } from '../kernel/money.js'
import { accounts } from '../ledger/chart-of-accounts.js'
import { accountBalance } from '../ledger/ledger-repository.js'
import type { LedgerService } from '../ledger/ledger-service.js'
import {
  decideApplication,
  disburseLoan,
  outstandingPrincipalFen,
} from '../merchant-loans/origination-service.js'
import { REFILL_REPAID_BPS_MIN } from '../merchant-loans/origination-rules.js'
import { payOutMerchant } from '../merchants/merchant-payouts.js'
import { upsertSalesOfMerchants } from '../merchants/sales-intake.js'
import { loanLedgerFigures } from '../servicing/loan-repository.js'
import { waivePenalty, writeOffByOfficer } from '../servicing/officer-actions.js'
import { payoffQuote, repayFromWallet } from '../servicing/servicing-service.js'

type Deps = { db: Db; ledger: LedgerService; scorecard: ScorecardModel }

/**
 * Days past due the late payers' loans have at the end of the history: two each in 1-30, 31-60 and
 * 61-90, one in 90+, and one more that the officer writes off on the last day (a history shorter than
 * a target plus {@link LATE_BORROWS_DAYS_BEFORE} leaves that one out).
 */
export const LATE_DAYS_PAST_DUE = [10, 24, 38, 52, 68, 82, 96, 104] as const
/** The late payer whose penalty the officer waives in part (31-60 at the end). */
const WAIVED_LATE_DAYS_PAST_DUE = 52
/** A late payer borrows this many days before it stops selling. */
const LATE_BORROWS_DAYS_BEFORE = 8
/** The first merchant borrows a month's loan early in the history and another near its end. */
const SHOWCASE_FIRST_LOAN_DAY_BPS = 800
const SHOWCASE_SECOND_LOAN_DAYS_BEFORE_END = 25
/** When the early payers and the refillers borrow, as shares of the history. */
const EARLY_PAYER_DAYS_BPS = [1_200, 3_500, 6_000] as const
const REFILLER_DAYS_BPS = [400, 3_000] as const
/** An early payer pays off no sooner than this many days after it borrowed. */
const EARLY_PAYOFF_DAYS_MIN = 14
/**
 * Early payers and refillers look at their loan this often. A refiller's month of daily installments
 * is three quarters repaid after 23 days: its fourth look (day 28) refills it before it ends.
 */
const LOOKS_AT_LOAN_EVERY_DAYS = 7
/** The share of the other eligible merchants that borrow during the history. */
const BORROWER_SHARE = 0.35
/** A borrower whose loan closed borrows again with this probability, 5–25 days later. */
const BORROW_AGAIN_PROBABILITY = 0.5
/** How many days of its average net sales a merchant borrows at most, per repayment option. */
const AFFORDABLE_DAYS = { daily: 12, weekly: 30, monthly: 60, sales_share: 12 } as const
/** A late payer borrows this share of what the others would. */
const LATE_PAYER_SHARE = 0.4
/** The seed of the merchants' draws (who borrows, when, how much), apart from the population's. */
const BEHAVIOUR_STREAM = 0x0de_0001
/** Each late payer sells on at least this share of the days before it stops (not a churner already). */
const LATE_PAYER_SELLING_DAYS_MIN = 0.9

export type MerchantRole =
  | { kind: 'borrower' }
  | { kind: 'late'; goneDay: number; daysPastDue: number }
  | { kind: 'early_payer' }
  | { kind: 'refiller' }
  | { kind: 'showcase' }

type Sales = { grossFen: number; refundFen: number; orderCount: number }

type Member = {
  merchantId: number
  sales: Map<string, Sales>
  role: MerchantRole
  applyDays: number[]
  /** The option a part asks for (the late payers and refillers borrow daily, early payers monthly). */
  frequency?: InstallmentFrequency
  loanId: number | null
  loanDay: number
  refilled: boolean
}

export type MerchantBook = {
  startDate: IsoDate
  days: number
  members: Member[]
  random: Random
  officerRef: string
  counts: Record<string, number>
}

const bump = (book: MerchantBook, what: string, by = 1) => {
  book.counts[what] = (book.counts[what] ?? 0) + by
}

/** Days `bps` of the way through a history of `days`. */
const dayAt = (days: number, bps: number) => Math.floor((days * bps) / 10_000)

/**
 * Refreshes every line as of the first day (as the nightly refresh does) and gives the eligible
 * merchants their parts. `population` holds each merchant's sales of the history's days.
 */
export async function castMerchants(
  deps: Deps,
  input: {
    population: ReadonlyArray<SyntheticMerchant & { merchantId: number }>
    startDate: IsoDate
    days: number
    seed: number
    officerRef: string
  },
): Promise<MerchantBook> {
  await refreshAllLines(deps, input.startDate)
  const eligible = new Set(
    (await deps.db.selectFrom('creditLines').select('merchantId').where('eligible', '=', 1).execute()).map(
      (row) => Number(row.merchantId),
    ),
  )
  const random = createRandom(deriveSeed(input.seed, BEHAVIOUR_STREAM))
  const members: Member[] = input.population.map((merchant) => ({
    merchantId: merchant.merchantId,
    sales: new Map(
      merchant.dailySales
        .filter((row) => row.date >= input.startDate)
        .map((row) => [
          row.date,
          { grossFen: row.grossFen, refundFen: row.refundFen, orderCount: row.orderCount },
        ]),
    ),
    role: { kind: 'borrower' },
    applyDays: [],
    loanId: null,
    loanDay: 0,
    refilled: false,
  }))
  const book: MerchantBook = {
    startDate: input.startDate,
    days: input.days,
    members,
    random,
    officerRef: input.officerRef,
    counts: {},
  }
  castParts(
    book,
    members.filter((member) => eligible.has(member.merchantId)),
  )
  return book
}

/** The parts of the eligible merchants (see the module comment); the rest of them borrow or not. */
function castParts(book: MerchantBook, eligible: Member[]): void {
  const { days, random } = book
  const free = eligible.sort((a, b) => a.merchantId - b.merchantId)
  const showcase = free[0]?.merchantId === book.members[0]?.merchantId ? free.shift() : undefined
  if (showcase) {
    showcase.role = { kind: 'showcase' }
    showcase.applyDays = [
      dayAt(days, SHOWCASE_FIRST_LOAN_DAY_BPS),
      Math.max(0, days - SHOWCASE_SECOND_LOAN_DAYS_BEFORE_END),
    ]
  }
  shuffle(free, random)
  castLatePayers(book, free)
  for (const bps of EARLY_PAYER_DAYS_BPS) {
    const member = free.shift()
    if (!member) break
    member.role = { kind: 'early_payer' }
    member.frequency = 'monthly'
    member.applyDays = [dayAt(days, bps)]
  }
  for (const bps of REFILLER_DAYS_BPS) {
    const member = free.shift()
    if (!member) break
    member.role = { kind: 'refiller' }
    member.frequency = 'daily'
    member.applyDays = [dayAt(days, bps)]
  }
  for (const member of free) {
    if (random.uniform() < BORROWER_SHARE) member.applyDays = [random.int(0, Math.max(0, days - 2))]
  }
}

function shuffle<T>(items: T[], random: Random): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(0, i)
    ;[items[i], items[j]] = [items[j]!, items[i]!]
  }
}

/** A late payer for each target that fits in the history, from merchants that sell nearly every day. */
function castLatePayers(book: MerchantBook, free: Member[]): void {
  for (const daysPastDue of LATE_DAYS_PAST_DUE) {
    const goneDay = book.days - daysPastDue
    const borrowDay = goneDay - LATE_BORROWS_DAYS_BEFORE
    if (borrowDay < 0) continue
    const index = free.findIndex((member) => {
      let selling = 0
      for (let day = 0; day < goneDay; day++) {
        const sales = member.sales.get(addDays(book.startDate, day))
        if (sales && sales.grossFen > sales.refundFen) selling += 1
      }
      return selling >= LATE_PAYER_SELLING_DAYS_MIN * goneDay
    })
    if (index < 0) continue
    const [member] = free.splice(index, 1)
    member!.role = { kind: 'late', goneDay, daysPastDue }
    member!.frequency = 'daily'
    member!.applyDays = [borrowDay]
  }
}

/** Every merchant's line recomputed as of the last closed date (the nightly refresh's function). */
export async function refreshAllLines(deps: Deps, businessDate: IsoDate): Promise<void> {
  const range = await merchantIdRange(deps.db)
  if (!range) return
  await refreshCreditLines(deps.db, deps.scorecard, { asOfDate: featuresAsOf(businessDate), ...range })
}

const isGone = (member: Member, day: number) => member.role.kind === 'late' && day >= member.role.goneDay

/** The morning of history day `day`: late payers leave, loans are paid off and refilled, merchants borrow. */
export async function merchantsMorning(
  deps: Deps,
  book: MerchantBook,
  day: number,
  date: IsoDate,
): Promise<void> {
  await forgetClosedLoans(deps.db, book, day)
  for (const member of book.members) {
    if (member.role.kind === 'late' && day === member.role.goneDay) await leave(deps, book, member, date)
    if (member.loanId !== null && member.role.kind === 'early_payer')
      await payOffEarly(deps, book, member, day, date)
    if (member.loanId !== null && member.role.kind === 'refiller' && !member.refilled)
      await refill(deps, book, member, day, date)
    if (member.loanId === null && member.applyDays.includes(day) && !isGone(member, day))
      await borrow(deps, book, member, day, date)
  }
  if (day === book.days - 2) await waiveSomePenalty(deps, book)
  if (day === book.days - 1) await writeOffLatest(deps, book)
}

/** Loans close of business closed (repaid) since yesterday; the borrower may borrow again. */
async function forgetClosedLoans(db: Db, book: MerchantBook, day: number): Promise<void> {
  const open = book.members.filter((member) => member.loanId !== null)
  if (open.length === 0) return
  const rows = await db
    .selectFrom('loans')
    .select(['id', 'status'])
    .where(
      'id',
      'in',
      open.map((member) => member.loanId!),
    )
    .execute()
  const status = new Map(rows.map((row) => [Number(row.id), row.status]))
  for (const member of open) {
    const now = status.get(member.loanId!)
    if (now === 'active' || now === 'booked') continue
    member.loanId = null
    if (member.role.kind === 'borrower' && book.random.uniform() < BORROW_AGAIN_PROBABILITY) {
      member.applyDays.push(day + book.random.int(5, 25))
    }
  }
}

/** The merchant's average net sales a day over 90 days, from its line's features. */
async function averageDailyNetFen(db: Db, merchantId: number): Promise<number> {
  const line = await db
    .selectFrom('creditLines')
    .select('features')
    .where('merchantId', '=', merchantId)
    .executeTakeFirstOrThrow()
  return Math.max(0, Math.floor((JSON.parse(line.features) as { avgDailyNetFen90: number }).avgDailyNetFen90))
}

const optionKey = (option: OfferOption) =>
  option.repaymentMethod === 'sales_share' ? 'sales_share' : option.frequency

/**
 * The merchant looks at its offer (its line, less what it owes) and applies for an amount it can
 * repay from its sales on one of the options offered; an approved loan is paid into the wallet, and
 * the merchant spends it (a payout) the same day.
 */
async function borrow(
  deps: Deps,
  book: MerchantBook,
  member: Member,
  day: number,
  date: IsoDate,
): Promise<void> {
  const { merchantId } = member
  const line = await currentCreditLine(deps.db, deps.scorecard, merchantId)
  const availableFen = line.creditLimitFen - (await outstandingPrincipalFen(deps.db, merchantId))
  if (!line.eligible || !line.scoreBand || availableFen < CREDIT_POLICY.creditLimitFenMin) {
    bump(book, 'looked at an offer with nothing to take')
    return
  }
  const wanted =
    member.role.kind === 'showcase' ? (day === member.applyDays[0] ? 'daily' : 'weekly') : member.frequency
  const probe = offerOptions(line.scoreBand, availableFen, date)
  const option =
    probe.find((candidate) => optionKey(candidate) === wanted) ?? probe[book.random.int(0, probe.length - 1)]!
  const affordableFen = AFFORDABLE_DAYS[optionKey(option)] * (await averageDailyNetFen(deps.db, merchantId))
  // A late payer borrows little (a shop about to close); the others half to all they can repay.
  const share = (member.role.kind === 'late' ? LATE_PAYER_SHARE : 1) * (0.5 + 0.5 * book.random.uniform())
  const amountFen = Math.max(
    CREDIT_POLICY.creditLimitFenMin,
    Math.floor(Math.min(availableFen, affordableFen * share) / 100) * 100,
  )
  const chosen = offerOptions(line.scoreBand, amountFen, date).find(
    (candidate) => optionKey(candidate) === optionKey(option),
  )
  if (!chosen) {
    bump(book, 'looked at an offer with nothing to take')
    return
  }
  const loanId = await apply(deps, book, {
    workflowId: `demo/merchant/${merchantId}/${date}`,
    merchantId,
    amountFen,
    termDays: chosen.termDays,
    repaymentMethod: chosen.repaymentMethod,
    ...(chosen.repaymentMethod === 'installment' ? { frequency: chosen.frequency } : {}),
  })
  if (loanId === null) return
  member.loanId = loanId
  member.loanDay = day
  await payOutMerchant(deps, {
    merchantId,
    amountFen,
    idempotencyKey: `payout:demo:${merchantId}:${date}:proceeds`,
  })
  bump(book, 'payouts')
}

/** Decides and disburses (the origination workflow's two activities); the loan id, or null if not approved. */
async function apply(
  deps: Deps,
  book: MerchantBook,
  input: Parameters<typeof decideApplication>[1],
): Promise<number | null> {
  bump(book, 'applications')
  const outcome = await decideApplication(deps, input)
  if (outcome.kind !== 'approved') {
    bump(book, outcome.kind)
    return null
  }
  await disburseLoan(deps, outcome.loanId)
  bump(book, input.refillOfLoanId === undefined ? 'loans' : 'refills')
  return outcome.loanId
}

/** A late payer takes everything out of its wallet and sells nothing from today. */
async function leave(deps: Deps, book: MerchantBook, member: Member, date: IsoDate): Promise<void> {
  const wallet = await accountBalance(deps.db, accounts.merchantWallet(member.merchantId).code)
  if (wallet.availableFen > 0) {
    await payOutMerchant(deps, {
      merchantId: member.merchantId,
      amountFen: wallet.availableFen,
      idempotencyKey: `payout:demo:${member.merchantId}:${date}:all`,
    })
    bump(book, 'payouts')
  }
}

/** An early payer or a refiller looks at its loan once a week, on the weekday it borrowed. */
const looksAtLoan = (member: Member, day: number) => (day - member.loanDay) % LOOKS_AT_LOAN_EVERY_DAYS === 0

/** Pays the loan off with the live quote once the wallet covers it. */
async function payOffEarly(deps: Deps, book: MerchantBook, member: Member, day: number, date: IsoDate) {
  if (day < member.loanDay + EARLY_PAYOFF_DAYS_MIN || !looksAtLoan(member, day)) return
  const loanId = member.loanId!
  const { payoffFen } = await payoffQuote(deps.db, loanId, date)
  const wallet = await accountBalance(deps.db, accounts.merchantWallet(member.merchantId).code)
  if (payoffFen <= 0 || wallet.availableFen < payoffFen) return
  const paid = await repayFromWallet(deps, {
    loanId,
    amountFen: payoffFen,
    idempotencyKey: `repay:demo:${loanId}:payoff`,
  })
  if (paid.outstanding.totalFen === 0) {
    member.loanId = null
    bump(book, 'paid off early')
  }
}

/**
 * Once three quarters of the loan's principal is repaid, a new loan pays it off: at least the payoff,
 * about what the merchant borrowed before, within the line; the rest of the proceeds is spent.
 */
async function refill(deps: Deps, book: MerchantBook, member: Member, day: number, date: IsoDate) {
  if (!looksAtLoan(member, day)) return
  const oldLoanId = member.loanId!
  const loan = await deps.db
    .selectFrom('loans')
    .select(['principalFen', 'termDays', 'repaymentMethod', 'frequency'])
    .where('id', '=', oldLoanId)
    .executeTakeFirstOrThrow()
  const principalFen = fenFromDb(loan.principalFen)
  const figures = await loanLedgerFigures(deps.db, oldLoanId)
  if ((principalFen - figures.principalFen) * 10_000 < principalFen * REFILL_REPAID_BPS_MIN) return
  const line = await currentCreditLine(deps.db, deps.scorecard, member.merchantId)
  if (!line.eligible) return
  const { payoffFen } = await payoffQuote(deps.db, oldLoanId, date)
  const availableFen =
    line.creditLimitFen - (await outstandingPrincipalFen(deps.db, member.merchantId)) + figures.principalFen
  const amountFen = Math.min(availableFen, Math.max(Math.ceil(payoffFen / 100) * 100, principalFen))
  if (amountFen < payoffFen) return
  const loanId = await apply(deps, book, {
    workflowId: `demo/merchant/${member.merchantId}/${date}`,
    merchantId: member.merchantId,
    amountFen,
    termDays: loan.termDays,
    repaymentMethod: 'installment',
    frequency: (loan.frequency ?? 'daily') as InstallmentFrequency,
    refillOfLoanId: oldLoanId,
  })
  if (loanId === null) return
  member.loanId = loanId
  member.loanDay = day
  member.refilled = true
  const spendFen = amountFen - payoffFen
  if (spendFen > 0) {
    await payOutMerchant(deps, {
      merchantId: member.merchantId,
      amountFen: spendFen,
      idempotencyKey: `payout:demo:${member.merchantId}:${date}:proceeds`,
    })
    bump(book, 'payouts')
  }
}

const lateMember = (book: MerchantBook, daysPastDue: number) =>
  book.members.find((member) => member.role.kind === 'late' && member.role.daysPastDue === daysPastDue)

/** The officer waives half the penalty interest one late payer owes (audited). */
async function waiveSomePenalty(deps: Deps, book: MerchantBook): Promise<void> {
  const member = lateMember(book, WAIVED_LATE_DAYS_PAST_DUE)
  if (member?.loanId == null) return
  const { penaltyFen } = await loanLedgerFigures(deps.db, member.loanId)
  const amountFen = Math.floor(penaltyFen / 2)
  if (amountFen <= 0) return
  await waivePenalty(deps, {
    loanId: member.loanId,
    amountFen,
    reason: 'shop closed for a family illness; penalty halved on request (demo)',
    principalRef: book.officerRef,
    actionKey: `demo:waive:${member.loanId}`,
  })
  bump(book, 'penalties waived')
}

/** The officer writes off the latest late payer's loan (audited): no sales for over three months. */
async function writeOffLatest(deps: Deps, book: MerchantBook): Promise<void> {
  const latest = LATE_DAYS_PAST_DUE.at(-1)!
  const member = lateMember(book, latest)
  if (member?.loanId == null) return
  await writeOffByOfficer(deps, {
    loanId: member.loanId,
    reason: 'no sales for more than three months; the shop has closed (demo)',
    principalRef: book.officerRef,
    actionKey: `demo:write-off:${member.loanId}`,
  })
  member.loanId = null
  bump(book, 'written off')
}

/** The platform sends the day's sales of every merchant still trading, all at once. */
export async function sendSales(db: Db, book: MerchantBook, day: number, date: IsoDate): Promise<void> {
  const rows = book.members.flatMap((member) => {
    const sales = member.sales.get(date)
    return sales === undefined || isGone(member, day)
      ? []
      : [{ merchantId: member.merchantId, date, ...sales }]
  })
  await upsertSalesOfMerchants(db, rows)
}
