/**
 * The chaos suite's HTTP client: a client that behaves the way the contract asks of one. It sends a
 * request and, while the answer is not definitive (no answer, a 5xx, a 409 "still in progress"),
 * sends the very same request again with the same Idempotency-Key until it gets a 2xx or a 4xx.
 * Every attempt's outcome is counted; a 500 (or any 5xx but 503) is recorded as an anomaly.
 * @module
 */
import { setTimeout as sleep } from 'node:timers/promises'

/** One attempt's wait for an answer; the server keeps working on it after the client gives up. */
export const ATTEMPT_TIMEOUT_MS = 30_000
const RETRY_DELAYS_MS = [100, 200, 400, 800, 1_500, 2_000] as const
/** A request still unanswered after this long is logged (once) while it goes on, for a look at it live. */
export const SLOW_ANSWER_MS = 20_000

/** `body` is parsed JSON of many shapes, read field by field as the contract names them (a client's view). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type Answer = { status: number; body: any; text: string }

export type RequestSpec = {
  method: 'GET' | 'POST' | 'PUT'
  path: string
  apiKey: string
  body?: unknown
  idempotencyKey?: string
}

/** What was seen across all attempts: counts per outcome, and the anomalies by description. */
export class TrafficStats {
  readonly requests = { sent: 0, answered: 0, unresolved: 0 }
  /** Per attempt: `201`, `503`, `409 idempotency_request_in_progress`, `no answer`, … */
  readonly attempts = new Map<string, number>()
  /** Per request, its definitive status. */
  readonly definitive = new Map<string, number>()
  readonly anomalies: string[] = []
  /** Per answered request: from its first send to its definitive answer. */
  readonly answerMs: number[] = []

  countAttempt(outcome: string): void {
    this.attempts.set(outcome, (this.attempts.get(outcome) ?? 0) + 1)
  }
  countDefinitive(status: number, code: string | undefined): void {
    const label = code ? `${status} ${code}` : String(status)
    this.definitive.set(label, (this.definitive.get(label) ?? 0) + 1)
  }
}

function isTransient(answer: Answer): boolean {
  if (answer.status >= 500) return true
  return answer.status === 409 && answer.body?.code === 'idempotency_request_in_progress'
}

export class ChaosClient {
  readonly #baseUrl: string
  readonly #stats: TrafficStats

  readonly #log: (line: string) => void

  constructor(baseUrl: string, stats: TrafficStats, log: (line: string) => void = () => {}) {
    this.#baseUrl = baseUrl
    this.#stats = stats
    this.#log = log
  }

  /** One attempt: the answer, or undefined when none came (refused, reset, timed out). */
  async attempt(spec: RequestSpec): Promise<Answer | undefined> {
    const headers: Record<string, string> = { Authorization: `Bearer ${spec.apiKey}` }
    if (spec.idempotencyKey !== undefined) headers['Idempotency-Key'] = spec.idempotencyKey
    let body: string | undefined
    if (spec.body !== undefined) {
      body = JSON.stringify(spec.body)
      headers['Content-Type'] = 'application/json'
    }
    try {
      const response = await fetch(`${this.#baseUrl}${spec.path}`, {
        method: spec.method,
        headers,
        body,
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      })
      const text = await response.text()
      let parsed: unknown = text
      try {
        parsed = text ? JSON.parse(text) : undefined
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body: parsed, text }
    } catch {
      return undefined
    }
  }

  /**
   * Sends `spec` until it has a definitive answer or `deadline` (epoch ms) passes; undefined then.
   * `label` names the request in anomalies.
   */
  async untilDefinitive(spec: RequestSpec, label: string, deadline: number): Promise<Answer | undefined> {
    this.#stats.requests.sent++
    const sentAt = Date.now()
    let loggedSlow = false
    for (let attempt = 0; ; attempt++) {
      if (!loggedSlow && Date.now() - sentAt > SLOW_ANSWER_MS) {
        loggedSlow = true
        this.#log(
          `${label}: no definitive answer after ${Date.now() - sentAt} ms (key ${spec.idempotencyKey})`,
        )
      }
      const answer = await this.attempt(spec)
      if (answer === undefined) this.#stats.countAttempt('no answer')
      else {
        const code = typeof answer.body?.code === 'string' ? answer.body.code : undefined
        this.#stats.countAttempt(
          answer.status >= 400 && code ? `${answer.status} ${code}` : String(answer.status),
        )
        if (answer.status >= 500 && answer.status !== 503) {
          this.#stats.anomalies.push(`${label}: answered ${answer.status} ${answer.text.slice(0, 200)}`)
        }
        if (answer.status === 503 && !answer.body?.code) {
          this.#stats.anomalies.push(`${label}: a 503 that is not problem+json: ${answer.text.slice(0, 200)}`)
        }
        if (!isTransient(answer)) {
          this.#stats.requests.answered++
          this.#stats.answerMs.push(Date.now() - sentAt)
          this.#stats.countDefinitive(answer.status, answer.status >= 400 ? code : undefined)
          return answer
        }
      }
      if (Date.now() > deadline) {
        this.#stats.requests.unresolved++
        this.#stats.anomalies.push(`${label}: no definitive answer before the deadline`)
        return undefined
      }
      await sleep(RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]!)
    }
  }
}
