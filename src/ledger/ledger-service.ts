/**
 * The posting service every movement of money goes through.
 *
 * `post` runs one entry in a single round trip: one multi-statement batch that opens a transaction,
 * inserts the entry, changes the stored balances with one UPDATE (rows locked in primary-key order,
 * so concurrent posts cannot deadlock on each other), inserts the postings, and commits. Concurrent
 * posts go together (group commit): one multi-row INSERT of their entries, one UPDATE of all their
 * balances, one multi-row INSERT of their postings, one commit. The database enforces what must never
 * be broken even by a bug here: CHECK constraints refuse an overdraft of a `no_overdraft` account,
 * triggers refuse changes to posted rows and a key whose post failed before, foreign keys and a CHECK
 * constraint fence restricted accounts (migration 0008). No balance is ever read and then written.
 * @module
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise'
import { createPoolFor } from '../db/database.js'
import type { Statement } from '../db/statement.js'
import { eventRow } from '../events/events.js'
import { AssertionError, assert } from '../kernel/assert.js'
import type { IsoDate } from '../kernel/business-date.js'
import { Conflict, Refusal } from '../kernel/errors.js'
import { GroupCommitQueue } from '../kernel/group-commit.js'
import { fenFromDb } from '../kernel/money.js'
import { unprocessableCode } from '../kernel/refusals.js'
import type { AccountSpec } from './chart-of-accounts.js'
import {
  accountDeltas,
  type AccountDelta,
  CURRENCY,
  entryContentHash,
  normalSide,
  validateEntry,
  type AccountType,
  type EntryInput,
  type EntryType,
  type Side,
} from './posting.js'

export const DEADLOCK_RETRIES_MAX = 8
/** Transactions of posts running at once from one process; more posts wait and go together. */
export const BATCHES_IN_FLIGHT_MAX = 4
/** Entries in one group-commit transaction at most. */
export const BATCH_ENTRIES_MAX = 64
/** Ledger accounts kept in memory per process (a few hundred bytes each: about 60 MB at most). */
export const ACCOUNT_CACHE_ENTRIES_MAX = 200_000
const DEADLOCK_BACKOFF_MS = 5

export type LedgerAccount = {
  id: number
  code: string
  type: AccountType
  normalSide: Side
  category: string
  currency: string
  noOverdraft: boolean
  restricted: boolean
  loanId: number | null
}

export type PostedEntry = {
  entryId: number
  idempotencyKey: string
  type: EntryType
  businessDate: string
  /** True when this call found the entry already posted under its key (a replay). */
  replayed: boolean
}

export type HoldInput = {
  idempotencyKey: string
  type: EntryType
  debitAccountCode: string
  creditAccountCode: string
  amountFen: number
  expiresAt: Date
}

export type Hold = {
  holdId: number
  state: 'pending' | 'posted' | 'voided' | 'expired'
  amountFen: number
  entryId: number | null
}

/**
 * A transaction on one of the ledger's connections, for work that must commit together with an entry
 * (a purchase row and its payment): the caller's statements and the entry's go in the same batches,
 * so a whole decision can take two round trips. See {@link LedgerService.transaction}.
 */
export type LedgerTransaction = {
  /**
   * Runs statements in one round trip and returns one result per statement. The first call opens the
   * transaction; `commit: true` ends the batch with COMMIT (then the transaction is over).
   */
  run(statements: readonly Statement[], options?: { commit?: boolean }): Promise<unknown[]>
  /**
   * The statements that post `entry` in this transaction (its row, its balances, its postings and its
   * events), to be run with {@link run} in one batch, and how to read its id from their results. The
   * database's CHECK constraints, triggers and the restricted fence apply exactly as to {@link post}.
   */
  entry(entry: EntryInput): Promise<{ statements: Statement[]; entryId: (results: unknown[]) => number }>
  /**
   * The statements that post several entries in this transaction, in order, as a group commit posts
   * them, and how to read their ids. What the database refuses of any of them fails the transaction
   * and is not recorded against a key: the caller decides them again one by one with {@link entry}.
   */
  entries(
    entries: readonly EntryInput[],
  ): Promise<{ statements: Statement[]; entryIds: (results: unknown[]) => number[] }>
}

/** One posting as stored: the account resolved to its id and the attributes the fence checks. */
type PostingRow = {
  accountId: number
  side: Side
  amountFen: number
  account: Pick<LedgerAccount, 'restricted' | 'category' | 'loanId'>
}

/** What the database needs to post one entry: its row, its postings, its balance changes. */
type PreparedEntry = {
  entry: EntryInput
  contentHash: string
  postings: PostingRow[]
  /** Per account, ascending id: what the entry adds to its debit and credit columns. */
  deltas: AccountDelta[]
  /** Per account of `deltas`, whether the CHECK constraint refuses it going below zero. */
  guarded: Array<{ noOverdraft: boolean; normalSide: Side }>
}

