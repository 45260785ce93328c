/**
 * Browser tests: the app on a real port, and Debian's headless Chromium driven by playwright-core
 * with a new empty profile each time.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serve } from '@hono/node-server'
import { chromium, type BrowserContext } from 'playwright-core'
import { CHROMIUM_ARGS, ensureChromium } from '../../tools/browser/chromium.js'
import type { App } from '../../src/http/app.js'

export async function serveApp(app: App): Promise<{ url: string; close(): Promise<void> }> {
  let server: ReturnType<typeof serve> | undefined
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
      resolve(info.port),
    )
  })
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server) return resolve()
        if ('closeAllConnections' in server) server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'microloan-chromium-'))
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: await ensureChromium(),
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport: { width: 800, height: 900 },
  })
  return {
    context,
    async close() {
      await context.close()
      await rm(userDataDir, { recursive: true, force: true })
    },
  }
}
