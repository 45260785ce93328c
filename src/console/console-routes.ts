/**
 * `/console`: the loan officer console, server-rendered by this app (hono/html templates, plain HTML
 * forms, one small script that only draws charts). An officer signs in with an officer API key and
 * gets a server-side session (access/sessions.ts): an HttpOnly, SameSite=Strict cookie, a CSRF token
 * checked on every POST, sign-out and idle expiry. The `/v1/*` Bearer middleware does not apply here.
 *
 * Reads call the same functions as the API (portfolio summary, loan views, transactions, audit log);
 * actions call the same officer-action functions as the API's routes, so each is audited the same way.
 * @module
 */
import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { Client } from '@temporalio/client'
import { Hono, type Context } from 'hono'
import { html } from 'hono/html'
import { bodyLimit } from 'hono/body-limit'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { authenticate, type AdminKey } from '../access/principal-service.js'
import type { AbuseGuard } from '../http/abuse-limits.js'
import type { Db } from '../db/database.js'
import type { AppEnv } from '../http/app-env.js'
import { isoDate } from '../kernel/business-date.js'
import { NotFound, Refusal } from '../kernel/errors.js'
import { postingsOfEntries } from '../ledger/ledger-repository.js'
import type { LedgerService } from '../ledger/ledger-service.js'
import { vintageCurves, deliveriesByCrop, restrictedSpendByCategory } from '../portfolio/portfolio-charts.js'
import { portfolioOverview, BUCKETS } from '../portfolio/portfolio-service.js'
import type { Bucket } from '../kernel/delinquency.js'
import { getLoanView, loanTransactions } from '../servicing/loan-repository.js'
import {
  RESTRUCTURE_TERM_DAYS_MAX,
  RESTRUCTURE_TERM_DAYS_MIN,
  restructureLoan,
  waivePenalty,
  writeOffByOfficer,
} from '../servicing/officer-actions.js'
import { listAudit, type AuditEntry } from '../system/audit-log.js'
import { getBusinessDate } from '../system/business-date-service.js'
import { CONSOLE_CSS, CONSOLE_ICON_SVG, CONSOLE_SCRIPT } from './console-assets.js'
import {
  agriOverview,
  listConsoleLoans,
  LOAN_PAGE_MAX,
  LOAN_SORTS,
  LOAN_STATUSES,
  loanWorkflowId,
  type LoanSort,
  type LoanStatus,
} from './console-repository.js'
import {
  createSession,
  deleteSession,
  findSession,
  randomToken,
  sameToken,
  type ConsoleSession,
} from '../access/sessions.js'
import { agriView } from './views/agri-view.js'
import { parseYuan, type Html } from './views/format.js'
import { CONSOLE_ASSETS, CONSOLE_PATH, layout, type PageFrame } from './views/layout.js'
import {
  auditTable,
  confirmView,
  loanPageView,
  OFFICER_ACTIONS,
  type OfficerAction,
  type PendingAction,
  type WorkflowInfo,
} from './views/loan-page-view.js'
import { loansView, type LoansQuery } from './views/loans-view.js'
import { loginView } from './views/login-view.js'
import { overviewView } from './views/overview-view.js'

const SESSION_COOKIE = 'mlc_session'
const LOGIN_COOKIE = 'mlc_login'
/** Forms are a few fields; anything bigger is not from the console. */
const FORM_BYTES_MAX = 16 * 1024
const WORKFLOW_DESCRIBE_TIMEOUT_MS = 1_500
const TRANSACTIONS_SHOWN_MAX = 200
const AUDIT_SHOWN_MAX = 100
const REASON_LENGTH_MIN = 3
const REASON_LENGTH_MAX = 1000

export type ConsoleDeps = {
  db: Db
  ledger: LedgerService
  temporal: Client
  adminKey: AdminKey
  /** The API's invalid-key lockout, shared with sign-in (a key in a form is guessed like a bearer). */
  guard?: AbuseGuard
}

export type ConsoleOptions = {
  /** Where the Temporal web UI is, for links to a loan's workflow (the dev server's default). */
  temporalUiUrl?: string
}

type ConsoleEnv = AppEnv & { Variables: { session: ConsoleSession; businessDate: string } }
type Ctx = Context<ConsoleEnv>

