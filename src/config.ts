/**
 * The service's configuration: read from the environment once, validated, frozen.
 * A bad value stops start-up with one line naming the variable; nothing else reads `process.env`.
 * @module
 */
import { z } from 'zod'
import { SecretsKeyError, SecretsKeyring } from './kernel/secrets-keyring.js'

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/** Days of demo history a new database gets by default (about four months), and at most (a year). */
export const DEMO_DAYS_DEFAULT = 120
export const DEMO_DAYS_MAX = 366

/** Abuse-limit defaults: a backstop against a runaway client, well above any one key's honest load. */
export const RATE_LIMIT_REQUESTS_PER_WINDOW_MAX_DEFAULT = 30_000
export const RATE_LIMIT_WINDOW_MS_DEFAULT = 60_000
export const INVALID_KEY_ATTEMPTS_MAX_DEFAULT = 20
export const INVALID_KEY_WINDOW_MS_DEFAULT = 300_000
const LIMIT_WINDOW_MS_MIN = 1_000
const LIMIT_WINDOW_MS_MAX = 86_400_000

const windowMs = (fallback: number) =>
  z.coerce.number().int().min(LIMIT_WINDOW_MS_MIN).max(LIMIT_WINDOW_MS_MAX).default(fallback)

const configSchema = z.object({
  DATABASE_URL: z
    .string()
    .default('mysql://root@127.0.0.1:3306/microloan')
    .refine((value) => {
      try {
        const url = new URL(value)
        return url.protocol === 'mysql:' && url.pathname.length > 1
      } catch {
        return false
      }
    }, 'must be a mysql://user[:password]@host[:port]/database URL'),
  /**
   * `auto`: when nothing answers at a loopback DATABASE_URL, `npm start` runs a private MariaDB under
   * DATA_DIR/mariadb; `off`: it stops with one line instead.
   */
  EMBEDDED_DATABASE: z.enum(['auto', 'off']).default('auto'),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[\w.-]+:\d+$/, 'must be host:port')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('microloan'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  ADMIN_API_KEY: z.string().min(24, 'must be at least 24 characters').optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** Cron expression for the nightly close of business; unset = no schedule (the dev default). */
  COB_SCHEDULE_CRON: z.string().min(1).optional(),
  /** Cron expression for the nightly credit-line refresh; unset = no schedule (the dev default). */
  CREDIT_REFRESH_CRON: z.string().min(1).optional(),
  /** The business date a fresh database opens on, after its demo history (DEMO_DAYS before it). */
  INITIAL_BUSINESS_DATE: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
    .default('2026-01-01'),
  /** Business days of simulated history `npm start` seeds into a new database; 0 = none. */
  DEMO_DAYS: z.coerce.number().int().min(0).max(DEMO_DAYS_MAX).default(DEMO_DAYS_DEFAULT),
  /** Where `npm start` keeps the embedded Temporal dev server's SQLite file. */
  DATA_DIR: z.string().min(1).default('.data'),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  /** Requests one API key may make per window, across all API processes; 0 = no limit. */
  RATE_LIMIT_REQUESTS_PER_WINDOW_MAX: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000_000)
    .default(RATE_LIMIT_REQUESTS_PER_WINDOW_MAX_DEFAULT),
  RATE_LIMIT_WINDOW_MS: windowMs(RATE_LIMIT_WINDOW_MS_DEFAULT),
  /** Invalid API keys one client address may send per window before it is locked out; 0 = off. */
  INVALID_KEY_ATTEMPTS_MAX: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000_000)
    .default(INVALID_KEY_ATTEMPTS_MAX_DEFAULT),
  INVALID_KEY_WINDOW_MS: windowMs(INVALID_KEY_WINDOW_MS_DEFAULT),
  /**
   * The address people reach the service at (`https://loans.example.com`). When it is https, session
   * cookies are `Secure` even though a TLS-terminating proxy hands the app plain http.
   */
  PUBLIC_URL: z
    .string()
    .refine((value) => {
      try {
        const url = new URL(value)
        return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password
      } catch {
        return false
      }
    }, 'must be an http(s)://host[:port] URL without credentials')
    .optional(),
  /**
   * Proxies in front of the API whose `X-Forwarded-For` entries name the client and whose
   * `X-Forwarded-Proto` says whether it came over https; 0 = none (both headers are ignored).
   */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** A pre-built workflow bundle for a stand-alone worker (restarts skip bundling); unset = bundle at start. */
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
  /**
   * The secret point-of-sale codes are hashed and sealed under (at least 32 characters); every API
   * process must share it. Unset = a random one per process (codes of open requests die with it).
   */
  PURCHASE_CODE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /**
   * The keys secrets are sealed under at rest: `id:base64,id:base64` of 32-byte keys, the first
   * sealing, all opening. Unset outside production = a development key in DATA_DIR/secrets-key.
   */
  SECRETS_KEY: z
    .string()
    .superRefine((value, context) => {
      try {
        SecretsKeyring.parse(value)
      } catch (error) {
        if (!(error instanceof SecretsKeyError)) throw error
        // The message names no key material.
        context.addIssue({ code: 'custom', message: `must be id:base64[,id:base64…]: ${error.message}` })
      }
    })
    .optional(),
  /** `production`: start-up refuses what is only safe on a developer's machine (see productionRefusals). */
  NODE_ENV: z.string().optional(),
})

