/**
 * Which database `npm start` uses. The configured one when it answers; when nothing listens at a
 * configured loopback address, a private MariaDB under `DATA_DIR/mariadb` (kept between starts, so
 * the demo's book persists) on a free port, if MariaDB is installed; otherwise one line saying how
 * to get one. A remote address is never replaced: a database that is down there is an outage, and
 * writing elsewhere would split the book.
 * @module
 */
import { join } from 'node:path'
import { freePort, portAnswers } from '../ports.js'
import {
  createMariaDbServer,
  findMariaDbBinaries,
  type MariaDbBinaries,
  type MariaDbServer,
} from './mariadb-server.js'

/** A loopback connect is refused at once; a short wait is enough and keeps start-up quick. */
export const DATABASE_PROBE_TIMEOUT_MS = 1_500

/** Start-up cannot go on without a database; its message is one line for the console. */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError'
}

export type ResolvedDatabase = Readonly<{
  databaseUrl: string
  /** The private server started because nothing answered; the caller stops it at exit. */
  embedded: MariaDbServer | undefined
  /** One line for the console when a private server was started. */
  notice: string | undefined
}>

export type ResolveDatabaseDeps = {
  answers?: (host: string, port: number) => Promise<boolean>
  findBinaries?: () => MariaDbBinaries | undefined
  pickPort?: () => Promise<number>
  log?: (line: string) => void
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/i

function hostPort(url: URL): { host: string; port: number } {
  return { host: url.hostname, port: url.port ? Number(url.port) : 3306 }
}

/**
 * Resolves the database for start-up. `embedded: 'off'` never starts one; `dataDir` is where the
 * private server's folder `mariadb` lives, `dataDirShown` how the notice names it.
 */
export async function resolveDatabase(
  options: {
    databaseUrl: string
    embedded: 'auto' | 'off'
    dataDir: string
    dataDirShown?: string
  },
  deps: ResolveDatabaseDeps = {},
): Promise<ResolvedDatabase> {
  const answers = deps.answers ?? ((host, port) => portAnswers(host, port, DATABASE_PROBE_TIMEOUT_MS))
  const configured = new URL(options.databaseUrl)
  const { host, port } = hostPort(configured)
  const unchanged = { databaseUrl: options.databaseUrl, embedded: undefined, notice: undefined }
  if (!LOOPBACK.test(host) || (await answers(host.replace(/^\[|\]$/g, ''), port))) return unchanged

  const where = `${host}:${port}`
  if (options.embedded === 'off') {
    throw new DatabaseUnavailableError(
      `No database answered at ${where} (EMBEDDED_DATABASE=off): start it, or set DATABASE_URL to a running MySQL/MariaDB.`,
    )
  }
  const binaries = (deps.findBinaries ?? findMariaDbBinaries)()
  if (!binaries) {
    throw new DatabaseUnavailableError(
      `No database answered at ${where} and MariaDB is not installed: install it (apt-get install mariadb-server) and run npm start again, or set DATABASE_URL to a running MySQL/MariaDB.`,
    )
  }

  const baseDir = join(options.dataDir, 'mariadb')
  const shownDir = join(options.dataDirShown ?? options.dataDir, 'mariadb')
  let server: MariaDbServer
  try {
    server = createMariaDbServer({
      baseDir,
      port: await (deps.pickPort ?? freePort)(),
      log: deps.log ?? (() => {}),
      binaries,
    })
    await server.start()
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]
    throw new DatabaseUnavailableError(
      `No database answered at ${where}, and a private MariaDB in ${shownDir} did not start: ${reason}`,
    )
  }
  const privateUrl = new URL(options.databaseUrl)
  privateUrl.username = 'root'
  privateUrl.password = ''
  privateUrl.hostname = '127.0.0.1'
  privateUrl.port = String(server.port)
  return {
    databaseUrl: privateUrl.toString(),
    embedded: server,
    notice: `No database answered at ${where}; started a private MariaDB at 127.0.0.1:${server.port} with data in ${shownDir}`,
  }
}