type QueuedPost = PreparedEntry & {
  resolve: (posted: PostedEntry) => void
  reject: (error: unknown) => void
}

function postedEntry(entry: EntryInput, entryId: number): PostedEntry {
  return {
    entryId,
    idempotencyKey: entry.idempotencyKey,
    type: entry.type,
    businessDate: entry.businessDate,
    replayed: false,
  }
}

const TRANSIENT_ERRNOS = new Set([1213 /* deadlock */, 1205 /* lock wait timeout */])

function errno(error: unknown): number | undefined {
  return (error as { errno?: number }).errno
}

function message(error: unknown): string {
  return (error as { sqlMessage?: string; message?: string }).sqlMessage ?? String((error as Error).message)
}

export class LedgerService {
  readonly #pool: Pool
  readonly #accounts = new Map<string, LedgerAccount>()
  /** Group commit of posts: see {@link LedgerService.post}. */
  readonly #posts = new GroupCommitQueue<QueuedPost>({
    inFlightMax: BATCHES_IN_FLIGHT_MAX,
    batchMax: () => BATCH_ENTRIES_MAX,
    run: (batch) => this.#flush(batch),
  })
  /** How far apart the ids of one multi-row INSERT are, or null when they need not be consecutive. */
  #idStep: Promise<number | null> | undefined

  /**
   * `multiRowBatches: false` posts a batch's entries with one INSERT each (as on a server whose
   * auto-increment lock mode does not promise consecutive ids to a multi-row INSERT); by default the
   * server's settings decide.
   */
  constructor(databaseUrl: string, options: { multiRowBatches?: boolean } = {}) {
    // trace: false skips capturing a stack trace for every query (4% of a purchase's CPU); an error
    // still says which statement failed and why, without the caller's frames.
    this.#pool = createPoolFor(databaseUrl, { multipleStatements: true, trace: false }).promise()
    if (options.multiRowBatches === false) this.#idStep = Promise.resolve(null)
  }

  async close(): Promise<void> {
    await this.#pool.end()
  }

  /** Opens an account, or returns it if it exists with the same attributes (idempotent). */
  async openAccount(spec: AccountSpec): Promise<LedgerAccount> {
    const side = normalSide(spec.type)
    await this.#pool.query(
      `INSERT IGNORE INTO ledger_accounts (code, type, normal_side, category, currency, no_overdraft, restricted, loan_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [spec.code, spec.type, side, spec.category, CURRENCY, spec.noOverdraft, spec.restricted, spec.loanId],
    )
    const [account] = await this.accounts([spec.code])
    assert(account, `account ${spec.code} was just opened`)
    if (
      account.type !== spec.type ||
      account.category !== spec.category ||
      account.noOverdraft !== spec.noOverdraft ||
      account.restricted !== spec.restricted ||
      account.loanId !== spec.loanId
    ) {
      throw new Conflict('account_exists_different', `account ${spec.code} exists with other attributes`)
    }
    return account
  }

  /** Opens many accounts in one statement (existing codes are left as they are): for bulk loads. */
  async openAccounts(specs: readonly AccountSpec[]): Promise<void> {
    if (specs.length === 0) return
    await this.#pool.query(
      `INSERT IGNORE INTO ledger_accounts (code, type, normal_side, category, currency, no_overdraft, restricted, loan_id)
       VALUES ?`,
      [
        specs.map((spec) => [
          spec.code,
          spec.type,
          normalSide(spec.type),
          spec.category,
          CURRENCY,
          spec.noOverdraft,
          spec.restricted,
          spec.loanId,
        ]),
      ],
    )
  }

  /**
   * Accounts by code. Account attributes never change, so they are cached, up to
   * {@link ACCOUNT_CACHE_ENTRIES_MAX} of them with the oldest forgotten first: every loan opens
   * accounts of its own, and a process that lives through a growing book must not grow with it. The
   * bound is above the accounts that close of business touches over a book of 40,000 loans, so its
   * posts still find theirs here.
   */
  async accounts(codes: readonly string[]): Promise<LedgerAccount[]> {
    const found = new Map<string, LedgerAccount>()
    const missing: string[] = []
    for (const code of new Set(codes)) {
      const cached = this.#accounts.get(code)
      if (cached) found.set(code, cached)
      else missing.push(code)
    }
    if (missing.length > 0) {
      const [rows] = await this.#pool.query<RowDataPacket[]>(
        `SELECT id, code, type, normal_side, category, currency, no_overdraft, restricted, loan_id
         FROM ledger_accounts WHERE code IN (?)`,
        [missing],
      )
      for (const row of rows) {
        const account: LedgerAccount = {
          id: Number(row.id),
          code: row.code,
          type: row.type,
          normalSide: row.normal_side,
          category: row.category,
          currency: row.currency,
          noOverdraft: row.no_overdraft === 1,
          restricted: row.restricted === 1,
          loanId: row.loan_id === null ? null : Number(row.loan_id),
        }
        found.set(account.code, account)
        this.#accounts.set(account.code, account)
        if (this.#accounts.size > ACCOUNT_CACHE_ENTRIES_MAX) {
          this.#accounts.delete(this.#accounts.keys().next().value!)
        }
      }
    }
    return codes.flatMap((code) => found.get(code) ?? [])
  }

  async #resolve(codes: readonly string[]): Promise<Map<string, LedgerAccount>> {
    const found = await this.accounts(codes)
    const byCode = new Map(found.map((account) => [account.code, account]))
    for (const code of codes) {
      if (!byCode.has(code))
        throw new Refusal('account_not_found', `no ledger account ${code}`, { accountCode: code })
    }
    const currencies = new Set(found.map((account) => account.currency))
    if (currencies.size > 1) throw new Refusal('currency_mismatch', `an entry's accounts share one currency`)
    return byCode
  }

  /**
   * Posts a balanced entry exactly once. The same key with the same content returns the first entry
   * (`replayed: true`); the same key with other content is a {@link Conflict}; a key whose post was
   * refused is refused again with the same code.
   */
  async post(entry: EntryInput): Promise<PostedEntry> {
    validateEntry(entry)
    const contentHash = entryContentHash(entry)
    const byCode = await this.#resolve(entry.postings.map((posting) => posting.accountCode))
    const prepared = prepareEntry(entry, contentHash, byCode)
    return new Promise<PostedEntry>((resolve, reject) => this.#posts.push({ ...prepared, resolve, reject }))
  }

  /**
   * Group commit: while {@link BATCHES_IN_FLIGHT_MAX} transactions are running, posts that arrive
   * queue up and go together in the next transaction (one round trip, one commit for many entries).
   * A lone post goes at once, so light load pays no latency for it. A batch's entries are posted in
   * arrival order and the balances it changes are locked in id order, so batches cannot deadlock each
   * other. If a batch fails for any reason it is rolled back and each entry is posted alone, getting
   * its own answer.
   */
  async #flush(batch: QueuedPost[]): Promise<void> {
    if (batch.length > 1) {
      try {
        const entryIds = await this.#postBatch(batch)
        batch.forEach((queued, index) => queued.resolve(postedEntry(queued.entry, entryIds[index]!)))
        return
      } catch {
        // Posted alone below, where each entry gets its own outcome (a refusal, a replay, a success).
      }
    }
    await Promise.all(
      batch.map(async (queued) => {
        try {
          const results = await this.#runBatch([...entryStatements(queued), ...eventStatements([queued])])
          queued.resolve(postedEntry(queued.entry, entryIdOf(queued, results)))
        } catch (error) {
          await this.#afterFailedPost(queued.entry, queued.contentHash, error).then(
            queued.resolve,
            queued.reject,
          )
        }
      }),
    )
  }

  /**
   * Posts many entries in one transaction and one round trip; returns their ids in batch order.
   * Where the server promises consecutive ids to a multi-row INSERT (auto-increment lock mode 0 or 1),
   * the entries go in one INSERT and the postings in another; elsewhere each entry has its own INSERT.
   */
  async #postBatch(batch: QueuedPost[]): Promise<number[]> {
    const statements = batchStatements(batch, await this.#consecutiveIds())
    return statements.entryIds(await this.#runBatch(statements.statements))
  }

  #consecutiveIds(): Promise<number | null> {
    this.#idStep ??= this.#consecutiveIdStep()
    return this.#idStep
  }

  /**
   * With `innodb_autoinc_lock_mode` 0 or 1 (MariaDB's default), a multi-row INSERT gets consecutive ids
   * (`auto_increment_increment` apart), so postings can name their entries without a round trip.
   */
  async #consecutiveIdStep(): Promise<number | null> {
    try {
      const [rows] = await this.#pool.query<RowDataPacket[]>(
        'SELECT @@innodb_autoinc_lock_mode AS mode, @@auto_increment_increment AS step',
      )
      const mode = Number(rows[0]?.mode)
      const step = Number(rows[0]?.step)
      return (mode === 0 || mode === 1) && Number.isSafeInteger(step) && step >= 1 ? step : null
    } catch {
      return null
    }
  }

  async #afterFailedPost(entry: EntryInput, contentHash: string, error: unknown): Promise<PostedEntry> {
    const text = message(error)
    if (errno(error) === 1062 && text.includes('journal_entries_idempotency_key')) {
      const [rows] = await this.#pool.query<RowDataPacket[]>(
        'SELECT id, content_hash, type, business_date FROM journal_entries WHERE idempotency_key = ?',
        [entry.idempotencyKey],
      )
      assert(rows[0], `entry ${entry.idempotencyKey} exists`)
      return replayOf(entry, contentHash, rows[0])
    }
    if (errno(error) === 1062 && text.includes('journal_entries_reversal_of')) {
      throw new Refusal('entry_already_reversed', `entry ${entry.reversalOf} is already reversed`)
    }
    if (text.includes('ledger_post_failed_before')) {
      const [rows] = await this.#pool.query<RowDataPacket[]>(
        'SELECT content_hash, code, detail FROM ledger_failed_posts WHERE idempotency_key = ?',
        [entry.idempotencyKey],
      )
      const failed = rows[0]
      assert(failed, `failed post ${entry.idempotencyKey} is recorded`)
      if (failed.content_hash !== contentHash) {
        throw new Conflict(
          'idempotency_key_reused',
          `entry key ${entry.idempotencyKey} was used for another entry`,
        )
      }
      throw new Refusal(unprocessableCode(failed.code), failed.detail)
    }
    const refusal = refusalFor(error, entry)
    if (refusal) {
      const posted = await this.#recordRefusal(entry, contentHash, refusal)
      if (posted) return replayOf(entry, contentHash, posted)
      throw refusal
    }
    throw error
  }

  /**
   * Records that `entry`'s key was refused, unless a post of the same key got in first (a concurrent
   * duplicate that found the balance it needed): then that entry is the key's answer and is returned.
   * The locking read here and the one in the `journal_entries_not_failed` trigger make the two
   * outcomes exclusive: a key is posted or refused, never both (migration 0013).
   */
  async #recordRefusal(
    entry: EntryInput,
    contentHash: string,
    refusal: Refusal,
  ): Promise<RowDataPacket | undefined> {
    return this.#withConnection(async (conn) => {
      await conn.query('START TRANSACTION')
      await conn.query(
        'INSERT IGNORE INTO ledger_failed_posts (idempotency_key, content_hash, code, detail) VALUES (?, ?, ?, ?)',
        [entry.idempotencyKey, contentHash, refusal.code, refusal.message.slice(0, 500)],
      )
      const [rows] = await conn.query<RowDataPacket[]>(
        'SELECT id, content_hash, type, business_date FROM journal_entries WHERE idempotency_key = ? LOCK IN SHARE MODE',
        [entry.idempotencyKey],
      )
      await conn.query(rows[0] ? 'ROLLBACK' : 'COMMIT')
      return rows[0]
    })
  }

  /**
   * Reserves `amountFen` (two-phase transfer, phase one): the debit account's available balance
   * shrinks at once, nothing is posted until {@link postHold}; {@link voidHold} or expiry releases it.
   */
  async createHold(input: HoldInput): Promise<Hold> {
    if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) {
      throw new Refusal('invalid_amount', `a hold is a whole positive number of fen`)
    }
    const byCode = await this.#resolve([input.debitAccountCode, input.creditAccountCode])
    const debit = byCode.get(input.debitAccountCode)!
    const credit = byCode.get(input.creditAccountCode)!
    try {
      const results = await this.#runBatch([
        {
          sql: `INSERT INTO ledger_holds (idempotency_key, debit_account_id, credit_account_id, amount_fen, entry_type, state, expires_at)
                VALUES (?, ?, ?, ?, ?, 'pending', ?)`,
          params: [input.idempotencyKey, debit.id, credit.id, input.amountFen, input.type, input.expiresAt],
        },
        pendingStatement(debit.id, credit.id, input.amountFen),
      ])
      return {
        holdId: Number((results[0] as ResultSetHeader).insertId),
        state: 'pending',
        amountFen: input.amountFen,
        entryId: null,
      }
    } catch (error) {
      if (errno(error) === 1062) {
        const [rows] = await this.#pool.query<RowDataPacket[]>(
          'SELECT id, debit_account_id, credit_account_id, amount_fen, state, entry_id FROM ledger_holds WHERE idempotency_key = ?',
          [input.idempotencyKey],
        )
        const row = rows[0]
        assert(row, 'hold exists')
        if (
          Number(row.debit_account_id) !== debit.id ||
          Number(row.credit_account_id) !== credit.id ||
          fenFromDb(row.amount_fen) !== input.amountFen
        ) {
          throw new Conflict(
            'idempotency_key_reused',
            `hold key ${input.idempotencyKey} was used for another hold`,
          )
        }
        return {
          holdId: Number(row.id),
          state: row.state,
          amountFen: fenFromDb(row.amount_fen),
          entryId: row.entry_id === null ? null : Number(row.entry_id),
        }
      }
      throw refusalFor(error) ?? error
    }
  }

  /** Phase two: posts the held amount (or less; the rest is released) as an entry, exactly once. */
  async postHold(input: {
    holdId: number
    amountFen?: number
    businessDate: IsoDate
    refs?: EntryInput['refs']
  }): Promise<Hold> {
    return this.#settleHold(input.holdId, 'posted', async (conn, hold) => {
      const amountFen = input.amountFen ?? hold.amountFen
      if (!Number.isSafeInteger(amountFen) || amountFen <= 0 || amountFen > hold.amountFen) {
        throw new Refusal('invalid_amount', `a hold posts 1..${hold.amountFen} fen`)
      }
      const [accountRows] = await conn.query<RowDataPacket[]>(
        'SELECT id, code FROM ledger_accounts WHERE id IN (?)',
        [[hold.debitAccountId, hold.creditAccountId]],
      )
      const codeOf = new Map(accountRows.map((row) => [Number(row.id), String(row.code)]))
      const entry: EntryInput = {
        idempotencyKey: `hold:${input.holdId}`,
        type: hold.entryType,
        businessDate: input.businessDate,
        refs: input.refs,
        postings: [
          { accountCode: codeOf.get(hold.debitAccountId)!, side: 'D', amountFen },
          { accountCode: codeOf.get(hold.creditAccountId)!, side: 'C', amountFen },
        ],
      }
      validateEntry(entry)
      const byCode = await this.#resolve(entry.postings.map((posting) => posting.accountCode))
      const prepared = prepareEntry(entry, entryContentHash(entry), byCode)
      return entryIdOf(prepared, await runStatements(conn, entryStatements(prepared)))
    })
  }

  async voidHold(holdId: number): Promise<Hold> {
    return this.#settleHold(holdId, 'voided', async () => null)
  }

  /** Voids every pending hold whose expiry has passed; returns how many. */
  async expireHolds(now: Date = new Date()): Promise<number> {
    const [rows] = await this.#pool.query<RowDataPacket[]>(
      `SELECT id FROM ledger_holds WHERE state = 'pending' AND expires_at <= ? ORDER BY id LIMIT 1000`,
      [now],
    )
    let expired = 0
    for (const row of rows) {
      const hold = await this.#settleHold(Number(row.id), 'expired', async () => null)
      if (hold.state === 'expired') expired += 1
    }
    return expired
  }

  async #settleHold(
    holdId: number,
    outcome: 'posted' | 'voided' | 'expired',
    postEntry: (
      conn: PoolConnection,
      hold: { amountFen: number; debitAccountId: number; creditAccountId: number; entryType: EntryType },
    ) => Promise<number | null>,
  ): Promise<Hold> {
    return this.#transaction(async (conn) => {
      const [rows] = await conn.query<RowDataPacket[]>(
        'SELECT id, debit_account_id, credit_account_id, amount_fen, entry_type, state, expires_at, entry_id FROM ledger_holds WHERE id = ? FOR UPDATE',
        [holdId],
      )
      const row = rows[0]
      if (!row) throw new Refusal('hold_not_found', `no hold ${holdId}`)
      const current: Hold = {
        holdId,
        state: row.state,
        amountFen: fenFromDb(row.amount_fen),
        entryId: row.entry_id === null ? null : Number(row.entry_id),
      }
      if (current.state === outcome) return current // a retry: already done
      if (current.state !== 'pending')
        throw new Refusal('hold_not_pending', `hold ${holdId} is ${current.state}`)
      if (outcome === 'posted' && new Date(row.expires_at) <= new Date()) {
        throw new Refusal(
          'hold_expired',
          `hold ${holdId} expired at ${new Date(row.expires_at).toISOString()}`,
        )
      }
      const hold = {
        amountFen: current.amountFen,
        debitAccountId: Number(row.debit_account_id),
        creditAccountId: Number(row.credit_account_id),
        entryType: row.entry_type as EntryType,
      }
      const release = pendingStatement(hold.debitAccountId, hold.creditAccountId, -hold.amountFen)
      await runStatements(conn, [release])
      const entryId = await postEntry(conn, hold)
      await conn.query('UPDATE ledger_holds SET state = ?, entry_id = ? WHERE id = ?', [
        outcome,
        entryId,
        holdId,
      ])
      return { ...current, state: outcome, entryId }
    })
  }

  /**
   * Runs `work` as one transaction on a ledger connection, committing what it ran with `commit: true`
   * (or, if it did not, after it returns), rolling back if it throws. Deadlocks and lock-wait timeouts
   * run `work` again from the start (so it must decide from what it reads, as a transaction should).
   * If an entry of the transaction is refused by the database (an overdraft, the restricted fence, a
   * key refused before), the refusal is recorded against its key as {@link post} records it and thrown
   * as the same {@link Refusal}.
   */
  async transaction<T>(work: (tx: LedgerTransaction) => Promise<T>): Promise<T> {
    let posted: { entry: EntryInput; contentHash: string } | undefined
    try {
      return await this.#withConnection(async (conn) => {
        posted = undefined
        let open = false
        let committed = false
        const tx: LedgerTransaction = {
          run: async (statements, options = {}) => {
            assert(!committed, 'the ledger transaction is already committed')
            const begin = open ? [] : [{ sql: 'START TRANSACTION', params: [] }]
            const end = options.commit ? [{ sql: 'COMMIT', params: [] }] : []
            const results = await runStatements(conn, [...begin, ...statements, ...end])
            open = true
            committed = options.commit === true
            return results.slice(begin.length, begin.length + statements.length)
          },
          entry: async (entry) => {
            assert(posted === undefined, 'one entry per ledger transaction')
            validateEntry(entry)
            const contentHash = entryContentHash(entry)
            const byCode = await this.#resolve(entry.postings.map((posting) => posting.accountCode))
            const prepared = prepareEntry(entry, contentHash, byCode)
            posted = { entry, contentHash }
            return {
              statements: [...entryStatements(prepared), ...eventStatements([prepared])],
              entryId: (results) => entryIdOf(prepared, results),
            }
          },
          entries: async (entries) => {
            const prepared = await Promise.all(
              entries.map(async (entry) => {
                validateEntry(entry)
                const byCode = await this.#resolve(entry.postings.map((posting) => posting.accountCode))
                return prepareEntry(entry, entryContentHash(entry), byCode)
              }),
            )
            return batchStatements(prepared, await this.#consecutiveIds())
          },
        }
        const result = await work(tx)
        if (open && !committed) await conn.query('COMMIT')
        return result
      })
    } catch (error) {
      // What the database refused of the entry answers as a refused post does (recorded against its
      // key, so a later post under it is refused the same way); the caller's own refusals pass through.
      const code = errno(error)
      if (posted && code !== undefined && code !== 1062) {
        await this.#afterFailedPost(posted.entry, posted.contentHash, error)
      }
      throw error
    }
  }

  /** Runs statements as one transaction in one round trip: START TRANSACTION; …; COMMIT. */
  async #runBatch(statements: Statement[]): Promise<unknown[]> {
    return this.#withConnection(async (conn) => {
      const sqlText = ['START TRANSACTION', ...statements.map((statement) => statement.sql), 'COMMIT'].join(
        ';\n',
      )
      const [results] = await conn.query(
        sqlText,
        statements.flatMap((statement) => statement.params),
      )
      const list = results as unknown[]
      assert(list.length === statements.length + 2, 'one result per statement')
      return list.slice(1, -1) // the statements' own results, without START TRANSACTION and COMMIT
    })
  }

  async #transaction<T>(work: (conn: PoolConnection) => Promise<T>): Promise<T> {
    try {
      return await this.#withConnection(async (conn) => {
        await conn.query('START TRANSACTION')
        const result = await work(conn)
        await conn.query('COMMIT')
        return result
      })
    } catch (error) {
      throw refusalFor(error) ?? error
    }
  }

  /**
   * Runs one transaction's work on a pooled connection; on failure rolls back, and retries deadlocks
   * and lock-wait timeouts (bounded, with jitter). A connection that cannot roll back is destroyed.
   */
  async #withConnection<T>(work: (conn: PoolConnection) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const conn = await this.#pool.getConnection()
      let destroyed = false
      try {
        return await work(conn)
      } catch (error) {
        await conn.query('ROLLBACK').catch(() => {
          destroyed = true
          conn.destroy()
        })
        if (!TRANSIENT_ERRNOS.has(errno(error) ?? 0) || attempt >= DEADLOCK_RETRIES_MAX) throw error
        await sleep(DEADLOCK_BACKOFF_MS * (attempt + 1) * Math.random())
      } finally {
        if (!destroyed) conn.release()
      }
    }
  }
}

