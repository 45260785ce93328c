/**
 * API keys: `mlk_<keyId>_<secret>`. Only SHA-256 of the secret is stored; the key id finds the row
 * and the hashes are compared in constant time.
 * @module
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

const KEY_PATTERN = /^mlk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/

export type ParsedApiKey = { keyId: string; secret: string }

export function generateApiKey(): { apiKey: string; keyId: string; keyHash: Buffer } {
  const keyId = randomBytes(8).toString('hex')
  const secret = randomBytes(32).toString('base64url')
  return { apiKey: `mlk_${keyId}_${secret}`, keyId, keyHash: hashSecret(secret) }
}

export function parseApiKey(apiKey: string): ParsedApiKey | undefined {
  const match = KEY_PATTERN.exec(apiKey)
  if (!match) return undefined
  return { keyId: match[1]!, secret: match[2]! }
}

export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest()
}

export function sameHash(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}
