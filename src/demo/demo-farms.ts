/**
 * The demo's farm season, day by day, through the functions the API's routes and the farm loan's
 * activities call: offtake contracts with input plans, guarantee requests and policies, farm loans
 * decided and disbursed into restricted wallets, purchases (some rung up at the supplier's point of
 * sale and confirmed by the farmer), a quick refund, refused attempts, deliveries, an offtaker's cash
 * running the waterfall, a farmer's payout, failed harvests whose loans default at close of business
 * with a claim the insurer decides and pays, and one claim still open; the officer records the bank's
 * answer on each supplier's and insurer's settlement.
 *
 * Each farmer has a part ({@link FARM_PARTS}) timed back from the end of the history, so whatever
 * the history's length the book ends the same way: the main season's loans funded and buying, its
 * harvest still ahead. A part that does not fit in a short history is left out.
 * @module
 */
import { decideAgriApplication, disburseAgriLoan } from '../agri/agri-origination.js'
import { eligibleCategories } from '../agri/agri-policy.js'
import { recordDelivery, deliveryReference } from '../agri/agri-servicing.js'
import { claimPayableFen, decideClaim, payClaim } from '../agri/claims.js'
import { createContract, createPolicy, requestGuarantee, setInputPlan } from '../agri/contracts.js'
import { recordOfftakerPayment } from '../agri/offtaker-payments.js'
import { PurchaseCodeSecret } from '../agri/purchase-request-code.js'
import { confirmPurchaseRequest, createPurchaseRequest } from '../agri/purchase-requests.js'
import { purchase, refundPurchase, refuseWithdrawal } from '../agri/restricted-wallet.js'
import { payOutFarmer, recordSettlementResult } from '../agri/settlements.js'
import type { Db } from '../db/database.js'
import { addDays, type IsoDate } from '../kernel/business-date.js'
import { Refusal } from '../kernel/errors.js'
import { capBps, fenFromDb, mulBps } from '../kernel/money.js'
import { accounts } from '../ledger/chart-of-accounts.js'
import { accountBalance } from '../ledger/ledger-repository.js'
import type { LedgerService } from '../ledger/ledger-service.js'
import { demoBasketLines, type DemoPartyIds } from './demo-parties.js'

type Deps = { db: Db; ledger: LedgerService }

type Purchase = { day: number; supplier: 0 | 1; shareBps: number; via: 'wallet' | 'point_of_sale' }

/**
 * One farmer's part, in days after its contract is signed (`signedBeforeEnd` days before the history
 * ends). Delivery shares are of the contracted quantity; the offtaker pays `paysAfterDueDays` after
 * each delivery's due date (never, when absent).
 */
export type FarmPart = {
  farmer: number
  offtaker: 0 | 1
  insurer: 0 | 1
  crop: string
  quantityKg: number
  priceFenPerKg: number
  signedBeforeEnd: number
  window: [number, number]
  /** No policy and no loan: the farmer has only asked the insurer for a guarantee. */
  guaranteeRequestOnly?: boolean
  loanShareBps: number
  coverageBps: number
  premiumBps: number
  inputPlan?: string[]
  purchases: Purchase[]
  refundOf?: { purchase: number; day: number }
  attempts?: Array<{ day: number; kind: 'ineligible' | 'withdrawal' }>
  deliveries?: Array<{ day: number; shareBps: number }>
  paysAfterDueDays?: number
  /** The farmer pays out part of its free wallet this many days after the offtaker's cash came. */
  payoutAfterPaidDays?: number
  claim?: { decideDay: number; decision: 'accept' | 'partial'; payDay: number }
}

const wallet = (day: number, shareBps: number, supplier: 0 | 1 = 0): Purchase => ({
  day,
  supplier,
  shareBps,
  via: 'wallet',
})
const atShop = (day: number, shareBps: number, supplier: 0 | 1 = 0): Purchase => ({
  day,
  supplier,
  shareBps,
  via: 'point_of_sale',
})

/** Days before the end the main season's contracts are signed; their harvest falls after the end. */
const MAIN_SEASON_BEFORE_END = 65
const MAIN_WINDOW: [number, number] = [100, 130]

