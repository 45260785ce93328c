import { loadConfig } from './config.js'
import { createDb, ensureDatabaseExists } from './db/database.js'
import { migrateToLatest } from './db/migrate.js'
import { seedDemoData } from './seed.js'

const config = loadConfig()
await ensureDatabaseExists(config.databaseUrl)
const db = createDb(config.databaseUrl)
try {
  await migrateToLatest(db, { initialBusinessDate: config.initialBusinessDate })
  const { created } = await seedDemoData(db)
  if (created.length === 0) console.log('demo data already present')
  for (const principal of created) console.log(`${principal.role} key: ${principal.apiKey}`)
} finally {
  await db.destroy()
}
