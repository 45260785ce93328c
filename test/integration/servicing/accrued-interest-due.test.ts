/**
 * Issue 16, "Servicing tells the truth": an installment asks for the interest that actually accrued
 * for its period, not the interest the schedule projected. After a prepayment or a restructure less
 * (or a fen more or less) has accrued than projected; a borrower who pays exactly what each
 * installment asks, on its due date, must have paid exactly the interest accrued and the installment's
 * principal, and wake up current (0 days past due) every morning, until the loan closes with nothing
 * left over. Each case through HTTP and a real close of business.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, type IsoDate } from '../../../src/kernel/business-date.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { merchantsWithLines, payOutWallet, type MerchantWithLine } from '../../support/merchant-lines.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean, fundLender, move } from '../../support/ledger.js'

type Line = {
  dueDate: string
  principalFen: number
  interestFen: number
  feesFen: number
  paidFen: number
  status: string
}
type Allocation = { penaltyFen: number; feesFen: number; interestFen: number; principalFen: number }
type Transaction = { type: string; businessDate: string; allocation: Allocation }

let h: Harness
let officerKey: string

/** One loan of the run: its borrower, what happens to it before the close of a day, and what was seen. */
type Case = {
  merchant: MerchantWithLine
  loanId: number
  /** Actions before the close, by day of the run (0 = the day it is borrowed). */
  actions: Map<number, () => Promise<void>>
  /** The schedule in force starts here (disbursement, or the restructure). */
  scheduleStart: IsoDate
  projected: Line[]
  /** Each morning from the schedule's start on, while the loan is active. */
  mornings: Array<{ date: string; daysPastDue: number; bucket: string }>
  installments: Array<{
    dueDate: string
    askedFen: number
    interestFen: number
    accruedInPeriodFen: number
    principalFen: number
    collected: { penaltyFen: number; feesFen: number; interestFen: number; principalFen: number }
    /** What the ledger said was owed that morning, before the close. */
    owedThatMorning: { penaltyFen: number; feesFen: number; interestFen: number }
    statusNextMorning: string | undefined
    walletNextMorningFen: number
  }>
  restructureResponse?: { status: number; body: any }
  prepaid?: Allocation & { leftoverFen: number }
  lateBeforeRestructure?: any
}

const cases: Record<'weeklyPrepayment' | 'weeklyRestructure' | 'dailyRestructure', Case> = {} as never

async function businessDate(): Promise<IsoDate> {
  return (await h.request('GET', '/v1/system/business-date', { key: officerKey })).body.businessDate
}

async function loanView(loanId: number) {
  return (await h.request('GET', `/v1/loans/${loanId}`, { key: officerKey })).body
}

