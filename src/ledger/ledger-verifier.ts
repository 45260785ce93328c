/**
 * Re-derives the ledger from its postings and compares: every check is one set-based query, so it
 * scales with the database, not with JavaScript. Returns the first discrepancy by name.
 * @module
 */
import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import { fenFromDb } from '../kernel/money.js'

export type VerifyResult = {
  ok: boolean
  /** Names the first failed check and what it found; undefined when ok. */
  discrepancy?: string
  checks: string[]
  counts: { accounts: number; entries: number; postings: number }
  durationMs: number
}

type Check = { name: string; run: (db: Db) => Promise<string | undefined> }

const CHECKS: Check[] = [
  {
    name: 'stored balances equal balances replayed from postings',
    async run(db) {
      const { rows } = await sql<{
        code: string
        storedD: string
        storedC: string
        replayD: string
        replayC: string
      }>`
        SELECT a.code, a.debits_posted_fen AS storedD, a.credits_posted_fen AS storedC,
               COALESCE(p.d, 0) AS replayD, COALESCE(p.c, 0) AS replayC
        FROM ledger_accounts a
        LEFT JOIN (
          SELECT account_id,
                 SUM(CASE WHEN side = 'D' THEN amount_fen ELSE 0 END) AS d,
                 SUM(CASE WHEN side = 'C' THEN amount_fen ELSE 0 END) AS c
          -- Every posting is read: one pass in primary-key order, not a walk of the account index
          -- that fetches each row by key (which thrashes once postings outgrow the buffer pool).
          FROM ledger_postings IGNORE INDEX (ledger_postings_account) GROUP BY account_id
        ) p ON p.account_id = a.id
        WHERE a.debits_posted_fen <> COALESCE(p.d, 0) OR a.credits_posted_fen <> COALESCE(p.c, 0)
        ORDER BY a.id LIMIT 1`.execute(db)
      const row = rows[0]
      return row
        ? `account ${row.code}: stored D ${row.storedD} / C ${row.storedC}, replayed D ${row.replayD} / C ${row.replayC}`
        : undefined
    },
  },
  {
    name: 'every entry balances and has at least two postings',
    async run(db) {
      const { rows } = await sql<{ id: number; d: string; c: string; n: number }>`
        SELECT e.id, COALESCE(SUM(CASE WHEN p.side = 'D' THEN p.amount_fen END), 0) AS d,
               COALESCE(SUM(CASE WHEN p.side = 'C' THEN p.amount_fen END), 0) AS c, COUNT(p.id) AS n
        FROM journal_entries e LEFT JOIN ledger_postings p ON p.entry_id = e.id
        GROUP BY e.id
        HAVING d <> c OR n < 2
        ORDER BY e.id LIMIT 1`.execute(db)
      const row = rows[0]
      return row ? `entry ${row.id}: debits ${row.d} ≠ credits ${row.c} or only ${row.n} postings` : undefined
    },
  },
  {
    name: 'trial balance: total debits equal total credits',
    async run(db) {
      const { rows } = await sql<{ d: string | null; c: string | null }>`
        SELECT SUM(debits_posted_fen) AS d, SUM(credits_posted_fen) AS c FROM ledger_accounts`.execute(db)
      const d = fenFromDb(rows[0]?.d)
      const c = fenFromDb(rows[0]?.c)
      return d === c ? undefined : `total debits ${d} ≠ total credits ${c}`
    },
  },
  {
    name: 'no no_overdraft account below zero (held amounts included)',
    async run(db) {
      const { rows } = await sql<{ code: string }>`
        SELECT code FROM ledger_accounts
        WHERE no_overdraft = 1 AND (
          (normal_side = 'C' AND credits_posted_fen - debits_posted_fen - debits_pending_fen < 0) OR
          (normal_side = 'D' AND debits_posted_fen - credits_posted_fen - credits_pending_fen < 0))
        LIMIT 1`.execute(db)
      return rows[0] ? `account ${rows[0].code} is overdrawn` : undefined
    },
  },
  {
    name: 'pending amounts equal the pending holds',
    async run(db) {
      const { rows } = await sql<{ code: string }>`
        SELECT a.code FROM ledger_accounts a
        LEFT JOIN (SELECT debit_account_id AS id, SUM(amount_fen) AS s FROM ledger_holds WHERE state = 'pending' GROUP BY debit_account_id) hd ON hd.id = a.id
        LEFT JOIN (SELECT credit_account_id AS id, SUM(amount_fen) AS s FROM ledger_holds WHERE state = 'pending' GROUP BY credit_account_id) hc ON hc.id = a.id
        WHERE a.debits_pending_fen <> COALESCE(hd.s, 0) OR a.credits_pending_fen <> COALESCE(hc.s, 0)
        LIMIT 1`.execute(db)
      return rows[0] ? `account ${rows[0].code}: pending columns differ from its pending holds` : undefined
    },
  },
  {
    name: 'restricted accounts touched only by their own loan’s allowed entry types',
    async run(db) {
      const { rows } = await sql<{ id: number }>`
        SELECT e.id FROM ledger_postings p
        JOIN ledger_accounts a ON a.id = p.account_id AND a.restricted = 1
        JOIN journal_entries e ON e.id = p.entry_id
        WHERE NOT ((p.side = 'C' AND e.type IN ('agri_disbursement', 'purchase_refund'))
                OR (p.side = 'D' AND e.type IN ('restricted_purchase', 'restricted_sweep', 'restricted_release')))
           OR e.loan_id IS NULL OR e.loan_id <> a.loan_id
        LIMIT 1`.execute(db)
      return rows[0] ? `entry ${rows[0].id} moved restricted money against the rules` : undefined
    },
  },
]

export async function verifyLedger(db: Db): Promise<VerifyResult> {
  const startedAt = performance.now()
  const checks: string[] = []
  let discrepancy: string | undefined
  for (const check of CHECKS) {
    const found = await check.run(db)
    checks.push(`${found ? 'FAIL' : 'ok  '} ${check.name}`)
    if (found) {
      discrepancy = `${check.name}: ${found}`
      break
    }
  }
  const { rows } = await sql<{ accounts: number; entries: number; postings: number }>`
    SELECT (SELECT COUNT(*) FROM ledger_accounts) AS accounts, (SELECT COUNT(*) FROM journal_entries) AS entries,
           (SELECT COUNT(*) FROM ledger_postings) AS postings`.execute(db)
  const counts = rows[0]!
  return {
    ok: discrepancy === undefined,
    discrepancy,
    checks,
    counts: {
      accounts: Number(counts.accounts),
      entries: Number(counts.entries),
      postings: Number(counts.postings),
    },
    durationMs: Math.round(performance.now() - startedAt),
  }
}
