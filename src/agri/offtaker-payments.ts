/**
 * Offtakers pay in cash, and the waterfall runs on the cash (issue 17, item 3). A delivery books the
 * proceeds as owed by the offtaker (src/agri/agri-servicing.ts); the offtaker's payment, recorded by
 * API or matched from a bank-statement line by its reference, settles its open deliveries oldest
 * first. For each delivery's share of the cash, one ledger entry: the cash arrives at the lender's
 * bank (the offtaker's receivable falls), and the proceeds it frees repay the delivery's loan
 * (penalty → fees → interest → principal) before anything reaches the farmer's free wallet. On a
 * written-off loan the share is a recovery, at most what the write-off left. Unpaid proceeds age in
 * buckets; an offtaker with proceeds past due backs no new loan.
 * @module
 */
import { createHash } from 'node:crypto'
import { sql, type Selectable } from 'kysely'
import type { Db } from '../db/database.js'
import type { OfftakerPaymentsTable } from '../db/schema.js'
import type { IsoDate } from '../kernel/business-date.js'
import { NotFound, Refusal } from '../kernel/errors.js'
import { fenFromDb } from '../kernel/money.js'
import { accounts } from '../ledger/chart-of-accounts.js'
import { entryByKey } from '../ledger/ledger-repository.js'
import type { LedgerService } from '../ledger/ledger-service.js'
import type { PostingInput } from '../ledger/posting.js'
import { recordEvents, type OutboxEvent } from '../events/events.js'
import { repaymentApplied } from '../servicing/loan-lifecycle.js'
import { entryCredits, loanLedgerFigures } from '../servicing/loan-repository.js'
import { allocatePayment } from '../servicing/repayment-allocation.js'
import { recoverableFen, repaymentPostings } from '../servicing/servicing-service.js'
import { getBusinessDate } from '../system/business-date-service.js'
import { closeIfPaid, deliveryReference, NO_WATERFALL, type Waterfall } from './agri-servicing.js'
import { getParty } from './parties.js'

type Deps = { db: Db; ledger: LedgerService }

/** The reference an offtaker's transfer may name to pay its open deliveries oldest first. */
export const offtakerReference = (offtakerId: number) => `OFT-${offtakerId}`

export type AppliedPayment = { deliveryId: number; amountFen: number; waterfall: Waterfall }

export type OfftakerPayment = {
  paymentId: number
  offtakerId: number
  amountFen: number
  paidOn: string
  reference: string
  applied: AppliedPayment[]
  /** Always 0: cash beyond the open proceeds is refused, never guessed at. */
  unappliedFen: number
  /** The loans the payment repaid (their workflows are told). */
  loanIds: number[]
}

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex')

async function storedPayment(db: Db, paymentId: number): Promise<OfftakerPayment> {
  const row = await db
    .selectFrom('offtakerPayments')
    .selectAll()
    .where('id', '=', paymentId)
    .executeTakeFirstOrThrow()
  return paymentFromRow(row)
}

/** A payment as read from its row (the offtaker's page lists them). */
export function paymentFromRow(row: Selectable<OfftakerPaymentsTable>): OfftakerPayment {
  const stored = JSON.parse(row.applied) as { applied: AppliedPayment[]; loanIds: number[] }
  return {
    paymentId: Number(row.id),
    offtakerId: Number(row.offtakerId),
    amountFen: fenFromDb(row.amountFen),
    paidOn: row.paidOn,
    reference: row.reference,
    applied: stored.applied,
    unappliedFen: 0,
    loanIds: stored.loanIds,
  }
}

const paidStatus = (paidFen: number, proceedsFen: number) =>
  paidFen >= proceedsFen
    ? ('paid' as const)
    : paidFen > 0
      ? ('partly_paid' as const)
      : ('awaiting_payment' as const)

/**
 * Records an offtaker's cash: exactly once per request key, even when retried or raced. It settles
 * the offtaker's open deliveries (or those named) oldest first; cash beyond what they still owe is
 * refused (`payment_exceeds_open_proceeds`), nothing written. Locks the deliveries' contracts (in id
 * order) and then their loans, the order a delivery takes them.
 */
