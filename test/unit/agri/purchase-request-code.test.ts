import { describe, expect, it } from 'vitest'
import { newPurchaseRequestCode, PurchaseCodeSecret } from '../../../src/agri/purchase-request-code.js'

const secret = new PurchaseCodeSecret('a'.repeat(32))

describe('a point-of-sale code', () => {
  it('is six digits, leading zeros kept, and drawn afresh each time', () => {
    const codes = Array.from({ length: 200 }, () => newPurchaseRequestCode())
    for (const code of codes) expect(code).toMatch(/^\d{6}$/)
    expect(new Set(codes).size).toBeGreaterThan(190)
  })

  it('matches its own hash and no other code, request or secret', () => {
    const hash = secret.hash('sup:1:k1', '012345')
    expect(hash).toMatch(/^[0-9a-f]{64}$/)
    expect(hash).not.toContain('012345')
    expect(secret.matches('sup:1:k1', hash, '012345')).toBe(true)
    expect(secret.matches('sup:1:k1', hash, '012346')).toBe(false)
    expect(secret.matches('sup:1:k2', hash, '012345')).toBe(false)
    expect(new PurchaseCodeSecret('b'.repeat(32)).matches('sup:1:k1', hash, '012345')).toBe(false)
  })

  it('is sealed for its farmer: unsealed only for the same request under the same secret', () => {
    const sealed = secret.seal('sup:1:k1', '000042')
    expect(sealed).not.toContain('000042')
    expect(secret.seal('sup:1:k1', '000042')).not.toBe(sealed)
    expect(secret.unseal('sup:1:k1', sealed)).toBe('000042')
    expect(secret.unseal('sup:1:k2', sealed)).toBeUndefined()
    expect(new PurchaseCodeSecret('b'.repeat(32)).unseal('sup:1:k1', sealed)).toBeUndefined()
    expect(secret.unseal('sup:1:k1', 'garbage')).toBeUndefined()
  })

  it('refuses a secret shorter than 32 characters', () => {
    expect(() => new PurchaseCodeSecret('short')).toThrow()
  })
})