export const FARM_PARTS: readonly FarmPart[] = [
  // The main season: funded two months ago, buying inputs, harvest ahead.
  {
    farmer: 0,
    offtaker: 1,
    insurer: 0,
    crop: 'rice',
    quantityKg: 20_000,
    priceFenPerKg: 280,
    signedBeforeEnd: MAIN_SEASON_BEFORE_END,
    window: MAIN_WINDOW,
    loanShareBps: 5_500,
    coverageBps: 8_000,
    premiumBps: 150,
    inputPlan: ['seed', 'fertilizer', 'pesticide', 'equipment_rental'],
    purchases: [
      wallet(3, 2_000),
      atShop(10, 2_500),
      wallet(24, 1_500, 1),
      atShop(40, 1_200),
      wallet(58, 800),
    ],
  },
  {
    farmer: 1,
    offtaker: 1,
    insurer: 1,
    crop: 'wheat',
    quantityKg: 24_000,
    priceFenPerKg: 250,
    signedBeforeEnd: MAIN_SEASON_BEFORE_END,
    window: MAIN_WINDOW,
    loanShareBps: 5_000,
    coverageBps: 7_000,
    premiumBps: 200,
    purchases: [wallet(4, 3_000, 1), wallet(15, 2_000), atShop(33, 1_500)],
    // Goods "returned" to the shop three days after the sale: the supplier watch lists it.
    refundOf: { purchase: 2, day: 36 },
  },
  {
    farmer: 2,
    offtaker: 1,
    insurer: 0,
    crop: 'corn',
    quantityKg: 30_000,
    priceFenPerKg: 220,
    signedBeforeEnd: MAIN_SEASON_BEFORE_END,
    window: MAIN_WINDOW,
    loanShareBps: 4_500,
    coverageBps: 8_000,
    premiumBps: 100,
    purchases: [atShop(5, 2_500), wallet(20, 2_500, 1), wallet(45, 1_000)],
    attempts: [{ day: 21, kind: 'ineligible' }],
  },
  {
    farmer: 3,
    offtaker: 1,
    insurer: 1,
    crop: 'tea',
    quantityKg: 1_500,
    priceFenPerKg: 6_000,
    signedBeforeEnd: MAIN_SEASON_BEFORE_END,
    window: MAIN_WINDOW,
    loanShareBps: 4_000,
    coverageBps: 6_000,
    premiumBps: 250,
    purchases: [wallet(6, 3_000), wallet(30, 2_000, 1)],
    attempts: [{ day: 31, kind: 'withdrawal' }],
  },
  {
    farmer: 4,
    offtaker: 0,
    insurer: 0,
    crop: 'hogs',
    quantityKg: 6_000,
    priceFenPerKg: 1_600,
    signedBeforeEnd: MAIN_SEASON_BEFORE_END,
    window: MAIN_WINDOW,
    loanShareBps: 5_000,
    coverageBps: 9_000,
    premiumBps: 150,
    inputPlan: ['feed', 'veterinary'],
    purchases: [wallet(3, 2_500, 1), atShop(18, 2_000), wallet(38, 2_000, 1), wallet(55, 1_000)],
  },
  {
    farmer: 5,
    offtaker: 0,
    insurer: 1,
    crop: 'dairy',
    quantityKg: 40_000,
    priceFenPerKg: 400,
    signedBeforeEnd: MAIN_SEASON_BEFORE_END,
    window: MAIN_WINDOW,
    loanShareBps: 4_000,
    coverageBps: 7_500,
    premiumBps: 120,
    purchases: [wallet(7, 3_000), wallet(28, 3_000, 1)],
  },
  // An early batch of hogs: delivered, paid on the due date, the loan repaid, the rest to the farmer.
  {
    farmer: 6,
    offtaker: 0,
    insurer: 0,
    crop: 'hogs',
    quantityKg: 5_000,
    priceFenPerKg: 1_600,
    signedBeforeEnd: 115,
    window: [55, 75],
    loanShareBps: 5_000,
    coverageBps: 8_000,
    premiumBps: 150,
    purchases: [wallet(2, 3_000), atShop(12, 3_000, 1), wallet(25, 2_000)],
    deliveries: [{ day: 60, shareBps: 10_400 }],
    paysAfterDueDays: 0,
    payoutAfterPaidDays: 3,
  },
  // Milk delivered short of the contract a fortnight before the end; the offtaker has not paid.
  {
    farmer: 7,
    offtaker: 0,
    insurer: 1,
    crop: 'dairy',
    quantityKg: 30_000,
    priceFenPerKg: 400,
    signedBeforeEnd: 100,
    window: [80, 95],
    loanShareBps: 4_500,
    coverageBps: 7_000,
    premiumBps: 150,
    purchases: [wallet(2, 4_000), wallet(20, 3_000, 1)],
    deliveries: [{ day: 86, shareBps: 9_000 }],
  },
  // Vegetables lost to a flood: the wallet swept when the window closed, default after the grace
  // period, the claim accepted in part and paid; what it does not cover is written off.
  {
    farmer: 8,
    offtaker: 1,
    insurer: 1,
    crop: 'vegetables',
    quantityKg: 25_000,
    priceFenPerKg: 300,
    signedBeforeEnd: 118,
    window: [20, 40],
    loanShareBps: 5_000,
    coverageBps: 8_000,
    premiumBps: 200,
    purchases: [wallet(2, 3_000), wallet(10, 3_000, 1)],
    claim: { decideDay: 73, decision: 'partial', payDay: 80 },
  },
  // A second failed harvest: its claim is open at the end, for the insurer to decide.
  {
    farmer: 9,
    offtaker: 1,
    insurer: 0,
    crop: 'vegetables',
    quantityKg: 20_000,
    priceFenPerKg: 300,
    signedBeforeEnd: 110,
    window: [30, 60],
    loanShareBps: 5_000,
    coverageBps: 7_500,
    premiumBps: 150,
    purchases: [wallet(3, 4_000), atShop(15, 2_000, 1)],
  },
  // Signed a week ago; the farmer has asked the insurer for a guarantee, not yet written.
  {
    farmer: 10,
    offtaker: 1,
    insurer: 0,
    crop: 'soybean',
    quantityKg: 15_000,
    priceFenPerKg: 450,
    signedBeforeEnd: 8,
    window: [150, 180],
    guaranteeRequestOnly: true,
    loanShareBps: 0,
    coverageBps: 0,
    premiumBps: 0,
    purchases: [],
  },
]

