/**
 * Finds Debian's Chromium for the browser tests, or installs it with apt when running as root.
 * Order: `CHROMIUM_PATH`, `/usr/bin/chromium`, then `apt-get update && apt-get install -y chromium`.
 * Playwright's own browser download is not used: the machines reach Debian's packages but no
 * browser download site, and Debian's build is what CI's fresh machine can install.
 * @module
 */
import { execFile } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)

export const DEBIAN_CHROMIUM_PATH = '/usr/bin/chromium'
const APT_TIMEOUT_MS = 20 * 60_000

/**
 * Launch flags for a headless run on a machine without a network outside: without the
 * background-networking flags Chromium's own connections (updates, sync, QUIC probes) are refused
 * and slow every start. `--no-sandbox` because tests run as root.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env.CHROMIUM_PATH
  if (explicit && isExecutable(explicit)) return explicit
  return isExecutable(DEBIAN_CHROMIUM_PATH) ? DEBIAN_CHROMIUM_PATH : undefined
}

export class ChromiumMissing extends Error {
  override readonly name = 'ChromiumMissing'
}

/** Returns the path of a Chromium binary, installing Debian's package when there is none. */
export async function ensureChromium(log: (line: string) => void = console.error): Promise<string> {
  const found = findChromium()
  if (found) return found
  if (process.getuid?.() !== 0) {
    throw new ChromiumMissing(
      'No Chromium found. Run `apt-get install -y chromium` as root, or set CHROMIUM_PATH to a Chromium binary.',
    )
  }
  log('Installing Chromium with apt-get (first run only)…')
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const options = { env, timeout: APT_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 }
  try {
    await execFileAsync('apt-get', ['update'], options)
    // A Chinese font with it: the pages speak zh-CN, and without one their screenshots show empty boxes.
    await execFileAsync(
      'apt-get',
      ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-wqy-microhei'],
      options,
    )
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error)
    throw new ChromiumMissing(
      `apt-get could not install chromium: ${stderr.trim().split('\n').slice(-3).join(' | ')}`,
    )
  }
  const installed = findChromium()
  if (!installed)
    throw new ChromiumMissing(`apt-get installed chromium but ${DEBIAN_CHROMIUM_PATH} is missing`)
  return installed
}
