/**
 * Authorization matrix: every operation of the served OpenAPI document × every role (and no key),
 * with the class of answer each must get. Requests are valid for the route, so the answer reflects
 * authorization, not validation. Party roles (merchant, farmer, supplier, offtaker, insurer) are
 * tried on their own record and on another party's record of the same kind: the other's answers 404.
 *
 * The table must name every operation of the document: a new endpoint fails this test until it is
 * placed here.
 *
 * Classes: `ok` 2xx; `allowed` past authorization — 2xx or a 422 business refusal (officer actions on
 * a loan with nothing to waive, a claim-less pay); `own` 2xx on its own record, 404 on another's;
 * `ownAllowed` like `own` but a 422 also counts as past authorization; `reach` past the role check
 * to a record that does not exist (404, no `forbidden`) — used where no such record can be made here; `anyone` 2xx on its own and on another principal's record (admin on webhook
 * endpoints, by design in src/events/webhooks.ts); 403 wrong role. No key is 401
 * everywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '../../../src/access/principal.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { fundLender, balanceOf } from '../../support/ledger.js'
import { merchantsWithLines } from '../../support/merchant-lines.js'
import { approveProducts } from '../../support/catalogue.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'

type Expect = 'ok' | 'allowed' | 'own' | 'ownAllowed' | 'anyone' | 'reach' | 403
type Req = { path: string; body?: unknown; headers?: Record<string, string> }
/** `own` false: the request names another party's record of the caller's kind. */
type Build = (role: Role, own: boolean) => Req
/**
 * `movesMoney`: the operation posts ledger entries, so it must require an `Idempotency-Key` (`key`);
 * close of business moves money once per business date, whatever is retried (`once per date`). A
 * request of the matrix that posts an entry for an operation not marked so fails the matrix.
 */
type Row = { build: Build; expect: Record<Role, Expect>; movesMoney?: 'key' | 'once per date' }

const PARTY: Role[] = ['merchant', 'farmer', 'supplier', 'offtaker', 'insurer']
const ROLES: Role[] = ['admin', 'officer', 'platform', ...PARTY]

let h: Harness
const keys = {} as Record<Role, string>
/** A second principal of each party role, owning the "other" records. */
const otherKeys = {} as Record<Role, string>
const ids = {
  merchant: [0, 0],
  farmer: [0, 0],
  supplier: [0, 0],
  offtaker: [0, 0],
  insurer: [0, 0],
  merchantLoan: [0, 0],
  merchantLoanToWriteOff: 0,
  application: [0, 0],
  contract: [0, 0],
  /** Contracts signed and never financed (their input plan may still change). */
  signedContract: [0, 0],
  policy: [0, 0],
  agriLoan: [0, 0],
  purchase: [0, 0],
  purchaseRequest: [0, 0],
  endpoint: {} as Record<Role, [number, number]>,
  /** A principal of its own for the revocation row, so revoking it ends no key the table uses. */
  revocable: 0,
}
let seq = 0
const unique = (prefix: string) => `${prefix}-${++seq}-${Date.now()}`
const idem = () => ({ 'Idempotency-Key': unique('idem') })
const pick = (pair: number[], own: boolean) => pair[own ? 0 : 1]!

/** Everything not listed is 403. */
function roles(spec: Partial<Record<Role, Expect>>): Record<Role, Expect> {
  return Object.fromEntries(ROLES.map((role) => [role, spec[role] ?? 403])) as Record<Role, Expect>
}
const ALL = (e: Expect) => roles(Object.fromEntries(ROLES.map((r) => [r, e])))
const loanOf = (role: Role, own: boolean) =>
  role === 'farmer' ? pick(ids.agriLoan, own) : pick(ids.merchantLoan, role === 'merchant' ? own : true)
const merchantOf = (role: Role, own: boolean) => pick(ids.merchant, role === 'merchant' ? own : true)
const farmerOf = (role: Role, own: boolean) => pick(ids.farmer, role === 'farmer' ? own : true)
const contractOf = (role: Role, own: boolean) =>
  pick(ids.contract, role === 'offtaker' || role === 'farmer' || role === 'insurer' ? own : true)
const walletOf = (role: Role, own: boolean) => pick(ids.agriLoan, role === 'farmer' ? own : true)
const purchaseOf = (role: Role, own: boolean) =>
  pick(ids.purchase, role === 'farmer' || role === 'supplier' ? own : true)

const requestOf = (role: Role, own: boolean) =>
  pick(ids.purchaseRequest, role === 'farmer' || role === 'supplier' ? own : true)

