/**
 * The one-time code a farmer tells a supplier to consent to a point-of-sale request (API.md, "Point of
 * sale"): 6 digits from a CSPRNG, never stored in the clear. It is kept as an HMAC-SHA-256 under the
 * server's secret (what a supplier types is checked against it, in constant time) and sealed with
 * AES-256-GCM under a key derived from the same secret, so that the farmer's own read can show it
 * back. Both are bound to the request (its unique key), so a hash or a sealed code copied onto another
 * request matches nothing. Pure: no I/O.
 * @module
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  randomInt,
  timingSafeEqual,
} from 'node:crypto'
import { assert } from '../kernel/assert.js'

export const PURCHASE_REQUEST_CODE_DIGITS = 6
/** A server secret shorter than this is refused at start. */
export const PURCHASE_CODE_SECRET_LENGTH_MIN = 32
const IV_BYTES = 12
const TAG_BYTES = 16
const SEAL_INFO = 'purchase-request-code-seal'
const HASH_INFO = 'purchase-request-code-hash'
const FINGERPRINT_INFO = 'purchase-request-code-fingerprint'

/** The secret the codes are hashed and sealed under, with its two derived keys. */
export class PurchaseCodeSecret {
  readonly #hashKey: Buffer
  readonly #sealKey: Buffer
  readonly #fingerprintKey: Buffer

  constructor(secret: string) {
    assert(secret.length >= PURCHASE_CODE_SECRET_LENGTH_MIN, 'the purchase code secret is too short')
    this.#hashKey = Buffer.from(hkdfSync('sha256', secret, '', HASH_INFO, 32))
    this.#sealKey = Buffer.from(hkdfSync('sha256', secret, '', SEAL_INFO, 32))
    this.#fingerprintKey = Buffer.from(hkdfSync('sha256', secret, '', FINGERPRINT_INFO, 32))
  }

  /** A fresh random secret: codes sealed under it last as long as the process (development only). */
  static random(): PurchaseCodeSecret {
    return new PurchaseCodeSecret(randomBytes(32).toString('base64url'))
  }

  /** HMAC-SHA-256 (hex) of `code` bound to the request `binding`. */
  hash(binding: string, code: string): string {
    return createHmac('sha256', this.#hashKey).update(`${binding}\n${code}`).digest('hex')
  }

  /**
   * HMAC-SHA-256 (hex) of a typed code, unbound: what a stored fingerprint of a request that carried it
   * (its Idempotency-Key's request hash) holds instead of the code, so that nobody without the secret
   * can try the million codes against it.
   */
  fingerprint(code: string): string {
    return createHmac('sha256', this.#fingerprintKey).update(code).digest('hex')
  }

  /** Whether `code` is the one `storedHash` was made from, compared in constant time. */
  matches(binding: string, storedHash: string, code: string): boolean {
    const expected = Buffer.from(storedHash, 'hex')
    const actual = Buffer.from(this.hash(binding, code), 'hex')
    return expected.length === actual.length && timingSafeEqual(expected, actual)
  }

  /** `code` sealed (AES-256-GCM, the binding as associated data): base64url of iv, tag, ciphertext. */
  seal(binding: string, code: string): string {
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', this.#sealKey, iv)
    cipher.setAAD(Buffer.from(binding))
    const sealed = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()])
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url')
  }

  /** The code `seal` sealed for `binding`; undefined when it was sealed for another request or key. */
  unseal(binding: string, sealed: string): string | undefined {
    const raw = Buffer.from(sealed, 'base64url')
    if (raw.length <= IV_BYTES + TAG_BYTES) return undefined
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#sealKey, raw.subarray(0, IV_BYTES))
      decipher.setAAD(Buffer.from(binding))
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
        'utf8',
      )
    } catch {
      return undefined
    }
  }
}

/** A new 6-digit code, uniformly drawn (leading zeros kept). */
export function newPurchaseRequestCode(): string {
  return String(randomInt(0, 10 ** PURCHASE_REQUEST_CODE_DIGITS)).padStart(PURCHASE_REQUEST_CODE_DIGITS, '0')
}
