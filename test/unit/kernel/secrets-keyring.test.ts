import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../../src/config.js'
import { developmentKeyring, SecretsKeyError, SecretsKeyring } from '../../../src/kernel/secrets-keyring.js'

const key = (byte: number) => Buffer.alloc(32, byte).toString('base64')

describe('SecretsKeyring', () => {
  it('seals under the first key, opens under any configured one', () => {
    const old = SecretsKeyring.parse(`old:${key(1)}`)
    const sealed = old.seal('whsec_abc', 'purpose')
    expect(sealed.keyId).toBe('old')
    expect(sealed.sealed).not.toContain('whsec_abc')
    const both = SecretsKeyring.parse(`new:${key(2)},old:${key(1)}`)
    expect(both.currentKeyId).toBe('new')
    expect(both.keyIds).toEqual(['new', 'old'])
    expect(both.open(sealed, 'purpose')).toBe('whsec_abc')
    expect(both.seal('whsec_abc', 'purpose').keyId).toBe('new')
  })

  it('never seals the same secret to the same text twice', () => {
    const keyring = SecretsKeyring.parse(key(3))
    expect(keyring.currentKeyId).toBe('default')
    expect(keyring.seal('x', 'p').sealed).not.toBe(keyring.seal('x', 'p').sealed)
  })

  it('refuses to open under a missing key, another purpose, or after a change', () => {
    const keyring = SecretsKeyring.parse(`a:${key(1)}`)
    const sealed = keyring.seal('secret', 'purpose')
    expect(() => SecretsKeyring.parse(`b:${key(1)}`).open(sealed, 'purpose')).toThrow(SecretsKeyError)
    expect(() => keyring.open(sealed, 'other purpose')).toThrow(SecretsKeyError)
    const raw = Buffer.from(sealed.sealed, 'base64url')
    raw[raw.length - 1] = raw[raw.length - 1]! ^ 1
    expect(() => keyring.open({ ...sealed, sealed: raw.toString('base64url') }, 'purpose')).toThrow(
      SecretsKeyError,
    )
  })

  it.each([
    ['', /no key/],
    ['a:short', /key a is not 32 bytes/],
    [`bad id:${key(1)}`, /key id/],
    [`a:${key(1)},a:${key(2)}`, /twice/],
  ])('refuses SECRETS_KEY %j without echoing it', (text, message) => {
    expect(() => SecretsKeyring.parse(text)).toThrow(message)
    if (text === '') return
    let error: unknown
    try {
      loadConfig({ SECRETS_KEY: text })
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as Error).message).toMatch(/^Invalid configuration: SECRETS_KEY: /)
    expect((error as Error).message).not.toContain(key(1))
  })

  it('makes a development key once per data directory, readable by its owner only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secrets-'))
    const first = developmentKeyring(dir)
    const again = developmentKeyring(dir)
    expect(first.currentKeyId).toMatch(/^dev-[0-9a-f]{8}$/)
    expect(again.currentKeyId).toBe(first.currentKeyId)
    expect(again.open(first.seal('s', 'p'), 'p')).toBe('s')
    expect(statSync(join(dir, 'secrets-key')).mode & 0o777).toBe(0o600)
    expect(Buffer.from(readFileSync(join(dir, 'secrets-key'), 'utf8').trim(), 'base64')).toHaveLength(32)
  })
})