/** A part as it is played: the ids it has made so far. */
type Farm = {
  part: FarmPart
  /** History day the contract is signed on. */
  startDay: number
  farmerId: number
  offtakerId: number
  insurerId: number
  contractId?: number
  policyId?: number
  loanId?: number
  fundedFen: number
  purchaseIds: number[]
  deliveryIds: number[]
  paidDay?: number
}

export type FarmSeason = {
  farms: Farm[]
  parties: DemoPartyIds
  officerRef: string
  /** The point of sale's code secret for this run (codes live only as long as the process). */
  secret: PurchaseCodeSecret
  counts: Record<string, number>
}

/** The parts that fit in `days` of history. */
export function planFarmSeason(days: number, parties: DemoPartyIds, officerRef: string): FarmSeason {
  const farms = FARM_PARTS.filter((part) => part.signedBeforeEnd <= days).map((part) => ({
    part,
    startDay: days - part.signedBeforeEnd,
    farmerId: parties.farmers[part.farmer]!,
    offtakerId: parties.offtakers[part.offtaker]!,
    insurerId: parties.insurers[part.insurer]!,
    fundedFen: 0,
    purchaseIds: [],
    deliveryIds: [],
  }))
  return { farms, parties, officerRef, secret: PurchaseCodeSecret.random(), counts: {} }
}

const bump = (season: FarmSeason, what: string) => {
  season.counts[what] = (season.counts[what] ?? 0) + 1
}

