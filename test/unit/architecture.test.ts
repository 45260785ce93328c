/**
 * The import rules (`.dependency-cruiser.cjs`) and the ledger-table rule (eslint.config.js) are
 * what `npm run lint` enforces: each must fail on the forbidden thing, and pass the allowed one.
 */
import { cruise } from 'dependency-cruiser'
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options'
import { ESLint, Linter } from 'eslint'
import tseslint from 'typescript-eslint'
import { describe, expect, it } from 'vitest'
// @ts-expect-error eslint.config.js is plain JavaScript without types
import { ledgerTablesRule } from '../../eslint.config.js'

const FIXTURE = 'test/fixtures/architecture'

describe('import rules', () => {
  it('refuse a domain importing http/ and a circle, and allow a downward import', async () => {
    const options = await extractDepcruiseOptions('./.dependency-cruiser.cjs')
    const { output } = await cruise(['src'], {
      ...options,
      baseDir: FIXTURE,
      tsConfig: undefined,
      outputType: 'json',
    })
    const result = typeof output === 'string' ? JSON.parse(output) : output
    const violations = (
      result.summary.violations as { rule: { name: string }; from: string; to: string }[]
    ).map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)
    expect(violations).toContain(
      'domains-not-up-to-http-or-console: src/ledger/reads-http.ts -> src/http/routes.ts',
    )
    expect(violations).toContain('no-circular: src/kernel/left.ts -> src/kernel/right.ts')
    expect(violations.filter((v) => v.includes('src/servicing/fine.ts'))).toEqual([])
  })
})

describe('ledger tables', () => {
  const linter = new Linter({ configType: 'flat' })
  const lint = (code: string) =>
    linter.verify(
      code,
      [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tseslint.parser },
          rules: { 'no-restricted-syntax': ledgerTablesRule },
        },
      ],
      'src/servicing/x.ts',
    )

  it('are named by Kysely calls and SQL text only in the ledger', () => {
    const kysely = lint(`export const q = (db: any) => db.selectFrom('ledgerPostings as p').selectAll()`)
    const rawSql = lint('export const q = `SELECT credits_posted_fen FROM ledger_accounts WHERE id = ?`')
    const clean = lint(`export const q = (db: any) => db.selectFrom('loans').selectAll()`)
    expect(kysely.map((m) => m.ruleId)).toEqual(['no-restricted-syntax'])
    expect(rawSql.map((m) => m.ruleId)).toEqual(['no-restricted-syntax'])
    expect(clean).toEqual([])
  })

  it('is on for every product folder but the ledger and the schema', async () => {
    const eslint = new ESLint()
    const ruleFor = async (path: string) =>
      ((await eslint.calculateConfigForFile(path)) as { rules?: Record<string, unknown> }).rules?.[
        'no-restricted-syntax'
      ]
    expect(await ruleFor('src/servicing/loan-repository.ts')).toBeDefined()
    expect(await ruleFor('src/portfolio/portfolio-service.ts')).toBeDefined()
    expect(await ruleFor('src/ledger/ledger-service.ts')).toBeUndefined()
    expect(await ruleFor('src/db/schema.ts')).toBeUndefined()
  })
})
