/**
 * Finds the Temporal CLI (which contains the dev server) or builds it from its Go module.
 * Order: `TEMPORAL_CLI_PATH`, `temporal` on PATH, `.tools/bin/temporal`, then `go install`.
 * @module
 */
import { execFile } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'
import { promisify } from 'node:util'
import { PROJECT_ROOT } from '../paths.js'

const execFileAsync = promisify(execFile)

/** Later tags carry a `replace` directive that `go install` refuses; these build with `go install`. */
export const TEMPORAL_CLI_VERSIONS = ['v1.5.1', 'v1.4.1', 'v1.3.0'] as const
const GO_BUILD_TIMEOUT_MS = 30 * 60_000

export const TOOLS_BIN = join(PROJECT_ROOT, '.tools', 'bin')

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name)
  }
  return undefined
}

export function findTemporalCli(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env.TEMPORAL_CLI_PATH
  if (explicit && isExecutable(explicit)) return explicit
  return (
    onPath('temporal', env) ??
    (isExecutable(join(TOOLS_BIN, 'temporal')) ? join(TOOLS_BIN, 'temporal') : undefined)
  )
}

export class TemporalCliMissing extends Error {
  override readonly name = 'TemporalCliMissing'
}

/** Returns the path of a Temporal CLI, building it with Go when there is none. */
export async function ensureTemporalCli(log: (line: string) => void = console.error): Promise<string> {
  const found = findTemporalCli()
  if (found) return found
  const go =
    onPath('go', process.env) ?? (isExecutable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined)
  if (!go) {
    throw new TemporalCliMissing(
      'No Temporal CLI found. Put `temporal` on PATH, set TEMPORAL_CLI_PATH, set TEMPORAL_ADDRESS to an ' +
        'existing server, or install Go and run `npm run temporal:install`.',
    )
  }
  const failures: string[] = []
  for (const version of TEMPORAL_CLI_VERSIONS) {
    log(`Building the Temporal CLI ${version} with Go into .tools/bin (first run only; takes a few minutes)…`)
    try {
      await execFileAsync(go, ['install', `github.com/temporalio/cli/cmd/temporal@${version}`], {
        env: { ...process.env, GOBIN: TOOLS_BIN },
        timeout: GO_BUILD_TIMEOUT_MS,
        maxBuffer: 64 * 1024 * 1024,
      })
      const built = join(TOOLS_BIN, 'temporal')
      if (isExecutable(built)) return built
      failures.push(`${version}: go install succeeded but ${built} is missing`)
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? String(error)
      failures.push(`${version}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`)
    }
  }
  throw new TemporalCliMissing(`Could not build the Temporal CLI: ${failures.join('; ')}`)
}
