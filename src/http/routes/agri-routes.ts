/**
 * The agricultural closed loop over HTTP (API.md): parties and the supplier catalog, offtake
 * contracts, guarantee policies, farm loan applications, restricted wallets with their purchases,
 * refunds and refused withdrawals, deliveries and the farmer’s free wallet (guarantee claims: claim-routes.ts).
 * Party keys see and act on their own records only (others answer 404).
 * @module
 */
import { createHash, randomUUID } from 'node:crypto'
import { createRoute, z } from '@hono/zod-openapi'
import type { Client } from '@temporalio/client'
import { agriDecisionUpdate, agriLoan } from '../../../workflows/agri-loan.js'
import { tellLoanWorkflow } from '../agri-loan-signals.js'
import { awaitWorkflowAnswer } from '../workflow-answer.js'
import { FARM_INPUT_CATEGORIES } from '../../agri/agri-policy.js'
import { recordDelivery } from '../../agri/agri-servicing.js'
import {
  createContract,
  createPolicy,
  getContract,
  insurerMaySeeContract,
  listGuaranteeRequests,
  requestGuarantee,
} from '../../agri/contracts.js'
import {
  assertMayAccessParty,
  createParty,
  decideApproval,
  getParty,
  upsertProduct,
  type PartyKind,
  type VettedPartyKind,
} from '../../agri/parties.js'
import {
  getPurchase,
  getWallet,
  purchase,
  refundPurchase,
  refuseWithdrawal,
  walletOwner,
} from '../../agri/restricted-wallet.js'
import type { Db } from '../../db/database.js'
import type { IsoDate } from '../../kernel/business-date.js'
import { NotFound, Refusal } from '../../kernel/errors.js'
import { FEN_MAX } from '../../kernel/money.js'
import { accounts } from '../../ledger/chart-of-accounts.js'
import { accountBalance } from '../../ledger/ledger-repository.js'
import type { LedgerService } from '../../ledger/ledger-service.js'
import type { Principal } from '../../access/principal.js'
import { requireRole } from '../auth.js'
import { answerInTransaction, requireIdempotencyKey, routeKey } from '../idempotency.js'
import { PageQuerySchema, pageSchema } from '../pagination.js'
import { createRouter } from '../router.js'
import { bearerSecurity, idParam, IsoDateSchema, problemResponses } from '../schemas.js'

type Deps = {
  db: Db
  ledger: LedgerService
  temporal: Client
  taskQueue: string
  workflowAnswerWaitMs?: number | undefined
}

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, ...json(schema) } })
const Fen = z.number().int().min(1).max(FEN_MAX)
const Ref = z.string().trim().min(1).max(64)
const Name = z.string().trim().min(1).max(200)

/** The request's business key: who asked, with which Idempotency-Key. */
function requestKeyOf(principal: Principal, idempotencyKey: string | undefined): string {
  return `${principal.ref}:${idempotencyKey ?? ''}`
}

// ---------------------------------------------------------------- parties

const PartySchema = z.object({
  externalRef: z.string(),
  name: z.string(),
  region: z.string().optional(),
  approved: z.boolean().optional(),
  createdAt: z.string(),
})

function partyRoute(kind: PartyKind, path: string, extra: z.ZodRawShape) {
  const idField = `${kind}Id`
  return createRoute({
    method: 'post',
    path,
    tags: ['Agri parties'],
    security: bearerSecurity,
    middleware: [requireRole('admin')] as const,
    request: body(z.object({ externalRef: Ref, name: Name, ...extra }).strict()),
    responses: {
      201: {
        description: `The ${kind}, with its ledger accounts opened`,
        ...json(PartySchema.extend({ [idField]: z.number().int() })),
      },
      ...problemResponses(400, 401, 403, 409),
    },
  })
}

const farmerRoute = partyRoute('farmer', '/v1/farmers', { region: z.string().trim().min(1).max(100) })
const Approved = z
  .boolean()
  .optional()
  .openapi({ description: 'Starts unapproved unless true; an officer approves it later otherwise' })
