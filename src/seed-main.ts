import { loadConfig, openingBusinessDate } from './config.js'
import { ensureDatabaseExists } from './db/database.js'
import { migrateToLatest } from './db/migrate.js'
import { describeHistory, seedDemoData } from './seed.js'
import { openServices, secretsKeyringOf } from './services.js'
import { startPlan } from './start-plan.js'

const config = loadConfig()
if (!startPlan(config).seedDemo) {
  console.error(
    'Refusing to seed demo data with NODE_ENV=production: it creates demo parties and prints their keys.',
  )
  process.exit(1)
}
await ensureDatabaseExists(config.databaseUrl)
const services = openServices(config.databaseUrl, { secrets: secretsKeyringOf(config) })
try {
  await migrateToLatest(services.db, { initialBusinessDate: openingBusinessDate(config) })
  const { created, history } = await seedDemoData(services, {
    historyDays: config.demoDays,
    log: (line) => console.log(line),
  })
  if (history) console.log(describeHistory(history))
  if (created.length === 0 && !history) console.log('demo data already present')
  for (const principal of created) console.log(`${principal.role} key: ${principal.apiKey}`)
} finally {
  await services.close()
}
