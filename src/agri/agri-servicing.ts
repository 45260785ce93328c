/**
 * The harvest end of a farm loan: deliveries whose proceeds repay the loan first (penalty, fees,
 * interest, principal) and pay the rest to the farmer; the sweep of unspent restricted money into
 * the loan (at the first delivery, or when the delivery window closes); default after the grace
 * period with a guarantee claim for the covered share (its decision and payment: `claims.ts`). Every money step is one ledger entry with a business key, checked for
 * before it is computed, so a retry after a crash finds it instead of computing it again.
 * @module
 */
import { createHash } from 'node:crypto'
import type { Transaction } from 'kysely'
import type { Db } from '../db/database.js'
import type { Database } from '../db/schema.js'
import { assert } from '../kernel/assert.js'
import { addDays, type IsoDate } from '../kernel/business-date.js'
import { NotFound, Refusal } from '../kernel/errors.js'
import { capBps, fenFromDb } from '../kernel/money.js'
import { accounts } from '../ledger/chart-of-accounts.js'
import { accountBalances, entryByKey } from '../ledger/ledger-repository.js'
import type { LedgerService } from '../ledger/ledger-service.js'
import { entryCredits, loanLedgerFigures } from '../servicing/loan-repository.js'
import { allocatePayment, totalOwedFen, type Allocation } from '../servicing/repayment-allocation.js'
import { recoverableFen, repayFromWallet, repaymentPostings } from '../servicing/servicing-service.js'
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

export type DeliveryResult = {
  deliveryId: number
  contractId: number
  loanId: number | null
  quantityKg: number
  deliveredOn: string
  proceedsFen: number
  sweptFen: number
  waterfall: Waterfall
}