async function runStatements(conn: PoolConnection, statements: Statement[]): Promise<unknown[]> {
  const [results] = await conn.query(
    statements.map((statement) => statement.sql).join(';\n'),
    statements.flatMap((statement) => statement.params),
  )
  return statements.length === 1 ? [results] : (results as unknown[])
}

function prepareEntry(
  entry: EntryInput,
  contentHash: string,
  byCode: Map<string, LedgerAccount>,
): PreparedEntry {
  const postings = entry.postings.map((posting) => {
    const account = byCode.get(posting.accountCode)!
    return { accountId: account.id, side: posting.side, amountFen: posting.amountFen, account }
  })
  const deltas = accountDeltas(postings)
  const byId = new Map([...byCode.values()].map((account) => [account.id, account]))
  const guarded = deltas.map((delta) => {
    const account = byId.get(delta.accountId)!
    return { noOverdraft: account.noOverdraft, normalSide: account.normalSide }
  })
  return { entry, contentHash, postings, deltas, guarded }
}

const ENTRY_COLUMNS =
  'idempotency_key, type, business_date, content_hash, description, loan_id, purchase_id, delivery_id, claim_id, reversal_of'
const ENTRY_VALUES = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'

function entryRow(entry: EntryInput, contentHash: string): unknown[] {
  const refs = entry.refs ?? {}
  return [
    entry.idempotencyKey,
    entry.type,
    entry.businessDate,
    contentHash,
    entry.description?.slice(0, 255) ?? null,
    refs.loanId ?? null,
    refs.purchaseId ?? null,
    refs.deliveryId ?? null,
    refs.claimId ?? null,
    entry.reversalOf ?? null,
  ]
}

