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
import { WorkflowNotFoundError, type Client } from '@temporalio/client'
import { Hono, type Context } from 'hono'
import { html } from 'hono/html'
import { bodyLimit } from 'hono/body-limit'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { authenticate, type AdminKey } from '../access/principal-service.js'
import type { AbuseGuard } from '../http/abuse-limits.js'
import {
  formOf,
  isSecure,
  pageHeaders,
  pageTranslator,
  sameOrigin,
  withLang,
} from '../http/pages/kit/page-http.js'
import type { Translator } from '../i18n/translator.js'
import type { Db } from '../db/database.js'
import type { AppEnv } from '../http/app-env.js'
import { isoDate } from '../kernel/business-date.js'
import { Conflict, NotFound, Refusal } from '../kernel/errors.js'
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
import { parseYuan } from '../kernel/money.js'
import type { Html } from './views/format.js'
import { CONSOLE_ASSETS, CONSOLE_PATH, layout, type PageFrame } from './views/layout.js'
import {
  actionName,
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

type ConsoleEnv = AppEnv & { Variables: { session: ConsoleSession; businessDate: string; t: Translator } }
type Ctx = Context<ConsoleEnv>

/** The pages' policy (src/http/pages/kit/page-http.ts), stricter: the console's script fetches nothing. */
const CONSOLE_CSP = [
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

function headers(c: Ctx, cacheControl?: string): void {
  pageHeaders(c, { csp: CONSOLE_CSP, cacheControl })
}

/** The reader's translator: chosen once per request (`?lang=`, cookie, Accept-Language). */
function tOf(c: Ctx): Translator {
  let t = c.get('t') as Translator | undefined
  if (!t) {
    t = pageTranslator(c)
    c.set('t', t)
  }
  return t
}

/** A frame without a session: the sign-in page, or an error before one was found. */
function bareFrame(c: Ctx, title: string, extra: Partial<PageFrame> = {}): PageFrame {
  return { t: tOf(c), langHref: (locale) => withLang(c, locale), title, section: 'none', ...extra }
}

function frameOf(
  c: Ctx,
  title: string,
  section: PageFrame['section'],
  extra: Partial<PageFrame> = {},
): PageFrame {
  const session = c.get('session')
  return {
    ...bareFrame(c, title),
    section,
    officer: {
      principalRef: session.principalRef,
      csrfToken: session.csrfToken,
      businessDate: c.get('businessDate'),
    },
    ...extra,
  }
}

function render(c: Ctx, frame: PageFrame, body: Html, status: 200 | 400 | 401 | 403 | 404 | 409 | 422 = 200) {
  headers(c)
  return c.html(layout(frame, body), status)
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
  let status = 'unknown'
  try {
    const description = await Promise.race([
      deps.temporal.workflow.getHandle(workflowId).describe(),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('timed out')), WORKFLOW_DESCRIBE_TIMEOUT_MS).unref(),
      ),
    ])
    status = description.status.name
  } catch (error) {
    // Temporal answered that it has no such workflow (a loan booked without one, as the living book's
    // history is): say so. Otherwise the page still shows the loan; the status says Temporal did not answer.
    if (error instanceof WorkflowNotFoundError) status = 'NOT_FOUND'
  }
  return { workflowId, status, uiUrl }
}

