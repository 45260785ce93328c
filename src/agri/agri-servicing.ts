/**
 * The harvest end of a farm loan: deliveries, which book their proceeds as owed by the offtaker (its
 * cash repays the loan and pays the farmer: src/agri/offtaker-payments.ts); the sweep of unspent
 * restricted money into the loan (at the first delivery, or when the delivery window closes); default
 * after the grace period with a guarantee claim for the covered share (its decision and payment:
 * `claims.ts`). Every money step is one ledger entry with a business key, checked for
 * before it is computed, so a retry after a crash finds it instead of computing it again.
 * @module
 */
import { createHash } from 'node:crypto'
import type { Selectable, Transaction } from 'kysely'
import type { Db } from '../db/database.js'
import type { Database, DeliveriesTable, DeliveryStatus } from '../db/schema.js'
import { assert } from '../kernel/assert.js'
import { addDays, type IsoDate } from '../kernel/business-date.js'
import { NotFound, Refusal } from '../kernel/errors.js'
import { capBps, fenFromDb } from '../kernel/money.js'
import { accounts } from '../ledger/chart-of-accounts.js'
import { accountBalances, entryByKey } from '../ledger/ledger-repository.js'
import type { LedgerService } from '../ledger/ledger-service.js'
import { loanLedgerFigures } from '../servicing/loan-repository.js'
import { allocatePayment, totalOwedFen, type Allocation } from '../servicing/repayment-allocation.js'
import { repayFromWallet, repaymentPostings } from '../servicing/servicing-service.js'
import { getBusinessDate } from '../system/business-date-service.js'
import { AGRI_POLICY } from './agri-policy.js'
import { recordEvents } from '../events/events.js'
import { closeLoan, loanSubject, repaymentApplied } from '../servicing/loan-lifecycle.js'

type Deps = { db: Db; ledger: LedgerService }
type Trx = Transaction<Database>

/**
 * Moves what is left in the restricted wallet into the loan (at most what it owes) and closes the
 * wallet for purchases; closes the loan if that pays it. The caller holds the loan's row lock.
 */
async function sweepLocked(deps: Deps, trx: Trx, loanId: number, businessDate: IsoDate): Promise<number> {
  const key = `sweep:${loanId}`
  let sweptFen = 0
  if (!(await entryByKey(deps.db, key))) {
    // Read fresh, not through `trx`: its snapshot may predate a purchase that committed while this
    // transaction waited for the loan's row lock, and sweeping that stale balance would overdraw the
    // wallet and leave `sweep:{loan}` recorded as a failed post, refusing every later delivery. The
    // row lock held here keeps the balance from moving until the sweep is posted.
    const walletCode = accounts.restrictedWallet(loanId).code
    const wallet = (await accountBalances(deps.db, [walletCode])).get(walletCode)
    assert(wallet, `loan ${loanId} has a restricted wallet`)
    const figures = await loanLedgerFigures(deps.db, loanId)
    const amountFen = Math.min(wallet.balanceFen, totalOwedFen(figures))
    if (amountFen > 0) {
      const allocation = allocatePayment(amountFen, figures)
      const owner = await trx
        .selectFrom('loans')
        .select('borrowerId')
        .where('id', '=', loanId)
        .executeTakeFirstOrThrow()
      await deps.ledger.post({
        idempotencyKey: key,
        type: 'restricted_sweep',
        businessDate,
        description: `unspent restricted funds repay loan ${loanId}`,
        refs: { loanId },
        postings: repaymentPostings(loanId, accounts.restrictedWallet(loanId).code, allocation),
        events: [
          repaymentApplied({
            entryKey: key,
            businessDate,
            subject: { loanId, walletId: loanId, farmerId: owner.borrowerId },
            allocation,
            source: 'sweep',
          }),
        ],
      })
      sweptFen = amountFen
    }
  }
  await releaseSurplus(deps, trx, loanId, businessDate)
  await trx
    .updateTable('loans')
    .set({ sweptOn: businessDate })
    .where('id', '=', loanId)
    .where('sweptOn', 'is', null)
    .execute()
  await closeIfPaid(deps, trx, loanId, businessDate)
  return sweptFen
}

/**
 * What the restricted wallet still holds once the sweep has repaid everything the loan owes goes to
 * the farmer's free wallet (`restricted_release`, once per loan): money the farmer already repaid
 * with their own, returned to the wallet by a refund, or never needed. Nothing stays behind in a
 * closed wallet. The caller holds the loan's row lock.
 */
