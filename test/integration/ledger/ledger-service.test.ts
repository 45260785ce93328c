import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { Conflict, Refusal } from '../../../src/kernel/errors.js'
import { accounts } from '../../../src/ledger/chart-of-accounts.js'
import { accountBalance } from '../../../src/ledger/ledger-repository.js'
import { LedgerService } from '../../../src/ledger/ledger-service.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { balanceOf, DAY, expectLedgerClean, fundLender, move, open } from '../../support/ledger.js'

let h: Harness
const cash = accounts.lenderCash().code
const equity = accounts.lenderEquity().code

beforeAll(async () => {
  h = await startHarness({ worker: false })
  await fundLender(h.ledger, 1_000_000_00)
})
afterEach(async () => expectLedgerClean(h.db))
afterAll(async () => h?.close())

async function entryCount(): Promise<number> {
  const row = await h.db
    .selectFrom('journalEntries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

async function refusalOf(promise: Promise<unknown>): Promise<Refusal | Conflict> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error instanceof Refusal || error instanceof Conflict).toBe(true)
  return error as Refusal | Conflict
}

describe('posting', () => {
  it('posts a balanced entry and moves both stored balances in the same transaction', async () => {
    await open(h.ledger, accounts.merchantWallet(1))
    const wallet = accounts.merchantWallet(1).code
    const posted = await move(h.ledger, { debit: cash, credit: wallet, amountFen: 12_345 })
    expect(posted.replayed).toBe(false)
    expect(await balanceOf(h.db, wallet)).toBe(12_345)
    const lines = await h.db
      .selectFrom('ledgerPostings')
      .selectAll()
      .where('entryId', '=', posted.entryId)
      .execute()
    expect(lines.map((line) => [line.side, line.amountFen]).sort()).toEqual([
      ['C', 12_345],
      ['D', 12_345],
    ])
  })

  it('refuses an unbalanced entry, a bad amount or an unknown account and writes nothing', async () => {
    const before = await entryCount()
    const base = { idempotencyKey: randomUUID(), type: 'transfer' as const, businessDate: DAY }
    const cases = [
      {
        postings: [
          { accountCode: cash, side: 'D' as const, amountFen: 100 },
          { accountCode: equity, side: 'C' as const, amountFen: 99 },
        ],
        code: 'entry_unbalanced',
      },
      {
        postings: [
          { accountCode: cash, side: 'D' as const, amountFen: 0 },
          { accountCode: equity, side: 'C' as const, amountFen: 0 },
        ],
        code: 'invalid_amount',
      },
      {
        postings: [
          { accountCode: cash, side: 'D' as const, amountFen: 1.5 },
          { accountCode: equity, side: 'C' as const, amountFen: 1.5 },
        ],
        code: 'invalid_amount',
      },
      {
        postings: [
          { accountCode: cash, side: 'D' as const, amountFen: -5 },
          { accountCode: equity, side: 'C' as const, amountFen: -5 },
        ],
        code: 'invalid_amount',
      },
      { postings: [{ accountCode: cash, side: 'D' as const, amountFen: 5 }], code: 'invalid_entry' },
      {
        postings: [
          { accountCode: cash, side: 'D' as const, amountFen: 5 },
          { accountCode: 'nobody:wallet', side: 'C' as const, amountFen: 5 },
        ],
        code: 'account_not_found',
      },
    ]
    for (const { postings, code } of cases) {
      const refusal = await refusalOf(h.ledger.post({ ...base, idempotencyKey: randomUUID(), postings }))
      expect(refusal.code).toBe(code)
    }
    expect(await entryCount()).toBe(before)
  })

  it('returns the first entry for a repeated key and refuses the key for other content', async () => {
    await open(h.ledger, accounts.merchantWallet(2))
    const wallet = accounts.merchantWallet(2).code
    const key = `test:${randomUUID()}`
    const first = await move(h.ledger, { debit: cash, credit: wallet, amountFen: 500, key })
    const again = await move(h.ledger, { debit: cash, credit: wallet, amountFen: 500, key })
    expect(again).toMatchObject({ entryId: first.entryId, replayed: true })
    const reused = await refusalOf(move(h.ledger, { debit: cash, credit: wallet, amountFen: 501, key }))
    expect(reused).toBeInstanceOf(Conflict)
    expect(reused.code).toBe('idempotency_key_reused')
    expect(await balanceOf(h.db, wallet)).toBe(500)
  })

  it('remembers a refused post: the same key fails the same way even after the money arrives', async () => {
    await open(h.ledger, accounts.merchantWallet(3))
    const wallet = accounts.merchantWallet(3).code
    const key = `payout:${randomUUID()}`
    const first = await refusalOf(move(h.ledger, { debit: wallet, credit: cash, amountFen: 1_000, key }))
    expect(first.code).toBe('insufficient_funds')
    await move(h.ledger, { debit: cash, credit: wallet, amountFen: 5_000 })
    const retried = await refusalOf(move(h.ledger, { debit: wallet, credit: cash, amountFen: 1_000, key }))
    expect(retried.code).toBe('insufficient_funds')
    expect(await balanceOf(h.db, wallet)).toBe(5_000)
  })

  it('lets exactly 100 of 200 concurrent 1-fen debits through an account holding 100 fen', async () => {
    await open(h.ledger, accounts.merchantWallet(4))
    const wallet = accounts.merchantWallet(4).code
    await move(h.ledger, { debit: cash, credit: wallet, amountFen: 100 })
    const outcomes = await Promise.allSettled(
      Array.from({ length: 200 }, () => move(h.ledger, { debit: wallet, credit: cash, amountFen: 1 })),
    )
    const succeeded = outcomes.filter((outcome) => outcome.status === 'fulfilled').length
    const refused = outcomes.filter(
      (outcome) => outcome.status === 'rejected' && (outcome.reason as Refusal).code === 'insufficient_funds',
    ).length
    expect(succeeded).toBe(100)
    expect(refused).toBe(100)
    expect(await balanceOf(h.db, wallet)).toBe(0)
  })

  it('makes exactly one entry of 20 concurrent posts with one key', async () => {
    await open(h.ledger, accounts.merchantWallet(5))
    const wallet = accounts.merchantWallet(5).code
    const key = `race:${randomUUID()}`
    const before = await entryCount()
    const results = await Promise.all(
      Array.from({ length: 20 }, () => move(h.ledger, { debit: cash, credit: wallet, amountFen: 777, key })),
    )
    expect(new Set(results.map((result) => result.entryId)).size).toBe(1)
    expect(results.filter((result) => !result.replayed)).toHaveLength(1)
    expect(await entryCount()).toBe(before + 1)
    expect(await balanceOf(h.db, wallet)).toBe(777)
  })

  it('posts concurrent entries together as if one after another, never letting a batch net out', async () => {
    const wallets = [20, 21, 22, 25].map((index) => accounts.merchantWallet(index))
    await open(h.ledger, ...wallets)
    const [x, y, z, w] = wallets.map((wallet) => wallet.code) as [string, string, string, string]
    // Both empty: each move alone would overdraw, though the pair nets to nothing. Posted in the same
    // turn, they go in one batch, which must refuse both as if posted one after the other.
    const netting = await Promise.allSettled([
      move(h.ledger, { debit: x, credit: y, amountFen: 5 }),
      move(h.ledger, { debit: y, credit: x, amountFen: 5 }),
    ])
    expect(
      netting.map((outcome) => outcome.status === 'rejected' && (outcome.reason as Refusal).code),
    ).toEqual(['insufficient_funds', 'insufficient_funds'])
    // With 5 in x, the same pair in that order is fine (the batch applies them one after the other).
    await move(h.ledger, { debit: cash, credit: x, amountFen: 5 })
    const keys = Array.from({ length: 12 }, () => `batch:${randomUUID()}`)
    const pair = await Promise.all([
      move(h.ledger, { debit: x, credit: y, amountFen: 5, key: keys[0] }),
      move(h.ledger, { debit: y, credit: x, amountFen: 5, key: keys[1] }),
    ])
    expect(await balanceOf(h.db, x)).toBe(5)
    expect(await balanceOf(h.db, y)).toBe(0)
    // A refusal in a batch refuses only its own entry.
    const outcomes = [
      ...pair.map((value) => ({ status: 'fulfilled' as const, value })),
      ...(await Promise.allSettled([
        move(h.ledger, { debit: w, credit: y, amountFen: 1, key: keys[2] }),
        ...keys
          .slice(3)
          .map((key, index) => move(h.ledger, { debit: cash, credit: z, amountFen: index + 1, key })),
      ])),
    ]
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      ...keys.slice(3).map(() => 'fulfilled'),
    ])
    expect(await balanceOf(h.db, z)).toBe(45)
    // Every answer names its own entry.
    for (const [index, outcome] of outcomes.entries()) {
      if (outcome.status !== 'fulfilled') continue
      const row = await h.db
        .selectFrom('journalEntries')
        .select('idempotencyKey')
        .where('id', '=', outcome.value.entryId)
        .executeTakeFirstOrThrow()
      expect(row.idempotencyKey).toBe(keys[index])
    }
  })

  it('posts a batch with one INSERT per entry where ids of a multi-row INSERT need not be consecutive', async () => {
    const ledger = new LedgerService(h.databaseUrl, { multiRowBatches: false })
    try {
      const wallets = [23, 24].map((index) => accounts.merchantWallet(index))
      await open(ledger, ...wallets)
      const [x, y] = wallets.map((wallet) => wallet.code) as [string, string]
      const keys = Array.from({ length: 10 }, () => `entrywise:${randomUUID()}`)
      const posted = await Promise.all(
        keys.map((key, index) =>
          move(
            ledger,
            index % 2 === 0
              ? { debit: cash, credit: x, amountFen: 10, key }
              : { debit: x, credit: y, amountFen: 3, key },
          ),
        ),
      )
      expect(await balanceOf(h.db, x)).toBe(35)
      expect(await balanceOf(h.db, y)).toBe(15)
      const rows = await h.db
        .selectFrom('journalEntries')
        .select(['id', 'idempotencyKey'])
        .where(
          'id',
          'in',
          posted.map((entry) => entry.entryId),
        )
        .execute()
      expect(new Map(rows.map((row) => [row.idempotencyKey, Number(row.id)]))).toEqual(
        new Map(keys.map((key, index) => [key, posted[index]!.entryId])),
      )
    } finally {
      await ledger.close()
    }
  })

  it('knows the balance as of a business date', async () => {
    await open(h.ledger, accounts.merchantWallet(6))
    const wallet = accounts.merchantWallet(6).code
    for (const [businessDate, amountFen] of [
      ['2026-01-01', 100],
      ['2026-01-02', 20],
      ['2026-01-03', 3],
    ] as const) {
      await h.ledger.post({
        idempotencyKey: randomUUID(),
        type: 'transfer',
        businessDate: businessDate as typeof DAY,
        postings: [
          { accountCode: cash, side: 'D', amountFen },
          { accountCode: wallet, side: 'C', amountFen },
        ],
      })
    }
    expect((await accountBalance(h.db, wallet, '2026-01-01')).balanceFen).toBe(100)
    expect((await accountBalance(h.db, wallet, '2026-01-02')).balanceFen).toBe(120)
    expect((await accountBalance(h.db, wallet)).balanceFen).toBe(123)
  })
})

