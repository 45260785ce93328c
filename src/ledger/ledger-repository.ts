/**
 * Read-side queries of the ledger (Kysely only): balances now and as of a business date, an
 * account's entries, the trial balance.
 * @module
 */
import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import { NotFound } from '../kernel/errors.js'
import { fenFromDb } from '../kernel/money.js'
import { balanceFen } from './posting.js'

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
  let debitsFen = account.debitsPostedFen
  let creditsFen = account.creditsPostedFen
  if (asOf) {
    const sums = await db
      .selectFrom('ledgerPostings')
      .select([
        sql<string>`COALESCE(SUM(CASE WHEN side = 'D' THEN amount_fen ELSE 0 END), 0)`.as('debits'),
        sql<string>`COALESCE(SUM(CASE WHEN side = 'C' THEN amount_fen ELSE 0 END), 0)`.as('credits'),
      ])
      .where('accountId', '=', account.id)
      .where('businessDate', '<=', asOf)
      .executeTakeFirstOrThrow()
    debitsFen = fenFromDb(sums.debits)
    creditsFen = fenFromDb(sums.credits)
  }
  const balance = balanceFen({ normalSide: account.normalSide, debitsFen, creditsFen })
  const heldFen = account.normalSide === 'C' ? account.debitsPendingFen : account.creditsPendingFen
  return {
    code: account.code,
    type: account.type,
    category: account.category,
    normalSide: account.normalSide,
    debitsFen,
    creditsFen,
    balanceFen: balance,
    pendingDebitsFen: account.debitsPendingFen,
    pendingCreditsFen: account.creditsPendingFen,
    availableFen: balance - heldFen,
  }
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
    amountFen: Number(row.amountFen),
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
    totalDebitsFen += row.debitsPostedFen
    totalCreditsFen += row.creditsPostedFen
    return {
      code: row.code,
      type: row.type,
      category: row.category,
      debitsFen: row.debitsPostedFen,
      creditsFen: row.creditsPostedFen,
      balanceFen: balanceFen({
        normalSide: row.normalSide,
        debitsFen: row.debitsPostedFen,
        creditsFen: row.creditsPostedFen,
      }),
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
