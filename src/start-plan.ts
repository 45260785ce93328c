/**
 * What `npm start` may do under a configuration, decided before it touches anything. Outside
 * production a developer's machine gets conveniences: a generated admin key printed once, demo data,
 * demo keys and sign-in links in the log, a development secrets key. With `NODE_ENV=production` none
 * of them: start-up refuses a configuration that would need one, with one line per reason.
 * @module
 */
import type { Config } from './config.js'

export type StartPlan = Readonly<{
  /** Why start-up must stop (production only); empty = it may start. */
  refusals: readonly string[]
  /** Whether demo data is seeded into an empty database (`DEMO_DAYS`). */
  seedDemo: boolean
  /** Whether keys and sign-in links may be printed (a generated admin key, demo keys, demo links). */
  printSecrets: boolean
}>

/** The start-up's decision over a configuration; pure. */
export function startPlan(
  config: Pick<Config, 'production' | 'adminApiKey' | 'databaseUrl' | 'secretsKey'>,
): StartPlan {
  if (!config.production) return { refusals: [], seedDemo: true, printSecrets: true }
  const refusals: string[] = []
  if (config.adminApiKey === undefined) {
    refusals.push(
      'ADMIN_API_KEY: required in production (at least 24 characters); a generated one would be printed to the log',
    )
  }
  if (new URL(config.databaseUrl).password === '') {
    refusals.push('DATABASE_URL: a password is required in production (mysql://user:password@host/database)')
  }
  if (config.secretsKey === undefined) {
    refusals.push(
      'SECRETS_KEY: required in production (id:base64 of 32 random bytes); secrets at rest are sealed under it',
    )
  }
  return { refusals, seedDemo: false, printSecrets: false }
}

/** The text start-up prints before it stops: one line per reason. */
export function refusalText(plan: StartPlan): string {
  return ['Refusing to start with NODE_ENV=production:', ...plan.refusals.map((line) => `  ${line}`)].join(
    '\n',
  )
}
