/**
 * A private MariaDB server for the chaos suite: its own data directory and port, started with
 * `--no-defaults` so nothing of the machine's own server (its my.cnf, socket, datadir) is used, and
 * killed and started again on the same data directory. It never touches the server on 3306.
 * @module
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { portAnswers } from '../../src/temporal/dev-server.js'

export const MARIADB_START_TIMEOUT_MS = 60_000
const MARIADB_BINARIES = ['/usr/sbin/mariadbd', '/usr/bin/mariadbd', '/usr/sbin/mysqld'] as const
const HOST = '127.0.0.1'
/** Small: the suite's data is tens of megabytes, and the machine is shared. */
const BUFFER_POOL = '128M'

export type MariaDbServer = {
  readonly port: number
  /** `mysql://root@127.0.0.1:port` (no database). */
  readonly serverUrl: string
  /** Starts the server on its data directory (InnoDB recovers whatever a kill left). */
  start(): Promise<void>
  /** Stops it with `signal` (SIGKILL: a crash; SIGTERM: a clean shutdown) and waits for the exit. */
  stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>
  readonly running: boolean
}

function findMariaDbd(): string {
  const found = MARIADB_BINARIES.find((path) => existsSync(path))
  if (!found) throw new Error(`No MariaDB server binary (looked for ${MARIADB_BINARIES.join(', ')}).`)
  return found
}

export function createMariaDbServer(options: {
  baseDir: string
  port: number
  log: (line: string) => void
}): MariaDbServer {
  const binary = findMariaDbd()
  const dataDir = join(options.baseDir, 'data')
  const asRoot = process.getuid?.() === 0 ? ['--user=root'] : []
  let child: ChildProcess | undefined
  let exited: Promise<void> | undefined

  if (!existsSync(join(dataDir, 'mysql'))) {
    mkdirSync(options.baseDir, { recursive: true })
    const installed = spawnSync(
      'mariadb-install-db',
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
      if (await portAnswers(HOST, options.port)) throw new Error(`Port ${options.port} is taken.`)
      const started = spawn(
        binary,
        [
          '--no-defaults',
          `--datadir=${dataDir}`,
          `--port=${options.port}`,
          `--bind-address=${HOST}`,
          `--socket=${join(options.baseDir, 'mysqld.sock')}`,
          `--pid-file=${join(options.baseDir, 'mysqld.pid')}`,
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
  }
  return server
}
