/**
 * Assertions catch programmer errors; they are not for refusing bad input (see errors.ts).
 * @module
 */
export class AssertionError extends Error {
  override readonly name = 'AssertionError'
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message)
}

export function assertNever(value: never): never {
  throw new AssertionError(`unexpected value: ${JSON.stringify(value)}`)
}
