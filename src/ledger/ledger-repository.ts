/**
 * Read-side queries of the ledger (Kysely only): balances now and as of a business date, an
 * account's entries, the trial balance, and the set-based reads the other domains need (many loans'
 * receivables at once, a loan's statement, totals of postings). Only the ledger names its tables:
 * everyone else reads through here, and where a caller must join the ledger's figures with its own
 * rows in one statement (a hot path), it takes the SQL from {@link loanAccountSql}.
 * @module
 */
import { sql, type Expression, type RawBuilder } from 'kysely'
import type { Db } from '../db/database.js'
import { assert } from '../kernel/assert.js'
import type { IsoDate } from '../kernel/business-date.js'
import { NotFound } from '../kernel/errors.js'
import { fenFromDb } from '../kernel/money.js'
import { accounts, type AccountCategory } from './chart-of-accounts.js'
import type { Statement } from '../db/statement.js'
import { balanceFen, normalSide, type EntryType, type Side } from './posting.js'

export type AccountBalance = {
  code: string
  type: string
  category: string
  normalSide: 'D' | 'C'
  debitsFen: number
  creditsFen: number
  balanceFen: number
  pendingDebitsFen: number
  pendingCreditsFen: number
  /** The balance less what holds have reserved on the account's paying side. */
  availableFen: number
}

export async function accountBalance(db: Db, code: string, asOf?: string): Promise<AccountBalance> {
  const account = await db
    .selectFrom('ledgerAccounts')
    .selectAll()
    .where('code', '=', code)
    .executeTakeFirst()
  if (!account) throw new NotFound(`no ledger account ${code}`)
  if (!asOf) return balanceOf(account)
  const sums = await db
    .selectFrom('ledgerPostings')
    .select([
      sql<string>`COALESCE(SUM(CASE WHEN side = 'D' THEN amount_fen ELSE 0 END), 0)`.as('debits'),
      sql<string>`COALESCE(SUM(CASE WHEN side = 'C' THEN amount_fen ELSE 0 END), 0)`.as('credits'),
    ])
    .where('accountId', '=', account.id)
    .where('businessDate', '<=', asOf)
    .executeTakeFirstOrThrow()
  // Posted as of the date; what holds reserve is as of now.
  return balanceOf({ ...account, debitsPostedFen: sums.debits, creditsPostedFen: sums.credits })
}

export type AccountEntryLine = {
  postingId: number
  entryId: number
  type: string
  businessDate: string
  side: 'D' | 'C'
  amountFen: number
  description: string | null
  createdAt: string
}

/** An account's postings, newest first, paged by posting id. */
export async function accountEntries(
  db: Db,
  code: string,
  page: { limit: number; cursor?: number },
): Promise<{ items: AccountEntryLine[]; nextCursor: string | null }> {
  const account = await db
    .selectFrom('ledgerAccounts')
    .select('id')
    .where('code', '=', code)
    .executeTakeFirst()
  if (!account) throw new NotFound(`no ledger account ${code}`)
  let query = db
    .selectFrom('ledgerPostings as p')
    .innerJoin('journalEntries as e', 'e.id', 'p.entryId')
    .select([
      'p.id as postingId',
      'p.entryId',
      'e.type',
      'p.businessDate',
      'p.side',
      'p.amountFen',
      'e.description',
      'e.createdAt',
    ])
    .where('p.accountId', '=', account.id)
    .orderBy('p.id', 'desc')
    .limit(page.limit + 1)
  if (page.cursor !== undefined) query = query.where('p.id', '<', page.cursor)
  const rows = await query.execute()
  const items = rows.slice(0, page.limit).map((row) => ({
    postingId: Number(row.postingId),
    entryId: Number(row.entryId),
    type: row.type,
    businessDate: row.businessDate,
    side: row.side,
    amountFen: fenFromDb(row.amountFen),
    description: row.description,
    createdAt: new Date(row.createdAt).toISOString(),
  }))
  const last = items.at(-1)
  return { items, nextCursor: rows.length > page.limit && last ? String(last.postingId) : null }
}

