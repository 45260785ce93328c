/**
 * `npm start` when nothing answers at the configured MySQL: a private MariaDB under the data
 * directory, on a free port, that answers, keeps its data between starts and stops when told. The
 * machine's own server (TEST_MYSQL_URL, by default 3306) is only probed, never touched.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createDb, ensureDatabaseExists } from '../../../src/db/database.js'
import { resolveDatabase, type ResolvedDatabase } from '../../../src/db/embedded-database.js'
import { PROJECT_ROOT } from '../../../src/paths.js'
import { freePort, portAnswers } from '../../../src/ports.js'

const SYSTEM_SERVER_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306'

let dataDir: string
let configuredPort: number
const started: ResolvedDatabase[] = []

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'microloan-embedded-'))
  configuredPort = await freePort()
})
afterAll(async () => {
  for (const resolved of started) await resolved.embedded?.stop('SIGTERM')
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

async function startPrivate(): Promise<ResolvedDatabase> {
  const resolved = await resolveDatabase({
    databaseUrl: `mysql://lender:secret@127.0.0.1:${configuredPort}/microloan_embedded`,
    embedded: 'auto',
    dataDir,
    dataDirShown: '.data',
  })
  started.push(resolved)
  return resolved
}

it('starts a private MariaDB when nothing answers, keeps its data between starts, and stops it', async () => {
  expect(await portAnswers('127.0.0.1', configuredPort)).toBe(false)

  const first = await startPrivate()
  const server = first.embedded!
  expect(server.port).not.toBe(configuredPort)
  expect(first.notice).toBe(
    `No database answered at 127.0.0.1:${configuredPort}; started a private MariaDB at 127.0.0.1:${server.port} with data in .data/mariadb`,
  )
  expect(first.databaseUrl).toBe(`mysql://root@127.0.0.1:${server.port}/microloan_embedded`)
  // A second start while this one runs (say, after the first process was SIGKILLed) says what to do.
  const twice = await startPrivate().then(
    () => 'started twice',
    (error: Error) => error.message,
  )
  expect(twice).toMatch(
    /^No database answered at 127\.0\.0\.1:\d+, and a private MariaDB in \.data\/mariadb did not start: A MariaDB from an earlier start still runs on .+ \(pid \d+\); stop it \(kill \d+\) and start again\.$/,
  )

  await ensureDatabaseExists(first.databaseUrl)
  const db = createDb(first.databaseUrl, { connectionLimit: 1 })
  const { rows } = await sql<{ version: string }>`SELECT VERSION() AS version`.execute(db)
  expect(rows[0]!.version).toMatch(/MariaDB/)
  await sql`CREATE TABLE kept (note VARCHAR(20))`.execute(db)
  await sql`INSERT INTO kept VALUES ('from the first start')`.execute(db)
  await db.destroy()
  expect(existsSync(join(dataDir, 'mariadb', 'data', 'microloan_embedded'))).toBe(true)

  await server.stop('SIGTERM')
  expect(server.running).toBe(false)
  expect(await portAnswers('127.0.0.1', server.port)).toBe(false)

  const second = await startPrivate()
  const again = createDb(second.databaseUrl, { connectionLimit: 1 })
  const kept = await sql<{ note: string }>`SELECT note FROM kept`.execute(again)
  expect(kept.rows).toEqual([{ note: 'from the first start' }])
  await again.destroy()
  await second.embedded!.stop('SIGTERM')
  expect(await portAnswers('127.0.0.1', second.embedded!.port)).toBe(false)
})

it('uses the configured database as it is when it answers', async () => {
  const databaseUrl = `${SYSTEM_SERVER_URL}/microloan_unused`
  const resolved = await resolveDatabase({ databaseUrl, embedded: 'auto', dataDir })
  expect(resolved).toEqual({ databaseUrl, embedded: undefined, notice: undefined })
})

it('npm start stops with one line and exit code 1 when nothing answers and the private server is off', async () => {
  const port = await freePort()
  const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: `mysql://root@127.0.0.1:${port}/microloan`,
      EMBEDDED_DATABASE: 'off',
      LOG_LEVEL: 'silent',
    },
  })
  const failure = await run.then(
    () => undefined,
    (error: { code: number; stdout: string; stderr: string }) => error,
  )
  expect(failure?.code).toBe(1)
  expect(failure?.stderr).toBe(
    `No database answered at 127.0.0.1:${port} (EMBEDDED_DATABASE=off): start it, or set DATABASE_URL to a running MySQL/MariaDB.\n`,
  )
  expect(failure?.stdout).toBe('')
})
