/**
 * The refusal catalogue against the source: every code a site in src/ answers with is in the
 * catalogue, and every catalogue entry is answered somewhere (pairs with the types, which reject a
 * code outside the catalogue where the code is written as a literal).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isRefusalCode, REFUSALS, unprocessableCode } from '../../../src/kernel/refusals.js'

const ROOTS = ['src', 'workflows']
const CATALOGUE_FILE = join('src', 'kernel', 'refusals.ts')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

/** The places a code is given to a client: error constructors, problem answers, refused verdicts. */
const SITE_PATTERNS = [
  /new\s+(?:Refusal|Conflict)\(\s*'([a-z_]+)'/g,
  /super\(\s*'([a-z_]+)'/g,
  /\b(?:problem|respond)\(\s*c,\s*(?:\w+,\s*)?'([a-z_]+)'/g,
  /kind: '(?:refused|attempt)',[^}]*?code: '([a-z_]+)'/gs,
  /code: '([a-z_]+)' as const/g,
]

type Site = { code: string; at: string }

function sites(): Site[] {
  return ROOTS.flatMap(sourceFiles)
    .filter((file) => file !== CATALOGUE_FILE)
    .flatMap((file) => {
      const text = readFileSync(file, 'utf8')
      return SITE_PATTERNS.flatMap((pattern) =>
        [...text.matchAll(pattern)].map((match) => ({
          code: match[1]!,
          at: `${file}:${text.slice(0, match.index).split('\n').length}`,
        })),
      )
    })
}

describe('the refusal catalogue', () => {
  const found = sites()

  it('holds every code a site in src/ answers with', () => {
    expect(found.length).toBeGreaterThan(50)
    const missing = found.filter((site) => !isRefusalCode(site.code)).map((site) => `${site.at} ${site.code}`)
    expect(missing).toEqual([])
  })

  it('has no entry that no site answers with', () => {
    const used = new Set(found.map((site) => site.code))
    expect(Object.keys(REFUSALS).filter((code) => !used.has(code))).toEqual([])
  })

  it('lists each code once, with a message key of its own', () => {
    const source = readFileSync(CATALOGUE_FILE, 'utf8')
    const written = [...source.matchAll(/^\s+([a-z_]+): \{ status:/gm)].map((match) => match[1])
    expect(written).toEqual(Object.keys(REFUSALS))
    expect(new Set(written).size).toBe(written.length)
    for (const [code, entry] of Object.entries(REFUSALS)) expect(entry.messageKey).toBe(`refusal.${code}`)
    const keys = Object.values(REFUSALS).map((entry) => entry.messageKey)
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('answers the statuses the API promises for each kind of code', () => {
    expect(REFUSALS.validation_failed.status).toBe(400)
    expect(REFUSALS.not_found.status).toBe(404)
    expect(REFUSALS.idempotency_key_reused.status).toBe(409)
    expect(REFUSALS.insufficient_funds.status).toBe(422)
    expect(REFUSALS.amount_above_available.status).toBe(422)
    expect(REFUSALS.internal_error.status).toBe(500)
  })

  it('takes back a stored 422 code and rejects anything else', () => {
    expect(unprocessableCode('insufficient_funds')).toBe('insufficient_funds')
    expect(() => unprocessableCode('idempotency_key_reused')).toThrow(/not a 422 refusal code/)
    expect(() => unprocessableCode('no_such_code')).toThrow(/not a 422 refusal code/)
    expect(isRefusalCode('toString')).toBe(false)
  })
})
