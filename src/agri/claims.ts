/**
 * Guarantee claims after they open (issue 17, item 4). A claim opens when a farm loan defaults
 * (`serviceAgriMilestones`), for the covered share of what the loan owed. The insurer that issued
 * the policy then decides it once: accepts it in full, accepts part of it (with a reason), or rejects
 * it (with a reason). Its cash comes later, as the insurer's recorded payments (an amount and its bank
 * reference, each under the request's key): money into lender cash that repays the loan penalty →
 * fees → interest → principal, in parts if it likes, never more than it accepted. When the accepted
 * amount is in, what the loan still owes (the uncovered share, and the part not accepted) is written
 * off; a rejected claim writes the loan off at once. Money on a loan already written off (an insurer
 * paying after an officer wrote the loan off) is a recovery, as a late delivery is.
 *
 * Accepted and unpaid claims age by days since acceptance (0-30, 31-60, 61-90, 90+); one unpaid
 * {@link CLAIM_PAYMENT_DAYS} days after acceptance is announced `claim.overdue` once, at close of
 * business. A claim nobody decides stays open and ages from the day it opened; the officer may write
 * the loan off whenever it judges (the loan's write-off), and a decision and payment that come after
 * are booked as a recovery.
 *
 * Locks: the loan's row, then the claim's (a delivery holds the loan's row when it withdraws a claim),
 * so two payments, or a payment and a delivery, run one after the other. The write-off of what is
 * left runs after the claim's transaction (it takes the loan's row itself); should it be lost to a
 * crash, the next close of business writes off any loan whose claim is settled and still owes.
 * @module
 */
import { createHash } from 'node:crypto'
import type { Db } from '../db/database.js'
import type { ClaimStatus } from '../db/schema.js'
import { addDays, daysBetween, type IsoDate } from '../kernel/business-date.js'
import { Conflict, NotFound, Refusal } from '../kernel/errors.js'
import { fenFromDb } from '../kernel/money.js'
import { accounts } from '../ledger/chart-of-accounts.js'
import { claimEntriesPostingSumFen, entryByKey } from '../ledger/ledger-repository.js'
import type { LedgerService } from '../ledger/ledger-service.js'
import { recordEvents } from '../events/events.js'
import { entryCredits, loanLedgerFigures } from '../servicing/loan-repository.js'
import { repaymentApplied } from '../servicing/loan-lifecycle.js'
import { allocatePayment, totalOwedFen, type Allocation } from '../servicing/repayment-allocation.js'
import { recoverableFen, repaymentPostings, writeOffLoan } from '../servicing/servicing-service.js'
import { recordAudit } from '../system/audit-log.js'
import { getBusinessDate } from '../system/business-date-service.js'
import { closeIfPaid } from './agri-servicing.js'

type Deps = { db: Db; ledger: LedgerService }

/** Days after acceptance within which the insurer pays; an accepted claim unpaid after them is overdue. */
export const CLAIM_PAYMENT_DAYS = 30

export type ClaimDecision = 'accept' | 'partial' | 'reject'

export type ClaimView = {
  claimId: number
  policyId: number
  insurerId: number
  loanId: number
  owedFen: number
  claimFen: number
  status: ClaimStatus
  decision: ClaimDecision | null
  /** What the insurer accepted to pay: the claim in full, or the part it accepted; null until accepted. */
  acceptedFen: number | null
  reason: string | null
  decidedOn: string | null
  /** The insurer's cash received so far. */
  paidFen: number | null
  openedOn: string
  /** The day of the last payment. */
  paidOn: string | null
  /** When an accepted claim's cash is due: {@link CLAIM_PAYMENT_DAYS} days after acceptance. */
  dueOn: string | null
}

