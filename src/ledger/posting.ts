/**
 * The rules of a journal entry, pure: what makes one valid, how its content is fingerprinted for
 * idempotency, and how it changes account balances. The service (ledger-service.ts) applies them.
 * @module
 */
import { createHash } from 'node:crypto'
import type { OutboxEvent } from '../events/events.js'
import type { IsoDate } from '../kernel/business-date.js'
import { Refusal } from '../kernel/errors.js'
import { FEN_MAX } from '../kernel/money.js'

export const ENTRY_TYPES = [
  'capital_contribution',
  'merchant_disbursement',
  'agri_disbursement',
  'sales_settlement',
  'wallet_payout',
  'interest_accrual',
  'penalty_accrual',
  'fee_charge',
  'repayment',
  'restricted_purchase',
  'purchase_refund',
  'restricted_sweep',
  'restricted_release',
  'supplier_settlement',
  'delivery_proceeds',
  'premium_payment',
  'claim_payment',
  'write_off',
  'recovery',
  'penalty_waiver',
  'reversal',
  'transfer',
] as const
export type EntryType = (typeof ENTRY_TYPES)[number]

export const ACCOUNT_TYPES = ['asset', 'liability', 'equity', 'income', 'expense'] as const
export type AccountType = (typeof ACCOUNT_TYPES)[number]
export type Side = 'D' | 'C'

export const POSTINGS_PER_ENTRY_MAX = 64
export const IDEMPOTENCY_KEY_LENGTH_MAX = 191
export const CURRENCY = 'CNY'

/** Assets and expenses grow with debits; liabilities, equity and income with credits. */
export function normalSide(type: AccountType): Side {
  return type === 'asset' || type === 'expense' ? 'D' : 'C'
}

export type PostingInput = { accountCode: string; side: Side; amountFen: number }

export type EntryRefs = { loanId?: number; purchaseId?: number; deliveryId?: number; claimId?: number }

export type EntryInput = {
  idempotencyKey: string
  type: EntryType
  businessDate: IsoDate
  description?: string
  refs?: EntryRefs
  reversalOf?: number
  postings: PostingInput[]
  /**
   * Events announcing what this entry did, written in the entry's own transaction (the outbox):
   * they exist if and only if the entry does. Not part of the entry's content for idempotency.
   */
  events?: readonly OutboxEvent[]
}

/** Checks what can be checked without the database; throws a {@link Refusal} with a stable code. */
export function validateEntry(entry: EntryInput): void {
  if (!entry.idempotencyKey || entry.idempotencyKey.length > IDEMPOTENCY_KEY_LENGTH_MAX) {
    throw new Refusal('invalid_entry', `idempotency key must be 1..${IDEMPOTENCY_KEY_LENGTH_MAX} characters`)
  }
  if (!(ENTRY_TYPES as readonly string[]).includes(entry.type)) {
    throw new Refusal('invalid_entry', `unknown entry type ${entry.type}`)
  }
  if (entry.postings.length < 2 || entry.postings.length > POSTINGS_PER_ENTRY_MAX) {
    throw new Refusal('invalid_entry', `an entry has 2..${POSTINGS_PER_ENTRY_MAX} postings`)
  }
  let debitsFen = 0
  let creditsFen = 0
  for (const posting of entry.postings) {
    if (!Number.isSafeInteger(posting.amountFen) || posting.amountFen <= 0 || posting.amountFen > FEN_MAX) {
      throw new Refusal(
        'invalid_amount',
        `posting amounts are whole fen in 1..${FEN_MAX}, got ${posting.amountFen}`,
      )
    }
    if (posting.side === 'D') debitsFen += posting.amountFen
    else if (posting.side === 'C') creditsFen += posting.amountFen
    else throw new Refusal('invalid_entry', `posting side must be D or C`)
  }
  if (debitsFen !== creditsFen) {
    throw new Refusal('entry_unbalanced', `debits ${debitsFen} fen ≠ credits ${creditsFen} fen`, {
      debitsFen,
      creditsFen,
    })
  }
}

/** A fingerprint of everything an entry says, so a replay can be told from a different entry. */
export function entryContentHash(entry: EntryInput): string {
  const canonical = JSON.stringify([
    entry.type,
    entry.businessDate,
    entry.refs?.loanId ?? null,
    entry.refs?.purchaseId ?? null,
    entry.refs?.deliveryId ?? null,
    entry.refs?.claimId ?? null,
    entry.reversalOf ?? null,
    entry.postings.map((posting) => [posting.accountCode, posting.side, posting.amountFen]),
  ])
  return createHash('sha256').update(canonical).digest('hex')
}

export type AccountDelta = { accountId: number; debitsFen: number; creditsFen: number }

/** Sums an entry's postings per account, in ascending account id: the order balances are locked in. */
export function accountDeltas(
  postings: ReadonlyArray<{ accountId: number; side: Side; amountFen: number }>,
): AccountDelta[] {
  const byAccount = new Map<number, AccountDelta>()
  for (const posting of postings) {
    const delta = byAccount.get(posting.accountId) ?? {
      accountId: posting.accountId,
      debitsFen: 0,
      creditsFen: 0,
    }
    if (posting.side === 'D') delta.debitsFen += posting.amountFen
    else delta.creditsFen += posting.amountFen
    byAccount.set(posting.accountId, delta)
  }
  return [...byAccount.values()].sort((a, b) => a.accountId - b.accountId)
}

/** The balance on the account's normal side: what a customer would call "the balance". */
export function balanceFen(account: { normalSide: Side; debitsFen: number; creditsFen: number }): number {
  return account.normalSide === 'D'
    ? account.debitsFen - account.creditsFen
    : account.creditsFen - account.debitsFen
}