describe('posting in a transaction with other work', () => {
  const entryOf = (key: string, debit: string, credit: string, amountFen: number) => ({
    idempotencyKey: key,
    type: 'transfer' as const,
    businessDate: DAY,
    postings: [
      { accountCode: debit, side: 'D' as const, amountFen },
      { accountCode: credit, side: 'C' as const, amountFen },
    ],
  })
  const auditCount = async (action: string) =>
    Number(
      (await sql<{ n: number }>`SELECT COUNT(*) AS n FROM audit_log WHERE action = ${action}`.execute(h.db))
        .rows[0]!.n,
    )

  it("commits the entry together with the caller's statements, in the batch that ends with COMMIT", async () => {
    await open(h.ledger, accounts.merchantWallet(40))
    const wallet = accounts.merchantWallet(40).code
    const action = `test-${randomUUID()}`
    const entryId = await h.ledger.transaction(async (tx) => {
      const [balance] = (await tx.run([
        { sql: 'SELECT debits_posted_fen FROM ledger_accounts WHERE code = ? FOR UPDATE', params: [cash] },
      ])) as Array<Array<{ debits_posted_fen: number }>>
      expect(balance![0]!.debits_posted_fen).toBeGreaterThan(0)
      const entry = await tx.entry(entryOf(`tx:${randomUUID()}`, cash, wallet, 4_321))
      const results = await tx.run(
        [
          {
            sql: `INSERT INTO audit_log (principal_ref, action, subject_type, subject_id) VALUES ('test', ?, 'test', 'x')`,
            params: [action],
          },
          ...entry.statements,
        ],
        { commit: true },
      )
      return entry.entryId(results.slice(1))
    })
    expect(entryId).toBeGreaterThan(0)
    expect(await balanceOf(h.db, wallet)).toBe(4_321)
    expect(await auditCount(action)).toBe(1)
  })

  it("writes nothing, neither entry nor the caller's rows, when the work throws after its statements ran", async () => {
    await open(h.ledger, accounts.merchantWallet(41))
    const wallet = accounts.merchantWallet(41).code
    const action = `test-${randomUUID()}`
    const before = await entryCount()
    await expect(
      h.ledger.transaction(async (tx) => {
        const entry = await tx.entry(entryOf(`tx:${randomUUID()}`, cash, wallet, 100))
        await tx.run([
          {
            sql: `INSERT INTO audit_log (principal_ref, action, subject_type, subject_id) VALUES ('test', ?, 'test', 'x')`,
            params: [action],
          },
          ...entry.statements,
        ])
        // @ts-expect-error any refusal rolls back, even one whose code is not in the catalogue
        throw new Refusal('changed_my_mind', 'after the statements, before the commit')
      }),
    ).rejects.toMatchObject({ code: 'changed_my_mind' })
    expect(await entryCount()).toBe(before)
    expect(await balanceOf(h.db, wallet)).toBe(0)
    expect(await auditCount(action)).toBe(0)
  })

  it("refuses an overdraft as a post does, rolls back the caller's rows, and remembers the key", async () => {
    await open(h.ledger, accounts.merchantWallet(42))
    const wallet = accounts.merchantWallet(42).code
    const action = `test-${randomUUID()}`
    const key = `tx:${randomUUID()}`
    const refused = await refusalOf(
      h.ledger.transaction(async (tx) => {
        const entry = await tx.entry(entryOf(key, wallet, cash, 1_000))
        await tx.run(
          [
            {
              sql: `INSERT INTO audit_log (principal_ref, action, subject_type, subject_id) VALUES ('test', ?, 'test', 'x')`,
              params: [action],
            },
            ...entry.statements,
          ],
          { commit: true },
        )
      }),
    )
    expect(refused.code).toBe('insufficient_funds')
    expect(await auditCount(action)).toBe(0)
    await move(h.ledger, { debit: cash, credit: wallet, amountFen: 5_000 })
    const retried = await refusalOf(move(h.ledger, { debit: wallet, credit: cash, amountFen: 1_000, key }))
    expect(retried.code).toBe('insufficient_funds')
    expect(await balanceOf(h.db, wallet)).toBe(5_000)
  })
})