export async function recordOfftakerPayment(
  deps: Deps,
  input: {
    offtakerId: number
    amountFen: number
    paidOn: IsoDate
    reference: string
    deliveryIds?: number[]
    requestKey: string
  },
): Promise<OfftakerPayment> {
  const earlier = await deps.db
    .selectFrom('offtakerPayments')
    .select('id')
    .where('requestKey', '=', input.requestKey)
    .executeTakeFirst()
  if (earlier) return storedPayment(deps.db, Number(earlier.id))
  await getParty(deps.db, 'offtaker', input.offtakerId)
  const businessDate = await getBusinessDate(deps.db)
  if (input.paidOn > businessDate) {
    throw new Refusal('future_date', `A payment is recorded on or before ${businessDate}.`)
  }
  await deps.ledger.openAccounts([accounts.lenderCash(), accounts.offtakerProceedsDue(input.offtakerId)])
  const named = input.deliveryIds === undefined ? undefined : [...new Set(input.deliveryIds)]
  const contracts = await openContractsOf(deps.db, input.offtakerId, named)
  const entryKeyOf = (deliveryId: number) =>
    `offtaker-payment:${hashOf(input.requestKey).slice(0, 40)}:${deliveryId}`
  // Read committed, and every lock taken by primary key or on this offtaker's contracts only: two
  // offtakers' payments never lock each other's rows (repeatable read's scans would, and deadlock).
  const paymentId = await deps.db
    .transaction()
    .setIsolationLevel('read committed')
    .execute(async (trx) => {
      const farmerOf = new Map<number, number>()
      if (contracts.length > 0) {
        const locked = await trx
          .selectFrom('offtakeContracts')
          .select(['id', 'farmerId'])
          .where('id', 'in', contracts)
          .orderBy('id')
          .forUpdate()
          .execute()
        for (const row of locked) farmerOf.set(Number(row.id), Number(row.farmerId))
      }
      // A locking read: sees a payment with this key that committed while this one waited.
      const again = await trx
        .selectFrom('offtakerPayments')
        .select('id')
        .where('requestKey', '=', input.requestKey)
        .forUpdate()
        .executeTakeFirst()
      if (again) return Number(again.id)
      // The deliveries of the contracts just locked (none can change or arrive while they are held),
      // found through the contract index and then locked by primary key only: a locking read that
      // scanned the open-deliveries index would wait on another offtaker's rows, and deadlock.
      let candidates = trx
        .selectFrom('deliveries')
        .select('id')
        .where('contractId', 'in', contracts.length > 0 ? contracts : [0])
        .where('status', '!=', 'paid')
      if (named) candidates = candidates.where('id', 'in', named.length > 0 ? named : [0])
      const ids = contracts.length === 0 ? [] : (await candidates.execute()).map((row) => Number(row.id))
      const locked =
        ids.length === 0
          ? []
          : await trx
              .selectFrom('deliveries')
              .select([
                'id',
                'contractId',
                'loanId',
                'proceedsFen',
                'paidFen',
                'waterfall',
                'deliveredOn',
                'status',
              ])
              .where('id', 'in', ids)
              .orderBy('id')
              .forUpdate()
              .execute()
      const open = locked
        .filter((row) => row.status !== 'paid')
        .sort((a, b) =>
          a.deliveredOn < b.deliveredOn
            ? -1
            : a.deliveredOn > b.deliveredOn
              ? 1
              : Number(a.id) - Number(b.id),
        )
        .map((row) => ({ ...row, farmerId: farmerOf.get(Number(row.contractId))! }))
      const openFen = open.reduce((sum, row) => sum + fenFromDb(row.proceedsFen) - fenFromDb(row.paidFen), 0)
      if (input.amountFen > openFen) {
        throw new Refusal(
          'payment_exceeds_open_proceeds',
          `Offtaker ${input.offtakerId} owes ${openFen} fen on ${named ? 'the deliveries named' : 'its open deliveries'}; the payment is ${input.amountFen} fen.`,
        )
      }
      const loanIds = [...new Set(open.flatMap((row) => (row.loanId === null ? [] : [Number(row.loanId)])))]
      const loans =
        loanIds.length === 0
          ? []
          : await trx
              .selectFrom('loans')
              .select(['id', 'status', 'borrowerId'])
              .where('id', 'in', loanIds)
              .orderBy('id')
              .forUpdate()
              .execute()
      const loanById = new Map(loans.map((loan) => [Number(loan.id), loan]))
      let remainingFen = input.amountFen
      const applied: AppliedPayment[] = []
      const events: OutboxEvent[] = []
      for (const row of open) {
        if (remainingFen === 0) break
        const deliveryId = Number(row.id)
        const loanId = row.loanId === null ? null : Number(row.loanId)
        const farmerWallet = accounts.farmerWallet(Number(row.farmerId)).code
        const key = entryKeyOf(deliveryId)
        const proceedsFen = fenFromDb(row.proceedsFen)
        let part = Math.min(remainingFen, proceedsFen - fenFromDb(row.paidFen))
        let waterfall: Waterfall
        const existing = await entryByKey(deps.db, key)
        if (existing) {
          // Posted before a crash lost this transaction: the entry says what happened (a recovery is
          // shown as principal, as it was answered).
          const { otherFen, ...credits } = await entryCredits(deps.db, Number(existing.id), farmerWallet)
          const recovered = (await entryCredits(deps.db, Number(existing.id), accounts.recoveries().code))
            .otherFen
          waterfall = { ...credits, principalFen: credits.principalFen + recovered, toFarmerFen: otherFen }
          part =
            waterfall.penaltyFen +
            waterfall.feesFen +
            waterfall.interestFen +
            waterfall.principalFen +
            waterfall.toFarmerFen
        } else {
          waterfall = await postPaymentShare(deps, {
            key,
            businessDate,
            offtakerId: input.offtakerId,
            deliveryId,
            loan: loanId === null ? null : { status: loanById.get(loanId)!.status, id: loanId },
            farmerId: Number(row.farmerId),
            contractId: Number(row.contractId),
            amountFen: part,
          })
        }
        remainingFen = Math.max(0, remainingFen - part)
        const paidFen = fenFromDb(row.paidFen) + part
        const before = JSON.parse(row.waterfall) as Waterfall & { sweptFen: number }
        const status = paidStatus(paidFen, proceedsFen)
        await trx
          .updateTable('deliveries')
          .set({
            paidFen,
            status,
            waterfall: JSON.stringify({
              sweptFen: before.sweptFen ?? 0,
              penaltyFen: (before.penaltyFen ?? 0) + waterfall.penaltyFen,
              feesFen: (before.feesFen ?? 0) + waterfall.feesFen,
              interestFen: (before.interestFen ?? 0) + waterfall.interestFen,
              principalFen: (before.principalFen ?? 0) + waterfall.principalFen,
              toFarmerFen: (before.toFarmerFen ?? 0) + waterfall.toFarmerFen,
            }),
          })
          .where('id', '=', deliveryId)
          .execute()
        applied.push({ deliveryId, amountFen: part, waterfall })
        if (status === 'paid') {
          events.push({
            key: `delivery.paid:${deliveryId}`,
            type: 'delivery.paid',
            businessDate,
            subject: {
              deliveryId,
              contractId: Number(row.contractId),
              offtakerId: input.offtakerId,
              farmerId: Number(row.farmerId),
              ...(loanId === null ? {} : { loanId }),
            },
            data: { proceedsFen, paidFen },
          })
        }
      }
      for (const loanId of loanIds) {
        if (loanById.get(loanId)?.status !== 'written_off') await closeIfPaid(deps, trx, loanId, businessDate)
      }
      const paidDeliveries = new Set(applied.map((share) => share.deliveryId))
      const touched = open.flatMap((row) =>
        paidDeliveries.has(Number(row.id)) && row.loanId !== null ? [Number(row.loanId)] : [],
      )
      const inserted = await trx
        .insertInto('offtakerPayments')
        .values({
          requestKey: input.requestKey,
          offtakerId: input.offtakerId,
          amountFen: input.amountFen,
          paidOn: input.paidOn,
          reference: input.reference,
          applied: JSON.stringify({ applied, loanIds: [...new Set(touched)] }),
          businessDate,
        })
        .executeTakeFirstOrThrow()
      const paymentId = Number(inserted.insertId)
      await recordEvents(trx, [
        {
          key: `offtaker_payment.received:${paymentId}`,
          type: 'offtaker_payment.received',
          businessDate,
          subject: { paymentId, offtakerId: input.offtakerId },
          data: {
            amountFen: input.amountFen,
            paidOn: input.paidOn,
            reference: input.reference,
            applied: applied.map(({ deliveryId, amountFen }) => ({ deliveryId, amountFen })),
          },
        },
        ...events.map((event) => ({ ...event, subject: { ...event.subject, paymentId } })),
      ])
      return paymentId
    })
  return storedPayment(deps.db, paymentId)
}