export type TrialBalance = {
  totalDebitsFen: number
  totalCreditsFen: number
  accounts: Array<{
    code: string
    type: string
    category: string
    balanceFen: number
    debitsFen: number
    creditsFen: number
  }>
}

/** Every account with activity, and the totals: debits equal credits, always. */
export async function trialBalance(db: Db): Promise<TrialBalance> {
  const rows = await db
    .selectFrom('ledgerAccounts')
    .select(['code', 'type', 'category', 'normalSide', 'debitsPostedFen', 'creditsPostedFen'])
    .where((eb) => eb.or([eb('debitsPostedFen', '>', 0), eb('creditsPostedFen', '>', 0)]))
    .orderBy('code')
    .execute()
  let totalDebitsFen = 0
  let totalCreditsFen = 0
  const accounts = rows.map((row) => {
    const debitsFen = fenFromDb(row.debitsPostedFen)
    const creditsFen = fenFromDb(row.creditsPostedFen)
    totalDebitsFen += debitsFen
    totalCreditsFen += creditsFen
    return {
      code: row.code,
      type: row.type,
      category: row.category,
      debitsFen,
      creditsFen,
      balanceFen: balanceFen({ normalSide: row.normalSide, debitsFen, creditsFen }),
    }
  })
  return { totalDebitsFen, totalCreditsFen, accounts }
}

/** The entry posted under `idempotencyKey`, if any: how a retried step finds what it did before. */
export async function entryByKey(db: Db, idempotencyKey: string): Promise<{ id: number } | undefined> {
  return db
    .selectFrom('journalEntries')
    .select('id')
    .where('idempotencyKey', '=', idempotencyKey)
    .executeTakeFirst()
}

/** Every category's account type, read off the chart (all accounts of a category are opened alike). */
const CATEGORY_TYPES = new Map(
  Object.values(accounts).map((open) => {
    const spec = open(0)
    return [spec.category, spec.type] as const
  }),
)

/** The side a category's balances are on (an asset's is its debits, a liability's its credits). */
export function categorySide(category: AccountCategory): Side {
  const type = CATEGORY_TYPES.get(category)
  assert(type !== undefined, `no account type for category ${category}`)
  return normalSide(type)
}

/** A table alias the ledger's SQL may be written over (letters, digits, underscores). */
function aliasSql(alias: string): RawBuilder<unknown> {
  assert(/^[a-z][a-z0-9_]*$/.test(alias), `not a table alias: ${alias}`)
  return sql.raw(alias)
}

/**
 * The posted balance of the account row `alias` on the `side` its balance is on, in SQL: the one
 * place the database is told the formula ({@link balanceFen} is the same rule in TypeScript).
 */
export function balanceSql(alias: string, side: Side): RawBuilder<number> {
  const a = aliasSql(alias)
  return side === 'D'
    ? sql<number>`${a}.debits_posted_fen - ${a}.credits_posted_fen`
    : sql<number>`${a}.credits_posted_fen - ${a}.debits_posted_fen`
}

/** {@link balanceSql} less what holds reserve on the paying side: {@link AccountBalance.availableFen} in SQL. */
function availableSql(alias: string, side: Side): RawBuilder<number> {
  const a = aliasSql(alias)
  return side === 'D'
    ? sql<number>`${balanceSql(alias, side)} - ${a}.credits_pending_fen`
    : sql<number>`${balanceSql(alias, side)} - ${a}.debits_pending_fen`
}

/** The accounts a loan owns, by category. */
export type LoanAccountCategory = Extract<
  AccountCategory,
  'loan_principal' | 'loan_interest' | 'loan_fees' | 'loan_penalty' | 'restricted_wallet'
>

/** The categories of a loan's receivables: what the borrower owes on it. */
export const LOAN_RECEIVABLE_CATEGORIES = [
  'loan_principal',
  'loan_interest',
  'loan_fees',
  'loan_penalty',
] as const satisfies readonly LoanAccountCategory[]

