/**
 * The closed loop's money out (issue 17, item 6): suppliers and insurers are settled at each close of
 * business (one settlement per party the lender owes: a supplier's positive net payable, an insurer's
 * premiums withheld; pending → paid | failed, with the bank's reference; a failed one returns to what
 * is owed), and farmers pay their free wallet out to their
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

/** The parties settled at close of business: suppliers (their payable) and insurers (premiums). */
export type SettledParty = 'supplier' | 'insurer'

export type SettlementView = {
  settlementId: number
  party: SettledParty
  partyId: number
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

/**
 * What settling each kind of party moves: the account that accumulates what the lender owes it, the
 * account in transit to its bank, the entry type, and the ledger keys and events of its settlements.
 */
const SETTLED = {
  supplier: {
    owedCategory: 'supplier_payable',
    owed: accounts.supplierPayable,
    settling: accounts.supplierSettling,
    entryType: 'supplier_settlement',
    keyPrefix: 'supplier-settle',
    what: 'payable',
  },
  insurer: {
    owedCategory: 'premium_payable',
    owed: accounts.premiumPayable,
    settling: accounts.insurerSettling,
    entryType: 'premium_payment',
    keyPrefix: 'insurer-settle',
    what: 'premiums withheld',
  },
} as const

const settleKey = (party: SettledParty, partyId: number, businessDate: IsoDate) =>
  `${SETTLED[party].keyPrefix}:${partyId}:${businessDate}`
const resultKey = (party: SettledParty, settlementId: number, status: 'paid' | 'failed') =>
  `${SETTLED[party].keyPrefix}:${settlementId}:${status}`

const partyColumn = (party: SettledParty) => (party === 'supplier' ? 'supplierId' : 'insurerId')

/**
 * Close of business, for suppliers and insurers: each one the lender owes money to (a supplier's net
 * payable, an insurer's premiums withheld at disbursement) gets one settlement for `businessDate`,
 * the whole amount moved into settlement in transit. A supplier's payable at or below zero (a refund
 * after goods were settled) waits until new sales lift it above zero, so the refund nets against
 * the next settlement. Idempotent per party and date.
 */
export async function settleParties(
  deps: Deps,
  businessDate: IsoDate,
): Promise<{ settlements: number; settledFen: number }> {
  let settlements = 0
  let settledFen = 0
  for (const party of ['supplier', 'insurer'] as const) {
    const settled = await settlePartiesOf(deps, party, businessDate)
    settlements += settled.settlements
    settledFen += settled.settledFen
  }
  return { settlements, settledFen }
}

async function settlePartiesOf(
  deps: Deps,
  party: SettledParty,
  businessDate: IsoDate,
): Promise<{ settlements: number; settledFen: number }> {
  const kind = SETTLED[party]
  const pattern = new RegExp(`^${party}:(\\d+):`)
  const owed = await positiveAvailableBalances(deps.db, kind.owedCategory)
  for (const { code, availableFen } of owed) {
    const partyId = Number(pattern.exec(code)?.[1])
    if (!Number.isSafeInteger(partyId)) continue
    await deps.db
      .insertInto('settlements')
      .values({ [partyColumn(party)]: partyId, businessDate, amountFen: availableFen, status: 'pending' })
      .ignore()
      .execute()
  }
  // Every settlement of the date moves its money once: a row whose entry a crash lost is posted now.
  const rows = await deps.db
    .selectFrom('settlements')
    .selectAll()
    .where('businessDate', '=', businessDate)
    .where(partyColumn(party), 'is not', null)
    .orderBy('id')
    .execute()
  let settledFen = 0
  for (const row of rows) {
    const view = toView(row)
    const key = settleKey(party, view.partyId, businessDate)
    if (!(await entryByKey(deps.db, key))) {
      await deps.ledger.openAccount(kind.settling(view.partyId))
      await deps.ledger.post({
        idempotencyKey: key,
        type: kind.entryType,
        businessDate,
        description: `settlement ${view.settlementId} of ${party} ${view.partyId}'s ${kind.what} for ${businessDate}`,
        postings: [
          { accountCode: kind.owed(view.partyId).code, side: 'D', amountFen: view.amountFen },
          { accountCode: kind.settling(view.partyId).code, side: 'C', amountFen: view.amountFen },
        ],
        events: [
          {
            key: `${party}_settlement.created:${view.settlementId}`,
            type: `${party}_settlement.created`,
            businessDate,
            subject: { [`${party}Id`]: view.partyId },
            data: { settlementId: view.settlementId, amountFen: view.amountFen },
          },
        ],
      })
    }
    settledFen += view.amountFen
  }
  return { settlements: rows.length, settledFen }
}

function toView(row: {
  id: number
  supplierId: number | null
  insurerId: number | null
  businessDate: string
  amountFen: number | string
  status: SettlementStatus
  bankReference: string | null
}): SettlementView {
  const party: SettledParty = row.supplierId === null ? 'insurer' : 'supplier'
  return {
    settlementId: Number(row.id),
    party,
    partyId: Number(row.supplierId ?? row.insurerId),
    businessDate: String(row.businessDate),
    amountFen: fenFromDb(row.amountFen),
    status: row.status,
    reference: row.bankReference,
  }
}

/** A supplier's or an insurer's settlements, newest first. */
export async function listSettlements(
  db: Db,
  party: { kind: SettledParty; id: number },
  page: { limit: number; cursor?: number },
): Promise<{ items: SettlementView[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('settlements')
    .selectAll()
    .where(partyColumn(party.kind), '=', party.id)
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
  if (page.cursor !== undefined) query = query.where('id', '<', page.cursor)
  const rows = await query.execute()
  const items = rows.slice(0, page.limit).map(toView)
  return { items, nextCursor: rows.length > page.limit ? String(items.at(-1)!.settlementId) : null }
}

/**
 * The officer records the bank's answer on a pending settlement: paid (settlement in transit → lender
 * cash) or failed (back to what the lender owes the party, so the next close settles it again). The
 * same answer again is answered with the settlement as it is; another answer on a settled one is
 * refused.
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
      .selectFrom('settlements')
      .selectAll()
      .where('id', '=', input.settlementId)
      .forUpdate()
      .executeTakeFirst()
    if (!row) throw new NotFound(`No settlement ${input.settlementId}.`)
    const view = toView(row)
    const { settlementId, party, partyId, amountFen } = view
    const kind = SETTLED[party]
    // An outcome posted before a crash that lost this row's update is the outcome, whatever is asked now.
    const postedAs = (await entryByKey(deps.db, resultKey(party, settlementId, 'paid')))
      ? 'paid'
      : (await entryByKey(deps.db, resultKey(party, settlementId, 'failed')))
        ? 'failed'
        : undefined
    const status = row.status === 'pending' ? postedAs : row.status
    if (status !== undefined) {
      if (status !== input.status) {
        throw new Refusal('settlement_not_pending', `Settlement ${settlementId} is ${status}.`)
      }
      if (row.status === 'pending')
        await markResolved(trx, settlementId, status, input.bankReference, businessDate)
      return { ...view, status, reference: row.bankReference ?? input.bankReference }
    }
    if (!(await entryByKey(deps.db, settleKey(party, partyId, String(row.businessDate) as IsoDate)))) {
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
      idempotencyKey: resultKey(party, settlementId, input.status),
      type: kind.entryType,
      businessDate,
      description:
        input.status === 'paid'
          ? `settlement ${settlementId} paid to ${party} ${partyId} (bank ${input.bankReference})`
          : `settlement ${settlementId} failed (bank ${input.bankReference}); back to the ${kind.what}`,
      postings: [
        { accountCode: kind.settling(partyId).code, side: 'D', amountFen },
        {
          accountCode: input.status === 'paid' ? accounts.lenderCash().code : kind.owed(partyId).code,
          side: 'C',
          amountFen,
        },
      ],
      events: [
        {
          key: `${party}_settlement.${input.status}:${settlementId}`,
          type: `${party}_settlement.${input.status}`,
          businessDate,
          subject: { [`${party}Id`]: partyId },
          data: { settlementId, amountFen, bankReference: input.bankReference },
        },
      ],
    })
    await markResolved(trx, settlementId, input.status, input.bankReference, businessDate)
    await recordAudit(trx, {
      principalRef: input.principalRef,
      action: `settlement.${input.status}`,
      subjectType: `${party}_settlement`,
      subjectId: settlementId,
      reason: null,
      details: { [`${party}Id`]: partyId, amountFen, bankReference: input.bankReference },
      businessDate,
      actionKey: input.actionKey,
    })
    return { ...view, status: input.status, reference: input.bankReference }
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
    .updateTable('settlements')
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