const TABLE: Record<string, Row> = {
  'GET /v1/system/business-date': { build: () => ({ path: '/v1/system/business-date' }), expect: ALL('ok') },
  'POST /v1/system/close-of-business': {
    build: () => ({ path: '/v1/system/close-of-business', body: { days: 1 } }),
    expect: roles({ admin: 'ok', officer: 'ok' }),
    movesMoney: 'once per date',
  },
  'POST /v1/admin/principals': {
    build: () => ({ path: '/v1/admin/principals', body: { role: 'officer' } }),
    expect: roles({ admin: 'ok' }),
  },
  'POST /v1/admin/principals/{principalId}/revoke': {
    build: () => ({ path: `/v1/admin/principals/${ids.revocable}/revoke`, body: { reason: 'matrix' } }),
    expect: roles({ admin: 'ok' }),
  },
  'POST /v1/sign-in-links': {
    build: (r, own) => ({
      path: '/v1/sign-in-links',
      body: { role: 'merchant', subjectId: merchantOf(r, own) },
    }),
    // The platform for its merchants, officers and the admin for anyone; no party signs itself in.
    expect: roles({ admin: 'ok', platform: 'ok', officer: 'ok' }),
  },
  'GET /v1/ledger/trial-balance': {
    build: () => ({ path: '/v1/ledger/trial-balance' }),
    expect: roles({ admin: 'ok', officer: 'ok' }),
  },
  'GET /v1/ledger/accounts/{code}': {
    build: () => ({ path: '/v1/ledger/accounts/lender:cash' }),
    expect: roles({ admin: 'ok', officer: 'ok' }),
  },
  'GET /v1/ledger/accounts/{code}/entries': {
    build: () => ({ path: '/v1/ledger/accounts/lender:cash/entries' }),
    expect: roles({ admin: 'ok', officer: 'ok' }),
  },
  'POST /v1/merchants': {
    build: () => ({
      path: '/v1/merchants',
      body: { externalRef: unique('m'), name: 'M', openedOn: '2025-01-01' },
    }),
    expect: roles({ admin: 'ok', platform: 'ok' }),
  },
  'GET /v1/merchants/{merchantId}': {
    build: (r, own) => ({ path: `/v1/merchants/${merchantOf(r, own)}` }),
    expect: roles({ admin: 'ok', platform: 'ok', officer: 'ok', merchant: 'own' }),
  },
  'PUT /v1/merchants/{merchantId}/sales/{date}': {
    build: (r, own) => ({
      path: `/v1/merchants/${merchantOf(r, own)}/sales/2026-01-01`,
      body: { grossFen: 1000, refundFen: 0, orderCount: 1 },
    }),
    expect: roles({ platform: 'ok' }),
  },
  'POST /v1/merchants/{merchantId}/sales:import': {
    build: (r, own) => ({
      path: `/v1/merchants/${merchantOf(r, own)}/sales:import`,
      body: '{"date":"2026-01-01","grossFen":1000,"refundFen":0,"orderCount":1}\n',
      headers: { 'Content-Type': 'application/x-ndjson' },
    }),
    expect: roles({ platform: 'ok' }),
  },
  'GET /v1/merchants/{merchantId}/wallet': {
    build: (r, own) => ({ path: `/v1/merchants/${merchantOf(r, own)}/wallet` }),
    expect: roles({ admin: 'ok', platform: 'ok', officer: 'ok', merchant: 'own' }),
  },
  'POST /v1/merchants/{merchantId}/payouts': {
    build: (r, own) => ({
      path: `/v1/merchants/${merchantOf(r, own)}/payouts`,
      body: { amountFen: 1 },
      headers: idem(),
    }),
    expect: roles({ merchant: 'own' }),
    movesMoney: 'key',
  },
  'GET /v1/merchants/{merchantId}/offer': {
    build: (r, own) => ({ path: `/v1/merchants/${merchantOf(r, own)}/offer` }),
    expect: roles({ admin: 'ok', platform: 'ok', officer: 'ok', merchant: 'own' }),
  },
  'POST /v1/credit-lines/refresh': {
    build: () => ({ path: '/v1/credit-lines/refresh' }),
    expect: roles({ admin: 'ok', officer: 'ok' }),
  },
  'POST /v1/loan-applications': {
    build: (r, own) => ({
      path: '/v1/loan-applications',
      body: {
        merchantId: merchantOf(r, own),
        amountFen: 100,
        termDays: 30,
        repaymentMethod: 'installment',
        frequency: 'daily',
      },
      headers: idem(),
    }),
    expect: roles({ merchant: 'own' }),
    movesMoney: 'key',
  },
  'GET /v1/loan-applications/{applicationId}': {
    build: (r, own) => ({
      path: `/v1/loan-applications/${pick(ids.application, r === 'merchant' ? own : true)}`,
    }),
    expect: roles({ admin: 'ok', platform: 'ok', officer: 'ok', merchant: 'own' }),
  },
  'GET /v1/loans/{loanId}': {
    build: (r, own) => ({ path: `/v1/loans/${loanOf(r, own)}` }),
    expect: roles({ admin: 'ok', officer: 'ok', merchant: 'own', farmer: 'own' }),
  },
  'GET /v1/loans/{loanId}/agreement': {
    build: (r, own) => ({
      path: `/v1/loans/${pick(ids.merchantLoan, r === 'merchant' ? own : true)}/agreement`,
    }),
    // Farm parties are told nothing about a merchant's agreement: 404, as for one that does not exist.
    expect: roles({
      admin: 'ok',
      officer: 'ok',
      platform: 'ok',
      merchant: 'own',
      farmer: 'reach',
      supplier: 'reach',
      offtaker: 'reach',
      insurer: 'reach',
    }),
  },
  'GET /v1/loans': {
    build: () => ({ path: '/v1/loans' }),
    expect: roles({ admin: 'ok', officer: 'ok', merchant: 'ok', farmer: 'ok' }),
  },
  'POST /v1/loans/{loanId}/repayments': {
    build: (r, own) => ({
      path: `/v1/loans/${loanOf(r, own)}/repayments`,
      body: { amountFen: 1 },
      headers: idem(),
    }),
    // API.md: "(borrower, officer)".
    expect: roles({ officer: 'ok', merchant: 'own', farmer: 'ownAllowed' }),
    movesMoney: 'key',
  },
  'GET /v1/loans/{loanId}/transactions': {
    build: (r, own) => ({ path: `/v1/loans/${loanOf(r, own)}/transactions` }),
    expect: roles({ admin: 'ok', officer: 'ok', merchant: 'own', farmer: 'own' }),
  },
  'POST /v1/loans/{loanId}/write-off': {
    build: () => ({
      path: `/v1/loans/${ids.merchantLoanToWriteOff}/write-off`,
      body: { reason: 'matrix' },
      headers: idem(),
    }),
    expect: roles({ officer: 'allowed' }),
    movesMoney: 'key',
  },
  'POST /v1/loans/{loanId}/waive-penalty': {
    build: (r, own) => ({
      path: `/v1/loans/${loanOf(r, own)}/waive-penalty`,
      body: { amountFen: 1, reason: 'matrix' },
      headers: idem(),
    }),
    expect: roles({ officer: 'allowed' }),
    movesMoney: 'key',
  },
  'POST /v1/loans/{loanId}/restructure': {
    build: (r, own) => ({
      path: `/v1/loans/${loanOf(r, own)}/restructure`,
      body: { termDays: 60, reason: 'matrix' },
      headers: idem(),
    }),
    expect: roles({ officer: 'allowed' }),
    movesMoney: 'key',
  },
  'GET /v1/loans/{loanId}/payoff-quote': {
    build: (r, own) => ({ path: `/v1/loans/${loanOf(r, own)}/payoff-quote` }),
    expect: roles({ admin: 'ok', officer: 'ok', merchant: 'own', farmer: 'own' }),
  },
  'GET /v1/audit-log': {
    build: () => ({ path: '/v1/audit-log' }),
    expect: roles({ admin: 'ok', officer: 'ok' }),
  },
  'GET /v1/portfolio/summary': {
    build: () => ({ path: '/v1/portfolio/summary' }),
    expect: roles({ admin: 'ok', officer: 'ok' }),
  },
  'POST /v1/farmers': {
    build: () => ({ path: '/v1/farmers', body: { externalRef: unique('f'), name: 'F', region: 'R' } }),
    expect: roles({ admin: 'ok' }),
  },
  'POST /v1/suppliers': {
    build: () => ({ path: '/v1/suppliers', body: { externalRef: unique('s'), name: 'S', approved: true } }),
    expect: roles({ admin: 'ok' }),
  },
  'POST /v1/offtakers': {
    build: () => ({ path: '/v1/offtakers', body: { externalRef: unique('o'), name: 'O' } }),
    expect: roles({ admin: 'ok' }),
  },
  'POST /v1/insurers': {
    build: () => ({ path: '/v1/insurers', body: { externalRef: unique('i'), name: 'I' } }),
    expect: roles({ admin: 'ok' }),
  },
  'POST /v1/suppliers/{supplierId}/approval': {
    build: () => ({
      path: `/v1/suppliers/${ids.supplier[0]}/approval`,
      body: { decision: 'approve', reason: 'matrix' },
    }),
    expect: roles({ officer: 'ok' }),
  },
  'POST /v1/offtakers/{offtakerId}/approval': {
    build: () => ({
      path: `/v1/offtakers/${ids.offtaker[0]}/approval`,
      body: { decision: 'approve', reason: 'matrix' },
    }),
    expect: roles({ officer: 'ok' }),
  },
  'POST /v1/insurers/{insurerId}/approval': {
    build: () => ({
      path: `/v1/insurers/${ids.insurer[0]}/approval`,
      body: { decision: 'approve', reason: 'matrix' },
    }),
    expect: roles({ officer: 'ok' }),
  },
  'POST /v1/offtake-contracts/{contractId}/guarantee-requests': {
    build: (r, own) => ({
      path: `/v1/offtake-contracts/${contractOf(r, own)}/guarantee-requests`,
      body: { insurerId: ids.insurer[0] },
    }),
    expect: roles({ farmer: 'own', offtaker: 'own' }),
  },
  'GET /v1/guarantee-requests': {
    build: () => ({ path: '/v1/guarantee-requests' }),
    expect: roles({ admin: 'ok', officer: 'ok', insurer: 'ok' }),
  },
  'GET /v1/farmers/{farmerId}': {
    build: (r, own) => ({ path: `/v1/farmers/${farmerOf(r, own)}` }),
    expect: roles({ admin: 'ok', officer: 'ok', farmer: 'own' }),
  },
  'GET /v1/farmers/{farmerId}/wallet': {
    build: (r, own) => ({ path: `/v1/farmers/${farmerOf(r, own)}/wallet` }),
    expect: roles({ admin: 'ok', officer: 'ok', farmer: 'own' }),
  },
  'PUT /v1/suppliers/{supplierId}/products/{sku}': {
    build: (r, own) => ({
      path: `/v1/suppliers/${pick(ids.supplier, r === 'supplier' ? own : true)}/products/seed`,
      body: { name: 'Seed', category: 'seed', priceFen: 100 },
    }),
    expect: roles({ admin: 'ok', supplier: 'own' }),
  },
  'POST /v1/suppliers/{supplierId}/products/{sku}/review': {
    build: () => ({
      path: `/v1/suppliers/${ids.supplier[0]}/products/seed/review`,
      body: { decision: 'approve', category: 'seed', referencePriceFen: 100, reason: 'matrix' },
    }),
    expect: roles({ officer: 'ok' }),
  },
  'PUT /v1/offtake-contracts/{contractId}/input-plan': {
    build: (r, own) => ({
      path: `/v1/offtake-contracts/${pick(ids.signedContract, r === 'offtaker' ? own : true)}/input-plan`,
      body: { categories: ['seed', 'fertilizer'] },
    }),
    expect: roles({ offtaker: 'own' }),
  },
  'POST /v1/offtake-contracts': {
    build: (r, own) => ({
      path: '/v1/offtake-contracts',
      body: {
        farmerId: ids.farmer[own ? 0 : 1],
        crop: 'rice',
        quantityKg: 100,
        priceFenPerKg: 300,
        deliveryFrom: '2026-03-01',
        deliveryTo: '2026-03-31',
      },
    }),
    // An offtaker contracts with any farmer: there is no "other's" record in this request.
    expect: roles({ offtaker: 'ok' }),
  },
  'GET /v1/offtake-contracts/{contractId}': {
    build: (r, own) => ({ path: `/v1/offtake-contracts/${contractOf(r, own)}` }),
    expect: roles({ admin: 'ok', officer: 'ok', offtaker: 'own', farmer: 'own', insurer: 'own' }),
  },
  'POST /v1/guarantee-policies': {
    build: (r, own) => ({
      path: '/v1/guarantee-policies',
      body: {
        farmerId: ids.farmer[own ? 0 : 1],
        contractId: ids.contract[own ? 0 : 1],
        coverageBps: 5000,
        premiumFen: 100,
      },
    }),
    expect: roles({ insurer: 'allowed' }),
  },
  'POST /v1/agri-loan-applications': {
    build: (r, own) => ({
      path: '/v1/agri-loan-applications',
      body: {
        farmerId: farmerOf(r, own),
        contractId: pick(ids.contract, r === 'farmer' ? own : true),
        policyId: pick(ids.policy, r === 'farmer' ? own : true),
        amountFen: 1000,
      },
      headers: idem(),
    }),
    // The contract is already financed: a 422 after authorization is the expected answer.
    expect: roles({ farmer: 'ownAllowed' }),
    movesMoney: 'key',
  },
  'GET /v1/restricted-wallets/{walletId}': {
    build: (r, own) => ({ path: `/v1/restricted-wallets/${walletOf(r, own)}` }),
    expect: roles({ admin: 'ok', officer: 'ok', farmer: 'own' }),
  },
  'POST /v1/restricted-wallets/{walletId}/purchases': {
    build: (r, own) => ({
      path: `/v1/restricted-wallets/${walletOf(r, own)}/purchases`,
      body: { supplierId: ids.supplier[0], lines: [{ sku: 'seed', quantity: 1 }] },
      headers: idem(),
    }),
    expect: roles({ farmer: 'own' }),
    movesMoney: 'key',
  },
  'POST /v1/purchases/{purchaseId}/refund': {
    build: (r, own) => ({
      path: `/v1/purchases/${purchaseOf(r, own)}/refund`,
      body: { lines: [{ sku: 'seed', quantity: 1 }] },
      headers: idem(),
    }),
    expect: roles({ supplier: 'ownAllowed' }),
    movesMoney: 'key',
  },
  'GET /v1/purchases/{purchaseId}': {
    build: (r, own) => ({ path: `/v1/purchases/${purchaseOf(r, own)}` }),
    expect: roles({ admin: 'ok', officer: 'ok', farmer: 'own', supplier: 'own' }),
  },
  'POST /v1/purchase-requests': {
    build: () => ({
      path: '/v1/purchase-requests',
      body: { farmerId: ids.farmer[0], lines: [{ sku: 'seed', quantity: 1 }] },
      headers: idem(),
    }),
    // A supplier rings up a sale for whichever farmer stands at its counter.
    expect: roles({ supplier: 'ok' }),
  },
  'GET /v1/purchase-requests': {
    build: () => ({ path: '/v1/purchase-requests' }),
    expect: roles({ admin: 'ok', officer: 'ok', farmer: 'ok', supplier: 'ok' }),
  },
  'GET /v1/purchase-requests/{requestId}': {
    build: (r, own) => ({ path: `/v1/purchase-requests/${requestOf(r, own)}` }),
    expect: roles({ admin: 'ok', officer: 'ok', farmer: 'own', supplier: 'own' }),
  },
  'POST /v1/purchase-requests/{requestId}/confirm': {
    build: (r, own) => ({
      path: `/v1/purchase-requests/${requestOf(r, own)}/confirm`,
      // The supplier's code is most likely wrong (a 422); the farmer's word pays.
      body: r === 'supplier' ? { code: '000000' } : {},
      headers: idem(),
    }),
    expect: roles({ farmer: 'ownAllowed', supplier: 'ownAllowed' }),
    movesMoney: 'key',
  },
  'POST /v1/purchase-requests/{requestId}/cancel': {
    build: (r, own) => ({ path: `/v1/purchase-requests/${requestOf(r, own)}/cancel` }),
    // A request already paid answers 422 (a refund is the way back).
    expect: roles({ farmer: 'ownAllowed', supplier: 'ownAllowed' }),
  },
  'GET /v1/restricted-wallet-attempts': {
    build: () => ({ path: '/v1/restricted-wallet-attempts' }),
    expect: roles({ admin: 'ok', officer: 'ok' }),
  },
  'POST /v1/offtake-contracts/{contractId}/deliveries': {
    build: (r, own) => ({
      path: `/v1/offtake-contracts/${contractOf(r, own)}/deliveries`,
      body: { quantityKg: 1, deliveredOn: '2026-01-01' },
      headers: idem(),
    }),
    // Before the delivery window a delivery may be refused with a 422; an offtaker's own contract
    // gets past authorization, another's is 404.
    expect: roles({ offtaker: 'ownAllowed' }),
    movesMoney: 'key',
  },
  'GET /v1/guarantee-claims': {
    build: () => ({ path: '/v1/guarantee-claims' }),
    expect: roles({ admin: 'ok', officer: 'ok', insurer: 'ok' }),
  },
  'GET /v1/guarantee-claims/ageing': {
    build: () => ({ path: '/v1/guarantee-claims/ageing' }),
    expect: roles({ admin: 'ok', officer: 'ok', insurer: 'ok' }),
  },
  'GET /v1/guarantee-claims/{claimId}': {
    // No loan has defaulted, so there is no claim: each allowed role gets past the role check to a 404.
    build: () => ({ path: '/v1/guarantee-claims/999999' }),
    expect: roles({ admin: 'reach', officer: 'reach', insurer: 'reach' }),
  },
  'POST /v1/guarantee-claims/{claimId}/decision': {
    // A rejection writes the loan off, so the decision takes a key; there is no claim here (404).
    build: () => ({
      path: '/v1/guarantee-claims/999999/decision',
      body: { decision: 'reject', reason: 'not covered' },
      headers: idem(),
    }),
    expect: roles({ insurer: 'reach' }),
    movesMoney: 'key',
  },
  'POST /v1/guarantee-claims/{claimId}/pay': {
    // No loan has defaulted, so there is no claim: the insurer gets past the role check to a 404.
    build: () => ({
      path: '/v1/guarantee-claims/999999/pay',
      body: { amountFen: 100, reference: 'BANK-1' },
      headers: idem(),
    }),
    expect: roles({ insurer: 'reach' }),
    movesMoney: 'key',
  },
  'GET /v1/suppliers/{supplierId}/settlements': {
    build: (r, own) => ({
      path: `/v1/suppliers/${pick(ids.supplier, r === 'supplier' ? own : true)}/settlements`,
    }),
    expect: roles({ admin: 'ok', officer: 'ok', supplier: 'own' }),
  },
  'GET /v1/insurers/{insurerId}/settlements': {
    build: (r, own) => ({
      path: `/v1/insurers/${pick(ids.insurer, r === 'insurer' ? own : true)}/settlements`,
    }),
    expect: roles({ admin: 'ok', officer: 'ok', insurer: 'own' }),
  },
  'POST /v1/offtaker-payments': {
    build: (r, own) => ({
      path: '/v1/offtaker-payments',
      body: {
        offtakerId: pick(ids.offtaker, r === 'offtaker' ? own : true),
        amountFen: 1,
        paidOn: '2026-01-01',
        reference: 'WIRE-1',
      },
      headers: idem(),
    }),
    // With nothing open the cash is refused (422): past authorization all the same.
    expect: roles({ officer: 'allowed', offtaker: 'ownAllowed' }),
    movesMoney: 'key',
  },
  'GET /v1/offtakers/{offtakerId}/receivables': {
    build: (r, own) => ({
      path: `/v1/offtakers/${pick(ids.offtaker, r === 'offtaker' ? own : true)}/receivables`,
    }),
    expect: roles({ admin: 'ok', officer: 'ok', offtaker: 'own' }),
  },
  'POST /v1/bank-statements:import': {
    build: () => ({
      path: '/v1/bank-statements:import',
      body: 'date,amountFen,reference,payerName\n2026-01-01,100,INV-1,Someone\n',
      headers: { 'Content-Type': 'text/csv', ...idem() },
    }),
    expect: roles({ officer: 'ok' }),
    movesMoney: 'key',
  },
  'GET /v1/bank-statement-lines': {
    build: () => ({ path: '/v1/bank-statement-lines' }),
    expect: roles({ admin: 'ok', officer: 'ok' }),
  },
  'GET /v1/reconciliation': {
    build: () => ({ path: '/v1/reconciliation' }),
    expect: roles({ admin: 'ok', officer: 'ok' }),
  },
  'POST /v1/settlements/{settlementId}/result': {
    // No close of business has settled anyone here: the officer gets past the role check to a 404.
    build: () => ({
      path: '/v1/settlements/999999/result',
      body: { status: 'paid', bankReference: 'BANK-1' },
      headers: idem(),
    }),
    expect: roles({ officer: 'reach' }),
    movesMoney: 'key',
  },
  'POST /v1/farmers/{farmerId}/payouts': {
    build: (r, own) => ({
      path: `/v1/farmers/${farmerOf(r, own)}/payouts`,
      body: { amountFen: 1 },
      headers: idem(),
    }),
    expect: roles({ farmer: 'ownAllowed' }),
    movesMoney: 'key',
  },
  'GET /v1/events': { build: () => ({ path: '/v1/events' }), expect: ALL('ok') },
  'POST /v1/webhook-endpoints': {
    build: () => ({
      path: '/v1/webhook-endpoints',
      body: { url: 'https://example.test/hook', eventTypes: ['*'] },
    }),
    expect: ALL('ok'),
  },
  'GET /v1/webhook-endpoints': { build: () => ({ path: '/v1/webhook-endpoints' }), expect: ALL('ok') },
  'GET /v1/webhook-endpoints/{endpointId}/deliveries': {
    build: (r, own) => ({ path: `/v1/webhook-endpoints/${ids.endpoint[r][own ? 0 : 1]}/deliveries` }),
    expect: { ...ALL('own'), admin: 'anyone' },
  },
  'POST /v1/webhook-endpoints/{endpointId}/deliveries/{deliveryId}/retry': {
    // No delivery exists: the owner reaches the lookup (404 too), so only the role check is shown.
    build: (r, own) => ({
      path: `/v1/webhook-endpoints/${ids.endpoint[r][own ? 0 : 1]}/deliveries/999999/retry`,
    }),
    expect: ALL('reach'),
  },
  'DELETE /v1/webhook-endpoints/{endpointId}': {
    build: (r, own) => ({ path: `/v1/webhook-endpoints/${ids.endpoint[r][own ? 0 : 1]}` }),
    expect: { ...ALL('own'), admin: 'anyone' },
  },
  'POST /v1/schedule-preview': {
    build: () => ({
      path: '/v1/schedule-preview',
      body: {
        principalFen: 100_000,
        annualRateBps: 1200,
        repayments: 3,
        frequency: 'monthly',
        method: 'annuity',
        interestBasis: 'periodic',
        startDate: '2026-01-01',
      },
    }),
    expect: ALL('ok'),
  },
}
/** Run last: it moves the business date. */
const LAST = ['POST /v1/system/close-of-business', 'DELETE /v1/webhook-endpoints/{endpointId}']