/**
 * A loan's account of one category, for a statement that joins the ledger's figures with the
 * caller's own loan rows because it must stay one query (the portfolio's book, a merchant's
 * outstanding principal): `join` goes after the caller's JOIN keyword, and the figures are columns
 * of the joined row (NULL under a LEFT JOIN that found no account).
 *
 * ### Examples
 * ```ts
 * const principal = loanAccountSql('a', sql.ref('l.id'), 'loan_principal')
 * await sql`SELECT SUM(${principal.balanceFen}) AS principal
 *   FROM loans l JOIN ${principal.join} WHERE l.status = 'active'`.execute(db)
 * ```
 */
export function loanAccountSql(
  alias: string,
  loanId: Expression<unknown>,
  category: LoanAccountCategory,
): { join: RawBuilder<unknown>; balanceFen: RawBuilder<number>; creditsFen: RawBuilder<number> } {
  const a = aliasSql(alias)
  return {
    join: sql`ledger_accounts ${a} ON ${a}.loan_id = ${loanId} AND ${a}.category = ${sql.lit(category)}`,
    balanceFen: balanceSql(alias, categorySide(category)),
    creditsFen: sql<number>`${a}.credits_posted_fen`,
  }
}

function balanceOf(row: {
  code: string
  type: string
  category: string
  normalSide: Side
  debitsPostedFen: number | string
  creditsPostedFen: number | string
  debitsPendingFen: number | string
  creditsPendingFen: number | string
}): AccountBalance {
  const debitsFen = fenFromDb(row.debitsPostedFen)
  const creditsFen = fenFromDb(row.creditsPostedFen)
  const pendingDebitsFen = fenFromDb(row.debitsPendingFen)
  const pendingCreditsFen = fenFromDb(row.creditsPendingFen)
  const balance = balanceFen({ normalSide: row.normalSide, debitsFen, creditsFen })
  return {
    code: row.code,
    type: row.type,
    category: row.category,
    normalSide: row.normalSide,
    debitsFen,
    creditsFen,
    balanceFen: balance,
    pendingDebitsFen,
    pendingCreditsFen,
    availableFen: balance - (row.normalSide === 'C' ? pendingDebitsFen : pendingCreditsFen),
  }
}

/** Balances now of many accounts by code, in one query; an account not opened yet is absent. */
export async function accountBalances(
  db: Db,
  codes: readonly string[],
): Promise<Map<string, AccountBalance>> {
  if (codes.length === 0) return new Map()
  const rows = await db
    .selectFrom('ledgerAccounts')
    .select([
      'code',
      'type',
      'category',
      'normalSide',
      'debitsPostedFen',
      'creditsPostedFen',
      'debitsPendingFen',
      'creditsPendingFen',
    ])
    .where('code', 'in', codes)
    .execute()
  return new Map(rows.map((row) => [row.code, balanceOf(row)]))
}

/**
 * The statement that reads the posted balances of accounts by code inside a ledger transaction
 * (see `LedgerTransaction.run`), and how to read them from its result: absent codes have no account.
 */
export function balancesStatement(codes: readonly string[]): {
  statement: Statement
  read: (rows: unknown) => Map<string, number>
} {
  return {
    statement: {
      sql: 'SELECT code, normal_side, debits_posted_fen, credits_posted_fen FROM ledger_accounts WHERE code IN (?)',
      params: [codes],
    },
    read: (rows) =>
      new Map(
        (rows as Array<Record<string, string | number>>).map((row) => [
          String(row.code),
          balanceFen({
            normalSide: row.normal_side as Side,
            debitsFen: fenFromDb(row.debits_posted_fen),
            creditsFen: fenFromDb(row.credits_posted_fen),
          }),
        ]),
      ),
  }
}

/**
 * The statement that reads, inside a ledger transaction, which of `keys` are posted and the fen each
 * entry credits (for two-posting entries, their amount), and how to read them from its result.
 */