/** One UPDATE adding per-account debits and credits to the posted columns (rows visited in id order). */
function balanceUpdate(deltas: readonly AccountDelta[]): Statement {
  const sorted = [...deltas].sort((a, b) => a.accountId - b.accountId)
  const cases = sorted.map(() => 'WHEN ? THEN ?').join(' ')
  return {
    sql: `UPDATE ledger_accounts
          SET debits_posted_fen = debits_posted_fen + CASE id ${cases} ELSE 0 END,
              credits_posted_fen = credits_posted_fen + CASE id ${cases} ELSE 0 END
          WHERE id IN (?)`,
    params: [
      ...sorted.flatMap((delta) => [delta.accountId, delta.debitsFen]),
      ...sorted.flatMap((delta) => [delta.accountId, delta.creditsFen]),
      sorted.map((delta) => delta.accountId),
    ],
  }
}

/**
 * The statements that post `batch` in one transaction, in order, and how to read the entries' ids
 * from their results. With consecutive ids (`idStep`, see `#consecutiveIdStep`) the entries go in one
 * INSERT and the postings in another; without, each entry has its own statements.
 */
function batchStatements(
  batch: readonly PreparedEntry[],
  idStep: number | null,
): { statements: Statement[]; entryIds: (results: unknown[]) => number[] } {
  if (idStep === null) {
    return {
      statements: [lockStatement(batch), ...batch.flatMap(entryStatements), ...eventStatements(batch)],
      entryIds: (results) =>
        batch.map((prepared, index) => entryIdOf(prepared, results.slice(1 + index * 3, 4 + index * 3))),
    }
  }
  const balances = balanceStatements(batch)
  return {
    statements: [
      {
        sql: `INSERT INTO journal_entries (${ENTRY_COLUMNS}) VALUES ${batch.map(() => ENTRY_VALUES).join(', ')}`,
        params: batch.flatMap((prepared) => entryRow(prepared.entry, prepared.contentHash)),
      },
      ...balances.statements,
      postingsStatement(batch, idStep),
      ...eventStatements(batch),
    ],
    entryIds: (results) => {
      balances.check(results.slice(1, 1 + balances.statements.length))
      const inserted = results[0] as ResultSetHeader
      assert(inserted.affectedRows === batch.length, 'every entry inserted')
      return batch.map((_, index) => Number(inserted.insertId) + index * idStep)
    },
  }
}