/** The contracts of the offtaker's open deliveries (or of those named, each of which must be its own). */
async function openContractsOf(db: Db, offtakerId: number, named: number[] | undefined): Promise<number[]> {
  let query = db
    .selectFrom('deliveries')
    .innerJoin('offtakeContracts', 'offtakeContracts.id', 'deliveries.contractId')
    .select(['deliveries.id', 'deliveries.contractId', 'deliveries.status', 'offtakeContracts.offtakerId'])
  query = named
    ? query.where('deliveries.id', 'in', named.length > 0 ? named : [0])
    : query.where('offtakeContracts.offtakerId', '=', offtakerId).where('deliveries.status', '!=', 'paid')
  const rows = await query.execute()
  if (named) {
    const own = new Set(
      rows.filter((row) => Number(row.offtakerId) === offtakerId).map((row) => Number(row.id)),
    )
    const missing = named.find((id) => !own.has(id))
    // Another offtaker's delivery answers as one that does not exist.
    if (missing !== undefined) throw new NotFound(`No delivery ${missing}.`)
  }
  return [...new Set(rows.map((row) => Number(row.contractId)))].sort((a, b) => a - b)
}

/**
 * One delivery's share of an offtaker's cash, in one entry: the cash at the bank against the
 * offtaker's receivable, and the proceeds it frees to the loan (or recoveries, on a written-off
 * loan) and then the farmer. The caller holds the delivery's contract and loan row locks.
 */
