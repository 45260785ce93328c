import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { Conflict, Refusal } from '../../../src/kernel/errors.js'
import { accountBalance } from '../../../src/ledger/ledger-repository.js'
import type { EntryInput } from '../../../src/ledger/posting.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { DAY, expectLedgerClean, openSourceAndWallets } from '../../support/ledger.js'

let h: Harness
beforeAll(async () => {
  h = await startHarness({ worker: false })
})
afterAll(async () => h?.close())

type Op =
  | { kind: 'post'; from: number; to: number; amountFen: number }
  | { kind: 'unbalanced'; from: number; to: number; amountFen: number }
  | { kind: 'bad_amount'; from: number; to: number; amountFen: number }
  | { kind: 'unknown_account'; from: number; amountFen: number }
  | { kind: 'replay'; index: number }
  | { kind: 'reuse'; index: number }

const ACCOUNT_COUNT = 5
const account = fc.integer({ min: 0, max: ACCOUNT_COUNT - 1 })
const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('post' as const),
      from: account,
      to: account,
      amountFen: fc.integer({ min: 1, max: 5_000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('unbalanced' as const),
      from: account,
      to: account,
      amountFen: fc.integer({ min: 1, max: 5_000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('bad_amount' as const),
      from: account,
      to: account,
      amountFen: fc.oneof(
        fc.constant(0),
        fc.integer({ min: -1000, max: -1 }),
        fc.constant(2.5),
        fc.constant(Number.MAX_SAFE_INTEGER),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('unknown_account' as const),
      from: account,
      amountFen: fc.integer({ min: 1, max: 100 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replay' as const), index: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reuse' as const), index: fc.nat() }) },
)

it('keeps stored balances equal to the replayed postings and writes nothing for refused posts', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(opArbitrary, { minLength: 1, maxLength: 40 }), async (ops) => {
      const run = randomUUID().slice(0, 8)
      const specs = await openSourceAndWallets(h.ledger, `prop:${run}`, ACCOUNT_COUNT)
      const model = specs.map(() => 0) // credit-normal balances
      const posted: EntryInput[] = []
      let expectedEntries = 0

      for (const op of ops) {
        const entry = (from: number, to: number, debitFen: number, creditFen = debitFen): EntryInput => ({
          idempotencyKey: randomUUID(),
          type: 'transfer',
          businessDate: DAY,
          postings: [
            { accountCode: specs[from]!.code, side: 'D', amountFen: debitFen },
            { accountCode: specs[to]!.code, side: 'C', amountFen: creditFen },
          ],
        })
        const outcome = async (input: EntryInput) =>
          h.ledger.post(input).then(
            (result) => ({ ok: true as const, result }),
            (error: unknown) => {
              if (!(error instanceof Refusal || error instanceof Conflict)) throw error
              return { ok: false as const, code: error.code }
            },
          )
        switch (op.kind) {
          case 'post': {
            const input = entry(op.from, op.to, op.amountFen)
            const wouldOverdraw = op.from !== op.to && op.from !== 0 && model[op.from]! - op.amountFen < 0
            const result = await outcome(input)
            if (wouldOverdraw) {
              expect(result).toEqual({ ok: false, code: 'insufficient_funds' })
            } else {
              expect(result.ok).toBe(true)
              model[op.from]! -= op.amountFen
              model[op.to]! += op.amountFen
              posted.push(input)
              expectedEntries += 1
            }
            break
          }
          case 'unbalanced':
            expect(await outcome(entry(op.from, op.to, op.amountFen, op.amountFen + 1))).toEqual({
              ok: false,
              code: 'entry_unbalanced',
            })
            break
          case 'bad_amount':
            expect(await outcome(entry(op.from, op.to, op.amountFen))).toEqual({
              ok: false,
              code: 'invalid_amount',
            })
            break
          case 'unknown_account': {
            const input = entry(op.from, op.from, op.amountFen)
            input.postings[1]!.accountCode = `prop:${run}:missing`
            expect(await outcome(input)).toEqual({ ok: false, code: 'account_not_found' })
            break
          }
          case 'replay': {
            const earlier = posted[op.index % Math.max(1, posted.length)]
            if (!earlier) break
            const result = await outcome(earlier)
            expect(result.ok && result.result.replayed).toBe(true)
            break
          }
          case 'reuse': {
            const earlier = posted[op.index % Math.max(1, posted.length)]
            if (!earlier) break
            const changed = {
              ...earlier,
              postings: earlier.postings.map((p) => ({ ...p, amountFen: p.amountFen + 1 })),
            }
            expect(await outcome(changed)).toEqual({ ok: false, code: 'idempotency_key_reused' })
            break
          }
        }
      }

      for (const [index, spec] of specs.entries()) {
        const balance = await accountBalance(h.db, spec.code)
        expect(balance.balanceFen).toBe(model[index])
      }
      const entries = await h.db
        .selectFrom('ledgerPostings as p')
        .innerJoin('ledgerAccounts as a', 'a.id', 'p.accountId')
        .select((eb) => eb.fn.count<number>('p.entryId').distinct().as('n'))
        .where('a.code', 'like', `prop:${run}:%`)
        .executeTakeFirstOrThrow()
      expect(Number(entries.n)).toBe(expectedEntries)
      await expectLedgerClean(h.db)
    }),
    { numRuns: 25 },
  )
})