export function creditedUnderKeysStatement(keys: readonly string[]): {
  statement: Statement
  read: (rows: unknown) => Map<string, number>
} {
  return {
    statement: {
      sql: `SELECT e.idempotency_key, SUM(p.amount_fen) AS credited_fen FROM journal_entries e
          JOIN ledger_postings p ON p.entry_id = e.id AND p.side = 'C'
        WHERE e.idempotency_key IN (?) GROUP BY e.idempotency_key`,
      params: [keys],
    },
    read: (rows) =>
      new Map(
        (rows as Array<Record<string, string | number>>).map((row) => [
          String(row.idempotency_key),
          fenFromDb(row.credited_fen),
        ]),
      ),
  }
}

/** Accounts of one category whose available balance is above zero, with that balance. */
export async function positiveAvailableBalances(
  db: Db,
  category: AccountCategory,
): Promise<Array<{ code: string; availableFen: number }>> {
  const available = availableSql('a', categorySide(category))
  const { rows } = await sql<{ code: string; availableFen: string | number }>`
    SELECT a.code, ${available} AS available_fen
    FROM ledger_accounts a
    WHERE a.category = ${category} AND ${available} > 0`.execute(db)
  return rows.map((row) => ({ code: row.code, availableFen: fenFromDb(row.availableFen) }))
}

/** Every account of one category with its posted balance (on the category's normal side). */
export async function categoryBalances(
  db: Db,
  category: AccountCategory,
): Promise<Array<{ code: string; balanceFen: number }>> {
  const { rows } = await sql<{ code: string; balanceFen: string | number }>`
    SELECT a.code, ${balanceSql('a', categorySide(category))} AS balance_fen
    FROM ledger_accounts a WHERE a.category = ${category}`.execute(db)
  return rows.map((row) => ({ code: row.code, balanceFen: fenFromDb(row.balanceFen) }))
}

/** Debits and credits posted to all accounts of each category (a category without accounts is absent). */
export async function categoryTotals(
  db: Db,
): Promise<Map<string, { debitsFen: number; creditsFen: number }>> {
  const { rows } = await sql<{ category: string; d: string | number; c: string | number }>`
    SELECT category, SUM(debits_posted_fen) AS d, SUM(credits_posted_fen) AS c
    FROM ledger_accounts GROUP BY category`.execute(db)
  return new Map(
    rows.map((row) => [row.category, { debitsFen: fenFromDb(row.d), creditsFen: fenFromDb(row.c) }]),
  )
}

export type LoanReceivable = {
  loanId: number
  category: string
  /** The posted balance (a receivable's is its debits less its credits). */
  balanceFen: number
  /** Everything ever credited to it: repayments, waivers, write-offs, reversals. */
  creditsFen: number
}

/** The receivable accounts of many loans, in one query. */
export async function loanReceivables(db: Db, loanIds: readonly number[]): Promise<LoanReceivable[]> {
  if (loanIds.length === 0) return []
  const { rows } = await sql<{ loanId: number; category: string; balance: string; credits: string }>`
    SELECT a.loan_id, a.category, ${balanceSql('a', 'D')} AS balance,
           a.credits_posted_fen AS credits
    FROM ledger_accounts a
    WHERE a.loan_id IN (${sql.join(loanIds)}) AND a.category LIKE 'loan\_%'`.execute(db)
  return rows.map((row) => ({
    loanId: Number(row.loanId),
    category: row.category,
    balanceFen: fenFromDb(row.balance),
    creditsFen: fenFromDb(row.credits),
  }))
}

/**
 * Per loan, what its entries of `entryTypes` (booked under the loan) credited to its own
 * receivables, in one query through the (loan_id, type) index, so a loan's daily accruals are not read.
 */
