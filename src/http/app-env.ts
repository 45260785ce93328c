import type { Logger } from 'pino'
import type { IdempotencyInTransaction } from './idempotency.js'

export const ROLES = [
  'admin',
  'platform',
  'officer',
  'merchant',
  'farmer',
  'supplier',
  'offtaker',
  'insurer',
] as const
export type Role = (typeof ROLES)[number]

/** Who is calling: `ref` is stable (`admin`, `p:42`) and scopes idempotency keys and audit entries. */
export type Principal = Readonly<{
  ref: string
  principalId: number | null
  role: Role
  subjectId: number | null
}>

export type AppEnv = {
  Variables: {
    requestId: string
    log: Logger
    principal: Principal
    /** Set for the routes that write their idempotency record in their own transaction. */
    idempotency?: IdempotencyInTransaction
  }
}
