/**
 * Offtake contracts (an offtaker's promise to buy a farmer's harvest at an agreed price within a
 * delivery window) and the performance-guarantee policies insurers write on them.
 * @module
 */
import type { Db } from '../db/database.js'
import type { Selectable } from 'kysely'
import type { ContractStatus, OfftakeContractsTable } from '../db/schema.js'
import { type IsoDate } from '../kernel/business-date.js'
import { Conflict, NotFound, Refusal } from '../kernel/errors.js'
import { FEN_MAX, fenFromDb } from '../kernel/money.js'
import { getBusinessDate } from '../system/business-date-service.js'
import { AGRI_POLICY, eligibleCategories } from './agri-policy.js'
import { getParty } from './parties.js'

export type ContractInput = {
  offtakerId: number
  farmerId: number
  crop: string
  quantityKg: number
  priceFenPerKg: number
  deliveryFrom: IsoDate
  deliveryTo: IsoDate
  /** Days after each delivery the offtaker's payment for it is due (default {@link PAYMENT_TERM_DAYS_DEFAULT}). */
  paymentTermDays?: number
}

/** The payment term of a contract that names none (API.md, v1 additions). */
export const PAYMENT_TERM_DAYS_DEFAULT = 7

export type Contract = ContractInput & {
  paymentTermDays: number
  contractId: number
  contractValueFen: number
  deliveredKg: number
  status: ContractStatus
}

export async function createContract(db: Db, input: ContractInput): Promise<Contract> {
  await getParty(db, 'farmer', input.farmerId)
  // Only an approved offtaker signs contracts that can be financed (origination checks again).
  if (!(await getParty(db, 'offtaker', input.offtakerId)).approved) {
    throw new Refusal(
      'offtaker_not_approved',
      `Offtaker ${input.offtakerId} is not approved to sign contracts.`,
    )
  }
  if (input.deliveryFrom > input.deliveryTo) {
    throw new Refusal('delivery_window_invalid', 'deliveryFrom must be on or before deliveryTo.')
  }
  const businessDate = await getBusinessDate(db)
  if (input.deliveryTo < businessDate) {
    throw new Refusal('delivery_window_past', `The delivery window must end on or after ${businessDate}.`)
  }
  const valueFen = input.quantityKg * input.priceFenPerKg
  if (!Number.isSafeInteger(valueFen) || valueFen > FEN_MAX) {
    throw new Refusal('contract_value_too_large', `A contract is worth at most ${FEN_MAX} fen.`)
  }
  const result = await db
    .insertInto('offtakeContracts')
    .values({
      ...input,
      paymentTermDays: input.paymentTermDays ?? PAYMENT_TERM_DAYS_DEFAULT,
      valueFen,
      status: 'signed',
    })
    .executeTakeFirstOrThrow()
  return getContract(db, Number(result.insertId))
}

export async function getContract(db: Db, contractId: number): Promise<Contract> {
  const row = await db
    .selectFrom('offtakeContracts')
    .selectAll()
    .where('id', '=', contractId)
    .executeTakeFirst()
  if (!row) throw new NotFound(`No contract ${contractId}.`)
  return contractFromRow(row)
}

/** A contract as read from its row (the offtaker's page lists them). */
export function contractFromRow(row: Selectable<OfftakeContractsTable>): Contract {
  return {
    contractId: Number(row.id),
    offtakerId: Number(row.offtakerId),
    farmerId: Number(row.farmerId),
    crop: row.crop,
    quantityKg: Number(row.quantityKg),
    priceFenPerKg: fenFromDb(row.priceFenPerKg),
    contractValueFen: fenFromDb(row.valueFen),
    deliveryFrom: row.deliveryFrom as IsoDate,
    deliveryTo: row.deliveryTo as IsoDate,
    deliveredKg: Number(row.deliveredKg),
    paymentTermDays: row.paymentTermDays,
    status: row.status,
  }
}

export type PolicyInput = {
  insurerId: number
  farmerId: number
  contractId: number
  coverageBps: number
  premiumFen: number
}

export type Policy = PolicyInput & { policyId: number; status: 'active' | 'claimed' | 'paid' | 'expired' }

/**
 * Writes an insurer's policy on a contract its farmer or offtaker asked it to guarantee. A contract
 * it was not asked about answers as one that does not exist, so an insurer learns nothing of others'
 * contracts. The policy covers at least `AGRI_POLICY.minCoverageBps`, for a premium above zero.
 */