/** Locks every account of a batch, in id order, before its entries change them one by one. */
function lockStatement(batch: readonly PreparedEntry[]): Statement {
  const accountIds = [
    ...new Set(batch.flatMap((queued) => queued.deltas.map((delta) => delta.accountId))),
  ].sort((a, b) => a - b)
  return {
    sql: 'SELECT id FROM ledger_accounts WHERE id IN (?) ORDER BY id FOR UPDATE',
    params: [accountIds],
  }
}

/**
 * The balance statements of a multi-row batch. The CHECK constraint sees only the balance after each
 * statement, so summing the batch into one UPDATE is the same as applying its entries in order only
 * when no `no_overdraft` account both gains and loses within the batch (then its balance moves one
 * way, and the end is its lowest point). Otherwise the batch locks its accounts in id order and then
 * applies each entry's UPDATE in turn, so every entry is checked against the entries before it.
 */
function balanceStatements(batch: readonly PreparedEntry[]): {
  statements: Statement[]
  check: (results: unknown[]) => void
} {
  const directions = new Map<number, number>()
  let monotone = true
  const sums = new Map<number, AccountDelta>()
  for (const prepared of batch) {
    prepared.deltas.forEach((delta, index) => {
      const sum = sums.get(delta.accountId) ?? { accountId: delta.accountId, debitsFen: 0, creditsFen: 0 }
      sum.debitsFen += delta.debitsFen
      sum.creditsFen += delta.creditsFen
      sums.set(delta.accountId, sum)
      const guard = prepared.guarded[index]!
      if (!guard.noOverdraft) return
      const change = Math.sign(
        guard.normalSide === 'D' ? delta.debitsFen - delta.creditsFen : delta.creditsFen - delta.debitsFen,
      )
      if (change === 0) return
      const seen = directions.get(delta.accountId)
      if (seen !== undefined && seen !== change) monotone = false
      directions.set(delta.accountId, change)
    })
  }
  if (monotone) {
    return {
      statements: [balanceUpdate([...sums.values()])],
      check: (results) =>
        assert((results[0] as ResultSetHeader).affectedRows === sums.size, 'every account balance moved'),
    }
  }
  return {
    statements: [lockStatement(batch), ...batch.map((prepared) => balanceUpdate(prepared.deltas))],
    check: (results) =>
      batch.forEach((prepared, index) =>
        assert(
          (results[1 + index] as ResultSetHeader).affectedRows === prepared.deltas.length,
          'every account balance moved',
        ),
      ),
  }
}

