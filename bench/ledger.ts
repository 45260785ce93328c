/**
 * Ledger benchmarks: balanced two-posting entries per second through the real posting service, and
 * `verifyLedger` over a million postings.
 */
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { isoDate } from '../src/kernel/business-date.js'
import { accounts } from '../src/ledger/chart-of-accounts.js'
import { verifyLedger } from '../src/ledger/ledger-verifier.js'
import { type BenchEnv, fmt, perSecond, runConcurrent, summarize, type LatencySummary } from './support.js'

const DAY = isoDate('2026-01-01')
const WALLETS = 256

export type LedgerPostResult = { concurrency: number; entriesPerSecond: number; latency: LatencySummary }

async function openBenchAccounts(env: BenchEnv): Promise<string[]> {
  await env.ledger.openAccount(accounts.lenderEquity())
  const codes: string[] = []
  for (let index = 1; index <= WALLETS; index++) {
    const spec = { ...accounts.merchantWallet(index), code: `bench:${index}:wallet`, noOverdraft: false }
    await env.ledger.openAccount(spec)
    codes.push(spec.code)
  }
  return codes
}

/**
 * `spread`: each entry moves money between two of 256 wallets (little row contention);
 * `hot`: every entry also touches one account (the lender's cash, as every disbursement does).
 */
export async function measureLedgerPosts(
  env: BenchEnv,
  options: { total: number; concurrency: number; shape: 'spread' | 'hot' },
): Promise<LedgerPostResult> {
  const wallets = await openBenchAccounts(env)
  const equity = accounts.lenderEquity().code
  const run = await runConcurrent(options.total, options.concurrency, async (index) => {
    const from = options.shape === 'hot' ? equity : wallets[(index * 7) % WALLETS]!
    const to = wallets[(index * 13 + 1) % WALLETS]!
    await env.ledger.post({
      idempotencyKey: `bench:${randomUUID()}`,
      type: 'transfer',
      businessDate: DAY,
      postings: [
        { accountCode: from === to ? equity : from, side: 'D', amountFen: 1 + (index % 1000) },
        { accountCode: to, side: 'C', amountFen: 1 + (index % 1000) },
      ],
    })
  })
  return {
    concurrency: options.concurrency,
    entriesPerSecond: perSecond(options.total, run.wallMs),
    latency: summarize(run.latenciesMs),
  }
}

/** Loads `postingCount` postings in bulk (balanced entries, balances set to match), then times the verifier. */
export async function measureVerify(
  env: BenchEnv,
  postingCount: number,
): Promise<{ postings: number; verifyMs: number; ok: boolean }> {
  const wallets = await openBenchAccounts(env)
  const ids = await env.db
    .selectFrom('ledgerAccounts')
    .select(['id', 'code'])
    .where('code', 'in', wallets)
    .execute()
  const accountIds = ids.map((row) => Number(row.id))
  const { rows } = await sql<{ next: number | null }>`SELECT MAX(id) AS next FROM journal_entries`.execute(
    env.db,
  )
  let entryId = Number(rows[0]?.next ?? 0)
  const ENTRIES_PER_BATCH = 2_500
  const entryCount = Math.ceil(postingCount / 2)
  for (let done = 0; done < entryCount; done += ENTRIES_PER_BATCH) {
    const batch = Math.min(ENTRIES_PER_BATCH, entryCount - done)
    const entries: string[] = []
    const postings: string[] = []
    for (let i = 0; i < batch; i++) {
      entryId += 1
      const from = accountIds[(entryId * 7) % accountIds.length]!
      const to = accountIds[(entryId * 13 + 1) % accountIds.length]!
      const amountFen = 1 + (entryId % 997)
      entries.push(`(${entryId}, 'bulk:${entryId}', 'transfer', '2026-01-01', 'bulk')`)
      // The fence's copies of the entry's and the account's attributes (bench wallets: unrestricted).
      const copies = `'transfer', NULL, 0, 'merchant_wallet', NULL`
      postings.push(
        `(${entryId}, ${from}, 'D', ${amountFen}, '2026-01-01', ${copies})`,
        `(${entryId}, ${to}, 'C', ${amountFen}, '2026-01-01', ${copies})`,
      )
    }
    await sql
      .raw(
        `INSERT INTO journal_entries (id, idempotency_key, type, business_date, content_hash) VALUES ${entries.join(',')}`,
      )
      .execute(env.db)
    await sql
      .raw(
        `INSERT INTO ledger_postings (entry_id, account_id, side, amount_fen, business_date, entry_type, entry_loan_id, account_restricted, account_category, account_loan_id) VALUES ${postings.join(',')}`,
      )
      .execute(env.db)
  }
  await sql`
    UPDATE ledger_accounts a JOIN (
      SELECT account_id, SUM(CASE WHEN side = 'D' THEN amount_fen ELSE 0 END) AS d,
             SUM(CASE WHEN side = 'C' THEN amount_fen ELSE 0 END) AS c
      FROM ledger_postings GROUP BY account_id) p ON p.account_id = a.id
    SET a.debits_posted_fen = p.d, a.credits_posted_fen = p.c`.execute(env.db)
  const result = await verifyLedger(env.db)
  return { postings: result.counts.postings, verifyMs: result.durationMs, ok: result.ok }
}

export function printLedgerPosts(
  result: LedgerPostResult,
  shape: string,
  baselineInsertsPerSecond: number,
): void {
  console.log(
    `  ledger post (${shape}), ${result.concurrency} posters: ${fmt(result.entriesPerSecond)} entries/s ` +
      `= ${fmt(result.entriesPerSecond / baselineInsertsPerSecond, 2)} × raw inserts; ` +
      `p50 ${fmt(result.latency.p50Ms, 2)} ms, p99 ${fmt(result.latency.p99Ms, 2)} ms (n=${result.latency.count})`,
  )
}
