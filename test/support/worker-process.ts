/** A worker in a child process, so that a test can kill it with SIGKILL mid-run and start another. */
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { PROJECT_ROOT } from '../../src/paths.js'

export type WorkerProcess = { child: ChildProcess; kill(): Promise<void> }

const WORKER_START_TIMEOUT_MS = 60_000

export async function startWorkerProcess(env: {
  databaseUrl: string
  temporalAddress: string
  namespace: string
  taskQueue: string
}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'src/worker-main.ts')], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: env.databaseUrl,
      TEMPORAL_ADDRESS: env.temporalAddress,
      TEMPORAL_NAMESPACE: env.namespace,
      TEMPORAL_TASK_QUEUE: env.taskQueue,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`worker did not start: ${stderr}`)),
      WORKER_START_TIMEOUT_MS,
    )
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('worker running')) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`worker exited with ${code}: ${stderr}`))
    })
  })
  return {
    child,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      child.kill('SIGKILL')
      await exited
    },
  }
}
