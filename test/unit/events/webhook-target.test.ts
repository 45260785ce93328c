/**
 * Which addresses a webhook may not go to: a pure classification of address text, no socket opened
 * (the integration test proves the refusal end to end with loopback forms and a stubbed resolver).
 */
import { describe, expect, it } from 'vitest'
import {
  checkedAddresses,
  hostOf,
  isForbiddenAddress,
  TargetRefused,
} from '../../../src/events/webhook-target.js'

const hostIn = (url: string) => hostOf(new URL(url))

describe('webhook targets', () => {
  it('refuses every internal range, in IPv4 and IPv6 and the IPv6 forms carrying IPv4', () => {
    const internal = [
      'http://169.254.169.254/latest/meta-data', // link-local (cloud metadata)
      'http://[::ffff:169.254.169.254]/',
      'http://[::ffff:a9fe:a9fe]/',
      'http://10.1.2.3/',
      'http://172.16.0.1/',
      'http://192.168.1.1/',
      'http://100.64.0.1/', // shared
      'http://224.0.0.1/', // multicast
      'http://255.255.255.255/',
      'http://0/', // unspecified, short form
      'http://[ff02::1]/',
      'http://[fe80::1]/',
      'http://[fd00::1]/',
      'http://[64:ff9b::7f00:1]/', // NAT64 of 127.0.0.1
      'http://[::127.0.0.1]/', // IPv4-compatible
    ]
    for (const url of internal) expect(isForbiddenAddress(hostIn(url)), url).toBe(true)
  })

  it('lets public addresses through and refuses text that is not an address', () => {
    for (const address of ['8.8.8.8', '93.184.216.34', '2606:4700::1111', '::ffff:8.8.8.8'])
      expect(isForbiddenAddress(address), address).toBe(false)
    expect(isForbiddenAddress('example.com')).toBe(true)
  })

  it('refuses a name when any of its answers is internal, and never resolves an allowed host', async () => {
    const resolved: string[] = []
    const policy = (answers: string[], allowed: string[] = []) => ({
      allowedHosts: new Set(allowed),
      resolve: async (host: string) => {
        resolved.push(host)
        return answers
      },
    })
    await expect(
      checkedAddresses(new URL('http://hooks.test/'), policy(['8.8.8.8', '10.0.0.5'])),
    ).rejects.toThrow(TargetRefused)
    expect(await checkedAddresses(new URL('http://hooks.test/'), policy(['8.8.8.8']))).toEqual(['8.8.8.8'])
    resolved.length = 0
    expect(
      await checkedAddresses(new URL('http://hooks.test/'), policy(['10.0.0.5'], ['hooks.test'])),
    ).toBeUndefined()
    expect(resolved).toEqual([])
  })
})
