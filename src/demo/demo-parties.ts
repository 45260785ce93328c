/**
 * The farm loop's demo parties: two suppliers with catalogues an officer reviewed, two offtakers, two
 * insurers (approved by the demo officer, audited) and the farmers of the demo season. Created through
 * the same functions the API's routes call, once: each party is found by its external reference on
 * a later start. Which party each demo page opens as is {@link DEMO_PAGE_PARTIES}.
 * @module
 */
import type { PageRole } from '../access/sign-in-links.js'
import {
  createParty,
  decideApproval,
  reviewProduct,
  upsertProduct,
  type PartyKind,
  type ProductInput,
} from '../agri/parties.js'
import { createPurchaseRequest, type PurchaseRequestDeps } from '../agri/purchase-requests.js'
import type { Db } from '../db/database.js'
import { NotFound, Refusal } from '../kernel/errors.js'
import type { LedgerService } from '../ledger/ledger-service.js'

type Deps = { db: Db; ledger: LedgerService }

/** A party a demo sign-in link opens the page of. */
export type DemoParty = { role: PageRole; subjectId: number; label: string }

type PartySpec = { ref: string; name: string; region?: string }

export const DEMO_SUPPLIERS = [
  { ref: 'demo-supplier-1', name: 'Fengshou Farm Supply' },
  { ref: 'demo-supplier-2', name: 'Lüye Agri Inputs' },
] as const satisfies readonly PartySpec[]

export const DEMO_OFFTAKERS = [
  { ref: 'demo-offtaker-1', name: 'Sunrise Pork & Dairy' },
  { ref: 'demo-offtaker-2', name: 'Golden Grain Cooperative' },
] as const satisfies readonly PartySpec[]

export const DEMO_INSURERS = [
  { ref: 'demo-insurer-1', name: 'Prairie Mutual Insurance' },
  { ref: 'demo-insurer-2', name: 'Harvest Guarantee Co.' },
] as const satisfies readonly PartySpec[]

/** The farmers, in the order src/demo/demo-farms.ts gives them their parts in the season. */
export const DEMO_FARMERS = [
  { ref: 'demo-farmer-1', name: 'Wang Jianguo', region: 'Heilongjiang' },
  { ref: 'demo-farmer-2', name: 'Li Xiuying', region: 'Henan' },
  { ref: 'demo-farmer-3', name: 'Zhang Wei', region: 'Shandong' },
  { ref: 'demo-farmer-4', name: 'Liu Yang', region: 'Yunnan' },
  { ref: 'demo-farmer-5', name: 'Chen Jing', region: 'Sichuan' },
  { ref: 'demo-farmer-6', name: 'Zhao Lei', region: 'Anhui' },
  { ref: 'demo-farmer-7', name: 'Huang Min', region: 'Sichuan' },
  { ref: 'demo-farmer-8', name: 'Zhou Qiang', region: 'Hebei' },
  { ref: 'demo-farmer-9', name: 'Wu Fang', region: 'Hubei' },
  { ref: 'demo-farmer-10', name: 'Xu Gang', region: 'Jiangsu' },
  { ref: 'demo-farmer-11', name: 'Sun Li', region: 'Heilongjiang' },
] as const satisfies readonly PartySpec[]

/** The product lines each supplier lists, priced ±5% per shop (whole yuan). */
export const DEMO_CATALOGUE = [
  { sku: 'rice-seed', name: 'Hybrid rice seed, 5 kg', category: 'seed', unit: 'bag', priceFen: 12_000 },
  { sku: 'wheat-seed', name: 'Winter wheat seed, 25 kg', category: 'seed', unit: 'bag', priceFen: 9_000 },
  { sku: 'corn-seed', name: 'Corn seed, 10 kg', category: 'seed', unit: 'bag', priceFen: 15_000 },
  { sku: 'tea-seedlings', name: 'Tea seedlings, 100', category: 'seed', unit: 'tray', priceFen: 20_000 },
  { sku: 'urea', name: 'Urea 46%, 50 kg', category: 'fertilizer', unit: 'bag', priceFen: 15_000 },
  { sku: 'npk', name: 'NPK compound 15-15-15, 50 kg', category: 'fertilizer', unit: 'bag', priceFen: 22_000 },
  { sku: 'herbicide', name: 'Herbicide, 5 l', category: 'pesticide', unit: 'can', priceFen: 8_000 },
  { sku: 'fungicide', name: 'Fungicide, 1 kg', category: 'pesticide', unit: 'bag', priceFen: 11_000 },
  { sku: 'pig-feed', name: 'Pig grower feed, 40 kg', category: 'feed', unit: 'bag', priceFen: 16_000 },
  { sku: 'cattle-feed', name: 'Dairy cattle feed, 40 kg', category: 'feed', unit: 'bag', priceFen: 14_000 },
  { sku: 'vaccine-pack', name: 'Vaccine pack', category: 'veterinary', unit: 'pack', priceFen: 5_000 },
  { sku: 'drip-tape', name: 'Drip tape, 500 m', category: 'irrigation', unit: 'roll', priceFen: 25_000 },
  {
    sku: 'tractor-day',
    name: 'Tractor with driver',
    category: 'equipment_rental',
    unit: 'day',
    priceFen: 60_000,
  },
  { sku: 'phone', name: 'Smartphone', category: 'electronics', unit: 'piece', priceFen: 199_900 },
] as const satisfies ReadonlyArray<Omit<ProductInput, 'supplierId'>>

