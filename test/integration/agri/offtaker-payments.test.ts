/**
 * Offtakers pay in cash, and the waterfall runs on the cash (issue 17, item 3), through HTTP and a
 * real worker: a delivery books the proceeds as due; the offtaker's payment repays the loans of its
 * deliveries oldest first (penalty → fees → interest → principal) and only then pays the farmers;
 * cash beyond what is open is refused; retries and races post once; a bank statement's lines are
 * matched by reference or listed; unpaid proceeds age and block new loans; after a write-off the
 * cash is a recovery; a delivery outside the contract's window is refused.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AGRI_POLICY } from '../../../src/agri/agri-policy.js'
import { addDays, isoDate, type IsoDate } from '../../../src/kernel/business-date.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean } from '../../support/ledger.js'

let h: Harness
let officerKey: string
const PRICE_FEN_PER_KG = 300
const PREMIUM_FEN = 20_000
const LOAN_FEN = 1_000_000
const WINDOW_FROM = isoDate('2026-01-05')

type Party = { id: number; key: string }
type Farm = { farmerId: number; key: string; contractId: number; loanId: number }
let offtakerA: Party
let offtakerB: Party
let insurer: Party
const farms: Record<'a1' | 'a2' | 'w', Farm> = {} as never
const deliveries: Record<'a1' | 'a2' | 'w', { deliveryId: number; proceedsFen: number }> = {} as never

async function create(path: string, body: Record<string, unknown>) {
  const response = await h.request('POST', path, { key: h.adminKey, body })
  expect(response.status, JSON.stringify(response.body)).toBe(201)
  return response.body
}

async function closeDaysUntil(date: IsoDate) {
  const current = (await h.request('GET', '/v1/system/business-date', { key: officerKey })).body.businessDate
  const days = Math.round((Date.parse(date) - Date.parse(current)) / 86_400_000)
  if (days <= 0) return
  const response = await h.request('POST', '/v1/system/close-of-business', {
    key: officerKey,
    body: { days },
  })
  expect(response.status).toBe(200)
}

async function contractFor(offtaker: Party, farmerId: number, deliveryTo: string, extra = {}) {
  const contract = await h.request('POST', '/v1/offtake-contracts', {
    key: offtaker.key,
    body: {
      farmerId,
      crop: 'rice',
      quantityKg: 10_000,
      priceFenPerKg: PRICE_FEN_PER_KG,
      deliveryFrom: WINDOW_FROM,
      deliveryTo,
      ...extra,
    },
  })
  expect(contract.status).toBe(201)
  return contract.body
}

async function policyFor(farmer: { farmerId: number; key: string }, contractId: number) {
  const asked = await h.request('POST', `/v1/offtake-contracts/${contractId}/guarantee-requests`, {
    key: farmer.key,
    body: { insurerId: insurer.id },
  })
  expect(asked.status).toBe(201)
  const policy = await h.request('POST', '/v1/guarantee-policies', {
    key: insurer.key,
    body: { farmerId: farmer.farmerId, contractId, coverageBps: 8_000, premiumFen: PREMIUM_FEN },
  })
  expect(policy.status).toBe(201)
  return policy.body.policyId as number
}

function apply(farmer: { farmerId: number; key: string }, contractId: number, policyId: number, key: string) {
  return h.request('POST', '/v1/agri-loan-applications', {
    key: farmer.key,
    body: { farmerId: farmer.farmerId, contractId, policyId, amountFen: LOAN_FEN },
    headers: { 'Idempotency-Key': key },
  })
}

async function farm(name: string, offtaker: Party, deliveryTo: string, extra = {}): Promise<Farm> {
  const farmer = await create('/v1/farmers', { externalRef: `farmer-${name}`, name, region: 'Jilin' })
  const key = await h.keyFor('farmer', farmer.farmerId)
  const contract = await contractFor(offtaker, farmer.farmerId, deliveryTo, extra)
  const policyId = await policyFor({ farmerId: farmer.farmerId, key }, contract.contractId)
  const applied = await apply(
    { farmerId: farmer.farmerId, key },
    contract.contractId,
    policyId,
    `apply-${name}`,
  )
  expect(applied.status).toBe(201)
  expect(applied.body.status).toBe('approved')
  return { farmerId: farmer.farmerId, key, contractId: contract.contractId, loanId: applied.body.loanId }
}

function deliver(offtaker: Party, f: Farm, quantityKg: number, deliveredOn: string, key: string) {
  return h.request('POST', `/v1/offtake-contracts/${f.contractId}/deliveries`, {
    key: offtaker.key,
    body: { quantityKg, deliveredOn },
    headers: { 'Idempotency-Key': key },
  })
}

function pay(
  offtaker: Party,
  amountFen: number,
  key: string,
  extra: { deliveryIds?: number[]; asKey?: string; paidOn?: string } = {},
) {
  return h.request('POST', '/v1/offtaker-payments', {
    key: extra.asKey ?? offtaker.key,
    body: {
      offtakerId: offtaker.id,
      amountFen,
      paidOn: extra.paidOn ?? '2026-01-10',
      reference: `wire-${key}`,
      ...(extra.deliveryIds ? { deliveryIds: extra.deliveryIds } : {}),
    },
    headers: { 'Idempotency-Key': key },
  })
}

async function loan(f: Farm) {
  return (await h.request('GET', `/v1/loans/${f.loanId}`, { key: officerKey })).body
}

const wallet = (f: Farm) => balanceOf(h.db, accounts.farmerWallet(f.farmerId).code).catch(() => 0)

/** What a payment of `amountFen` does to a loan owing `owed`: penalty, fees, interest, principal, then the farmer. */
function waterfallOf(
  amountFen: number,
  owed: { penaltyFen: number; feesFen: number; interestFen: number; principalFen: number },
) {
  let left = amountFen
  const take = (fen: number) => {
    const paid = Math.min(left, fen)
    left -= paid
    return paid
  }
  const penaltyFen = take(owed.penaltyFen)
  const feesFen = take(owed.feesFen)
  const interestFen = take(owed.interestFen)
  const principalFen = take(owed.principalFen)
  return { penaltyFen, feesFen, interestFen, principalFen, toFarmerFen: left }
}

