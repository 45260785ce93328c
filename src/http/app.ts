/**
 * The Hono app: middleware, routes, the OpenAPI document and its interactive reference.
 * @module
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Client } from '@temporalio/client'
import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import type { Logger } from 'pino'
import swaggerUi from 'swagger-ui-dist'
import { PrincipalCache, type AdminKey } from '../access/principal-service.js'
import type { ScorecardModel } from '../credit/scorecard.js'
import type { Db } from '../db/database.js'
import type { LedgerService } from '../ledger/ledger-service.js'
import { pingDatabase } from '../db/database.js'
import { consoleRoutes } from '../console/console-routes.js'
import type { AbuseLimits } from '../config.js'
import type { SecretsKeyring } from '../kernel/secrets-keyring.js'
import { ABUSE_LIMITS_OFF, abuseGuard } from './abuse-limits.js'
import { apiIntroduction, assertEveryOperationRegistered, DOCUMENT_TAGS } from './api-document.js'
import { authentication } from './auth.js'
import { idempotency, routeKey } from './idempotency.js'
import { merchantOfferPageRoutes } from './pages/merchant-offer-page.js'
import { partyPageRoutes } from './pages/party-pages.js'
import { OVER_HTTPS, reachedOverHttps, type PublicOrigin } from './pages/kit/page-http.js'
import { handleError, problem } from './problem.js'
import { createRouter } from './router.js'
import { adminRoutes } from './routes/admin-routes.js'
import { AGRI_IN_TRANSACTION_ROUTES, agriRoutes } from './routes/agri-routes.js'
import { auditRoutes } from './routes/audit-routes.js'
import { catalogueRoutes } from './routes/catalogue-routes.js'
import { creditRoutes } from './routes/credit-routes.js'
import { eventRoutes } from './routes/event-routes.js'
import { ledgerRoutes } from './routes/ledger-routes.js'
import { loanAgreementRoutes } from './routes/loan-agreement-routes.js'
import { loanApplicationRoutes } from './routes/loan-application-routes.js'
import { loanRoutes } from './routes/loan-routes.js'
import { merchantRoutes } from './routes/merchant-routes.js'
import { offtakerPaymentRoutes } from './routes/offtaker-payment-routes.js'
import { settlementRoutes } from './routes/settlement-routes.js'
import { claimRoutes } from './routes/claim-routes.js'
import { portfolioRoutes } from './routes/portfolio-routes.js'
import { schedulePreviewRoutes } from './routes/schedule-preview-routes.js'
import { signInLinkRoutes } from './routes/sign-in-link-routes.js'
import { systemRoutes } from './routes/system-routes.js'
import { PURCHASE_REQUEST_CONFIRM_PATH, purchaseRequestRoutes } from './routes/purchase-request-routes.js'
import { PurchaseCodeSecret } from '../agri/purchase-request-code.js'
import type { WebhookPolicy } from '../events/webhook-target.js'

export const BODY_BYTES_MAX = 1024 * 1024
/** Bulk imports stream; this bounds one request (about 600,000 sales rows). */
export const IMPORT_BODY_BYTES_MAX = 32 * 1024 * 1024
const READINESS_TIMEOUT_MS = 2_000
/** JSON is never a document: nothing may load from it or frame it. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'"
/** Swagger UI: its own script and styles (it sets inline styles), the spec from this origin. */
const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

