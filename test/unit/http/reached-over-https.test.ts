import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { reachedOverHttps, type PublicOrigin } from '../../../src/http/pages/kit/page-http.js'

/** Asks the decision for one request, as the app does in its middleware. */
async function decide(origin: PublicOrigin, url: string, forwardedProto?: string): Promise<boolean> {
  const app = new Hono()
  app.get('*', (c) => c.json(reachedOverHttps(c, origin)))
  const headers: Record<string, string> = forwardedProto ? { 'X-Forwarded-Proto': forwardedProto } : {}
  return (await app.request(url, { headers })).json() as Promise<boolean>
}

describe('reachedOverHttps', () => {
  it('is true whenever the public URL is https, whatever the request says', async () => {
    const origin = { publicUrl: 'https://loans.example.com', trustedProxyHops: 0 }
    expect(await decide(origin, 'http://127.0.0.1/console')).toBe(true)
    expect(await decide(origin, 'http://127.0.0.1/console', 'http')).toBe(true)
  })

  it("follows the request's own URL when no public URL says otherwise", async () => {
    expect(await decide({ trustedProxyHops: 0 }, 'https://127.0.0.1/console')).toBe(true)
    expect(await decide({ trustedProxyHops: 0 }, 'http://127.0.0.1/console')).toBe(false)
    expect(await decide({ publicUrl: 'http://127.0.0.1:3000', trustedProxyHops: 0 }, 'http://x/')).toBe(false)
  })

  it('ignores X-Forwarded-Proto without a trusted proxy', async () => {
    expect(await decide({ trustedProxyHops: 0 }, 'http://127.0.0.1/', 'https')).toBe(false)
  })

  it('reads the entry the outermost trusted proxy wrote, not what the client put before it', async () => {
    expect(await decide({ trustedProxyHops: 1 }, 'http://127.0.0.1/', 'https')).toBe(true)
    expect(await decide({ trustedProxyHops: 1 }, 'http://127.0.0.1/', 'HTTPS')).toBe(true)
    // The client sent "https"; the one trusted proxy appended what it really saw.
    expect(await decide({ trustedProxyHops: 1 }, 'http://127.0.0.1/', 'https, http')).toBe(false)
    expect(await decide({ trustedProxyHops: 2 }, 'http://127.0.0.1/', 'http, https, http')).toBe(true)
    // A proxy that overwrites the header leaves one entry: that one is read.
    expect(await decide({ trustedProxyHops: 2 }, 'http://127.0.0.1/', 'https')).toBe(true)
    expect(await decide({ trustedProxyHops: 1 }, 'http://127.0.0.1/')).toBe(false)
  })
})