const supplierRoute = partyRoute('supplier', '/v1/suppliers', { approved: Approved })
const offtakerRoute = partyRoute('offtaker', '/v1/offtakers', { approved: Approved })
const insurerRoute = partyRoute('insurer', '/v1/insurers', { approved: Approved })

/** `POST /v1/{suppliers|offtakers|insurers}/{id}/approval`: an officer approves or revokes the party. */
function approvalRoute(kind: VettedPartyKind, collection: string) {
  const idField = `${kind}Id`
  return createRoute({
    method: 'post',
    path: `/v1/${collection}/{${idField}}/approval`,
    tags: ['Agri parties'],
    summary: `Approve or revoke the ${kind}; audited`,
    security: bearerSecurity,
    middleware: [requireRole('officer')] as const,
    request: {
      params: z.object({ [idField]: idParam(idField) }),
      ...body(
        z
          .object({
            decision: z.enum(['approve', 'revoke']),
            reason: z.string().trim().min(3).max(1000).openapi({ description: 'Why; kept in the audit log' }),
          })
          .strict(),
      ),
    },
    responses: {
      200: {
        description: `The ${kind}, with \`approved\`. A revoked ${kind}'s existing loans stand; it backs no new one`,
        ...json(PartySchema.extend({ [idField]: z.number().int() })),
      },
      ...problemResponses(400, 401, 403, 404),
    },
  })
}

const supplierApprovalRoute = approvalRoute('supplier', 'suppliers')
const offtakerApprovalRoute = approvalRoute('offtaker', 'offtakers')
const insurerApprovalRoute = approvalRoute('insurer', 'insurers')

const getFarmerRoute = createRoute({
  method: 'get',
  path: '/v1/farmers/{farmerId}',
  tags: ['Agri parties'],
  security: bearerSecurity,
  middleware: [requireRole('admin', 'officer', 'farmer')] as const,
  request: { params: z.object({ farmerId: idParam('farmerId') }) },
  responses: {
    200: { description: 'The farmer', ...json(PartySchema.extend({ farmerId: z.number().int() })) },
    ...problemResponses(400, 401, 403, 404),
  },
})

const farmerWalletRoute = createRoute({
  method: 'get',
  path: '/v1/farmers/{farmerId}/wallet',
  tags: ['Agri parties'],
  security: bearerSecurity,
  middleware: [requireRole('admin', 'officer', 'farmer')] as const,
  request: { params: z.object({ farmerId: idParam('farmerId') }) },
  responses: {
    200: {
      description: 'The farmer’s free (unrestricted) wallet: harvest proceeds beyond the loan',
      ...json(z.object({ farmerId: z.number().int(), balanceFen: z.number().int() })),
    },
    ...problemResponses(400, 401, 403, 404),
  },
})

export const ProductSchema = z
  .object({
    supplierId: z.number().int(),
    sku: z.string(),
    name: z.string(),
    category: z.string(),
    unit: z.string(),
    priceFen: z.number().int(),
    status: z.enum(['pending_review', 'approved', 'rejected']),
    referencePriceFen: z.number().int().optional().openapi({ description: 'The price an officer reviewed' }),
  })
  .openapi('SupplierProduct')

export const CategorySchema = z
  .string()
  .regex(/^[a-z_]{1,32}$/)
  .openapi({ description: `Farm inputs: ${FARM_INPUT_CATEGORIES.join(', ')}; anything else is not` })

export const SkuParam = z
  .string()
  .regex(/^[\w.-]{1,64}$/, 'letters, digits, _ . - (at most 64)')
  .openapi({ param: { name: 'sku', in: 'path' } })

const putProductRoute = createRoute({
  method: 'put',
  path: '/v1/suppliers/{supplierId}/products/{sku}',
  tags: ['Agri parties'],
  security: bearerSecurity,
  middleware: [requireRole('admin', 'supplier')] as const,
  request: {
    params: z.object({
      supplierId: idParam('supplierId'),
      sku: SkuParam,
    }),
    ...body(
      z
        .object({
          name: Name,
          category: CategorySchema,
          unit: z.string().trim().min(1).max(32).optional().openapi({ example: 'bag' }),
          priceFen: Fen,
        })
        .strict(),
    ),
  },
  responses: {
    200: {
      description:
        'Updated: a change of category, or a price past the tolerance above the reviewed reference, sends it back to pending_review',
      ...json(ProductSchema),
    },
    201: { description: 'Created, pending_review until an officer reviews it', ...json(ProductSchema) },
    ...problemResponses(400, 401, 403, 404),
  },
})

