/**
 * Runs the migrations forward to the latest and seeds the one-row system state.
 * @module
 */
import { Migrator, type Kysely } from 'kysely'
import type { Db } from './database.js'
import { migrations } from './migrations/index.js'

export class MigrationError extends Error {
  override readonly name = 'MigrationError'
}

export async function migrateToLatest(db: Db, options: { initialBusinessDate: string }): Promise<string[]> {
  const migrator = new Migrator({
    db: db as unknown as Kysely<unknown>,
    provider: { getMigrations: async () => migrations },
  })
  const { error, results = [] } = await migrator.migrateToLatest()
  if (error) {
    const failed = results.find((result) => result.status === 'Error')
    throw new MigrationError(`migration ${failed?.migrationName ?? '?'} failed: ${String(error)}`, {
      cause: error,
    })
  }
  await db
    .insertInto('systemState')
    .values({ id: 1, businessDate: options.initialBusinessDate })
    .onDuplicateKeyUpdate({ id: 1 })
    .execute()
  return results.filter((result) => result.status === 'Success').map((result) => result.migrationName)
}
