/**
 * A farm loop for the offtaker's and the insurer's page tests, set up through the API as in
 * test/integration/agri/claims.test.ts: an approved offtaker and insurer, and farmers each with a
 * contract, a guarantee the farmer asked for, a policy and an approved loan.
 */
import { expect } from 'vitest'
import type { IsoDate } from '../../src/kernel/business-date.js'
import type { Harness } from './harness.js'

export type FarmParties = {
  officerKey: string
  offtaker: { offtakerId: number; key: string; name: string }
  insurer: { insurerId: number; key: string; name: string }
}

export type FinancedFarm = {
  farmerId: number
  farmerKey: string
  contractId: number
  policyId: number
  loanId: number
}

export async function farmParties(h: Harness, names = { offtaker: 'Grain Co', insurer: 'Mutual' }) {
  const o = await h.created('/v1/offtakers', h.adminKey, {
    externalRef: `o-${names.offtaker}`,
    name: names.offtaker,
    approved: true,
  })
  const i = await h.created('/v1/insurers', h.adminKey, {
    externalRef: `i-${names.insurer}`,
    name: names.insurer,
    approved: true,
  })
  return {
    officerKey: await h.keyFor('officer'),
    offtaker: {
      offtakerId: o.offtakerId,
      key: await h.keyFor('offtaker', o.offtakerId),
      name: names.offtaker,
    },
    insurer: { insurerId: i.insurerId, key: await h.keyFor('insurer', i.insurerId), name: names.insurer },
  } satisfies FarmParties
}

export type FarmTerms = {
  window: { from: IsoDate; to: IsoDate }
  quantityKg: number
  priceFenPerKg: number
  loanFen: number
  coverageBps: number
  premiumFen: number
  crop?: string
}

/** A signed contract between the offtaker and a new farmer (not financed). */
export async function signedContract(
  h: Harness,
  parties: FarmParties,
  name: string,
  terms: Pick<FarmTerms, 'window' | 'quantityKg' | 'priceFenPerKg' | 'crop'>,
) {
  const farmer = await h.created('/v1/farmers', h.adminKey, { externalRef: name, name, region: 'Jilin' })
  const contract = await h.created('/v1/offtake-contracts', parties.offtaker.key, {
    farmerId: farmer.farmerId,
    crop: terms.crop ?? 'rice',
    quantityKg: terms.quantityKg,
    priceFenPerKg: terms.priceFenPerKg,
    deliveryFrom: terms.window.from,
    deliveryTo: terms.window.to,
  })
  return { farmerId: farmer.farmerId as number, contractId: contract.contractId as number }
}

/** A farmer whose contract backs an approved loan guaranteed by the insurer's policy. */
export async function financedFarm(
  h: Harness,
  parties: FarmParties,
  name: string,
  terms: FarmTerms,
): Promise<FinancedFarm> {
  const { farmerId, contractId } = await signedContract(h, parties, name, terms)
  const farmerKey = await h.keyFor('farmer', farmerId)
  await h.created(`/v1/offtake-contracts/${contractId}/guarantee-requests`, farmerKey, {
    insurerId: parties.insurer.insurerId,
  })
  const policy = await h.created('/v1/guarantee-policies', parties.insurer.key, {
    farmerId,
    contractId,
    coverageBps: terms.coverageBps,
    premiumFen: terms.premiumFen,
  })
  const applied = await h.created(
    '/v1/agri-loan-applications',
    farmerKey,
    { farmerId, contractId, policyId: policy.policyId, amountFen: terms.loanFen },
    `apply-${name}`,
  )
  expect(applied.status).toBe('approved')
  return { farmerId, farmerKey, contractId, policyId: policy.policyId, loanId: applied.loanId }
}

export async function businessDate(h: Harness, officerKey: string): Promise<IsoDate> {
  return (await h.request('GET', '/v1/system/business-date', { key: officerKey })).body.businessDate
}

export async function closeDays(h: Harness, officerKey: string, days: number): Promise<void> {
  const closed = await h.request('POST', '/v1/system/close-of-business', { key: officerKey, body: { days } })
  expect(closed.status, JSON.stringify(closed.body)).toBe(200)
}

/** The visible text of the page's main content that looks like a raw code (`snake_case`). */
export const RAW_CODE = /\b[a-z]+_[a-z_]+\b/