export async function createPolicy(db: Db, input: PolicyInput): Promise<Policy> {
  if (input.coverageBps < AGRI_POLICY.minCoverageBps) {
    throw new Refusal(
      'policy_coverage_below_minimum',
      `A policy covers at least ${AGRI_POLICY.minCoverageBps} bps of the loan.`,
    )
  }
  if (input.premiumFen <= 0) {
    throw new Refusal('policy_premium_not_positive', 'A policy has a premium above zero.')
  }
  if (!(await getParty(db, 'insurer', input.insurerId)).approved) {
    throw new Refusal('insurer_not_approved', `Insurer ${input.insurerId} is not approved to issue policies.`)
  }
  const contract = await db
    .selectFrom('offtakeContracts')
    .innerJoin('guaranteeRequests', 'guaranteeRequests.contractId', 'offtakeContracts.id')
    .select(['offtakeContracts.farmerId', 'offtakeContracts.status'])
    .where('offtakeContracts.id', '=', input.contractId)
    .where('guaranteeRequests.insurerId', '=', input.insurerId)
    .executeTakeFirst()
  // Not asked and not there answer alike (404, one message): the insurer learns nothing of the
  // contract, not even that it exists, whatever farmer it names.
  if (!contract) throw new NotFound(`No contract ${input.contractId}.`)
  if (Number(contract.farmerId) !== input.farmerId) {
    throw new Refusal(
      'policy_contract_mismatch',
      `Contract ${input.contractId} is not farmer ${input.farmerId}'s.`,
    )
  }
  if (contract.status === 'cancelled') {
    throw new Refusal('contract_not_signed', `Contract ${input.contractId} is cancelled.`)
  }
  const result = await db
    .insertInto('guaranteePolicies')
    .values({ ...input, status: 'active' })
    .executeTakeFirstOrThrow()
  return getPolicy(db, Number(result.insertId))
}

export async function getPolicy(db: Db, policyId: number): Promise<Policy> {
  const row = await db
    .selectFrom('guaranteePolicies')
    .selectAll()
    .where('id', '=', policyId)
    .executeTakeFirst()
  if (!row) throw new NotFound(`No policy ${policyId}.`)
  return {
    policyId: Number(row.id),
    insurerId: Number(row.insurerId),
    farmerId: Number(row.farmerId),
    contractId: Number(row.contractId),
    coverageBps: row.coverageBps,
    premiumFen: fenFromDb(row.premiumFen),
    status: row.status,
  }
}

/**
 * The offtaker's input plan for a contract's crop: the categories restricted money of a loan on it
 * may buy and, when `skus` is given, the only products it may buy (each also in a planned category).
 */
export type InputPlan = { categories: string[]; skus?: Array<{ supplierId: number; sku: string }> }

export function parseInputPlan(stored: string | null): InputPlan | null {
  return stored === null ? null : (JSON.parse(stored) as InputPlan)
}

/** Whether a purchase line fits the plan (no plan: everything the crop's policy allows). */
export function inPlan(
  plan: InputPlan | null,
  line: { supplierId: number; sku: string; category: string },
): boolean {
  if (plan === null) return true
  if (!plan.categories.includes(line.category)) return false
  if (plan.skus === undefined || plan.skus.length === 0) return true
  return plan.skus.some((planned) => planned.supplierId === line.supplierId && planned.sku === line.sku)
}

/**
 * The contract's offtaker sets (or replaces) its input plan, while the contract is only signed: under
 * the contract's lock, which origination takes too, so a plan never changes once a loan is booked on
 * it (409 `contract_already_financed`). Another offtaker's contract answers 404.
 */