async function releaseSurplus(deps: Deps, trx: Trx, loanId: number, businessDate: IsoDate): Promise<void> {
  const key = `release:${loanId}`
  if (await entryByKey(deps.db, key)) return
  if (totalOwedFen(await loanLedgerFigures(deps.db, loanId)) > 0) return
  const walletCode = accounts.restrictedWallet(loanId).code
  const surplusFen = (await accountBalances(deps.db, [walletCode])).get(walletCode)?.balanceFen ?? 0
  if (surplusFen <= 0) return
  const owner = await trx
    .selectFrom('loans')
    .select('borrowerId')
    .where('id', '=', loanId)
    .executeTakeFirstOrThrow()
  const farmerWallet = accounts.farmerWallet(Number(owner.borrowerId))
  await deps.ledger.openAccount(farmerWallet)
  await deps.ledger.post({
    idempotencyKey: key,
    type: 'restricted_release',
    businessDate,
    description: `loan ${loanId} repaid: its unneeded restricted money to the farmer`,
    refs: { loanId },
    postings: [
      { accountCode: walletCode, side: 'D', amountFen: surplusFen },
      { accountCode: farmerWallet.code, side: 'C', amountFen: surplusFen },
    ],
  })
}

/** Closes the loan if it owes nothing, withdrawing a claim not yet paid. The caller holds the loan's row lock. */
export async function closeIfPaid(
  deps: Deps,
  trx: Trx,
  loanId: number,
  businessDate: IsoDate,
): Promise<boolean> {
  if (totalOwedFen(await loanLedgerFigures(deps.db, loanId)) > 0) return false
  const loan = await trx
    .selectFrom('loans')
    .select(['id', 'product', 'borrowerId', 'policyId'])
    .where('id', '=', loanId)
    .executeTakeFirstOrThrow()
  if (await closeLoan(trx, { loanId, businessDate, subject: loanSubject(loan), why: 'repaid' })) {
    // Repaid after all (a late harvest): a claim open or accepted and not yet paid is withdrawn and
    // the policy ends.
    await trx
      .updateTable('guaranteeClaims')
      .set({ status: 'withdrawn' })
      .where('loanId', '=', loanId)
      .where('status', 'in', ['open', 'accepted'])
      .execute()
    await trx
      .updateTable('guaranteePolicies')
      .set({ status: 'expired' })
      .where('id', '=', Number(loan.policyId))
      .where('status', 'in', ['active', 'claimed'])
      .execute()
  }
  return true
}

export type Waterfall = Omit<Allocation, 'leftoverFen'> & { toFarmerFen: number }

/** Nothing applied yet. */
export const NO_WATERFALL: Waterfall = {
  penaltyFen: 0,
  feesFen: 0,
  interestFen: 0,
  principalFen: 0,
  toFarmerFen: 0,
}

export type DeliveryResult = {
  deliveryId: number
  contractId: number
  loanId: number | null
  quantityKg: number
  deliveredOn: string
  proceedsFen: number
  /** What the offtaker has paid for it so far. */
  paidFen: number
  /** When the offtaker's payment is due: delivered on + the contract's payment term. */
  dueOn: string
  status: DeliveryStatus
  /** The reference the offtaker's bank transfer names, so a statement line finds this delivery. */
  reference: string
  sweptFen: number
  /** What the offtaker's payments for it did so far (all zero until the cash arrives). */
  waterfall: Waterfall
}

/** The payment reference of a delivery: stable, printed on the offtaker's statement. */
export const deliveryReference = (deliveryId: number) => `DLV-${deliveryId}`

export async function getDelivery(db: Db, deliveryId: number): Promise<DeliveryResult> {
  const row = await db.selectFrom('deliveries').selectAll().where('id', '=', deliveryId).executeTakeFirst()
  if (!row) throw new NotFound(`No delivery ${deliveryId}.`)
  return deliveryFromRow(row)
}

/** A delivery as read from its row (the offtaker's page lists them). */
export function deliveryFromRow(row: Selectable<DeliveriesTable>): DeliveryResult {
  const deliveryId = Number(row.id)
  const { sweptFen, ...waterfall } = JSON.parse(row.waterfall) as Waterfall & { sweptFen: number }
  return {
    deliveryId,
    contractId: Number(row.contractId),
    loanId: row.loanId === null ? null : Number(row.loanId),
    quantityKg: Number(row.quantityKg),
    deliveredOn: row.deliveredOn,
    proceedsFen: fenFromDb(row.proceedsFen),
    paidFen: fenFromDb(row.paidFen),
    dueOn: row.dueOn,
    status: row.status,
    reference: deliveryReference(deliveryId),
    sweptFen,
    waterfall: { ...NO_WATERFALL, ...waterfall },
  }
}

