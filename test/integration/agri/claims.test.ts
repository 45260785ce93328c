/**
 * Issue 17, item 4: insurers decide their claims and pay them as recorded cash. Five farm loans
 * default with nothing delivered; their insurer accepts one in full and pays it in parts (a retry and
 * two races post once, an overpayment is refused with nothing written), accepts part of another and
 * pays it (the rest is written off), rejects a third (written off at once, a late harvest then a
 * recovery), accepts a fourth that goes unpaid (it ages, turns overdue once at close of business, the
 * officer writes the loan off, and the insurer's late cash is a recovery), and leaves the fifth
 * undecided (it ages as awaiting a decision). Another insurer sees none of them. Through HTTP, with
 * the real worker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AGRI_POLICY } from '../../../src/agri/agri-policy.js'
import { ageingBucket, payClaim } from '../../../src/agri/claims.js'
import { addDays, isoDate, type IsoDate } from '../../../src/kernel/business-date.js'
import { translator } from '../../../src/i18n/translator.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { launchChromium, serveApp } from '../../support/browser.js'
import { signInToConsole } from '../../support/console-session.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { balanceOf, expectLedgerClean, expectReconciled } from '../../support/ledger.js'

let h: Harness
let officerKey: string
const WINDOW_FROM = isoDate('2026-01-02')
const WINDOW_TO = isoDate('2026-01-10')
const LOAN_FEN = 1_000_000
const COVERAGE_BPS = 8_000
// A large premium leaves the restricted wallet well short of the loan: the sweep leaves a debt.
const PREMIUM_FEN = 200_000

type Farm = { farmerId: number; key: string; contractId: number; loanId: number }
type Claim = { claimId: number; loanId: number; owedFen: number; claimFen: number; status: string }
let offtaker: { offtakerId: number; key: string }
let insurer: { insurerId: number; key: string }
let otherInsurerKey: string
const farms = {} as Record<'full' | 'partial' | 'rejected' | 'unpaid' | 'undecided', Farm>
const claims = {} as Record<keyof typeof farms, Claim>

/** The text of each row's cells of table `id`. */
function rowsOf(html: string, id: string): string[][] {
  const table = new RegExp(`<table id="${id}">([\\s\\S]*?)</table>`).exec(html)?.[1] ?? ''
  return [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)]
    .map((m) =>
      [...m[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) =>
        cell[1]!
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim(),
      ),
    )
    .filter((cells) => cells.length > 0)
}

async function businessDate(): Promise<IsoDate> {
  return (await h.request('GET', '/v1/system/business-date', { key: officerKey })).body.businessDate
}

async function closeDays(days: number) {
  const response = await h.request('POST', '/v1/system/close-of-business', {
    key: officerKey,
    body: { days },
  })
  expect(response.status).toBe(200)
}

async function farm(name: string, window = { from: WINDOW_FROM, to: WINDOW_TO }): Promise<Farm> {
  const farmer = await h.created('/v1/farmers', h.adminKey, { externalRef: name, name, region: 'Jilin' })
  const key = await h.keyFor('farmer', farmer.farmerId)
  const contract = await h.created('/v1/offtake-contracts', offtaker.key, {
    farmerId: farmer.farmerId,
    crop: 'rice',
    quantityKg: 10_000,
    priceFenPerKg: 300,
    deliveryFrom: window.from,
    deliveryTo: window.to,
  })
  await h.created(`/v1/offtake-contracts/${contract.contractId}/guarantee-requests`, key, {
    insurerId: insurer.insurerId,
  })
  const policy = await h.created('/v1/guarantee-policies', insurer.key, {
    farmerId: farmer.farmerId,
    contractId: contract.contractId,
    coverageBps: COVERAGE_BPS,
    premiumFen: PREMIUM_FEN,
  })
  const applied = await h.created(
    '/v1/agri-loan-applications',
    key,
    {
      farmerId: farmer.farmerId,
      contractId: contract.contractId,
      policyId: policy.policyId,
      amountFen: LOAN_FEN,
    },
    `apply-${name}`,
  )
  expect(applied.status).toBe('approved')
  return { farmerId: farmer.farmerId, key, contractId: contract.contractId, loanId: applied.loanId }
}

