/**
 * The model-based servicing run of issue 16: random merchant loans driven through the real system (the
 * HTTP API, real close of business through Temporal and the worker, MariaDB), each business date closed
 * one at a time, and every loan read back through the API each night and compared field by field with
 * the reference servicer (`reference-servicer.ts`), which is told only what the borrower, the platform
 * and the officer did. A mismatch names the seed, the loan, the date and the field.
 *
 * Behaviours are chosen per path from the enabled features, so a run can be restricted to a subset
 * (`features`) that agrees today, while the full run shows what does not.
 */
import { generatePopulation } from '../../src/credit/merchant-population.js'
import { loadPopulation } from '../../src/credit/population-loader.js'
import type { Db } from '../../src/db/database.js'
import { isoDate } from '../../src/kernel/business-date.js'
import { accounts } from '../../src/ledger/chart-of-accounts.js'
import type { LedgerService } from '../../src/ledger/ledger-service.js'
import {
  halfEven,
  installmentsWithin,
  plusDays,
  referenceSchedule,
  ReferenceServicer,
  totalOf,
  type Bucket,
  type Frequency,
  type InterestBasis,
  type IsoDate,
  type LoanTerms,
  type Owed,
  type ReferenceLoan,
  type ScheduleMethod,
} from './reference-servicer.js'

export type ModelSystem = {
  request<T = any>(
    method: string,
    path: string,
    options?: { key?: string | undefined; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: T }>
  db: Db
  ledger: LedgerService
  keyFor(role: 'admin' | 'platform' | 'officer' | 'merchant', subjectId?: number): Promise<string>
}

export const PRODUCTS = ['daily', 'weekly', 'monthly', 'sales_share'] as const
export type Product = (typeof PRODUCTS)[number]

export const BEHAVIOURS = [
  'on_time',
  'late',
  'partial',
  'missed_cured',
  'early_payoff',
  'prepayment',
  'restructure',
  'waiver',
  'refill',
  'officer_write_off',
  'write_off',
  'irregular_sales',
  'late_sales',
] as const
export type Behaviour = (typeof BEHAVIOURS)[number]

/** Extra checks that are not a loan path: the loan calculator over the whole terms space. */
export const CHECKS = ['schedule_preview', 'future_payoff_quote'] as const
export type Check = (typeof CHECKS)[number]

export type Feature = Product | Behaviour | Check
export const ALL_FEATURES: readonly Feature[] = [...PRODUCTS, ...BEHAVIOURS, ...CHECKS]

export type Mismatch = {
  seed: number
  loanId: number
  path: string
  date: IsoDate
  field: string
  expected: unknown
  actual: unknown
}

export type ModelRunOptions = {
  seed: number
  paths: number
  /** Business dates to close; loans start within the first `originationWindowDays`. */
  days: number
  features?: readonly Feature[]
  originationWindowDays?: number
  /** Amounts: loans from `amountFenMin` (1 yuan) up to the merchant's available line. */
  amountFenMin?: number
  /** Paths worked at once within a night (each path its own merchant, its own random stream). */
  concurrency?: number
  /**
   * The share of loan-nights on which the payoff is quoted (today's, and a random date up to 60 days
   * ahead); 1 quotes every night. Larger runs sample to keep the cost per loan-night low.
   */
  quoteShare?: number
  /**
   * Transactions and the wallet are read every this many nights (and when a loan ends, and on the last
   * night); every night in between is still compared, date by date, from what was read.
   */
  readEveryNights?: number
  /**
   * On read nights, also compare `GET /v1/portfolio/summary` (active loans, outstanding principal,
   * PAR1/30/90, buckets) with the same figures recomputed from the reference's loans. Only meaningful
   * when the run's database holds the run's loans alone.
   */
  portfolio?: boolean
  /** The day (offset from the first business date) each path borrows on, by path index, cycled. */
  startDays?: readonly number[]
  log?: (line: string) => void
}

export type ModelRunResult = {
  seed: number
  loans: number
  nights: number
  comparisons: number
  mismatches: Mismatch[]
  /** When the first mismatch was seen: seconds into the run and the night (0-based) it was compared on. */
  firstMismatch: { seconds: number; night: number } | null
  paths: Array<{ path: string; loanIds: number[] }>
  /** Paths the system stopped (an answer the driver could not go on from): `name: date: why`. */
  failed: string[]
  /** Paths that never borrowed: the application declined, or the offer closed before the day: `name: date: why`. */
  declined: string[]
}

const FIRST_BUSINESS_DATE = '2026-01-01'

/** A small, seeded generator (mulberry32): the same seed drives the same run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

type Rng = () => number
const intIn = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1))
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!

/** From 1 yuan to `maxFen`, log-uniform so tiny and large loans are both common. */
function amountIn(rng: Rng, minFen: number, maxFen: number): number {
  if (maxFen <= minFen) return minFen
  const value = Math.exp(Math.log(minFen) + rng() * (Math.log(maxFen) - Math.log(minFen)))
  return Math.min(maxFen, Math.max(minFen, Math.round(value)))
}

type Merchant = {
  merchantId: number
  key: string
  availableFen: number
  /** The last four weeks of its history's net sales, replayed until it borrows. */
  recentNetFen: number[]
}

type PathState = {
  name: string
  product: Product
  behaviour: Behaviour
  merchant: Merchant
  startDay: number
  /** The path's own random stream, so paths worked at once still replay from the seed. */
  rng: Rng
  loanIds: number[]
  /** Per day offset from the start: the sales the platform reports for the business date. */
  salesFor: (day: number, loan: ReferenceLoan | undefined) => number
  /** Per day offset: an action before the close (repayment, officer action, refill). */
  actionDay: number
  done: boolean
  failed?: string
  /** Why the application was declined (the offer was open): the path ends without a loan. */
  declined?: string
  refillDeclined?: boolean
}

/** An application the credit decision declined. */
class Declined extends Error {}

type Observed = {
  lastEntryId: number
  disbursements: number
  scheduleChecked: boolean
  /** The last date whose transactions were compared. */
  comparedThrough: IsoDate | null
}

/** Runs `work` over `items`, at most `concurrency` at once. */
async function inPool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0
  const worker = async () => {
    while (next < items.length) await work(items[next++]!)
  }
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker))
}

