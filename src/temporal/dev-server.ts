/**
 * Runs `temporal server start-dev` as a child process for `npm start` when no TEMPORAL_ADDRESS is
 * given. State lives in a SQLite file under the data directory, so workflows survive a restart.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { portAnswers } from '../ports.js'

export const DEV_SERVER_START_TIMEOUT_MS = 60_000

/**
 * One task-queue partition: on a single dev server more partitions only add forwarding delay
 * between a task and its poller (measured here: about 100 ms per activity with the default).
 */
export const DEV_SERVER_TUNING_ARGS = [
  '--dynamic-config-value',
  'matching.numTaskqueueReadPartitions=1',
  '--dynamic-config-value',
  'matching.numTaskqueueWritePartitions=1',
  '--dynamic-config-value',
  'system.enableActivityEagerExecution=true',
]

/** For tests and benchmarks only: what Temporal's own SDK CI uses; nothing needs to survive a power cut. */
export const EPHEMERAL_SQLITE_ARGS = [
  '--sqlite-pragma',
  'journal_mode=WAL',
  '--sqlite-pragma',
  'synchronous=OFF',
]

export type DevServer = {
  readonly address: string
  readonly uiUrl: string
  /** SIGTERM (then SIGKILL after 10 s); `'SIGKILL'` at once, as a crash would. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>
}

export async function startDevServer(options: {
  cliPath: string
  dataDir: string
  port: number
  uiPort: number
  namespace: string
  log: (line: string) => void
}): Promise<DevServer> {
  mkdirSync(options.dataDir, { recursive: true })
  const host = '127.0.0.1'
  if (await portAnswers(host, options.port)) {
    throw new Error(
      `Port ${options.port} is taken: another Temporal server runs there. Set TEMPORAL_ADDRESS=${host}:${options.port} to use it.`,
    )
  }
  const child: ChildProcess = spawn(
    options.cliPath,
    [
      'server',
      'start-dev',
      '--ip',
      host,
      '--port',
      String(options.port),
      '--ui-port',
      String(options.uiPort),
      '--db-filename',
      join(options.dataDir, 'temporal.sqlite'),
      '--namespace',
      options.namespace,
      '--sqlite-pragma',
      'journal_mode=WAL',
      '--log-level',
      'warn',
      ...DEV_SERVER_TUNING_ARGS,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let exited = false
  let stopping = false
  child.once('exit', () => {
    exited = true
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stopping) return // its shutdown chatter is not news
    for (const line of chunk.toString().split('\n')) if (line.trim()) options.log(`[temporal] ${line.trim()}`)
  })
  const deadline = Date.now() + DEV_SERVER_START_TIMEOUT_MS
  while (!(await portAnswers(host, options.port))) {
    if (exited)
      throw new Error('The Temporal dev server exited during start-up; see the [temporal] lines above.')
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(
        `The Temporal dev server did not open port ${options.port} in ${DEV_SERVER_START_TIMEOUT_MS} ms.`,
      )
    }
    await sleep(200)
  }
  return {
    address: `${host}:${options.port}`,
    uiUrl: `http://${host}:${options.uiPort}`,
    async stop(signal = 'SIGTERM') {
      if (exited) return
      stopping = true
      const done = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      child.kill(signal)
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await done
      clearTimeout(timer)
    },
  }
}
