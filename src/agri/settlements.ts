/**
 * The closed loop's money out (issue 17, item 6): suppliers are settled at each close of business
 * (one settlement per supplier with a positive net payable: pending → paid | failed, with the bank's
 * reference; a failed one returns to the payable), and farmers pay their free wallet out to their
 * bank (never restricted money: that is another account, which only purchases and the sweep debit).
 * Every movement is one ledger entry under a business key, looked for before it is posted, so a
 * retry after a crash finds the entry instead of moving the money again; its event is written in
 * the entry's transaction (settlements; a payout, like a merchant's, announces nothing).
 * @module
 */
import { createHash } from 'node:crypto'
import type { Transaction } from 'kysely'
import type { Db } from '../db/database.js'
import type { Database } from '../db/schema.js'
import type { IsoDate } from '../kernel/business-date.js'
import { NotFound, Refusal } from '../kernel/errors.js'
import { fenFromDb } from '../kernel/money.js'
import { accounts } from '../ledger/chart-of-accounts.js'
import { accountBalance, entryByKey, positiveAvailableBalances } from '../ledger/ledger-repository.js'
import type { LedgerService } from '../ledger/ledger-service.js'
import { recordAudit } from '../system/audit-log.js'
import { getBusinessDate } from '../system/business-date-service.js'

type Deps = { db: Db; ledger: LedgerService }

export type SettlementStatus = 'pending' | 'paid' | 'failed'

export type SettlementView = {
  settlementId: number
  supplierId: number
  businessDate: string
  amountFen: number
  status: SettlementStatus
  /** The bank's reference, once the officer recorded the bank's answer. */
  reference: string | null
}

/** A request's ledger key: the caller's key hashed, so any Idempotency-Key fits the entry key. */
function hashed(requestKey: string): string {
  return createHash('sha256').update(requestKey).digest('hex').slice(0, 48)
}

const settleKey = (supplierId: number, businessDate: IsoDate) =>
  `supplier-settle:${supplierId}:${businessDate}`
const resultKey = (settlementId: number, status: 'paid' | 'failed') =>
  `supplier-settle:${settlementId}:${status}`

/**
 * Close of business, for suppliers: each supplier whose net payable is above zero gets one
 * settlement for `businessDate`, its whole payable moved into settlement in transit. A payable at or
 * below zero (a refund after goods were settled) waits until new sales lift it above zero, so the
 * refund nets against the next settlement. Idempotent per supplier and date.
 */
export async function settleSuppliers(
  deps: Deps,
  businessDate: IsoDate,
): Promise<{ settlements: number; settledFen: number }> {
  const payables = await positiveAvailableBalances(deps.db, 'supplier_payable')
  let settlements = 0
  let settledFen = 0
  for (const { code, availableFen } of payables) {
    const supplierId = Number(/^supplier:(\d+):payable$/.exec(code)?.[1])
    if (!Number.isSafeInteger(supplierId)) continue
    await deps.db
      .insertInto('supplierSettlements')
      .values({ supplierId, businessDate, amountFen: availableFen, status: 'pending' })
      .ignore()
      .execute()
  }
  // Every settlement of the date moves its money once: a row whose entry a crash lost is posted now.
  const rows = await deps.db
    .selectFrom('supplierSettlements')
    .selectAll()
    .where('businessDate', '=', businessDate)
    .orderBy('id')
    .execute()
  for (const row of rows) {
    const supplierId = Number(row.supplierId)
    const amountFen = fenFromDb(row.amountFen)
    const key = settleKey(supplierId, businessDate)
    if (!(await entryByKey(deps.db, key))) {
      await deps.ledger.openAccount(accounts.supplierSettling(supplierId))
      await deps.ledger.post({
        idempotencyKey: key,
        type: 'supplier_settlement',
        businessDate,
        description: `settlement ${row.id} of supplier ${supplierId}'s payable for ${businessDate}`,
        postings: [
          { accountCode: accounts.supplierPayable(supplierId).code, side: 'D', amountFen },
          { accountCode: accounts.supplierSettling(supplierId).code, side: 'C', amountFen },
        ],
        events: [
          {
            key: `supplier_settlement.created:${row.id}`,
            type: 'supplier_settlement.created',
            businessDate,
            subject: { supplierId },
            data: { settlementId: Number(row.id), amountFen },
          },
        ],
      })
    }
    settlements += 1
    settledFen += amountFen
  }
  return { settlements, settledFen }
}

function toView(row: {
  id: number
  supplierId: number
  businessDate: string
  amountFen: number | string
  status: SettlementStatus
  bankReference: string | null
}): SettlementView {
  return {
    settlementId: Number(row.id),
    supplierId: Number(row.supplierId),
    businessDate: String(row.businessDate),
    amountFen: fenFromDb(row.amountFen),
    status: row.status,
    reference: row.bankReference,
  }
}