async function postPaymentShare(
  deps: Deps,
  input: {
    key: string
    businessDate: IsoDate
    offtakerId: number
    deliveryId: number
    loan: { id: number; status: string } | null
    farmerId: number
    contractId: number
    amountFen: number
  },
): Promise<Waterfall> {
  const farmerWallet = accounts.farmerWallet(input.farmerId).code
  const cash: PostingInput[] = [
    { accountCode: accounts.lenderCash().code, side: 'D', amountFen: input.amountFen },
    { accountCode: accounts.offtakerClearing(input.offtakerId).code, side: 'C', amountFen: input.amountFen },
    {
      accountCode: accounts.offtakerProceedsDue(input.offtakerId).code,
      side: 'D',
      amountFen: input.amountFen,
    },
  ]
  const description = `offtaker ${input.offtakerId} pays ${deliveryReference(input.deliveryId)}`
  const toFarmer = (fen: number): PostingInput[] =>
    fen > 0 ? [{ accountCode: farmerWallet, side: 'C', amountFen: fen }] : []
  if (input.loan?.status === 'written_off') {
    const loanId = input.loan.id
    const recoveredFen = Math.min(input.amountFen, await recoverableFen(deps.db, loanId))
    if (recoveredFen > 0) await deps.ledger.openAccount(accounts.recoveries())
    await deps.ledger.post({
      idempotencyKey: input.key,
      type: recoveredFen > 0 ? 'recovery' : 'delivery_proceeds',
      businessDate: input.businessDate,
      description: `${description} after write-off`,
      refs: { loanId },
      postings: [
        ...cash,
        ...(recoveredFen > 0
          ? [{ accountCode: accounts.recoveries().code, side: 'C' as const, amountFen: recoveredFen }]
          : []),
        ...toFarmer(input.amountFen - recoveredFen),
      ],
    })
    return { ...NO_WATERFALL, principalFen: recoveredFen, toFarmerFen: input.amountFen - recoveredFen }
  }
  const allocation = input.loan
    ? allocatePayment(input.amountFen, await loanLedgerFigures(deps.db, input.loan.id))
    : { ...NO_WATERFALL, leftoverFen: input.amountFen }
  const { leftoverFen, ...repaid } = allocation
  const repaidFen = input.amountFen - leftoverFen
  await deps.ledger.post({
    idempotencyKey: input.key,
    type: 'delivery_proceeds',
    businessDate: input.businessDate,
    description,
    refs: input.loan ? { loanId: input.loan.id } : {},
    postings: [
      ...cash,
      ...(input.loan && repaidFen > 0
        ? repaymentPostings(input.loan.id, farmerWallet, { ...allocation, leftoverFen: 0 }).slice(1)
        : []),
      ...toFarmer(leftoverFen),
    ],
    ...(input.loan && repaidFen > 0
      ? {
          events: [
            repaymentApplied({
              entryKey: input.key,
              businessDate: input.businessDate,
              // Not the offtaker's to read: the loan's figures are the farmer's (it hears of its
              // cash through offtaker_payment.received and delivery.paid).
              subject: {
                loanId: input.loan.id,
                farmerId: input.farmerId,
                contractId: input.contractId,
                deliveryId: input.deliveryId,
              },
              allocation,
              source: 'delivery',
            }),
          ],
        }
      : {}),
  })
  return { ...repaid, toFarmerFen: leftoverFen }
}