export function consoleRoutes(deps: ConsoleDeps, options: ConsoleOptions = {}) {
  const app = new Hono<ConsoleEnv>()
  const chartPath = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js')
  let chartScript: Promise<Buffer> | undefined

  app.onError((error, c) => {
    const status =
      error instanceof NotFound
        ? 404
        : error instanceof Refusal
          ? 422
          : error instanceof Conflict
            ? 409
            : null
    if (status === null) throw error
    const t = tOf(c)
    const title = t.t(status === 404 ? 'common.notFound' : 'common.refused')
    const frame = c.get('session') ? frameOf(c, title, 'none') : bareFrame(c, title)
    // The refusal's text by its code: the domain's message is English and for the API's clients.
    const code = (error as NotFound | Refusal | Conflict).code
    return render(
      c,
      frame,
      html`<h1>${title}</h1>
        <p>${t.code('refusal', code)}</p>`,
      status,
    )
  })

  // Assets: public, the same for everyone, served from this app (no CDN).
  const asset = (path: string, type: string, body: () => Promise<string | Buffer> | string) =>
    app.get(path, async (c) => {
      headers(c, 'public, max-age=300')
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
    const t = tOf(c)
    const loginToken = randomToken()
    setCookie(c, LOGIN_COOKIE, loginToken, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: isSecure(c),
      path: `${CONSOLE_PATH}/login`,
      maxAge: 60 * 60,
    })
    headers(c)
    return c.html(
      layout(bareFrame(c, t.t('common.signIn.title'), { error }), loginView(t, loginToken)),
      status,
    )
  }
  app.get(`${CONSOLE_PATH}/login`, (c) => showLogin(c, 200))
  app.post(`${CONSOLE_PATH}/login`, async (c) => {
    const fields = await formOf(c)
    const expected = getCookie(c, LOGIN_COOKIE)
    if (!sameOrigin(c) || !expected || !sameToken(expected, fields.csrf ?? '')) {
      return showLogin(c, 403, tOf(c).t('console.login.expired'))
    }
    const [lockedOutForSeconds, principal] = await Promise.all([
      deps.guard?.lockedOutForSeconds(c) ?? null,
      authenticate(deps.db, deps.adminKey, (fields.apiKey ?? '').trim().slice(0, 200)),
    ])
    if (lockedOutForSeconds !== null) {
      c.header('Retry-After', String(lockedOutForSeconds))
      return showLogin(c, 429, tOf(c).t('console.login.tooMany', { seconds: lockedOutForSeconds }))
    }
    if (!principal) {
      await deps.guard?.recordInvalidKey(c)
      return showLogin(c, 401, tOf(c).code('refusal', 'invalid_api_key'))
    }
    if (principal.role !== 'officer' || principal.principalId === null) {
      c.get('log').warn({ principalRef: principal.ref, role: principal.role }, 'console sign-in refused')
      return showLogin(c, 403, tOf(c).t('console.login.notOfficer'))
    }
    const { sessionId } = await createSession(deps.db, {
      principalId: principal.principalId,
      principalRef: principal.ref,
    })
    deleteCookie(c, LOGIN_COOKIE, { path: `${CONSOLE_PATH}/login`, secure: isSecure(c) })
    setCookie(c, SESSION_COOKIE, sessionId, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: isSecure(c),
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
      deleteCookie(c, SESSION_COOKIE, { path: CONSOLE_PATH, secure: isSecure(c) })
      return c.redirect(`${CONSOLE_PATH}/login`, 303)
    }
    c.set('session', session)
    c.set('businessDate', await getBusinessDate(deps.db))
    tOf(c)
    if (c.req.method === 'POST') {
      const fields = await formOf(c)
      if (!sameOrigin(c) || !sameToken(session.csrfToken, fields.csrf ?? '')) {
        return render(c, frameOf(c, tOf(c).t('common.refused'), 'none'), formExpired(tOf(c)), 403)
      }
    }
    return next()
  }

  app.post(`${CONSOLE_PATH}/logout`, async (c) => {
    await deleteSession(deps.db, getCookie(c, SESSION_COOKIE))
    deleteCookie(c, SESSION_COOKIE, { path: CONSOLE_PATH, secure: isSecure(c) })
    return c.redirect(`${CONSOLE_PATH}/login`, 303)
  })

  app.get(CONSOLE_PATH, async (c) => {
    const [overview, vintages, spend, deliveries] = await Promise.all([
      portfolioOverview(deps.db),
      vintageCurves(deps.db, isoDate(c.get('businessDate'))),
      restrictedSpendByCategory(deps.db),
      deliveriesByCrop(deps.db),
    ])
    const t = tOf(c)
    return render(
      c,
      frameOf(c, t.t('console.overview.title'), 'overview', { charts: true }),
      overviewView(t, { ...overview, vintages, spend, deliveries }),
    )
  })

  app.get(`${CONSOLE_PATH}/loans`, async (c) => {
    const query = loansQueryOf(c)
    const { sort, direction, page, ...filter } = query
    const result = await listConsoleLoans(deps.db, filter, { sort, direction, page })
    const t = tOf(c)
    return render(c, frameOf(c, t.t('console.nav.loans'), 'loans'), loansView(t, query, result))
  })

  async function loanPage(
    c: Ctx,
    loanId: number,
    extra: Partial<PageFrame> = {},
    status: 200 | 400 | 409 | 422 = 200,
  ) {
    const t = tOf(c)
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
    const body = loanPageView(t, {
      loan,
      transactions: transactions.items,
      moreTransactions: transactions.nextCursor !== null,
      ledger,
      workflow,
      audit: audit.items,
      csrfToken: c.get('session').csrfToken,
    })
    return render(c, frameOf(c, t.t('console.loans.link', { id: loanId }), 'loans', extra), body, status)
  }

  app.get(`${CONSOLE_PATH}/loans/:loanId`, async (c) => {
    const done = oneOf(OFFICER_ACTIONS, c.req.query('done'))
    const t = tOf(c)
    return loanPage(c, loanIdOf(c), {
      notice: done ? t.t('console.loan.done', { action: actionName(t, done) }) : undefined,
    })
  })

  /** Reads and checks an action's fields; a message for the officer when they do not hold. */
  function pendingOf(
    t: Translator,
    action: OfficerAction | undefined,
    fields: Record<string, string>,
    actionId: string,
  ): PendingAction | string {
    if (!action) return t.t('console.confirm.chooseAction')
    const reason = reasonOf(fields)
    if (!reason)
      return t.t('console.confirm.reasonLength', { min: REASON_LENGTH_MIN, max: REASON_LENGTH_MAX })
    if (action === 'waive-penalty') {
      const amountFen =
        fields.amountFen !== undefined ? Number(fields.amountFen) : parseYuan(fields.amount ?? '')
      if (amountFen === null || !Number.isSafeInteger(amountFen) || amountFen < 1) {
        return t.t('console.confirm.amountFormat')
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
        return t.t('console.confirm.termRange', {
          min: RESTRUCTURE_TERM_DAYS_MIN,
          max: RESTRUCTURE_TERM_DAYS_MAX,
        })
      }
      return { action, reason, termDays, actionId }
    }
    return { action, reason, actionId }
  }

  app.post(`${CONSOLE_PATH}/loans/:loanId/confirm`, async (c) => {
    const loanId = loanIdOf(c)
    const fields = await formOf(c)
    const t = tOf(c)
    const pending = pendingOf(t, oneOf(OFFICER_ACTIONS, fields.action), fields, randomUUID())
    if (typeof pending === 'string') return loanPage(c, loanId, { error: pending }, 400)
    const loan = await getLoanView(deps.db, loanId)
    if (pending.action === 'waive-penalty' && pending.amountFen! > loan.outstanding.penaltyFen) {
      return loanPage(c, loanId, { error: t.code('refusal', 'amount_above_penalty') }, 400)
    }
    return render(
      c,
      frameOf(c, t.t('console.confirm.title', { action: actionName(t, pending.action) }), 'loans'),
      confirmView(t, loan, pending, c.get('session').csrfToken),
    )
  })

  app.post(`${CONSOLE_PATH}/loans/:loanId/actions/:action`, async (c) => {
    const loanId = loanIdOf(c)
    const fields = await formOf(c)
    const t = tOf(c)
    const actionId = /^[0-9a-f-]{36}$/.exec(fields.actionId ?? '')?.[0]
    const pending = actionId
      ? pendingOf(t, oneOf(OFFICER_ACTIONS, c.req.param('action')), fields, actionId)
      : t.t('console.confirm.missing')
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
      if (error instanceof Refusal || error instanceof Conflict) {
        const reason = t.code('refusal', error.code)
        return loanPage(
          c,
          loanId,
          { error: t.t('console.refusedWith', { reason }) },
          error instanceof Refusal ? 422 : 409,
        )
      }
      throw error
    }
    return c.redirect(`${CONSOLE_PATH}/loans/${loanId}?done=${pending.action}`, 303)
  })

  app.get(`${CONSOLE_PATH}/agri`, async (c) => {
    const t = tOf(c)
    return render(c, frameOf(c, t.t('console.agri.title'), 'agri'), agriView(t, await agriOverview(deps.db)))
  })

  app.get(`${CONSOLE_PATH}/audit`, async (c) => {
    const cursor = /^[0-9]{1,15}$/.exec(c.req.query('cursor') ?? '')?.[0]
    const page = await listAudit(
      deps.db,
      {},
      { limit: AUDIT_SHOWN_MAX, cursor: cursor ? Number(cursor) : undefined },
    )
    const t = tOf(c)
    return render(
      c,
      frameOf(c, t.t('console.audit.title'), 'audit'),
      auditPage(t, page.items, page.nextCursor),
    )
  })

  return app
}

function auditPage(t: Translator, items: AuditEntry[], nextCursor: string | null): Html {
  return html`<h1>${t.t('console.audit.title')}</h1>
    <p class="hint">${t.t('console.audit.hint')}</p>
    ${auditTable(t, items, 'audit-log')}
    ${
      nextCursor
        ? html`<p><a href="${CONSOLE_PATH}/audit?cursor=${nextCursor}">${t.t('console.audit.older')}</a></p>`
        : ''
    }`
}

function formExpired(t: Translator): Html {
  return html`<h1>${t.t('common.refused')}</h1>
    <p>${t.t('common.formExpired')}</p>
    <p><a href="${CONSOLE_PATH}">${t.t('console.nav.overview')}</a></p>`
}
