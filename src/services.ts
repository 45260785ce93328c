/**
 * The process's long-lived dependencies, opened once and passed down (to the worker's activities and
 * to the HTTP app): the Kysely database, the ledger's posting service and the scorecard.
 * @module
 */
import type { ActivityDeps } from './activities.js'
import { loadScorecardModel } from './credit/credit-line-service.js'
import { createDb } from './db/database.js'
import { LedgerService } from './ledger/ledger-service.js'

export type Services = ActivityDeps & { close(): Promise<void> }

export function openServices(databaseUrl: string): Services {
  const db = createDb(databaseUrl)
  const ledger = new LedgerService(databaseUrl)
  return {
    db,
    ledger,
    scorecard: loadScorecardModel(),
    async close() {
      await ledger.close()
      await db.destroy()
    },
  }
}