async function countRows(table: 'offtaker_payments' | 'journal_entries' | 'deliveries') {
  const { rows } = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}`.execute(h.db)
  return Number(rows[0]!.n)
}

beforeAll(async () => {
  h = await startHarness()
  officerKey = await h.keyFor('officer')
  const a = await create('/v1/offtakers', { externalRef: 'grain-a', name: 'Grain A', approved: true })
  offtakerA = { id: a.offtakerId, key: await h.keyFor('offtaker', a.offtakerId) }
  const b = await create('/v1/offtakers', { externalRef: 'grain-b', name: 'Grain B', approved: true })
  offtakerB = { id: b.offtakerId, key: await h.keyFor('offtaker', b.offtakerId) }
  const i = await create('/v1/insurers', { externalRef: 'mutual', name: 'Mutual', approved: true })
  insurer = { id: i.insurerId, key: await h.keyFor('insurer', i.insurerId) }
  farms.a1 = await farm('a1', offtakerA, '2026-02-28', { paymentTermDays: 10 })
  farms.a2 = await farm('a2', offtakerA, '2026-02-28')
  farms.w = await farm('w', offtakerB, '2026-01-31')
})
afterAll(async () => {
  await expectLedgerClean(h.db)
  await h?.close()
})

describe('offtaker cash', () => {
  it('refuses a delivery dated outside the contract window, nothing written', async () => {
    await closeDaysUntil(isoDate('2026-01-10'))
    const restricted = await balanceOf(h.db, accounts.restrictedWallet(farms.a1.loanId).code)
    const early = await deliver(offtakerA, farms.a1, 100, '2026-01-04', 'early')
    expect(early.status).toBe(422)
    expect(early.body.code).toBe('delivery_outside_window')
    expect(await countRows('deliveries')).toBe(0)
    expect(await balanceOf(h.db, accounts.restrictedWallet(farms.a1.loanId).code)).toBe(restricted)
    const contract = await h.request('GET', `/v1/offtake-contracts/${farms.a1.contractId}`, {
      key: officerKey,
    })
    expect(contract.body).toMatchObject({ deliveredKg: 0, paymentTermDays: 10 })
  })

  it('books a delivery as due from the offtaker: nothing reaches the loan or the farmer before the cash', async () => {
    const owedBefore = (await loan(farms.a1)).outstanding.totalFen
    const d1 = await deliver(offtakerA, farms.a1, 4_000, '2026-01-09', 'a1-harvest')
    expect(d1.status).toBe(201)
    const restrictedLeft = LOAN_FEN - PREMIUM_FEN
    expect(d1.body).toMatchObject({
      proceedsFen: 1_200_000,
      paidFen: 0,
      dueOn: '2026-01-19', // ten days' terms
      status: 'awaiting_payment',
      reference: `DLV-${d1.body.deliveryId}`,
      sweptFen: restrictedLeft, // the first delivery still ends the season
      waterfall: { penaltyFen: 0, feesFen: 0, interestFen: 0, principalFen: 0, toFarmerFen: 0 },
    })
    expect((await loan(farms.a1)).outstanding.totalFen).toBe(owedBefore - restrictedLeft)
    expect(await wallet(farms.a1)).toBe(0)
    const again = await deliver(offtakerA, farms.a1, 4_000, '2026-01-09', 'a1-harvest')
    expect(again.body).toEqual(d1.body)
    const d2 = await deliver(offtakerA, farms.a2, 4_000, '2026-01-10', 'a2-harvest')
    expect(d2.body).toMatchObject({ dueOn: '2026-01-17', status: 'awaiting_payment' }) // 7 days by default
    const dw = await deliver(offtakerB, farms.w, 1_000, '2026-01-10', 'w-harvest')
    expect(dw.status).toBe(201)
    deliveries.a1 = d1.body
    deliveries.a2 = d2.body
    deliveries.w = dw.body
    expect(await balanceOf(h.db, accounts.offtakerClearing(offtakerA.id).code)).toBe(2_400_000)
    expect(await balanceOf(h.db, accounts.offtakerProceedsDue(offtakerA.id).code)).toBe(2_400_000)
    const receivables = await h.request('GET', `/v1/offtakers/${offtakerA.id}/receivables`, {
      key: offtakerA.key,
    })
    expect(receivables.body).toMatchObject({
      openFen: 2_400_000,
      buckets: { current: 2_400_000, '1-30': 0, '31-60': 0, '61-90': 0, '90+': 0 },
    })
    expect(receivables.body.items.map((item: { deliveryId: number }) => item.deliveryId)).toEqual([
      d1.body.deliveryId,
      d2.body.deliveryId,
    ])
    const other = await h.request('GET', `/v1/offtakers/${offtakerA.id}/receivables`, { key: offtakerB.key })
    expect(other.status).toBe(404)
  })

  it('refuses cash beyond the open proceeds, nothing written', async () => {
    const entries = await countRows('journal_entries')
    const over = await pay(offtakerA, 2_400_001, 'too-much')
    expect(over.status).toBe(422)
    expect(over.body.code).toBe('payment_exceeds_open_proceeds')
    const named = await pay(offtakerA, 1_200_001, 'too-much-named', {
      deliveryIds: [deliveries.a1.deliveryId],
    })
    expect(named.body.code).toBe('payment_exceeds_open_proceeds')
    const notHers = await pay(offtakerA, 1_000, 'not-hers', { deliveryIds: [deliveries.w.deliveryId] })
    expect(notHers.status).toBe(404)
    const otherKey = await pay(offtakerA, 1_000, 'other-key', { asKey: offtakerB.key })
    expect(otherKey.status).toBe(404)
    expect(await countRows('offtaker_payments')).toBe(0)
    expect(await countRows('journal_entries')).toBe(entries)
    expect(await balanceOf(h.db, accounts.offtakerClearing(offtakerA.id).code)).toBe(2_400_000)
  })

  it('repays the oldest delivery’s loan first, exactly, and pays a farmer only what its loan no longer needs', async () => {
    const owed1 = (await loan(farms.a1)).outstanding
    const partial = await pay(offtakerA, 10_000, 'partial')
    expect(partial.status, JSON.stringify(partial.body)).toBe(201)
    expect(partial.body).toMatchObject({
      offtakerId: offtakerA.id,
      amountFen: 10_000,
      unappliedFen: 0,
      applied: [
        { deliveryId: deliveries.a1.deliveryId, amountFen: 10_000, waterfall: waterfallOf(10_000, owed1) },
      ],
    })
    expect(partial.body.applied[0].waterfall.toFarmerFen).toBe(0)
    expect(await wallet(farms.a1)).toBe(0)
    expect((await loan(farms.a1)).outstanding.totalFen).toBe(owed1.totalFen - 10_000)

    const left1 = (await loan(farms.a1)).outstanding
    const owed2 = (await loan(farms.a2)).outstanding
    const open1 = 1_200_000 - 10_000
    const rest = await pay(offtakerA, 1_300_000, 'rest', { asKey: officerKey })
    expect(rest.status).toBe(201)
    expect(rest.body.applied).toEqual([
      { deliveryId: deliveries.a1.deliveryId, amountFen: open1, waterfall: waterfallOf(open1, left1) },
      {
        deliveryId: deliveries.a2.deliveryId,
        amountFen: 1_300_000 - open1,
        waterfall: waterfallOf(1_300_000 - open1, owed2),
      },
    ])
    expect(await wallet(farms.a1)).toBe(open1 - left1.totalFen)
    expect(await wallet(farms.a2)).toBe(1_300_000 - open1 - owed2.totalFen)
    expect((await loan(farms.a1)).status).toBe('closed')
    expect((await loan(farms.a2)).status).toBe('closed')
    const d1 = await h.request('GET', `/v1/offtakers/${offtakerA.id}/receivables`, { key: officerKey })
    expect(d1.body.items).toEqual([
      expect.objectContaining({
        deliveryId: deliveries.a2.deliveryId,
        paidFen: 110_000,
        openFen: 1_090_000,
        status: 'partly_paid',
      }),
    ])
    expect(await balanceOf(h.db, accounts.offtakerClearing(offtakerA.id).code)).toBe(1_090_000)
    const events = await h.db
      .selectFrom('events')
      .select(['type', 'eventKey'])
      .where('type', 'in', ['delivery.paid', 'offtaker_payment.received'])
      .execute()
    expect(events.filter((event) => event.type === 'delivery.paid').map((event) => event.eventKey)).toEqual([
      `delivery.paid:${deliveries.a1.deliveryId}`,
    ])
    expect(events.filter((event) => event.type === 'offtaker_payment.received')).toHaveLength(2)
  })

  it('posts a retried payment once, and racing payments each once', async () => {
    const paymentsBefore = await countRows('offtaker_payments')
    const retried = await pay(offtakerA, 10_000, 'partial')
    expect(retried.status).toBe(201)
    expect(retried.body.applied[0].amountFen).toBe(10_000)
    const changed = await pay(offtakerA, 50_000, 'partial')
    expect(changed.status).toBe(409)
    expect(changed.body.code).toBe('idempotency_key_reused')
    expect(await countRows('offtaker_payments')).toBe(paymentsBefore)
    const before = await countRows('offtaker_payments')
    const walletBefore = await wallet(farms.a2)
    const same = await Promise.all([pay(offtakerA, 100_000, 'same'), pay(offtakerA, 100_000, 'same')])
    // The second is the first's answer, or told the first is still running: never a second payment.
    for (const answer of same) {
      if (answer.status !== 201) expect(answer.body.code).toBe('idempotency_request_in_progress')
    }
    const sameAgain = await pay(offtakerA, 100_000, 'same')
    expect(sameAgain.status).toBe(201)
    for (const answer of same.filter((a) => a.status === 201)) {
      expect(answer.body.paymentId).toBe(sameAgain.body.paymentId)
    }
    const racing = await Promise.all([pay(offtakerA, 100_000, 'race-1'), pay(offtakerA, 100_000, 'race-2')])
    expect(racing.map((answer) => answer.status)).toEqual([201, 201])
    expect(racing[0]!.body.paymentId).not.toBe(racing[1]!.body.paymentId)
    expect(await countRows('offtaker_payments')).toBe(before + 3)
    expect(await wallet(farms.a2)).toBe(walletBefore + 300_000)
    expect(await balanceOf(h.db, accounts.offtakerClearing(offtakerA.id).code)).toBe(790_000)
    // Two racing payments that together exceed what is open: one lands, the other is refused.
    const greedy = await Promise.all([
      pay(offtakerA, 500_000, 'greedy-1'),
      pay(offtakerA, 500_000, 'greedy-2'),
    ])
    expect(greedy.map((answer) => answer.status).sort()).toEqual([201, 422])
    expect(await balanceOf(h.db, accounts.offtakerClearing(offtakerA.id).code)).toBe(290_000)
    expect(await wallet(farms.a2)).toBe(walletBefore + 800_000)
  })

  it('matches bank statement lines by reference, lists the rest, and imports a line once', async () => {
    const csv = [
      'date,amountFen,reference,payerName',
      `2026-01-10,90000,DLV-${deliveries.a2.deliveryId},Grain A`,
      '2026-01-10,5000,INV-77,Someone',
      `2026-01-10,999999999,OFT-${offtakerA.id},Grain A`,
      `2026-01-10,1000,DLV-${deliveries.a1.deliveryId},Grain A`,
    ].join('\n')
    const walletBefore = await wallet(farms.a2)
    const imported = await h.request('POST', '/v1/bank-statements:import', {
      key: officerKey,
      body: csv,
      headers: { 'Content-Type': 'text/csv', 'Idempotency-Key': 'statement-1' },
    })
    expect(imported.status).toBe(200)
    expect(imported.body.matched).toBe(1)
    expect(
      imported.body.unmatched.map((line: { line: number; reason: string }) => [line.line, line.reason]),
    ).toEqual([
      [3, 'unknown_reference'],
      [4, 'payment_exceeds_open_proceeds'],
      [5, 'payment_exceeds_open_proceeds'], // a paid delivery owes nothing
    ])
    expect(await wallet(farms.a2)).toBe(walletBefore + 90_000)
    const again = await h.request('POST', '/v1/bank-statements:import', {
      key: officerKey,
      body: csv,
      headers: { 'Content-Type': 'text/csv', 'Idempotency-Key': 'statement-1-again' },
    })
    expect(again.body.lines).toEqual(imported.body.lines)
    expect(await wallet(farms.a2)).toBe(walletBefore + 90_000)
    const listed = await h.request('GET', '/v1/bank-statement-lines?status=unmatched', { key: officerKey })
    expect(listed.body.items.map((line: { reference: string }) => line.reference).sort()).toEqual(
      [`DLV-${deliveries.a1.deliveryId}`, 'INV-77', `OFT-${offtakerA.id}`].sort(),
    )
    const badHeader = await h.request('POST', '/v1/bank-statements:import', {
      key: officerKey,
      body: 'when,amount\n2026-01-10,5',
      headers: { 'Content-Type': 'text/csv', 'Idempotency-Key': 'statement-bad' },
    })
    expect(badHeader.status).toBe(422)
    expect(badHeader.body.code).toBe('invalid_csv_header')
    const byOfftaker = await h.request('POST', '/v1/bank-statements:import', {
      key: offtakerA.key,
      body: csv,
      headers: { 'Content-Type': 'text/csv', 'Idempotency-Key': 'statement-offtaker' },
    })
    expect(byOfftaker.status).toBe(403)
    expect(await balanceOf(h.db, accounts.offtakerClearing(offtakerA.id).code)).toBe(200_000)
  })

  it('ages unpaid proceeds, raises overdue once, and an offtaker that owes past due backs no new loan', async () => {
    await closeDaysUntil(isoDate('2026-01-20'))
    const receivables = await h.request('GET', `/v1/offtakers/${offtakerA.id}/receivables`, {
      key: officerKey,
    })
    expect(receivables.body).toMatchObject({
      asOf: '2026-01-20',
      openFen: 200_000,
      buckets: { current: 0, '1-30': 200_000, '31-60': 0, '61-90': 0, '90+': 0 },
      items: [{ deliveryId: deliveries.a2.deliveryId, dueOn: '2026-01-17', daysOverdue: 3, bucket: '1-30' }],
    })
    await closeDaysUntil(isoDate('2026-01-22'))
    const overdue = await h.db
      .selectFrom('events')
      .select(['eventKey', 'businessDate'])
      .where('type', '=', 'delivery.overdue')
      .orderBy('eventKey')
      .execute()
    // Raised at the close of the due date, once per delivery (a1 was paid before its due date).
    expect(overdue.map((event) => event.eventKey).sort()).toEqual(
      [`delivery.overdue:${deliveries.a2.deliveryId}`, `delivery.overdue:${deliveries.w.deliveryId}`].sort(),
    )
    const farmer = { farmerId: farms.a1.farmerId, key: farms.a1.key }
    const contract = await contractFor(offtakerA, farms.a1.farmerId, '2026-06-30')
    const policyId = await policyFor(farmer, contract.contractId)
    const refused = await apply(farmer, contract.contractId, policyId, 'apply-overdue')
    expect(refused.status).toBe(422)
    expect(refused.body.code).toBe('offtaker_proceeds_overdue')
    // Paid up, the offtaker backs loans again.
    expect((await pay(offtakerA, 200_000, 'paid-up', { paidOn: '2026-01-22' })).status).toBe(201)
    const approved = await apply(farmer, contract.contractId, policyId, 'apply-paid-up')
    expect(approved.status).toBe(201)
    expect(approved.body.status).toBe('approved')
  })

  it('turns cash after a write-off into a recovery, and the rest goes to the farmer', async () => {
    await closeDaysUntil(addDays(isoDate('2026-01-31'), AGRI_POLICY.defaultGraceDays + 1))
    expect((await loan(farms.w)).status).toBe('defaulted')
    const claims = (await h.request('GET', '/v1/guarantee-claims?status=open', { key: insurer.key })).body
      .items
    const claim = claims.find((c: { loanId: number }) => c.loanId === farms.w.loanId)
    const accepted = await h.request('POST', `/v1/guarantee-claims/${claim.claimId}/decision`, {
      key: insurer.key,
      body: { decision: 'accept', reason: 'the offtaker never paid' },
      headers: { 'Idempotency-Key': 'decide-w' },
    })
    expect(accepted.status).toBe(200)
    const paid = await h.request('POST', `/v1/guarantee-claims/${claim.claimId}/pay`, {
      key: insurer.key,
      body: { amountFen: claim.claimFen, reference: `BANK-${claim.claimId}` },
      headers: { 'Idempotency-Key': 'claim-w' },
    })
    expect(paid.status).toBe(200)
    const writtenOffFen = paid.body.writtenOffFen as number
    expect(writtenOffFen).toBeGreaterThan(0)
    expect((await loan(farms.w)).status).toBe('written_off')
    const recoveriesBefore = await balanceOf(h.db, accounts.recoveries().code).catch(() => 0)
    const late = await pay(offtakerB, deliveries.w.proceedsFen, 'late-w', { paidOn: '2026-03-01' })
    expect(late.status).toBe(201)
    expect(late.body.applied).toEqual([
      {
        deliveryId: deliveries.w.deliveryId,
        amountFen: 300_000,
        waterfall: {
          penaltyFen: 0,
          feesFen: 0,
          interestFen: 0,
          principalFen: writtenOffFen,
          toFarmerFen: 300_000 - writtenOffFen,
        },
      },
    ])
    expect((await balanceOf(h.db, accounts.recoveries().code)) - recoveriesBefore).toBe(writtenOffFen)
    expect(await wallet(farms.w)).toBe(300_000 - writtenOffFen)
    const view = await loan(farms.w)
    expect(view).toMatchObject({ status: 'written_off' })
    expect(await balanceOf(h.db, accounts.offtakerClearing(offtakerB.id).code)).toBe(0)
    expect(await balanceOf(h.db, accounts.offtakerProceedsDue(offtakerB.id).code)).toBe(0)
  })

  it('reconciles each offtaker’s proceeds awaiting cash with its deliveries, and names a break', async () => {
    const open = await deliver(offtakerA, farms.a1, 10, '2026-02-28', 'a1-last')
    expect(open.status).toBe(201)
    const clean = await h.request('GET', '/v1/reconciliation', { key: officerKey })
    expect(clean.body).toMatchObject({ ok: true, breaks: [] })
    // The paper says the delivery was paid, the ledger says its cash never came.
    await h.db
      .updateTable('deliveries')
      .set({ paidFen: 3_000, status: 'paid' })
      .where('id', '=', open.body.deliveryId)
      .execute()
    const broken = await h.request('GET', '/v1/reconciliation', { key: officerKey })
    expect(broken.body.breaks).toEqual([
      {
        party: 'offtaker',
        partyId: offtakerA.id,
        account: accounts.offtakerProceedsDue(offtakerA.id).code,
        ledgerFen: 3_000,
        documentsFen: 0,
        differenceFen: 3_000,
        documents: 'deliveries: proceeds − what the offtaker paid of them',
      },
    ])
    await h.db
      .updateTable('deliveries')
      .set({ paidFen: 0, status: 'awaiting_payment' })
      .where('id', '=', open.body.deliveryId)
      .execute()
    expect((await h.request('GET', '/v1/reconciliation', { key: officerKey })).body.ok).toBe(true)
  })
})