/**
 * One multi-row INSERT of the postings of `entries`. Their ids are `LAST_INSERT_ID()` plus `idStep`
 * per entry: the first id the INSERT of the entries generated, which the balance UPDATE leaves alone
 * and which does not change while this statement generates ids of its own. Each posting carries copies of its entry's type and loan and of its account's
 * restricted flag, category and loan: foreign keys check the copies, a CHECK constraint the fence.
 */
function postingsStatement(entries: readonly PreparedEntry[], idStep: number): Statement {
  const rows = entries.flatMap((prepared, index) =>
    prepared.postings.map((posting) => [
      index * idStep,
      posting.accountId,
      posting.side,
      posting.amountFen,
      prepared.entry.businessDate,
      prepared.entry.type,
      prepared.entry.refs?.loanId ?? null,
      posting.account.restricted,
      posting.account.category,
      posting.account.loanId,
    ]),
  )
  return {
    sql: `INSERT INTO ledger_postings (entry_id, account_id, side, amount_fen, business_date, entry_type,
            entry_loan_id, account_restricted, account_category, account_loan_id)
          VALUES ${rows.map(() => '(LAST_INSERT_ID() + ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
    params: rows.flat(),
  }
}

/** The outbox rows of the entries' events, in their transaction (a key written before is skipped). */
function eventStatements(entries: readonly PreparedEntry[]): Statement[] {
  const rows = entries.flatMap((prepared) => (prepared.entry.events ?? []).map(eventRow))
  if (rows.length === 0) return []
  return [
    {
      sql: `INSERT IGNORE INTO events (event_key, type, business_date, loan_id, merchant_id, farmer_id, supplier_id,
              offtaker_id, insurer_id, subject, data)
            VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      params: rows.flatMap((row) => [
        row.eventKey,
        row.type,
        row.businessDate,
        row.loanId,
        row.merchantId,
        row.farmerId,
        row.supplierId,
        row.offtakerId,
        row.insurerId,
        row.subject,
        row.data,
      ]),
    },
  ]
}

