/** Temporal namespaces for tests: one per vitest worker, created when the dev server starts. */
export const TEST_WORKERS_MAX = 8

export function testNamespaces(): string[] {
  return Array.from({ length: TEST_WORKERS_MAX }, (_, index) => `test-${index + 1}`)
}

export function testNamespace(): string {
  const poolId = Number(process.env.VITEST_POOL_ID ?? '1')
  return `test-${((poolId - 1) % TEST_WORKERS_MAX) + 1}`
}
