/** `npm run ledger:verify`: exits 0 when the ledger re-derives exactly, 1 naming the first discrepancy. */
import { loadConfig } from '../config.js'
import { createDb } from '../db/database.js'
import { verifyLedger } from './ledger-verifier.js'

const config = loadConfig()
const db = createDb(config.databaseUrl)
try {
  const result = await verifyLedger(db)
  for (const line of result.checks) console.log(line)
  console.log(
    `${result.counts.accounts} accounts, ${result.counts.entries} entries, ${result.counts.postings} postings; ${result.durationMs} ms`,
  )
  if (!result.ok) {
    console.error(`LEDGER DISCREPANCY: ${result.discrepancy}`)
    process.exitCode = 1
  } else {
    console.log('ledger verified: clean')
  }
} finally {
  await db.destroy()
}