// ---------------------------------------------------------------- contracts and policies

const ContractSchema = z
  .object({
    contractId: z.number().int(),
    offtakerId: z.number().int(),
    farmerId: z.number().int(),
    crop: z.string(),
    quantityKg: z.number().int(),
    priceFenPerKg: z.number().int(),
    contractValueFen: z.number().int(),
    deliveryFrom: z.string(),
    deliveryTo: z.string(),
    deliveredKg: z.number().int(),
    paymentTermDays: z.number().int(),
    status: z.string(),
  })
  .openapi('OfftakeContract')

const createContractRoute = createRoute({
  method: 'post',
  path: '/v1/offtake-contracts',
  tags: ['Agri'],
  security: bearerSecurity,
  middleware: [requireRole('offtaker')] as const,
  request: body(
    z
      .object({
        farmerId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
        crop: z
          .string()
          .regex(/^[a-z_]{1,32}$/)
          .openapi({ example: 'rice' }),
        quantityKg: z.number().int().min(1).max(1_000_000_000),
        priceFenPerKg: z.number().int().min(1).max(10_000_000),
        deliveryFrom: IsoDateSchema,
        deliveryTo: IsoDateSchema,
        paymentTermDays: z
          .number()
          .int()
          .min(0)
          .max(365)
          .optional()
          .openapi({ description: 'Days after each delivery its proceeds are due (default 7)' }),
      })
      .strict(),
  ),
  responses: {
    201: { description: 'Signed', ...json(ContractSchema) },
    ...problemResponses(400, 401, 403, 404, 422),
  },
})

const getContractRoute = createRoute({
  method: 'get',
  path: '/v1/offtake-contracts/{contractId}',
  tags: ['Agri'],
  security: bearerSecurity,
  middleware: [requireRole('admin', 'officer', 'offtaker', 'farmer', 'insurer')] as const,
  request: { params: z.object({ contractId: idParam('contractId') }) },
  responses: {
    200: { description: 'The contract and its delivery progress', ...json(ContractSchema) },
    ...problemResponses(400, 401, 403, 404),
  },
})

const GuaranteeRequestSchema = z
  .object({
    requestId: z.number().int(),
    contractId: z.number().int(),
    insurerId: z.number().int(),
    requestedBy: z.string(),
    createdAt: z.string(),
  })
  .openapi('GuaranteeRequest')

const guaranteeRequestRoute = createRoute({
  method: 'post',
  path: '/v1/offtake-contracts/{contractId}/guarantee-requests',
  tags: ['Agri'],
  summary: 'Ask an insurer to guarantee the contract: it may then see it and write a policy on it',
  security: bearerSecurity,
  middleware: [requireRole('farmer', 'offtaker')] as const,
  request: {
    params: z.object({ contractId: idParam('contractId') }),
    ...body(z.object({ insurerId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) }).strict()),
  },
  responses: {
    200: { description: 'Asked before: the first request', ...json(GuaranteeRequestSchema) },
    201: { description: 'Asked', ...json(GuaranteeRequestSchema) },
    ...problemResponses(400, 401, 403, 404, 422),
  },
})

const listGuaranteeRequestsRoute = createRoute({
  method: 'get',
  path: '/v1/guarantee-requests',
  tags: ['Agri'],
  summary: 'The contracts an insurer was asked to guarantee (officers see every request)',
  security: bearerSecurity,
  middleware: [requireRole('admin', 'officer', 'insurer')] as const,
  request: { query: PageQuerySchema },
  responses: {
    200: { description: 'Requests, newest first', ...json(pageSchema(GuaranteeRequestSchema)) },
    ...problemResponses(400, 401, 403),
  },
})