/** INSERT entry, UPDATE balances (one statement, ascending ids), INSERT postings naming the entry. */
function entryStatements(prepared: PreparedEntry): Statement[] {
  return [
    {
      sql: `INSERT INTO journal_entries (${ENTRY_COLUMNS}) VALUES ${ENTRY_VALUES}`,
      params: entryRow(prepared.entry, prepared.contentHash),
    },
    balanceUpdate(prepared.deltas),
    postingsStatement([prepared], 1),
  ]
}

/** Reads an entry's id from the results of its {@link entryStatements}, asserting every balance moved. */
function entryIdOf(prepared: PreparedEntry, results: unknown[]): number {
  const balances = results[1] as ResultSetHeader
  assert(balances.affectedRows === prepared.deltas.length, 'every account balance moved')
  return Number((results[0] as ResultSetHeader).insertId)
}

/** Moves `amountFen` into (or, negative, out of) the pending columns of a hold's two accounts. */
function pendingStatement(debitAccountId: number, creditAccountId: number, amountFen: number): Statement {
  return {
    sql: `UPDATE ledger_accounts
          SET debits_pending_fen = debits_pending_fen + CASE id WHEN ? THEN ? ELSE 0 END,
              credits_pending_fen = credits_pending_fen + CASE id WHEN ? THEN ? ELSE 0 END
          WHERE id IN (?)`,
    params: [debitAccountId, amountFen, creditAccountId, amountFen, [debitAccountId, creditAccountId]],
  }
}