export async function loanReceivableCreditsOf(
  db: Db,
  loanIds: readonly number[],
  entryTypes: readonly EntryType[],
): Promise<Map<number, number>> {
  if (loanIds.length === 0 || entryTypes.length === 0) return new Map()
  const { rows } = await sql<{ loanId: number; credits: string }>`
    SELECT e.loan_id, SUM(p.amount_fen) AS credits
    FROM journal_entries e
    JOIN ledger_postings p ON p.entry_id = e.id AND p.side = 'C'
    JOIN ledger_accounts a ON a.id = p.account_id AND a.loan_id = e.loan_id
    WHERE e.loan_id IN (${sql.join(loanIds)}) AND e.type IN (${sql.join(entryTypes)})
      AND a.category LIKE 'loan\_%'
    GROUP BY e.loan_id`.execute(db)
  return new Map(rows.map((row) => [Number(row.loanId), fenFromDb(row.credits)]))
}

export type LoanStatementEntry = {
  entryId: number
  type: string
  businessDate: string
  createdAt: Date
  description: string | null
  /** The entry's postings on the loan's own accounts (and on the accounts of `also.categories`). */
  postings: Array<{ category: string; amountFen: number }>
}

/**
 * Entries booked under a loan that touch none of its own accounts but belong on its statement:
 * their types (found through the (loan_id, type) index), and the categories of the accounts whose
 * postings say what they did for the loan.
 */
export type LoanStatementExtras = {
  entryTypes: readonly EntryType[]
  categories: readonly AccountCategory[]
}

/**
 * The entries that moved a loan's own accounts, oldest first, paged by entry id, each with its
 * postings on those accounts. Found through the postings, so an entry booked under another loan (a
 * refill paying this one off) is listed too; with them, the loan's entries of `also.entryTypes`
 * (a recovery on a written-off loan moves only a wallet and income) with their postings on accounts
 * of `also.categories`. Four queries, whatever the page size.
 */
export async function loanStatement(
  db: Db,
  loanId: number,
  page: { limit: number; cursor?: number },
  also: LoanStatementExtras = { entryTypes: [], categories: [] },
): Promise<{ entries: LoanStatementEntry[]; more: boolean }> {
  const afterId = page.cursor ?? 0
  const [throughAccounts, byType] = await Promise.all([
    db
      .selectFrom('ledgerPostings')
      .innerJoin('ledgerAccounts', 'ledgerAccounts.id', 'ledgerPostings.accountId')
      .select('ledgerPostings.entryId')
      .distinct()
      .where('ledgerAccounts.loanId', '=', loanId)
      .where('ledgerPostings.entryId', '>', afterId)
      .orderBy('ledgerPostings.entryId')
      .limit(page.limit + 1)
      .execute(),
    also.entryTypes.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('journalEntries')
          .select('id as entryId')
          .where('loanId', '=', loanId)
          .where('type', 'in', also.entryTypes)
          .where('id', '>', afterId)
          .orderBy('id')
          .limit(page.limit + 1)
          .execute(),
  ])
  // Each list is the first limit + 1 of its kind after the cursor, so their union's first limit + 1
  // are the statement's.
  const ids = [...new Set([...throughAccounts, ...byType].map((row) => Number(row.entryId)))]
    .sort((a, b) => a - b)
    .slice(0, page.limit + 1)
  const shownIds = ids.slice(0, page.limit)
  if (shownIds.length === 0) return { entries: [], more: false }
  const [entries, postings] = await Promise.all([
    db
      .selectFrom('journalEntries')
      .select(['id', 'type', 'businessDate', 'createdAt', 'description'])
      .where('id', 'in', shownIds)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('ledgerPostings')
      .innerJoin('ledgerAccounts', 'ledgerAccounts.id', 'ledgerPostings.accountId')
      .select(['ledgerPostings.entryId', 'ledgerPostings.amountFen', 'ledgerAccounts.category'])
      .where('ledgerPostings.entryId', 'in', shownIds)
      .where((eb) =>
        also.categories.length === 0
          ? eb('ledgerAccounts.loanId', '=', loanId)
          : eb.or([
              eb('ledgerAccounts.loanId', '=', loanId),
              eb('ledgerAccounts.category', 'in', also.categories),
            ]),
      )
      .execute(),
  ])
  return {
    entries: entries.map((row) => ({
      entryId: Number(row.id),
      type: row.type,
      businessDate: row.businessDate,
      createdAt: row.createdAt,
      description: row.description,
      postings: postings
        .filter((posting) => Number(posting.entryId) === Number(row.id))
        .map((posting) => ({ category: posting.category, amountFen: fenFromDb(posting.amountFen) })),
    })),
    more: ids.length > page.limit,
  }
}

