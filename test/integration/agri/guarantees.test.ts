/**
 * Issue 17 item 5, guarantees that mean something: suppliers, offtakers and insurers start
 * unapproved and an officer approves (or revokes) them, audited; an insurer sees and insures only
 * the contracts its farmer or offtaker asked it about, answering for the others exactly as for a
 * contract that does not exist; a policy covers at least the policy minimum for a premium above
 * zero; and the outstanding principal each offtaker and insurer backs is capped under its lock, so
 * applications racing for the last room never take more than the limit.
 */
import { approveProducts } from '../../support/catalogue.js'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AGRI_POLICY } from '../../../src/agri/agri-policy.js'
import {
  startHarness,
  TEST_INITIAL_BUSINESS_DATE,
  type ApiResponse,
  type Harness,
} from '../../support/harness.js'
import { expectLedgerClean } from '../../support/ledger.js'

let h: Harness
let officerKey: string
let seq = 0
const unique = (prefix: string) => `${prefix}-${++seq}`

// Open from the first business day: a delivery outside the window is refused.
const WINDOW_FROM = '2026-01-01'
const WINDOW_TO = '2026-03-31'
/** Any policy the tests write: above the coverage minimum, a premium above zero. */
const COVERAGE_BPS = 8_000
const PREMIUM_FEN = 100

type Party = { id: number; key: string }

async function party(kind: 'offtaker' | 'insurer' | 'supplier', approved?: boolean): Promise<Party> {
  const created = await h.created(`/v1/${kind}s`, h.adminKey, {
    externalRef: unique(kind),
    name: kind,
    ...(approved === undefined ? {} : { approved }),
  })
  const id = created[`${kind}Id`] as number
  return { id, key: await h.keyFor(kind, id) }
}

async function farmer(): Promise<Party> {
  const created = await h.created('/v1/farmers', h.adminKey, {
    externalRef: unique('farmer'),
    name: 'Farmer',
    region: 'Jilin',
  })
  return { id: created.farmerId, key: await h.keyFor('farmer', created.farmerId) }
}

function signContract(offtaker: Party, farmerId: number, quantityKg = 10_000, priceFenPerKg = 300) {
  return h.request('POST', '/v1/offtake-contracts', {
    key: offtaker.key,
    body: {
      farmerId,
      crop: 'rice',
      quantityKg,
      priceFenPerKg,
      deliveryFrom: WINDOW_FROM,
      deliveryTo: WINDOW_TO,
    },
  })
}

function askForGuarantee(asker: Party, contractId: number, insurerId: number) {
  return h.request('POST', `/v1/offtake-contracts/${contractId}/guarantee-requests`, {
    key: asker.key,
    body: { insurerId },
  })
}

function writePolicy(
  insurer: Party,
  farmerId: number,
  contractId: number,
  terms: Partial<Record<string, number>> = {},
) {
  return h.request('POST', '/v1/guarantee-policies', {
    key: insurer.key,
    body: { farmerId, contractId, coverageBps: COVERAGE_BPS, premiumFen: PREMIUM_FEN, ...terms },
  })
}

function apply(farm: Party, contractId: number, policyId: number, amountFen: number, idempotencyKey: string) {
  return h.request('POST', '/v1/agri-loan-applications', {
    key: farm.key,
    body: { farmerId: farm.id, contractId, policyId, amountFen },
    headers: { 'Idempotency-Key': idempotencyKey },
  })
}

function decide(kind: 'supplier' | 'offtaker' | 'insurer', id: number, decision: 'approve' | 'revoke') {
  return h.request('POST', `/v1/${kind}s/${id}/approval`, {
    key: officerKey,
    body: { decision, reason: `${decision} after the officer's review` },
  })
}