function toClaimView(row: {
  id: number
  policyId: number
  insurerId: number
  loanId: number
  owedFen: number
  claimFen: number
  status: ClaimStatus
  openedOn: string
  paidOn: string | null
  paidFen: number | null
  decision: ClaimDecision | null
  acceptedFen: number | null
  decisionReason: string | null
  decidedOn: string | null
}): ClaimView {
  const accepted = row.decision === 'accept' || row.decision === 'partial'
  return {
    claimId: Number(row.id),
    policyId: Number(row.policyId),
    insurerId: Number(row.insurerId),
    loanId: Number(row.loanId),
    owedFen: fenFromDb(row.owedFen),
    claimFen: fenFromDb(row.claimFen),
    status: row.status,
    decision: row.decision,
    acceptedFen: row.acceptedFen === null ? null : fenFromDb(row.acceptedFen),
    reason: row.decisionReason,
    decidedOn: row.decidedOn === null ? null : String(row.decidedOn),
    paidFen: row.paidFen === null ? null : fenFromDb(row.paidFen),
    openedOn: String(row.openedOn),
    paidOn: row.paidOn === null ? null : String(row.paidOn),
    dueOn:
      accepted && row.decidedOn !== null
        ? addDays(String(row.decidedOn) as IsoDate, CLAIM_PAYMENT_DAYS)
        : null,
  }
}

/** A claim as its insurer (or an officer: `insurerId` undefined) may see it; 404 otherwise. */
export async function getClaim(db: Db, claimId: number, insurerId?: number): Promise<ClaimView> {
  const row = await db.selectFrom('guaranteeClaims').selectAll().where('id', '=', claimId).executeTakeFirst()
  if (!row || (insurerId !== undefined && Number(row.insurerId) !== insurerId))
    throw new NotFound(`No claim ${claimId}.`)
  return toClaimView(row)
}

