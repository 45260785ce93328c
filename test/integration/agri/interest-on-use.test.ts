/**
 * Interest only on what the farmer used (issue 17, item 7), through HTTP and a real worker: a farm
 * loan booked with the setting accrues each night on the principal owed less the unspent restricted
 * money, so purchases accrue from the day they are made and a refund stops interest on what it
 * returns; a loan booked with the setting off accrues on everything as before, even after the policy
 * turns it back on; the payoff quote for a future date is what the closes post; and the disclosed APR
 * counts the premium the farmer never received.
 *
 * Every loan here is ¥10,000 (1,000,000 fen) at 8%, disbursed on 2026-01-01 and due 2026-04-01
 * (90 days). A night's interest on P fen is P × 800 / 3,650,000 fen, with the rounding remainder
 * carried, so what is posted over nights is their exact sum rounded once (half-even).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decideAgriApplication, disburseAgriLoan } from '../../../src/agri/agri-origination.js'
import { AGRI_POLICY } from '../../../src/agri/agri-policy.js'
import { isoDate, type IsoDate } from '../../../src/kernel/business-date.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { serviceLoans } from '../../../src/servicing/servicing-service.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean } from '../../support/ledger.js'
import { approveProducts } from '../../support/catalogue.js'

let h: Harness
let officerKey: string
const LOAN_FEN = 1_000_000
const PREMIUM_FEN = 20_000
const SEED_FEN = 50_000
const UREA_FEN = 50_000

type Farm = { farmerId: number; key: string; loanId: number }
let supplier: { supplierId: number; key: string }
let offtaker: { offtakerId: number; key: string }
let insurer: { insurerId: number; key: string }
/**
 * `used`: booked with interest on use; `full`: booked while the policy had it off; `cheaper`: a
 * premium of 10,000 fen; `apart`: a premium the insurer bills apart, not deducted.
 */
const farms: Record<'used' | 'full' | 'cheaper' | 'apart', Farm> = {} as never

async function closeDaysUntil(date: IsoDate) {
  const current = (await h.request('GET', '/v1/system/business-date', { key: officerKey })).body.businessDate
  const days = Math.round((Date.parse(date) - Date.parse(current)) / 86_400_000)
  expect(days).toBeGreaterThan(0)
  const response = await h.request('POST', '/v1/system/close-of-business', {
    key: officerKey,
    body: { days },
  })
  expect(response.status).toBe(200)
}

async function loan(farm: Farm) {
  const response = await h.request('GET', `/v1/loans/${farm.loanId}`, { key: farm.key })
  expect(response.status).toBe(200)
  return response.body
}

async function interestPostedFen(farm: Farm): Promise<number> {
  return balanceOf(h.db, accounts.loanInterest(farm.loanId).code)
}

async function quote(farm: Farm, date: IsoDate) {
  const response = await h.request('GET', `/v1/loans/${farm.loanId}/payoff-quote?date=${date}`, {
    key: farm.key,
  })
  expect(response.status).toBe(200)
  return response.body
}

async function buy(farm: Farm, sku: string, quantity: number, key: string): Promise<number> {
  const response = await h.request('POST', `/v1/restricted-wallets/${farm.loanId}/purchases`, {
    key: farm.key,
    body: { supplierId: supplier.supplierId, lines: [{ sku, quantity }] },
    headers: { 'Idempotency-Key': key },
  })
  expect(response.status, JSON.stringify(response.body)).toBe(201)
  return response.body.purchaseId
}

async function refund(purchaseId: number, sku: string, quantity: number, key: string) {
  const response = await h.request('POST', `/v1/purchases/${purchaseId}/refund`, {
    key: supplier.key,
    body: { lines: [{ sku, quantity }] },
    headers: { 'Idempotency-Key': key },
  })
  expect(response.status, JSON.stringify(response.body)).toBe(200)
}

/**
 * A new farmer with a rice contract due 2026-04-01, a policy with `premiumFen`, and a loan of
 * LOAN_FEN applied for today. `beforeApplying` runs once the policy exists.
 */
async function farm(name: string, premiumFen: number, beforeApplying?: (policyId: number) => Promise<void>) {
  const { farmerId, key, contractId, policyId } = await contractAndPolicy(name, premiumFen)
  await beforeApplying?.(policyId)
  const applied = await h.request('POST', '/v1/agri-loan-applications', {
    key,
    body: { farmerId, contractId, policyId, amountFen: LOAN_FEN },
    headers: { 'Idempotency-Key': `apply-${name}` },
  })
  expect(applied.status).toBe(201)
  expect(applied.body.status).toBe('approved')
  return { farmerId, key, loanId: applied.body.loanId as number }
}