describe('append-only and fenced by the database', () => {
  it('refuses UPDATE and DELETE of posted entries and postings', async () => {
    const posted = await move(h.ledger, { debit: cash, credit: equity, amountFen: 1 })
    const attempts = [
      sql`UPDATE journal_entries SET type = 'x' WHERE id = ${posted.entryId}`,
      sql`DELETE FROM journal_entries WHERE id = ${posted.entryId}`,
      sql`UPDATE ledger_postings SET amount_fen = 2 WHERE entry_id = ${posted.entryId}`,
      sql`DELETE FROM ledger_postings WHERE entry_id = ${posted.entryId}`,
      sql`DELETE FROM ledger_accounts WHERE code = ${cash}`,
    ]
    for (const attempt of attempts) {
      await expect(attempt.execute(h.db)).rejects.toThrow(/ledger_append_only/)
    }
  })

  it('refuses any movement out of a restricted wallet but a purchase or its own loan’s sweep', async () => {
    const loanId = 9001
    await open(
      h.ledger,
      accounts.restrictedWallet(loanId),
      accounts.loanPrincipal(loanId),
      accounts.supplierPayable(1),
    )
    await open(h.ledger, accounts.farmerWallet(1), accounts.loanPrincipal(9002))
    const restricted = accounts.restrictedWallet(loanId).code
    // Another loan with principal outstanding, so that only the fence can refuse a sweep into it.
    await move(h.ledger, {
      debit: accounts.loanPrincipal(9002).code,
      credit: cash,
      amountFen: 10_000,
      type: 'merchant_disbursement',
    })
    await move(h.ledger, {
      debit: accounts.loanPrincipal(loanId).code,
      credit: restricted,
      amountFen: 10_000,
      type: 'agri_disbursement',
      loanId,
    })
    const leaks = [
      { debit: restricted, credit: accounts.farmerWallet(1).code, type: 'transfer' as const, loanId },
      { debit: restricted, credit: cash, type: 'wallet_payout' as const, loanId },
      {
        debit: restricted,
        credit: accounts.farmerWallet(1).code,
        type: 'restricted_purchase' as const,
        loanId,
      },
      {
        debit: restricted,
        credit: accounts.loanPrincipal(9002).code,
        type: 'restricted_sweep' as const,
        loanId,
      },
      {
        debit: restricted,
        credit: accounts.supplierPayable(1).code,
        type: 'restricted_purchase' as const,
        loanId: 9002,
      },
      // A release goes to a farmer's free wallet only, and only from its own loan's wallet.
      { debit: restricted, credit: cash, type: 'restricted_release' as const, loanId },
      {
        debit: restricted,
        credit: accounts.loanPrincipal(9002).code,
        type: 'restricted_release' as const,
        loanId,
      },
      {
        debit: restricted,
        credit: accounts.farmerWallet(1).code,
        type: 'restricted_release' as const,
        loanId: 9002,
      },
    ]
    for (const leak of leaks) {
      const refusal = await refusalOf(move(h.ledger, { ...leak, amountFen: 100 }))
      expect(refusal.code).toBe('restricted_funds_not_withdrawable')
    }
    // Even SQL that skips the service cannot do it: not leaving out the posting's copies of its entry's
    // and account's attributes, not copying them truthfully, not copying them falsely.
    const account = await h.db
      .selectFrom('ledgerAccounts')
      .select('id')
      .where('code', '=', restricted)
      .executeTakeFirstOrThrow()
    const rawPosting = (copies: 'none' | 'true' | 'false type' | 'false loan' | 'false flag') =>
      h.db.transaction().execute(async (trx) => {
        const entry =
          await sql`INSERT INTO journal_entries (idempotency_key, type, business_date, content_hash, loan_id)
          VALUES (${randomUUID()}, 'transfer', '2026-01-01', 'x', ${loanId})`.execute(trx)
        const entryId = Number(entry.insertId)
        if (copies === 'none') {
          await sql`INSERT INTO ledger_postings (entry_id, account_id, side, amount_fen, business_date)
            VALUES (${entryId}, ${account.id}, 'D', 100, '2026-01-01')`.execute(trx)
          return
        }
        const type = copies === 'false type' ? 'restricted_purchase' : 'transfer'
        const entryLoan = copies === 'false loan' ? null : loanId
        const restrictedFlag = copies === 'false flag' ? 0 : 1
        await sql`INSERT INTO ledger_postings (entry_id, account_id, side, amount_fen, business_date, entry_type,
            entry_loan_id, account_restricted, account_category, account_loan_id)
          VALUES (${entryId}, ${account.id}, 'D', 100, '2026-01-01', ${type}, ${entryLoan}, ${restrictedFlag},
            'restricted_wallet', ${loanId})`.execute(trx)
      })
    await expect(rawPosting('none')).rejects.toThrow(/restricted_funds_not_withdrawable/)
    await expect(rawPosting('true')).rejects.toThrow(/restricted_funds_not_withdrawable/)
    await expect(rawPosting('false type')).rejects.toThrow(/foreign key constraint fails/)
    await expect(rawPosting('false flag')).rejects.toThrow(/foreign key constraint fails/)
    await expect(rawPosting('false loan')).rejects.toThrow(/restricted_funds_not_withdrawable/)

    await move(h.ledger, {
      debit: restricted,
      credit: accounts.supplierPayable(1).code,
      amountFen: 2_500,
      type: 'restricted_purchase',
      loanId,
    })
    await move(h.ledger, {
      debit: restricted,
      credit: accounts.loanPrincipal(loanId).code,
      amountFen: 7_500,
      type: 'restricted_sweep',
      loanId,
    })
    expect(await balanceOf(h.db, restricted)).toBe(0)
  })
})