// ---------------------------------------------------------------- ageing

export const AGEING_BUCKETS = ['current', '1-30', '31-60', '61-90', '90+'] as const
export type AgeingBucket = (typeof AGEING_BUCKETS)[number]

/** The bucket of proceeds `daysOverdue` days past their due date (0: not yet due). */
export function ageingBucket(daysOverdue: number): AgeingBucket {
  if (daysOverdue <= 0) return 'current'
  if (daysOverdue <= 30) return '1-30'
  if (daysOverdue <= 60) return '31-60'
  if (daysOverdue <= 90) return '61-90'
  return '90+'
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000)

export type Receivable = {
  deliveryId: number
  contractId: number
  loanId: number | null
  farmerId: number
  deliveredOn: string
  dueOn: string
  proceedsFen: number
  paidFen: number
  openFen: number
  status: string
  reference: string
  daysOverdue: number
  bucket: AgeingBucket
}

export type BucketTotals = Record<AgeingBucket, number>

const zeroBuckets = (): BucketTotals => ({ current: 0, '1-30': 0, '31-60': 0, '61-90': 0, '90+': 0 })

/** Unpaid proceeds as of the business date, oldest first, with the offtaker's total per bucket. */
export async function offtakerReceivables(
  db: Db,
  offtakerId: number,
): Promise<{
  offtakerId: number
  asOf: string
  openFen: number
  buckets: BucketTotals
  items: Receivable[]
}> {
  await getParty(db, 'offtaker', offtakerId)
  const asOf = await getBusinessDate(db)
  const items = await openReceivables(db, asOf, offtakerId)
  const buckets = zeroBuckets()
  for (const item of items) buckets[item.bucket] += item.openFen
  return { offtakerId, asOf, openFen: items.reduce((sum, item) => sum + item.openFen, 0), buckets, items }
}

async function openReceivables(
  db: Db,
  asOf: string,
  offtakerId?: number,
): Promise<Array<Receivable & { offtakerId: number }>> {
  let query = db
    .selectFrom('deliveries')
    .innerJoin('offtakeContracts', 'offtakeContracts.id', 'deliveries.contractId')
    .select([
      'deliveries.id',
      'deliveries.contractId',
      'deliveries.loanId',
      'deliveries.deliveredOn',
      'deliveries.dueOn',
      'deliveries.proceedsFen',
      'deliveries.paidFen',
      'deliveries.status',
      'offtakeContracts.farmerId',
      'offtakeContracts.offtakerId',
    ])
    .where('deliveries.status', '!=', 'paid')
    .orderBy('deliveries.deliveredOn')
    .orderBy('deliveries.id')
  if (offtakerId !== undefined) query = query.where('offtakeContracts.offtakerId', '=', offtakerId)
  return (await query.execute()).map((row) => {
    const daysOverdue = Math.max(0, daysBetween(row.dueOn, asOf))
    const proceedsFen = fenFromDb(row.proceedsFen)
    const paidFen = fenFromDb(row.paidFen)
    return {
      deliveryId: Number(row.id),
      contractId: Number(row.contractId),
      loanId: row.loanId === null ? null : Number(row.loanId),
      farmerId: Number(row.farmerId),
      offtakerId: Number(row.offtakerId),
      deliveredOn: row.deliveredOn,
      dueOn: row.dueOn,
      proceedsFen,
      paidFen,
      openFen: proceedsFen - paidFen,
      status: row.status,
      reference: deliveryReference(Number(row.id)),
      daysOverdue,
      bucket: ageingBucket(daysOverdue),
    }
  })
}