export type EntryPosting = { accountCode: string; category: string; side: Side; amountFen: number }

/** The postings of one entry, every account and both sides. */
export async function entryPostings(db: Db, entryId: number): Promise<EntryPosting[]> {
  const rows = await db
    .selectFrom('ledgerPostings')
    .innerJoin('ledgerAccounts', 'ledgerAccounts.id', 'ledgerPostings.accountId')
    .select([
      'ledgerAccounts.category',
      'ledgerAccounts.code',
      'ledgerPostings.amountFen',
      'ledgerPostings.side',
    ])
    .where('ledgerPostings.entryId', '=', entryId)
    .execute()
  return rows.map((row) => ({
    accountCode: row.code,
    category: row.category,
    side: row.side,
    amountFen: fenFromDb(row.amountFen),
  }))
}

export type LedgerLine = {
  entryId: number
  type: string
  businessDate: string
  accountCode: string
  side: 'D' | 'C'
  amountFen: number
}

/** Every posting of the given entries (both sides, every account), entry by entry. */
export async function postingsOfEntries(db: Db, entryIds: readonly number[]): Promise<LedgerLine[]> {
  if (entryIds.length === 0) return []
  const rows = await db
    .selectFrom('ledgerPostings')
    .innerJoin('journalEntries', 'journalEntries.id', 'ledgerPostings.entryId')
    .innerJoin('ledgerAccounts', 'ledgerAccounts.id', 'ledgerPostings.accountId')
    .select([
      'ledgerPostings.entryId',
      'journalEntries.type',
      'journalEntries.businessDate',
      'ledgerAccounts.code',
      'ledgerPostings.side',
      'ledgerPostings.amountFen',
    ])
    .where('ledgerPostings.entryId', 'in', entryIds)
    .orderBy('ledgerPostings.entryId')
    .orderBy('ledgerPostings.id')
    .execute()
  return rows.map((row) => ({
    entryId: Number(row.entryId),
    type: row.type,
    businessDate: row.businessDate,
    accountCode: row.code,
    side: row.side,
    amountFen: fenFromDb(row.amountFen),
  }))
}

/** The entries posted under any of `keys` (a key has at most one). */
export async function entriesByKeys(
  db: Db,
  keys: readonly string[],
): Promise<Array<{ id: number; idempotencyKey: string; businessDate: string; loanId: number | null }>> {
  if (keys.length === 0) return []
  const rows = await db
    .selectFrom('journalEntries')
    .select(['id', 'idempotencyKey', 'businessDate', 'loanId'])
    .where('idempotencyKey', 'in', keys)
    .execute()
  return rows.map((row) => ({
    id: Number(row.id),
    idempotencyKey: row.idempotencyKey,
    businessDate: row.businessDate,
    loanId: row.loanId === null ? null : Number(row.loanId),
  }))
}

/**
 * The amount of the `side` posting of the loan's entry of `type` (the first such posting found), or
 * undefined when the loan has no such entry: for entries with one posting on that side.
 */
export async function loanEntryPostingFen(
  db: Db,
  loanId: number,
  type: EntryType,
  side: Side,
): Promise<number | undefined> {
  const posting = await db
    .selectFrom('journalEntries')
    .innerJoin('ledgerPostings', 'ledgerPostings.entryId', 'journalEntries.id')
    .select('ledgerPostings.amountFen')
    .where('journalEntries.loanId', '=', loanId)
    .where('journalEntries.type', '=', type)
    .where('ledgerPostings.side', '=', side)
    .executeTakeFirst()
  return posting ? fenFromDb(posting.amountFen) : undefined
}

