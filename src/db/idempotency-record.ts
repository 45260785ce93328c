/**
 * The idempotency record a transaction writes together with its effect (a purchase and its payment):
 * what a domain function needs of it, without knowing HTTP. The middleware in `http/idempotency.ts`
 * makes these; the `idempotency_keys` table is its own.
 * @module
 */
import { Conflict } from '../kernel/errors.js'
import type { Statement } from './statement.js'

/**
 * A route that commits its effect in one ledger transaction (a purchase) can write its idempotency
 * record in that same transaction: the key is claimed by the transaction's first statement and the
 * answer stored by a statement in its commit, so the effect and its stored answer commit together
 * (or neither does), and no round trip or commit is spent on the record itself. The middleware hands
 * this to the routes listed in `inTransactionRoutes`; it stores what such a route answers any other
 * way (a refusal, a validation error) as for every route.
 */
export type IdempotencyInTransaction = {
  /**
   * Claims the key: an in-progress row, held by the transaction until it ends. When it affects no
   * row another request has the key; throw {@link IdempotencyKeyTaken} then.
   */
  readonly claim: Statement
  /** Gives up this transaction's claim (its work for the request is left to a transaction of its own). */
  readonly release: Statement
  /**
   * Stores the answer `c.json(body, status)` gives, for the committing batch. `computed` names
   * top-level fields of `body` whose values are SQL expressions (a new row's id, `@purchase_id`).
   */
  complete(
    status: number,
    body: Record<string, unknown>,
    computed?: Readonly<Record<string, string>>,
  ): Statement
  /** Says the statement from {@link complete} has committed: the middleware stores nothing more. */
  completed(): void
}

/** What a domain function gets of {@link IdempotencyInTransaction}: the answer's status is the route's. */
export type AnswerInTransaction = {
  readonly claim: Statement
  readonly release: Statement
  complete(body: Record<string, unknown>, computed?: Readonly<Record<string, string>>): Statement
  completed(): void
}

/** The in-transaction claim found the key taken; the middleware answers as for a duplicate. */
export class IdempotencyKeyTaken extends Conflict {
  constructor() {
    super(
      'idempotency_request_in_progress',
      'A request with this Idempotency-Key is still being processed; retry later.',
    )
  }
}