/** What the first supplier lists last and nobody has reviewed yet: its page shows one product pending. */
const PENDING_PRODUCT = {
  sku: 'drone-spraying',
  name: 'Drone spraying, per mu',
  category: 'pesticide',
  unit: 'mu',
  priceFen: 1_500,
}
/** What the second supplier lists to cash restricted money out; the officer rejects it as what it is. */
const MISLABELLED_PRODUCT = {
  sku: 'tv-fertilizer',
  name: 'Fertilizer (television)',
  category: 'fertilizer',
  unit: 'piece',
  priceFen: 299_900,
}

export type DemoPartyIds = {
  suppliers: number[]
  offtakers: number[]
  insurers: number[]
  farmers: number[]
}

const TABLES = {
  farmer: 'farmers',
  supplier: 'suppliers',
  offtaker: 'offtakers',
  insurer: 'insurers',
} as const

async function partyId(db: Db, kind: PartyKind, ref: string): Promise<number | undefined> {
  const row = await db.selectFrom(TABLES[kind]).select('id').where('externalRef', '=', ref).executeTakeFirst()
  return row === undefined ? undefined : Number(row.id)
}

/** The party with `spec.ref`, created (and, for a vetted kind, approved by the officer) if missing. */
async function ensureParty(
  deps: Deps,
  kind: PartyKind,
  spec: PartySpec,
  officerRef: string,
): Promise<{ id: number; created: boolean }> {
  const existing = await partyId(deps.db, kind, spec.ref)
  if (existing !== undefined) return { id: existing, created: false }
  const party = await createParty(deps, kind, {
    externalRef: spec.ref,
    name: spec.name,
    ...(spec.region === undefined ? {} : { region: spec.region }),
  })
  if (kind !== 'farmer') {
    await decideApproval(deps.db, kind, party.id, {
      decision: 'approve',
      reason: 'licence and bank account checked (demo)',
      principalRef: officerRef,
      actionKey: `demo:approve:${kind}:${party.id}`,
    })
  }
  return { id: party.id, created: true }
}

/** Every demo party, created once; a new supplier's catalogue is listed and reviewed. */
export async function ensureDemoParties(deps: Deps, officerRef: string): Promise<DemoPartyIds> {
  const ids: DemoPartyIds = { suppliers: [], offtakers: [], insurers: [], farmers: [] }
  for (const [n, spec] of DEMO_SUPPLIERS.entries()) {
    const supplier = await ensureParty(deps, 'supplier', spec, officerRef)
    if (supplier.created) await listCatalogue(deps.db, supplier.id, n, officerRef)
    ids.suppliers.push(supplier.id)
  }
  for (const spec of DEMO_OFFTAKERS)
    ids.offtakers.push((await ensureParty(deps, 'offtaker', spec, officerRef)).id)
  for (const spec of DEMO_INSURERS)
    ids.insurers.push((await ensureParty(deps, 'insurer', spec, officerRef)).id)
  for (const spec of DEMO_FARMERS) ids.farmers.push((await ensureParty(deps, 'farmer', spec, officerRef)).id)
  return ids
}

/** The price supplier `n` asks for a catalogue line: ±5% around the list price, to the yuan. */
export function demoPriceFen(listPriceFen: number, supplierIndex: number, line: number): number {
  const spreadBps = (((supplierIndex * 7 + line * 3) % 11) - 5) * 100
  return Math.round((listPriceFen * (10_000 + spreadBps)) / 10_000 / 100) * 100
}

async function listCatalogue(db: Db, supplierId: number, n: number, officerRef: string): Promise<void> {
  const by = { principalRef: `demo:supplier:${supplierId}` }
  for (const [line, item] of DEMO_CATALOGUE.entries()) {
    const priceFen = demoPriceFen(item.priceFen, n, line)
    await upsertProduct(db, { supplierId, ...item, priceFen }, by)
    // The officer reviews each line as what it is, at the price it is sold at.
    await reviewProduct(db, {
      supplierId,
      sku: item.sku,
      decision: 'approve',
      category: item.category,
      referencePriceFen: priceFen,
      reason: 'catalogue review (demo)',
      principalRef: officerRef,
    })
  }
  if (n === 0) await upsertProduct(db, { supplierId, ...PENDING_PRODUCT }, by)
  if (n === 1) {
    await upsertProduct(db, { supplierId, ...MISLABELLED_PRODUCT }, by)
    await reviewProduct(db, {
      supplierId,
      sku: MISLABELLED_PRODUCT.sku,
      decision: 'reject',
      category: 'electronics',
      referencePriceFen: MISLABELLED_PRODUCT.priceFen,
      reason: 'a television, not fertilizer',
      principalRef: officerRef,
    })
  }
}