/** A supplier's settlements, newest first. */
export async function listSettlements(
  db: Db,
  supplierId: number,
  page: { limit: number; cursor?: number },
): Promise<{ items: SettlementView[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('supplierSettlements')
    .selectAll()
    .where('supplierId', '=', supplierId)
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
  if (page.cursor !== undefined) query = query.where('id', '<', page.cursor)
  const rows = await query.execute()
  const items = rows.slice(0, page.limit).map(toView)
  return { items, nextCursor: rows.length > page.limit ? String(items.at(-1)!.settlementId) : null }
}

/**
 * The officer records the bank's answer on a pending settlement: paid (settlement in transit → lender
 * cash) or failed (back to the supplier's payable, so the next close settles it again). The same
 * answer again is answered with the settlement as it is; another answer on a settled one is refused.
 */
export async function recordSettlementResult(
  deps: Deps,
  input: {
    settlementId: number
    status: 'paid' | 'failed'
    bankReference: string
    principalRef: string
    actionKey: string
  },
): Promise<SettlementView> {
  const businessDate = await getBusinessDate(deps.db)
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('supplierSettlements')
      .selectAll()
      .where('id', '=', input.settlementId)
      .forUpdate()
      .executeTakeFirst()
    if (!row) throw new NotFound(`No settlement ${input.settlementId}.`)
    const settlementId = Number(row.id)
    // An outcome posted before a crash that lost this row's update is the outcome, whatever is asked now.
    const postedAs = (await entryByKey(deps.db, resultKey(settlementId, 'paid')))
      ? 'paid'
      : (await entryByKey(deps.db, resultKey(settlementId, 'failed')))
        ? 'failed'
        : undefined
    const status = row.status === 'pending' ? postedAs : row.status
    if (status !== undefined) {
      if (status !== input.status) {
        throw new Refusal('settlement_not_pending', `Settlement ${settlementId} is ${status}.`)
      }
      if (row.status === 'pending')
        await markResolved(trx, settlementId, status, input.bankReference, businessDate)
      return toView({ ...row, status, bankReference: row.bankReference ?? input.bankReference })
    }
    const supplierId = Number(row.supplierId)
    const amountFen = fenFromDb(row.amountFen)
    if (!(await entryByKey(deps.db, settleKey(supplierId, String(row.businessDate) as IsoDate)))) {
      // A close that crashed between the row and its entry: the next close posts it first.
      throw new Refusal('settlement_not_pending', `Settlement ${settlementId} is not yet sent.`)
    }
    if (input.status === 'paid') {
      // Refused before posting: a refused post would refuse this settlement's key for ever, and the
      // officer may record the payment once the lender's cash is booked.
      const cash = await accountBalance(deps.db, accounts.lenderCash().code)
      if (cash.availableFen < amountFen) {
        throw new Refusal('insufficient_funds', `Lender cash does not cover settlement ${settlementId}.`)
      }
    }
    await deps.ledger.post({
      idempotencyKey: resultKey(settlementId, input.status),
      type: 'supplier_settlement',
      businessDate,
      description:
        input.status === 'paid'
          ? `settlement ${settlementId} paid to supplier ${supplierId} (bank ${input.bankReference})`
          : `settlement ${settlementId} failed (bank ${input.bankReference}); back to the payable`,
      postings: [
        { accountCode: accounts.supplierSettling(supplierId).code, side: 'D', amountFen },
        {
          accountCode:
            input.status === 'paid' ? accounts.lenderCash().code : accounts.supplierPayable(supplierId).code,
          side: 'C',
          amountFen,
        },
      ],
      events: [
        {
          key: `supplier_settlement.${input.status}:${settlementId}`,
          type: `supplier_settlement.${input.status}`,
          businessDate,
          subject: { supplierId },
          data: { settlementId, amountFen, bankReference: input.bankReference },
        },
      ],
    })
    await markResolved(trx, settlementId, input.status, input.bankReference, businessDate)
    await recordAudit(trx, {
      principalRef: input.principalRef,
      action: `settlement.${input.status}`,
      subjectType: 'supplier_settlement',
      subjectId: settlementId,
      reason: null,
      details: { supplierId, amountFen, bankReference: input.bankReference },
      businessDate,
      actionKey: input.actionKey,
    })
    return toView({ ...row, status: input.status, bankReference: input.bankReference })
  })
}

async function markResolved(
  trx: Transaction<Database>,
  settlementId: number,
  status: 'paid' | 'failed',
  bankReference: string,
  businessDate: IsoDate,
): Promise<void> {
  await trx
    .updateTable('supplierSettlements')
    .set({ status, bankReference, resolvedOn: businessDate })
    .where('id', '=', settlementId)
    .where('status', '=', 'pending')
    .execute()
}

/**
 * A farmer pays out of its free wallet to its bank: at most what the wallet holds (422
 * `insufficient_funds` otherwise, nothing moved). Restricted money is another account and never moves
 * here. One entry per request key, so a retry moves the money once.
 */
export async function payOutFarmer(
  deps: Deps,
  input: { farmerId: number; amountFen: number; requestKey: string },
): Promise<{ payoutId: number; amountFen: number; balanceFen: number }> {
  const wallet = accounts.farmerWallet(input.farmerId).code
  const posted = await deps.ledger.post({
    idempotencyKey: `farmer-payout:${hashed(input.requestKey)}`,
    type: 'wallet_payout',
    businessDate: await getBusinessDate(deps.db),
    description: `payout to farmer ${input.farmerId}'s bank`,
    postings: [
      { accountCode: wallet, side: 'D', amountFen: input.amountFen },
      { accountCode: accounts.lenderCash().code, side: 'C', amountFen: input.amountFen },
    ],
  })
  const balance = await accountBalance(deps.db, wallet)
  return { payoutId: posted.entryId, amountFen: input.amountFen, balanceFen: balance.balanceFen }
}