/**
 * Records a harvest delivery under the contract's lock: the first delivery ends the growing season
 * (unspent restricted money is swept into the loan), then the proceeds (quantity × contract price)
 * are booked as owed by the offtaker, due `paymentTermDays` after delivery. Nothing reaches the loan
 * or the farmer yet: the offtaker's cash does that ({@link recordOfftakerPayment}). A delivery dated
 * outside the contract's window is refused (`delivery_outside_window`), nothing written.
 */
export async function recordDelivery(
  deps: Deps,
  input: {
    contractId: number
    offtakerId: number
    quantityKg: number
    deliveredOn: IsoDate
    requestKey: string
  },
): Promise<DeliveryResult> {
  const earlier = await deps.db
    .selectFrom('deliveries')
    .select('id')
    .where('requestKey', '=', input.requestKey)
    .executeTakeFirst()
  if (earlier) return getDelivery(deps.db, Number(earlier.id))
  const businessDate = await getBusinessDate(deps.db)
  if (input.deliveredOn > businessDate) {
    throw new Refusal('future_date', `A delivery is recorded on or before ${businessDate}.`)
  }
  await deps.ledger.openAccount(accounts.offtakerProceedsDue(input.offtakerId))
  const deliveryId = await deps.db.transaction().execute(async (trx) => {
    const contract = await trx
      .selectFrom('offtakeContracts')
      .selectAll()
      .where('id', '=', input.contractId)
      .forUpdate()
      .executeTakeFirst()
    if (!contract || Number(contract.offtakerId) !== input.offtakerId)
      throw new NotFound(`No contract ${input.contractId}.`)
    if (contract.status === 'cancelled')
      throw new Refusal('contract_cancelled', `Contract ${contract.id} is cancelled.`)
    if (input.deliveredOn < contract.deliveryFrom || input.deliveredOn > contract.deliveryTo) {
      throw new Refusal(
        'delivery_outside_window',
        `Contract ${contract.id} takes deliveries from ${contract.deliveryFrom} to ${contract.deliveryTo}.`,
      )
    }
    const again = await trx
      .selectFrom('deliveries')
      .select('id')
      .where('requestKey', '=', input.requestKey)
      .executeTakeFirst()
    if (again) return Number(again.id)
    const proceedsFen = input.quantityKg * fenFromDb(contract.priceFenPerKg)
    if (!Number.isSafeInteger(proceedsFen))
      throw new Refusal('quantity_too_large', 'The delivery is too large.')
    // A written-off loan too: what it did not repay may still come home with the offtaker's cash.
    const loan = await trx
      .selectFrom('loans')
      .selectAll()
      .where('contractId', '=', Number(contract.id))
      .where('status', 'in', ['active', 'defaulted', 'written_off'])
      .forUpdate()
      .executeTakeFirst()
    const loanId = loan ? Number(loan.id) : null
    let sweptFen = 0
    if (loan && loanId !== null && loan.status === 'active' && loan.sweptOn === null) {
      sweptFen = await sweepLocked(deps, trx, loanId, businessDate)
    }
    const dueOn = addDays(input.deliveredOn, contract.paymentTermDays)
    await deps.ledger.post({
      idempotencyKey: `delivery:${createHash('sha256').update(input.requestKey).digest('hex').slice(0, 48)}`,
      type: 'delivery_proceeds',
      businessDate,
      description: `${input.quantityKg} kg delivered on contract ${contract.id}, due from offtaker ${input.offtakerId} on ${dueOn}`,
      refs: {},
      postings: [
        { accountCode: accounts.offtakerClearing(input.offtakerId).code, side: 'D', amountFen: proceedsFen },
        {
          accountCode: accounts.offtakerProceedsDue(input.offtakerId).code,
          side: 'C',
          amountFen: proceedsFen,
        },
      ],
    })
    const deliveredKg = Number(contract.deliveredKg) + input.quantityKg
    await trx
      .updateTable('offtakeContracts')
      .set({
        deliveredKg,
        status:
          deliveredKg >= Number(contract.quantityKg)
            ? 'fulfilled'
            : contract.status === 'shortfall'
              ? 'shortfall'
              : 'delivering',
      })
      .where('id', '=', Number(contract.id))
      .execute()
    const inserted = await trx
      .insertInto('deliveries')
      .values({
        requestKey: input.requestKey,
        contractId: Number(contract.id),
        loanId,
        quantityKg: input.quantityKg,
        deliveredOn: input.deliveredOn,
        proceedsFen,
        dueOn,
        status: 'awaiting_payment',
        waterfall: JSON.stringify({ ...NO_WATERFALL, sweptFen }),
      })
      .executeTakeFirstOrThrow()
    const deliveryId = Number(inserted.insertId)
    await recordEvents(trx, [
      {
        key: `delivery.recorded:${deliveryId}`,
        type: 'delivery.recorded',
        businessDate,
        subject: {
          deliveryId,
          contractId: Number(contract.id),
          offtakerId: input.offtakerId,
          farmerId: Number(contract.farmerId),
          ...(loanId === null ? {} : { loanId }),
        },
        data: {
          quantityKg: input.quantityKg,
          deliveredOn: input.deliveredOn,
          proceedsFen,
          dueOn,
          reference: deliveryReference(deliveryId),
          sweptFen,
        },
      },
    ])
    if (loan && loanId !== null && loan.status !== 'written_off')
      await closeIfPaid(deps, trx, loanId, businessDate)
    return deliveryId
  })
  return getDelivery(deps.db, deliveryId)
}

