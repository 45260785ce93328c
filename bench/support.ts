/**
 * What every benchmark shares: a real Temporal dev server, a worker, a fresh database, machine info,
 * and the statistics. Figures are printed beside a baseline measured in the same run.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import { Client } from '@temporalio/client'
import { TestWorkflowEnvironment } from '@temporalio/testing'
import { NativeConnection, type Worker } from '@temporalio/worker'
import { sql } from 'kysely'
import { dropDatabase, ensureDatabaseExists } from '../src/db/database.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { openServices, type Services } from '../src/services.js'
import { DEV_SERVER_TUNING_ARGS, EPHEMERAL_SQLITE_ARGS } from '../src/temporal/dev-server.js'
import { installTemporalRuntime } from '../src/temporal/runtime.js'
import { ensureTemporalCli } from '../src/temporal/temporal-cli.js'
import { createWorker } from '../src/worker.js'

export type BenchEnv = Services & {
  databaseUrl: string
  client: Client
  taskQueue: string
  cliPath: string
  close(): Promise<void>
}

export async function startBenchEnv(): Promise<BenchEnv> {
  installTemporalRuntime()
  const cliPath = await ensureTemporalCli()
  const server = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306'
  const databaseUrl = `${server}/mlbench_${randomBytes(4).toString('hex')}`
  await ensureDatabaseExists(databaseUrl)
  const services = openServices(databaseUrl)
  const { db } = services
  await migrateToLatest(db, { initialBusinessDate: '2026-01-01' })
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: cliPath },
      ip: '127.0.0.1',
      extraArgs: [...EPHEMERAL_SQLITE_ARGS, ...DEV_SERVER_TUNING_ARGS],
    },
  })
  const taskQueue = 'bench'
  const connection = await NativeConnection.connect({ address: env.address })
  const worker: Worker = await createWorker({
    connection,
    namespace: 'default',
    taskQueue,
    deps: services,
  })
  const run = worker.run()
  return {
    ...services,
    databaseUrl,
    client: env.client as unknown as Client,
    taskQueue,
    cliPath,
    async close() {
      worker.shutdown()
      await run
      await connection.close()
      await env.teardown()
      await services.close()
      await dropDatabase(databaseUrl)
    },
  }
}

export async function machineInfo(env: BenchEnv): Promise<string> {
  const cpus = os.cpus()
  const mysqlVersion = await sql<{ v: string }>`SELECT VERSION() AS v`.execute(env.db)
  let temporalVersion = '?'
  try {
    temporalVersion = execFileSync(env.cliPath, ['--version']).toString().trim()
  } catch {
    // leave '?'
  }
  return [
    `machine: ${cpus.length} × ${cpus[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()}`,
    `node ${process.version}; MySQL ${mysqlVersion.rows[0]?.v ?? '?'}; ${temporalVersion}`,
  ].join('\n')
}

export function percentile(sortedMs: readonly number[], fraction: number): number {
  if (sortedMs.length === 0) return Number.NaN
  const index = Math.min(sortedMs.length - 1, Math.ceil(fraction * sortedMs.length) - 1)
  return sortedMs[Math.max(0, index)]!
}

export type LatencySummary = { count: number; p50Ms: number; p99Ms: number; maxMs: number }

export function summarize(latenciesMs: number[]): LatencySummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b)
  return {
    count: sorted.length,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.at(-1) ?? Number.NaN,
  }
}

/** Runs `task` `total` times with at most `concurrency` in flight; returns per-call latencies and the wall time. */
export async function runConcurrent(
  total: number,
  concurrency: number,
  task: (index: number) => Promise<unknown>,
): Promise<{ latenciesMs: number[]; wallMs: number }> {
  const latenciesMs: number[] = []
  let next = 0
  const startedAt = performance.now()
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async () => {
      while (next < total) {
        const index = next++
        const callStartedAt = performance.now()
        await task(index)
        latenciesMs.push(performance.now() - callStartedAt)
      }
    }),
  )
  return { latenciesMs, wallMs: performance.now() - startedAt }
}

export function perSecond(count: number, wallMs: number): number {
  return (count * 1000) / wallMs
}

export function fmt(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
}

/** CPU used so far by this process and, when it runs on this machine, the MySQL server. */
export type CpuSnapshot = { nodeMs: number; mysqlMs: number | undefined }

/** The local `mariadbd`/`mysqld` process, found once; undefined when the server is elsewhere. */
let mysqlPid: string | null | undefined
function localMysqlPid(): string | undefined {
  if (mysqlPid === undefined) {
    mysqlPid = null
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue
      try {
        const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim()
        if (comm === 'mariadbd' || comm === 'mysqld') {
          mysqlPid = entry
          break
        }
      } catch {
        // gone, or not ours to read
      }
    }
  }
  return mysqlPid ?? undefined
}

/** Linux reports process CPU in clock ticks of 1/100 s. */
const CLOCK_TICKS_PER_SECOND = 100

export function cpuSnapshot(): CpuSnapshot {
  const usage = process.cpuUsage()
  let mysqlMs: number | undefined
  const pid = localMysqlPid()
  if (pid) {
    try {
      // utime and stime are fields 14 and 15; the command name before them may hold spaces.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
      mysqlMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND
    } catch {
      mysqlMs = undefined
    }
  }
  return { nodeMs: (usage.user + usage.system) / 1000, mysqlMs }
}

/** CPU per operation since `before`, as printed beside a latency figure. */
export function cpuPerOperation(before: CpuSnapshot, operations: number): string {
  const after = cpuSnapshot()
  const node = `node ${fmt((after.nodeMs - before.nodeMs) / operations, 2)} ms`
  if (before.mysqlMs === undefined || after.mysqlMs === undefined) return `CPU per call: ${node}`
  return `CPU per call: ${node}, MySQL ${fmt((after.mysqlMs - before.mysqlMs) / operations, 2)} ms`
}