/** A new farmer with a rice contract due 2026-04-01 guaranteed by a policy with `premiumFen`. */
async function contractAndPolicy(name: string, premiumFen: number) {
  const farmer = await h.created('/v1/farmers', h.adminKey, {
    externalRef: `farmer-${name}`,
    name,
    region: 'Jilin',
  })
  const key = await h.keyFor('farmer', farmer.farmerId)
  const contract = await h.request('POST', '/v1/offtake-contracts', {
    key: offtaker.key,
    body: {
      farmerId: farmer.farmerId,
      crop: 'rice',
      quantityKg: 10_000,
      priceFenPerKg: 300,
      deliveryFrom: '2026-03-01',
      deliveryTo: '2026-04-01',
    },
  })
  expect(contract.status).toBe(201)
  const contractId = contract.body.contractId
  const asked = await h.request('POST', `/v1/offtake-contracts/${contractId}/guarantee-requests`, {
    key,
    body: { insurerId: insurer.insurerId },
  })
  expect(asked.status).toBe(201)
  const policy = await h.request('POST', '/v1/guarantee-policies', {
    key: insurer.key,
    body: { farmerId: farmer.farmerId, contractId, coverageBps: 8_000, premiumFen },
  })
  expect(policy.body.status).toBe('active')
  return {
    farmerId: farmer.farmerId as number,
    key,
    contractId: contractId as number,
    policyId: policy.body.policyId as number,
  }
}

/** Books a loan while the farm product's setting is off, then turns it back on. */
async function withInterestOnUseOff<T>(work: () => Promise<T>): Promise<T> {
  const policy = AGRI_POLICY as { interestOnUse: boolean }
  policy.interestOnUse = false
  try {
    return await work()
  } finally {
    policy.interestOnUse = true
  }
}

beforeAll(async () => {
  h = await startHarness()
  officerKey = await h.keyFor('officer')
  const s = await h.created('/v1/suppliers', h.adminKey, {
    externalRef: 'shop',
    name: 'Shop',
    approved: true,
  })
  supplier = { supplierId: s.supplierId, key: await h.keyFor('supplier', s.supplierId) }
  const o = await h.created('/v1/offtakers', h.adminKey, {
    externalRef: 'mill',
    name: 'Mill',
    approved: true,
  })
  offtaker = { offtakerId: o.offtakerId, key: await h.keyFor('offtaker', o.offtakerId) }
  const i = await h.created('/v1/insurers', h.adminKey, {
    externalRef: 'mutual',
    name: 'Mutual',
    approved: true,
  })
  insurer = { insurerId: i.insurerId, key: await h.keyFor('insurer', i.insurerId) }
  for (const [sku, category, priceFen] of [
    ['rice-seed', 'seed', SEED_FEN],
    ['urea', 'fertilizer', UREA_FEN],
  ] as const) {
    const put = await h.request('PUT', `/v1/suppliers/${supplier.supplierId}/products/${sku}`, {
      key: supplier.key,
      body: { name: sku, category, priceFen },
    })
    expect(put.status).toBe(201)
  }
  await approveProducts(h, supplier.supplierId, [
    { sku: 'rice-seed', category: 'seed', priceFen: SEED_FEN },
    { sku: 'urea', category: 'fertilizer', priceFen: UREA_FEN },
  ])
  farms.used = await farm('used', PREMIUM_FEN)
  farms.full = await withInterestOnUseOff(() => farm('full', PREMIUM_FEN))
  farms.cheaper = await farm('cheaper', 10_000)
  farms.apart = await farm('apart', PREMIUM_FEN, async (policyId) => {
    await h.db
      .updateTable('guaranteePolicies')
      .set({ premiumDeducted: 0 })
      .where('id', '=', policyId)
      .execute()
  })
})
afterAll(async () => {
  await expectLedgerClean(h.db)
  await h?.close()
})

