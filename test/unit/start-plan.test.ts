import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { refusalText, startPlan } from '../../src/start-plan.js'

const KEY = 'k1:' + Buffer.alloc(32, 7).toString('base64')
const GOOD_PRODUCTION = {
  NODE_ENV: 'production',
  ADMIN_API_KEY: 'a'.repeat(32),
  DATABASE_URL: 'mysql://lender:secret@db.internal:3306/microloan',
  SECRETS_KEY: KEY,
}

describe('startPlan', () => {
  it('outside production seeds demo data and may print keys and links, whatever is missing', () => {
    expect(startPlan(loadConfig({}))).toEqual({ refusals: [], seedDemo: true, printSecrets: true })
    expect(startPlan(loadConfig({ NODE_ENV: 'development' })).seedDemo).toBe(true)
  })

  it('in production starts a complete configuration, but never seeds or prints a key', () => {
    expect(startPlan(loadConfig(GOOD_PRODUCTION))).toEqual({
      refusals: [],
      seedDemo: false,
      printSecrets: false,
    })
  })

  it.each([
    ['ADMIN_API_KEY', { ADMIN_API_KEY: undefined }, /^ADMIN_API_KEY: required in production/],
    ['SECRETS_KEY', { SECRETS_KEY: undefined }, /^SECRETS_KEY: required in production/],
    [
      'a database URL without a password',
      { DATABASE_URL: 'mysql://root@127.0.0.1:3306/microloan' },
      /^DATABASE_URL: a password is required in production/,
    ],
    [
      'a database URL with an empty password',
      { DATABASE_URL: 'mysql://root:@127.0.0.1:3306/microloan' },
      /^DATABASE_URL: a password is required in production/,
    ],
  ])('in production refuses without %s, saying which', (_, change, message) => {
    const plan = startPlan(loadConfig({ ...GOOD_PRODUCTION, ...change }))
    expect(plan.refusals).toHaveLength(1)
    expect(plan.refusals[0]).toMatch(message)
    expect(plan.seedDemo).toBe(false)
  })

  it('names every reason at once, one line each', () => {
    const plan = startPlan(loadConfig({ NODE_ENV: 'production' }))
    expect(plan.refusals.map((line) => line.split(':')[0])).toEqual([
      'ADMIN_API_KEY',
      'DATABASE_URL',
      'SECRETS_KEY',
    ])
    expect(refusalText(plan).split('\n')).toHaveLength(4)
  })
})
