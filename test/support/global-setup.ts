/**
 * Once per test run: a real Temporal dev server (the locally built CLI, through the SDK's
 * `createLocal`) and one workflow bundle that every test worker loads.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TestWorkflowEnvironment } from '@temporalio/testing'
import { bundleWorkflowCode } from '@temporalio/worker'
import type {} from 'vitest'
import type { TestProject } from 'vitest/node'
import { WORKFLOWS_PATH } from '../../src/paths.js'
import { DEV_SERVER_TUNING_ARGS, EPHEMERAL_SQLITE_ARGS } from '../../src/temporal/dev-server.js'
import { installTemporalRuntime } from '../../src/temporal/runtime.js'
import { ensureTemporalCli } from '../../src/temporal/temporal-cli.js'
import { testNamespaces } from './namespaces.js'

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string
    temporalCliPath: string
    workflowBundlePath: string
    runId: string
  }
}

export default async function setup(project: TestProject) {
  installTemporalRuntime()
  const cliPath = await ensureTemporalCli((line) => console.log(line))
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: cliPath },
      ip: '127.0.0.1',
      extraArgs: [
        ...EPHEMERAL_SQLITE_ARGS,
        ...DEV_SERVER_TUNING_ARGS,
        // One namespace per vitest worker: files in parallel never share workflow ids.
        ...testNamespaces().flatMap((namespace) => ['--namespace', namespace]),
      ],
    },
  })
  const bundleDir = mkdtempSync(join(tmpdir(), 'microloan-bundle-'))
  const bundlePath = join(bundleDir, 'workflows.js')
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger })
  writeFileSync(bundlePath, code)

  project.provide('temporalAddress', env.address)
  project.provide('temporalCliPath', cliPath)
  project.provide('workflowBundlePath', bundlePath)
  project.provide('runId', `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`)

  return async () => {
    await env.teardown()
    rmSync(bundleDir, { recursive: true, force: true })
  }
}

const noop = () => {}
const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: console.error, log: noop }