const CSP = [
  "default-src 'none'",
  // Only the console's own script files: no inline script, no eval.
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

function pageHeaders(c: Ctx, cacheControl = 'no-store'): void {
  c.header('Content-Security-Policy', CSP)
  c.header('X-Content-Type-Options', 'nosniff')
  // The app-wide secureHeaders() sets `no-referrer` over this; the page's <meta name="referrer">
  // makes it same-origin, so form posts carry their Origin (see sameOrigin).
  c.header('Referrer-Policy', 'same-origin')
  c.header('Cache-Control', cacheControl)
}

function secure(c: Ctx): boolean {
  return new URL(c.req.url).protocol === 'https:'
}

function frameOf(
  c: Ctx,
  title: string,
  section: PageFrame['section'],
  extra: Partial<PageFrame> = {},
): PageFrame {
  const session = c.get('session')
  return {
    title,
    section,
    officer: {
      principalRef: session.principalRef,
      csrfToken: session.csrfToken,
      businessDate: c.get('businessDate'),
    },
    ...extra,
  }
}

function render(c: Ctx, frame: PageFrame, body: Html, status: 200 | 400 | 401 | 403 | 404 | 422 = 200) {
  pageHeaders(c)
  return c.html(layout(frame, body), status)
}

/**
 * A POST from another site is refused even before its token is read (defence in depth). Hosts are
 * compared, not schemes, so a TLS-terminating proxy in front of the app does not break sign-in.
 */
function sameOrigin(c: Ctx): boolean {
  const origin = c.req.header('Origin')
  if (origin === undefined) return true
  try {
    return new URL(origin).host === (c.req.header('Host') ?? new URL(c.req.url).host)
  } catch {
    return false // `null` or garbage
  }
}

async function formOf(c: Ctx): Promise<Record<string, string>> {
  const body = await c.req.parseBody()
  const fields: Record<string, string> = {}
  for (const [name, value] of Object.entries(body)) if (typeof value === 'string') fields[name] = value
  return fields
}

function reasonOf(fields: Record<string, string>): string | null {
  const reason = (fields.reason ?? '').trim()
  return reason.length >= REASON_LENGTH_MIN && reason.length <= REASON_LENGTH_MAX ? reason : null
}

function loanIdOf(c: Ctx): number {
  const text = c.req.param('loanId') ?? ''
  if (!/^[1-9][0-9]{0,14}$/.test(text)) throw new NotFound(`No loan ${text}.`)
  return Number(text)
}

function oneOf<T extends string>(values: readonly T[], value: string | undefined): T | undefined {
  return values.find((candidate) => candidate === value)
}

function loansQueryOf(c: Ctx): LoansQuery {
  const q = (name: string) => c.req.query(name) || undefined
  const borrower = /^[1-9][0-9]{0,14}$/.exec(q('borrowerId') ?? '')?.[0]
  const page = /^[1-9][0-9]{0,5}$/.exec(q('page') ?? '')?.[0]
  return {
    product: oneOf(['merchant', 'agri'] as const, q('product')),
    status: oneOf<LoanStatus>(LOAN_STATUSES, q('status')),
    bucket: oneOf<Bucket>(BUCKETS, q('bucket')),
    borrowerId: borrower === undefined ? undefined : Number(borrower),
    sort: oneOf(Object.keys(LOAN_SORTS) as LoanSort[], q('sort')) ?? 'id',
    direction: q('direction') === 'asc' ? 'asc' : 'desc',
    page: Math.min(page === undefined ? 1 : Number(page), LOAN_PAGE_MAX),
  }
}

async function workflowInfo(
  deps: ConsoleDeps,
  options: ConsoleOptions,
  loanId: number,
  product: 'merchant' | 'agri',
): Promise<WorkflowInfo | null> {
  const workflowId = await loanWorkflowId(deps.db, loanId, product)
  if (!workflowId) return null
  const namespace = deps.temporal.options.namespace
  const uiUrl = `${options.temporalUiUrl ?? 'http://127.0.0.1:8233'}/namespaces/${encodeURIComponent(
    namespace,
  )}/workflows/${encodeURIComponent(workflowId)}`
  let status = 'unknown (Temporal did not answer)'
  try {
    const description = await Promise.race([
      deps.temporal.workflow.getHandle(workflowId).describe(),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('timed out')), WORKFLOW_DESCRIBE_TIMEOUT_MS).unref(),
      ),
    ])
    status = description.status.name
  } catch {
    // The page still shows the loan; the status says Temporal did not answer.
  }
  return { workflowId, status, uiUrl }
}

