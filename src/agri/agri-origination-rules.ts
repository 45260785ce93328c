/**
 * The rules of a farm loan application, as a pure function of what was read under the contract's
 * lock: declined with every reason that applies, or approved and secured by the contract.
 * src/agri/agri-origination.ts reads the facts and writes the outcome.
 * @module
 */
import type { Reason } from '../credit/application-decision.js'
import type { IsoDate } from '../kernel/business-date.js'
import type { RefusalCodeWith } from '../kernel/refusals.js'
import { capBps } from '../kernel/money.js'
import { AGRI_POLICY, eligibleCategories, type FarmInputCategory } from './agri-policy.js'

/** What the farmer asks for (the application without its workflow id). */
export type AgriApplicationRequest = {
  farmerId: number
  contractId: number
  policyId: number
  amountFen: number
  /** At most this share (bps of the approved amount) may be spent on each category named. */
  categoryBudgets?: Partial<Record<FarmInputCategory, number>>
}

export type ContractFacts = {
  id: number
  farmerId: number
  offtakerId: number
  status: string
  valueFen: number
  crop: string
  deliveryTo: IsoDate
}

export type PolicyFacts = {
  id: number
  insurerId: number
  status: string
  contractId: number
  farmerId: number
  premiumDeducted: boolean
  premiumFen: number
}

/** The contract (locked) and the policy named, each null when there is none. */
export type AgriApplicationFacts = {
  businessDate: IsoDate
  contract: ContractFacts | null
  policy: PolicyFacts | null
}

export type AgriVerdict =
  | { kind: 'declined'; reasons: Reason[] }
  | { kind: 'approved'; reasons: Reason[]; contract: ContractFacts; policy: PolicyFacts }

/** Every rule is checked, so a declined farmer hears all the reasons at once. */
export function judgeAgriApplication(
  request: AgriApplicationRequest,
  facts: AgriApplicationFacts,
): AgriVerdict {
  const { contract, policy, businessDate } = facts
  const reasons: Reason[] = []
  const maxFen = contract ? capBps(contract.valueFen, AGRI_POLICY.advanceRateBps) : 0 // a cap rounds down
  if (!contract || contract.farmerId !== request.farmerId) {
    reasons.push({ code: 'contract_not_found', text: `Contract ${request.contractId} is not this farmer's.` })
  } else if (contract.status === 'financed' || contract.status === 'delivering') {
    reasons.push({
      code: 'contract_already_financed',
      text: `Contract ${contract.id} is already financed.`,
    })
  } else if (contract.status !== 'signed') {
    reasons.push({ code: 'contract_not_signed', text: `Contract ${contract.id} is ${contract.status}.` })
  } else if (contract.deliveryTo <= businessDate) {
    reasons.push({
      code: 'contract_window_closed',
      text: `Contract ${contract.id}'s delivery window has ended.`,
    })
  }
  if (!policy || policy.status !== 'active') {
    reasons.push({ code: 'policy_not_active', text: `Policy ${request.policyId} is missing or not active.` })
  } else if (policy.contractId !== request.contractId || policy.farmerId !== request.farmerId) {
    reasons.push({
      code: 'policy_not_covering',
      text: `Policy ${policy.id} does not cover contract ${request.contractId} for this farmer.`,
    })
  }
  if (contract && request.amountFen > maxFen) {
    reasons.push({
      code: 'amount_above_advance',
      text: `At most ${AGRI_POLICY.advanceRateBps / 100}% of the contract's value (${maxFen} fen) is advanced.`,
    })
  }
  const premiumFen = policy?.premiumDeducted ? policy.premiumFen : 0
  if (premiumFen >= request.amountFen) {
    reasons.push({
      code: 'amount_below_premium',
      text: `The loan must be more than the ${premiumFen} fen premium.`,
    })
  }
  const allowed = contract ? eligibleCategories(contract.crop) : []
  for (const category of Object.keys(request.categoryBudgets ?? {})) {
    if (!allowed.includes(category as FarmInputCategory)) {
      reasons.push({
        code: 'budget_category_not_eligible',
        text: `${category} is not a farm input for this crop.`,
      })
    }
  }
  if (reasons.length > 0 || !contract || !policy) return { kind: 'declined', reasons }
  return {
    kind: 'approved',
    reasons: [
      {
        code: 'secured_by_contract',
        text: `Repaid from contract ${contract.id} (${contract.valueFen} fen) and guaranteed by policy ${request.policyId}.`,
      },
    ],
    contract,
    policy,
  }
}

/** A party that backs a loan (the offtaker whose contract repays it, the insurer that guarantees it), read under its lock. */
export type BackerFacts = {
  id: number
  approved: boolean
  /** Outstanding principal of the farm loans it backs already (booked loans in full). */
  exposureFen: number
}

export type BackingFacts = {
  /** With the proceeds of its deliveries past due and unpaid (an offtaker that does not pay backs nothing new). */
  offtaker: BackerFacts & { overdueProceedsFen?: number }
  insurer: BackerFacts
}

export type AgriRefusalCode = Extract<
  RefusalCodeWith<422>,
  | 'offtaker_not_approved'
  | 'insurer_not_approved'
  | 'offtaker_proceeds_overdue'
  | 'offtaker_exposure_limit'
  | 'insurer_exposure_limit'
>

/** Refused (422, nothing written): the application cannot be decided with these backers. */
export type AgriRefusal = { kind: 'refused'; code: AgriRefusalCode; detail: string }

/**
 * Whether the parties behind an approvable loan may back it: both approved by an officer, and
 * neither taken past its exposure limit by this loan (API.md, v1 additions). Null when they may.
 */
export function judgeBacking(amountFen: number, backing: BackingFacts): AgriRefusal | null {
  const { offtaker, insurer } = backing
  if (!offtaker.approved) {
    return {
      kind: 'refused',
      code: 'offtaker_not_approved',
      detail: `Offtaker ${offtaker.id} is not approved to back loans.`,
    }
  }
  if (!insurer.approved) {
    return {
      kind: 'refused',
      code: 'insurer_not_approved',
      detail: `Insurer ${insurer.id} is not approved to back loans.`,
    }
  }
  // The figures stay out of the detail: the farmer must not learn another party's book.
  if ((offtaker.overdueProceedsFen ?? 0) > 0) {
    return {
      kind: 'refused',
      code: 'offtaker_proceeds_overdue',
      detail: `The contract's offtaker has not paid for deliveries past their due date.`,
    }
  }
  if (offtaker.exposureFen + amountFen > AGRI_POLICY.offtakerExposureFenMax) {
    return {
      kind: 'refused',
      code: 'offtaker_exposure_limit',
      detail: `The contract's offtaker backs as much outstanding principal as it may.`,
    }
  }
  if (insurer.exposureFen + amountFen > AGRI_POLICY.insurerExposureFenMax) {
    return {
      kind: 'refused',
      code: 'insurer_exposure_limit',
      detail: `The policy's insurer guarantees as much outstanding principal as it may.`,
    }
  }
  return null
}