const PolicySchema = z
  .object({
    policyId: z.number().int(),
    insurerId: z.number().int(),
    farmerId: z.number().int(),
    contractId: z.number().int(),
    coverageBps: z.number().int(),
    premiumFen: z.number().int(),
    status: z.string(),
  })
  .openapi('GuaranteePolicy')

const createPolicyRoute = createRoute({
  method: 'post',
  path: '/v1/guarantee-policies',
  tags: ['Agri'],
  security: bearerSecurity,
  middleware: [requireRole('insurer')] as const,
  request: body(
    z
      .object({
        farmerId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
        contractId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
        coverageBps: z.number().int().min(1).max(10_000),
        premiumFen: z.number().int().min(0).max(FEN_MAX),
      })
      .strict(),
  ),
  responses: {
    201: { description: 'Active', ...json(PolicySchema) },
    ...problemResponses(400, 401, 403, 404, 422),
  },
})

// ---------------------------------------------------------------- applications

const ReasonSchema = z.object({ code: z.string(), text: z.string() })

const applyRoute = createRoute({
  method: 'post',
  path: '/v1/agri-loan-applications',
  tags: ['Agri'],
  security: bearerSecurity,
  middleware: [requireRole('farmer'), requireIdempotencyKey()] as const,
  request: body(
    z
      .object({
        farmerId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
        contractId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
        policyId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
        amountFen: Fen,
        categoryBudgets: z
          .partialRecord(z.enum(FARM_INPUT_CATEGORIES), z.number().int().min(1).max(10_000))
          .optional()
          .openapi({
            description: 'At most this share (bps of the loan) may be spent on each category named',
          }),
      })
      .strict(),
  ),
  responses: {
    201: {
      description: 'Decided; if approved, the restricted wallet is funded',
      ...json(
        z.object({
          applicationId: z.number().int(),
          status: z.enum(['approved', 'declined']),
          loanId: z.number().int().optional(),
          restrictedWalletId: z.number().int().optional(),
          approvedFen: z.number().int().optional(),
          reasons: z.array(ReasonSchema),
        }),
      ),
    },
    ...problemResponses(400, 401, 403, 404, 409),
  },
})

// ---------------------------------------------------------------- restricted wallets

const WalletIdParams = z.object({ walletId: idParam('walletId') })

const WalletSchema = z
  .object({
    walletId: z.number().int(),
    loanId: z.number().int(),
    farmerId: z.number().int(),
    status: z.enum(['open', 'closed']),
    balanceFen: z.number().int(),
    spentFen: z.number().int(),
    spentByCategory: z.record(z.string(), z.number().int()),
    eligibleCategories: z.array(z.string()),
    budgets: z.record(
      z.string(),
      z.object({ limitFen: z.number().int(), spentFen: z.number().int(), remainingFen: z.number().int() }),
    ),
  })
  .openapi('RestrictedWallet')

const getWalletRoute = createRoute({
  method: 'get',
  path: '/v1/restricted-wallets/{walletId}',
  tags: ['Agri'],
  security: bearerSecurity,
  middleware: [requireRole('admin', 'officer', 'farmer')] as const,
  request: { params: WalletIdParams },
  responses: {
    200: { description: 'Balance, spend by category and what each budget has left', ...json(WalletSchema) },
    ...problemResponses(400, 401, 403, 404),
  },
})

const PurchaseSchema = z
  .object({
    purchaseId: z.number().int(),
    walletId: z.number().int(),
    supplierId: z.number().int(),
    amountFen: z.number().int(),
    refundedFen: z.number().int(),
    status: z.string(),
    lines: z.array(
      z.object({
        sku: z.string(),
        category: z.string(),
        quantity: z.number().int(),
        unitPriceFen: z.number().int(),
        amountFen: z.number().int(),
        refundedQuantity: z.number().int(),
      }),
    ),
  })
  .openapi('Purchase')

const LinesSchema = z
  .array(
    z
      .object({
        sku: z.string().min(1).max(64),
        quantity: z.number().int().min(1).max(1_000_000),
      })
      .strict(),
  )
  .min(1)
  .max(50)