/** Whatever each farm's part does on history day `day` (business date `date`), in the morning. */
export async function farmsMorning(
  deps: Deps,
  season: FarmSeason,
  day: number,
  date: IsoDate,
): Promise<void> {
  if (day % SETTLEMENT_RESULTS_EVERY_DAYS === 0) await recordSettlementResults(deps, season, date)
  for (const farm of season.farms) {
    const at = day - farm.startDay
    if (at < 0) continue
    const { part } = farm
    if (at === 0) await sign(deps, season, farm, date)
    if (at === 1 && !part.guaranteeRequestOnly) await borrow(deps, season, farm)
    for (const [n, planned] of part.purchases.entries()) {
      if (planned.day === at) await buy(deps, season, farm, n, planned)
    }
    if (part.refundOf?.day === at) await refund(deps, season, farm, part.refundOf.purchase)
    for (const attempt of part.attempts ?? [])
      if (attempt.day === at) await attemptRefused(deps, season, farm, attempt.kind)
    for (const [n, delivery] of (part.deliveries ?? []).entries()) {
      if (delivery.day === at) await deliver(deps, season, farm, n, delivery.shareBps, date)
    }
    await offtakerPays(deps, season, farm, day, date)
    if (
      farm.paidDay !== undefined &&
      part.payoutAfterPaidDays !== undefined &&
      day === farm.paidDay + part.payoutAfterPaidDays
    ) {
      await farmerPayout(deps, season, farm)
    }
    if (part.claim?.decideDay === at) await insurerDecides(deps, season, farm)
    if (part.claim?.payDay === at) await insurerPays(deps, season, farm)
  }
}

async function sign(deps: Deps, season: FarmSeason, farm: Farm, date: IsoDate): Promise<void> {
  const { part } = farm
  const contract = await createContract(deps.db, {
    offtakerId: farm.offtakerId,
    farmerId: farm.farmerId,
    crop: part.crop,
    quantityKg: part.quantityKg,
    priceFenPerKg: part.priceFenPerKg,
    deliveryFrom: addDays(date, part.window[0]),
    deliveryTo: addDays(date, part.window[1]),
  })
  farm.contractId = contract.contractId
  if (part.inputPlan) {
    await setInputPlan(deps.db, {
      contractId: contract.contractId,
      offtakerId: farm.offtakerId,
      plan: { categories: part.inputPlan },
    })
  }
  await requestGuarantee(deps.db, {
    contractId: contract.contractId,
    insurerId: farm.insurerId,
    asker: { role: 'farmer', subjectId: farm.farmerId, ref: `demo:farmer:${farm.farmerId}` },
  })
  bump(season, 'contracts')
  if (part.guaranteeRequestOnly) return
  const amountFen = loanAmountFen(contract.contractValueFen, part.loanShareBps)
  const policy = await createPolicy(deps.db, {
    insurerId: farm.insurerId,
    farmerId: farm.farmerId,
    contractId: contract.contractId,
    coverageBps: part.coverageBps,
    premiumFen: Math.max(100, Math.round(mulBps(amountFen, part.premiumBps) / 100) * 100),
  })
  farm.policyId = policy.policyId
}

/** `shareBps` of the contract's value, to the yuan. */
const loanAmountFen = (contractValueFen: number, shareBps: number) =>
  Math.floor(capBps(contractValueFen, shareBps) / 100) * 100

async function borrow(deps: Deps, season: FarmSeason, farm: Farm): Promise<void> {
  const contractValueFen = farm.part.quantityKg * farm.part.priceFenPerKg
  const outcome = await decideAgriApplication(deps, {
    workflowId: `demo/agri/${farm.farmerId}/${farm.contractId}`,
    farmerId: farm.farmerId,
    contractId: farm.contractId!,
    policyId: farm.policyId!,
    amountFen: loanAmountFen(contractValueFen, farm.part.loanShareBps),
  })
  if (outcome.kind !== 'approved') {
    throw new Error(`demo farm loan for farmer ${farm.farmerId} not approved: ${JSON.stringify(outcome)}`)
  }
  await disburseAgriLoan(deps, outcome.loanId)
  farm.loanId = outcome.loanId
  const restricted = await accountBalance(deps.db, accounts.restrictedWallet(outcome.loanId).code)
  farm.fundedFen = restricted.balanceFen
  bump(season, 'farm loans')
}

/** Lines of about `targetFen` from what the crop needs at the supplier, two or three of them by weight. */
function basket(farm: Farm, supplier: 0 | 1, targetFen: number, n: number) {
  const categories = farm.part.inputPlan ?? eligibleCategories(farm.part.crop)
  const products = demoBasketLines(supplier, farm.part.crop, categories)
  if (products.length === 0) return []
  // Each purchase a few lines further down the crop's list, so a season buys all of it.
  const count = Math.min(products.length, 2 + (n % 2))
  const chosen = Array.from({ length: count }, (_, k) => products[(n * count + k) % products.length]!)
  const weightSum = chosen.reduce((sum, product) => sum + product.weight, 0)
  const lines: Array<{ sku: string; quantity: number }> = []
  for (const product of chosen) {
    const quantity = Math.floor((targetFen * product.weight) / weightSum / product.priceFen)
    if (quantity > 0) lines.push({ sku: product.sku, quantity })
  }
  return lines
}