/**
 * The catalogue lines a farmer of each crop buys (within what the loan and its input plan allow), each
 * with its weight in a purchase: feed outweighs vaccines, seed and fertilizer outweigh herbicide.
 */
const CROP_INPUTS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  rice: { 'rice-seed': 3, urea: 3, npk: 2, herbicide: 1, fungicide: 1, 'tractor-day': 2 },
  wheat: { 'wheat-seed': 3, urea: 3, herbicide: 1, 'drip-tape': 1, 'tractor-day': 2 },
  corn: { 'corn-seed': 3, urea: 2, npk: 2, herbicide: 1, 'tractor-day': 2 },
  tea: { 'tea-seedlings': 3, npk: 2, fungicide: 1, 'drip-tape': 2 },
  hogs: { 'pig-feed': 6, 'vaccine-pack': 1 },
  dairy: { 'cattle-feed': 6, 'vaccine-pack': 1, 'tractor-day': 1 },
  vegetables: { npk: 3, urea: 2, herbicide: 1, 'drip-tape': 2, fungicide: 1 },
}

/** What a farmer of `crop` buys at supplier `supplierIndex`, at that supplier's prices, within `categories`. */
export function demoBasketLines(
  supplierIndex: number,
  crop: string,
  categories: readonly string[],
): Array<{ sku: string; category: string; priceFen: number; weight: number }> {
  const wanted = CROP_INPUTS[crop] ?? {}
  return DEMO_CATALOGUE.flatMap((item, line) => {
    const weight = wanted[item.sku]
    return weight !== undefined && categories.includes(item.category)
      ? [
          {
            sku: item.sku,
            category: item.category,
            priceFen: demoPriceFen(item.priceFen, supplierIndex, line),
            weight,
          },
        ]
      : []
  })
}

/** The party each demo page opens as: the first supplier, offtaker and insurer, and the first farmer. */
export const DEMO_PAGE_PARTIES = {
  farmer: DEMO_FARMERS[0],
  supplier: DEMO_SUPPLIERS[0],
  offtaker: DEMO_OFFTAKERS[0],
  insurer: DEMO_INSURERS[0],
} as const

/** The demo farm parties that exist, with a label each (the merchant is the seed's to add). */
export async function demoFarmParties(db: Db): Promise<DemoParty[]> {
  const parties: DemoParty[] = []
  for (const [role, spec] of Object.entries(DEMO_PAGE_PARTIES) as Array<[PartyKind, PartySpec]>) {
    const id = await partyId(db, role, spec.ref)
    if (id === undefined) continue
    const what = role === 'farmer' ? `rice farmer, ${spec.region}` : role
    parties.push({ role, subjectId: id, label: `${spec.name} (${what})` })
  }
  return parties
}

/**
 * A sale waiting at the demo supplier's counter for the demo farmer's consent, rung up on every start
 * (a request lasts 15 minutes, so an earlier start's has expired): the farmer page then shows a request
 * with its one-time code and a confirm button, as a farmer would see it at the shop. Two bags of urea and
 * one can of herbicide, through the same function the supplier's API call uses, under the server's own
 * code secret (the page unseals the code with it). Nothing when the farmer has no open restricted
 * wallet, already has a request waiting, or cannot afford it (the refusal is the season's, not a fault).
 */
export async function ringUpWaitingPurchase(
  deps: PurchaseRequestDeps,
): Promise<{ requestId: number; amountFen: number } | null> {
  const farmerId = await partyId(deps.db, 'farmer', DEMO_PAGE_PARTIES.farmer.ref)
  const supplierId = await partyId(deps.db, 'supplier', DEMO_PAGE_PARTIES.supplier.ref)
  if (farmerId === undefined || supplierId === undefined) return null
  const waiting = await deps.db
    .selectFrom('purchaseRequests')
    .select('id')
    .where('farmerId', '=', farmerId)
    .where('status', '=', 'awaiting_farmer')
    .where('expiresAtMs', '>', deps.nowMs())
    .executeTakeFirst()
  if (waiting) return null
  try {
    const request = await createPurchaseRequest(deps, {
      supplierId,
      farmerId,
      lines: [
        { sku: 'urea', quantity: 2 },
        { sku: 'herbicide', quantity: 1 },
      ],
      requestKey: `demo:waiting:${farmerId}:${deps.nowMs()}`,
      principalRef: `demo:supplier:${supplierId}`,
    })
    return { requestId: request.requestId, amountFen: request.amountFen }
  } catch (error) {
    if (error instanceof NotFound || error instanceof Refusal) return null
    throw error
  }
}
