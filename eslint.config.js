// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['node_modules', '.tools', '.data', 'coverage', 'test-results'] },
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
    // Only the ledger names its tables: everyone else reads through src/ledger/ledger-repository.ts.
    files: ['src/**/*.ts', 'workflows/**/*.ts'],
    ignores: ['src/ledger/**', 'src/db/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...['Literal[value', 'TemplateElement[value.raw'].map((node) => ({
          selector: `${node}=/ledger_accounts|journal_entries|ledger_postings|ledger_failed_posts|ledger_holds|ledgerAccounts|journalEntries|ledgerPostings|ledgerFailedPosts|ledgerHolds/]`,
          message: 'Only src/ledger names ledger tables; read through src/ledger/ledger-repository.ts.',
        })),
      ],
    },
  },
  {
    // Tests read JSON answers whose shape the assertions themselves check.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['*.js', '*.config.ts'],
    ...tseslint.configs.disableTypeChecked,
  },
)
