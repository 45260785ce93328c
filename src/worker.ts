/**
 * The Temporal worker: real activities over the given database, workflows from `workflows/`.
 * @module
 */
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker'
import { createActivities, type ActivityDeps } from './activities.js'
import { WORKFLOWS_PATH } from './paths.js'

export type WorkerSetup = {
  connection: NativeConnection
  namespace: string
  taskQueue: string
  deps: ActivityDeps
  /** A pre-built bundle (tests bundle once per run); without it the worker bundles `workflows/`. */
  workflowBundle?: WorkerOptions['workflowBundle']
}

export async function createWorker(setup: WorkerSetup): Promise<Worker> {
  return Worker.create({
    connection: setup.connection,
    namespace: setup.namespace,
    taskQueue: setup.taskQueue,
    activities: createActivities(setup.deps),
    ...(setup.workflowBundle ? { workflowBundle: setup.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    // Shut down promptly: activities are idempotent, so an interrupted one is simply retried.
    shutdownGraceTime: '5 seconds',
  })
}