export type AppDeps = {
  db: Db
  /** The keys secrets are sealed under at rest (webhook signing secrets). */
  secrets: SecretsKeyring
  ledger: LedgerService
  scorecard: ScorecardModel
  temporal: Client
  taskQueue: string
  log: Logger
  adminKey: AdminKey
  /** Unset = no limits (benches and most tests); `main.ts` passes the configured ones. */
  abuseLimits?: AbuseLimits
  /**
   * The app's clock, epoch milliseconds: the abuse limiter's windows and the expiry of point-of-sale
   * requests; tests move it. Unset = `Date.now`.
   */
  nowMs?: () => number
  /** Where webhooks may be sent; unset = from the environment (`WEBHOOK_ALLOWED_HOSTS`). */
  webhookPolicy?: WebhookPolicy
  /** What point-of-sale codes are hashed and sealed under; unset = a random one for this process. */
  purchaseCodeSecret?: PurchaseCodeSecret
  /**
   * Who may frame the merchant's pages, `/merchant` and `/merchant/offer` (CSP `frame-ancestors`):
   * unset = `'self'` (see MerchantOfferPageOptions.frameAncestors).
   */
  merchantFrameAncestors?: readonly string[]
  /**
   * How long a request waits for a workflow's answer (a loan application's decision) before it
   * answers 503 and gives its Idempotency-Key back; unset = WORKFLOW_ANSWER_WAIT_MS_DEFAULT.
   */
  workflowAnswerWaitMs?: number
  /** `PUBLIC_URL`: when https, session cookies are `Secure` behind a TLS-terminating proxy. */
  publicUrl?: string | undefined
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs).unref(),
    ),
  ])
}

