/**
 * Funded farm loans for tests and benchmarks that exercise the restricted wallet itself: a supplier
 * with one seed SKU, and farmers each with a contract, a policy, an approved and disbursed loan (its
 * wallet) and a farmer API key. Built through the domain functions, without the origination workflow.
 */
import { randomBytes } from 'node:crypto'
import { createPrincipal } from '../../src/access/principal-service.js'
import { decideAgriApplication, disburseAgriLoan } from '../../src/agri/agri-origination.js'
import { createContract, createPolicy, requestGuarantee } from '../../src/agri/contracts.js'
import { createParty, reviewProduct, upsertProduct } from '../../src/agri/parties.js'
import type { Db } from '../../src/db/database.js'
import { addDays } from '../../src/kernel/business-date.js'
import type { LedgerService } from '../../src/ledger/ledger-service.js'
import { getBusinessDate } from '../../src/system/business-date-service.js'

export const SKU = 'bench-seed'
export const UNIT_PRICE_FEN = 100
/** Each policy's premium (a policy's premium is above zero), paid apart from the loan. */
export const PREMIUM_FEN = 100

export type Wallet = { walletId: number; farmerId: number; key: string }

/** A supplier with one seed SKU, and `count` farmers each with a funded farm loan (its wallet). */
export async function setUpWallets(
  env: { db: Db; ledger: LedgerService },
  count: number,
  purchasesEach: number,
): Promise<{ supplierId: number; wallets: Wallet[] }> {
  const run = randomBytes(3).toString('hex')
  const supplier = await createParty(env, 'supplier', {
    externalRef: `bench-sup-${run}`,
    name: 'Bench Supply',
    approved: true,
  })
  await upsertProduct(env.db, {
    supplierId: supplier.id,
    sku: SKU,
    name: 'Seed',
    category: 'seed',
    priceFen: UNIT_PRICE_FEN,
  })
  await reviewProduct(env.db, {
    supplierId: supplier.id,
    sku: SKU,
    decision: 'approve',
    category: 'seed',
    referencePriceFen: UNIT_PRICE_FEN,
    reason: 'reviewed as labelled',
    principalRef: 'test',
  })
  const offtaker = await createParty(env, 'offtaker', {
    externalRef: `bench-off-${run}`,
    name: 'Bench Offtaker',
    approved: true,
  })
  const insurer = await createParty(env, 'insurer', {
    externalRef: `bench-ins-${run}`,
    name: 'Bench Insurer',
    approved: true,
  })
  const today = await getBusinessDate(env.db)
  // Enough in each wallet for every purchase of the runs, with room to spare.
  const amountFen = Math.max(1_000_000, purchasesEach * UNIT_PRICE_FEN * 2)
  const wallets: Wallet[] = []
  for (let i = 0; i < count; i++) {
    const farmer = await createParty(env, 'farmer', {
      externalRef: `bench-farmer-${run}-${i}`,
      name: `Farmer ${i}`,
      region: 'Bench',
    })
    const contract = await createContract(env.db, {
      offtakerId: offtaker.id,
      farmerId: farmer.id,
      crop: 'rice',
      quantityKg: Math.ceil(amountFen / 100),
      priceFenPerKg: 200,
      deliveryFrom: addDays(today, 120),
      deliveryTo: addDays(today, 150),
    })
    await requestGuarantee(env.db, {
      contractId: contract.contractId,
      insurerId: insurer.id,
      asker: { role: 'farmer', subjectId: farmer.id, ref: 'farm-wallets' },
    })
    const policy = await createPolicy(env.db, {
      insurerId: insurer.id,
      farmerId: farmer.id,
      contractId: contract.contractId,
      coverageBps: 8_000,
      premiumFen: PREMIUM_FEN,
    })
    // Paid apart, not deducted: each wallet holds exactly what was lent, the round figure tests count on.
    await env.db
      .updateTable('guaranteePolicies')
      .set({ premiumDeducted: 0 })
      .where('id', '=', policy.policyId)
      .execute()
    const outcome = await decideAgriApplication(env, {
      workflowId: `bench-agri/${run}/${i}`,
      farmerId: farmer.id,
      contractId: contract.contractId,
      policyId: policy.policyId,
      amountFen,
    })
    if (outcome.kind !== 'approved') throw new Error(`bench loan not approved: ${JSON.stringify(outcome)}`)
    await disburseAgriLoan(env, outcome.loanId)
    const { apiKey } = await createPrincipal(env.db, { role: 'farmer', subjectId: farmer.id })
    wallets.push({ walletId: outcome.loanId, farmerId: farmer.id, key: apiKey })
  }
  return { supplierId: supplier.id, wallets }
}

export type PurchaseAnswer = { status: number; text: string; headers: Headers; code: string | undefined }

/** A farmer's purchase through the app, as its HTTP client sends it; the answer's text kept byte for byte. */
export async function buyThrough(
  app: { request(path: string, init: RequestInit): Response | Promise<Response> },
  purchase: {
    wallet: Wallet
    supplierId: number
    key: string
    lines: Array<{ sku: string; quantity: number }>
  },
): Promise<PurchaseAnswer> {
  const response = await app.request(`/v1/restricted-wallets/${purchase.wallet.walletId}/purchases`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${purchase.wallet.key}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': purchase.key,
    },
    body: JSON.stringify({ supplierId: purchase.supplierId, lines: purchase.lines }),
  })
  const text = await response.text()
  const code = response.status >= 400 ? (JSON.parse(text) as { code: string }).code : undefined
  return { status: response.status, text, headers: response.headers, code }
}
