/**
 * Operating errors: refusals clients can rely on, each with a stable code. The HTTP layer maps them
 * to problem+json in one place (src/http/problem.ts).
 * @module
 */

/** A business-rule refusal: 422 with a specific code. Nothing was written. */
export class Refusal extends Error {
  override readonly name = 'Refusal'
  constructor(
    readonly code: string,
    detail: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(detail)
  }
}

export class NotFound extends Error {
  override readonly name = 'NotFound'
  readonly code = 'not_found'
}

/** A conflict with the current state: 409 with a specific code. */
export class Conflict extends Error {
  override readonly name = 'Conflict'
  constructor(
    readonly code: string,
    detail: string,
  ) {
    super(detail)
  }
}