/**
 * The sum of the `side` postings of every entry of `type` of a loan (0 when it has none); with
 * `accountCode`, only the postings on that account.
 */
export async function loanEntriesPostingSumFen(
  db: Db,
  loanId: number,
  type: EntryType,
  side: Side,
  accountCode?: string,
): Promise<number> {
  let query = db
    .selectFrom('journalEntries')
    .innerJoin('ledgerPostings', 'ledgerPostings.entryId', 'journalEntries.id')
    .select((eb) => eb.fn.sum<string | number | null>('ledgerPostings.amountFen').as('fen'))
    .where('journalEntries.loanId', '=', loanId)
    .where('journalEntries.type', '=', type)
    .where('ledgerPostings.side', '=', side)
  if (accountCode !== undefined) {
    query = query
      .innerJoin('ledgerAccounts', 'ledgerAccounts.id', 'ledgerPostings.accountId')
      .where('ledgerAccounts.code', '=', accountCode)
  }
  const row = await query.executeTakeFirst()
  return row?.fen == null ? 0 : fenFromDb(row.fen)
}

/**
 * The sum of one account's postings on one side over the entries of `types` that name a guarantee
 * claim (what an insurer's cash brought in on it, say).
 */
export async function claimEntriesPostingSumFen(
  db: Db,
  claimId: number,
  types: readonly EntryType[],
  side: Side,
  accountCode: string,
): Promise<number> {
  const row = await db
    .selectFrom('journalEntries')
    .innerJoin('ledgerPostings', 'ledgerPostings.entryId', 'journalEntries.id')
    .innerJoin('ledgerAccounts', 'ledgerAccounts.id', 'ledgerPostings.accountId')
    .select((eb) => eb.fn.sum<string | number | null>('ledgerPostings.amountFen').as('fen'))
    .where('journalEntries.claimId', '=', claimId)
    .where('journalEntries.type', 'in', [...types])
    .where('ledgerPostings.side', '=', side)
    .where('ledgerAccounts.code', '=', accountCode)
    .executeTakeFirst()
  return row?.fen == null ? 0 : fenFromDb(row.fen)
}

/** How many entries of `type` each loan has (entries without a loan under 0). */
export async function entryCountsByLoan(db: Db, type: EntryType): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('journalEntries')
    .select(['loanId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('type', '=', type)
    .groupBy('loanId')
    .execute()
  return new Map(rows.map((row) => [Number(row.loanId), Number(row.n)]))
}

/** How many entries each of `keys` has (absent: none). */
export async function entryCountsByKey(db: Db, keys: readonly string[]): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map()
  const rows = await db
    .selectFrom('journalEntries')
    .select(['idempotencyKey', (eb) => eb.fn.countAll<number>().as('n')])
    .where('idempotencyKey', 'in', keys)
    .groupBy('idempotencyKey')
    .execute()
  return new Map(rows.map((row) => [row.idempotencyKey, Number(row.n)]))
}