async function transactions(loanId: number): Promise<Transaction[]> {
  const items: Transaction[] = []
  for (let cursor: string | null = null; ;) {
    const page: { items: Transaction[]; nextCursor: string | null } = (
      await h.request(
        'GET',
        `/v1/loans/${loanId}/transactions?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
        { key: officerKey },
      )
    ).body
    items.push(...page.items)
    if (!page.nextCursor) return items
    cursor = page.nextCursor
  }
}

async function closeOneDay() {
  const response = await h.request('POST', '/v1/system/close-of-business', {
    key: officerKey,
    body: { days: 1 },
  })
  expect(response.status).toBe(200)
}

let topUps = 0
async function topUp(merchantId: number, amountFen: number) {
  if (amountFen <= 0) return
  topUps += 1
  await move(h.ledger, {
    debit: accounts.lenderCash().code,
    credit: accounts.merchantWallet(merchantId).code,
    amountFen,
    key: `accrued-due-topup-${topUps}`,
  })
}

/** A loan borrowed today, with the wallet emptied afterwards: nothing is collected unless the borrower pays. */
async function borrow(merchant: MerchantWithLine, body: object, key: string): Promise<number> {
  const applied = await h.request('POST', '/v1/loan-applications', {
    key: merchant.key,
    body: { merchantId: merchant.merchantId, ...body },
    headers: { 'Idempotency-Key': key },
  })
  expect(applied.body.status).toBe('approved')
  await payOutWallet(h, merchant, `${key}-payout`)
  return applied.body.loanId
}

/** What the borrower pays from its wallet today (put there first). */
async function repay(merchant: MerchantWithLine, loanId: number, amountFen: number, key: string) {
  await topUp(merchant.merchantId, amountFen)
  const paid = await h.request('POST', `/v1/loans/${loanId}/repayments`, {
    key: merchant.key,
    body: { amountFen },
    headers: { 'Idempotency-Key': key },
  })
  expect(paid.status).toBe(200)
  return paid.body.allocation as Allocation & { leftoverFen: number }
}

async function restructure(one: Case, termDays: number, key: string) {
  one.lateBeforeRestructure = await loanView(one.loanId)
  one.restructureResponse = await h.request('POST', `/v1/loans/${one.loanId}/restructure`, {
    key: officerKey,
    body: { termDays, reason: 'accrued interest due: a fresh start' },
    headers: { 'Idempotency-Key': key },
  })
  one.scheduleStart = await businessDate()
  one.projected = one.restructureResponse.body.schedule
}

const sumOf = (items: Transaction[], field: keyof Allocation) =>
  items.reduce((total, item) => total + item.allocation[field], 0)

/**
 * The borrower of each loan, from its schedule's start: on each due date it puts exactly what the
 * installment asks into its wallet (nothing else), and the close collects from there.
 */
async function morning(one: Case, today: IsoDate) {
  const loan = await loanView(one.loanId)
  if (loan.status !== 'active' || today < one.scheduleStart) return undefined
  one.mornings.push({ date: today, daysPastDue: loan.daysPastDue, bucket: loan.bucket })
  const index = loan.schedule.findIndex((line: Line) => line.dueDate === today)
  if (index < 0) return undefined
  const line: Line = loan.schedule[index]
  const askedFen = line.principalFen + line.interestFen + line.feesFen - line.paidFen
  const periodStart: string = index === 0 ? one.scheduleStart : loan.schedule[index - 1].dueDate
  const accruedInPeriodFen = sumOf(
    (await transactions(one.loanId)).filter(
      (item) =>
        item.type === 'interest_accrual' && item.businessDate >= periodStart && item.businessDate < today,
    ),
    'interestFen',
  )
  await topUp(one.merchant.merchantId, askedFen)
  const { penaltyFen, feesFen, interestFen } = loan.outstanding
  return {
    index,
    record: {
      dueDate: today,
      askedFen,
      interestFen: line.interestFen,
      accruedInPeriodFen,
      principalFen: line.principalFen,
      owedThatMorning: { penaltyFen, feesFen, interestFen },
    },
  }
}

async function afterClose(one: Case, today: IsoDate, due: Awaited<ReturnType<typeof morning>>) {
  if (!due) return
  const collected = (await transactions(one.loanId)).filter(
    (item) => item.type === 'repayment' && item.businessDate === today,
  )
  const after = await loanView(one.loanId)
  one.installments.push({
    ...due.record,
    collected: {
      penaltyFen: sumOf(collected, 'penaltyFen'),
      feesFen: sumOf(collected, 'feesFen'),
      interestFen: sumOf(collected, 'interestFen'),
      principalFen: sumOf(collected, 'principalFen'),
    },
    statusNextMorning: after.status === 'closed' ? 'closed' : after.schedule[due.index]?.status,
    walletNextMorningFen: await balanceOf(h.db, accounts.merchantWallet(one.merchant.merchantId).code),
  })
}

beforeAll(async () => {
  h = await startHarness()
  officerKey = await h.keyFor('officer')
  await fundLender(h.ledger, 10_000_000_00)
  const merchants = await merchantsWithLines(h, { seed: 1616, merchantCount: 60, minAvailableFen: 200_000 })
  expect(merchants.length).toBeGreaterThanOrEqual(3)
  const start = await businessDate()
  const newCase = async (merchant: MerchantWithLine, terms: object, key: string): Promise<Case> => {
    const loanId = await borrow(merchant, terms, key)
    return {
      merchant,
      loanId,
      actions: new Map(),
      scheduleStart: start,
      projected: (await loanView(loanId)).schedule,
      mornings: [],
      installments: [],
    }
  }
  const weekly = { termDays: 84, repaymentMethod: 'installment', frequency: 'weekly' }
  cases.weeklyPrepayment = await newCase(
    merchants[0]!,
    { amountFen: 100_000, ...weekly },
    'accrued-weekly-prepay',
  )
  cases.weeklyRestructure = await newCase(
    merchants[1]!,
    { amountFen: 150_000, ...weekly },
    'accrued-weekly-restr',
  )
  cases.dailyRestructure = await newCase(
    merchants[2]!,
    { amountFen: 123_457, termDays: 30, repaymentMethod: 'installment', frequency: 'daily' },
    'accrued-daily-restr',
  )
  // Weekly, day 3: the borrower prepays 30 000 fen; three nights' interest first, the rest principal.
  // The borrower pays every installment as asked from day 0, so the prepayment is money ahead.
  const { weeklyPrepayment, weeklyRestructure, dailyRestructure } = cases
  weeklyPrepayment.actions.set(3, async () => {
    weeklyPrepayment.prepaid = await repay(
      weeklyPrepayment.merchant,
      weeklyPrepayment.loanId,
      30_000,
      'accrued-prepay-30000',
    )
  })
  // Weekly, missed its first installment (due day 7): restructured on day 10 over 35 days (5 weeks),
  // and the next day the borrower pays 40 000 fen ahead.
  weeklyRestructure.scheduleStart = addDays(start, 1_000)
  weeklyRestructure.actions.set(10, () => restructure(weeklyRestructure, 35, 'accrued-weekly-restr-officer'))
  weeklyRestructure.actions.set(11, async () => {
    await repay(weeklyRestructure.merchant, weeklyRestructure.loanId, 40_000, 'accrued-weekly-restr-40000')
  })
  // Daily, missed its first three installments: restructured on day 4 over 21 days.
  dailyRestructure.scheduleStart = addDays(start, 1_000)
  dailyRestructure.actions.set(4, () => restructure(dailyRestructure, 21, 'accrued-daily-restr-officer'))

  const all = Object.values(cases)
  for (let day = 0; day < 100; day++) {
    const today = await businessDate()
    for (const one of all) await one.actions.get(day)?.()
    const dues = []
    for (const one of all) dues.push(await morning(one, today))
    await closeOneDay()
    for (const [index, one] of all.entries()) await afterClose(one, today, dues[index])
    const statuses = await Promise.all(all.map(async (one) => (await loanView(one.loanId)).status))
    if (statuses.every((status) => status !== 'active')) break
  }
}, 300_000)
afterAll(async () => {
  await expectLedgerClean(h.db)
  await h?.close()
})

/**
 * What every case must show: current every morning of the schedule in force; each installment's
 * interest is what the ledger accrued in its period, to the fen; what it asked was collected, all the
 * penalty, fees and interest owed first and the rest principal, and the next morning it is paid and
 * the wallet empty; the loan ends closed, having repaid its principal and exactly the interest and
 * penalty interest accrued.
 */
async function expectPaidAsAsked(one: Case, installments: number) {
  expect(one.mornings.filter((day) => day.daysPastDue !== 0 || day.bucket !== 'current')).toEqual([])
  expect(one.installments).toHaveLength(installments)
  for (const seen of one.installments) {
    const { owedThatMorning: owed } = seen
    expect({ dueDate: seen.dueDate, interestFen: seen.interestFen }).toEqual({
      dueDate: seen.dueDate,
      interestFen: seen.accruedInPeriodFen,
    })
    expect({ dueDate: seen.dueDate, ...seen.collected }).toEqual({
      dueDate: seen.dueDate,
      penaltyFen: owed.penaltyFen,
      feesFen: owed.feesFen,
      interestFen: owed.interestFen,
      principalFen: seen.askedFen - owed.penaltyFen - owed.feesFen - owed.interestFen,
    })
    expect({
      dueDate: seen.dueDate,
      status: seen.statusNextMorning,
      walletFen: seen.walletNextMorningFen,
    }).toEqual({
      dueDate: seen.dueDate,
      status: seen.dueDate === one.installments.at(-1)!.dueDate ? 'closed' : 'paid',
      walletFen: 0,
    })
  }
  const loan = await loanView(one.loanId)
  expect(loan.status).toBe('closed')
  expect(loan.outstanding.totalFen).toBe(0)
  const items = await transactions(one.loanId)
  const repayments = items.filter((item) => item.type === 'repayment')
  const accruals = items.filter((item) => item.type === 'interest_accrual')
  expect(sumOf(repayments, 'principalFen')).toBe(loan.principalFen)
  expect(sumOf(repayments, 'interestFen')).toBe(sumOf(accruals, 'interestFen'))
  expect(sumOf(repayments, 'penaltyFen')).toBe(sumOf(accruals, 'penaltyFen'))
}

describe('an installment asks for the interest accrued by its due date', () => {
  it('weekly loan prepaid in its first week: each installment asks the interest accrued, the borrower stays current', async () => {
    const one = cases.weeklyPrepayment
    expect(one.projected).toHaveLength(12)
    expect(one.prepaid!.principalFen).toBe(30_000 - one.prepaid!.interestFen)
    await expectPaidAsAsked(one, 12)
    // The prepayment covered the first installments' principal: they asked only the interest
    // accrued and not yet paid (the prepayment paid its first three nights'), and the period's
    // interest is less than projected (projected on the principal before the prepayment).
    const [first, second] = one.installments
    expect(first!.askedFen).toBe(first!.interestFen - one.prepaid!.interestFen)
    expect(first!.collected.principalFen).toBe(0)
    expect(first!.interestFen).toBeLessThan(one.projected[0]!.interestFen)
    expect(second!.askedFen).toBe(second!.interestFen)
    expect(second!.interestFen).toBeLessThan(one.projected[1]!.interestFen)
  })

  it('weekly loan restructured after missing its first installment, then paid ahead: stays current paying what is asked', async () => {
    const one = cases.weeklyRestructure
    expect(one.lateBeforeRestructure.daysPastDue).toBe(3)
    expect(one.restructureResponse!.status).toBe(200)
    expect(one.projected).toHaveLength(5)
    // The arrears (interest and penalty owed then) are due with the first new installment.
    const late = one.lateBeforeRestructure.outstanding
    expect(one.projected[0]!.feesFen).toBe(late.interestFen + late.penaltyFen)
    await expectPaidAsAsked(one, 5)
  })

  it('daily loan restructured after missing three installments: every day asks the interest accrued, to the fen', async () => {
    const one = cases.dailyRestructure
    expect(one.lateBeforeRestructure.daysPastDue).toBe(3)
    expect(one.restructureResponse!.status).toBe(200)
    expect(one.projected).toHaveLength(21)
    await expectPaidAsAsked(one, 21)
  })
})