/** Every offtaker's unpaid proceeds by bucket (the console's ageing table), largest overdue first. */
export async function proceedsAgeing(db: Db): Promise<
  Array<{
    offtakerId: number
    openFen: number
    overdueFen: number
    deliveries: number
    buckets: BucketTotals
  }>
> {
  const asOf = await getBusinessDate(db)
  const byOfftaker = new Map<
    number,
    { openFen: number; overdueFen: number; deliveries: number; buckets: BucketTotals }
  >()
  for (const item of await openReceivables(db, asOf)) {
    const row = byOfftaker.get(item.offtakerId) ?? {
      openFen: 0,
      overdueFen: 0,
      deliveries: 0,
      buckets: zeroBuckets(),
    }
    row.openFen += item.openFen
    if (item.bucket !== 'current') row.overdueFen += item.openFen
    row.deliveries += 1
    row.buckets[item.bucket] += item.openFen
    byOfftaker.set(item.offtakerId, row)
  }
  return [...byOfftaker]
    .map(([offtakerId, row]) => ({ offtakerId, ...row }))
    .sort((a, b) => b.overdueFen - a.overdueFen || a.offtakerId - b.offtakerId)
}

/**
 * At close of business for `businessDate`: each delivery still unpaid on its due date becomes
 * overdue, once (`delivery.overdue:{deliveryId}`).
 */
export async function raiseOverdueProceeds(db: Db, businessDate: IsoDate): Promise<number> {
  const rows = await db
    .selectFrom('deliveries')
    .innerJoin('offtakeContracts', 'offtakeContracts.id', 'deliveries.contractId')
    .leftJoin('events', (join) =>
      join.on('events.eventKey', '=', sql<string>`CONCAT('delivery.overdue:', deliveries.id)`),
    )
    .select([
      'deliveries.id',
      'deliveries.contractId',
      'deliveries.loanId',
      'deliveries.dueOn',
      'deliveries.proceedsFen',
      'deliveries.paidFen',
      'offtakeContracts.farmerId',
      'offtakeContracts.offtakerId',
    ])
    .where('deliveries.status', '!=', 'paid')
    .where('deliveries.dueOn', '<=', businessDate)
    .where('events.id', 'is', null)
    .execute()
  await recordEvents(
    db,
    rows.map((row) => ({
      key: `delivery.overdue:${row.id}`,
      type: 'delivery.overdue' as const,
      businessDate,
      subject: {
        deliveryId: Number(row.id),
        contractId: Number(row.contractId),
        offtakerId: Number(row.offtakerId),
        farmerId: Number(row.farmerId),
        ...(row.loanId === null ? {} : { loanId: Number(row.loanId) }),
      },
      data: {
        dueOn: row.dueOn,
        openFen: fenFromDb(row.proceedsFen) - fenFromDb(row.paidFen),
        reference: deliveryReference(Number(row.id)),
      },
    })),
  )
  return rows.length
}

/** Whether the offtaker has proceeds past due and unpaid on `businessDate` (it backs no new loan). */
export async function overdueProceedsFen(db: Db, offtakerId: number, businessDate: IsoDate): Promise<number> {
  const row = await db
    .selectFrom('deliveries')
    .innerJoin('offtakeContracts', 'offtakeContracts.id', 'deliveries.contractId')
    .select(sql<string>`COALESCE(SUM(deliveries.proceeds_fen - deliveries.paid_fen), 0)`.as('fen'))
    .where('offtakeContracts.offtakerId', '=', offtakerId)
    .where('deliveries.status', '!=', 'paid')
    .where('deliveries.dueOn', '<', businessDate)
    .executeTakeFirst()
  return fenFromDb(row?.fen ?? 0)
}