export type AbuseLimits = Readonly<{
  /** Requests one API key may make per window; 0 = no limit. */
  requestsPerWindowMax: number
  windowMs: number
  /** Invalid-key attempts one client address may make per window before it is locked out; 0 = off. */
  invalidKeyAttemptsMax: number
  invalidKeyWindowMs: number
  /**
   * Proxies in front of the API that append the address they saw to `X-Forwarded-For`; the client's
   * address is the one the outermost of them saw. 0: the socket's peer is the client, and the header
   * (which any client can send) is ignored.
   */
  trustedProxyHops: number
}>

export type Config = Readonly<{
  databaseUrl: string
  embeddedDatabase: 'auto' | 'off'
  temporalAddress: string | undefined
  temporalNamespace: string
  taskQueue: string
  port: number
  adminApiKey: string | undefined
  logLevel: (typeof LOG_LEVELS)[number]
  cobScheduleCron: string | undefined
  creditRefreshCron: string | undefined
  initialBusinessDate: string
  demoDays: number
  dataDir: string
  temporalUiPort: number
  abuseLimits: AbuseLimits
  workflowBundlePath: string | undefined
  purchaseCodeSecret: string | undefined
  /** See `PUBLIC_URL`; unset = the request's own URL decides (plus a trusted `X-Forwarded-Proto`). */
  publicUrl: string | undefined
  /** See `SECRETS_KEY` (validated); unset = the development key. */
  secretsKey: string | undefined
  /** `NODE_ENV=production`. */
  production: boolean
}>

export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}

/**
 * The business date a new database is created on: `INITIAL_BUSINESS_DATE` less the `DEMO_DAYS` of
 * history that `npm start` then closes one by one, so a seeded book opens on `INITIAL_BUSINESS_DATE`.
 */
export function openingBusinessDate(config: Pick<Config, 'initialBusinessDate' | 'demoDays'>): string {
  const date = new Date(`${config.initialBusinessDate}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() - config.demoDays)
  return date.toISOString().slice(0, 10)
}

/** Parses an environment; throws a {@link ConfigError} whose message is one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blankToUndefined = Object.fromEntries(
    Object.keys(configSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  )
  const parsed = configSchema.safeParse(blankToUndefined)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const variable = issue?.path.join('.') ?? 'environment'
    throw new ConfigError(`Invalid configuration: ${variable}: ${issue?.message ?? 'invalid'}`)
  }
  const values = parsed.data
  return Object.freeze({
    databaseUrl: values.DATABASE_URL,
    embeddedDatabase: values.EMBEDDED_DATABASE,
    temporalAddress: values.TEMPORAL_ADDRESS,
    temporalNamespace: values.TEMPORAL_NAMESPACE,
    taskQueue: values.TEMPORAL_TASK_QUEUE,
    port: values.PORT,
    adminApiKey: values.ADMIN_API_KEY,
    logLevel: values.LOG_LEVEL,
    cobScheduleCron: values.COB_SCHEDULE_CRON,
    creditRefreshCron: values.CREDIT_REFRESH_CRON,
    initialBusinessDate: values.INITIAL_BUSINESS_DATE,
    demoDays: values.DEMO_DAYS,
    dataDir: values.DATA_DIR,
    temporalUiPort: values.TEMPORAL_UI_PORT,
    abuseLimits: Object.freeze({
      requestsPerWindowMax: values.RATE_LIMIT_REQUESTS_PER_WINDOW_MAX,
      windowMs: values.RATE_LIMIT_WINDOW_MS,
      invalidKeyAttemptsMax: values.INVALID_KEY_ATTEMPTS_MAX,
      invalidKeyWindowMs: values.INVALID_KEY_WINDOW_MS,
      trustedProxyHops: values.TRUSTED_PROXY_HOPS,
    }),
    workflowBundlePath: values.WORKFLOW_BUNDLE_PATH,
    purchaseCodeSecret: values.PURCHASE_CODE_SECRET,
    publicUrl: values.PUBLIC_URL?.replace(/\/+$/, ''),
    secretsKey: values.SECRETS_KEY,
    production: values.NODE_ENV === 'production',
  })
}