const purchaseRoute = createRoute({
  method: 'post',
  path: '/v1/restricted-wallets/{walletId}/purchases',
  tags: ['Agri'],
  security: bearerSecurity,
  middleware: [requireRole('farmer'), requireIdempotencyKey()] as const,
  request: {
    params: WalletIdParams,
    ...body(
      z
        .object({ supplierId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), lines: LinesSchema })
        .strict(),
    ),
  },
  responses: {
    201: { description: 'Paid to the supplier from the restricted wallet', ...json(PurchaseSchema) },
    ...problemResponses(400, 401, 403, 404, 409, 422),
  },
})

/** The routes that write their idempotency record in their own transaction (see `answerInTransaction`). */
export const AGRI_IN_TRANSACTION_ROUTES = [routeKey(purchaseRoute.method, purchaseRoute.path)]

const refundRoute = createRoute({
  method: 'post',
  path: '/v1/purchases/{purchaseId}/refund',
  tags: ['Agri'],
  security: bearerSecurity,
  middleware: [requireRole('supplier'), requireIdempotencyKey()] as const,
  request: {
    params: z.object({ purchaseId: idParam('purchaseId') }),
    body: {
      required: false,
      ...json(z.object({ lines: LinesSchema.optional() }).strict()),
    },
  },
  responses: {
    200: {
      description: 'Refunded into the restricted wallet',
      ...json(PurchaseSchema.extend({ refundFen: z.number().int() })),
    },
    ...problemResponses(400, 401, 403, 404, 422),
  },
})

const getPurchaseRoute = createRoute({
  method: 'get',
  path: '/v1/purchases/{purchaseId}',
  tags: ['Agri'],
  security: bearerSecurity,
  middleware: [requireRole('admin', 'officer', 'farmer', 'supplier')] as const,
  request: { params: z.object({ purchaseId: idParam('purchaseId') }) },
  responses: {
    200: { description: 'The purchase', ...json(PurchaseSchema) },
    ...problemResponses(400, 401, 403, 404),
  },
})

const AttemptSchema = z.object({
  attemptId: z.number().int(),
  walletId: z.number().int(),
  farmerId: z.number().int(),
  kind: z.string(),
  code: z.string(),
  detail: z.string(),
  principalRef: z.string(),
  businessDate: z.string(),
  at: z.string(),
})

const attemptsRoute = createRoute({
  method: 'get',
  path: '/v1/restricted-wallet-attempts',
  tags: ['Agri'],
  security: bearerSecurity,
  middleware: [requireRole('admin', 'officer')] as const,
  request: {
    query: PageQuerySchema.extend({
      walletId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
    }),
  },
  responses: {
    200: {
      description:
        'Blocked attempts on restricted money (withdrawals, transfers, ineligible goods, unapproved suppliers), newest first',
      ...json(pageSchema(AttemptSchema)),
    },
    ...problemResponses(400, 401, 403),
  },
})

// ---------------------------------------------------------------- deliveries

const deliveryRoute = createRoute({
  method: 'post',
  path: '/v1/offtake-contracts/{contractId}/deliveries',
  tags: ['Agri'],
  security: bearerSecurity,
  middleware: [requireRole('offtaker'), requireIdempotencyKey()] as const,
  request: {
    params: z.object({ contractId: idParam('contractId') }),
    ...body(
      z
        .object({ quantityKg: z.number().int().min(1).max(1_000_000_000), deliveredOn: IsoDateSchema })
        .strict(),
    ),
  },
  responses: {
    201: {
      description:
        'Recorded: the proceeds are owed by the offtaker, due `paymentTermDays` after delivery; its cash (POST /v1/offtaker-payments) repays the loan and pays the farmer. A delivery dated outside the contract’s window is refused (422 `delivery_outside_window`)',
      ...json(
        z.object({
          deliveryId: z.number().int(),
          contractId: z.number().int(),
          loanId: z.number().int().nullable(),
          quantityKg: z.number().int(),
          deliveredOn: z.string(),
          proceedsFen: z.number().int(),
          paidFen: z.number().int(),
          dueOn: z.string(),
          status: z.enum(['awaiting_payment', 'partly_paid', 'paid']),
          reference: z.string(),
          sweptFen: z.number().int(),
          waterfall: z.object({
            penaltyFen: z.number().int(),
            feesFen: z.number().int(),
            interestFen: z.number().int(),
            principalFen: z.number().int(),
            toFarmerFen: z.number().int(),
          }),
        }),
      ),
    },
    ...problemResponses(400, 401, 403, 404, 409, 422),
  },
})