function decide(claimId: number, body: Record<string, unknown>, idempotencyKey: string, key = insurer.key) {
  return h.request('POST', `/v1/guarantee-claims/${claimId}/decision`, {
    key,
    body,
    headers: { 'Idempotency-Key': idempotencyKey },
  })
}

function pay(claimId: number, amountFen: number, idempotencyKey: string, key = insurer.key) {
  return h.request('POST', `/v1/guarantee-claims/${claimId}/pay`, {
    key,
    body: { amountFen, reference: `BANK-${idempotencyKey}` },
    headers: { 'Idempotency-Key': idempotencyKey },
  })
}

const loanView = async (loanId: number) =>
  (await h.request('GET', `/v1/loans/${loanId}`, { key: officerKey })).body
const cash = () => balanceOf(h.db, accounts.lenderCash().code).catch(() => 0)
const loss = () => balanceOf(h.db, accounts.creditLoss().code).catch(() => 0)
const recoveries = () => balanceOf(h.db, accounts.recoveries().code).catch(() => 0)
const eventsOf = async (type: string, claimId: number) =>
  (await h.db.selectFrom('events').select(['subject', 'data']).where('type', '=', type).execute()).filter(
    (event) => (JSON.parse(event.subject) as { claimId?: number }).claimId === claimId,
  )

beforeAll(async () => {
  h = await startHarness()
  officerKey = await h.keyFor('officer')
  const o = await h.created('/v1/offtakers', h.adminKey, {
    externalRef: 'grain',
    name: 'Grain',
    approved: true,
  })
  offtaker = { offtakerId: o.offtakerId, key: await h.keyFor('offtaker', o.offtakerId) }
  const i = await h.created('/v1/insurers', h.adminKey, {
    externalRef: 'mutual',
    name: 'Mutual',
    approved: true,
  })
  insurer = { insurerId: i.insurerId, key: await h.keyFor('insurer', i.insurerId) }
  const other = await h.created('/v1/insurers', h.adminKey, {
    externalRef: 'other',
    name: 'Other',
    approved: true,
  })
  otherInsurerKey = await h.keyFor('insurer', other.insurerId)
  for (const name of ['full', 'partial', 'rejected', 'unpaid', 'undecided'] as const)
    farms[name] = await farm(name)
  // Nothing is delivered: the window closes, the grace period ends, every loan defaults with a claim.
  const current = await businessDate()
  const until = addDays(WINDOW_TO, AGRI_POLICY.defaultGraceDays + 1)
  await closeDays(Math.round((Date.parse(until) - Date.parse(current)) / 86_400_000))
  const open = (await h.request('GET', '/v1/guarantee-claims?status=open', { key: insurer.key })).body
    .items as Claim[]
  for (const name of Object.keys(farms) as Array<keyof typeof farms>) {
    claims[name] = open.find((claim) => claim.loanId === farms[name].loanId)!
    expect(claims[name]).toBeDefined()
    expect((await loanView(farms[name].loanId)).status).toBe('defaulted')
  }
  // Each loan owes 206,385 fen at default (principal 201,096, interest 1,323 on the money it used,
  // penalty 3,966); 80% of it, rounded down, is claimed.
  for (const claim of Object.values(claims))
    expect(claim).toMatchObject({ owedFen: 206_385, claimFen: 165_108 })
}, 240_000)
afterAll(async () => {
  await h?.close()
})

