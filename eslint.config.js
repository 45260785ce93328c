// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

/**
 * The ledger's tables, as Kysely names them and as SQL does: only src/ledger/ (and the schema and
 * migrations in src/db/) may name them; everyone else reads money through the ledger's read API.
 */
const LEDGER_TABLES = [
  'ledger_accounts',
  'journal_entries',
  'ledger_postings',
  'ledger_failed_posts',
  'ledger_holds',
]
const camel = (name) => name.replace(/_(\w)/g, (_, letter) => letter.toUpperCase())
const ledgerTableNames = new RegExp(`\\b(${LEDGER_TABLES.flatMap((t) => [t, camel(t)]).join('|')})\\b`)
export const ledgerTablesRule = [
  'error',
  ...['Literal', 'TemplateElement'].map((node) => ({
    selector: `${node}[${node === 'Literal' ? 'value' : 'value.raw'}=${ledgerTableNames}]`,
    message:
      'Only src/ledger/ names the ledger tables: read balances, entries and postings through its read API.',
  })),
]

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      '.tools',
      '.data',
      'coverage',
      'test-results',
      'clients/typescript/microloan-api.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // forgetting to await an activity, a query or a workflow call loses errors and ordering
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Workflow code must stay deterministic: no Node built-ins, no database, no services.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'crypto', 'http', 'os', 'child_process'],
              message: 'Workflows are deterministic: no Node built-ins.',
            },
            {
              group: [
                'mysql2',
                'mysql2/*',
                'kysely',
                'pino',
                '@temporalio/client',
                '@temporalio/worker',
                '@temporalio/activity',
              ],
              message: 'Workflows do no I/O; call an activity.',
            },
            {
              group: ['**/*-repository*', '**/*-service*', '**/db/*'],
              message: 'Workflows import pure rules and activity types only.',
              // Types are erased before the workflow bundle is built.
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    // Tests and benchmarks may read the tables: they check and measure the ledger itself.
    files: ['src/**/*.ts', 'workflows/**/*.ts', 'tools/**/*.ts'],
    ignores: ['src/ledger/**', 'src/db/**'],
    rules: { 'no-restricted-syntax': ledgerTablesRule },
  },
  {
    // Tests read JSON answers whose shape the assertions themselves check.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['*.js', '*.cjs', '*.config.ts'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // dependency-cruiser reads its configuration as CommonJS.
    files: ['*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable' } },
  },
)