export async function listClaims(
  db: Db,
  filter: { status?: ClaimStatus; insurerId?: number },
  page: { limit: number; cursor?: number },
): Promise<{ items: ClaimView[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('guaranteeClaims')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
  if (filter.status) query = query.where('status', '=', filter.status)
  if (filter.insurerId !== undefined) query = query.where('insurerId', '=', filter.insurerId)
  if (page.cursor !== undefined) query = query.where('id', '<', page.cursor)
  const rows = await query.execute()
  const items = rows.slice(0, page.limit).map(toClaimView)
  return { items, nextCursor: rows.length > page.limit ? String(items.at(-1)!.claimId) : null }
}

/**
 * The insurer decides its claim, once: `accept` (the claim in full), `partial` (`amountFen`, more than
 * zero and at most the claim) or `reject`; audited, announced (`claim.accepted`, `claim.rejected`) in
 * the transaction that records it. Another insurer's claim answers 404 as a missing one; a claim
 * decided already 409 `claim_already_decided`; one withdrawn (its loan was repaid) 422
 * `claim_not_open`. A rejection writes off what the loan still owes.
 */
export async function decideClaim(
  deps: Deps,
  input: {
    claimId: number
    insurerId: number
    decision: ClaimDecision
    amountFen?: number
    reason: string
    principalRef: string
    actionKey: string
  },
): Promise<ClaimView & { writtenOffFen: number }> {
  const businessDate = await getBusinessDate(deps.db)
  const decided = await deps.db.transaction().execute(async (trx) => {
    const claim = await trx
      .selectFrom('guaranteeClaims')
      .selectAll()
      .where('id', '=', input.claimId)
      .forUpdate()
      .executeTakeFirst()
    if (!claim || Number(claim.insurerId) !== input.insurerId)
      throw new NotFound(`No claim ${input.claimId}.`)
    if (claim.status === 'withdrawn')
      throw new Refusal('claim_not_open', `Claim ${input.claimId} is withdrawn: its loan was repaid.`)
    if (claim.decision !== null || claim.status !== 'open') {
      // The same request again (its answer lost, say the loan's workflow was out of reach): answered
      // as it was decided, and a rejection's write-off finished below. Any other decision: 409.
      const same = await trx
        .selectFrom('auditLog')
        .select('id')
        .where('actionKey', '=', input.actionKey)
        .where('subjectType', '=', 'guarantee_claim')
        .where('subjectId', '=', String(claim.id))
        .executeTakeFirst()
      if (same && claim.decision === input.decision)
        return { status: claim.status, loanId: Number(claim.loanId) }
      throw new Conflict('claim_already_decided', `Claim ${input.claimId} was decided already.`)
    }
    const claimFen = fenFromDb(claim.claimFen)
    let acceptedFen: number | null = null
    if (input.decision === 'accept') {
      if (input.amountFen !== undefined && input.amountFen !== claimFen)
        throw new Refusal(
          'claim_amount_invalid',
          `Accepting in full accepts the claim's ${claimFen} fen; accept part of it with "partial".`,
          { claimFen },
        )
      acceptedFen = claimFen
    } else if (input.decision === 'partial') {
      if (input.amountFen === undefined || input.amountFen <= 0 || input.amountFen > claimFen)
        throw new Refusal(
          'claim_amount_invalid',
          `A partial acceptance accepts more than 0 and at most the claim's ${claimFen} fen.`,
          { claimFen },
        )
      acceptedFen = input.amountFen
    } else if (input.amountFen !== undefined) {
      throw new Refusal('claim_amount_invalid', 'A rejection accepts no amount.', { claimFen })
    }
    const status = acceptedFen === null ? 'rejected' : 'accepted'
    await trx
      .updateTable('guaranteeClaims')
      .set({
        status,
        decision: input.decision,
        acceptedFen,
        decisionReason: input.reason,
        decidedOn: businessDate,
      })
      .where('id', '=', Number(claim.id))
      .execute()
    const loan = await trx
      .selectFrom('loans')
      .select('borrowerId')
      .where('id', '=', Number(claim.loanId))
      .executeTakeFirstOrThrow()
    const subject = {
      claimId: Number(claim.id),
      loanId: Number(claim.loanId),
      insurerId: input.insurerId,
      farmerId: Number(loan.borrowerId),
    }
    const details = { claimFen, acceptedFen, decision: input.decision }
    await recordEvents(trx, [
      {
        key: `claim.${status}:${claim.id}`,
        type: status === 'accepted' ? 'claim.accepted' : 'claim.rejected',
        businessDate,
        subject,
        data: {
          ...details,
          reason: input.reason,
          ...(acceptedFen === null ? {} : { dueOn: addDays(businessDate, CLAIM_PAYMENT_DAYS) }),
        },
      },
    ])
    await recordAudit(trx, {
      principalRef: input.principalRef,
      action: `claim.${input.decision}`,
      subjectType: 'guarantee_claim',
      subjectId: Number(claim.id),
      reason: input.reason,
      details,
      businessDate,
      actionKey: input.actionKey,
    })
    return { status, loanId: Number(claim.loanId) }
  })
  const writtenOffFen =
    decided.status === 'rejected'
      ? await writeOffRest(deps, decided.loanId, businessDate, `claim ${input.claimId} rejected`)
      : 0
  return { ...(await getClaim(deps.db, input.claimId)), writtenOffFen }
}

/** Writes off what a defaulted loan still owes once its claim is settled (paid or rejected). */
async function writeOffRest(deps: Deps, loanId: number, businessDate: IsoDate, why: string): Promise<number> {
  const loan = await deps.db.selectFrom('loans').select('status').where('id', '=', loanId).executeTakeFirst()
  if (!loan || (loan.status !== 'active' && loan.status !== 'defaulted')) return 0
  if (totalOwedFen(await loanLedgerFigures(deps.db, loanId)) === 0) return 0
  return writeOffLoan(deps, loanId, businessDate, why)
}

/** The insurer's cash received on a claim, from the ledger (each payment is an entry with its id). */
export async function claimCashFen(db: Db, claimId: number): Promise<number> {
  return claimEntriesPostingSumFen(
    db,
    claimId,
    ['claim_payment', 'recovery'],
    'D',
    accounts.lenderCash().code,
  )
}

/**
 * What the insurer may still pay on its claim now: what it accepted less what it paid, and never
 * more than the loan owes (a delivery may have repaid part of it) or, on a written-off loan, than
 * is left to recover. Zero unless the claim is accepted.
 */
export async function claimPayableFen(db: Db, claimId: number): Promise<number> {
  const claim = await db
    .selectFrom('guaranteeClaims')
    .selectAll()
    .where('id', '=', claimId)
    .executeTakeFirst()
  if (!claim || claim.status !== 'accepted') return 0
  return payableOf(db, claim)
}

async function payableOf(
  db: Db,
  claim: { id: number; loanId: number; acceptedFen: number | null },
): Promise<number> {
  const unpaidFen = fenFromDb(claim.acceptedFen ?? 0) - (await claimCashFen(db, Number(claim.id)))
  const loan = await db
    .selectFrom('loans')
    .select('status')
    .where('id', '=', Number(claim.loanId))
    .executeTakeFirstOrThrow()
  const loanFen =
    loan.status === 'written_off'
      ? await recoverableFen(db, Number(claim.loanId))
      : totalOwedFen(await loanLedgerFigures(db, Number(claim.loanId)))
  return Math.max(0, Math.min(unpaidFen, loanFen))
}

export type ClaimPayment = {
  amountFen: number
  reference: string
  /** How the cash repaid the loan (a recovery on a written-off loan is shown as principal). */
  allocation: Omit<Allocation, 'leftoverFen'>
  /** Of the amount, what came home on a loan already written off. */
  recoveredFen: number
}

/**
 * The insurer's payment on its accepted claim, recorded as cash (`amountFen`, the bank `reference`):
 * lender cash ← the loan's penalty, fees, interest and principal, under a key of the request, so a
 * retry or a race posts it once. Refused with nothing written: another insurer's or a missing claim
 * 404; a claim not accepted 422 `claim_not_accepted`; more than may still be paid (see
 * {@link claimPayableFen}) 422 `claim_overpaid`. When the accepted amount is in (or the loan owes
 * nothing), the claim is paid and what the loan still owes is written off.
 */
export async function payClaim(
  deps: Deps,
  input: { claimId: number; insurerId: number; amountFen: number; reference: string; requestKey: string },
): Promise<ClaimView & { payment: ClaimPayment; writtenOffFen: number }> {
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0)
    throw new Refusal('invalid_amount', 'A payment is a whole number of fen above zero.')
  const businessDate = await getBusinessDate(deps.db)
  const first = await deps.db
    .selectFrom('guaranteeClaims')
    .select(['id', 'loanId', 'insurerId'])
    .where('id', '=', input.claimId)
    .executeTakeFirst()
  if (!first || Number(first.insurerId) !== input.insurerId) throw new NotFound(`No claim ${input.claimId}.`)
  const loanId = Number(first.loanId)
  const key = `claim-pay:${input.claimId}:${createHash('sha256').update(input.requestKey).digest('hex').slice(0, 40)}`
  const paid = await deps.db.transaction().execute(async (trx) => {
    // The loan's row first, then the claim's: the order a delivery takes them in.
    const loan = await trx
      .selectFrom('loans')
      .selectAll()
      .where('id', '=', loanId)
      .forUpdate()
      .executeTakeFirstOrThrow()
    const claim = await trx
      .selectFrom('guaranteeClaims')
      .selectAll()
      .where('id', '=', input.claimId)
      .forUpdate()
      .executeTakeFirstOrThrow()
    const posted = await entryByKey(deps.db, key)
    let payment: ClaimPayment
    if (posted) {
      // A retry (or the loser of a race on the same key): the entry says what the payment did.
      const credits = await entryCredits(deps.db, Number(posted.id), accounts.recoveries().code)
      const allocation = {
        penaltyFen: credits.penaltyFen,
        feesFen: credits.feesFen,
        interestFen: credits.interestFen,
        principalFen: credits.principalFen + credits.otherFen,
      }
      if (totalOwedFen(allocation) !== input.amountFen)
        throw new Conflict(
          'idempotency_key_reused',
          `This Idempotency-Key paid ${totalOwedFen(allocation)} fen on claim ${input.claimId}.`,
        )
      payment = {
        amountFen: input.amountFen,
        reference: input.reference,
        allocation,
        recoveredFen: credits.otherFen,
      }
    } else {
      if (claim.status !== 'accepted') {
        if (claim.status === 'paid')
          throw new Refusal('claim_overpaid', `Claim ${claim.id} is paid in full.`, { payableFen: 0 })
        throw new Refusal('claim_not_accepted', `Claim ${claim.id} is ${claim.status}.`, {
          claimStatus: claim.status,
        })
      }
      const payableFen = await payableOf(deps.db, claim)
      if (input.amountFen > payableFen)
        throw new Refusal(
          'claim_overpaid',
          `At most ${payableFen} fen may still be paid on claim ${claim.id}.`,
          { payableFen },
        )
      payment = await postPayment(deps, {
        key,
        businessDate,
        loan: { id: loanId, status: loan.status, borrowerId: Number(loan.borrowerId) },
        claimId: Number(claim.id),
        insurerId: input.insurerId,
        amountFen: input.amountFen,
        reference: input.reference,
      })
    }
    const paidFen = await claimCashFen(deps.db, Number(claim.id))
    const owesNothing =
      loan.status !== 'written_off' && totalOwedFen(await loanLedgerFigures(deps.db, loanId)) === 0
    const settled =
      claim.status === 'accepted' && (paidFen >= fenFromDb(claim.acceptedFen ?? 0) || owesNothing)
    await trx
      .updateTable('guaranteeClaims')
      .set({ paidFen, paidOn: businessDate, ...(settled ? { status: 'paid' } : {}) })
      .where('id', '=', Number(claim.id))
      .where('status', 'in', ['accepted', 'paid'])
      .execute()
    if (settled) {
      await trx
        .updateTable('guaranteePolicies')
        .set({ status: 'paid' })
        .where('id', '=', Number(claim.policyId))
        .execute()
      await recordEvents(trx, [
        {
          key: `claim.paid:${claim.id}`,
          type: 'claim.paid',
          businessDate,
          subject: {
            claimId: Number(claim.id),
            loanId,
            insurerId: input.insurerId,
            farmerId: Number(loan.borrowerId),
          },
          data: {
            paidFen,
            acceptedFen: fenFromDb(claim.acceptedFen ?? 0),
            claimFen: fenFromDb(claim.claimFen),
          },
        },
      ])
    }
    if (owesNothing) await closeIfPaid(deps, trx, loanId, businessDate)
    return { payment, settled: settled || claim.status === 'paid' }
  })
  const writtenOffFen = paid.settled
    ? await writeOffRest(deps, loanId, businessDate, `uncovered after claim ${input.claimId}`)
    : 0
  return { ...(await getClaim(deps.db, input.claimId)), payment: paid.payment, writtenOffFen }
}

