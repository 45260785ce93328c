/**
 * Where a webhook may be delivered (issue 19, finding 1: webhook URLs were an internal port scanner).
 * A target whose address is loopback, private, link-local, shared (100.64/10), multicast, reserved or
 * unspecified, in IPv4 or IPv6 (IPv4-mapped and -compatible forms included), is refused. The URL
 * parser has already turned every IPv4 notation (decimal `2130706433`, short `127.1`, hex
 * `0x7f.0.0.1`) into dotted form, so one check covers them. Names are resolved and every address
 * checked at registration, and again at connect time on every delivery (the socket connects only to
 * an address just checked), so a DNS answer cannot change it later. `WEBHOOK_ALLOWED_HOSTS` lists
 * hosts allowed anyway (a local receiver in tests).
 * @module
 */
import { lookup as dnsLookup } from 'node:dns/promises'
import { BlockList, isIP } from 'node:net'

export type ResolveHost = (hostname: string) => Promise<string[]>

export type WebhookPolicy = {
  /** Hostnames (as in the URL, lower case, IPv6 without brackets) allowed whatever they resolve to. */
  allowedHosts: ReadonlySet<string>
  resolve: ResolveHost
}

const systemResolve: ResolveHost = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address)

/** The policy from the environment: `WEBHOOK_ALLOWED_HOSTS` (comma-separated), the system resolver. */
export function webhookPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): WebhookPolicy {
  const allowedHosts = new Set(
    (env.WEBHOOK_ALLOWED_HOSTS ?? '')
      .split(',')
      .map((host) =>
        host
          .trim()
          .toLowerCase()
          .replace(/^\[|\]$/g, ''),
      )
      .filter((host) => host !== ''),
  )
  return { allowedHosts, resolve: systemResolve }
}

const BLOCKED_V4: Array<[string, number]> = [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // shared (carrier-grade NAT)
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
]
const BLOCKED_V6: Array<[string, number]> = [
  ['::', 128], // unspecified
  ['::1', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
  ['2001:db8::', 32], // documentation
  ['100::', 64], // discard
]
const BLOCKED = new BlockList()
for (const [network, prefix] of BLOCKED_V4) BLOCKED.addSubnet(network, prefix, 'ipv4')
for (const [network, prefix] of BLOCKED_V6) BLOCKED.addSubnet(network, prefix, 'ipv6')

/** The eight 16-bit groups of an IPv6 address (with or without an embedded dotted IPv4 tail). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase().split('%')[0]!
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number]
    text = `${text.slice(0, -dotted[1]!.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined]
  const headGroups = head ? head.split(':') : []
  const tailGroups = tail ? tail.split(':') : []
  const missing = 8 - headGroups.length - tailGroups.length
  const groups = [...headGroups, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailGroups]
  return groups.map((group) => parseInt(group || '0', 16))
}

/** The IPv4 address an IPv6 one carries (mapped `::ffff:a.b.c.d`, compatible `::a.b.c.d`, NAT64), if any. */
function embeddedIpv4(groups: number[]): string | undefined {
  const zeroHead = groups.slice(0, 5).every((group) => group === 0)
  const mapped = zeroHead && (groups[5] === 0xffff || groups[5] === 0)
  const nat64 = groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0)
  if (!mapped && !nat64) return undefined
  const [high, low] = [groups[6]!, groups[7]!]
  return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`
}

/** True when a webhook may not be sent to this address. */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address)
  if (family === 4) return BLOCKED.check(address, 'ipv4')
  if (family !== 6) return true // not an address: refuse rather than guess
  const groups = ipv6Groups(address)
  const v4 = embeddedIpv4(groups)
  if (v4 !== undefined) return isForbiddenAddress(v4)
  return BLOCKED.check(address, 'ipv6')
}

/** The URL's host as the policy compares it: lower case, IPv6 without brackets. */
export function hostOf(url: URL): string {
  return url.hostname.toLowerCase().replace(/^\[|\]$/g, '')
}

export class TargetRefused extends Error {
  override readonly name = 'TargetRefused'
}

/**
 * The addresses a delivery to `url` may connect to, every one checked; throws {@link TargetRefused}
 * when any is forbidden (a name that resolves to one public and one private address is refused: the
 * socket could pick either). An allowed host is passed through unresolved (undefined).
 */
export async function checkedAddresses(url: URL, policy: WebhookPolicy): Promise<string[] | undefined> {
  const host = hostOf(url)
  if (policy.allowedHosts.has(host)) return undefined
  if (isIP(host) !== 0) {
    if (isForbiddenAddress(host)) throw new TargetRefused(`${host} is not a public address`)
    return [host]
  }
  let addresses: string[]
  try {
    addresses = await policy.resolve(host)
  } catch {
    throw new TargetRefused(`${host} does not resolve`)
  }
  if (addresses.length === 0) throw new TargetRefused(`${host} does not resolve`)
  const forbidden = addresses.find(isForbiddenAddress)
  if (forbidden !== undefined)
    throw new TargetRefused(`${host} resolves to ${forbidden}, not a public address`)
  return addresses
}