export type MilestoneEvent = {
  loanId: number
  workflowId: string
  event: 'swept' | 'defaulted' | 'claim_decided'
}

/**
 * Close of business for farm loans on `businessDate`: sweeps the restricted wallets of loans whose
 * delivery window closed (a contract short of its quantity becomes `shortfall`), and defaults loans
 * still owing `defaultGraceDays` after the window, opening a claim for the covered share.
 */
export async function serviceAgriMilestones(deps: Deps, businessDate: IsoDate): Promise<MilestoneEvent[]> {
  const events: MilestoneEvent[] = []
  const windowClosed = await deps.db
    .selectFrom('loans')
    .innerJoin('agriLoanApplications', 'agriLoanApplications.id', 'loans.applicationId')
    .select(['loans.id', 'agriLoanApplications.workflowId'])
    .where('loans.product', '=', 'agri')
    .where('loans.status', '=', 'active')
    .where('loans.sweptOn', 'is', null)
    .where('loans.maturesOn', '<=', businessDate)
    .execute()
  for (const row of windowClosed) {
    await deps.db.transaction().execute(async (trx) => {
      const loan = await trx
        .selectFrom('loans')
        .selectAll()
        .where('id', '=', row.id)
        .forUpdate()
        .executeTakeFirstOrThrow()
      if (loan.sweptOn !== null || loan.status !== 'active') return
      await sweepLocked(deps, trx, Number(row.id), businessDate)
    })
    events.push({ loanId: Number(row.id), workflowId: row.workflowId, event: 'swept' })
  }
  await deps.db
    .updateTable('offtakeContracts')
    .set({ status: 'shortfall' })
    .where('deliveryTo', '<=', businessDate)
    .where('status', 'in', ['financed', 'delivering', 'signed'])
    .whereRef('deliveredKg', '<', 'quantityKg')
    .execute()

  const overdue = await deps.db
    .selectFrom('loans')
    .innerJoin('agriLoanApplications', 'agriLoanApplications.id', 'loans.applicationId')
    .select(['loans.id', 'agriLoanApplications.workflowId'])
    .where('loans.product', '=', 'agri')
    .where('loans.status', '=', 'active')
    .where('loans.maturesOn', '<=', addDays(businessDate, -AGRI_POLICY.defaultGraceDays))
    .execute()
  for (const row of overdue) {
    if (await defaultLoan(deps, Number(row.id), businessDate)) {
      events.push({ loanId: Number(row.id), workflowId: row.workflowId, event: 'defaulted' })
    }
  }
  return events
}

