/**
 * An insurer's own book, as its page shows it: the contracts it was asked to guarantee (and whether
 * it wrote a policy on them), its policies, and its claims with what each may still be paid. Reads
 * only, and only the insurer's own rows: claims are decided by {@link decideClaim} and paid by
 * {@link payClaim}, settlements listed by `listSettlements`.
 * @module
 */
import type { Db } from '../db/database.js'
import { fenFromDb } from '../kernel/money.js'
import { claimPayableFen, listClaims, type ClaimView } from './claims.js'

/** The most rows of each list a page shows (newest first). */
export const INSURER_BOOK_ROWS_MAX = 100

export type InsurerRequest = {
  requestId: number
  contractId: number
  farmerName: string
  crop: string
  quantityKg: number
  contractValueFen: number
  deliveryFrom: string
  deliveryTo: string
  /** The insurer's policy on the contract, if it wrote one. */
  policyId: number | null
}

export type InsurerPolicy = {
  policyId: number
  contractId: number
  farmerName: string
  crop: string
  coverageBps: number
  premiumFen: number
  status: 'active' | 'claimed' | 'paid' | 'expired'
}

export type InsurerClaim = ClaimView & {
  farmerName: string
  crop: string
  /** What the insurer may still pay now (0 unless accepted): see {@link claimPayableFen}. */
  payableFen: number
}

export type InsurerBook = { requests: InsurerRequest[]; policies: InsurerPolicy[]; claims: InsurerClaim[] }

export async function insurerBook(db: Db, insurerId: number): Promise<InsurerBook> {
  const requestRows = await db
    .selectFrom('guaranteeRequests')
    .innerJoin('offtakeContracts', 'offtakeContracts.id', 'guaranteeRequests.contractId')
    .innerJoin('farmers', 'farmers.id', 'offtakeContracts.farmerId')
    .select([
      'guaranteeRequests.id',
      'guaranteeRequests.contractId',
      'farmers.name as farmerName',
      'offtakeContracts.crop',
      'offtakeContracts.quantityKg',
      'offtakeContracts.valueFen',
      'offtakeContracts.deliveryFrom',
      'offtakeContracts.deliveryTo',
    ])
    .select((eb) =>
      eb
        .selectFrom('guaranteePolicies')
        .select((inner) => inner.fn.max('guaranteePolicies.id').as('id'))
        .whereRef('guaranteePolicies.contractId', '=', 'guaranteeRequests.contractId')
        .whereRef('guaranteePolicies.insurerId', '=', 'guaranteeRequests.insurerId')
        .as('policyId'),
    )
    .where('guaranteeRequests.insurerId', '=', insurerId)
    .orderBy('guaranteeRequests.id', 'desc')
    .limit(INSURER_BOOK_ROWS_MAX)
    .execute()
  const policyRows = await db
    .selectFrom('guaranteePolicies')
    .innerJoin('offtakeContracts', 'offtakeContracts.id', 'guaranteePolicies.contractId')
    .innerJoin('farmers', 'farmers.id', 'guaranteePolicies.farmerId')
    .select([
      'guaranteePolicies.id',
      'guaranteePolicies.contractId',
      'guaranteePolicies.coverageBps',
      'guaranteePolicies.premiumFen',
      'guaranteePolicies.status',
      'farmers.name as farmerName',
      'offtakeContracts.crop',
    ])
    .where('guaranteePolicies.insurerId', '=', insurerId)
    .orderBy('guaranteePolicies.id', 'desc')
    .limit(INSURER_BOOK_ROWS_MAX)
    .execute()
  const policies = policyRows.map((row) => ({
    policyId: Number(row.id),
    contractId: Number(row.contractId),
    farmerName: row.farmerName,
    crop: row.crop,
    coverageBps: row.coverageBps,
    premiumFen: fenFromDb(row.premiumFen),
    status: row.status,
  }))
  const { items } = await listClaims(db, { insurerId }, { limit: INSURER_BOOK_ROWS_MAX })
  const claimPolicies = await policiesOf(
    db,
    insurerId,
    items.map((claim) => claim.policyId),
  )
  const claims: InsurerClaim[] = []
  for (const claim of items) {
    const policy = claimPolicies.get(claim.policyId)
    claims.push({
      ...claim,
      farmerName: policy?.farmerName ?? '',
      crop: policy?.crop ?? '',
      payableFen: claim.status === 'accepted' ? await claimPayableFen(db, claim.claimId) : 0,
    })
  }
  return {
    requests: requestRows.map((row) => ({
      requestId: Number(row.id),
      contractId: Number(row.contractId),
      farmerName: row.farmerName,
      crop: row.crop,
      quantityKg: Number(row.quantityKg),
      contractValueFen: fenFromDb(row.valueFen),
      deliveryFrom: String(row.deliveryFrom),
      deliveryTo: String(row.deliveryTo),
      policyId: row.policyId === null ? null : Number(row.policyId),
    })),
    policies,
    claims,
  }
}

/** The farmer and crop of each policy a claim was made on (claims may outlive the newest 100 policies). */
async function policiesOf(
  db: Db,
  insurerId: number,
  policyIds: number[],
): Promise<Map<number, { farmerName: string; crop: string }>> {
  if (policyIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('guaranteePolicies')
    .innerJoin('offtakeContracts', 'offtakeContracts.id', 'guaranteePolicies.contractId')
    .innerJoin('farmers', 'farmers.id', 'guaranteePolicies.farmerId')
    .select(['guaranteePolicies.id', 'farmers.name as farmerName', 'offtakeContracts.crop'])
    .where('guaranteePolicies.insurerId', '=', insurerId)
    .where('guaranteePolicies.id', 'in', [...new Set(policyIds)])
    .execute()
  return new Map(rows.map((row) => [Number(row.id), { farmerName: row.farmerName, crop: row.crop }]))
}
