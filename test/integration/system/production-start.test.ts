/**
 * Issue 19, finding 6: `npm start` with NODE_ENV=production and no ADMIN_API_KEY stops at once,
 * non-zero, with a line naming what is missing, before it reaches a database or prints a key. The
 * database here is a closed loopback port, so nothing could be seeded even if the check failed.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { PROJECT_ROOT } from '../../../src/paths.js'
import { freePort } from '../../../src/ports.js'

const START_TIMEOUT_MS = 60_000

/** Runs `npx tsx src/main.ts` with `env` over a clean environment; its exit code and output. */
async function start(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const inherited = Object.fromEntries(
    ['PATH', 'HOME', 'TMPDIR'].flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])),
  )
  const child = spawn('npx', ['tsx', 'src/main.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), START_TIMEOUT_MS)
  const code = await new Promise<number | null>((done) => child.once('exit', (exitCode) => done(exitCode)))
  clearTimeout(timer)
  return { code, output }
}

describe('production start', () => {
  it('refuses to start without ADMIN_API_KEY, saying so, and prints no key', async () => {
    const closedPort = await freePort()
    const { code, output } = await start({
      NODE_ENV: 'production',
      DATABASE_URL: `mysql://lender:pw@127.0.0.1:${closedPort}/microloan`,
      EMBEDDED_DATABASE: 'off',
      SECRETS_KEY: `k1:${randomBytes(32).toString('base64')}`,
      PORT: '0',
    })
    expect(code, output).not.toBe(0)
    expect(code, output).not.toBeNull()
    expect(output).toMatch(/ADMIN_API_KEY: required in production/)
    expect(output).not.toMatch(/adm_/)
    expect(output).not.toMatch(/sign-in|Demo .* key/i)
  })
})