async function buy(deps: Deps, season: FarmSeason, farm: Farm, n: number, planned: Purchase): Promise<void> {
  if (farm.loanId === undefined) return
  const supplierId = season.parties.suppliers[planned.supplier]!
  const lines = basket(farm, planned.supplier, capBps(farm.fundedFen, planned.shareBps), n)
  if (lines.length === 0) return
  const requestKey = `demo:purchase:${farm.loanId}:${n}`
  if (planned.via === 'wallet') {
    const paid = await purchase(deps, {
      walletId: farm.loanId,
      supplierId,
      lines,
      requestKey,
      principalRef: `demo:farmer:${farm.farmerId}`,
    })
    farm.purchaseIds[n] = paid.purchaseId
  } else {
    // The supplier rings it up; the farmer confirms it on their page.
    const pointOfSale = { ...deps, secret: season.secret, nowMs: () => Date.now() }
    const request = await createPurchaseRequest(pointOfSale, {
      supplierId,
      farmerId: farm.farmerId,
      lines,
      requestKey,
      principalRef: `demo:supplier:${supplierId}`,
    })
    const paid = await confirmPurchaseRequest(
      pointOfSale,
      { role: 'farmer', subjectId: farm.farmerId, ref: `demo:farmer:${farm.farmerId}` },
      { requestId: request.requestId },
    )
    farm.purchaseIds[n] = paid.purchaseId
  }
  bump(season, 'purchases')
}

async function refund(deps: Deps, season: FarmSeason, farm: Farm, n: number): Promise<void> {
  const purchaseId = farm.purchaseIds[n]
  if (purchaseId === undefined) return
  const row = await deps.db
    .selectFrom('purchases')
    .select('supplierId')
    .where('id', '=', purchaseId)
    .executeTakeFirstOrThrow()
  await refundPurchase(deps, { purchaseId, supplierId: Number(row.supplierId) })
  bump(season, 'refunds')
}

/** The farmer tries what the wallet refuses; the refusal is recorded as a blocked attempt. */
async function attemptRefused(
  deps: Deps,
  season: FarmSeason,
  farm: Farm,
  kind: 'ineligible' | 'withdrawal',
): Promise<void> {
  if (farm.loanId === undefined) return
  const principalRef = `demo:farmer:${farm.farmerId}`
  try {
    if (kind === 'withdrawal') {
      await refuseWithdrawal(deps.db, { walletId: farm.loanId, kind: 'withdrawal', principalRef })
    } else {
      await purchase(deps, {
        walletId: farm.loanId,
        supplierId: season.parties.suppliers[0]!,
        lines: [{ sku: 'phone', quantity: 1 }],
        requestKey: `demo:attempt:${farm.loanId}:${kind}`,
        principalRef,
      })
    }
  } catch (error) {
    if (!(error instanceof Refusal)) throw error
    bump(season, 'blocked attempts')
    return
  }
  throw new Error(`demo: the wallet of loan ${farm.loanId} let a ${kind} through`)
}

async function deliver(
  deps: Deps,
  season: FarmSeason,
  farm: Farm,
  n: number,
  shareBps: number,
  date: IsoDate,
): Promise<void> {
  const delivery = await recordDelivery(deps, {
    contractId: farm.contractId!,
    offtakerId: farm.offtakerId,
    quantityKg: Math.round((farm.part.quantityKg * shareBps) / 10_000),
    deliveredOn: date,
    requestKey: `demo:delivery:${farm.contractId}:${n}`,
  })
  farm.deliveryIds.push(delivery.deliveryId)
  bump(season, 'deliveries')
}

