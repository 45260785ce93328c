import type { Logger } from 'pino'
import type { Principal } from '../access/principal.js'
import type { IdempotencyInTransaction } from '../db/idempotency-record.js'

export type AppEnv = {
  Variables: {
    requestId: string
    log: Logger
    principal: Principal
    /** Whether the browser reached the service over https: session cookies are then `Secure`. */
    overHttps: boolean
    /** Set for the routes that write their idempotency record in their own transaction. */
    idempotency?: IdempotencyInTransaction
  }
}
