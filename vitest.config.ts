import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Two files at once even on 2 cores (vitest's default there is one): most integration files spend
    // much of their time waiting (on Temporal, timers, child processes), and the suite is too long one
    // file at a time. Each file has its own database, Temporal namespace (per worker) and task queue.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // Property tests run thousands of cases; a shared 2-core machine can take seconds for one.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // One Temporal dev server and one workflow bundle for the whole run.
          globalSetup: ['test/support/global-setup.ts'],
          pool: 'forks',
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
})
