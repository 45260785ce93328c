/**
 * Reconciliation (issue 17, item 8): every counterparty's ledger balance against its open documents.
 * The ledger verifier proves the books add up; this proves they agree with the world's paper: what a
 * supplier is owed is its purchases less refunds less the settlements made of them, what is in
 * transit to its bank is its pending settlements, an insurer's premiums withheld are the premiums of
 * the disbursed loans it backs less their settlements, and so on. Each check reads one ledger
 * category and the documents that explain it, per party, in two queries; a party with a balance and
 * no documents (or documents and no account) is compared against zero, so neither side can hide.
 * `npm run reconcile` and `GET /v1/reconciliation` run the same checks.
 * @module
 */
import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import { fenFromDb } from '../kernel/money.js'
import type { AccountCategory } from '../ledger/chart-of-accounts.js'
import { categoryBalances } from '../ledger/ledger-repository.js'
import { getBusinessDate } from '../system/business-date-service.js'

export type ReconciledParty = 'supplier' | 'insurer' | 'offtaker' | 'farmer'

/** A party whose ledger balance disagrees with its documents. */
export type ReconciliationBreak = {
  party: ReconciledParty
  partyId: number
  /** The ledger account, e.g. `supplier:7:payable`. */
  account: string
  ledgerFen: number
  documentsFen: number
  /** Ledger less documents. */
  differenceFen: number
  /** What the documents figure is made of. */
  documents: string
}

export type Reconciliation = {
  ok: boolean
  asOf: string
  /** Party accounts compared (one per party and check). */
  checkedAccounts: number
  breaks: ReconciliationBreak[]
  durationMs: number
}

/** One check: a ledger category, the party its codes name, and the documents that explain it. */
type Check = {
  party: ReconciledParty
  category: AccountCategory
  /** The account code of a party (the one the chart of accounts opens). */
  code: (partyId: number) => string
  documents: string
  /** What the documents say the balance should be, per party id (parties without documents absent). */
  expected: (db: Db) => Promise<Map<number, number>>
}

const byParty = (rows: Array<{ partyId: number | string; fen: number | string | null }>) =>
  new Map(rows.map((row) => [Number(row.partyId), fenFromDb(row.fen ?? 0)]))

/** Settlements of one kind of party that took money out of what the lender owes it. */
const settledSql = (column: 'supplier_id' | 'insurer_id', statuses: readonly string[]) => sql<{
  partyId: number
  fen: string
}>`
  SELECT ${sql.ref(column)} AS party_id, SUM(amount_fen) AS fen FROM settlements
  WHERE ${sql.ref(column)} IS NOT NULL AND status IN (${sql.join(statuses)})
  GROUP BY ${sql.ref(column)}`

const CHECKS: Check[] = [
  {
    party: 'supplier',
    category: 'supplier_payable',
    code: (id) => `supplier:${id}:payable`,
    documents: 'purchases paid − refunds − settlements pending or paid',
    async expected(db) {
      const { rows: sold } = await sql<{ partyId: number; fen: string }>`
        SELECT supplier_id AS party_id, SUM(amount_fen - refunded_fen) AS fen FROM purchases
        WHERE status IN ('paid', 'refunded') GROUP BY supplier_id`.execute(db)
      const { rows: settled } = await settledSql('supplier_id', ['pending', 'paid']).execute(db)
      return minus(byParty(sold), byParty(settled))
    },
  },
  {
    party: 'supplier',
    category: 'supplier_settlement',
    code: (id) => `supplier:${id}:settling`,
    documents: 'settlements pending',
    async expected(db) {
      return byParty((await settledSql('supplier_id', ['pending']).execute(db)).rows)
    },
  },
  {
    party: 'insurer',
    category: 'premium_payable',
    code: (id) => `insurer:${id}:premium-payable`,
    documents: 'premiums withheld from disbursed loans − settlements pending or paid',
    async expected(db) {
      const { rows: withheld } = await sql<{ partyId: number; fen: string }>`
        SELECT p.insurer_id AS party_id, SUM(p.premium_fen) AS fen
        FROM loans l JOIN guarantee_policies p ON p.id = l.policy_id
        WHERE l.product = 'agri' AND l.disbursed_on IS NOT NULL AND p.premium_deducted = 1
        GROUP BY p.insurer_id`.execute(db)
      const { rows: settled } = await settledSql('insurer_id', ['pending', 'paid']).execute(db)
      return minus(byParty(withheld), byParty(settled))
    },
  },
  {
    party: 'insurer',
    category: 'insurer_settlement',
    code: (id) => `insurer:${id}:settling`,
    documents: 'settlements pending',
    async expected(db) {
      return byParty((await settledSql('insurer_id', ['pending']).execute(db)).rows)
    },
  },
  {
    party: 'offtaker',
    category: 'offtaker_proceeds_due',
    code: (id) => `offtaker:${id}:proceeds-due`,
    documents: 'deliveries: proceeds − what the offtaker paid of them',
    async expected(db) {
      const { rows } = await sql<{ partyId: number; fen: string }>`
        SELECT c.offtaker_id AS party_id, SUM(d.proceeds_fen - d.paid_fen) AS fen
        FROM deliveries d JOIN offtake_contracts c ON c.id = d.contract_id
        WHERE d.status <> 'paid' GROUP BY c.offtaker_id`.execute(db)
      return byParty(rows)
    },
  },
]

function minus(a: Map<number, number>, b: Map<number, number>): Map<number, number> {
  const result = new Map(a)
  for (const [id, fen] of b) result.set(id, (result.get(id) ?? 0) - fen)
  return result
}

/** Balances of every account of a category, by the party id its code names. */
async function ledgerByParty(db: Db, check: Check): Promise<Map<number, { code: string; fen: number }>> {
  const balances = new Map<number, { code: string; fen: number }>()
  for (const row of await categoryBalances(db, check.category)) {
    const partyId = Number(/^[a-z]+:(\d+):/.exec(row.code)?.[1])
    if (Number.isSafeInteger(partyId)) balances.set(partyId, { code: row.code, fen: row.balanceFen })
  }
  return balances
}

/**
 * Runs every check; `ok` when no party's balance differs from its documents. Breaks are listed in
 * check order, then by party id, so the first one is the same on every run over the same data.
 */
export async function reconcile(db: Db): Promise<Reconciliation> {
  const started = performance.now()
  const asOf = await getBusinessDate(db)
  const breaks: ReconciliationBreak[] = []
  let checkedAccounts = 0
  for (const check of CHECKS) {
    const [ledger, expected] = await Promise.all([ledgerByParty(db, check), check.expected(db)])
    const partyIds = [...new Set([...ledger.keys(), ...expected.keys()])].sort((a, b) => a - b)
    for (const partyId of partyIds) {
      checkedAccounts += 1
      const ledgerFen = ledger.get(partyId)?.fen ?? 0
      const documentsFen = expected.get(partyId) ?? 0
      if (ledgerFen === documentsFen) continue
      breaks.push({
        party: check.party,
        partyId,
        account: ledger.get(partyId)?.code ?? check.code(partyId),
        ledgerFen,
        documentsFen,
        differenceFen: ledgerFen - documentsFen,
        documents: check.documents,
      })
    }
  }
  return {
    ok: breaks.length === 0,
    asOf,
    checkedAccounts,
    breaks,
    durationMs: Math.round(performance.now() - started),
  }
}

/** One line naming a break, for the command and for test failures. */
export function describeBreak(found: ReconciliationBreak): string {
  return `${found.account}: ledger ${found.ledgerFen} fen, documents ${found.documentsFen} fen (${found.documents}); difference ${found.differenceFen} fen`
}
