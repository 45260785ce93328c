/**
 * A worker (src/worker-main.ts) in a child process, so that a test or the chaos suite can kill it with
 * SIGKILL mid-run and start another.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { PROJECT_ROOT } from './paths.js'

export type WorkerProcess = {
  child: ChildProcess
  /** Whether the process is still alive (it may also exit by itself, e.g. when Temporal went away). */
  readonly running: boolean
  kill(): Promise<void>
}

const WORKER_START_TIMEOUT_MS = 60_000

export async function startWorkerProcess(env: {
  databaseUrl: string
  temporalAddress: string
  namespace: string
  taskQueue: string
  /** A pre-built workflow bundle: the worker starts in about a second instead of bundling. */
  workflowBundlePath?: string
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
      ...(env.workflowBundlePath ? { WORKFLOW_BUNDLE_PATH: env.workflowBundlePath } : {}),
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
    get running() {
      return child.exitCode === null && child.signalCode === null
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      child.kill('SIGKILL')
      await exited
    },
  }
}
