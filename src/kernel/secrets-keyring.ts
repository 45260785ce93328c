/**
 * The keys secrets are sealed under at rest (AES-256-GCM, Node's crypto): `SECRETS_KEY` is
 * `id:base64,id:base64,…` of 32-byte keys. The first seals; every one opens, so a key can be rotated
 * without a moment where some process cannot read what another wrote. Each sealed value is stored
 * beside the id of the key that sealed it.
 *
 * Without `SECRETS_KEY` (never in production) a development key is made once per data directory and
 * kept in a file only its owner may read ({@link developmentKeyring}).
 * @module
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const KEY_BYTES = 32
const IV_BYTES = 12
const TAG_BYTES = 16
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/
/** The key id a single bare key (no `id:`) gets. */
export const DEFAULT_KEY_ID = 'default'
/** The development key's file in the data directory. */
export const DEVELOPMENT_KEY_FILE = 'secrets-key'

export class SecretsKeyError extends Error {
  override readonly name = 'SecretsKeyError'
}

export type Sealed = Readonly<{ keyId: string; sealed: string }>

export class SecretsKeyring {
  readonly #keys: ReadonlyMap<string, Buffer>
  /** The id of the key new secrets are sealed under. */
  readonly currentKeyId: string

  private constructor(keys: Array<[string, Buffer]>) {
    if (keys.length === 0) throw new SecretsKeyError('no key')
    this.#keys = new Map(keys)
    if (this.#keys.size !== keys.length) throw new SecretsKeyError('a key id appears twice')
    this.currentKeyId = keys[0]![0]
  }

  /**
   * `id1:base64,id2:base64` (the first seals, all open), or one bare base64 key (id `default`).
   * Throws a {@link SecretsKeyError} that names no key material.
   */
  static parse(text: string): SecretsKeyring {
    const entries = text
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '')
    const keys = entries.map((entry): [string, Buffer] => {
      const colon = entry.indexOf(':')
      const id = colon === -1 ? DEFAULT_KEY_ID : entry.slice(0, colon)
      const encoded = colon === -1 ? entry : entry.slice(colon + 1)
      if (!KEY_ID.test(id)) throw new SecretsKeyError('a key id is 1 to 32 of A-Z a-z 0-9 _ -')
      const key = Buffer.from(encoded, 'base64')
      if (
        key.length !== KEY_BYTES ||
        key.toString('base64').replace(/=+$/, '') !== encoded.replace(/=+$/, '')
      ) {
        throw new SecretsKeyError(`key ${id} is not ${KEY_BYTES} bytes of base64`)
      }
      return [id, key]
    })
    return new SecretsKeyring(keys)
  }

  /** The key ids this keyring opens. */
  get keyIds(): string[] {
    return [...this.#keys.keys()]
  }

  /** Seals `plaintext` under the current key; `purpose` is bound in (a value sealed for one use opens for no other). */
  seal(plaintext: string, purpose: string): Sealed {
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', this.#keys.get(this.currentKeyId)!, iv)
    cipher.setAAD(Buffer.from(purpose))
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
    return {
      keyId: this.currentKeyId,
      sealed: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url'),
    }
  }

  /** Opens a sealed value; throws when its key is not configured or it was altered. */
  open(value: Sealed, purpose: string): string {
    const key = this.#keys.get(value.keyId)
    if (!key) throw new SecretsKeyError(`key ${value.keyId} is not in SECRETS_KEY`)
    const raw = Buffer.from(value.sealed, 'base64url')
    if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretsKeyError('sealed value too short')
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES))
    decipher.setAAD(Buffer.from(purpose))
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
    try {
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
        'utf8',
      )
    } catch {
      throw new SecretsKeyError(
        `a value sealed under key ${value.keyId} does not open: altered, or another key`,
      )
    }
  }
}

/**
 * The development keyring: a random key made on first use and kept in `dataDir/secrets-key`
 * (mode 0600), so every process of one checkout (API, worker, rotation) shares it and secrets survive
 * a restart. Its id is `dev-` and 8 hex digits of the key's SHA-256. Never used in production, where
 * start-up refuses to run without `SECRETS_KEY`.
 */
export function developmentKeyring(dataDir: string): SecretsKeyring {
  const path = join(dataDir, DEVELOPMENT_KEY_FILE)
  mkdirSync(dataDir, { recursive: true })
  try {
    writeFileSync(path, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { flag: 'wx', mode: 0o600 })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  // Another process may have created the file a moment ago and not written it yet: wait briefly.
  for (let attempt = 0; ; attempt += 1) {
    const encoded = readFileSync(path, 'utf8').trim()
    if (encoded !== '' || attempt >= 50) {
      const id = `dev-${createHash('sha256').update(Buffer.from(encoded, 'base64')).digest('hex').slice(0, 8)}`
      return SecretsKeyring.parse(`${id}:${encoded}`)
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20)
  }
}