/** A farmer with a signed contract, the insurer asked by the farmer, and its policy. */
async function backedFarm(
  offtaker: Party,
  insurer: Party,
  contract: { quantityKg: number; priceFenPerKg: number } = { quantityKg: 10_000, priceFenPerKg: 300 },
) {
  const farm = await farmer()
  const signed = await signContract(offtaker, farm.id, contract.quantityKg, contract.priceFenPerKg)
  expect(signed.status, JSON.stringify(signed.body)).toBe(201)
  const contractId = signed.body.contractId as number
  expect((await askForGuarantee(farm, contractId, insurer.id)).status).toBe(201)
  const policy = await writePolicy(insurer, farm.id, contractId)
  expect(policy.status, JSON.stringify(policy.body)).toBe(201)
  return { farm, contractId, policyId: policy.body.policyId as number }
}

async function count(table: 'offtake_contracts' | 'guarantee_policies' | 'agri_loan_applications' | 'loans') {
  const { rows } = await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}`.execute(
    h.db,
  )
  return Number(rows[0]!.n)
}

/** A 404 or 422 answer with the record's id taken out, to compare "not yours" with "not there". */
function withoutId(response: ApiResponse, id: number) {
  const body = response.body as { detail?: string }
  return { status: response.status, body: { ...body, detail: body.detail?.replaceAll(` ${id}`, ' {id}') } }
}

beforeAll(async () => {
  h = await startHarness()
  officerKey = await h.keyFor('officer')
}, 120_000)

afterAll(async () => {
  await h?.close()
})

describe('approval of the parties that back a loan', () => {
  it('starts offtakers, insurers and suppliers unapproved; an admin may create them approved', async () => {
    for (const kind of ['offtaker', 'insurer', 'supplier'] as const) {
      const fresh = await h.created(`/v1/${kind}s`, h.adminKey, { externalRef: unique(kind), name: kind })
      expect(fresh.approved).toBe(false)
      const vetted = await h.created(`/v1/${kind}s`, h.adminKey, {
        externalRef: unique(kind),
        name: kind,
        approved: true,
      })
      expect(vetted.approved).toBe(true)
    }
  })

  it('refuses an unapproved offtaker’s contract and an unapproved insurer’s policy, writing nothing; approval lets them', async () => {
    const offtaker = await party('offtaker')
    const insurer = await party('insurer')
    const farm = await farmer()
    const contractsBefore = await count('offtake_contracts')
    const refused = await signContract(offtaker, farm.id)
    expect(refused.status).toBe(422)
    expect(refused.body.code).toBe('offtaker_not_approved')
    expect(await count('offtake_contracts')).toBe(contractsBefore)

    const approved = await decide('offtaker', offtaker.id, 'approve')
    expect(approved.status).toBe(200)
    expect(approved.body).toMatchObject({ offtakerId: offtaker.id, approved: true })
    const signed = await signContract(offtaker, farm.id)
    expect(signed.status).toBe(201)

    expect((await askForGuarantee(farm, signed.body.contractId, insurer.id)).status).toBe(201)
    const policiesBefore = await count('guarantee_policies')
    const unapprovedPolicy = await writePolicy(insurer, farm.id, signed.body.contractId)
    expect(unapprovedPolicy.status).toBe(422)
    expect(unapprovedPolicy.body.code).toBe('insurer_not_approved')
    expect(await count('guarantee_policies')).toBe(policiesBefore)
    expect((await decide('insurer', insurer.id, 'approve')).body.approved).toBe(true)
    expect((await writePolicy(insurer, farm.id, signed.body.contractId)).status).toBe(201)
  })

  it('refuses applications backed by a revoked offtaker or insurer, writing nothing, and approves once reinstated; audited', async () => {
    const offtaker = await party('offtaker', true)
    const insurer = await party('insurer', true)
    const { farm, contractId, policyId } = await backedFarm(offtaker, insurer)

    expect((await decide('offtaker', offtaker.id, 'revoke')).body.approved).toBe(false)
    const applicationsBefore = await count('agri_loan_applications')
    const loansBefore = await count('loans')
    const firstKey = unique('apply')
    const byRevokedOfftaker = await apply(farm, contractId, policyId, 1_000_000, firstKey)
    expect(byRevokedOfftaker.status).toBe(422)
    expect(byRevokedOfftaker.body.code).toBe('offtaker_not_approved')
    // A revoked offtaker signs no new contract either.
    expect((await signContract(offtaker, farm.id)).body.code).toBe('offtaker_not_approved')

    expect((await decide('offtaker', offtaker.id, 'approve')).body.approved).toBe(true)
    expect((await decide('insurer', insurer.id, 'revoke')).body.approved).toBe(false)
    const byRevokedInsurer = await apply(farm, contractId, policyId, 1_000_000, unique('apply'))
    expect(byRevokedInsurer.status).toBe(422)
    expect(byRevokedInsurer.body.code).toBe('insurer_not_approved')
    expect(await count('agri_loan_applications')).toBe(applicationsBefore)
    expect(await count('loans')).toBe(loansBefore)

    expect((await decide('insurer', insurer.id, 'approve')).body.approved).toBe(true)
    const approved = await apply(farm, contractId, policyId, 1_000_000, unique('apply'))
    expect(approved.status, JSON.stringify(approved.body)).toBe(201)
    expect(approved.body.status).toBe('approved')
    // The first request's key still answers what it answered first.
    const replayed = await apply(farm, contractId, policyId, 1_000_000, firstKey)
    expect(replayed.status).toBe(422)
    expect(replayed.body.code).toBe('offtaker_not_approved')

    const audit = await h.request('GET', `/v1/audit-log?subjectType=offtaker&subjectId=${offtaker.id}`, {
      key: officerKey,
    })
    expect(audit.status).toBe(200)
    expect(audit.body.items.map((entry: { action: string }) => entry.action)).toEqual([
      'offtaker.approve',
      'offtaker.revoke',
    ])
    expect(audit.body.items[1]).toMatchObject({
      reason: "revoke after the officer's review",
      details: { approvedBefore: true, approved: false },
    })
    const insurerAudit = await h.request('GET', `/v1/audit-log?subjectType=insurer&subjectId=${insurer.id}`, {
      key: officerKey,
    })
    expect(insurerAudit.body.items).toHaveLength(2)
    await expectLedgerClean(h.db)
  })

  it('lets a supplier sell to restricted wallets only while approved', async () => {
    const supplier = await party('supplier')
    const put = await h.request('PUT', `/v1/suppliers/${supplier.id}/products/seed`, {
      key: supplier.key,
      body: { name: 'Seed', category: 'seed', priceFen: 1_000 },
    })
    expect(put.status).toBe(201)
    await approveProducts(h, supplier.id, [{ sku: 'seed', category: 'seed', priceFen: 1_000 }])
    const { farm, contractId, policyId } = await backedFarm(
      await party('offtaker', true),
      await party('insurer', true),
    )
    const loan = await apply(farm, contractId, policyId, 1_000_000, unique('apply'))
    expect(loan.body.status).toBe('approved')
    const buy = () =>
      h.request('POST', `/v1/restricted-wallets/${loan.body.restrictedWalletId}/purchases`, {
        key: farm.key,
        body: { supplierId: supplier.id, lines: [{ sku: 'seed', quantity: 1 }] },
        headers: { 'Idempotency-Key': unique('buy') },
      })
    expect((await buy()).body.code).toBe('supplier_not_approved')
    expect((await decide('supplier', supplier.id, 'approve')).body.approved).toBe(true)
    expect((await buy()).status).toBe(201)
    expect((await decide('supplier', supplier.id, 'revoke')).body.approved).toBe(false)
    expect((await buy()).body.code).toBe('supplier_not_approved')
    await expectLedgerClean(h.db)
  })

  it('answers 404 for a party that does not exist, and 403 to anyone but an officer', async () => {
    const missing = await h.request('POST', '/v1/insurers/999999/approval', {
      key: officerKey,
      body: { decision: 'approve', reason: 'no such insurer' },
    })
    expect(missing.status).toBe(404)
    const insurer = await party('insurer')
    const byAdmin = await h.request('POST', `/v1/insurers/${insurer.id}/approval`, {
      key: h.adminKey,
      body: { decision: 'approve', reason: 'not an officer' },
    })
    expect(byAdmin.status).toBe(403)
    const badDecision = await h.request('POST', `/v1/insurers/${insurer.id}/approval`, {
      key: officerKey,
      body: { decision: 'maybe', reason: 'not a decision' },
    })
    expect(badDecision.status).toBe(400)
  })
})

describe('guarantee requests', () => {
  it('hides a contract from an insurer nobody asked, as if it did not exist, until its farmer or offtaker asks', async () => {
    const offtaker = await party('offtaker', true)
    const insurer = await party('insurer', true)
    const farm = await farmer()
    const signed = await signContract(offtaker, farm.id)
    const contractId = signed.body.contractId as number
    const missingId = contractId + 100_000

    const unasked = await h.request('GET', `/v1/offtake-contracts/${contractId}`, { key: insurer.key })
    const missing = await h.request('GET', `/v1/offtake-contracts/${missingId}`, { key: insurer.key })
    expect(unasked.status).toBe(404)
    expect(withoutId(unasked, contractId)).toEqual(withoutId(missing, missingId))

    const policiesBefore = await count('guarantee_policies')
    const unaskedPolicy = await writePolicy(insurer, farm.id, contractId)
    const missingPolicy = await writePolicy(insurer, farm.id, missingId)
    expect(unaskedPolicy.status).toBe(404)
    expect(unaskedPolicy.body.code).toBe('not_found')
    expect(withoutId(unaskedPolicy, contractId)).toEqual(withoutId(missingPolicy, missingId))
    // Naming another farmer does not tell the insurer the contract exists either.
    const wrongFarmer = await writePolicy(insurer, farm.id + 1, contractId)
    expect(withoutId(wrongFarmer, contractId)).toEqual(withoutId(missingPolicy, missingId))
    expect(await count('guarantee_policies')).toBe(policiesBefore)

    const asked = await askForGuarantee(farm, contractId, insurer.id)
    expect(asked.status).toBe(201)
    expect(asked.body).toMatchObject({ contractId, insurerId: insurer.id })
    const again = await askForGuarantee(farm, contractId, insurer.id)
    expect(again.status).toBe(200)
    expect(again.body.requestId).toBe(asked.body.requestId)

    const inbox = await h.request('GET', '/v1/guarantee-requests', { key: insurer.key })
    expect(inbox.body.items).toEqual([asked.body])
    const otherInbox = await h.request('GET', '/v1/guarantee-requests', {
      key: (await party('insurer', true)).key,
    })
    expect(otherInbox.body.items).toEqual([])
    const seen = await h.request('GET', `/v1/offtake-contracts/${contractId}`, { key: insurer.key })
    expect(seen.status).toBe(200)
    expect(seen.body.contractId).toBe(contractId)
    const policy = await writePolicy(insurer, farm.id, contractId)
    expect(policy.status).toBe(201)
    expect(policy.body.status).toBe('active')
  })

  it('lets the offtaker ask too, but no one else, and refuses an insurer that does not exist', async () => {
    const offtaker = await party('offtaker', true)
    const insurer = await party('insurer', true)
    const farm = await farmer()
    const contractId = (await signContract(offtaker, farm.id)).body.contractId as number
    const missingId = contractId + 100_000

    const otherFarmer = await farmer()
    const byOtherFarmer = await askForGuarantee(otherFarmer, contractId, insurer.id)
    const toMissing = await askForGuarantee(otherFarmer, missingId, insurer.id)
    expect(byOtherFarmer.status).toBe(404)
    expect(withoutId(byOtherFarmer, contractId)).toEqual(withoutId(toMissing, missingId))
    const otherOfftaker = await party('offtaker', true)
    expect((await askForGuarantee(otherOfftaker, contractId, insurer.id)).status).toBe(404)
    expect((await askForGuarantee(insurer, contractId, insurer.id)).status).toBe(403)

    const unknownInsurer = await askForGuarantee(offtaker, contractId, 999_999)
    expect(unknownInsurer.status).toBe(422)
    expect(unknownInsurer.body.code).toBe('insurer_not_found')

    const byOfftaker = await askForGuarantee(offtaker, contractId, insurer.id)
    expect(byOfftaker.status).toBe(201)
    expect((await h.request('GET', `/v1/offtake-contracts/${contractId}`, { key: insurer.key })).status).toBe(
      200,
    )
    // Another insurer still sees nothing.
    const bystander = await party('insurer', true)
    expect(
      (await h.request('GET', `/v1/offtake-contracts/${contractId}`, { key: bystander.key })).status,
    ).toBe(404)
  })
})

describe('policy terms', () => {
  it('refuses a policy below the minimum coverage or without a premium (422, nothing written)', async () => {
    const insurer = await party('insurer', true)
    const farm = await farmer()
    const contractId = (await signContract(await party('offtaker', true), farm.id)).body.contractId as number
    expect((await askForGuarantee(farm, contractId, insurer.id)).status).toBe(201)
    const before = await count('guarantee_policies')

    const thin = await writePolicy(insurer, farm.id, contractId, {
      coverageBps: AGRI_POLICY.minCoverageBps - 1,
    })
    expect(thin.status).toBe(422)
    expect(thin.body.code).toBe('policy_coverage_below_minimum')
    const free = await writePolicy(insurer, farm.id, contractId, { premiumFen: 0 })
    expect(free.status).toBe(422)
    expect(free.body.code).toBe('policy_premium_not_positive')
    expect(await count('guarantee_policies')).toBe(before)

    const minimal = await writePolicy(insurer, farm.id, contractId, {
      coverageBps: AGRI_POLICY.minCoverageBps,
      premiumFen: 1,
    })
    expect(minimal.status).toBe(201)
    expect(minimal.body).toMatchObject({ coverageBps: AGRI_POLICY.minCoverageBps, premiumFen: 1 })
  })
})

describe('exposure limits', () => {
  const RACERS = 50

  /** Fires the applications at once and sorts the answers; each farm applies for `amountFen`. */
  async function race(farms: Array<Awaited<ReturnType<typeof backedFarm>>>, amountFen: number) {
    const answers = await Promise.all(
      farms.map((f) => apply(f.farm, f.contractId, f.policyId, amountFen, unique('race'))),
    )
    const approved = answers.filter((a) => a.status === 201 && a.body.status === 'approved')
    const refused = answers.filter((a) => a.status === 422)
    return { answers, approved, refused }
  }

  async function backedPrincipalFen(column: 'c.offtaker_id' | 'p.insurer_id', id: number): Promise<number> {
    const { rows } = await sql<{ total: string | null }>`
      SELECT SUM(l.principal_fen) AS total FROM loans l
      JOIN offtake_contracts c ON c.id = l.contract_id JOIN guarantee_policies p ON p.id = l.policy_id
      WHERE ${sql.ref(column)} = ${id}`.execute(h.db)
    return Number(rows[0]!.total ?? 0)
  }

  it(`approves exactly the applications that fit one offtaker's limit when ${RACERS} race for it`, async () => {
    const limitFen = AGRI_POLICY.offtakerExposureFenMax
    // One fen over a twentieth: 19 fit, the 20th would pass the limit by 20 fen.
    const amountFen = Math.floor(limitFen / 20) + 1
    const fitting = Math.floor(limitFen / amountFen)
    expect(fitting).toBe(19)
    const offtaker = await party('offtaker', true)
    const insurer = await party('insurer', true)
    const farms = []
    for (let i = 0; i < RACERS; i++) {
      // 150 million fen of contract: 70% of it covers the loan.
      farms.push(await backedFarm(offtaker, insurer, { quantityKg: 1_000_000, priceFenPerKg: 150 }))
    }
    const applicationsBefore = await count('agri_loan_applications')
    const { answers, approved, refused } = await race(farms, amountFen)
    expect(answers.filter((a) => a.status >= 500)).toEqual([])
    expect(approved).toHaveLength(fitting)
    expect(refused).toHaveLength(RACERS - fitting)
    for (const answer of refused) expect(answer.body.code).toBe('offtaker_exposure_limit')
    // What the offtaker backs never passes the limit; refused applications wrote nothing.
    const backedFen = await backedPrincipalFen('c.offtaker_id', offtaker.id)
    expect(backedFen).toBe(fitting * amountFen)
    expect(backedFen).toBeLessThanOrEqual(limitFen)
    expect(await count('agri_loan_applications')).toBe(applicationsBefore + fitting)
    await expectLedgerClean(h.db)
  }, 240_000)

  it(`approves exactly the applications that fit one insurer's limit when ${RACERS} race for it`, async () => {
    const limitFen = AGRI_POLICY.insurerExposureFenMax
    const amountFen = Math.floor(limitFen / 20) + 1
    const fitting = Math.floor(limitFen / amountFen)
    expect(fitting).toBe(19)
    const insurer = await party('insurer', true)
    // Ten offtakers with five farms each: no offtaker comes near its own limit.
    const offtakers: Party[] = []
    for (let o = 0; o < 10; o++) offtakers.push(await party('offtaker', true))
    expect(5 * amountFen).toBeLessThan(AGRI_POLICY.offtakerExposureFenMax)
    const farms = []
    for (let i = 0; i < RACERS; i++) {
      farms.push(await backedFarm(offtakers[i % 10]!, insurer, { quantityKg: 1_000_000, priceFenPerKg: 360 }))
    }
    const { answers, approved, refused } = await race(farms, amountFen)
    expect(answers.filter((a) => a.status >= 500)).toEqual([])
    expect(approved).toHaveLength(fitting)
    expect(refused).toHaveLength(RACERS - fitting)
    for (const answer of refused) expect(answer.body.code).toBe('insurer_exposure_limit')
    const backedFen = await backedPrincipalFen('p.insurer_id', insurer.id)
    expect(backedFen).toBe(fitting * amountFen)
    expect(backedFen).toBeLessThanOrEqual(limitFen)
    await expectLedgerClean(h.db)
  }, 240_000)

  it('frees room as a backed loan is repaid: principal repaid no longer counts', async () => {
    // Two loans of half the limit fill it; a delivery on the first repays principal, which makes room.
    const offtaker = await party('offtaker', true)
    const insurer = await party('insurer', true)
    const amountFen = Math.floor(AGRI_POLICY.offtakerExposureFenMax / 2)
    const first = await backedFarm(offtaker, insurer, { quantityKg: 10_000_000, priceFenPerKg: 150 })
    const second = await backedFarm(offtaker, insurer, { quantityKg: 10_000_000, priceFenPerKg: 150 })
    const third = await backedFarm(offtaker, insurer, { quantityKg: 10_000_000, priceFenPerKg: 150 })
    const loan = await apply(first.farm, first.contractId, first.policyId, amountFen, unique('apply'))
    expect(loan.body.status).toBe('approved')
    expect(
      (await apply(second.farm, second.contractId, second.policyId, amountFen, unique('apply'))).body.status,
    ).toBe('approved')
    const full = await apply(third.farm, third.contractId, third.policyId, 1_000, unique('apply'))
    expect(full.body.code).toBe('offtaker_exposure_limit')
    // The first delivery sweeps the unspent wallet into the first loan and the offtaker's cash for it
    // repays it.
    const delivered = await h.request('POST', `/v1/offtake-contracts/${first.contractId}/deliveries`, {
      key: offtaker.key,
      body: { quantityKg: 10_000, deliveredOn: TEST_INITIAL_BUSINESS_DATE },
      headers: { 'Idempotency-Key': unique('deliver') },
    })
    expect(delivered.status, JSON.stringify(delivered.body)).toBe(201)
    const paid = await h.request('POST', '/v1/offtaker-payments', {
      key: offtaker.key,
      body: {
        offtakerId: offtaker.id,
        amountFen: delivered.body.proceedsFen,
        paidOn: TEST_INITIAL_BUSINESS_DATE,
        reference: delivered.body.reference,
      },
      headers: { 'Idempotency-Key': unique('pay') },
    })
    expect(paid.status, JSON.stringify(paid.body)).toBe(201)
    expect(delivered.body.sweptFen + paid.body.applied[0].waterfall.principalFen).toBeGreaterThan(1_000)
    const afterRepayment = await apply(third.farm, third.contractId, third.policyId, 1_000, unique('apply'))
    expect(afterRepayment.status, JSON.stringify(afterRepayment.body)).toBe(201)
    expect(afterRepayment.body.status).toBe('approved')
    await expectLedgerClean(h.db)
  })
})