/** Posts one payment: a repayment of the loan, or a recovery when the loan was written off. */
async function postPayment(
  deps: Deps,
  input: {
    key: string
    businessDate: IsoDate
    loan: { id: number; status: string; borrowerId: number }
    claimId: number
    insurerId: number
    amountFen: number
    reference: string
  },
): Promise<ClaimPayment> {
  const { loan } = input
  const cash = accounts.lenderCash().code
  const description =
    `insurer ${input.insurerId} pays ${input.amountFen} fen on claim ${input.claimId} (bank ${input.reference})`.slice(
      0,
      255,
    )
  const zero = { penaltyFen: 0, feesFen: 0, interestFen: 0, principalFen: 0 }
  await deps.ledger.openAccount(accounts.lenderCash())
  if (loan.status === 'written_off') {
    await deps.ledger.openAccount(accounts.recoveries())
    await deps.ledger.post({
      idempotencyKey: input.key,
      type: 'recovery',
      businessDate: input.businessDate,
      description,
      refs: { loanId: loan.id, claimId: input.claimId },
      postings: [
        { accountCode: cash, side: 'D', amountFen: input.amountFen },
        { accountCode: accounts.recoveries().code, side: 'C', amountFen: input.amountFen },
      ],
    })
    return {
      amountFen: input.amountFen,
      reference: input.reference,
      allocation: { ...zero, principalFen: input.amountFen },
      recoveredFen: input.amountFen,
    }
  }
  const allocation = allocatePayment(input.amountFen, await loanLedgerFigures(deps.db, loan.id))
  await deps.ledger.post({
    idempotencyKey: input.key,
    type: 'claim_payment',
    businessDate: input.businessDate,
    description,
    refs: { loanId: loan.id, claimId: input.claimId },
    postings: repaymentPostings(loan.id, cash, allocation),
    events: [
      repaymentApplied({
        entryKey: input.key,
        businessDate: input.businessDate,
        subject: {
          loanId: loan.id,
          claimId: input.claimId,
          insurerId: input.insurerId,
          farmerId: loan.borrowerId,
        },
        allocation,
        source: 'claim',
      }),
    ],
  })
  const { leftoverFen: _, ...repaid } = allocation
  return { amountFen: input.amountFen, reference: input.reference, allocation: repaid, recoveredFen: 0 }
}

