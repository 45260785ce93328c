/**
 * Issue 17, item 9: a party asking about another party's farm records learns nothing it could not
 * learn by asking about a record that does not exist. For each request below, asked once about a
 * real record of someone else and once about an id that was never issued, the two answers are the
 * same status, code and detail but for the id; and neither names a figure of the real record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  startHarness,
  TEST_INITIAL_BUSINESS_DATE,
  type ApiResponse,
  type Harness,
} from '../../support/harness.js'

let h: Harness
let seq = 0
const unique = (prefix: string) => `${prefix}-${++seq}`
const NEVER_ISSUED = 987_654
type Party = { id: number; key: string }

async function party(kind: 'offtaker' | 'insurer' | 'farmer'): Promise<Party> {
  const body =
    kind === 'farmer'
      ? { externalRef: unique(kind), name: 'Farmer', region: 'Jilin' }
      : { externalRef: unique(kind), name: kind, approved: true }
  const created = await h.created(`/v1/${kind}s`, h.adminKey, body)
  const id = created[`${kind}Id`] as number
  return { id, key: await h.keyFor(kind, id) }
}

/** The answer with the asked id masked in its texts, so the two answers compare whole. */
function masked(response: ApiResponse, id: number) {
  const mask = (value: unknown): unknown =>
    typeof value === 'string'
      ? value.replaceAll(String(id), '<id>')
      : Array.isArray(value)
        ? value.map(mask)
        : value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([field, inner]) => [field, mask(inner)]))
          : value
  return { status: response.status, body: mask(response.body) as Record<string, unknown> }
}

let owner: Party
let stranger: Party
let insurer: Party
let farmer: Party
let otherFarmer: Party
let contractId: number
const QUANTITY_KG = 4_321
const PRICE_FEN_PER_KG = 317

beforeAll(async () => {
  h = await startHarness()
  owner = await party('offtaker')
  stranger = await party('offtaker')
  insurer = await party('insurer')
  farmer = await party('farmer')
  otherFarmer = await party('farmer')
  const contract = await h.created('/v1/offtake-contracts', owner.key, {
    farmerId: farmer.id,
    crop: 'rice',
    quantityKg: QUANTITY_KG,
    priceFenPerKg: PRICE_FEN_PER_KG,
    deliveryFrom: '2026-03-01',
    deliveryTo: '2026-03-31',
  })
  contractId = contract.contractId
})
afterAll(async () => {
  await h?.close()
})

