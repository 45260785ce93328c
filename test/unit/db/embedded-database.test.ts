import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { DatabaseUnavailableError, resolveDatabase } from '../../../src/db/embedded-database.js'
import { findMariaDbBinaries } from '../../../src/db/mariadb-server.js'

const options = {
  databaseUrl: 'mysql://root@127.0.0.1:3306/microloan',
  embedded: 'auto',
  dataDir: '/nowhere',
} as const

async function refusal(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(DatabaseUnavailableError)
  return error as Error
}

describe('the database npm start uses', () => {
  it('says in one line how to get MariaDB when nothing answers and none is installed', async () => {
    const error = await refusal(
      resolveDatabase(options, { answers: async () => false, findBinaries: () => undefined }),
    )
    expect(error.message).toBe(
      'No database answered at 127.0.0.1:3306 and MariaDB is not installed: install it (apt-get install mariadb-server) and run npm start again, or set DATABASE_URL to a running MySQL/MariaDB.',
    )
  })

  it('starts nothing with EMBEDDED_DATABASE=off and says so in one line', async () => {
    const findBinaries = vi.fn(() => ({
      server: '/usr/sbin/mariadbd',
      installDb: '/usr/bin/mariadb-install-db',
    }))
    const error = await refusal(
      resolveDatabase({ ...options, embedded: 'off' }, { answers: async () => false, findBinaries }),
    )
    expect(error.message).toBe(
      'No database answered at 127.0.0.1:3306 (EMBEDDED_DATABASE=off): start it, or set DATABASE_URL to a running MySQL/MariaDB.',
    )
    expect(findBinaries).not.toHaveBeenCalled()
  })

  it('keeps a database that answers, and never replaces a remote one', async () => {
    const findBinaries = vi.fn(() => undefined)
    const answered = await resolveDatabase(options, { answers: async () => true, findBinaries })
    expect(answered).toEqual({ databaseUrl: options.databaseUrl, embedded: undefined, notice: undefined })

    const answers = vi.fn(async () => false)
    const remoteUrl = 'mysql://lender:secret@db.internal:3306/microloan'
    const remote = await resolveDatabase({ ...options, databaseUrl: remoteUrl }, { answers, findBinaries })
    expect(remote).toEqual({ databaseUrl: remoteUrl, embedded: undefined, notice: undefined })
    expect(answers).not.toHaveBeenCalled()
    expect(findBinaries).not.toHaveBeenCalled()
  })

  it('probes localhost and the default port when the URL names no port', async () => {
    const answers = vi.fn(async () => true)
    await resolveDatabase({ ...options, databaseUrl: 'mysql://root@localhost/microloan' }, { answers })
    expect(answers).toHaveBeenCalledWith('localhost', 3306)
  })

  it('finds mariadbd and mariadb-install-db on PATH before the system folders', () => {
    const dir = mkdtempSync(join(tmpdir(), 'microloan-path-'))
    try {
      for (const name of ['mariadbd', 'mariadb-install-db']) {
        writeFileSync(join(dir, name), '#!/bin/sh\n')
        chmodSync(join(dir, name), 0o755)
      }
      expect(findMariaDbBinaries(dir)).toEqual({
        server: join(dir, 'mariadbd'),
        installDb: join(dir, 'mariadb-install-db'),
      })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
