import { loadConfig, openingBusinessDate } from '../config.js'
import { createDb, ensureDatabaseExists } from './database.js'
import { migrateToLatest } from './migrate.js'

const config = loadConfig()
await ensureDatabaseExists(config.databaseUrl)
const db = createDb(config.databaseUrl)
try {
  const applied = await migrateToLatest(db, { initialBusinessDate: openingBusinessDate(config) })
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date')
} finally {
  await db.destroy()
}
