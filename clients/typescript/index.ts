/**
 * A typed client for the Microloan API: openapi-fetch over the types generated from `/openapi.json`
 * (microloan-api.ts). Paths, bodies, parameters (the `Idempotency-Key` where money moves) and answers
 * are checked by the TypeScript compiler.
 *
 * @example
 * const api = createMicroloanClient({ baseUrl: 'http://127.0.0.1:3000', apiKey })
 * const { data, error } = await api.POST('/v1/loan-applications', {
 *   params: { header: { 'Idempotency-Key': crypto.randomUUID() } },
 *   body: { merchantId: 42, amountFen: 500_000, termDays: 30, repaymentMethod: 'installment', frequency: 'daily' },
 * })
 * if (error) console.log(error.code) // a stable refusal code
 * @module
 */
import createClient, { type Client } from 'openapi-fetch'
import type { paths } from './microloan-api.js'

export type { components, operations, paths } from './microloan-api.js'

export type MicroloanClient = Client<paths>

export type MicroloanClientOptions = {
  /** Where the API is, e.g. `http://127.0.0.1:3000` (the document's `servers`). */
  baseUrl: string
  /** A key of the caller's role, sent as `Authorization: Bearer <apiKey>`. */
  apiKey: string
  /** A fetch of your own (a proxy, a test's); unset = the global fetch. */
  fetch?: (request: Request) => Promise<Response>
}

export function createMicroloanClient(options: MicroloanClientOptions): MicroloanClient {
  return createClient<paths>({
    baseUrl: options.baseUrl,
    headers: { Authorization: `Bearer ${options.apiKey}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  })
}
