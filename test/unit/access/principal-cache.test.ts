import { describe, expect, it } from 'vitest'
import {
  PRINCIPAL_CACHE_ENTRIES_MAX,
  PRINCIPAL_CACHE_TTL_MS,
  PrincipalCache,
} from '../../../src/access/principal-service.js'

const row = (id: number) => ({ id, role: 'farmer' as const, subjectId: id, keyHash: Buffer.alloc(32, id) })

describe('principal cache', () => {
  it('reuses a row for its time to live and then looks it up again', () => {
    const cache = new PrincipalCache()
    cache.set('k1', row(1), 1_000)
    expect(cache.get('k1', 1_000 + PRINCIPAL_CACHE_TTL_MS - 1)?.id).toBe(1)
    expect(cache.get('k1', 1_000 + PRINCIPAL_CACHE_TTL_MS)).toBeUndefined()
    expect(cache.get('k2', 1_000)).toBeUndefined()
  })

  it('keeps at most its limit of rows, dropping the oldest first', () => {
    const cache = new PrincipalCache()
    for (let i = 0; i <= PRINCIPAL_CACHE_ENTRIES_MAX; i++) cache.set(`k${i}`, row(i), 0)
    expect(cache.get('k0', 1)).toBeUndefined()
    expect(cache.get('k1', 1)?.id).toBe(1)
    expect(cache.get(`k${PRINCIPAL_CACHE_ENTRIES_MAX}`, 1)?.id).toBe(PRINCIPAL_CACHE_ENTRIES_MAX)
  })
})
