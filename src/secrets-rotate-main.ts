/**
 * `npm run secrets:rotate`: re-seals every secret at rest under the current key (the first of
 * `SECRETS_KEY`), and those still in the clear; then says which key ids remain in use. Run it after
 * every process has the new key first in `SECRETS_KEY` (and the old one after it); once it reports
 * only the new id, the old key may leave `SECRETS_KEY` (docs/operations.md).
 * @module
 */
import { ConfigError, loadConfig } from './config.js'
import { sealWebhookSecrets } from './events/webhook-secrets.js'
import { openServices, secretsKeyringOf } from './services.js'

let config
try {
  config = loadConfig()
} catch (error) {
  if (!(error instanceof ConfigError)) throw error
  console.error(error.message)
  process.exit(1)
}
if (config.production && config.secretsKey === undefined) {
  console.error('SECRETS_KEY: required in production')
  process.exit(1)
}
const services = openServices(config.databaseUrl, { secrets: secretsKeyringOf(config) })
try {
  const result = await sealWebhookSecrets(services.db, services.secrets, 'all')
  console.log(
    `Re-sealed ${result.sealed} webhook secret(s) under key ${services.secrets.currentKeyId}; ` +
      `key ids in use: ${result.keyIdsInUse.join(', ') || 'none (no endpoints)'}`,
  )
} finally {
  await services.close()
}
