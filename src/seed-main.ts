import { loadConfig } from './config.js'
import { ensureDatabaseExists } from './db/database.js'
import { migrateToLatest } from './db/migrate.js'
import { seedDemoData } from './seed.js'
import { openServices } from './services.js'

const config = loadConfig()
await ensureDatabaseExists(config.databaseUrl)
const services = openServices(config.databaseUrl)
try {
  await migrateToLatest(services.db, { initialBusinessDate: config.initialBusinessDate })
  const { created } = await seedDemoData(services)
  if (created.length === 0) console.log('demo data already present')
  for (const principal of created) console.log(`${principal.role} key: ${principal.apiKey}`)
} finally {
  await services.close()
}