export function consoleRoutes(deps: ConsoleDeps, options: ConsoleOptions = {}) {
  const app = new Hono<ConsoleEnv>()
  const chartPath = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js')
  let chartScript: Promise<Buffer> | undefined

  app.onError((error, c) => {
    const status = error instanceof NotFound ? 404 : error instanceof Refusal ? 422 : null
    if (status === null) throw error
    pageHeaders(c)
    const frame: PageFrame = c.get('session')
      ? frameOf(c, 'Not found', 'none')
      : { title: 'Not found', section: 'none' }
    return c.html(
      layout(
        frame,
        html`<h1>${status === 404 ? 'Not found' : 'Refused'}</h1>
          <p>${error.message}</p>`,
      ),
      status,
    )
  })

  // Assets: public, the same for everyone, served from this app (no CDN).
  const asset = (path: string, type: string, body: () => Promise<string | Buffer> | string) =>
    app.get(path, async (c) => {
      pageHeaders(c, 'public, max-age=300')
      const content = await body()
      return c.body(typeof content === 'string' ? content : new Uint8Array(content), 200, {
        'Content-Type': type,
      })
    })
  asset(CONSOLE_ASSETS.style, 'text/css; charset=utf-8', () => CONSOLE_CSS)
  asset(CONSOLE_ASSETS.script, 'text/javascript; charset=utf-8', () => CONSOLE_SCRIPT)
  asset(CONSOLE_ASSETS.icon, 'image/svg+xml', () => CONSOLE_ICON_SVG)
  asset(CONSOLE_ASSETS.chart, 'text/javascript; charset=utf-8', () => (chartScript ??= readFile(chartPath)))

  app.use(`${CONSOLE_PATH}/*`, bodyLimit({ maxSize: FORM_BYTES_MAX }))

  // Sign in: a double-submit token (cookie + hidden field) guards the form, since there is no session yet.
  const showLogin = (c: Ctx, status: 200 | 401 | 403 | 429, error?: string) => {
    const loginToken = randomToken()
    setCookie(c, LOGIN_COOKIE, loginToken, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: secure(c),
      path: `${CONSOLE_PATH}/login`,
      maxAge: 60 * 60,
    })
    pageHeaders(c)
    return c.html(layout({ title: 'Sign in', section: 'none', error }, loginView(loginToken)), status)
  }
  app.get(`${CONSOLE_PATH}/login`, (c) => showLogin(c, 200))
  app.post(`${CONSOLE_PATH}/login`, async (c) => {
    const fields = await formOf(c)
    const expected = getCookie(c, LOGIN_COOKIE)
    if (!sameOrigin(c) || !expected || !sameToken(expected, fields.csrf ?? '')) {
      return showLogin(c, 403, 'The sign-in form expired. Please try again.')
    }
    const [lockedOutForSeconds, principal] = await Promise.all([
      deps.guard?.lockedOutForSeconds(c) ?? null,
      authenticate(deps.db, deps.adminKey, (fields.apiKey ?? '').trim().slice(0, 200)),
    ])
    if (lockedOutForSeconds !== null) {
      c.header('Retry-After', String(lockedOutForSeconds))
      return showLogin(c, 429, `Too many invalid keys; try again in ${lockedOutForSeconds} s.`)
    }
    if (!principal) {
      await deps.guard?.recordInvalidKey(c)
      return showLogin(c, 401, 'That key is not valid.')
    }
    if (principal.role !== 'officer' || principal.principalId === null) {
      c.get('log').warn({ principalRef: principal.ref, role: principal.role }, 'console sign-in refused')
      return showLogin(c, 403, 'Only loan officers may use the console.')
    }
    const { sessionId } = await createSession(deps.db, {
      principalId: principal.principalId,
      principalRef: principal.ref,
    })
    deleteCookie(c, LOGIN_COOKIE, { path: `${CONSOLE_PATH}/login`, secure: secure(c) })
    setCookie(c, SESSION_COOKIE, sessionId, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: secure(c),
      path: CONSOLE_PATH,
      // No Max-Age: the server ends the session (idle and absolute limits); the browser forgets
      // the cookie when it closes.
    })
    return c.redirect(CONSOLE_PATH, 303)
  })

  // Everything else needs a live session; every POST also needs its CSRF token.
  app.use(CONSOLE_PATH, requireSession)
  app.use(`${CONSOLE_PATH}/*`, requireSession)
  async function requireSession(c: Ctx, next: () => Promise<void>) {
    if (c.req.path === `${CONSOLE_PATH}/login` || c.req.path.startsWith(`${CONSOLE_PATH}/assets/`))
      return next()
    const session = await findSession(deps.db, getCookie(c, SESSION_COOKIE))
    if (!session) {
      deleteCookie(c, SESSION_COOKIE, { path: CONSOLE_PATH, secure: secure(c) })
      return c.redirect(`${CONSOLE_PATH}/login`, 303)
    }
    c.set('session', session)
    c.set('businessDate', await getBusinessDate(deps.db))
    if (c.req.method === 'POST') {
      const fields = await formOf(c)
      if (!sameOrigin(c) || !sameToken(session.csrfToken, fields.csrf ?? '')) {
        return render(c, frameOf(c, 'Refused', 'none'), loginExpired(), 403)
      }
    }
    return next()
  }

  app.post(`${CONSOLE_PATH}/logout`, async (c) => {
    await deleteSession(deps.db, getCookie(c, SESSION_COOKIE))
    deleteCookie(c, SESSION_COOKIE, { path: CONSOLE_PATH, secure: secure(c) })
    return c.redirect(`${CONSOLE_PATH}/login`, 303)
  })

  app.get(CONSOLE_PATH, async (c) => {
    const [overview, vintages, spend, deliveries] = await Promise.all([
      portfolioOverview(deps.db),
      vintageCurves(deps.db, isoDate(c.get('businessDate'))),
      restrictedSpendByCategory(deps.db),
      deliveriesByCrop(deps.db),
    ])
    return render(
      c,
      frameOf(c, 'Overview', 'overview', { charts: true }),
      overviewView({ ...overview, vintages, spend, deliveries }),
    )
  })

  app.get(`${CONSOLE_PATH}/loans`, async (c) => {
    const query = loansQueryOf(c)
    const { sort, direction, page, ...filter } = query
    const result = await listConsoleLoans(deps.db, filter, { sort, direction, page })
    return render(c, frameOf(c, 'Loans', 'loans'), loansView(query, result))
  })

  async function loanPage(
    c: Ctx,
    loanId: number,
    extra: Partial<PageFrame> = {},
    status: 200 | 400 | 422 = 200,
  ) {
    const loan = await getLoanView(deps.db, loanId)
    const [transactions, workflow, audit] = await Promise.all([
      loanTransactions(deps.db, loanId, { limit: TRANSACTIONS_SHOWN_MAX }),
      workflowInfo(deps, options, loanId, loan.product),
      listAudit(deps.db, { subjectType: 'loan', subjectId: String(loanId) }, { limit: AUDIT_SHOWN_MAX }),
    ])
    const ledger = await postingsOfEntries(
      deps.db,
      transactions.items.map((item) => item.entryId),
    )
    const body = loanPageView({
      loan,
      transactions: transactions.items,
      moreTransactions: transactions.nextCursor !== null,
      ledger,
      workflow,
      audit: audit.items,
      csrfToken: c.get('session').csrfToken,
    })
    return render(c, frameOf(c, `Loan ${loanId}`, 'loans', extra), body, status)
  }

  app.get(`${CONSOLE_PATH}/loans/:loanId`, async (c) => {
    const done = oneOf(Object.keys(OFFICER_ACTIONS) as OfficerAction[], c.req.query('done'))
    return loanPage(c, loanIdOf(c), {
      notice: done ? `${OFFICER_ACTIONS[done]}: done and audited.` : undefined,
    })
  })

  /** Reads and checks an action's fields; a message for the officer when they do not hold. */
  function pendingOf(
    action: OfficerAction | undefined,
    fields: Record<string, string>,
    actionId: string,
  ): PendingAction | string {
    if (!action) return 'Choose an action.'
    const reason = reasonOf(fields)
    if (!reason) return `A reason of ${REASON_LENGTH_MIN} to ${REASON_LENGTH_MAX} characters is required.`
    if (action === 'waive-penalty') {
      const amountFen =
        fields.amountFen !== undefined ? Number(fields.amountFen) : parseYuan(fields.amount ?? '')
      if (amountFen === null || !Number.isSafeInteger(amountFen) || amountFen < 1) {
        return 'Enter the amount to waive in yuan, e.g. 12.34.'
      }
      return { action, reason, amountFen, actionId }
    }
    if (action === 'restructure') {
      const termDays = Number(fields.termDays)
      if (
        !Number.isInteger(termDays) ||
        termDays < RESTRUCTURE_TERM_DAYS_MIN ||
        termDays > RESTRUCTURE_TERM_DAYS_MAX
      ) {
        return `The new term is ${RESTRUCTURE_TERM_DAYS_MIN} to ${RESTRUCTURE_TERM_DAYS_MAX} days.`
      }
      return { action, reason, termDays, actionId }
    }
    return { action, reason, actionId }
  }

  app.post(`${CONSOLE_PATH}/loans/:loanId/confirm`, async (c) => {
    const loanId = loanIdOf(c)
    const fields = await formOf(c)
    const action = oneOf(Object.keys(OFFICER_ACTIONS) as OfficerAction[], fields.action)
    const pending = pendingOf(action, fields, randomUUID())
    if (typeof pending === 'string') return loanPage(c, loanId, { error: pending }, 400)
    const loan = await getLoanView(deps.db, loanId)
    if (pending.action === 'waive-penalty' && pending.amountFen! > loan.outstanding.penaltyFen) {
      return loanPage(c, loanId, { error: 'That is more than the penalty interest the loan owes.' }, 400)
    }
    return render(
      c,
      frameOf(c, `Confirm: ${OFFICER_ACTIONS[pending.action]}`, 'loans'),
      confirmView(loan, pending, c.get('session').csrfToken),
    )
  })

  app.post(`${CONSOLE_PATH}/loans/:loanId/actions/:action`, async (c) => {
    const loanId = loanIdOf(c)
    const fields = await formOf(c)
    const actionId = /^[0-9a-f-]{36}$/.exec(fields.actionId ?? '')?.[0]
    const pending = actionId
      ? pendingOf(
          oneOf(Object.keys(OFFICER_ACTIONS) as OfficerAction[], c.req.param('action')),
          fields,
          actionId,
        )
      : 'The confirmation is missing; start again.'
    if (typeof pending === 'string') return loanPage(c, loanId, { error: pending }, 400)
    const session = c.get('session')
    const request = {
      loanId,
      reason: pending.reason,
      principalRef: session.principalRef,
      // One audit entry per confirmation: a double click or a resubmitted form replays, never repeats.
      actionKey: `${session.principalRef}:console:${pending.actionId}`,
    }
    try {
      if (pending.action === 'waive-penalty')
        await waivePenalty(deps, { ...request, amountFen: pending.amountFen! })
      else if (pending.action === 'restructure')
        await restructureLoan(deps, { ...request, termDays: pending.termDays! })
      else await writeOffByOfficer(deps, request)
    } catch (error) {
      if (error instanceof Refusal) return loanPage(c, loanId, { error: `Refused: ${error.message}` }, 422)
      throw error
    }
    return c.redirect(`${CONSOLE_PATH}/loans/${loanId}?done=${pending.action}`, 303)
  })

  app.get(`${CONSOLE_PATH}/agri`, async (c) =>
    render(c, frameOf(c, 'Agri', 'agri'), agriView(await agriOverview(deps.db))),
  )

  app.get(`${CONSOLE_PATH}/audit`, async (c) => {
    const cursor = /^[0-9]{1,15}$/.exec(c.req.query('cursor') ?? '')?.[0]
    const page = await listAudit(
      deps.db,
      {},
      { limit: AUDIT_SHOWN_MAX, cursor: cursor ? Number(cursor) : undefined },
    )
    return render(c, frameOf(c, 'Audit log', 'audit'), auditPage(page.items, page.nextCursor))
  })

  return app
}

function auditPage(items: AuditEntry[], nextCursor: string | null): Html {
  return html`<h1>Audit log</h1>
    <p class="hint">Every officer action: who, when, what and why. Newest first.</p>
    ${auditTable(items, 'audit-log')}
    ${nextCursor ? html`<p><a href="${CONSOLE_PATH}/audit?cursor=${nextCursor}">Older entries</a></p>` : ''}`
}

function loginExpired(): Html {
  return html`<h1>Refused</h1>
    <p>This form is out of date or did not come from the console. Go back, reload the page and try again.</p>
    <p><a href="${CONSOLE_PATH}">Overview</a></p>`
}
