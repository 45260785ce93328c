/** `npm run reconcile`: exits 0 when every counterparty's balance equals its documents, 1 naming the first break. */
import { loadConfig } from '../config.js'
import { createDb } from '../db/database.js'
import { describeBreak, reconcile } from './reconciliation.js'

const config = loadConfig()
const db = createDb(config.databaseUrl)
try {
  const result = await reconcile(db)
  console.log(`${result.checkedAccounts} counterparty accounts as of ${result.asOf}; ${result.durationMs} ms`)
  const [first] = result.breaks
  if (first) {
    console.error(`RECONCILIATION BREAK: ${describeBreak(first)}`)
    if (result.breaks.length > 1) console.error(`(${result.breaks.length - 1} more)`)
    process.exitCode = 1
  } else {
    console.log('reconciled: every counterparty balance equals its documents')
  }
} finally {
  await db.destroy()
}