describe('claims decided and paid by the insurer', () => {
  it('answers another insurer exactly as a claim that does not exist', async () => {
    const { claimId } = claims.partial
    const missing = 999_999
    for (const id of [claimId, missing]) {
      const read = await h.request('GET', `/v1/guarantee-claims/${id}`, { key: otherInsurerKey })
      const decided = await decide(
        id,
        { decision: 'accept', reason: 'x' },
        `other-decide-${id}`,
        otherInsurerKey,
      )
      const paid = await pay(id, 100, `other-pay-${id}`, otherInsurerKey)
      for (const answer of [read, decided, paid]) {
        expect(answer.status).toBe(404)
        expect(answer.body.code).toBe('not_found')
        expect(answer.body.detail).toBe(`No claim ${id}.`)
      }
    }
    expect((await h.request('GET', '/v1/guarantee-claims', { key: otherInsurerKey })).body.items).toEqual([])
    const ageing = (await h.request('GET', '/v1/guarantee-claims/ageing', { key: otherInsurerKey })).body
    expect(ageing.items).toEqual([])
    // Nothing was decided.
    expect(
      (await h.request('GET', `/v1/guarantee-claims/${claimId}`, { key: insurer.key })).body.status,
    ).toBe('open')
  })

  it('accepts part of a claim once; its payment repays the loan and the rest is written off', async () => {
    const claim = claims.partial
    const partFen = Math.floor(claim.claimFen / 2)
    const tooMuch = await decide(
      claim.claimId,
      { decision: 'partial', amountFen: claim.claimFen + 1, reason: 'too much' },
      'partial-too-much',
    )
    expect(tooMuch.status).toBe(422)
    expect(tooMuch.body.code).toBe('claim_amount_invalid')
    const noReason = await decide(
      claim.claimId,
      { decision: 'partial', amountFen: partFen },
      'partial-no-reason',
    )
    expect(noReason.status).toBe(400)
    // Paying before a decision is refused.
    const early = await pay(claim.claimId, partFen, 'partial-early')
    expect(early.status).toBe(422)
    expect(early.body.code).toBe('claim_not_accepted')

    const decided = await decide(
      claim.claimId,
      { decision: 'partial', amountFen: partFen, reason: 'half the acreage was planted' },
      'partial-decide',
    )
    expect(decided.status).toBe(200)
    const today = await businessDate()
    expect(decided.body).toMatchObject({
      status: 'accepted',
      decision: 'partial',
      acceptedFen: partFen,
      reason: 'half the acreage was planted',
      decidedOn: today,
      dueOn: addDays(today, 30),
      writtenOffFen: 0,
    })
    // Decided once: a second decision, even the same one under another key, is a conflict.
    for (const decision of ['accept', 'reject']) {
      const again = await decide(
        claim.claimId,
        { decision, reason: 'changed my mind' },
        `partial-again-${decision}`,
      )
      expect(again.status).toBe(409)
      expect(again.body.code).toBe('claim_already_decided')
    }
    expect(await eventsOf('claim.accepted', claim.claimId)).toHaveLength(1)
    const audit = await h.db
      .selectFrom('auditLog')
      .select(['action', 'reason'])
      .where('subjectType', '=', 'guarantee_claim')
      .where('subjectId', '=', String(claim.claimId))
      .execute()
    expect(audit).toEqual([{ action: 'claim.partial', reason: 'half the acreage was planted' }])

    const [cashBefore, lossBefore] = [await cash(), await loss()]
    const overpaid = await pay(claim.claimId, partFen + 1, 'partial-overpay')
    expect(overpaid.status).toBe(422)
    expect(overpaid.body).toMatchObject({ code: 'claim_overpaid', payableFen: partFen })
    expect(await cash()).toBe(cashBefore)

    const paid = await pay(claim.claimId, partFen, 'partial-pay')
    expect(paid.status).toBe(200)
    expect(paid.body).toMatchObject({
      status: 'paid',
      paidFen: partFen,
      writtenOffFen: claim.owedFen - partFen,
    })
    expect(paid.body.payment).toMatchObject({
      amountFen: partFen,
      reference: 'BANK-partial-pay',
      recoveredFen: 0,
    })
    expect(await cash()).toBe(cashBefore + partFen)
    expect(await loss()).toBe(lossBefore + claim.owedFen - partFen)
    const loan = await loanView(claim.loanId)
    expect(loan).toMatchObject({ status: 'written_off', writtenOffFen: claim.owedFen - partFen })
    expect(loan.outstanding.totalFen).toBe(0)
    expect(await eventsOf('claim.paid', claim.claimId)).toHaveLength(1)
  })

  it('rejects a claim with a reason: the loan is written off, and a late harvest is a recovery', async () => {
    const claim = claims.rejected
    const noReason = await decide(claim.claimId, { decision: 'reject', reason: '  ' }, 'reject-blank')
    expect(noReason.status).toBe(400)
    const lossBefore = await loss()
    const rejected = await decide(claim.claimId, { decision: 'reject', reason: 'policy lapsed' }, 'reject')
    expect(rejected.status).toBe(200)
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      decision: 'reject',
      acceptedFen: null,
      dueOn: null,
      writtenOffFen: claim.owedFen,
    })
    expect(await loss()).toBe(lossBefore + claim.owedFen)
    expect((await loanView(claim.loanId)).status).toBe('written_off')
    expect(await eventsOf('claim.rejected', claim.claimId)).toHaveLength(1)
    // The same request again (its answer lost) is answered, writing nothing more.
    const retried = await decide(claim.claimId, { decision: 'reject', reason: 'policy lapsed' }, 'reject')
    expect(retried.status).toBe(200)
    expect(await loss()).toBe(lossBefore + claim.owedFen)
    const paid = await pay(claim.claimId, 100, 'reject-pay')
    expect(paid.status).toBe(422)
    expect(paid.body).toMatchObject({ code: 'claim_not_accepted', status: 422 })
    expect(paid.body.detail).toBe(`Claim ${claim.claimId} is rejected.`)

    // 100 kg delivered on the window's last day, recorded and paid for after the write-off: the
    // offtaker's 30,000 fen are all of them recovered.
    const recoveredBefore = await recoveries()
    const late = await h.request('POST', `/v1/offtake-contracts/${farms.rejected.contractId}/deliveries`, {
      key: offtaker.key,
      body: { quantityKg: 100, deliveredOn: WINDOW_TO },
      headers: { 'Idempotency-Key': 'rejected-late-harvest' },
    })
    expect(late.status).toBe(201)
    expect(await recoveries()).toBe(recoveredBefore) // nothing moves before the offtaker's cash
    const cash = await h.request('POST', '/v1/offtaker-payments', {
      key: offtaker.key,
      body: {
        offtakerId: offtaker.offtakerId,
        amountFen: late.body.proceedsFen,
        paidOn: await businessDate(),
        reference: late.body.reference,
      },
      headers: { 'Idempotency-Key': 'rejected-late-cash' },
    })
    expect(cash.status).toBe(201)
    expect(cash.body.applied[0].waterfall).toMatchObject({ principalFen: 30_000, toFarmerFen: 0 })
    expect(await recoveries()).toBe(recoveredBefore + 30_000)
    expect(await loanView(claim.loanId)).toMatchObject({ status: 'written_off', recoveredFen: 30_000 })
  })

  it('ages accepted and undecided claims, and announces an accepted claim unpaid after 30 days once', async () => {
    const accepted = await decide(
      claims.unpaid.claimId,
      { decision: 'accept', reason: 'drought' },
      'unpaid-accept',
    )
    expect(accepted.status).toBe(200)
    expect(accepted.body.acceptedFen).toBe(claims.unpaid.claimFen)
    const acceptedOn = await businessDate()
    const ageingNow = (await h.request('GET', '/v1/guarantee-claims/ageing', { key: officerKey })).body
    expect(ageingNow.buckets['0-30']).toEqual({ count: 1, unpaidFen: claims.unpaid.claimFen })
    expect(ageingNow.awaitingDecision['0-30']).toEqual({
      count: 2,
      claimFen: claims.full.claimFen + claims.undecided.claimFen,
    })

    // 30 closes later: still within its 30 days at each close, nothing announced.
    await closeDays(30)
    expect(await eventsOf('claim.overdue', claims.unpaid.claimId)).toHaveLength(0)
    expect(await businessDate()).toBe(addDays(acceptedOn, 30))
    // The full claim is accepted today; the unpaid one is 30 days old, the undecided one older.
    expect(
      (await decide(claims.full.claimId, { decision: 'accept', reason: 'flood' }, 'full-accept')).status,
    ).toBe(200)
    await closeDays(1)
    expect(await eventsOf('claim.overdue', claims.unpaid.claimId)).toHaveLength(0)
    // The close of the first date more than 30 days after acceptance announces it, once.
    await closeDays(1)
    expect(await eventsOf('claim.overdue', claims.unpaid.claimId)).toHaveLength(1)
    await closeDays(1)
    const overdue = await eventsOf('claim.overdue', claims.unpaid.claimId)
    expect(overdue).toHaveLength(1)
    expect(JSON.parse(overdue[0]!.data)).toMatchObject({
      acceptedFen: claims.unpaid.claimFen,
      paidFen: 0,
      unpaidFen: claims.unpaid.claimFen,
      acceptedOn,
      dueOn: addDays(acceptedOn, 30),
    })
    const ageing = (await h.request('GET', '/v1/guarantee-claims/ageing', { key: insurer.key })).body
    expect(ageing.asOf).toBe(addDays(acceptedOn, 33))
    expect(ageing.buckets).toEqual({
      '0-30': { count: 1, unpaidFen: claims.full.claimFen },
      '31-60': { count: 1, unpaidFen: claims.unpaid.claimFen },
      '61-90': { count: 0, unpaidFen: 0 },
      '90+': { count: 0, unpaidFen: 0 },
    })
    expect(ageing.awaitingDecision['31-60']).toEqual({ count: 1, claimFen: claims.undecided.claimFen })
    const unpaidItem = ageing.items.find(
      (item: { claimId: number }) => item.claimId === claims.unpaid.claimId,
    )
    expect(unpaidItem).toMatchObject({ status: 'accepted', days: 33, bucket: '31-60', overdue: true })
    expect(
      ageing.items.find((item: { claimId: number }) => item.claimId === claims.full.claimId),
    ).toMatchObject({
      days: 3,
      bucket: '0-30',
      overdue: false,
    })
    const listed = (await h.request('GET', '/v1/guarantee-claims?status=accepted', { key: insurer.key })).body
      .items
    expect(listed.map((item: Claim) => item.claimId).sort()).toEqual(
      [claims.full.claimId, claims.unpaid.claimId].sort(),
    )
  })

  it('shows the claims waiting for a decision or the insurer’s cash first on the console’s agri page', async () => {
    const cookie = await signInToConsole(h, officerKey)
    const response = await h.app.request('/console/agri', { headers: { cookie } })
    expect(response.status).toBe(200)
    const acceptedOn = addDays(await businessDate(), -33)
    const yuan = (fen: number) => `¥${(fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`
    const rows = rowsOf(await response.text(), 'claims')
    // Waiting first, newest first: the undecided claim, then the two accepted and unpaid ones.
    expect(rows.slice(0, 3).map((cells) => [cells[0], cells[1], cells[6], cells[7], cells[9]])).toEqual([
      [String(claims.undecided.claimId), 'awaiting decision', '–', '¥0.00', '–'],
      [
        String(claims.unpaid.claimId),
        'awaiting cash',
        yuan(claims.unpaid.claimFen),
        '¥0.00',
        translator('en').date(addDays(acceptedOn, 30)),
      ],
      [
        String(claims.full.claimId),
        'awaiting cash',
        yuan(claims.full.claimFen),
        '¥0.00',
        translator('en').date(addDays(acceptedOn, 60)),
      ],
    ])
    expect(
      rows
        .slice(3)
        .map((cells) => cells[1])
        .sort(),
    ).toEqual(['paid', 'rejected'])

    // In Chromium, on a desktop and on a phone: the table is there and the page does not scroll sideways.
    const server = await serveApp(h.app)
    const browser = await launchChromium()
    try {
      const [name, value] = cookie.split('=') as [string, string]
      await browser.context.addCookies([{ name, value, url: server.url }])
      const page = await browser.context.newPage()
      for (const width of [1280, 360]) {
        await page.setViewportSize({ width, height: 900 })
        await page.goto(`${server.url}/console/agri`)
        await expect.poll(() => page.locator('#claims').isVisible()).toBe(true)
        expect(await page.locator('#claims tbody tr.claim-accepted').count()).toBe(2)
        const overflowPx = await page.evaluate<number>(
          'document.documentElement.scrollWidth - document.documentElement.clientWidth',
        )
        expect(overflowPx, `page wider than ${width} px`).toBeLessThanOrEqual(0)
      }
    } finally {
      await browser.close()
      await server.close()
    }
  })

  it('pays an accepted claim in parts, once per key under retry and race; the uncovered rest is written off', async () => {
    const claim = claims.full
    const before = await loanView(claim.loanId)
    expect(before.outstanding.totalFen).toBe(claim.owedFen)
    const cashBefore = await cash()
    // First part: 100,000 fen repays penalty, then fees, then interest, then principal.
    const firstFen = 100_000
    const { penaltyFen, feesFen, interestFen } = before.outstanding
    const expected = { penaltyFen: 0, feesFen: 0, interestFen: 0, principalFen: 0 }
    let left = firstFen
    for (const [part, owed] of [
      ['penaltyFen', penaltyFen],
      ['feesFen', feesFen],
      ['interestFen', interestFen],
      ['principalFen', before.outstanding.principalFen],
    ] as const) {
      expected[part] = Math.min(left, owed)
      left -= expected[part]
    }
    const first = await pay(claim.claimId, firstFen, 'full-pay-1')
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ status: 'accepted', paidFen: firstFen, writtenOffFen: 0 })
    expect(first.body.payment.allocation).toEqual(expected)
    expect(expected).toEqual({ penaltyFen: 3_966, feesFen: 0, interestFen: 1_323, principalFen: 94_711 })
    // Retried: the same answer, the cash in once.
    const retried = await pay(claim.claimId, firstFen, 'full-pay-1')
    expect(retried.status).toBe(200)
    expect(retried.body).toEqual(first.body)
    expect(await cash()).toBe(cashBefore + firstFen)
    expect((await loanView(claim.loanId)).outstanding.totalFen).toBe(claim.owedFen - firstFen)

    // The same key twice at once: one payment.
    const [a, b] = await Promise.all([
      pay(claim.claimId, 1_000, 'full-pay-2'),
      pay(claim.claimId, 1_000, 'full-pay-2'),
    ])
    expect([a.status, b.status]).toContain(200)
    expect(await cash()).toBe(cashBefore + firstFen + 1_000)

    // A crash after the entry committed and before the claim's row did: the retry (through the
    // domain, as the route's idempotency layer would answer a repeat itself) finds the entry and
    // answers it; what was paid is read from the ledger, not from the row it lost.
    const deps = { db: h.db, ledger: h.ledger }
    const domainPay = {
      claimId: claim.claimId,
      insurerId: insurer.insurerId,
      amountFen: 500,
      reference: 'B-500',
    }
    const posted = await payClaim(deps, { ...domainPay, requestKey: 'domain-500' })
    await h.db.updateTable('guaranteeClaims').set({ paidFen: 0 }).where('id', '=', claim.claimId).execute()
    const again = await payClaim(deps, { ...domainPay, requestKey: 'domain-500' })
    expect(again.payment).toEqual(posted.payment)
    expect(again.paidFen).toBe(firstFen + 1_000 + 500)
    expect(await cash()).toBe(cashBefore + firstFen + 1_500)
    // The same key for another amount is refused.
    await expect(
      payClaim(deps, { ...domainPay, amountFen: 501, requestKey: 'domain-500' }),
    ).rejects.toMatchObject({
      code: 'idempotency_key_reused',
    })

    // Two payments of everything left, at once: one is paid, the other is refused, nothing twice.
    const restFen = claim.claimFen - firstFen - 1_500
    const lossBefore = await loss()
    const racing = await Promise.all([
      pay(claim.claimId, restFen, 'full-pay-3a'),
      pay(claim.claimId, restFen, 'full-pay-3b'),
    ])
    expect(racing.map((answer) => answer.status).sort()).toEqual([200, 422])
    const refused = racing.find((answer) => answer.status === 422)!
    expect(refused.body).toMatchObject({ code: 'claim_overpaid', payableFen: 0 })
    const won = racing.find((answer) => answer.status === 200)!
    expect(won.body).toMatchObject({
      status: 'paid',
      paidFen: claim.claimFen,
      writtenOffFen: claim.owedFen - claim.claimFen,
    })
    expect(await cash()).toBe(cashBefore + claim.claimFen)
    expect(await loss()).toBe(lossBefore + claim.owedFen - claim.claimFen)
    const loan = await loanView(claim.loanId)
    expect(loan).toMatchObject({ status: 'written_off', writtenOffFen: claim.owedFen - claim.claimFen })
    expect(loan.outstanding.totalFen).toBe(0)
    // Cash entries on the claim: exactly four.
    const entries = await h.db
      .selectFrom('journalEntries')
      .select('type')
      .where('claimId', '=', claim.claimId)
      .execute()
    expect(entries.map((entry) => entry.type)).toEqual(Array(4).fill('claim_payment'))
  })

  it('books an insurer’s cash on a loan the officer wrote off meanwhile as a recovery', async () => {
    const claim = claims.unpaid
    const writeOff = await h.request('POST', `/v1/loans/${claim.loanId}/write-off`, {
      key: officerKey,
      body: { reason: 'insurer has not paid in 30 days' },
      headers: { 'Idempotency-Key': 'unpaid-write-off' },
    })
    expect(writeOff.status).toBe(200)
    expect((await loanView(claim.loanId)).writtenOffFen).toBe(claim.owedFen)
    const [cashBefore, recoveredBefore] = [await cash(), await recoveries()]
    const paid = await pay(claim.claimId, claim.claimFen, 'unpaid-late-pay')
    expect(paid.status).toBe(200)
    expect(paid.body).toMatchObject({ status: 'paid', paidFen: claim.claimFen, writtenOffFen: 0 })
    expect(paid.body.payment).toMatchObject({
      recoveredFen: claim.claimFen,
      allocation: { penaltyFen: 0, feesFen: 0, interestFen: 0, principalFen: claim.claimFen },
    })
    expect(await cash()).toBe(cashBefore + claim.claimFen)
    expect(await recoveries()).toBe(recoveredBefore + claim.claimFen)
    expect(await loanView(claim.loanId)).toMatchObject({
      status: 'written_off',
      recoveredFen: claim.claimFen,
    })
  })

  it('pays an accepted claim from the bank statement line that names it, once, and lists the lines it cannot apply', async () => {
    // A farm of its own, defaulted now, so the claims the other tests age stay as they are.
    const start = await businessDate()
    const banked = await farm('banked', { from: addDays(start, 1), to: addDays(start, 5) })
    await closeDays(5 + AGRI_POLICY.defaultGraceDays + 1)
    const open = (await h.request('GET', '/v1/guarantee-claims?status=open', { key: insurer.key })).body
      .items as Claim[]
    const claim = open.find((candidate) => candidate.loanId === banked.loanId)!
    expect(claim).toBeDefined()
    const statement = (lines: string[], idempotencyKey: string) =>
      h.request('POST', '/v1/bank-statements:import', {
        key: officerKey,
        body: ['date,amountFen,reference,payerName', ...lines].join('\n'),
        headers: { 'Content-Type': 'text/csv', 'Idempotency-Key': idempotencyKey },
      })
    const today = await businessDate()
    const cashBefore = await cash()
    const early = await statement([`${today},1000,CLM-${claim.claimId},Mutual`], 'statement-early')
    expect(early.status).toBe(200)
    expect(early.body.unmatched).toMatchObject([{ reason: 'claim_not_accepted', claimId: null }])
    expect(await cash()).toBe(cashBefore)

    const accepted = await decide(
      claim.claimId,
      { decision: 'accept', reason: 'drought confirmed' },
      'bank-accept',
    )
    expect(accepted.status).toBe(200)
    const lines = [
      `${today},${claim.claimFen},CLM-${claim.claimId},Mutual`,
      `${today},1,CLM-${claim.claimId},Mutual`,
      `${today},500,CLM-999999,Mutual`,
    ]
    const imported = await statement(lines, 'statement-claim')
    expect(imported.status).toBe(200)
    expect(imported.body.matched).toBe(1)
    expect(imported.body.lines[0]).toMatchObject({ status: 'matched', claimId: claim.claimId, reason: null })
    expect(imported.body.unmatched.map((line: { reason: string }) => line.reason)).toEqual([
      'claim_overpaid',
      'unknown_reference',
    ])
    expect(await cash()).toBe(cashBefore + claim.claimFen)
    const paid = (await h.request('GET', `/v1/guarantee-claims/${claim.claimId}`, { key: officerKey })).body
    expect(paid).toMatchObject({ status: 'paid', paidFen: claim.claimFen })
    expect((await loanView(claim.loanId)).status).toBe('written_off')
    // The same statement again pays nothing more.
    const again = await statement(lines, 'statement-claim-again')
    expect(again.body.lines).toEqual(imported.body.lines)
    expect(await cash()).toBe(cashBefore + claim.claimFen)
  })

  it('leaves the books balanced and every counterparty reconciled', async () => {
    const undecided = (
      await h.request('GET', `/v1/guarantee-claims/${claims.undecided.claimId}`, { key: officerKey })
    ).body
    expect(undecided).toMatchObject({ status: 'open', decision: null })
    expect(await balanceOf(h.db, accounts.insurerReceivable(insurer.insurerId).code).catch(() => 0)).toBe(0)
    await expectLedgerClean(h.db)
    await expectReconciled(h.db)
  })
})

it('buckets days since acceptance as 0-30, 31-60, 61-90 and 90+', () => {
  expect([0, 30, 31, 60, 61, 90, 91, 400].map(ageingBucket)).toEqual([
    '0-30',
    '0-30',
    '31-60',
    '31-60',
    '61-90',
    '61-90',
    '90+',
    '90+',
  ])
})