export async function runServicingModel(
  system: ModelSystem,
  options: ModelRunOptions,
): Promise<ModelRunResult> {
  const log = options.log ?? (() => {})
  const features = new Set(options.features ?? ALL_FEATURES)
  const products = PRODUCTS.filter((product) => features.has(product))
  const behaviours = BEHAVIOURS.filter((behaviour) => features.has(behaviour))
  if (products.length === 0 || behaviours.length === 0) throw new Error('enable a product and a behaviour')
  const rng = seededRandom(options.seed)
  const windowDays = options.originationWindowDays ?? 12
  const amountFenMin = options.amountFenMin ?? 100
  const mismatches: Mismatch[] = []
  let comparisons = 0
  const startedAtMs = performance.now()
  let night = 0
  let firstMismatch: ModelRunResult['firstMismatch'] = null
  const noteFirst = () => {
    firstMismatch ??= { seconds: (performance.now() - startedAtMs) / 1000, night }
  }

  const officerKey = await system.keyFor('officer')
  const platformKey = await system.keyFor('platform')
  await fundLender(system.ledger)
  // The run starts on the system's business date (a test may have closed days before it), and its
  // merchants' sales histories end the day before, as a platform onboarding them today would send.
  const startDate = (await system.request('GET', '/v1/system/business-date', { key: officerKey })).body
    .businessDate as IsoDate
  const merchants = await merchantsWithLines(
    system,
    options.seed,
    options.paths,
    options.concurrency ?? 1,
    plusDays(startDate, -1),
  )
  log(`${merchants.length} merchants with a line for ${options.paths} paths`)

  const book = new ReferenceServicer(startDate)
  const paths: PathState[] = merchants.slice(0, options.paths).map((merchant, index) => {
    const product = pick(rng, products)
    let behaviour = pick(rng, behaviours)
    if (behaviour === 'irregular_sales' || behaviour === 'late_sales') {
      // Sales behaviours matter most to sales-share loans; keep them where they apply.
      if (product !== 'sales_share' && behaviours.length > 2) behaviour = 'on_time'
    }
    return {
      name: `p${index}:${product}:${behaviour}`,
      product,
      behaviour,
      merchant,
      startDay: options.startDays
        ? options.startDays[index % options.startDays.length]!
        : intIn(rng, 0, windowDays),
      rng: seededRandom((options.seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0),
      loanIds: [],
      salesFor: () => 0,
      actionDay: -1,
      done: false,
    }
  })
  const observed = new Map<number, Observed>()
  const record = (
    path: PathState,
    loanId: number,
    date: IsoDate,
    field: string,
    expected: unknown,
    actual: unknown,
  ) => {
    comparisons += 1
    if (JSON.stringify(expected) !== JSON.stringify(actual)) {
      noteFirst()
      mismatches.push({ seed: options.seed, loanId, path: path.name, date, field, expected, actual })
    }
  }

  if (features.has('schedule_preview')) {
    const pathCount = Math.max(1, options.paths)
    for (let index = 0; index < pathCount; index++) {
      await comparePreview(system, officerKey, rng, options.seed, mismatches, amountFenMin)
      comparisons += 1
    }
    if (mismatches.length > 0) noteFirst()
  }

  const concurrency = options.concurrency ?? 1
  const quoteShare = options.quoteShare ?? 1
  const readEveryNights = options.readEveryNights ?? 1
  for (let day = 0; day < options.days; day++) {
    night = day
    const today = book.businessDate
    await inPool(
      paths.filter((path) => !path.done && !path.failed),
      concurrency,
      async (path) => {
        try {
          await beforeClose(system, book, path, day, today, path.rng, {
            officerKey,
            platformKey,
            amountFenMin,
            record,
          })
        } catch (error) {
          if (error instanceof Declined && path.loanIds.length === 0) {
            // A credit decision, not servicing: the path ends without a loan, and is counted.
            path.declined = `${today}: ${error.message}`
            path.done = true
            return
          }
          path.failed = `${today}: ${(error as Error).message}`
          log(`path ${path.name} stopped: ${path.failed}`)
        }
      },
    )
    const close = await system.request('POST', '/v1/system/close-of-business', {
      key: officerKey,
      body: { days: 1 },
    })
    if (close.status !== 200) throw new Error(`close of business ${today}: ${JSON.stringify(close.body)}`)
    book.closeBusinessDay()
    const lastNight = day === options.days - 1
    const readNight = lastNight || day % readEveryNights === readEveryNights - 1
    await inPool(paths, concurrency, async (path) => {
      let readWallet = readNight
      for (const loanId of path.loanIds) {
        const ended = await compareLoan(system, book, path, loanId, today, observed, record, {
          quoteToday: quoteShare >= 1 || path.rng() < quoteShare,
          // Ten days ahead every night when every night is quoted; when quotes are sampled, a random
          // date up to 60 days ahead, so over a run every horizon is tried.
          quoteAheadDays: !features.has('future_payoff_quote')
            ? null
            : quoteShare >= 1
              ? 10
              : path.rng() < quoteShare
                ? intIn(path.rng, 1, 60)
                : null,
          readTransactions: readNight,
        })
        if (ended) readWallet = true
      }
      if (path.loanIds.length > 0 && readWallet) {
        const wallet = await system.request('GET', `/v1/merchants/${path.merchant.merchantId}/wallet`, {
          key: path.merchant.key,
        })
        record(
          path,
          path.loanIds.at(-1)!,
          today,
          'wallet.balanceFen',
          book.walletFen(path.merchant.merchantId),
          wallet.body.balanceFen,
        )
      }
      const loans = path.loanIds.map((loanId) => book.loan(loanId))
      if (
        loans.length > 0 &&
        loans.every((loan) => loan.status !== 'active') &&
        path.behaviour !== 'officer_write_off'
      )
        path.done = true
    })
    if (options.portfolio && readNight) {
      const summary = (await system.request('GET', '/v1/portfolio/summary', { key: officerKey })).body
      const expected = referencePortfolio(book)
      const at = (field: string, want: unknown, got: unknown) => {
        comparisons += 1
        if (JSON.stringify(want) !== JSON.stringify(got)) {
          noteFirst()
          mismatches.push({
            seed: options.seed,
            loanId: 0,
            path: 'portfolio',
            date: today,
            field,
            expected: want,
            actual: got,
          })
        }
      }
      for (const field of [
        'activeLoans',
        'outstandingPrincipalFen',
        'par1Bps',
        'par30Bps',
        'par90Bps',
      ] as const) {
        at(`portfolio.${field}`, expected[field], summary[field])
      }
      for (const bucket of Object.keys(expected.buckets) as Bucket[]) {
        at(`portfolio.buckets.${bucket}`, expected.buckets[bucket], summary.buckets?.[bucket])
      }
    }
    if (day % 10 === 9) log(`closed ${today}: ${mismatches.length} mismatches so far`)
  }
  return {
    seed: options.seed,
    loans: paths.reduce((sum, path) => sum + path.loanIds.length, 0),
    nights: options.days,
    comparisons,
    mismatches,
    firstMismatch,
    paths: paths.map((path) => ({ path: path.name, loanIds: path.loanIds })),
    failed: paths.filter((path) => path.failed).map((path) => `${path.name}: ${path.failed}`),
    declined: paths.filter((path) => path.declined).map((path) => `${path.name}: ${path.declined}`),
  }
}

type Context = {
  officerKey: string
  platformKey: string
  amountFenMin: number
  record: (
    path: PathState,
    loanId: number,
    date: IsoDate,
    field: string,
    expected: unknown,
    actual: unknown,
  ) => void
}

/** The need per day: what an on-time borrower's sales must bring in on average. */
function needPerDayFen(loan: ReferenceLoan): number {
  const firstLine = loan.schedule[0]!
  const days = Math.max(
    1,
    Math.round((Date.parse(firstLine.dueDate) - Date.parse(loan.disbursedOn)) / 86_400_000),
  )
  return Math.ceil((firstLine.principalFen + firstLine.interestFen + firstLine.feesFen) / days)
}

async function beforeClose(
  system: ModelSystem,
  book: ReferenceServicer,
  path: PathState,
  day: number,
  today: IsoDate,
  rng: Rng,
  context: Context,
): Promise<void> {
  const offset = day - path.startDay
  if (offset < 0) {
    // Until it borrows, the merchant keeps selling as it did (without sales its line would close).
    // Settled before the loan, these only set the wallet the reference starts from.
    const netFen = path.merchant.recentNetFen[day % path.merchant.recentNetFen.length] ?? 0
    if (netFen > 0) await putSales(system, context.platformKey, path.merchant.merchantId, today, netFen)
    return
  }
  const { merchant } = path
  if (offset === 0) await originate(system, book, path, rng, context, today)
  if (path.loanIds.length === 0) return
  const loan = book.loan(path.loanIds.at(-1)!)
  const salesFen = path.salesFor(offset, loan)
  if (path.behaviour === 'late_sales' && offset > 0 && rng() < 0.3) {
    // The platform reports yesterday's sales today (after yesterday's close), and corrects them upward.
    const yesterday = plusDays(today, -1)
    const lateFen = Math.max(1, salesFen)
    await putSales(
      system,
      context.platformKey,
      merchant.merchantId,
      yesterday,
      lateFen + (book.sales.get(merchant.merchantId)?.get(yesterday)?.netFen ?? 0),
    )
    book.putSales(
      merchant.merchantId,
      yesterday,
      lateFen + (book.sales.get(merchant.merchantId)?.get(yesterday)?.netFen ?? 0),
    )
  } else if (salesFen > 0) {
    await putSales(system, context.platformKey, merchant.merchantId, today, salesFen)
    book.putSales(merchant.merchantId, today, salesFen)
  }
  if (path.behaviour === 'refill') await maybeRefill(system, book, path, today, rng)
  if (offset !== path.actionDay) return
  await act(system, book, path, loan, today, rng, context)
}

async function putSales(
  system: ModelSystem,
  platformKey: string,
  merchantId: number,
  date: IsoDate,
  netFen: number,
) {
  const response = await system.request('PUT', `/v1/merchants/${merchantId}/sales/${date}`, {
    key: platformKey,
    body: { grossFen: netFen, refundFen: 0, orderCount: Math.max(1, Math.round(netFen / 5_000)) },
  })
  if (response.status >= 300) throw new Error(`sales ${date}: ${JSON.stringify(response.body)}`)
}

async function originate(
  system: ModelSystem,
  book: ReferenceServicer,
  path: PathState,
  rng: Rng,
  context: Context,
  today: IsoDate,
): Promise<void> {
  const { merchant } = path
  const offer = (
    await system.request('GET', `/v1/merchants/${merchant.merchantId}/offer`, { key: merchant.key })
  ).body
  const option = offer.options?.find((candidate: any) =>
    path.product === 'sales_share'
      ? candidate.repaymentMethod === 'sales_share'
      : candidate.repaymentMethod === 'installment' && candidate.frequency === path.product,
  )
  if (!option || offer.availableFen < context.amountFenMin) {
    const reasons = (offer.reasons ?? []).map((reason: any) => reason.code).join(',')
    // The offer closed since the merchant was picked (its sales moved): a credit decision, not servicing.
    throw new Declined(`no offer (eligible ${offer.eligible}, available ${offer.availableFen}, ${reasons})`)
  }
  const amountFen = amountIn(rng, context.amountFenMin, offer.availableFen)
  const loanId = await apply(system, merchant, option, amountFen, `model-${path.name}-1`)
  const wallet = await system.request('GET', `/v1/merchants/${merchant.merchantId}/wallet`, {
    key: merchant.key,
  })
  book.openMerchant(merchant.merchantId, wallet.body.balanceFen - amountFen)
  const terms = await termsOf(system, merchant, loanId, option, amountFen)
  const loan = book.disburse(loanId, merchant.merchantId, terms)
  path.loanIds.push(loanId)
  // The reference must agree on the disbursement date before anything else is compared.
  const view = (await system.request('GET', `/v1/loans/${loanId}`, { key: merchant.key })).body
  context.record(path, loanId, today, 'disbursedOn', today, view.disbursedOn)
  planBehaviour(path, loan, rng)
  if (
    path.behaviour !== 'on_time' &&
    path.behaviour !== 'early_payoff' &&
    path.behaviour !== 'prepayment' &&
    path.behaviour !== 'refill' &&
    path.behaviour !== 'irregular_sales' &&
    path.behaviour !== 'late_sales'
  ) {
    await payout(system, book, merchant, book.walletFen(merchant.merchantId), `${path.name}-spend`)
  }
}

async function apply(
  system: ModelSystem,
  merchant: Merchant,
  option: any,
  amountFen: number,
  key: string,
  refillOfLoanId?: number,
) {
  const response = await system.request('POST', '/v1/loan-applications', {
    key: merchant.key,
    body: {
      merchantId: merchant.merchantId,
      amountFen,
      termDays: option.termDays,
      repaymentMethod: option.repaymentMethod,
      ...(option.frequency ? { frequency: option.frequency } : {}),
      ...(refillOfLoanId ? { refillOfLoanId } : {}),
    },
    headers: { 'Idempotency-Key': key },
  })
  if (response.status === 201 && response.body.status === 'declined') {
    throw new Declined(response.body.reasons.map((reason: { code: string }) => reason.code).join(','))
  }
  if (response.status !== 201 || response.body.status !== 'approved') {
    throw new Error(`application refused: ${response.status} ${JSON.stringify(response.body)}`)
  }
  return response.body.loanId as number
}

/** The loan's contract terms: the offer's option, and for a sales-share loan the agreed fee it was charged. */
async function termsOf(
  system: ModelSystem,
  merchant: Merchant,
  loanId: number,
  option: any,
  amountFen: number,
): Promise<LoanTerms> {
  const view = (await system.request('GET', `/v1/loans/${loanId}`, { key: merchant.key })).body
  if (option.repaymentMethod === 'installment') {
    return {
      kind: 'installment',
      principalFen: amountFen,
      annualRateBps: view.annualRateBps,
      repayments: option.repayments,
      frequency: option.frequency,
      method: 'annuity',
      interestBasis: 'act365',
    }
  }
  const transactions = (
    await system.request('GET', `/v1/loans/${loanId}/transactions?limit=200`, { key: merchant.key })
  ).body
  const fee = transactions.items.find((item: any) => item.type === 'fee_charge')
  return {
    kind: 'sales_share',
    principalFen: amountFen,
    feeFen: fee?.allocation.feesFen ?? 0,
    salesShareBps: view.salesShareBps,
    termDays: option.termDays,
  }
}

/** Sales and the day of the one action, by behaviour. */
function planBehaviour(path: PathState, loan: ReferenceLoan, rng: Rng): void {
  const needFen = needPerDayFen(loan)
  const firstDueOffset = Math.round(
    (Date.parse(loan.schedule[0]!.dueDate) - Date.parse(loan.disbursedOn)) / 86_400_000,
  )
  const termOffset = Math.round((Date.parse(loan.maturesOn) - Date.parse(loan.disbursedOn)) / 86_400_000)
  // A merchant paying as agreed sells at least as it used to (so its line stays open for a refill).
  const usual = path.merchant.recentNetFen
  const steady = (factor: number) => (day: number) =>
    Math.max(Math.ceil(needFen * factor), usual[(day + path.startDay) % usual.length] ?? 0)
  switch (path.behaviour) {
    case 'on_time':
      path.salesFor = steady(1.5)
      break
    case 'late': {
      const resumeDay = firstDueOffset + intIn(rng, 1, 60)
      path.salesFor = (day) => (day >= resumeDay ? Math.ceil(needFen * 3) : 0)
      break
    }
    case 'partial':
      path.salesFor = steady(0.5)
      break
    case 'missed_cured': {
      const gapEnd = firstDueOffset + intIn(rng, 1, 10)
      path.salesFor = (day) => (day >= firstDueOffset - 1 && day < gapEnd ? 0 : Math.ceil(needFen * 2))
      break
    }
    case 'early_payoff':
    case 'prepayment':
      path.salesFor = steady(1.5)
      path.actionDay = intIn(rng, 1, Math.max(1, termOffset - 1))
      break
    case 'restructure':
    case 'waiver': {
      path.actionDay = firstDueOffset + intIn(rng, 3, 40)
      path.salesFor = (day) => (day > path.actionDay ? Math.ceil(needFen * 3) : 0)
      break
    }
    case 'refill':
      path.salesFor = steady(2)
      path.actionDay = -2 // checked daily: the day 75 % of the principal is repaid
      break
    case 'officer_write_off': {
      const writeOffDay = firstDueOffset + intIn(rng, 5, 40)
      path.actionDay = writeOffDay
      // The day after the write-off the merchant sells again, and the next day offers a recovery.
      path.salesFor = (day) => (day === writeOffDay + 1 ? 1_000 : 0)
      break
    }
    case 'write_off':
      path.salesFor = () => 0
      break
    case 'irregular_sales':
    case 'late_sales':
      path.salesFor = () => (rng() < 0.3 ? 0 : Math.ceil(needFen * 3 * rng()))
      break
    default:
      throw new Error(`unplanned behaviour ${path.behaviour satisfies never}`)
  }
}

async function payout(
  system: ModelSystem,
  book: ReferenceServicer,
  merchant: Merchant,
  amountFen: number,
  key: string,
) {
  if (amountFen <= 0) return
  const response = await system.request('POST', `/v1/merchants/${merchant.merchantId}/payouts`, {
    key: merchant.key,
    body: { amountFen },
    headers: { 'Idempotency-Key': key },
  })
  if (response.status !== 201) throw new Error(`payout: ${JSON.stringify(response.body)}`)
  book.payout(merchant.merchantId, amountFen)
}

async function act(
  system: ModelSystem,
  book: ReferenceServicer,
  path: PathState,
  loan: ReferenceLoan,
  today: IsoDate,
  rng: Rng,
  context: Context,
): Promise<void> {
  const { merchant } = path
  const reason = { reason: `model run ${path.name}` }
  const officer = (action: string, body: object) =>
    system.request('POST', `/v1/loans/${loan.loanId}/${action}`, {
      key: context.officerKey,
      body: { ...reason, ...body },
      headers: { 'Idempotency-Key': `${path.name}-${action}-${today}` },
    })
  switch (path.behaviour) {
    case 'early_payoff': {
      const quote = (
        await system.request('GET', `/v1/loans/${loan.loanId}/payoff-quote`, { key: merchant.key })
      ).body
      const expectedFen = loan.payoffFen(book.businessDate, today)
      context.record(path, loan.loanId, today, 'payoffQuote.today', expectedFen, quote.payoffFen)
      const amountFen = Math.min(book.walletFen(merchant.merchantId), expectedFen + intIn(rng, 0, 500))
      await repay(system, book, path, loan, amountFen, today, context)
      break
    }
    case 'prepayment': {
      const amountFen = intIn(rng, 1, Math.max(1, Math.floor(book.walletFen(merchant.merchantId) / 2)))
      await repay(system, book, path, loan, amountFen, today, context)
      break
    }
    case 'restructure': {
      if (loan.status !== 'active') return
      const termDays = intIn(rng, 7, 365)
      const response = await officer('restructure', { termDays })
      const expectedStatus = restructureRefused(loan, today, termDays) ? 422 : 200
      context.record(
        path,
        loan.loanId,
        today,
        'restructure.status',
        expectedStatus,
        response.status === expectedStatus
          ? response.status
          : `${response.status} ${JSON.stringify(response.body)}`,
      )
      if (response.status === 200) loan.restructure(today, termDays)
      observedReset.add(loan.loanId)
      break
    }
    case 'waiver': {
      if (loan.status !== 'active' || loan.owed.penaltyFen === 0) return
      const amountFen = intIn(rng, 1, loan.owed.penaltyFen)
      const response = await officer('waive-penalty', { amountFen })
      context.record(path, loan.loanId, today, 'waiver.status', 200, response.status)
      if (response.status === 200) loan.waivePenalty(today, amountFen)
      break
    }
    case 'officer_write_off': {
      if (loan.status === 'active') {
        const response = await officer('write-off', {})
        context.record(path, loan.loanId, today, 'writeOff.status', 200, response.status)
        if (response.status === 200) loan.writeOff(today)
        path.actionDay += 2 // then a recovery attempt, once the next day's sales have settled
      } else if (loan.status === 'written_off') {
        await repay(
          system,
          book,
          path,
          loan,
          Math.min(500, book.walletFen(merchant.merchantId)),
          today,
          context,
        )
        path.done = true
      }
      break
    }
    case 'on_time':
    case 'late':
    case 'partial':
    case 'missed_cured':
    case 'refill':
    case 'write_off':
    case 'irregular_sales':
    case 'late_sales':
      break // no action of the day: these paths are driven by their sales alone
    default:
      throw new Error(`unhandled behaviour ${path.behaviour satisfies never}`)
  }
}

/** Loans whose schedule changed (restructured): their schedule is compared again. */
const observedReset = new Set<number>()

async function repay(
  system: ModelSystem,
  book: ReferenceServicer,
  path: PathState,
  loan: ReferenceLoan,
  amountFen: number,
  today: IsoDate,
  context: Context,
): Promise<void> {
  if (amountFen <= 0) return
  const response = await system.request('POST', `/v1/loans/${loan.loanId}/repayments`, {
    key: path.merchant.key,
    body: { amountFen },
    headers: { 'Idempotency-Key': `${path.name}-repay-${today}` },
  })
  const expected = book.repay(loan.loanId, amountFen)
  context.record(path, loan.loanId, today, 'repayment.status', expected.status, response.status)
  if (expected.status === 200 && response.status === 200) {
    context.record(
      path,
      loan.loanId,
      today,
      'repayment.allocation',
      expected.allocation,
      response.body.allocation,
    )
  }
}

/** Refill paths: the day 75 % of the principal is repaid, borrow again paying the old loan off. */
async function maybeRefill(
  system: ModelSystem,
  book: ReferenceServicer,
  path: PathState,
  today: IsoDate,
  rng: Rng,
) {
  const old = book.loan(path.loanIds.at(-1)!)
  if (path.loanIds.length > 1 || old.status !== 'active' || path.refillDeclined) return
  if ((old.terms.principalFen - old.owed.principalFen) * 10_000 < old.terms.principalFen * 7_500) return
  const offer = (
    await system.request('GET', `/v1/merchants/${path.merchant.merchantId}/offer`, { key: path.merchant.key })
  ).body
  const option = offer.options?.find((candidate: any) =>
    old.terms.kind === 'sales_share'
      ? candidate.repaymentMethod === 'sales_share'
      : candidate.repaymentMethod === 'installment' && candidate.frequency === old.terms.frequency,
  )
  const payoffFen = old.payoffFen(book.businessDate, today)
  const maxFen = (offer.availableFen ?? 0) + old.owed.principalFen
  if (!option || maxFen <= payoffFen + 1) return
  const amountFen = intIn(rng, payoffFen + 1, maxFen)
  let loanId: number
  try {
    loanId = await apply(system, path.merchant, option, amountFen, `model-${path.name}-refill`, old.loanId)
  } catch (error) {
    if (!(error instanceof Declined)) throw error
    path.refillDeclined = true // a credit decision: the old loan runs its course
    return
  }
  const terms = await termsOf(system, path.merchant, loanId, option, amountFen)
  book.disburse(loanId, path.merchant.merchantId, terms, old.loanId)
  path.loanIds.push(loanId)
}

/**
 * Compares one loan after the close of `date`: its state every night; the payoff quoted for today and
 * for a random later date on the nights asked; and, on read nights, its transactions date by date
 * since the last read (accruals, payments, write-off). Answers whether the loan has ended on both sides
 * (then its last transactions were compared and it is not read again).
 */
async function compareLoan(
  system: ModelSystem,
  book: ReferenceServicer,
  path: PathState,
  loanId: number,
  date: IsoDate,
  observed: Map<number, Observed>,
  record: Context['record'],
  reads: { quoteToday: boolean; quoteAheadDays: number | null; readTransactions: boolean },
): Promise<boolean> {
  const key = path.merchant.key
  const reference = book.loan(loanId)
  const morning = book.businessDate
  const seen = observed.get(loanId) ?? {
    lastEntryId: 0,
    disbursements: 0,
    scheduleChecked: false,
    comparedThrough: null,
  }
  observed.set(loanId, seen)
  if (seen.lastEntryId < 0) return false
  const actual = (await system.request('GET', `/v1/loans/${loanId}`, { key })).body
  const expected = reference.view(morning)
  const at = (field: string, want: unknown, got: unknown, on: IsoDate = date) =>
    record(path, loanId, on, field, want, got)
  at('status', expected.status, actual.status)
  for (const field of ['principalFen', 'interestFen', 'feesFen', 'penaltyFen', 'totalFen'] as const) {
    at(`outstanding.${field}`, expected.outstanding[field], actual.outstanding[field])
  }
  if (expected.status === 'active') {
    at('daysPastDue', expected.daysPastDue, actual.daysPastDue)
    at('bucket', expected.bucket, actual.bucket)
    at('maturesOn', expected.maturesOn, actual.maturesOn)
  }
  if (!seen.scheduleChecked || observedReset.has(loanId)) {
    seen.scheduleChecked = true
    observedReset.delete(loanId)
    expected.schedule.forEach((line, index) => {
      const got = actual.schedule[index]
      at(
        `schedule[${index}]`,
        line,
        got && {
          dueDate: got.dueDate,
          principalFen: got.principalFen,
          interestFen: got.interestFen,
          feesFen: got.feesFen,
        },
      )
    })
    at('schedule.length', expected.schedule.length, actual.schedule.length)
  }
  if (expected.status === 'active' && actual.status === 'active') {
    if (reads.quoteToday) {
      const today = (await system.request('GET', `/v1/loans/${loanId}/payoff-quote`, { key })).body
      at('payoffQuote.today', reference.payoffFen(morning, morning), today.payoffFen)
    }
    if (reads.quoteAheadDays !== null) {
      const later = plusDays(morning, reads.quoteAheadDays)
      const quote = (await system.request('GET', `/v1/loans/${loanId}/payoff-quote?date=${later}`, { key }))
        .body
      at(`payoffQuote.ahead`, reference.payoffFen(morning, later), quote.payoffFen)
    }
  }
  const ended = expected.status !== 'active' && actual.status === expected.status
  if (!reads.readTransactions && !ended) return false
  // The entries since the last read, compared date by date: accruals, payments (repayments,
  // collections, a refill's payoff) and a write-off.
  const items: any[] = []
  for (let cursor = seen.lastEntryId; ;) {
    const page = (
      await system.request('GET', `/v1/loans/${loanId}/transactions?limit=200&cursor=${cursor}`, { key })
    ).body
    items.push(...page.items)
    if (!page.nextCursor) break
    cursor = Number(page.nextCursor)
  }
  for (const item of items) seen.lastEntryId = Math.max(seen.lastEntryId, item.entryId)
  const sum = (list: Array<{ allocation: Owed }>) =>
    list.reduce<Owed>(
      (total, item) => ({
        penaltyFen: total.penaltyFen + item.allocation.penaltyFen,
        feesFen: total.feesFen + item.allocation.feesFen,
        interestFen: total.interestFen + item.allocation.interestFen,
        principalFen: total.principalFen + item.allocation.principalFen,
      }),
      { penaltyFen: 0, feesFen: 0, interestFen: 0, principalFen: 0 },
    )
  const after = (on: IsoDate) => seen.comparedThrough === null || on > seen.comparedThrough
  const dates = new Set<IsoDate>([
    ...items.map((item) => item.businessDate as IsoDate).filter((on) => on <= date),
    ...reference.transactions.map((item) => item.date).filter((on) => after(on) && on <= date),
  ])
  for (const on of [...dates].sort()) {
    const actualItems = items.filter((item) => item.businessDate === on)
    const actualPayments = actualItems.filter((item) => {
      if (item.type === 'repayment') return true
      if (item.type !== 'merchant_disbursement') return false
      seen.disbursements += 1
      return seen.disbursements > 1 // the loan's own disbursement first; a later one is a refill paying it off
    })
    const expectedItems = reference.transactions.filter((item) => item.date === on)
    const expectedPayments = expectedItems.filter((item) =>
      ['repayment', 'collection', 'refill_payoff'].includes(item.kind),
    )
    const expectedAccrual = sum(expectedItems.filter((item) => item.kind === 'accrual'))
    const actualAccrual = sum(actualItems.filter((item) => item.type === 'interest_accrual'))
    at('accrual.interestFen', expectedAccrual.interestFen, actualAccrual.interestFen, on)
    at('accrual.penaltyFen', expectedAccrual.penaltyFen, actualAccrual.penaltyFen, on)
    at('paid', sum(expectedPayments), sum(actualPayments), on)
    const expectedWriteOff = totalOf(sum(expectedItems.filter((item) => item.kind === 'write_off')))
    const actualWriteOff = totalOf(sum(actualItems.filter((item) => item.type === 'write_off')))
    at('writeOffFen', expectedWriteOff, actualWriteOff, on)
  }
  seen.comparedThrough = date
  // A loan both sides have finished with (and that nothing more happens to) is not read again.
  if (ended && path.behaviour !== 'officer_write_off') {
    seen.lastEntryId = -1
    return true
  }
  return ended
}

/** An installment schedule with an installment repaying no principal is refused, never built (API.md). */
const hasEmptyInstallment = (installments: readonly { principalFen: number }[]) =>
  installments.some((line) => line.principalFen === 0)

/**
 * Whether restructuring `loan` over `termDays` from `date` would give it an installment that repays no
 * principal, which the system refuses (422 `installment_without_principal`) and the reference, told
 * only what the officer did, would not know to: the reference's own restructured schedule, checked.
 */
function restructureRefused(loan: ReferenceLoan, date: IsoDate, termDays: number): boolean {
  const { terms } = loan
  if (terms.kind !== 'installment') return false
  // No installment within the term asked for: refused too (422 term_not_allowed).
  const repayments = installmentsWithin(date, terms.frequency, termDays)
  if (repayments === 0) return true
  const { installments } = referenceSchedule({
    principalFen: loan.owed.principalFen,
    annualRateBps: terms.annualRateBps,
    repayments,
    frequency: terms.frequency,
    method: terms.method,
    interestBasis: terms.interestBasis,
    startDate: date,
  })
  return hasEmptyInstallment(installments)
}

/** The loan calculator against the reference over the whole terms space (API.md schedule preview). */
async function comparePreview(
  system: ModelSystem,
  key: string,
  rng: Rng,
  seed: number,
  mismatches: Mismatch[],
  amountFenMin: number,
): Promise<void> {
  const frequency = pick<Frequency>(rng, ['daily', 'weekly', 'monthly'])
  const terms = {
    principalFen: amountIn(rng, amountFenMin, 99_999_999),
    annualRateBps: intIn(rng, 0, 3_600),
    repayments: intIn(rng, 1, frequency === 'daily' ? 365 : frequency === 'weekly' ? 104 : 36),
    frequency,
    method: pick<ScheduleMethod>(rng, ['annuity', 'equal_principal', 'flat']),
    interestBasis: pick<InterestBasis>(rng, ['periodic', 'act365']),
    startDate: plusDays('2026-01-01', intIn(rng, 0, 800)),
  }
  const response = await system.request('POST', '/v1/schedule-preview', { key, body: terms })
  const expected = referenceSchedule(terms)
  const label = `preview:${terms.method}:${terms.interestBasis}:${terms.frequency}:${terms.repayments}x:${terms.principalFen}@${terms.annualRateBps}bps:${terms.startDate}`
  if (hasEmptyInstallment(expected.installments)) {
    if (response.status !== 422 || response.body.code !== 'installment_without_principal') {
      mismatches.push({
        seed,
        loanId: 0,
        path: label,
        date: terms.startDate,
        field: 'preview.refusal',
        expected: { status: 422, code: 'installment_without_principal' },
        actual: { status: response.status, code: response.body?.code },
      })
    }
    return
  }
  const firstDifferent = expected.installments.findIndex((line, index) => {
    const got = response.body.installments?.[index]
    return (
      !got ||
      got.principalFen !== line.principalFen ||
      got.interestFen !== line.interestFen ||
      got.dueDate !== line.dueDate
    )
  })
  if (firstDifferent >= 0) {
    const got = response.body.installments?.[firstDifferent]
    mismatches.push({
      seed,
      loanId: 0,
      path: label,
      date: terms.startDate,
      field: `preview.installments[${firstDifferent}]`,
      expected: expected.installments[firstDifferent],
      actual: got,
    })
  }
  if (response.body.totalInterestFen !== expected.totalInterestFen) {
    mismatches.push({
      seed,
      loanId: 0,
      path: label,
      date: terms.startDate,
      field: 'preview.totalInterestFen',
      expected: expected.totalInterestFen,
      actual: response.body.totalInterestFen,
    })
  }
}

/**
 * The portfolio figures of API.md recomputed from the reference's loans: loans on book (active),
 * their outstanding principal, each bucket's count and principal, and PAR n as the share (basis
 * points, half-even) of outstanding principal on loans at least n days past due.
 */
export function referencePortfolio(book: ReferenceServicer) {
  const buckets: Record<Bucket, { count: number; principalFen: number }> = {
    current: { count: 0, principalFen: 0 },
    '1-30': { count: 0, principalFen: 0 },
    '31-60': { count: 0, principalFen: 0 },
    '61-90': { count: 0, principalFen: 0 },
    '90+': { count: 0, principalFen: 0 },
  }
  let activeLoans = 0
  let outstandingPrincipalFen = 0
  const atRiskFen = { 1: 0, 30: 0, 90: 0 }
  for (const loan of book.loans.values()) {
    if (loan.status !== 'active') continue
    const view = loan.view(book.businessDate)
    const principalFen = view.outstanding.principalFen
    activeLoans += 1
    outstandingPrincipalFen += principalFen
    buckets[view.bucket].count += 1
    buckets[view.bucket].principalFen += principalFen
    for (const days of [1, 30, 90] as const) if (view.daysPastDue >= days) atRiskFen[days] += principalFen
  }
  const bps = (partFen: number) =>
    outstandingPrincipalFen === 0
      ? 0
      : Number(halfEven(BigInt(partFen) * 10_000n, BigInt(outstandingPrincipalFen)))
  return {
    activeLoans,
    outstandingPrincipalFen,
    par1Bps: bps(atRiskFen[1]),
    par30Bps: bps(atRiskFen[30]),
    par90Bps: bps(atRiskFen[90]),
    buckets,
  }
}

async function fundLender(ledger: LedgerService): Promise<void> {
  await ledger.openAccount(accounts.lenderCash())
  await ledger.openAccount(accounts.lenderEquity())
  await ledger.post({
    idempotencyKey: 'model-run:capital',
    type: 'capital_contribution',
    businessDate: isoDate(FIRST_BUSINESS_DATE),
    postings: [
      { accountCode: accounts.lenderCash().code, side: 'D', amountFen: 10_000_000_000 },
      { accountCode: accounts.lenderEquity().code, side: 'C', amountFen: 10_000_000_000 },
    ],
  })
}

/**
 * Merchants with sales history and a line (the synthetic population, loaded by the real loader; the
 * offer decides who has a line), generated in chunks until there are enough, offers read `concurrency`
 * at a time.
 */
async function merchantsWithLines(
  system: ModelSystem,
  seed: number,
  paths: number,
  concurrency: number,
  historyEndDate: IsoDate,
): Promise<Merchant[]> {
  const merchants: Merchant[] = []
  for (let chunk = 0; merchants.length < paths; chunk++) {
    if (chunk >= 20) throw new Error(`only ${merchants.length} merchants with a line for ${paths} paths`)
    const population = generatePopulation({
      seed: (seed + chunk * 7_919) >>> 0,
      merchantCount: Math.max(8, Math.ceil((paths - merchants.length) * 1.6)),
      days: 200,
      endDate: isoDate(historyEndDate),
    })
    const ids = await loadPopulation({ db: system.db, ledger: system.ledger }, population)
    const found: Array<Merchant & { index: number }> = []
    await inPool([...[...ids].entries()], concurrency, async ([index, [externalRef, merchantId]]) => {
      const history = population.find((merchant) => merchant.externalRef === externalRef)?.dailySales ?? []
      const recentNetFen = history.slice(-28).map((row) => row.grossFen - row.refundFen)
      const key = await system.keyFor('merchant', merchantId)
      const offer = await system.request('GET', `/v1/merchants/${merchantId}/offer`, { key })
      if (offer.body.eligible && offer.body.availableFen >= 100) {
        found.push({ index, merchantId, key, availableFen: offer.body.availableFen, recentNetFen })
      }
    })
    // In population order, so the run does not depend on which offer answered first.
    for (const { index: _index, ...merchant } of found.sort((a, b) => a.index - b.index)) {
      if (merchants.length < paths) merchants.push(merchant)
    }
  }
  return merchants
}

/** Mismatches grouped by field: how many, on how many loans, and the first example of each. */
export function groupMismatches(mismatches: readonly Mismatch[]) {
  const groups = new Map<
    string,
    { field: string; count: number; loans: Set<number>; example: Mismatch; firstPerLoan: number }
  >()
  const firstFieldOfLoan = new Map<string, string>()
  for (const mismatch of mismatches) {
    const field = mismatch.field.replace(/\[\d+\]/g, '[]')
    const group = groups.get(field) ?? {
      field,
      count: 0,
      loans: new Set<number>(),
      example: mismatch,
      firstPerLoan: 0,
    }
    group.count += 1
    group.loans.add(mismatch.loanId)
    groups.set(field, group)
    const loanKey = mismatch.loanId === 0 ? mismatch.path : String(mismatch.loanId)
    if (!firstFieldOfLoan.has(loanKey)) {
      firstFieldOfLoan.set(loanKey, field)
      group.firstPerLoan += 1
    }
  }
  return [...groups.values()].sort((a, b) => b.count - a.count)
}

/** Reads sampled so a few thousand paths fit a test run; every night is still compared. */
export const SAMPLED: Partial<ModelRunOptions> = {
  features: ALL_FEATURES,
  concurrency: 8,
  quoteShare: 0.2,
  readEveryNights: 4,
  portfolio: true,
}

/** Each mismatched field once, with its count and an example: what a test failure prints. */
export function describeMismatches(result: ModelRunResult): string[] {
  return groupMismatches(result.mismatches).map(
    ({ field, count, example }) =>
      `${field} ×${count}: seed ${example.seed} loan ${example.loanId} (${example.path}) ${example.date} ` +
      `expected ${JSON.stringify(example.expected)} actual ${JSON.stringify(example.actual)}`,
  )
}