export function agriRoutes(deps: Deps) {
  const app = createRouter()

  const partyResponse = async (kind: PartyKind, id: number) => {
    const party = await getParty(deps.db, kind, id)
    const { id: _id, ...rest } = party
    return { [`${kind}Id`]: party.id, ...rest }
  }
  app.openapi(farmerRoute, async (c) => {
    const party = await createParty(
      deps,
      'farmer',
      c.req.valid('json') as { externalRef: string; name: string },
    )
    return c.json((await partyResponse('farmer', party.id)) as never, 201)
  })
  app.openapi(supplierRoute, async (c) => {
    const party = await createParty(
      deps,
      'supplier',
      c.req.valid('json') as { externalRef: string; name: string },
    )
    return c.json((await partyResponse('supplier', party.id)) as never, 201)
  })
  app.openapi(offtakerRoute, async (c) => {
    const party = await createParty(
      deps,
      'offtaker',
      c.req.valid('json') as { externalRef: string; name: string },
    )
    return c.json((await partyResponse('offtaker', party.id)) as never, 201)
  })
  app.openapi(insurerRoute, async (c) => {
    const party = await createParty(
      deps,
      'insurer',
      c.req.valid('json') as { externalRef: string; name: string },
    )
    return c.json((await partyResponse('insurer', party.id)) as never, 201)
  })
  for (const [route, kind] of [
    [supplierApprovalRoute, 'supplier'],
    [offtakerApprovalRoute, 'offtaker'],
    [insurerApprovalRoute, 'insurer'],
  ] as const) {
    app.openapi(route, async (c) => {
      const id = (c.req.valid('param') as Record<string, number>)[`${kind}Id`]!
      const { decision, reason } = c.req.valid('json')
      const principal = c.get('principal')
      const idempotencyKey = c.req.header('Idempotency-Key')
      await decideApproval(deps.db, kind, id, {
        decision,
        reason,
        principalRef: principal.ref,
        // One entry per request: a retry under the same Idempotency-Key replays, never audits twice.
        actionKey: `${principal.ref}:${idempotencyKey ?? randomUUID()}`,
      })
      return c.json((await partyResponse(kind, id)) as never, 200)
    })
  }
  app.openapi(getFarmerRoute, async (c) => {
    const { farmerId } = c.req.valid('param')
    assertMayAccessParty(c.get('principal'), 'farmer', farmerId)
    return c.json((await partyResponse('farmer', farmerId)) as never, 200)
  })
  app.openapi(farmerWalletRoute, async (c) => {
    const { farmerId } = c.req.valid('param')
    assertMayAccessParty(c.get('principal'), 'farmer', farmerId)
    await getParty(deps.db, 'farmer', farmerId)
    const { balanceFen } = await accountBalance(deps.db, accounts.farmerWallet(farmerId).code)
    return c.json({ farmerId, balanceFen }, 200)
  })
  app.openapi(putProductRoute, async (c) => {
    const { supplierId, sku } = c.req.valid('param')
    assertMayAccessParty(c.get('principal'), 'supplier', supplierId)
    const { product, created } = await upsertProduct(
      deps.db,
      { supplierId, sku, ...c.req.valid('json') },
      { principalRef: c.get('principal').ref },
    )
    return created ? c.json(product, 201) : c.json(product, 200)
  })

  app.openapi(createContractRoute, async (c) => {
    const input = c.req.valid('json')
    const contract = await createContract(deps.db, {
      ...input,
      offtakerId: c.get('principal').subjectId!,
      deliveryFrom: input.deliveryFrom as IsoDate,
      deliveryTo: input.deliveryTo as IsoDate,
    })
    return c.json(contract, 201)
  })
  app.openapi(getContractRoute, async (c) => {
    const contract = await getContract(deps.db, c.req.valid('param').contractId)
    const principal = c.get('principal')
    const own =
      (principal.role === 'offtaker' && principal.subjectId === contract.offtakerId) ||
      (principal.role === 'farmer' && principal.subjectId === contract.farmerId) ||
      principal.role === 'officer' ||
      principal.role === 'admin' ||
      (principal.role === 'insurer' &&
        (await insurerMaySeeContract(deps.db, contract.contractId, principal.subjectId ?? -1)))
    // The same answer as for a contract that does not exist.
    if (!own) throw new NotFound(`No contract ${contract.contractId}.`)
    return c.json(contract, 200)
  })
  app.openapi(guaranteeRequestRoute, async (c) => {
    const principal = c.get('principal')
    const { request, created } = await requestGuarantee(deps.db, {
      contractId: c.req.valid('param').contractId,
      insurerId: c.req.valid('json').insurerId,
      asker: {
        role: principal.role === 'farmer' ? 'farmer' : 'offtaker',
        subjectId: principal.subjectId ?? -1,
        ref: principal.ref,
      },
    })
    return created ? c.json(request, 201) : c.json(request, 200)
  })
  app.openapi(listGuaranteeRequestsRoute, async (c) => {
    const { limit, cursor } = c.req.valid('query')
    const principal = c.get('principal')
    const page = await listGuaranteeRequests(
      deps.db,
      principal.role === 'insurer' ? { insurerId: principal.subjectId ?? -1 } : {},
      { limit, cursor: cursor === undefined ? undefined : Number(cursor) },
    )
    return c.json(page, 200)
  })
  app.openapi(createPolicyRoute, async (c) => {
    const policy = await createPolicy(deps.db, {
      ...c.req.valid('json'),
      insurerId: c.get('principal').subjectId!,
    })
    return c.json(policy, 201)
  })

  app.openapi(applyRoute, async (c) => {
    const input = c.req.valid('json')
    const principal = c.get('principal')
    assertMayAccessParty(principal, 'farmer', input.farmerId)
    await getParty(deps.db, 'farmer', input.farmerId)
    const keyHash = createHash('sha256')
      // The task queue is in the key: farmer ids are per database, and deployments (or test files)
      // that share a Temporal namespace each have their own task queue.
      .update(`${deps.taskQueue}\n${requestKeyOf(principal, c.req.header('Idempotency-Key'))}`)
      .digest('hex')
    // The workflow lives as long as the loan; the answer comes from its decision update, which
    // returns once the decision and the disbursement are durable.
    const outcome = await awaitWorkflowAnswer(deps.temporal, deps.workflowAnswerWaitMs, async () => {
      const handle = await deps.temporal.workflow.start(agriLoan, {
        workflowId: `agri-loan/${input.farmerId}/${keyHash.slice(0, 32)}`,
        taskQueue: deps.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      })
      try {
        return await handle.executeUpdate(agriDecisionUpdate)
      } catch (error) {
        // A declined application's run may end before the update reaches it: its result says the same.
        if ((await handle.describe()).status.name !== 'COMPLETED') throw error
        return (await handle.result()).outcome
      }
    })
    // Refused under the backers' locks (not approved, an exposure limit): nothing was written.
    if (outcome.kind === 'refused') throw new Refusal(outcome.code, outcome.detail)
    return c.json(
      outcome.kind === 'approved'
        ? {
            applicationId: outcome.applicationId,
            status: 'approved' as const,
            loanId: outcome.loanId,
            restrictedWalletId: outcome.loanId,
            approvedFen: outcome.approvedFen,
            reasons: outcome.reasons,
          }
        : { applicationId: outcome.applicationId, status: 'declined' as const, reasons: outcome.reasons },
      201,
    )
  })

  const assertMaySeeWallet = async (principal: Principal, walletId: number) => {
    const farmerId = await walletOwner(deps.db, walletId)
    if (principal.role === 'farmer' && principal.subjectId !== farmerId)
      throw new NotFound(`No restricted wallet ${walletId}.`)
  }
  app.openapi(getWalletRoute, async (c) => {
    const { walletId } = c.req.valid('param')
    await assertMaySeeWallet(c.get('principal'), walletId)
    return c.json(await getWallet(deps.db, walletId), 200)
  })
  app.openapi(purchaseRoute, async (c) => {
    const { walletId } = c.req.valid('param')
    const principal = c.get('principal')
    // Whose wallet it is is checked under the loan's lock, in the purchase's first round trip.
    const result = await purchase(deps, {
      walletId,
      ...c.req.valid('json'),
      requestKey: requestKeyOf(principal, c.req.header('Idempotency-Key')),
      principalRef: principal.ref,
      farmerId: principal.subjectId ?? -1,
      answer: answerInTransaction(c, 201),
    })
    return c.json(result, 201)
  })
  app.openapi(refundRoute, async (c) => {
    const { purchaseId } = c.req.valid('param')
    const principal = c.get('principal')
    const lines = (c.req.valid('json') as { lines?: Array<{ sku: string; quantity: number }> } | undefined)
      ?.lines
    const result = await refundPurchase(deps, {
      purchaseId,
      supplierId: principal.subjectId ?? -1,
      ...(lines ? { lines } : {}),
    })
    return c.json(result, 200)
  })
  app.openapi(getPurchaseRoute, async (c) => {
    const found = await getPurchase(deps.db, c.req.valid('param').purchaseId)
    const principal = c.get('principal')
    if (principal.role === 'supplier' && principal.subjectId !== found.supplierId) {
      throw new NotFound(`No purchase ${found.purchaseId}.`)
    }
    // Another farmer's purchase answers as a missing one, naming the purchase, never its wallet.
    if (principal.role === 'farmer' && principal.subjectId !== (await walletOwner(deps.db, found.walletId))) {
      throw new NotFound(`No purchase ${found.purchaseId}.`)
    }
    return c.json(found, 200)
  })
  // Withdrawals and transfers out of a restricted wallet are always refused, whatever the body,
  // and the attempt is recorded for officers.
  for (const kind of ['withdrawals', 'transfers'] as const) {
    app.post(
      `/v1/restricted-wallets/:walletId{[0-9]{1,15}}/${kind}`,
      requireRole('farmer', 'officer', 'admin'),
      async (c) => {
        const walletId = Number(c.req.param('walletId'))
        const principal = c.get('principal')
        await assertMaySeeWallet(principal, walletId)
        return refuseWithdrawal(deps.db, {
          walletId,
          kind: kind === 'withdrawals' ? 'withdrawal' : 'transfer',
          principalRef: principal.ref,
        })
      },
    )
  }
  app.openapi(attemptsRoute, async (c) => {
    const { limit, cursor, walletId } = c.req.valid('query')
    let query = deps.db
      .selectFrom('restrictedWalletAttempts')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(limit + 1)
    if (walletId !== undefined) query = query.where('loanId', '=', walletId)
    if (cursor !== undefined) query = query.where('id', '<', Number(cursor))
    const rows = await query.execute()
    const items = rows.slice(0, limit).map((row) => ({
      attemptId: Number(row.id),
      walletId: Number(row.loanId),
      farmerId: Number(row.farmerId),
      kind: row.kind,
      code: row.code,
      detail: row.detail,
      principalRef: row.principalRef,
      businessDate: row.businessDate,
      at: row.createdAt.toISOString(),
    }))
    return c.json({ items, nextCursor: rows.length > limit ? String(items.at(-1)!.attemptId) : null }, 200)
  })

  app.openapi(deliveryRoute, async (c) => {
    const { contractId } = c.req.valid('param')
    const principal = c.get('principal')
    const input = c.req.valid('json')
    const result = await recordDelivery(deps, {
      contractId,
      offtakerId: principal.subjectId ?? -1,
      quantityKg: input.quantityKg,
      deliveredOn: input.deliveredOn as IsoDate,
      requestKey: requestKeyOf(principal, c.req.header('Idempotency-Key')),
    })
    await tellLoanWorkflow(deps, result.loanId, 'delivery')
    return c.json(result, 201)
  })
  return app
}
