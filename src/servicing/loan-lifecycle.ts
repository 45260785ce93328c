/**
 * A loan's status changes, each written with its event in one transaction: disbursed (booked →
 * active), closed, written off. One place, so every path that changes a loan's status announces it.
 * @module
 */
import type { Transaction } from 'kysely'
import type { Db } from '../db/database.js'
import type { Database } from '../db/schema.js'
import { recordEvents, type EventSubject, type OutboxEvent } from '../events/events.js'
import type { IsoDate } from '../kernel/business-date.js'
import { recordAudit, type AuditEntryInput } from '../system/audit-log.js'

type Executor = Db | Transaction<Database>

async function inTransaction<T>(db: Executor, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Transaction<Database>) : (db as Db).transaction().execute(work)
}

/** What {@link withLoansLocked} read of each loan under its lock. */
export type LockedLoan = {
  id: number
  product: 'merchant' | 'agri'
  borrowerId: number
  status: 'booked' | 'active' | 'closed' | 'written_off' | 'defaulted'
  servicedThrough: string | null
}

/** Tries at taking the locks when MariaDB reports a deadlock or a lock-wait timeout. */
export const LOCK_ATTEMPTS_MAX = 5
const TRANSIENT_LOCK_ERRNOS = new Set([1213 /* deadlock */, 1205 /* lock wait timeout */])

/**
 * Runs `work` in one transaction that holds the rows of `loanIds`, with each loan as read under its
 * lock (a loan that does not exist is missing from the map). What decides on what a loan owes and
 * then posts (close of business's collections and accruals, a write-off, a refill's payoff) holds the
 * loan's row from the read to the post, and a status change commits before the row is let go, so two
 * of them serialise: the second sees the first's entries and status. Lock order, everywhere: loan rows
 * by id ascending, then the ledger's accounts (posts lock only those), so no cycle can form. A deadlock
 * or lock-wait timeout while taking the locks runs the transaction again; once `work` has begun, its
 * failures are its caller's (its posts are keyed, so a retried caller posts nothing twice).
 */
export async function withLoansLocked<T>(
  db: Db,
  loanIds: readonly number[],
  work: (trx: Transaction<Database>, locked: Map<number, LockedLoan>) => Promise<T>,
): Promise<T> {
  const ids = [...new Set(loanIds)].sort((a, b) => a - b)
  for (let attempt = 1; ; attempt++) {
    let working = false
    try {
      return await db.transaction().execute(async (trx) => {
        const rows =
          ids.length === 0
            ? []
            : await trx
                .selectFrom('loans')
                .select(['id', 'product', 'borrowerId', 'status', 'servicedThrough'])
                .where('id', 'in', ids)
                .orderBy('id')
                .forUpdate()
                .execute()
        working = true
        return work(trx, new Map(rows.map((row) => [Number(row.id), { ...row, id: Number(row.id) }])))
      })
    } catch (error) {
      const errno = (error as { errno?: number }).errno ?? 0
      if (working || !TRANSIENT_LOCK_ERRNOS.has(errno) || attempt >= LOCK_ATTEMPTS_MAX) throw error
    }
  }
}

/** booked → active once the money is out, with `loan.disbursed`; a refill also closes the loan it paid off. */
export async function activateLoan(
  db: Executor,
  input: {
    loanId: number
    businessDate: IsoDate
    subject: EventSubject
    data: Record<string, unknown>
    closedLoan?: { loanId: number; subject: EventSubject } | undefined
  },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable('loans')
      .set({ status: 'active', disbursedOn: input.businessDate })
      .where('id', '=', input.loanId)
      .where('status', '=', 'booked')
      .execute()
    await recordEvents(trx, [
      {
        key: `loan.disbursed:${input.loanId}`,
        type: 'loan.disbursed',
        businessDate: input.businessDate,
        subject: input.subject,
        data: input.data,
      },
    ])
    if (input.closedLoan) {
      await closeLoan(trx, {
        loanId: input.closedLoan.loanId,
        businessDate: input.businessDate,
        subject: input.closedLoan.subject,
        why: 'refilled',
      })
    }
  })
}

/** active (or defaulted) → closed, with `loan.closed`; says whether this call closed it. */
export async function closeLoan(
  db: Executor,
  input: { loanId: number; businessDate: IsoDate | string; subject: EventSubject; why: string },
): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const closed = await trx
      .updateTable('loans')
      .set({ status: 'closed', closedOn: input.businessDate })
      .where('id', '=', input.loanId)
      .where('status', 'in', ['active', 'defaulted'])
      .executeTakeFirst()
    if (Number(closed.numUpdatedRows) === 0) return false
    await recordEvents(trx, [
      {
        key: `loan.closed:${input.loanId}`,
        type: 'loan.closed',
        businessDate: input.businessDate,
        subject: input.subject,
        data: { why: input.why },
      },
    ])
    return true
  })
}

/** active (or defaulted) → written off, with `loan.written_off` and, when given, the officer's audit entry. */
export async function markWrittenOff(
  db: Executor,
  input: {
    loanId: number
    businessDate: IsoDate
    subject: EventSubject
    writtenOffFen: number
    why: string
    audit?: AuditEntryInput | undefined
  },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const updated = await trx
      .updateTable('loans')
      .set({ status: 'written_off', writtenOffOn: input.businessDate })
      .where('id', '=', input.loanId)
      .where('status', 'in', ['active', 'defaulted'])
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) === 0) return
    await recordEvents(trx, [
      {
        key: `loan.written_off:${input.loanId}`,
        type: 'loan.written_off',
        businessDate: input.businessDate,
        subject: input.subject,
        data: { writtenOffFen: input.writtenOffFen, why: input.why },
      },
    ])
    if (input.audit) await recordAudit(trx, input.audit)
  })
}

/** The event subject of a loan: its id and its borrower's. */
export function loanSubject(loan: { id: number; product: string; borrowerId: number }): EventSubject {
  return loan.product === 'agri'
    ? { loanId: Number(loan.id), farmerId: loan.borrowerId }
    : { loanId: Number(loan.id), merchantId: loan.borrowerId }
}

/** `loan.repayment_applied` for the entry keyed `entryKey` (post it with the entry). */
export function repaymentApplied(input: {
  entryKey: string
  businessDate: IsoDate | string
  subject: EventSubject
  allocation: { penaltyFen: number; feesFen: number; interestFen: number; principalFen: number }
  source: 'collection' | 'repayment' | 'refill' | 'sweep' | 'delivery' | 'claim'
}): OutboxEvent {
  const { penaltyFen, feesFen, interestFen, principalFen } = input.allocation
  return {
    key: `loan.repayment_applied:${input.entryKey}`,
    type: 'loan.repayment_applied',
    businessDate: input.businessDate,
    subject: input.subject,
    data: {
      source: input.source,
      amountFen: penaltyFen + feesFen + interestFen + principalFen,
      allocation: { penaltyFen, feesFen, interestFen, principalFen },
    },
  }
}
