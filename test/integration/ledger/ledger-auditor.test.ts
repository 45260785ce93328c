/**
 * An auditor in the manner of TigerBeetle's: a seeded random workload of concurrent posts, in-batch
 * duplicates, replays and reused keys goes to the real ledger batch by batch, and after every batch
 * each account is checked against a model of what the accepted posts imply. The seed is in the test's
 * name and in every failure; `AUDITOR_SEED=N` replays that workload (the interleaving inside a batch
 * is the database's, so a failure may need a few runs to show again).
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createRandom, type Random } from '../../../src/credit/random.js'
import { Conflict, Refusal } from '../../../src/kernel/errors.js'
import type { AccountSpec } from '../../../src/ledger/chart-of-accounts.js'
import type { PostedEntry } from '../../../src/ledger/ledger-service.js'
import type { EntryInput } from '../../../src/ledger/posting.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { DAY, expectLedgerClean, open, openSourceAndWallets } from '../../support/ledger.js'

const SEED = Number(process.env.AUDITOR_SEED ?? Date.now() % 2 ** 31)
const ACCOUNT_COUNT = 8
const BATCHES = 40
const OPS_PER_BATCH = 32
const AMOUNT_FEN_MAX = 3_000

let h: Harness
beforeAll(async () => {
  h = await startHarness({ worker: false })
})
afterAll(async () => h?.close())

type Op =
  | { kind: 'post'; entry: EntryInput; from: number; to: number; amountFen: number }
  | { kind: 'duplicate'; entry: EntryInput; from: number; to: number; amountFen: number }
  | { kind: 'replay'; earlier: Accepted }
  | { kind: 'reuse'; earlier: Accepted }
  | { kind: 'refused_again'; earlier: { entry: EntryInput; code: string } }

type Accepted = { entry: EntryInput; entryId: number }
type Outcome = { ok: true; posted: PostedEntry } | { ok: false; code: string }

async function outcome(entry: EntryInput): Promise<Outcome> {
  try {
    return { ok: true, posted: await h.ledger.post(entry) }
  } catch (error) {
    if (error instanceof Refusal || error instanceof Conflict) return { ok: false, code: error.code }
    throw error
  }
}

it(`matches the model after every batch of a seeded concurrent workload (seed ${SEED})`, async () => {
  const run = randomUUID().slice(0, 8)
  const specs = await openSourceAndWallets(h.ledger, `audit:${run}`, ACCOUNT_COUNT)
  const random = createRandom(SEED)
  const modelFen = specs.map(() => 0) // credit-normal balances
  const accepted: Accepted[] = []
  const refusedKeys: { entry: EntryInput; code: string }[] = []
  let serial = 0

  const transfer = (from: number, to: number, amountFen: number): EntryInput => ({
    idempotencyKey: `audit:${run}:${SEED}:${(serial += 1)}`,
    type: 'transfer',
    businessDate: DAY,
    postings: [
      { accountCode: specs[from]!.code, side: 'D', amountFen },
      { accountCode: specs[to]!.code, side: 'C', amountFen },
    ],
  })
  const drawOp = (rng: Random): Op => {
    const roll = rng.uniform()
    if (roll < 0.06 && accepted.length > 0)
      return { kind: 'replay', earlier: accepted[rng.int(0, accepted.length - 1)]! }
    if (roll < 0.1 && accepted.length > 0)
      return { kind: 'reuse', earlier: accepted[rng.int(0, accepted.length - 1)]! }
    if (roll < 0.13 && refusedKeys.length > 0) {
      return { kind: 'refused_again', earlier: refusedKeys[rng.int(0, refusedKeys.length - 1)]! }
    }
    // A fifth of the money comes from the source, so wallets refill while others drain.
    const from = rng.bernoulli(0.2) ? 0 : rng.int(1, ACCOUNT_COUNT - 1)
    const to = (from + rng.int(1, ACCOUNT_COUNT - 1)) % ACCOUNT_COUNT
    const amountFen = rng.int(1, AMOUNT_FEN_MAX)
    const kind = rng.bernoulli(0.1) ? 'duplicate' : 'post'
    return { kind, entry: transfer(from, to, amountFen), from, to, amountFen }
  }

  for (let batch = 0; batch < BATCHES; batch += 1) {
    const where = `seed ${SEED}, batch ${batch}`
    const ops = Array.from({ length: OPS_PER_BATCH }, () => drawOp(random))
    const startFen = [...modelFen]
    // Everything of a batch is in flight at once; a duplicate is the same post sent twice.
    const results = await Promise.all(
      ops.map(async (op) => {
        switch (op.kind) {
          case 'post':
          case 'refused_again':
            return [await outcome(op.kind === 'post' ? op.entry : op.earlier.entry)]
          case 'duplicate':
            return Promise.all([outcome(op.entry), outcome(op.entry)])
          case 'replay':
            return [await outcome(op.earlier.entry)]
          case 'reuse': {
            const changed = structuredClone(op.earlier.entry)
            for (const posting of changed.postings) posting.amountFen += 1
            return [await outcome(changed)]
          }
        }
      }),
    )

    const debitedFen = specs.map(() => 0)
    const insufficient: { from: number; amountFen: number }[] = []
    for (const [index, op] of ops.entries()) {
      const answers = results[index]!
      switch (op.kind) {
        case 'post':
        case 'duplicate': {
          const first = answers[0]!
          for (const answer of answers)
            expect(answer.ok, `${where}: ${JSON.stringify(answers)}`).toBe(first.ok)
          if (first.ok) {
            const ids = new Set(answers.map((answer) => (answer.ok ? answer.posted.entryId : -1)))
            expect(ids.size, `${where}: one entry for a key`).toBe(1)
            const fresh = answers.filter((answer) => answer.ok && !answer.posted.replayed)
            expect(fresh, `${where}: posted once, the rest replayed`).toHaveLength(1)
            accepted.push({ entry: op.entry, entryId: first.posted.entryId })
            modelFen[op.from]! -= op.amountFen
            modelFen[op.to]! += op.amountFen
            debitedFen[op.from]! += op.amountFen
          } else {
            for (const answer of answers)
              expect(answer, where).toEqual({ ok: false, code: 'insufficient_funds' })
            expect(op.from, `${where}: the source is never refused`).not.toBe(0)
            insufficient.push({ from: op.from, amountFen: op.amountFen })
            refusedKeys.push({ entry: op.entry, code: 'insufficient_funds' })
          }
          break
        }
        case 'replay':
          expect(answers[0], where).toMatchObject({
            ok: true,
            posted: { entryId: op.earlier.entryId, replayed: true },
          })
          break
        case 'reuse':
          expect(answers[0], where).toEqual({ ok: false, code: 'idempotency_key_reused' })
          break
        case 'refused_again':
          expect(answers[0], `${where}: a refused key stays refused`).toEqual({
            ok: false,
            code: op.earlier.code,
          })
          break
      }
    }
    // A refusal is wrong if the wallet held enough even after every debit of the batch went first.
    for (const refusal of insufficient) {
      expect(
        refusal.amountFen,
        `${where}: refused ${refusal.amountFen} fen from account ${refusal.from} that held ${startFen[refusal.from]}`,
      ).toBeGreaterThan(startFen[refusal.from]! - debitedFen[refusal.from]!)
    }

    const rows = await h.db
      .selectFrom('ledgerAccounts')
      .select(['code', 'debitsPostedFen', 'creditsPostedFen'])
      .where('code', 'like', `audit:${run}:%`)
      .execute()
    const storedFen = specs.map((spec) => {
      const row = rows.find((candidate) => candidate.code === spec.code)!
      return row.creditsPostedFen - row.debitsPostedFen
    })
    expect(storedFen, where).toEqual(modelFen)
    for (const [index, fen] of modelFen.entries())
      if (index !== 0) expect(fen, where).toBeGreaterThanOrEqual(0)
  }

  const entries = await h.db
    .selectFrom('journalEntries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('idempotencyKey', 'like', `audit:${run}:%`)
    .executeTakeFirstOrThrow()
  expect(Number(entries.n), `seed ${SEED}`).toBe(accepted.length)
  expect(refusedKeys.length, 'the workload pressed on the overdraft check').toBeGreaterThan(0)
  await expectLedgerClean(h.db)
})

it('answers every copy of a key the same way when the money arrives while the copies race', async () => {
  const run = randomUUID().slice(0, 8)
  const ROUNDS = 25
  const COPIES = 8
  const AMOUNT_FEN = 100
  for (let round = 0; round < ROUNDS; round += 1) {
    const [wallet, other, source] = (['wallet', 'other', 'source'] as const).map((name): AccountSpec => ({
      code: `race:${run}:${round}:${name}`,
      type: name === 'source' ? 'equity' : 'liability',
      category: name === 'source' ? 'equity' : 'merchant_wallet',
      noOverdraft: name !== 'source',
      restricted: false,
      loanId: null,
    })) as [AccountSpec, AccountSpec, AccountSpec]
    await open(h.ledger, wallet, other, source)
    const debit: EntryInput = {
      idempotencyKey: `race:${run}:${round}:debit`,
      type: 'transfer',
      businessDate: DAY,
      postings: [
        { accountCode: wallet.code, side: 'D', amountFen: AMOUNT_FEN },
        { accountCode: other.code, side: 'C', amountFen: AMOUNT_FEN },
      ],
    }
    const funding: EntryInput = {
      idempotencyKey: `race:${run}:${round}:fund`,
      type: 'transfer',
      businessDate: DAY,
      postings: [
        { accountCode: source.code, side: 'D', amountFen: AMOUNT_FEN },
        { accountCode: wallet.code, side: 'C', amountFen: AMOUNT_FEN },
      ],
    }
    const copies = Array.from({ length: COPIES }, (_, index) =>
      index === COPIES / 2 ? h.ledger.post(funding).then(() => null) : outcome(debit),
    )
    const answers = (await Promise.all(copies)).filter((answer) => answer !== null)
    const verdicts = new Set(
      answers.map((answer) => (answer.ok ? `entry ${answer.posted.entryId}` : answer.code)),
    )
    expect([...verdicts], `round ${round}`).toHaveLength(1)
    const entry = await h.db
      .selectFrom('journalEntries')
      .select('id')
      .where('idempotencyKey', '=', debit.idempotencyKey)
      .executeTakeFirst()
    const refusal = await h.db
      .selectFrom('ledgerFailedPosts')
      .select('code')
      .where('idempotencyKey', '=', debit.idempotencyKey)
      .executeTakeFirst()
    expect(entry === undefined, `round ${round}: posted or refused, never both`).toBe(refusal !== undefined)
    // The next copy, after the race, gets the same answer too.
    const later = await outcome(debit)
    expect(later.ok ? `entry ${later.posted.entryId}` : later.code).toBe([...verdicts][0])
  }
  await expectLedgerClean(h.db)
})