export type AgeingBucket = '0-30' | '31-60' | '61-90' | '90+'
export const AGEING_BUCKETS: readonly AgeingBucket[] = ['0-30', '31-60', '61-90', '90+']

export function ageingBucket(days: number): AgeingBucket {
  return days <= 30 ? '0-30' : days <= 60 ? '31-60' : days <= 90 ? '61-90' : '90+'
}

export type ClaimAgeing = {
  asOf: string
  /** Accepted claims not yet paid in full, by days since acceptance. */
  buckets: Record<AgeingBucket, { count: number; unpaidFen: number }>
  /** Claims open with no decision yet, by days since they opened. */
  awaitingDecision: Record<AgeingBucket, { count: number; claimFen: number }>
  items: Array<{
    claimId: number
    insurerId: number
    loanId: number
    status: 'open' | 'accepted'
    claimFen: number
    acceptedFen: number | null
    paidFen: number
    unpaidFen: number
    /** The day it was accepted, or opened while undecided. */
    since: string
    days: number
    bucket: AgeingBucket
    overdue: boolean
  }>
}

/** Claims waiting for the insurer (a decision, or the cash of an accepted claim), aged as of today. */
export async function claimAgeing(db: Db, filter: { insurerId?: number }): Promise<ClaimAgeing> {
  const asOf = await getBusinessDate(db)
  let query = db
    .selectFrom('guaranteeClaims')
    .selectAll()
    .where('status', 'in', ['open', 'accepted'])
    .orderBy('id')
  if (filter.insurerId !== undefined) query = query.where('insurerId', '=', filter.insurerId)
  const rows = await query.execute()
  const buckets = Object.fromEntries(
    AGEING_BUCKETS.map((b) => [b, { count: 0, unpaidFen: 0 }]),
  ) as ClaimAgeing['buckets']
  const awaitingDecision = Object.fromEntries(
    AGEING_BUCKETS.map((b) => [b, { count: 0, claimFen: 0 }]),
  ) as ClaimAgeing['awaitingDecision']
  const items: ClaimAgeing['items'] = []
  for (const row of rows) {
    const accepted = row.status === 'accepted'
    const since = String(accepted ? row.decidedOn : row.openedOn) as IsoDate
    const days = daysBetween(since, asOf)
    const bucket = ageingBucket(days)
    const claimFen = fenFromDb(row.claimFen)
    const paidFen = fenFromDb(row.paidFen ?? 0)
    const acceptedFen = row.acceptedFen === null ? null : fenFromDb(row.acceptedFen)
    const unpaidFen = (acceptedFen ?? claimFen) - paidFen
    if (accepted) {
      buckets[bucket].count += 1
      buckets[bucket].unpaidFen += unpaidFen
    } else {
      awaitingDecision[bucket].count += 1
      awaitingDecision[bucket].claimFen += claimFen
    }
    items.push({
      claimId: Number(row.id),
      insurerId: Number(row.insurerId),
      loanId: Number(row.loanId),
      status: accepted ? 'accepted' : 'open',
      claimFen,
      acceptedFen,
      paidFen,
      unpaidFen,
      since,
      days,
      bucket,
      overdue: accepted && days > CLAIM_PAYMENT_DAYS,
    })
  }
  return { asOf, buckets, awaitingDecision, items }
}

