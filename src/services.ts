/**
 * The process's long-lived dependencies, opened once and passed down (to the worker's activities and
 * to the HTTP app): the Kysely database, the ledger's posting service and the scorecard.
 * @module
 */
import { join, resolve } from 'node:path'
import type { ActivityDeps } from './activities.js'
import { loadScorecardModel } from './credit/credit-line-service.js'
import { createDb } from './db/database.js'
import { LedgerService } from './ledger/ledger-service.js'
import type { Config } from './config.js'
import { developmentKeyring, SecretsKeyring } from './kernel/secrets-keyring.js'
import { PROJECT_ROOT } from './paths.js'

export type Services = ActivityDeps & { close(): Promise<void> }

/**
 * The keyring of a configuration: `SECRETS_KEY`, else (never in production) the development key kept
 * in DATA_DIR/secrets-key, made on first use.
 */
export function secretsKeyringOf(
  config: Pick<Config, 'secretsKey' | 'dataDir' | 'production'>,
): SecretsKeyring {
  if (config.secretsKey !== undefined) return SecretsKeyring.parse(config.secretsKey)
  if (config.production) throw new Error('SECRETS_KEY is required in production')
  return developmentKeyring(resolve(PROJECT_ROOT, config.dataDir))
}

/**
 * `secrets`: the configured keyring (`secretsKeyringOf(config)`); unset = the development key of
 * the default data directory (tools, benches and tests; production always passes its own).
 */
export function openServices(databaseUrl: string, options: { secrets?: SecretsKeyring } = {}): Services {
  const db = createDb(databaseUrl)
  const ledger = new LedgerService(databaseUrl)
  return {
    db,
    ledger,
    scorecard: loadScorecardModel(),
    secrets: options.secrets ?? developmentKeyring(join(PROJECT_ROOT, '.data')),
    async close() {
      await ledger.close()
      await db.destroy()
    },
  }
}