async function journalEntries(): Promise<number> {
  const row = await h.db
    .selectFrom('journalEntries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

async function send(method: string, req: Req, key: string | undefined) {
  return h.request(method, req.path, { key, body: req.body, headers: req.headers })
}

async function admin(path: string, body: Record<string, unknown>, field: string): Promise<number> {
  const response = await h.request('POST', path, { key: h.adminKey, body })
  expect(response.status, JSON.stringify(response.body)).toBe(201)
  return response.body[field] as number
}

beforeAll(async () => {
  h = await startHarness()
  await fundLender(h.ledger, 100_000_000)
  keys.admin = h.adminKey
  keys.officer = await h.keyFor('officer')
  keys.platform = await h.keyFor('platform')
  ids.revocable = (await h.created('/v1/admin/principals', h.adminKey, { role: 'officer' })).principalId
  const merchants = await merchantsWithLines(h, { seed: 77, merchantCount: 12, minAvailableFen: 50_000 })
  expect(merchants.length).toBeGreaterThanOrEqual(2)
  ids.merchant = [merchants[0]!.merchantId, merchants[1]!.merchantId]
  keys.merchant = merchants[0]!.key
  otherKeys.merchant = merchants[1]!.key
  for (const [index, m] of merchants.slice(0, 2).entries()) {
    const applied = await h.request('POST', '/v1/loan-applications', {
      key: m.key,
      body: {
        merchantId: m.merchantId,
        amountFen: 20_000,
        termDays: 30,
        repaymentMethod: 'installment',
        frequency: 'daily',
      },
      headers: { 'Idempotency-Key': `setup-${index}` },
    })
    expect(applied.status, JSON.stringify(applied.body)).toBe(201)
    expect(applied.body.status).toBe('approved')
    ids.application[index] = applied.body.applicationId
    ids.merchantLoan[index] = applied.body.loanId
  }
  const third = await h.request('POST', '/v1/loan-applications', {
    key: merchants[0]!.key,
    body: {
      merchantId: ids.merchant[0],
      amountFen: 10_000,
      termDays: 30,
      repaymentMethod: 'installment',
      frequency: 'daily',
    },
    headers: { 'Idempotency-Key': 'setup-write-off' },
  })
  expect(third.body.status).toBe('approved')
  ids.merchantLoanToWriteOff = third.body.loanId

  for (const index of [0, 1]) {
    ids.farmer[index] = await admin(
      '/v1/farmers',
      { externalRef: `f${index}`, name: 'F', region: 'R' },
      'farmerId',
    )
    ids.supplier[index] = await admin(
      '/v1/suppliers',
      { externalRef: `s${index}`, name: 'S', approved: true },
      'supplierId',
    )
    ids.offtaker[index] = await admin(
      '/v1/offtakers',
      { externalRef: `o${index}`, name: 'O', approved: true },
      'offtakerId',
    )
    ids.insurer[index] = await admin(
      '/v1/insurers',
      { externalRef: `i${index}`, name: 'I', approved: true },
      'insurerId',
    )
  }
  for (const role of ['farmer', 'supplier', 'offtaker', 'insurer'] as const) {
    keys[role] = await h.keyFor(role, ids[role][0])
    otherKeys[role] = await h.keyFor(role, ids[role][1])
  }
  for (const index of [0, 1]) {
    const own = index === 0
    const pick2 = (role: 'farmer' | 'supplier' | 'offtaker' | 'insurer') =>
      own ? keys[role] : otherKeys[role]
    const product = await h.request('PUT', `/v1/suppliers/${ids.supplier[index]}/products/seed`, {
      key: pick2('supplier'),
      body: { name: 'Seed', category: 'seed', priceFen: 100 },
    })
    expect(product.status).toBeLessThan(300)
    await approveProducts(h, ids.supplier[index]!, [{ sku: 'seed', category: 'seed', priceFen: 100 }])
    const signed = await h.request('POST', '/v1/offtake-contracts', {
      key: pick2('offtaker'),
      body: {
        farmerId: ids.farmer[index],
        crop: 'rice',
        quantityKg: 1_000,
        priceFenPerKg: 300,
        deliveryFrom: '2026-03-01',
        deliveryTo: '2026-03-31',
      },
    })
    expect(signed.status, JSON.stringify(signed.body)).toBe(201)
    ids.signedContract[index] = signed.body.contractId
    const contract = await h.request('POST', '/v1/offtake-contracts', {
      key: pick2('offtaker'),
      body: {
        farmerId: ids.farmer[index],
        crop: 'rice',
        quantityKg: 10_000,
        priceFenPerKg: 300,
        deliveryFrom: '2026-03-01',
        deliveryTo: '2026-03-31',
      },
    })
    expect(contract.status, JSON.stringify(contract.body)).toBe(201)
    ids.contract[index] = contract.body.contractId
    const asked = await h.request('POST', `/v1/offtake-contracts/${ids.contract[index]}/guarantee-requests`, {
      key: pick2('farmer'),
      body: { insurerId: ids.insurer[index] },
    })
    expect(asked.status, JSON.stringify(asked.body)).toBe(201)
    const policy = await h.request('POST', '/v1/guarantee-policies', {
      key: pick2('insurer'),
      body: {
        farmerId: ids.farmer[index],
        contractId: ids.contract[index],
        coverageBps: 8000,
        premiumFen: 20_000,
      },
    })
    expect(policy.status, JSON.stringify(policy.body)).toBe(201)
    ids.policy[index] = policy.body.policyId
    const applied = await h.request('POST', '/v1/agri-loan-applications', {
      key: pick2('farmer'),
      body: {
        farmerId: ids.farmer[index],
        contractId: ids.contract[index],
        policyId: ids.policy[index],
        amountFen: 1_000_000,
      },
      headers: { 'Idempotency-Key': `agri-${index}` },
    })
    expect(applied.status, JSON.stringify(applied.body)).toBe(201)
    expect(applied.body.status).toBe('approved')
    ids.agriLoan[index] = applied.body.loanId
    const bought = await h.request('POST', `/v1/restricted-wallets/${ids.agriLoan[index]}/purchases`, {
      key: pick2('farmer'),
      body: { supplierId: ids.supplier[index], lines: [{ sku: 'seed', quantity: 50 }] },
      headers: { 'Idempotency-Key': `buy-${index}` },
    })
    expect(bought.status, JSON.stringify(bought.body)).toBe(201)
    ids.purchase[index] = bought.body.purchaseId
    const rung = await h.request('POST', '/v1/purchase-requests', {
      key: pick2('supplier'),
      body: { farmerId: ids.farmer[index], lines: [{ sku: 'seed', quantity: 1 }] },
      headers: { 'Idempotency-Key': `ring-${index}` },
    })
    expect(rung.status, JSON.stringify(rung.body)).toBe(201)
    ids.purchaseRequest[index] = rung.body.requestId
  }
  for (const role of ROLES) {
    const pair: [number, number] = [0, 0]
    for (const [index, key] of [keys[role], otherKeys[role] ?? (await h.keyFor(role))].entries()) {
      const made = await h.request('POST', '/v1/webhook-endpoints', {
        key,
        body: { url: `https://example.test/${role}/${index}`, eventTypes: ['*'] },
      })
      expect(made.status, JSON.stringify(made.body)).toBe(201)
      pair[index] = made.body.endpointId
    }
    ids.endpoint[role] = pair
  }
}, 180_000)

afterAll(async () => {
  await h?.close()
})

/** For each class: the requests made (own record or another's) and the answers accepted. */
const CASES: Record<Expect, Array<[own: boolean, accepted: string[]]>> = {
  403: [[true, ['403']]],
  ok: [[true, ['ok']]],
  allowed: [[true, ['ok', '422']]],
  reach: [[true, ['404']]],
  own: [
    [true, ['ok']],
    [false, ['404']],
  ],
  ownAllowed: [
    [true, ['ok', '422']],
    [false, ['404']],
  ],
  anyone: [
    [true, ['ok']],
    [false, ['ok']],
  ],
}

/**
 * The numbers a 404's detail names that the request did not (issue 19, finding 4): an answer about a
 * record the caller may not see may repeat what was asked, never the record's owner or its parts.
 */
function unaskedIds(detail: unknown, req: Req): string[] {
  if (typeof detail !== 'string') return []
  const asked = new Set(`${req.path} ${JSON.stringify(req.body ?? null)}`.match(/\d+/g) ?? [])
  return (detail.match(/\d+/g) ?? []).filter((n) => !asked.has(n))
}

function classify(status: number): string {
  if (status >= 200 && status < 300) return 'ok'
  return String(status)
}

describe('authorization matrix', () => {
  it("repays a farm loan from the farmer's wallet, never from the merchant wallet with the same id", async () => {
    const farmerId = ids.farmer[0]!
    const merchantWallet = accounts.merchantWallet(farmerId).code
    // Merchants and farmers are numbered separately: the population's merchants include this id.
    const before = await balanceOf(h.db, merchantWallet)
    expect(before).toBeGreaterThan(0)
    const response = await h.request('POST', `/v1/loans/${ids.agriLoan[0]}/repayments`, {
      key: keys.officer,
      body: { amountFen: 1 },
      headers: idem(),
    })
    expect([200, 422]).toContain(response.status)
    expect(await balanceOf(h.db, merchantWallet)).toBe(before)
  })

  it('names every operation of the OpenAPI document', async () => {
    const doc = (await h.request('GET', '/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>
    }
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    )
    expect(
      operations.filter((op) => !(op in TABLE)),
      'operations missing from the matrix',
    ).toEqual([])
    expect(
      Object.keys(TABLE).filter((op) => !operations.includes(op)),
      'rows for no operation',
    ).toEqual([])
  })

  it('refuses every money-moving operation without an Idempotency-Key, and writes nothing', async () => {
    const missing: string[] = []
    for (const [op, row] of Object.entries(TABLE)) {
      if (row.movesMoney !== 'key') continue
      const role =
        ROLES.find((r) => row.expect[r] !== 403 && row.expect[r] !== 'reach') ??
        ROLES.find((r) => row.expect[r] !== 403)!
      const { headers: _key, ...req } = row.build(role, true)
      const entriesBefore = await journalEntries()
      const response = await send(op.split(' ')[0]!, req, keys[role])
      if (
        response.status !== 400 ||
        response.body?.code !== 'idempotency_key_required' ||
        (await journalEntries()) !== entriesBefore
      ) {
        missing.push(`${op} as ${role} without a key → ${response.status} ${response.body?.code}`)
      }
    }
    expect(missing).toEqual([])
  })

  it('answers each role as the table says', async () => {
    const mismatches: string[] = []
    const order = [...Object.keys(TABLE).filter((op) => !LAST.includes(op)), ...LAST]
    for (const op of order) {
      const row = TABLE[op]!
      const method = op.split(' ')[0]!
      const noKey = await send(method, row.build('admin', true), undefined)
      if (noKey.status !== 401) mismatches.push(`${op} no key → ${noKey.status}, expected 401`)
      for (const role of ROLES) {
        const expected = row.expect[role]
        const cases = CASES[expected]
        for (const [own, accepted] of cases) {
          const entriesBefore = await journalEntries()
          const response = await send(method, row.build(role, own), keys[role])
          if (!row.movesMoney && (await journalEntries()) > entriesBefore) {
            mismatches.push(
              `${op} as ${role} posted a ledger entry, but the matrix does not mark it as moving money`,
            )
          }
          const got = classify(response.status)
          if (!accepted.includes(got) || (got === '404' && response.body?.code === 'forbidden')) {
            mismatches.push(
              `${op} as ${role}${own ? '' : " on another's record"} → ${response.status} ${JSON.stringify(response.body)?.slice(0, 200)}, expected ${accepted.join('|')}`,
            )
          }
          if (!own && got === '404') {
            const leaked = unaskedIds(response.body?.detail, row.build(role, own))
            if (leaked.length > 0) {
              mismatches.push(
                `${op} as ${role} on another's record → detail "${response.body?.detail}" names ${leaked.join(', ')}, which the request did not`,
              )
            }
          }
        }
      }
    }
    expect(mismatches).toEqual([])
  })
})