describe('holds', () => {
  it('reserves money, then posts part of it and releases the rest', async () => {
    await open(h.ledger, accounts.merchantWallet(7))
    const wallet = accounts.merchantWallet(7).code
    await move(h.ledger, { debit: cash, credit: wallet, amountFen: 1_000 })
    const hold = await h.ledger.createHold({
      idempotencyKey: randomUUID(),
      type: 'wallet_payout',
      debitAccountCode: wallet,
      creditAccountCode: cash,
      amountFen: 800,
      expiresAt: new Date(Date.now() + 60_000),
    })
    expect((await accountBalance(h.db, wallet)).availableFen).toBe(200)
    const tooMuch = await refusalOf(move(h.ledger, { debit: wallet, credit: cash, amountFen: 201 }))
    expect(tooMuch.code).toBe('insufficient_funds')
    const posted = await h.ledger.postHold({ holdId: hold.holdId, amountFen: 600, businessDate: DAY })
    expect(posted.state).toBe('posted')
    expect(await h.ledger.postHold({ holdId: hold.holdId, amountFen: 600, businessDate: DAY })).toEqual(
      posted,
    )
    const after = await accountBalance(h.db, wallet)
    expect(after.balanceFen).toBe(400)
    expect(after.availableFen).toBe(400)
  })

  it('voids and expires holds, giving the money back', async () => {
    await open(h.ledger, accounts.merchantWallet(8))
    const wallet = accounts.merchantWallet(8).code
    await move(h.ledger, { debit: cash, credit: wallet, amountFen: 1_000 })
    const hold = (amountFen: number, expiresInMs: number) =>
      h.ledger.createHold({
        idempotencyKey: randomUUID(),
        type: 'wallet_payout',
        debitAccountCode: wallet,
        creditAccountCode: cash,
        amountFen,
        expiresAt: new Date(Date.now() + expiresInMs),
      })
    const voided = await hold(300, 60_000)
    const expiring = await hold(400, 1)
    expect((await refusalOf(hold(301, 60_000))).code).toBe('insufficient_funds')
    await h.ledger.voidHold(voided.holdId)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect((await refusalOf(h.ledger.postHold({ holdId: expiring.holdId, businessDate: DAY }))).code).toBe(
      'hold_expired',
    )
    expect(await h.ledger.expireHolds()).toBeGreaterThanOrEqual(1)
    expect((await accountBalance(h.db, wallet)).availableFen).toBe(1_000)
    expect((await refusalOf(h.ledger.postHold({ holdId: voided.holdId, businessDate: DAY }))).code).toBe(
      'hold_not_pending',
    )
  })
})

describe('verifier', () => {
  it('names a stored balance that no longer matches its postings', async () => {
    const { verifyLedger } = await import('../../../src/ledger/ledger-verifier.js')
    await sql`UPDATE ledger_accounts SET credits_posted_fen = credits_posted_fen + 1 WHERE code = ${equity}`.execute(
      h.db,
    )
    const broken = await verifyLedger(h.db)
    expect(broken.ok).toBe(false)
    expect(broken.discrepancy).toContain(`account ${equity}`)
    await sql`UPDATE ledger_accounts SET credits_posted_fen = credits_posted_fen - 1 WHERE code = ${equity}`.execute(
      h.db,
    )
  })
})
