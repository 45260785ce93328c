/**
 * Replays every recorded workflow history (test/fixtures/histories/, written by
 * `npm run histories:record`) against the current workflow code: a change that would break a
 * running workflow (reordered or removed activities, timers, children, signals) fails here, naming
 * the workflow, before it reaches a worker. No server: the replay runs in-process from the bundle.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { bundleWorkflowCode, Worker } from '@temporalio/worker'
import { expect, it } from 'vitest'
import { WORKFLOWS_PATH } from '../../../src/paths.js'
import { HISTORIES_DIR, historyFromJson } from '../../support/history-json.js'

const REPLAY_TIMEOUT_MS = 180_000
const quiet = () => {}
const logger = { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: console.error, log: quiet }

it(
  'replays every recorded history against the current workflow code',
  async () => {
    const files = readdirSync(HISTORIES_DIR)
      .filter((file) => file.endsWith('.json'))
      .sort()
    expect(files.length).toBeGreaterThan(0)
    const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger })
    const histories = files.map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: historyFromJson(readFileSync(join(HISTORIES_DIR, file), 'utf8')),
    }))
    const failures: string[] = []
    let replayed = 0
    for await (const result of Worker.runReplayHistories({ workflowBundle: { code } }, histories)) {
      replayed += 1
      if (result.error) failures.push(`${result.workflowId}: ${result.error.name}: ${result.error.message}`)
    }
    expect(failures, `nondeterministic against the recorded histories:\n${failures.join('\n')}`).toEqual([])
    expect(replayed).toBe(files.length)
  },
  REPLAY_TIMEOUT_MS,
)