describe('no disclosure across parties', () => {
  const cases: Array<[string, (id: number) => Promise<ApiResponse>]> = [
    [
      'another offtaker reads the contract',
      (id) => h.request('GET', `/v1/offtake-contracts/${id}`, { key: stranger.key }),
    ],
    [
      'another offtaker records a delivery on it',
      (id) =>
        h.request('POST', `/v1/offtake-contracts/${id}/deliveries`, {
          key: stranger.key,
          body: { quantityKg: 10, deliveredOn: TEST_INITIAL_BUSINESS_DATE },
          headers: { 'Idempotency-Key': unique('delivery') },
        }),
    ],
    [
      'another farmer asks an insurer to guarantee it',
      (id) =>
        h.request('POST', `/v1/offtake-contracts/${id}/guarantee-requests`, {
          key: otherFarmer.key,
          body: { insurerId: insurer.id },
          headers: { 'Idempotency-Key': unique('ask') },
        }),
    ],
    [
      'an insurer nobody asked writes a policy on it',
      (id) =>
        h.request('POST', '/v1/guarantee-policies', {
          key: insurer.key,
          body: { farmerId: farmer.id, contractId: id, coverageBps: 8_000, premiumFen: 100 },
          headers: { 'Idempotency-Key': unique('policy') },
        }),
    ],
    ['an insurer reads it', (id) => h.request('GET', `/v1/offtake-contracts/${id}`, { key: insurer.key })],
  ]

  it.each(cases)('%s: answered as for a contract that does not exist', async (_, ask) => {
    const real = await ask(contractId)
    const none = await ask(NEVER_ISSUED)
    expect(real.status).toBeGreaterThanOrEqual(400)
    expect(real.status).toBeLessThan(500)
    expect(masked(real, contractId)).toEqual(masked(none, NEVER_ISSUED))
    const text = JSON.stringify(real.body)
    for (const figure of [
      QUANTITY_KG,
      PRICE_FEN_PER_KG,
      QUANTITY_KG * PRICE_FEN_PER_KG,
      farmer.id * 1_000_003,
    ]) {
      expect(text).not.toContain(String(figure))
    }
  })

  it('another farmer applying on the contract is declined exactly as on one that does not exist', async () => {
    const apply = (id: number) =>
      h.request('POST', '/v1/agri-loan-applications', {
        key: otherFarmer.key,
        body: { farmerId: otherFarmer.id, contractId: id, policyId: 555_555, amountFen: 1_000 },
        headers: { 'Idempotency-Key': unique('apply') },
      })
    const real = await apply(contractId)
    const none = await apply(NEVER_ISSUED)
    expect(real.body.status).toBe('declined')
    const reasons = (response: ApiResponse, id: number) => masked(response, id).body.reasons
    expect(reasons(real, contractId)).toEqual(reasons(none, NEVER_ISSUED))
  })

  it('an offtaker naming a farmer that does not exist learns only that, and nothing is written', async () => {
    const before = await h.db
      .selectFrom('offtakeContracts')
      .select(h.db.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    const response = await h.request('POST', '/v1/offtake-contracts', {
      key: stranger.key,
      body: {
        farmerId: NEVER_ISSUED,
        crop: 'rice',
        quantityKg: 1_000,
        priceFenPerKg: 300,
        deliveryFrom: '2026-03-01',
        deliveryTo: '2026-03-31',
      },
    })
    expect(response.status).toBe(404)
    expect(response.body).toMatchObject({ code: 'not_found', detail: `No farmer ${NEVER_ISSUED}.` })
    const after = await h.db
      .selectFrom('offtakeContracts')
      .select(h.db.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })
})

/**
 * Issue 19, findings 3 and 4: an insurer nobody asked, a merchant asking about another merchant's
 * application. Each answers 404 with the words it would use for a record that does not exist.
 */
describe('no disclosure to insurers and merchants (issue 19)', () => {
  it('an insurer nobody asked gets 404 on a policy, one message whatever farmer it names', async () => {
    const policiesBefore = await h.db
      .selectFrom('guaranteePolicies')
      .select(h.db.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    const write = (id: number, farmerId: number) =>
      h.request('POST', '/v1/guarantee-policies', {
        key: insurer.key,
        body: { farmerId, contractId: id, coverageBps: 8_000, premiumFen: 100 },
        headers: { 'Idempotency-Key': unique('policy') },
      })
    const none = masked(await write(NEVER_ISSUED, farmer.id), NEVER_ISSUED)
    expect(none).toEqual({
      status: 404,
      body: expect.objectContaining({ code: 'not_found', detail: 'No contract <id>.' }),
    })
    // Cycling the farmer (the owner among them) tells nothing about whose contract it is.
    for (const farmerId of [farmer.id, otherFarmer.id, farmer.id + 1_000, 1]) {
      expect(masked(await write(contractId, farmerId), contractId)).toEqual(none)
    }
    const policiesAfter = await h.db
      .selectFrom('guaranteePolicies')
      .select(h.db.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(policiesAfter.n)).toBe(Number(policiesBefore.n))
  })

  it("another merchant's loan application answers exactly as one that does not exist", async () => {
    const merchant = async () => {
      const created = await h.created('/v1/merchants', h.adminKey, {
        externalRef: unique('merchant'),
        name: 'Shop',
        openedOn: '2025-01-01',
      })
      const merchantId = created.merchantId as number
      return { merchantId, key: await h.keyFor('merchant', merchantId) }
    }
    const owner = await merchant()
    const other = await merchant()
    const applied = await h.request('POST', '/v1/loan-applications', {
      key: owner.key,
      body: {
        merchantId: owner.merchantId,
        amountFen: 20_000,
        termDays: 30,
        repaymentMethod: 'installment',
        frequency: 'daily',
      },
      headers: { 'Idempotency-Key': unique('apply') },
    })
    expect(applied.status, JSON.stringify(applied.body)).toBe(201)
    const applicationId = applied.body.applicationId as number
    const own = await h.request('GET', `/v1/loan-applications/${applicationId}`, { key: owner.key })
    expect(own.status).toBe(200)

    const real = await h.request('GET', `/v1/loan-applications/${applicationId}`, { key: other.key })
    const none = await h.request('GET', `/v1/loan-applications/${NEVER_ISSUED}`, { key: other.key })
    expect(real.status).toBe(404)
    expect(masked(real, applicationId)).toEqual(masked(none, NEVER_ISSUED))
    expect(real.body.detail).toBe(`No application ${applicationId}.`)
  })
})