describe('interest on use', () => {
  it('is stored on each loan when it is booked', async () => {
    expect(AGRI_POLICY.interestOnUse).toBe(true)
    expect(await loan(farms.used)).toMatchObject({ interestOnUse: true, disbursedOn: '2026-01-01' })
    expect(await loan(farms.full)).toMatchObject({ interestOnUse: false, disbursedOn: '2026-01-01' })
    for (const f of [farms.used, farms.full]) {
      expect(await balanceOf(h.db, accounts.restrictedWallet(f.loanId).code)).toBe(LOAN_FEN - PREMIUM_FEN)
    }
  })

  it('accrues from each purchase on its own day, and a refund stops it on what is returned', async () => {
    // Night of 01-01: nothing bought; only the premium (20,000 fen, never in the wallet) is used.
    // 20,000 × 800 / 3,650,000 = 4.38 fen → 4. The loan booked with the setting off: 1,000,000 → 219.18 → 219.
    await closeDaysUntil(isoDate('2026-01-02'))
    expect(await interestPostedFen(farms.used)).toBe(4)
    expect(await interestPostedFen(farms.full)).toBe(219)

    // 01-02: 4 bags of seed (200,000 fen); used 220,000 from that night on.
    const seeds = { used: 0, full: 0 }
    seeds.used = await buy(farms.used, 'rice-seed', 4, 'used-seed')
    seeds.full = await buy(farms.full, 'rice-seed', 4, 'full-seed')
    await closeDaysUntil(isoDate('2026-01-04'))
    // Nights 01-01..01-03: 20,000 + 2 × 220,000 = 460,000 fen-days → 100.82 → 101.
    expect(await interestPostedFen(farms.used)).toBe(101)
    // 3 × 1,000,000 = 3,000,000 fen-days → 657.53 → 658.
    expect(await interestPostedFen(farms.full)).toBe(658)

    // 01-04: 6 bags of urea (300,000 fen); used 520,000.
    await buy(farms.used, 'urea', 6, 'used-urea')
    await buy(farms.full, 'urea', 6, 'full-urea')
    await closeDaysUntil(isoDate('2026-01-06'))
    // + 2 × 520,000 = 1,500,000 fen-days → 328.77 → 329.
    expect(await interestPostedFen(farms.used)).toBe(329)
    expect(await interestPostedFen(farms.full)).toBe(1_096) // 5,000,000 → 1,095.89

    // 01-06: the shop takes 2 bags of seed back (100,000 fen to the wallet); used 420,000.
    await refund(seeds.used, 'rice-seed', 2, 'used-refund')
    await refund(seeds.full, 'rice-seed', 2, 'full-refund')
    await closeDaysUntil(isoDate('2026-01-10'))
    // + 4 × 420,000 = 3,180,000 fen-days → 696.99 → 697.
    expect(await interestPostedFen(farms.used)).toBe(697)
    // 9 nights on everything: 9,000,000 fen-days → 1,972.60 → 1,973, as before the setting.
    expect(await interestPostedFen(farms.full)).toBe(1_973)

    // The loan view shows what the accruals posted, and the income account has both.
    expect((await loan(farms.used)).outstanding).toEqual({
      principalFen: LOAN_FEN,
      interestFen: 697,
      feesFen: 0,
      penaltyFen: 0,
      totalFen: LOAN_FEN + 697,
    })
    expect((await loan(farms.full)).outstanding.interestFen).toBe(1_973)
    // One accrual entry per loan and night, never two.
    const accruals = await h.db
      .selectFrom('journalEntries')
      .select(['loanId'])
      .where('type', '=', 'interest_accrual')
      .where('loanId', '=', farms.used.loanId)
      .execute()
    expect(accruals).toHaveLength(9)
  })

  it('quotes a future payoff with exactly what the closes up to it post', async () => {
    // Today is 01-10; paying on 01-15 owes the nights 01-10..01-14 too.
    // Used: + 5 × 420,000 = 5,280,000 fen-days → 1,157.26 → 1,157.
    // Full: 14 × 1,000,000 = 14,000,000 fen-days → 3,068.49 → 3,068.
    const usedQuote = await quote(farms.used, isoDate('2026-01-15'))
    const fullQuote = await quote(farms.full, isoDate('2026-01-15'))
    expect(usedQuote).toMatchObject({
      payoffFen: LOAN_FEN + 1_157,
      owed: { principalFen: LOAN_FEN, interestFen: 1_157, feesFen: 0, penaltyFen: 0 },
    })
    expect(fullQuote).toMatchObject({ payoffFen: LOAN_FEN + 3_068 })
    // Today's quote projects nothing.
    expect((await quote(farms.used, isoDate('2026-01-10'))).payoffFen).toBe(LOAN_FEN + 697)

    await closeDaysUntil(isoDate('2026-01-15'))
    expect(await interestPostedFen(farms.used)).toBe(1_157)
    expect(await interestPostedFen(farms.full)).toBe(3_068)
    expect((await quote(farms.used, isoDate('2026-01-15'))).payoffFen).toBe(usedQuote.payoffFen)
    expect((await quote(farms.full, isoDate('2026-01-15'))).payoffFen).toBe(fullQuote.payoffFen)
    expect((await loan(farms.used)).outstanding.totalFen).toBe(usedQuote.payoffFen)
  })
})