/** How many entries of `type` there are. */
export async function entryCount(db: Db, type: EntryType): Promise<number> {
  const row = await db
    .selectFrom('journalEntries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('type', '=', type)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * Which postings {@link postingTotals} adds up: those that match every filter given.
 */
export type PostingTotalsQuery = {
  categories?: readonly AccountCategory[]
  entryTypes?: readonly EntryType[]
  /** Entries of these business dates; with `perDate`, a total per date. */
  businessDates?: readonly IsoDate[]
  perDate?: boolean
  /** Entries booked under these loans. */
  entryLoanIds?: readonly number[]
  side?: Side
  /**
   * A total per group of the caller's, in the same statement: `join` joins the caller's row of the
   * account's loan (it follows the ledger's tables, and starts with its JOIN keyword), `key` is the
   * caller's column to group by. Postings on accounts without a loan are left out.
   */
  perLoanGroup?: {
    join: (accountLoanId: Expression<unknown>) => RawBuilder<unknown>
    key: RawBuilder<unknown>
  }
}

export type PostingTotal = {
  /** Null unless the query asked for `perDate`. */
  businessDate: string | null
  entryType: EntryType
  category: string
  side: Side
  /** The caller's group key, null without `perLoanGroup`. */
  group: string | null
  amountFen: number
}

/**
 * Totals of postings per entry type, account category and side (and per date and per the caller's
 * loan group when asked), in one query.
 */
export async function postingTotals(db: Db, query: PostingTotalsQuery): Promise<PostingTotal[]> {
  const empty = [query.categories, query.entryTypes, query.businessDates, query.entryLoanIds].some(
    (list) => list !== undefined && list.length === 0,
  )
  if (empty) return []
  const date = query.perDate ? sql`e.business_date` : sql`NULL`
  const group = query.perLoanGroup?.key ?? sql`NULL`
  const filters: Array<RawBuilder<unknown>> = [sql`TRUE`]
  if (query.categories) filters.push(sql`a.category IN (${sql.join(query.categories)})`)
  if (query.businessDates) filters.push(sql`e.business_date IN (${sql.join(query.businessDates)})`)
  if (query.entryTypes) filters.push(sql`e.type IN (${sql.join(query.entryTypes)})`)
  if (query.entryLoanIds) filters.push(sql`e.loan_id IN (${sql.join(query.entryLoanIds)})`)
  if (query.side) filters.push(sql`p.side = ${query.side}`)
  const { rows } = await sql<{
    businessDate: string | null
    entryType: EntryType
    category: string
    side: Side
    loanGroup: string | number | null
    amountFen: string | number
  }>`
    SELECT ${date} AS business_date, e.type AS entry_type, a.category, p.side, ${group} AS loan_group,
      SUM(p.amount_fen) AS amount_fen
    FROM journal_entries e
    JOIN ledger_postings p ON p.entry_id = e.id
    JOIN ledger_accounts a ON a.id = p.account_id
    ${query.perLoanGroup?.join(sql.ref('a.loan_id')) ?? sql``}
    WHERE ${sql.join(filters, sql` AND `)}
    GROUP BY ${date}, e.type, a.category, p.side, ${group}`.execute(db)
  return rows.map((row) => ({
    businessDate: row.businessDate === null ? null : String(row.businessDate),
    entryType: row.entryType,
    category: row.category,
    side: row.side,
    group: row.loanGroup === null ? null : String(row.loanGroup),
    amountFen: fenFromDb(row.amountFen),
  }))
}

/**
 * An account's posted balance as entry `entryId` found it: now, less what that entry and every later
 * one (by id) moved on it. For a reader that must see again what an earlier step saw, when that step
 * ran under a lock every later movement of the account waited for (so their entries come after it).
 */
export async function accountBalanceBeforeEntry(db: Db, code: string, entryId: number): Promise<number> {
  const account = await db
    .selectFrom('ledgerAccounts')
    .selectAll()
    .where('code', '=', code)
    .executeTakeFirst()
  if (!account) throw new NotFound(`no ledger account ${code}`)
  const since = await db
    .selectFrom('ledgerPostings')
    .select([
      sql<string>`COALESCE(SUM(CASE WHEN side = 'D' THEN amount_fen ELSE 0 END), 0)`.as('debits'),
      sql<string>`COALESCE(SUM(CASE WHEN side = 'C' THEN amount_fen ELSE 0 END), 0)`.as('credits'),
    ])
    .where('accountId', '=', account.id)
    .where('entryId', '>=', entryId)
    .executeTakeFirstOrThrow()
  return balanceFen({
    normalSide: account.normalSide,
    debitsFen: fenFromDb(account.debitsPostedFen) - fenFromDb(since.debits),
    creditsFen: fenFromDb(account.creditsPostedFen) - fenFromDb(since.credits),
  })
}
