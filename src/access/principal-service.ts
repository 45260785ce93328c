/**
 * Principals: who may call the API, with one role each. Party roles are bound to one party record.
 * @module
 */
import type { Db } from '../db/database.js'
import type { Principal, Role } from '../http/app-env.js'
import { generateApiKey, hashSecret, parseApiKey, sameHash } from './api-key.js'

export const PARTY_ROLES: readonly Role[] = ['merchant', 'farmer', 'supplier', 'offtaker', 'insurer']

export type CreatedPrincipal = { principalId: number; role: Role; subjectId: number | null; apiKey: string }

export async function createPrincipal(
  db: Db,
  input: { role: Role; subjectId: number | null },
): Promise<CreatedPrincipal> {
  const { apiKey, keyId, keyHash } = generateApiKey()
  const result = await db
    .insertInto('principals')
    .values({ role: input.role, subjectId: input.subjectId, keyId, keyHash })
    .executeTakeFirstOrThrow()
  return { principalId: Number(result.insertId), role: input.role, subjectId: input.subjectId, apiKey }
}

/** The admin key from the environment, held only as its hash. */
export class AdminKey {
  readonly #hash: Buffer
  constructor(apiKey: string) {
    this.#hash = hashSecret(apiKey)
  }
  matches(candidate: string): boolean {
    return sameHash(this.#hash, hashSecret(candidate))
  }
}

export async function authenticate(
  db: Db,
  adminKey: AdminKey,
  apiKey: string,
): Promise<Principal | undefined> {
  if (adminKey.matches(apiKey)) return { ref: 'admin', principalId: null, role: 'admin', subjectId: null }
  const parsed = parseApiKey(apiKey)
  if (!parsed) return undefined
  const row = await db
    .selectFrom('principals')
    .select(['id', 'role', 'subjectId', 'keyHash'])
    .where('keyId', '=', parsed.keyId)
    .executeTakeFirst()
  if (!row || !sameHash(Buffer.from(row.keyHash), hashSecret(parsed.secret))) return undefined
  return {
    ref: `p:${row.id}`,
    principalId: Number(row.id),
    role: row.role as Role,
    subjectId: row.subjectId === null ? null : Number(row.subjectId),
  }
}
