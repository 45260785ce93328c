/**
 * Page weight and speed (issue 18): each page's first load over loopback in headless Chromium (the
 * app on a real port, cache disabled, a new tab each time): bytes transferred, requests, and the time
 * from navigation start until the page's main content (`main h1`) is in the document, beside the same
 * time for a static file (the pages' stylesheet opened as a document) measured in the same run. The
 * parties are the demo's when the database holds them, else new ones with nothing on their books.
 */
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { chromium, type Browser } from 'playwright-core'
import { AdminKey } from '../src/access/principal-service.js'
import { createSignInLink, type PageRole } from '../src/access/sign-in-links.js'
import { createParty } from '../src/agri/parties.js'
import { createApp } from '../src/http/app.js'
import { PAGE_STYLE_PATH } from '../src/http/pages/kit/page-assets.js'
import { createLogger } from '../src/log.js'
import { createMerchant } from '../src/merchants/merchant-service.js'
import { CHROMIUM_ARGS, ensureChromium } from '../tools/browser/chromium.js'
import { type BenchEnv, fmt, summarize } from './support.js'

const LOADS = 10

type Load = { bytes: number; requests: number; mainMs: number }

async function partiesOf(env: BenchEnv): Promise<Array<{ role: PageRole; subjectId: number }>> {
  const tag = randomBytes(3).toString('hex')
  const merchant = await createMerchant(env, {
    externalRef: `bench-${tag}`,
    name: 'Bench shop',
    openedOn: '2025-01-01',
  })
  const parties: Array<{ role: PageRole; subjectId: number }> = [
    { role: 'merchant', subjectId: merchant.merchantId },
  ]
  for (const role of ['farmer', 'supplier', 'offtaker', 'insurer'] as const) {
    const party = await createParty(env, role, {
      externalRef: `bench-${role}-${tag}`,
      name: `Bench ${role}`,
      region: 'Jilin',
    })
    parties.push({ role, subjectId: party.id })
  }
  return parties
}

async function load(browser: Browser, url: string, signIn: string | null): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 360, height: 800 } })
  try {
    const page = await context.newPage()
    if (signIn) await page.goto(signIn)
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
    let bytes = 0
    let requests = 0
    cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => {
      bytes += event.encodedDataLength
      requests += 1
    })
    const mainWait = signIn ? page.waitForSelector('main h1', { state: 'attached' }) : Promise.resolve()
    await page.goto(url, { waitUntil: 'load' })
    await mainWait
    const mainMs = await page.evaluate(() => performance.now())
    return { bytes, requests, mainMs }
  } finally {
    await context.close()
  }
}

export async function runPagesBench(env: BenchEnv, n: (count: number) => number): Promise<void> {
  console.log('\nPages: first load at 360 px over loopback, cache off (ratios to a static file, same run)')
  const app = createApp({
    ...env,
    temporal: env.client,
    taskQueue: env.taskQueue,
    log: createLogger('silent'),
    adminKey: new AdminKey(`adm_${randomBytes(24).toString('base64url')}`),
  })
  let server: ReturnType<typeof serve> | undefined
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
      resolve(info.port),
    )
  })
  const base = `http://127.0.0.1:${port}`
  const browser = await chromium.launch({
    executablePath: await ensureChromium(),
    headless: true,
    args: [...CHROMIUM_ARGS],
  })
  try {
    const loads = n(LOADS)
    const staticLoads: Load[] = []
    for (let i = 0; i < loads; i++) staticLoads.push(await load(browser, `${base}${PAGE_STYLE_PATH}`, null))
    const staticMs = summarize(staticLoads.map((l) => l.mainMs)).p50Ms
    console.log(
      `  static file (${PAGE_STYLE_PATH}): p50 ${fmt(staticMs, 1)} ms, ${fmt(staticLoads[0]!.bytes)} bytes`,
    )
    for (const party of await partiesOf(env)) {
      const results: Load[] = []
      for (let i = 0; i < loads; i++) {
        const link = await createSignInLink(env.db, { ...party, createdBy: 'bench' })
        results.push(await load(browser, `${base}/${party.role}`, `${base}${link.path}`))
      }
      const summary = summarize(results.map((l) => l.mainMs))
      const last = results.at(-1)!
      console.log(
        `  /${party.role.padEnd(8)} ${fmt(last.bytes).padStart(7)} bytes, ${last.requests} requests, ` +
          `main content p50 ${fmt(summary.p50Ms, 1)} ms (${fmt(summary.p50Ms / staticMs, 1)}× the static file), ` +
          `p99 ${fmt(summary.p99Ms, 1)} ms`,
      )
    }
  } finally {
    await browser.close()
    server?.close()
  }
}