/**
 * Close of business for claims on `businessDate`: announces, once, each accepted claim still unpaid
 * more than {@link CLAIM_PAYMENT_DAYS} days after acceptance (`claim.overdue`), and writes off what a
 * loan still owes when its claim is settled (paid or rejected) and the write-off that follows was
 * lost (a crash between the two). Idempotent.
 */
export async function serviceClaims(
  deps: Deps,
  businessDate: IsoDate,
): Promise<{ overdue: number; writtenOff: Array<{ loanId: number; workflowId: string }> }> {
  const overdue = await deps.db
    .selectFrom('guaranteeClaims')
    .innerJoin('loans', 'loans.id', 'guaranteeClaims.loanId')
    .select(['guaranteeClaims.id', 'loans.borrowerId'])
    .where('guaranteeClaims.status', '=', 'accepted')
    .where('guaranteeClaims.overdueOn', 'is', null)
    .where('guaranteeClaims.decidedOn', '<', addDays(businessDate, -CLAIM_PAYMENT_DAYS))
    .orderBy('guaranteeClaims.id')
    .execute()
  let marked = 0
  for (const { id, borrowerId } of overdue) {
    await deps.db.transaction().execute(async (trx) => {
      const claim = await trx
        .selectFrom('guaranteeClaims')
        .selectAll()
        .where('id', '=', Number(id))
        .forUpdate()
        .executeTakeFirstOrThrow()
      if (claim.status !== 'accepted' || claim.overdueOn !== null) return
      await trx
        .updateTable('guaranteeClaims')
        .set({ overdueOn: businessDate })
        .where('id', '=', Number(id))
        .execute()
      const acceptedFen = fenFromDb(claim.acceptedFen ?? 0)
      const paidFen = fenFromDb(claim.paidFen ?? 0)
      await recordEvents(trx, [
        {
          key: `claim.overdue:${claim.id}`,
          type: 'claim.overdue',
          businessDate,
          subject: {
            claimId: Number(claim.id),
            loanId: Number(claim.loanId),
            insurerId: Number(claim.insurerId),
            farmerId: Number(borrowerId),
          },
          data: {
            acceptedFen,
            paidFen,
            unpaidFen: acceptedFen - paidFen,
            acceptedOn: String(claim.decidedOn),
            dueOn: addDays(String(claim.decidedOn) as IsoDate, CLAIM_PAYMENT_DAYS),
          },
        },
      ])
      marked += 1
    })
  }
  const settledOwing = await deps.db
    .selectFrom('guaranteeClaims')
    .innerJoin('loans', 'loans.id', 'guaranteeClaims.loanId')
    .innerJoin('agriLoanApplications', 'agriLoanApplications.id', 'loans.applicationId')
    .select([
      'guaranteeClaims.id',
      'guaranteeClaims.loanId',
      'guaranteeClaims.status',
      'agriLoanApplications.workflowId',
    ])
    .where('guaranteeClaims.status', 'in', ['paid', 'rejected'])
    .where('loans.status', '=', 'defaulted')
    .execute()
  const writtenOff: Array<{ loanId: number; workflowId: string }> = []
  for (const row of settledOwing) {
    const writtenOffFen = await writeOffRest(
      deps,
      Number(row.loanId),
      businessDate,
      row.status === 'paid' ? `uncovered after claim ${row.id}` : `claim ${row.id} rejected`,
    )
    if (writtenOffFen > 0) writtenOff.push({ loanId: Number(row.loanId), workflowId: row.workflowId })
  }
  return { overdue: marked, writtenOff }
}
