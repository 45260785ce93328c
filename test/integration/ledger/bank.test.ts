/**
 * Jepsen's bank test against the real ledger: wallets that may not overdraw, random transfers between
 * them from many concurrent posters (most through the ledger's group commit, some too large to be
 * paid), and at the same time readers that take consistent snapshots in three ways a user of the
 * system can: one SELECT, a multi-statement REPEATABLE READ transaction (stored balances and the
 * same balances re-derived from postings, in one snapshot) and `GET /v1/ledger/trial-balance`.
 * Every read must see the same total and no negative wallet; afterwards each wallet must equal what
 * the accepted transfers imply, and the ledger must verify.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createRandom } from '../../../src/credit/random.js'
import { Refusal } from '../../../src/kernel/errors.js'
import type { AccountSpec } from '../../../src/ledger/chart-of-accounts.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { DAY, expectLedgerClean, move, open } from '../../support/ledger.js'

const WALLET_COUNT = 6
const OPENING_BALANCE_FEN = 10_000
const TOTAL_FEN = WALLET_COUNT * OPENING_BALANCE_FEN
const POSTERS = 12
const TRANSFERS_PER_POSTER = 60
/** Up to a third of a wallet's opening balance, so wallets drain and some transfers are refused. */
const TRANSFER_FEN_MAX = 4_000
const SEED = Number(process.env.BANK_SEED ?? Date.now() % 2 ** 31)

let h: Harness
let officerKey: string
const wallets: AccountSpec[] = Array.from({ length: WALLET_COUNT }, (_, index) => ({
  code: `bank:wallet:${index}`,
  type: 'liability',
  category: 'merchant_wallet',
  noOverdraft: true,
  restricted: false,
  loanId: null,
}))
const source: AccountSpec = {
  code: 'bank:source',
  type: 'equity',
  category: 'equity',
  noOverdraft: false,
  restricted: false,
  loanId: null,
}

beforeAll(async () => {
  h = await startHarness({ worker: false })
  officerKey = await h.keyFor('officer')
  await open(h.ledger, source, ...wallets)
  for (const wallet of wallets) {
    await move(h.ledger, { debit: source.code, credit: wallet.code, amountFen: OPENING_BALANCE_FEN })
  }
})
afterAll(async () => h?.close())

type Read = { how: string; balancesFen: number[] }

/** Balances of the bank's wallets (credit-normal) in one statement. */
async function readOneStatement(): Promise<Read> {
  const rows = await h.db
    .selectFrom('ledgerAccounts')
    .select(['code', 'debitsPostedFen', 'creditsPostedFen'])
    .where('code', 'like', 'bank:wallet:%')
    .orderBy('code')
    .execute()
  return { how: 'one SELECT', balancesFen: rows.map((row) => row.creditsPostedFen - row.debitsPostedFen) }
}

/**
 * One REPEATABLE READ transaction, one statement per wallet, then the postings summed in the same
 * snapshot: the stored balances and the re-derived ones must agree (a pair assertion).
 */
async function readSnapshot(): Promise<Read[]> {
  return h.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const stored: number[] = []
      for (const wallet of wallets) {
        const row = await trx
          .selectFrom('ledgerAccounts')
          .select(['debitsPostedFen', 'creditsPostedFen'])
          .where('code', '=', wallet.code)
          .executeTakeFirstOrThrow()
        stored.push(row.creditsPostedFen - row.debitsPostedFen)
      }
      const derived = await sql<{ code: string; balanceFen: string }>`
        SELECT a.code, COALESCE(SUM(CASE WHEN p.side = 'C' THEN p.amount_fen ELSE -p.amount_fen END), 0) AS balance_fen
        FROM ledger_accounts a LEFT JOIN ledger_postings p ON p.account_id = a.id
        WHERE a.code LIKE 'bank:wallet:%' GROUP BY a.code ORDER BY a.code`.execute(trx)
      return [
        { how: 'snapshot, stored', balancesFen: stored },
        { how: 'snapshot, from postings', balancesFen: derived.rows.map((row) => Number(row.balanceFen)) },
      ]
    })
}

async function readTrialBalance(): Promise<Read> {
  const response = await h.request('GET', '/v1/ledger/trial-balance', { key: officerKey })
  expect(response.status).toBe(200)
  expect(response.body.totalDebitsFen).toBe(response.body.totalCreditsFen)
  const byCode = new Map<string, number>(
    response.body.accounts.map((account: { code: string; balanceFen: number }) => [
      account.code,
      account.balanceFen,
    ]),
  )
  return { how: 'trial balance', balancesFen: wallets.map((wallet) => byCode.get(wallet.code) ?? 0) }
}

it(`keeps every snapshot's total and no wallet negative while transfers race (seed ${SEED})`, async () => {
  const random = createRandom(SEED)
  // Drawn up front, so the seed alone fixes the workload whatever the interleaving.
  const plans = Array.from({ length: POSTERS }, () =>
    Array.from({ length: TRANSFERS_PER_POSTER }, () => {
      const from = random.int(0, WALLET_COUNT - 1)
      const to = (from + random.int(1, WALLET_COUNT - 1)) % WALLET_COUNT
      return { from, to, amountFen: random.int(1, TRANSFER_FEN_MAX) }
    }),
  )
  const netFen = wallets.map(() => 0)
  let accepted = 0
  let refused = 0
  let postersDone = 0

  const posters = plans.map(async (plan) => {
    for (const transfer of plan) {
      try {
        await move(h.ledger, {
          debit: wallets[transfer.from]!.code,
          credit: wallets[transfer.to]!.code,
          amountFen: transfer.amountFen,
        })
        netFen[transfer.from]! -= transfer.amountFen
        netFen[transfer.to]! += transfer.amountFen
        accepted += 1
      } catch (error) {
        if (!(error instanceof Refusal) || error.code !== 'insufficient_funds') throw error
        refused += 1
      }
    }
    postersDone += 1
  })

  const reads: Read[] = []
  const readers = [readOneStatement, readSnapshot, readTrialBalance].map(async (read) => {
    // Read until the last poster is done, then once more over the final state.
    do {
      const result = await read()
      reads.push(...(Array.isArray(result) ? result : [result]))
    } while (postersDone < POSTERS)
    const final = await read()
    reads.push(...(Array.isArray(final) ? final : [final]))
  })
  await Promise.all([...posters, ...readers])

  const anomalies = reads.filter(
    (read) =>
      read.balancesFen.reduce((sum, fen) => sum + fen, 0) !== TOTAL_FEN ||
      read.balancesFen.some((fen) => fen < 0),
  )
  expect(anomalies, `seed ${SEED}`).toEqual([])
  expect(reads.length).toBeGreaterThan(3 * 4) // the readers really ran alongside the posters
  expect(accepted + refused).toBe(POSTERS * TRANSFERS_PER_POSTER)
  expect(accepted).toBeGreaterThan(0)
  expect(refused).toBeGreaterThan(0) // the workload really pressed on the overdraft check

  const final = await readOneStatement()
  expect(final.balancesFen, `seed ${SEED}`).toEqual(netFen.map((fen) => OPENING_BALANCE_FEN + fen))
  const transfers = await h.db
    .selectFrom('journalEntries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('type', '=', 'transfer')
    .where('businessDate', '=', DAY)
    .executeTakeFirstOrThrow()
  expect(Number(transfers.n)).toBe(WALLET_COUNT + accepted)
  await expectLedgerClean(h.db)
})