describe('a close retried after a crash', () => {
  it('posts a night once, at the balance it was accrued on, even if the farmer bought meanwhile', async () => {
    const f = farms.used
    const row = () =>
      h.db
        .selectFrom('loans')
        .select(['accrualCarry', 'accruedThrough', 'servicedThrough'])
        .where('id', '=', f.loanId)
        .executeTakeFirstOrThrow()
    const before = await row()
    expect(before.accruedThrough).toBe('2026-01-14')
    await closeDaysUntil(isoDate('2026-01-16'))
    // Night 01-15 on 420,000: 5,700,000 fen-days → 1,249.32 → 1,249.
    expect(await interestPostedFen(f)).toBe(1_249)
    const after = await row()
    // The close of 01-15 died after posting its accruals, before recording the loan's day.
    await h.db
      .updateTable('loans')
      .set({ accrualCarry: before.accrualCarry, accruedThrough: '2026-01-14', servicedThrough: '2026-01-14' })
      .where('id', '=', f.loanId)
      .execute()
    // Meanwhile (01-16) the farmer buys 2 bags of urea: 100,000 fen more used, from the night of 01-16.
    await buy(f, 'urea', 2, 'used-urea-after-crash')
    await serviceLoans(
      { db: h.db, ledger: h.ledger },
      {
        businessDate: isoDate('2026-01-15'),
        afterLoanId: f.loanId - 1,
        limit: 1,
      },
    )
    expect(await interestPostedFen(f)).toBe(1_249)
    expect(await row()).toEqual(after)
    const nights = await h.db
      .selectFrom('journalEntries')
      .select('idempotencyKey')
      .where('type', '=', 'interest_accrual')
      .where('loanId', '=', f.loanId)
      .execute()
    expect(nights).toHaveLength(15)
    // Night 01-16 on 520,000: 6,220,000 fen-days → 1,363.29 → 1,363.
    await closeDaysUntil(isoDate('2026-01-17'))
    expect(await interestPostedFen(f)).toBe(1_363)
  })
})

describe('a loan disbursed after its date closed', () => {
  it('catches its first night up on what was unspent that night, not on what was bought the next day', async () => {
    // Decided on 01-17; the close of 01-17 runs before the money moves (the two are separate steps
    // of the loan's workflow), so the disbursement is dated 01-17 and that night is accrued late.
    const { farmerId, key, contractId, policyId } = await contractAndPolicy('late', PREMIUM_FEN)
    const decided = await decideAgriApplication(
      { db: h.db },
      { workflowId: 'agri-loan/late', farmerId, contractId, policyId, amountFen: LOAN_FEN },
    )
    expect(decided.kind).toBe('approved')
    const late = { farmerId, key, loanId: (decided as { loanId: number }).loanId }
    await closeDaysUntil(isoDate('2026-01-18'))
    await disburseAgriLoan({ db: h.db, ledger: h.ledger }, late.loanId)
    expect(await loan(late)).toMatchObject({
      status: 'active',
      disbursedOn: '2026-01-17',
      interestOnUse: true,
    })
    // 01-18: 4 bags of seed (200,000 fen).
    await buy(late, 'rice-seed', 4, 'late-seed')
    // Night 01-17 on the premium alone (20,000), night 01-18 on 220,000: 240,000 fen-days → 52.60 → 53.
    // (Had the late night used today's balance: 440,000 → 96.)
    const quoted = await quote(late, isoDate('2026-01-19'))
    expect(quoted.owed.interestFen).toBe(53)
    await closeDaysUntil(isoDate('2026-01-19'))
    expect(await interestPostedFen(late)).toBe(53)
    expect((await quote(late, isoDate('2026-01-19'))).payoffFen).toBe(quoted.payoffFen)
  })
})

describe('the farm loan APR', () => {
  it('is the IRR of what the farmer receives and repays, so it rises with the premium deducted', async () => {
    // 90 days on 1,000,000 fen at 8%: 19,726 fen of interest if everything were spent on day one,
    // the upper bound of the cost, so 1,019,726 fen is repaid at 2026-04-01.
    const used = await loan(farms.used)
    expect(used).toMatchObject({ annualRateBps: 800, totalRepayFen: 1_019_726, maturesOn: '2026-04-01' })
    // Received 980,000: (1,019,726 / 980,000 − 1) × 365 / 90 = 16.440%.
    expect(used.aprBps).toBe(1_644)
    expect((await loan(farms.full)).aprBps).toBe(1_644)
    // Received 990,000: 12.177%.
    expect((await loan(farms.cheaper)).aprBps).toBe(1_218)
    // A premium the insurer bills apart leaves the whole principal with the farmer: the rate itself.
    expect(await balanceOf(h.db, accounts.restrictedWallet(farms.apart.loanId).code)).toBe(LOAN_FEN)
    expect((await loan(farms.apart)).aprBps).toBe(800)
    // Nothing used, nothing owed: its interest on use is nil so far.
    expect(await interestPostedFen(farms.apart)).toBe(0)
  })
})
