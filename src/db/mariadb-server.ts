/**
 * A private MariaDB server: its own data directory and port, started with `--no-defaults` so
 * nothing of the machine's own server (its my.cnf, socket, datadir) is used. `npm start` runs one
 * when no database answers (`embedded-database.ts`); the chaos suite kills and restarts one on the
 * same data directory. It never touches the machine's server on 3306.
 * @module
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { portAnswers } from '../ports.js'

export const MARIADB_START_TIMEOUT_MS = 60_000
/** Where Debian, Fedora and the tarballs put them, besides `PATH`. */
const SYSTEM_DIRS = ['/usr/sbin', '/usr/local/sbin', '/usr/bin', '/usr/local/bin'] as const
const SERVER_NAMES = ['mariadbd', 'mysqld'] as const
const INSTALL_DB_NAMES = ['mariadb-install-db', 'mysql_install_db'] as const
const HOST = '127.0.0.1'
/** Small: the demo's and the suite's data are tens of megabytes, and the machine may be shared. */
const BUFFER_POOL = '128M'

/** The two programs a private server needs: the server and the data-directory initialiser. */
export type MariaDbBinaries = Readonly<{ server: string; installDb: string }>

export type MariaDbServer = {
  readonly port: number
  /** `mysql://root@127.0.0.1:port` (no database). */
  readonly serverUrl: string
  /** Starts the server on its data directory (InnoDB recovers whatever a kill left). */
  start(): Promise<void>
  /** Stops it with `signal` (SIGKILL: a crash; SIGTERM: a clean shutdown) and waits for the exit. */
  stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>
  /** Sends SIGTERM without waiting, for a `process.on('exit')` hook: the server then shuts down alone. */
  stopWithoutWaiting(): void
  readonly running: boolean
}

/** The MariaDB programs on `PATH` or in the usual system folders; undefined when either is missing. */
export function findMariaDbBinaries(pathVariable = process.env['PATH'] ?? ''): MariaDbBinaries | undefined {
  const dirs = [...pathVariable.split(delimiter).filter(Boolean), ...SYSTEM_DIRS]
  const find = (names: readonly string[]) =>
    names.flatMap((name) => dirs.map((dir) => join(dir, name))).find((path) => existsSync(path))
  const server = find(SERVER_NAMES)
  const installDb = find(INSTALL_DB_NAMES)
  return server && installDb ? { server, installDb } : undefined
}

/** The pid in a pid file left by a server that still runs, or undefined. */
function livePid(pidFile: string): number | undefined {
  if (!existsSync(pidFile)) return undefined
  const pid = Number(readFileSync(pidFile, 'utf8').trim())
  if (!Number.isInteger(pid) || pid <= 0) return undefined
  try {
    process.kill(pid, 0)
  } catch {
    return undefined // gone: the file is what a kill left behind
  }
  const comm = existsSync(`/proc/${pid}/comm`) ? readFileSync(`/proc/${pid}/comm`, 'utf8') : 'mariadbd'
  return /mariadbd|mysqld/.test(comm) ? pid : undefined
}

/**
 * A server on `baseDir/data` (initialised there on first use; kept afterwards) that will listen on
 * 127.0.0.1:`port`. Throws when no MariaDB is installed or the initialisation fails.
 */
export function createMariaDbServer(options: {
  baseDir: string
  port: number
  log: (line: string) => void
  binaries?: MariaDbBinaries
}): MariaDbServer {
  const binaries = options.binaries ?? findMariaDbBinaries()
  if (!binaries) {
    throw new Error(`No MariaDB server found (mariadbd and mariadb-install-db on PATH or in /usr/sbin).`)
  }
  const dataDir = join(options.baseDir, 'data')
  const pidFile = join(options.baseDir, 'mysqld.pid')
  const asRoot = process.getuid?.() === 0 ? ['--user=root'] : []
  let child: ChildProcess | undefined
  let exited: Promise<void> | undefined

  if (!existsSync(join(dataDir, 'mysql'))) {
    mkdirSync(options.baseDir, { recursive: true })
    options.log(`initialising a MariaDB data directory in ${dataDir}`)
    const installed = spawnSync(
      binaries.installDb,
      [
        '--no-defaults',
        `--datadir=${dataDir}`,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
        ...asRoot,
      ],
      { encoding: 'utf8' },
    )
    if (installed.status !== 0) {
      throw new Error(`mariadb-install-db failed: ${installed.stderr || installed.stdout || installed.error}`)
    }
  }

  const server: MariaDbServer = {
    port: options.port,
    serverUrl: `mysql://root@${HOST}:${options.port}`,
    get running() {
      return child !== undefined && child.exitCode === null && child.signalCode === null
    },
    async start() {
      if (server.running) return
      const earlier = livePid(pidFile)
      if (earlier !== undefined) {
        throw new Error(
          `A MariaDB from an earlier start still runs on ${dataDir} (pid ${earlier}); stop it (kill ${earlier}) and start again.`,
        )
      }
      if (await portAnswers(HOST, options.port)) throw new Error(`Port ${options.port} is taken.`)
      const started = spawn(
        binaries.server,
        [
          '--no-defaults',
          `--datadir=${dataDir}`,
          `--port=${options.port}`,
          `--bind-address=${HOST}`,
          `--socket=${join(options.baseDir, 'mysqld.sock')}`,
          `--pid-file=${pidFile}`,
          `--log-error=${join(options.baseDir, 'error.log')}`,
          '--character-set-server=utf8mb4',
          '--collation-server=utf8mb4_general_ci',
          `--innodb-buffer-pool-size=${BUFFER_POOL}`,
          '--skip-name-resolve',
          ...asRoot,
        ],
        { stdio: 'ignore' },
      )
      child = started
      exited = new Promise<void>((resolve) => started.once('exit', () => resolve()))
      const deadline = Date.now() + MARIADB_START_TIMEOUT_MS
      while (!(await portAnswers(HOST, options.port))) {
        if (!server.running) throw new Error(`mariadbd exited at start; see ${options.baseDir}/error.log`)
        if (Date.now() > deadline) {
          started.kill('SIGKILL')
          throw new Error(`mariadbd did not open port ${options.port} in ${MARIADB_START_TIMEOUT_MS} ms`)
        }
        await sleep(50)
      }
      options.log(`mariadb up on ${HOST}:${options.port}`)
    },
    async stop(signal) {
      if (!server.running) return
      child!.kill(signal)
      await exited
    },
    stopWithoutWaiting() {
      if (server.running) child!.kill('SIGTERM')
    },
  }
  return server
}