export function createApp(deps: AppDeps) {
  const app = createRouter()
  const principalCache = new PrincipalCache()
  const guard = abuseGuard({ db: deps.db, limits: deps.abuseLimits ?? ABUSE_LIMITS_OFF, nowMs: deps.nowMs })

  app.use(requestId())
  app.use(async function requestLog(c, next) {
    const log = deps.log.child({ requestId: c.get('requestId') })
    c.set('log', log)
    const startedAt = performance.now()
    await next()
    log.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        durationMs: Math.round(performance.now() - startedAt),
      },
      'request',
    )
  })
  app.use(secureHeaders())
  const publicOrigin: PublicOrigin = {
    publicUrl: deps.publicUrl,
    trustedProxyHops: (deps.abuseLimits ?? ABUSE_LIMITS_OFF).trustedProxyHops,
  }
  app.use(async function overHttps(c, next) {
    c.set(OVER_HTTPS, reachedOverHttps(c, publicOrigin))
    await next()
  })
  // API answers carry keys (a new principal's, a webhook secret once) and people's money: no cache keeps them.
  const apiHeaders: MiddlewareHandler = async (c, next) => {
    await next()
    c.header('Cache-Control', 'no-store')
    if (!c.res.headers.has('Content-Security-Policy')) c.header('Content-Security-Policy', API_CSP)
  }
  for (const path of ['/v1/*', '/openapi.json', '/healthz', '/readyz']) app.use(path, apiHeaders)
  app.onError(handleError)
  app.notFound((c) => problem(c, 'not_found', `No route for ${c.req.method} ${c.req.path}.`))

  app.get('/healthz', (c) => c.json({ status: 'ok' }))
  app.get('/readyz', async (c) => {
    const checks = await Promise.allSettled([
      withTimeout(pingDatabase(deps.db), READINESS_TIMEOUT_MS),
      withTimeout(deps.temporal.connection.workflowService.getSystemInfo({}), READINESS_TIMEOUT_MS),
    ])
    const down = [
      checks[0].status === 'rejected' ? 'mysql' : null,
      checks[1].status === 'rejected' ? 'temporal' : null,
    ].filter((name): name is string => name !== null)
    if (down.length > 0) {
      return problem(c, 'not_ready', `Not reachable: ${down.join(', ')}.`, { down })
    }
    return c.json({ status: 'ready', mysql: 'up', temporal: 'up' })
  })

  const limitBody = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: (c) => problem(c, 'body_too_large', `The body is larger than ${maxSize} bytes.`),
    })
  const defaultBodyLimit = limitBody(BODY_BYTES_MAX)
  const importBodyLimit = limitBody(IMPORT_BODY_BYTES_MAX)
  app.use('/v1/*', (c, next) =>
    (c.req.path.endsWith(':import') ? importBodyLimit : defaultBodyLimit)(c, next),
  )
  app.use('/v1/*', authentication({ ...deps, guard, principalCache }))
  app.use('/v1/*', guard.rateLimit)
  const purchaseCodeSecret = deps.purchaseCodeSecret ?? PurchaseCodeSecret.random()
  app.on(
    ['POST', 'PUT', 'PATCH', 'DELETE'],
    '/v1/*',
    idempotency({
      db: deps.db,
      inTransactionRoutes: new Set(AGRI_IN_TRANSACTION_ROUTES),
      secretBodyFields: {
        routes: new Map([[routeKey('post', PURCHASE_REQUEST_CONFIRM_PATH), ['code']]]),
        keyed: (code) => purchaseCodeSecret.fingerprint(code),
      },
    }),
  )

  app.route('/', systemRoutes(deps))
  app.route('/', adminRoutes({ ...deps, principalCache }))
  app.route('/', ledgerRoutes(deps))
  app.route('/', merchantRoutes(deps))
  app.route('/', creditRoutes(deps))
  app.route('/', loanApplicationRoutes({ ...deps, nowMs: deps.nowMs ?? Date.now }))
  app.route('/', loanRoutes(deps))
  app.route('/', loanAgreementRoutes(deps))
  app.route('/', auditRoutes(deps))
  app.route('/', portfolioRoutes(deps))
  app.route('/', agriRoutes(deps))
  app.route('/', claimRoutes(deps))
  app.route('/', catalogueRoutes(deps))
  app.route('/', settlementRoutes(deps))
  app.route('/', offtakerPaymentRoutes(deps))
  app.route(
    '/',
    purchaseRequestRoutes({
      ...deps,
      purchaseCodeSecret,
      nowMs: deps.nowMs ?? Date.now,
    }),
  )
  app.route('/', eventRoutes(deps))
  app.route('/', schedulePreviewRoutes())
  app.route('/', signInLinkRoutes(deps))

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key: `Authorization: Bearer mlk_…`',
  })
  assertEveryOperationRegistered(app.openAPIRegistry)
  app.doc31('/openapi.json', (c) => ({
    openapi: '3.1.0',
    info: {
      title: 'Microloan API',
      version: '1.0.0',
      description: apiIntroduction(),
      license: { name: 'Proprietary: no licence is granted' },
      contact: { name: 'Microloan API', url: 'https://microloan.example/' },
    },
    servers: [{ url: deps.publicUrl ?? new URL(c.req.url).origin, description: 'This deployment' }],
    tags: DOCUMENT_TAGS,
  }))
  mountDocs(app)
  app.route('/', partyPageRoutes({ ...deps, purchaseCodeSecret, nowMs: deps.nowMs ?? Date.now }))
  app.route(
    '/',
    merchantOfferPageRoutes(
      deps.merchantFrameAncestors ? { frameAncestors: deps.merchantFrameAncestors } : {},
    ),
  )
  app.route('/', consoleRoutes({ ...deps, guard }))
  return app
}

export type App = ReturnType<typeof createApp>

/** `/docs`: Swagger UI served from the installed package (no CDN: the machine has no internet). */
function mountDocs(app: ReturnType<typeof createRouter>): void {
  const assetsDir = swaggerUi.getAbsoluteFSPath()
  const assets: Record<string, string> = {
    'swagger-ui.css': 'text/css; charset=utf-8',
    'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  }
  app.use('/docs', async (c, next) => {
    await next()
    c.header('Content-Security-Policy', DOCS_CSP)
  })
  app.get('/docs', (c) =>
    c.html(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Microloan API reference</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div><script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/init.js"></script></body></html>`),
  )
  app.get('/docs/assets/init.js', (c) =>
    c.body("window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui' })", 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
    }),
  )
  app.get('/docs/assets/:file', async (c) => {
    const file = c.req.param('file')
    const contentType = assets[file]
    if (!contentType) return problem(c, 'not_found', 'No such asset.')
    return c.body(await readFile(join(assetsDir, file)), 200, {
      'Content-Type': contentType,
      'Cache-Control': 'public, max-age=86400',
    })
  })
}