/** The answer to a post whose key already has an entry: a replay of it, or a Conflict if it differs. */
function replayOf(entry: EntryInput, contentHash: string, existing: RowDataPacket): PostedEntry {
  if (existing.content_hash !== contentHash) {
    throw new Conflict(
      'idempotency_key_reused',
      `entry key ${entry.idempotencyKey} was used for another entry`,
    )
  }
  return {
    entryId: Number(existing.id),
    idempotencyKey: entry.idempotencyKey,
    type: existing.type,
    businessDate: existing.business_date,
    replayed: true,
  }
}

/** Maps what the database refused to the refusal a client can rely on; undefined when it is no refusal. */
function refusalFor(error: unknown, entry?: EntryInput): Refusal | undefined {
  if (error instanceof Refusal || error instanceof Conflict || error instanceof AssertionError) {
    return error instanceof Refusal ? error : undefined
  }
  const text = message(error)
  if (text.includes('ledger_accounts_no_overdraft')) {
    return new Refusal('insufficient_funds', 'The account does not hold enough to cover this movement.')
  }
  if (text.includes('restricted_funds_not_withdrawable')) {
    return new Refusal(
      'restricted_funds_not_withdrawable',
      `Restricted funds can only buy eligible farm inputs or repay their own loan${entry ? ` (entry type ${entry.type})` : ''}.`,
    )
  }
  return undefined
}
