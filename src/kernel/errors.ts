/**
 * Operating errors: refusals clients can rely on, each with a stable code from the catalogue
 * (src/kernel/refusals.ts). The HTTP layer maps them to problem+json in one place (src/http/problem.ts).
 * @module
 */
import type { RefusalCodeWith } from './refusals.js'

/** A business-rule refusal: 422 with a specific code. Nothing was written. */
export class Refusal extends Error {
  override readonly name = 'Refusal'
  constructor(
    readonly code: RefusalCodeWith<422>,
    detail: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(detail)
  }
}

export class NotFound extends Error {
  override readonly name = 'NotFound'
  readonly code = 'not_found' satisfies RefusalCodeWith<404>
}

/** A conflict with the current state: 409 with a specific code. */
export class Conflict extends Error {
  override readonly name = 'Conflict'
  constructor(
    readonly code: RefusalCodeWith<409>,
    detail: string,
  ) {
    super(detail)
  }
}
