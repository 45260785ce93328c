/** Party pages for tests: sign-in links, signing in without a browser, and screenshots in Chromium. */
import { mkdir, readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { BrowserContext, Page } from 'playwright-core'
import { expect } from 'vitest'
import type { PageRole } from '../../src/access/sign-in-links.js'
import type { Harness } from './harness.js'

/** A new sign-in link's path (`/sign-in/…`), asked for by the admin (or `key`). */
export async function signInLinkPath(
  h: Pick<Harness, 'created' | 'adminKey'>,
  role: PageRole,
  subjectId: number,
  key = h.adminKey,
): Promise<string> {
  const link = await h.created('/v1/sign-in-links', key, { role, subjectId })
  return new URL(link.url).pathname
}

/** Opens a link the way a browser does; returns the page session's cookie (`name=value`). */
export async function openPartySession(
  h: Pick<Harness, 'app' | 'created' | 'adminKey'>,
  role: PageRole,
  subjectId: number,
): Promise<string> {
  const opened = await h.app.request(await signInLinkPath(h, role, subjectId))
  expect(opened.status).toBe(303)
  expect(opened.headers.get('location')).toBe(`/${role}`)
  return opened.headers
    .getSetCookie()
    .find((cookie) => cookie.startsWith('mlp_session='))!
    .split(';')[0]!
}

/** The CSRF token a page's forms carry. */
export function csrfOf(pageHtml: string): string {
  return /name="csrf" value="([^"]+)"/.exec(pageHtml)![1]!
}

export const SCREENSHOT_DIR = '.data/screenshots'
export const WIDTHS = { phone: 360, desktop: 1280 } as const

/**
 * Screenshots of the page as it is now at phone and desktop widths, named
 * `{name}-{locale}-{360|1280}.png` under `.data/screenshots/`.
 */
export async function screenshots(page: Page, name: string, locale: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true })
  const viewport = page.viewportSize()
  for (const width of Object.values(WIDTHS)) {
    await page.setViewportSize({ width, height: 900 })
    await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}-${locale}-${width}.png`, fullPage: true })
  }
  if (viewport) await page.setViewportSize(viewport)
}

/** A browser page whose Accept-Language prefers `locale`. */
export async function pageIn(context: BrowserContext, locale: 'zh-CN' | 'en'): Promise<Page> {
  const page = await context.newPage()
  await page.setExtraHTTPHeaders({
    'Accept-Language': locale === 'zh-CN' ? 'zh-CN,zh;q=0.9' : 'en-GB,en;q=0.9',
  })
  return page
}

/**
 * axe-core's check of the page as it is now: the serious and critical violations (none expected).
 * The script is evaluated through the browser's protocol, so the page's CSP need not allow it.
 */
export async function seriousAxeViolations(page: Page): Promise<Array<{ id: string; nodes: string[] }>> {
  const source = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
  await page.evaluate(source)
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<AxeResult> } }).axe
    return axe.run()
  })
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({ id: violation.id, nodes: violation.nodes.map((node) => node.html.slice(0, 200)) }))
}

type AxeResult = {
  violations: Array<{ id: string; impact: string | null; nodes: Array<{ html: string }> }>
}

/** A code as the API spells it (`loan_not_active`): never part of what a reader sees. */
const SNAKE_CASE = /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g

/**
 * What of the page's visible text (`innerText`, so hidden elements and attributes do not count) was
 * left untranslated: snake_case codes, and any of `english` (texts of the English catalogue a
 * Chinese page must not show). `[]` expected.
 */
export async function untranslated(page: Page, english: readonly string[] = []): Promise<string[]> {
  const text = await page.innerText('body')
  const codes = text.match(SNAKE_CASE) ?? []
  return [...new Set([...codes, ...english.filter((words) => text.includes(words))])]
}
