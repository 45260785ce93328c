/**
 * Webhook signing secrets at rest: sealed under the current `SECRETS_KEY` (src/kernel/secrets-keyring.ts)
 * with the key's id beside them. A row written before sealing existed (migration 0039) has no key id
 * and holds its secret in the clear until {@link sealWebhookSecrets} seals it, which every start does.
 * @module
 */
import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import type { SecretsKeyring } from '../kernel/secrets-keyring.js'

/** Bound into every sealed webhook secret, so no other sealed value can stand in for one. */
const PURPOSE = 'webhook_endpoints.secret'
/** Rows read and re-sealed per round trip. */
const SEAL_BATCH_ROWS = 200

export type StoredWebhookSecret = { secretSealed: string; secretKeyId: string | null }

/** The columns a new endpoint stores for `secret`. */
export function sealWebhookSecret(secret: string, keyring: SecretsKeyring): StoredWebhookSecret {
  const { keyId, sealed } = keyring.seal(secret, PURPOSE)
  return { secretSealed: sealed, secretKeyId: keyId }
}

/** The secret an endpoint signs with (a row from before sealing holds it in the clear). */
export function openWebhookSecret(row: StoredWebhookSecret, keyring: SecretsKeyring): string {
  if (row.secretKeyId === null) return row.secretSealed
  return keyring.open({ keyId: row.secretKeyId, sealed: row.secretSealed }, PURPOSE)
}

/**
 * Seals the secrets still in the clear (`clear`, at every start), or also re-seals those under any
 * key but the current one (`all`, the rotation). Each row is rewritten only if nobody changed it
 * meanwhile. Returns how many were (re)sealed and the key ids still in use afterwards.
 */
export async function sealWebhookSecrets(
  db: Db,
  keyring: SecretsKeyring,
  which: 'clear' | 'all',
): Promise<{ sealed: number; keyIdsInUse: string[] }> {
  let sealed = 0
  let afterId = 0
  for (;;) {
    let query = db
      .selectFrom('webhookEndpoints')
      .select(['id', 'secretSealed', 'secretKeyId'])
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(SEAL_BATCH_ROWS)
    query =
      which === 'clear'
        ? query.where('secretKeyId', 'is', null)
        : query.where((eb) =>
            eb.or([eb('secretKeyId', 'is', null), eb('secretKeyId', '!=', keyring.currentKeyId)]),
          )
    const rows = await query.execute()
    for (const row of rows) {
      const next = sealWebhookSecret(openWebhookSecret(row, keyring), keyring)
      const result = await db
        .updateTable('webhookEndpoints')
        .set(next)
        .where('id', '=', row.id)
        .where('secretSealed', '=', row.secretSealed)
        .where(sql<boolean>`secret_key_id <=> ${row.secretKeyId}`)
        .executeTakeFirst()
      sealed += Number(result.numUpdatedRows)
    }
    if (rows.length < SEAL_BATCH_ROWS) break
    afterId = Number(rows.at(-1)!.id)
  }
  const inUse = await db
    .selectFrom('webhookEndpoints')
    .select('secretKeyId')
    .distinct()
    .orderBy('secretKeyId')
    .execute()
  return { sealed, keyIdsInUse: inUse.map((row) => row.secretKeyId ?? '(clear)') }
}
