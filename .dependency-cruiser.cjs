// @ts-check
/**
 * The import rules of the house (docs/architecture.md has the map): foundations at the bottom,
 * domains above them, the HTTP API, the console and the workflows' wiring on top, tooling apart.
 * `npm run lint` runs this over src/, workflows/, tools/ and bench/; test/unit/architecture.test.ts
 * shows that each rule fails on a forbidden import.
 */

/** The lending domains and the foundations under them: none of them may know HTTP or the console. */
const DOMAINS =
  '^src/(access|agri|credit|db|events|kernel|ledger|merchant-loans|merchants|portfolio|servicing|system)/'

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Files that import each other in a loop cannot be understood, tested or moved alone.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domains-not-up-to-http-or-console',
      comment:
        'Domains are called by the API, the pages and the console (and their words, i18n/), never the other way round.',
      severity: 'error',
      from: { path: DOMAINS },
      to: { path: '^src/(http|console|i18n)/' },
    },
    {
      name: 'kernel-is-the-ground',
      comment: 'kernel/ holds pure conventions (money, dates, errors, buckets) and imports nothing of ours.',
      severity: 'error',
      from: { path: '^src/kernel/' },
      to: { path: '^(src|workflows|tools)/', pathNot: '^src/kernel/' },
    },
    {
      name: 'db-is-a-foundation',
      comment: 'db/ (connections, schema, migrations, statements, the private MariaDB) knows no domain.',
      severity: 'error',
      from: { path: '^src/db/' },
      to: {
        path: '^(src|workflows|tools)/',
        pathNot: '^src/(db|kernel)/|^src/(config|log|paths|ports)\\.ts$',
      },
    },
    {
      name: 'system-is-a-foundation',
      comment: 'The business date and the audit log serve every domain; they import none.',
      severity: 'error',
      from: { path: '^src/system/' },
      to: { path: '^(src|workflows|tools)/', pathNot: '^src/(system|db|kernel)/' },
    },
    {
      name: 'ledger-below-the-lending-domains',
      comment: 'The ledger posts and reads money for everyone; it knows no loan, merchant or farm.',
      severity: 'error',
      from: { path: '^src/ledger/' },
      to: { path: '^src/(access|agri|credit|merchant-loans|merchants|portfolio|servicing)/' },
    },
    {
      name: 'product-not-on-tooling',
      comment:
        'src/ and workflows/ are what runs in production; simulations, chaos and installers sit apart.',
      severity: 'error',
      from: { path: '^(src|workflows)/' },
      to: { path: '^(tools|bench|test)/' },
    },
    {
      name: 'workflows-only-through-activities',
      comment:
        'Workflow code is bundled and replayed: it may take types from anywhere but values only from pure modules.',
      severity: 'error',
      from: { path: '^workflows/' },
      to: {
        path: '^src/',
        pathNot: '^src/kernel/|^src/[a-z-]+/[a-z-]+-(policy|steps)\\.ts$',
        dependencyTypesNot: ['type-only'],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
}