/**
 * Records a harvest delivery under the contract's lock: the first delivery ends the growing season
 * (unspent restricted money is swept into the loan), then the proceeds (quantity × contract price)
 * repay the loan and the rest goes to the farmer's free wallet, in one entry.
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
  const stored = async (deliveryId: number): Promise<DeliveryResult> => {
    const row = await deps.db
      .selectFrom('deliveries')
      .selectAll()
      .where('id', '=', deliveryId)
      .executeTakeFirstOrThrow()
    const waterfall = JSON.parse(row.waterfall) as Waterfall & { sweptFen: number }
    const { sweptFen, ...rest } = waterfall
    return {
      deliveryId,
      contractId: Number(row.contractId),
      loanId: row.loanId === null ? null : Number(row.loanId),
      quantityKg: Number(row.quantityKg),
      deliveredOn: row.deliveredOn,
      proceedsFen: fenFromDb(row.proceedsFen),
      sweptFen,
      waterfall: rest,
    }
  }
  const earlier = await deps.db
    .selectFrom('deliveries')
    .select('id')
    .where('requestKey', '=', input.requestKey)
    .executeTakeFirst()
  if (earlier) return stored(Number(earlier.id))
  const businessDate = await getBusinessDate(deps.db)
  if (input.deliveredOn > businessDate) {
    throw new Refusal('future_date', `A delivery is recorded on or before ${businessDate}.`)
  }
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
    const again = await trx
      .selectFrom('deliveries')
      .select('id')
      .where('requestKey', '=', input.requestKey)
      .executeTakeFirst()
    if (again) return Number(again.id)
    const proceedsFen = input.quantityKg * fenFromDb(contract.priceFenPerKg)
    if (!Number.isSafeInteger(proceedsFen))
      throw new Refusal('quantity_too_large', 'The delivery is too large.')
    // A written-off loan too: what it did not repay may still come home with a late harvest.
    const loan = await trx
      .selectFrom('loans')
      .selectAll()
      .where('contractId', '=', Number(contract.id))
      .where('status', 'in', ['active', 'defaulted', 'written_off'])
      .forUpdate()
      .executeTakeFirst()
    const farmerWallet = accounts.farmerWallet(Number(contract.farmerId)).code
    const recoveries = accounts.recoveries().code
    const key = `delivery:${createHash('sha256').update(input.requestKey).digest('hex').slice(0, 48)}`
    let sweptFen = 0
    let waterfall: Waterfall = {
      penaltyFen: 0,
      feesFen: 0,
      interestFen: 0,
      principalFen: 0,
      toFarmerFen: proceedsFen,
    }
    const existing = await entryByKey(deps.db, key)
    if (existing) {
      // Posted before a crash that lost this transaction: the entry says what happened (a recovery
      // is shown as principal, as it was answered).
      const { otherFen, ...credits } = await entryCredits(deps.db, Number(existing.id), farmerWallet)
      const recoveredFen = (await entryCredits(deps.db, Number(existing.id), recoveries)).otherFen
      waterfall = { ...credits, principalFen: credits.principalFen + recoveredFen, toFarmerFen: otherFen }
    } else if (loan?.status === 'written_off') {
      waterfall = await postDeliveryRecovery(deps, {
        key,
        businessDate,
        loanId: Number(loan.id),
        offtakerId: input.offtakerId,
        farmerWallet,
        proceedsFen,
        description: `${input.quantityKg} kg delivered on contract ${contract.id} after write-off`,
      })
    } else {
      const loanId = loan ? Number(loan.id) : null
      if (loan && loanId !== null && loan.status === 'active' && loan.sweptOn === null) {
        sweptFen = await sweepLocked(deps, trx, loanId, businessDate)
      }
      const allocation =
        loanId === null ? undefined : allocatePayment(proceedsFen, await loanLedgerFigures(deps.db, loanId))
      if (allocation) waterfall = { ...allocation, toFarmerFen: allocation.leftoverFen }
      delete (waterfall as { leftoverFen?: number }).leftoverFen
      await deps.ledger.post({
        idempotencyKey: key,
        type: 'delivery_proceeds',
        businessDate,
        description: `${input.quantityKg} kg delivered on contract ${contract.id}`,
        refs: loanId === null ? {} : { loanId },
        postings: [
          {
            accountCode: accounts.offtakerClearing(input.offtakerId).code,
            side: 'D',
            amountFen: proceedsFen,
          },
          ...(loanId === null || !allocation
            ? []
            : repaymentPostings(loanId, farmerWallet, { ...allocation, leftoverFen: 0 }).slice(1)),
          ...(waterfall.toFarmerFen > 0
            ? [{ accountCode: farmerWallet, side: 'C' as const, amountFen: waterfall.toFarmerFen }]
            : []),
        ],
        ...(loanId !== null && allocation && proceedsFen - allocation.leftoverFen > 0
          ? {
              events: [
                repaymentApplied({
                  entryKey: key,
                  businessDate,
                  subject: { loanId, farmerId: Number(contract.farmerId), contractId: Number(contract.id) },
                  allocation,
                  source: 'delivery',
                }),
              ],
            }
          : {}),
      })
    }
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
        loanId: loan ? Number(loan.id) : null,
        quantityKg: input.quantityKg,
        deliveredOn: input.deliveredOn,
        proceedsFen,
        waterfall: JSON.stringify({ ...waterfall, sweptFen }),
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
          ...(loan ? { loanId: Number(loan.id) } : {}),
        },
        data: {
          quantityKg: input.quantityKg,
          deliveredOn: input.deliveredOn,
          proceedsFen,
          sweptFen,
          waterfall,
        },
      },
    ])
    if (loan && loan.status !== 'written_off') await closeIfPaid(deps, trx, Number(loan.id), businessDate)
    return deliveryId
  })
  return stored(deliveryId)
}

/**
 * A delivery on a written-off loan, in one entry: the proceeds recover what the write-off left (at
 * most what was written off less what was already recovered, into recoveries income, shown as
 * principal) and the rest goes to the farmer's free wallet. A `recovery` entry when it recovers
 * anything (what `recoverableFen` and the loan's transactions count), plain delivery proceeds once
 * everything written off has come home. The caller holds the loan's row lock, as a recovery from the
 * wallet does, so two at once cannot recover more than was written off.
 */
async function postDeliveryRecovery(
  deps: Deps,
  input: {
    key: string
    businessDate: IsoDate
    loanId: number
    offtakerId: number
    farmerWallet: string
    proceedsFen: number
    description: string
  },
): Promise<Waterfall> {
  const recoveredFen = Math.min(input.proceedsFen, await recoverableFen(deps.db, input.loanId))
  const toFarmerFen = input.proceedsFen - recoveredFen
  if (recoveredFen > 0) await deps.ledger.openAccount(accounts.recoveries())
  await deps.ledger.post({
    idempotencyKey: input.key,
    type: recoveredFen > 0 ? 'recovery' : 'delivery_proceeds',
    businessDate: input.businessDate,
    description: input.description,
    refs: { loanId: input.loanId },
    postings: [
      {
        accountCode: accounts.offtakerClearing(input.offtakerId).code,
        side: 'D',
        amountFen: input.proceedsFen,
      },
      ...(recoveredFen > 0
        ? [{ accountCode: accounts.recoveries().code, side: 'C' as const, amountFen: recoveredFen }]
        : []),
      ...(toFarmerFen > 0
        ? [{ accountCode: input.farmerWallet, side: 'C' as const, amountFen: toFarmerFen }]
        : []),
    ],
  })
  return { penaltyFen: 0, feesFen: 0, interestFen: 0, principalFen: recoveredFen, toFarmerFen }
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
