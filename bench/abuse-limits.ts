/**
 * The abuse limiter's cost: the same authenticated GET through an app with the limits off and one
 * with them on (limits high enough never to refuse: a busy key pays the counter's
 * `INSERT … ON DUPLICATE KEY UPDATE` once per lease, the lockout read once a second), in alternating
 * rounds so both see the same machine. Printed: p50/p99 of each and the difference.
 */
import { randomBytes } from 'node:crypto'
import { AdminKey, createPrincipal } from '../src/access/principal-service.js'
import type { AbuseLimits } from '../src/config.js'
import { ABUSE_LIMITS_OFF } from '../src/http/abuse-limits.js'
import { createApp } from '../src/http/app.js'
import { createLogger } from '../src/log.js'
import { type BenchEnv, fmt, runConcurrent, summarize } from './support.js'

const NEVER_REFUSING: AbuseLimits = {
  requestsPerWindowMax: 1_000_000_000,
  windowMs: 60_000,
  invalidKeyAttemptsMax: 1_000_000_000,
  invalidKeyWindowMs: 300_000,
  trustedProxyHops: 0,
}
const ROUNDS = 4

export async function runAbuseLimitsBench(env: BenchEnv, n: (count: number) => number): Promise<void> {
  console.log('\nAbuse limits (GET /v1/system/business-date, limits off vs on, alternating rounds)')
  const appWith = (abuseLimits: AbuseLimits) =>
    createApp({
      ...env,
      temporal: env.client,
      log: createLogger('silent'),
      adminKey: new AdminKey(randomBytes(24).toString('base64url')),
      abuseLimits,
    })
  const apps = { off: appWith(ABUSE_LIMITS_OFF), on: appWith(NEVER_REFUSING) }
  for (const concurrency of [1, 16]) {
    // One key per client: the counters of 16 clients do not queue on one row.
    const keys = await Promise.all(
      Array.from({ length: concurrency }, () =>
        createPrincipal(env.db, { role: 'officer', subjectId: null }),
      ),
    )
    const latencies = { off: [] as number[], on: [] as number[] }
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of round % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
        const result = await runConcurrent(n(concurrency === 1 ? 500 : 2000), concurrency, async (index) => {
          const response = await apps[mode].request('/v1/system/business-date', {
            headers: { Authorization: `Bearer ${keys[index % concurrency]!.apiKey}` },
          })
          if (response.status !== 200) throw new Error(`unexpected ${response.status}`)
          await response.arrayBuffer()
        })
        if (round > 0) latencies[mode].push(...result.latenciesMs) // round 0 warms up
      }
    }
    const off = summarize(latencies.off)
    const on = summarize(latencies.on)
    console.log(
      `  ${String(concurrency).padStart(2)} client(s): off p50 ${fmt(off.p50Ms, 2)} ms p99 ${fmt(off.p99Ms, 2)} ms; ` +
        `on p50 ${fmt(on.p50Ms, 2)} ms p99 ${fmt(on.p99Ms, 2)} ms; ` +
        `added p50 ${fmt(on.p50Ms - off.p50Ms, 2)} ms p99 ${fmt(on.p99Ms - off.p99Ms, 2)} ms (${fmt(on.count)} requests each)`,
    )
  }
}
