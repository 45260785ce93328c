import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig, openingBusinessDate } from '../../src/config.js'

describe('config', () => {
  it('gives safe defaults for an empty environment', () => {
    const config = loadConfig({})
    expect(config.databaseUrl).toBe('mysql://root@127.0.0.1:3306/microloan')
    expect(config.embeddedDatabase).toBe('auto')
    expect(config.port).toBe(3000)
    expect(config.temporalAddress).toBeUndefined()
    expect(config.temporalNamespace).toBe('default')
    expect(config.cobScheduleCron).toBeUndefined()
    expect(config.publicUrl).toBeUndefined()
    expect(Object.isFrozen(config)).toBe(true)
  })

  it.each([
    ['PORT', 'eighty', /^Invalid configuration: PORT: /],
    ['PORT', '70000', /^Invalid configuration: PORT: /],
    ['DATABASE_URL', 'postgres://x/y', /^Invalid configuration: DATABASE_URL: must be a mysql:\/\//],
    ['EMBEDDED_DATABASE', 'maybe', /^Invalid configuration: EMBEDDED_DATABASE: /],
    ['TEMPORAL_ADDRESS', 'localhost', /^Invalid configuration: TEMPORAL_ADDRESS: must be host:port/],
    ['ADMIN_API_KEY', 'short', /^Invalid configuration: ADMIN_API_KEY: must be at least 24 characters/],
    [
      'PURCHASE_CODE_SECRET',
      'short',
      /^Invalid configuration: PURCHASE_CODE_SECRET: must be at least 32 characters/,
    ],
    ['LOG_LEVEL', 'loud', /^Invalid configuration: LOG_LEVEL: /],
    ['PUBLIC_URL', 'loans.example.com', /^Invalid configuration: PUBLIC_URL: must be an http\(s\)/],
    ['PUBLIC_URL', 'ftp://loans.example.com', /^Invalid configuration: PUBLIC_URL: /],
    ['PUBLIC_URL', 'https://user:pw@loans.example.com', /^Invalid configuration: PUBLIC_URL: /],
    ['INITIAL_BUSINESS_DATE', '2026/01/01', /^Invalid configuration: INITIAL_BUSINESS_DATE: /],
    ['DEMO_DAYS', '-1', /^Invalid configuration: DEMO_DAYS: /],
    ['DEMO_DAYS', '367', /^Invalid configuration: DEMO_DAYS: /],
    ['DEMO_DAYS', 'lots', /^Invalid configuration: DEMO_DAYS: /],
    [
      'RATE_LIMIT_REQUESTS_PER_WINDOW_MAX',
      '-1',
      /^Invalid configuration: RATE_LIMIT_REQUESTS_PER_WINDOW_MAX: /,
    ],
    ['RATE_LIMIT_WINDOW_MS', '10', /^Invalid configuration: RATE_LIMIT_WINDOW_MS: /],
    ['INVALID_KEY_ATTEMPTS_MAX', 'many', /^Invalid configuration: INVALID_KEY_ATTEMPTS_MAX: /],
    ['INVALID_KEY_WINDOW_MS', '1.5', /^Invalid configuration: INVALID_KEY_WINDOW_MS: /],
  ])('stops with one line naming %s when it is %j', (variable, value, message) => {
    let error: unknown
    try {
      loadConfig({ [variable]: value })
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as Error).message).toMatch(message)
    expect((error as Error).message).not.toContain('\n')
  })

  it('limits abuse by default and lets each limit be turned off with 0', () => {
    expect(loadConfig({}).abuseLimits).toEqual({
      requestsPerWindowMax: 30_000,
      windowMs: 60_000,
      invalidKeyAttemptsMax: 20,
      invalidKeyWindowMs: 300_000,
      trustedProxyHops: 0,
    })
    expect(loadConfig({ TRUSTED_PROXY_HOPS: '1' }).abuseLimits.trustedProxyHops).toBe(1)
    const off = loadConfig({ RATE_LIMIT_REQUESTS_PER_WINDOW_MAX: '0', INVALID_KEY_ATTEMPTS_MAX: '0' })
    expect(off.abuseLimits.requestsPerWindowMax).toBe(0)
    expect(off.abuseLimits.invalidKeyAttemptsMax).toBe(0)
  })

  it('reads PUBLIC_URL as given, unset by default', () => {
    expect(loadConfig({}).publicUrl).toBeUndefined()
    expect(loadConfig({ PUBLIC_URL: 'https://loans.example.com' }).publicUrl).toBe(
      'https://loans.example.com',
    )
  })

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', TEMPORAL_ADDRESS: '' }).port).toBe(3000)
  })

  it('opens a new database DEMO_DAYS (120 by default) before INITIAL_BUSINESS_DATE, so its history ends there', () => {
    expect(loadConfig({}).demoDays).toBe(120)
    expect(openingBusinessDate(loadConfig({}))).toBe('2025-09-03')
    expect(openingBusinessDate(loadConfig({ DEMO_DAYS: '0', INITIAL_BUSINESS_DATE: '2026-03-01' }))).toBe(
      '2026-03-01',
    )
    expect(openingBusinessDate(loadConfig({ DEMO_DAYS: '1', INITIAL_BUSINESS_DATE: '2024-03-01' }))).toBe(
      '2024-02-29',
    )
  })

  it('names the public URL the API document gives integrators without a trailing slash', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://api.lender.example/' }).publicUrl).toBe(
      'https://api.lender.example',
    )
  })
})