/** Defaults a farm loan that still owes and opens its guarantee claim, once. */
async function defaultLoan(deps: Deps, loanId: number, businessDate: IsoDate): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const loan = await trx
      .selectFrom('loans')
      .selectAll()
      .where('id', '=', loanId)
      .forUpdate()
      .executeTakeFirstOrThrow()
    if (loan.status !== 'active') return false
    const owedFen = totalOwedFen(await loanLedgerFigures(deps.db, loanId))
    if (owedFen === 0) {
      await closeIfPaid(deps, trx, loanId, businessDate)
      return false
    }
    const policy = await trx
      .selectFrom('guaranteePolicies')
      .selectAll()
      .where('id', '=', Number(loan.policyId))
      .executeTakeFirstOrThrow()
    await trx
      .updateTable('loans')
      .set({ status: 'defaulted', defaultedOn: businessDate })
      .where('id', '=', loanId)
      .execute()
    await trx
      .updateTable('guaranteePolicies')
      .set({ status: 'claimed' })
      .where('id', '=', Number(policy.id))
      .execute()
    await trx
      .insertInto('guaranteeClaims')
      .values({
        policyId: Number(policy.id),
        insurerId: Number(policy.insurerId),
        loanId,
        owedFen,
        claimFen: capBps(owedFen, policy.coverageBps),
        status: 'open',
        openedOn: businessDate,
      })
      .ignore()
      .execute()
    const claim = await trx
      .selectFrom('guaranteeClaims')
      .selectAll()
      .where('loanId', '=', loanId)
      .executeTakeFirstOrThrow()
    await recordEvents(trx, [
      {
        key: `claim.opened:${claim.id}`,
        type: 'claim.opened',
        businessDate,
        subject: {
          claimId: Number(claim.id),
          loanId,
          farmerId: loan.borrowerId,
          insurerId: Number(policy.insurerId),
        },
        data: {
          owedFen: fenFromDb(claim.owedFen),
          claimFen: fenFromDb(claim.claimFen),
          coverageBps: policy.coverageBps,
        },
      },
    ])
    return true
  })
}

/**
 * A farmer repaying its farm loan from its free wallet (issue 17, item 9). A repayment that, with
 * the restricted wallet's unspent money, pays the loan off ends the growing season first: the sweep
 * moves the unspent money into the loan, as the first delivery would, and the free wallet pays only
 * what is left (the rest of the amount stays in it). Without this the loan closed with its
 * restricted money stranded in a wallet no purchase or sweep could touch again.
 */
/**
 * Before an officer writes off a farm loan whose restricted wallet is still open: its unspent money
 * repays the loan first (the sweep), so nothing stays behind in a wallet the write-off closes, and
 * only what is still owed is written off. Nothing for any other loan, or one already swept.
 */
export async function sweepBeforeWriteOff(deps: Deps, loanId: number): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const loan = await trx
      .selectFrom('loans')
      .select(['product', 'status', 'sweptOn'])
      .where('id', '=', loanId)
      .forUpdate()
      .executeTakeFirst()
    if (!loan || loan.product !== 'agri' || loan.status !== 'active' || loan.sweptOn !== null) return
    await sweepLocked(deps, trx, loanId, await getBusinessDate(deps.db))
  })
}

export async function repayFarmLoan(
  deps: Deps,
  input: { loanId: number; amountFen: number; idempotencyKey: string },
): Promise<Awaited<ReturnType<typeof repayFromWallet>>> {
  const closedBySweep =
    !(await entryByKey(deps.db, input.idempotencyKey)) &&
    (await deps.db.transaction().execute(async (trx) => {
      const loan = await trx
        .selectFrom('loans')
        .selectAll()
        .where('id', '=', input.loanId)
        .forUpdate()
        .executeTakeFirst()
      if (!loan || loan.product !== 'agri' || loan.status !== 'active' || loan.sweptOn !== null) return false
      const walletCode = accounts.restrictedWallet(input.loanId).code
      const unspentFen = (await accountBalances(deps.db, [walletCode])).get(walletCode)?.balanceFen ?? 0
      const owedFen = totalOwedFen(await loanLedgerFigures(deps.db, input.loanId))
      if (unspentFen <= 0 || input.amountFen + unspentFen < owedFen) return false
      await sweepLocked(deps, trx, input.loanId, await getBusinessDate(deps.db))
      return totalOwedFen(await loanLedgerFigures(deps.db, input.loanId)) === 0
    }))
  if (closedBySweep) {
    // The unspent money paid it all: the free wallet pays nothing.
    const zero = { penaltyFen: 0, feesFen: 0, interestFen: 0, principalFen: 0 }
    return { allocation: { ...zero, leftoverFen: input.amountFen }, outstanding: { ...zero, totalFen: 0 } }
  }
  return repayFromWallet(deps, input)
}