/** An offtaker that pays does so on the due date (plus its delay), the whole proceeds. */
async function offtakerPays(deps: Deps, season: FarmSeason, farm: Farm, day: number, date: IsoDate) {
  const delay = farm.part.paysAfterDueDays
  if (delay === undefined || farm.deliveryIds.length === 0) return
  for (const deliveryId of farm.deliveryIds) {
    const row = await deps.db
      .selectFrom('deliveries')
      .select(['proceedsFen', 'paidFen', 'dueOn'])
      .where('id', '=', deliveryId)
      .executeTakeFirstOrThrow()
    const owedFen = fenFromDb(row.proceedsFen) - fenFromDb(row.paidFen)
    if (owedFen <= 0 || addDays(row.dueOn as IsoDate, delay) !== date) continue
    await recordOfftakerPayment(deps, {
      offtakerId: farm.offtakerId,
      amountFen: owedFen,
      paidOn: date,
      reference: deliveryReference(deliveryId),
      deliveryIds: [deliveryId],
      requestKey: `demo:offtaker-payment:${deliveryId}`,
    })
    farm.paidDay = day
    bump(season, 'offtaker payments')
  }
}

/** Half of what reached the farmer's free wallet goes to its bank. */
async function farmerPayout(deps: Deps, season: FarmSeason, farm: Farm): Promise<void> {
  const free = await accountBalance(deps.db, accounts.farmerWallet(farm.farmerId).code)
  const amountFen = Math.floor(free.availableFen / 2 / 100) * 100
  if (amountFen <= 0) return
  await payOutFarmer(deps, {
    farmerId: farm.farmerId,
    amountFen,
    requestKey: `demo:farmer-payout:${farm.farmerId}`,
  })
  bump(season, 'farmer payouts')
}

async function openClaim(db: Db, farm: Farm) {
  if (farm.loanId === undefined) return undefined
  return db
    .selectFrom('guaranteeClaims')
    .select(['id', 'claimFen'])
    .where('loanId', '=', farm.loanId)
    .executeTakeFirst()
}

async function insurerDecides(deps: Deps, season: FarmSeason, farm: Farm): Promise<void> {
  const claim = await openClaim(deps.db, farm)
  if (!claim || !farm.part.claim) return
  const partial = farm.part.claim.decision === 'partial'
  await decideClaim(deps, {
    claimId: Number(claim.id),
    insurerId: farm.insurerId,
    decision: farm.part.claim.decision,
    ...(partial ? { amountFen: capBps(fenFromDb(claim.claimFen), 7_500) } : {}),
    reason: partial ? 'part of the field was above the flood line' : 'flood confirmed by the county office',
    principalRef: `demo:insurer:${farm.insurerId}`,
    actionKey: `demo:claim-decision:${claim.id}`,
  })
  bump(season, 'claims decided')
}

async function insurerPays(deps: Deps, season: FarmSeason, farm: Farm): Promise<void> {
  const claim = await openClaim(deps.db, farm)
  if (!claim) return
  const amountFen = await claimPayableFen(deps.db, Number(claim.id))
  if (amountFen <= 0) return
  await payClaim(deps, {
    claimId: Number(claim.id),
    insurerId: farm.insurerId,
    amountFen,
    reference: `CLM-${claim.id}`,
    requestKey: `demo:claim-pay:${claim.id}`,
  })
  bump(season, 'claims paid')
}

/** Days the bank takes to answer a settlement, and how often the officer records its answers. */
const SETTLEMENT_BANK_DAYS = 2
const SETTLEMENT_RESULTS_EVERY_DAYS = 2

/**
 * The officer records the bank's answer on settlements sent {@link SETTLEMENT_BANK_DAYS} ago: all
 * paid but the first supplier's first, which bounces (its money goes back to the payable and is
 * settled again at the next close).
 */
async function recordSettlementResults(deps: Deps, season: FarmSeason, date: IsoDate): Promise<void> {
  const due = await deps.db
    .selectFrom('settlements')
    .select(['id', 'supplierId'])
    .where('status', '=', 'pending')
    .where('businessDate', '<=', addDays(date, -SETTLEMENT_BANK_DAYS))
    .orderBy('id')
    .execute()
  for (const settlement of due) {
    const bounces =
      Number(settlement.supplierId) === season.parties.suppliers[0] && !season.counts['settlements failed']
    await recordSettlementResult(deps, {
      settlementId: Number(settlement.id),
      status: bounces ? 'failed' : 'paid',
      bankReference: `BANK-${date.replaceAll('-', '')}-${settlement.id}`,
      principalRef: season.officerRef,
      actionKey: `demo:settlement-result:${settlement.id}`,
    })
    bump(season, bounces ? 'settlements failed' : 'settlements paid')
  }
}