export async function setInputPlan(
  db: Db,
  input: { contractId: number; offtakerId: number; plan: InputPlan },
): Promise<{ contractId: number } & InputPlan> {
  return db.transaction().execute(async (trx) => {
    const contract = await trx
      .selectFrom('offtakeContracts')
      .select(['offtakerId', 'crop', 'status'])
      .where('id', '=', input.contractId)
      .forUpdate()
      .executeTakeFirst()
    if (!contract || Number(contract.offtakerId) !== input.offtakerId) {
      throw new NotFound(`No contract ${input.contractId}.`)
    }
    if (contract.status === 'cancelled') {
      throw new Refusal('contract_cancelled', `Contract ${input.contractId} is cancelled.`)
    }
    if (contract.status !== 'signed') {
      throw new Conflict(
        'contract_already_financed',
        `Contract ${input.contractId} is ${contract.status}: its input plan can no longer change.`,
      )
    }
    const allowed = eligibleCategories(contract.crop) as readonly string[]
    const outside = input.plan.categories.find((category) => !allowed.includes(category))
    if (outside !== undefined) {
      throw new Refusal('category_not_eligible', `${outside} is not a farm input for ${contract.crop}.`)
    }
    const plan: InputPlan = {
      categories: [...new Set(input.plan.categories)],
      ...(input.plan.skus === undefined ? {} : { skus: input.plan.skus }),
    }
    await trx
      .updateTable('offtakeContracts')
      .set({ inputPlan: JSON.stringify(plan) })
      .where('id', '=', input.contractId)
      .execute()
    return { contractId: input.contractId, ...plan }
  })
}

export type GuaranteeRequest = {
  requestId: number
  contractId: number
  insurerId: number
  requestedBy: string
  createdAt: string
}

/**
 * The contract's farmer or offtaker asks an insurer to guarantee it; from then on the insurer sees
 * the contract and may write a policy on it. Asking again returns the first request.
 */
export async function requestGuarantee(
  db: Db,
  input: {
    contractId: number
    insurerId: number
    asker: { role: 'farmer' | 'offtaker'; subjectId: number; ref: string }
  },
): Promise<{ request: GuaranteeRequest; created: boolean }> {
  const contract = await getContract(db, input.contractId)
  const own =
    input.asker.role === 'farmer'
      ? contract.farmerId === input.asker.subjectId
      : contract.offtakerId === input.asker.subjectId
  if (!own) throw new NotFound(`No contract ${input.contractId}.`)
  const insurer = await db
    .selectFrom('insurers')
    .select('id')
    .where('id', '=', input.insurerId)
    .executeTakeFirst()
  if (!insurer) throw new Refusal('insurer_not_found', `No insurer ${input.insurerId}.`)
  const inserted = await db
    .insertInto('guaranteeRequests')
    .values({ contractId: input.contractId, insurerId: input.insurerId, requestedBy: input.asker.ref })
    .ignore()
    .executeTakeFirst()
  const row = await db
    .selectFrom('guaranteeRequests')
    .selectAll()
    .where('contractId', '=', input.contractId)
    .where('insurerId', '=', input.insurerId)
    .executeTakeFirstOrThrow()
  return { request: toGuaranteeRequest(row), created: Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0 }
}

/** The guarantee requests an insurer received (all of them for officers), newest first. */
export async function listGuaranteeRequests(
  db: Db,
  filter: { insurerId?: number },
  page: { limit: number; cursor?: number },
): Promise<{ items: GuaranteeRequest[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('guaranteeRequests')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
  if (filter.insurerId !== undefined) query = query.where('insurerId', '=', filter.insurerId)
  if (page.cursor !== undefined) query = query.where('id', '<', page.cursor)
  const rows = await query.execute()
  const items = rows.slice(0, page.limit).map(toGuaranteeRequest)
  return { items, nextCursor: rows.length > page.limit ? String(items.at(-1)!.requestId) : null }
}

function toGuaranteeRequest(row: {
  id: number
  contractId: number
  insurerId: number
  requestedBy: string
  createdAt: Date
}): GuaranteeRequest {
  return {
    requestId: Number(row.id),
    contractId: Number(row.contractId),
    insurerId: Number(row.insurerId),
    requestedBy: row.requestedBy,
    createdAt: new Date(row.createdAt).toISOString(),
  }
}

/** Whether the insurer was asked to guarantee the contract (or wrote a policy on it before asking was needed). */
export async function insurerMaySeeContract(db: Db, contractId: number, insurerId: number): Promise<boolean> {
  const asked = await db
    .selectFrom('guaranteeRequests')
    .select('id')
    .where('contractId', '=', contractId)
    .where('insurerId', '=', insurerId)
    .executeTakeFirst()
  if (asked) return true
  const policy = await db
    .selectFrom('guaranteePolicies')
    .select('id')
    .where('contractId', '=', contractId)
    .where('insurerId', '=', insurerId)
    .executeTakeFirst()
  return policy !== undefined
}
