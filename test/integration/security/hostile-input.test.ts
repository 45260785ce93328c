/**
 * Hostile input against every operation of the served OpenAPI document: fast-check builds requests
 * from each operation's own parameters and body schema, with wrong types, huge and fractional
 * numbers, negative fen, unicode, NUL, SQL-ish and very long strings, arrays for objects, missing and
 * extra fields, malformed JSON, bad path ids, bad query values and oversized bodies. Every request
 * carries a key of a role the route allows, so it reaches validation and the handler.
 *
 * Asserted: never a 5xx; every 4xx is `application/problem+json` with a `code`; and nothing is
 * written — row counts of journal_entries, loans, loan_applications, purchases and events are the
 * same after the run. Excluded by design: `restricted_wallet_attempts` and the events
 * `restricted_purchase.refused` / `restricted_wallet.breach_attempt`, because the contract records
 * refused purchases and withdrawal attempts so officers can see them (API.md, agricultural loop).
 *
 * Each generated request is invalid by construction (a path id that names nothing, or at least one
 * body field of the wrong type or out of range), so a refusal is the only right answer. Valid
 * bodies of POST /v1/system/close-of-business are never sent: they move the business date.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '../../../src/access/principal.js'
import { startHarness, type ApiResponse, type Harness } from '../../support/harness.js'

const SEED = Number(process.env.HOSTILE_SEED ?? 20261123)
const RUNS = Number(process.env.HOSTILE_RUNS ?? 40)

type Schema = {
  $ref?: string
  type?: string | string[]
  properties?: Record<string, Schema>
  required?: string[]
  items?: Schema
  enum?: unknown[]
  anyOf?: Schema[]
  oneOf?: Schema[]
  allOf?: Schema[]
  nullable?: boolean
}
type Parameter = { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema?: Schema }
type Operation = {
  parameters?: Parameter[]
  requestBody?: { content?: Record<string, { schema?: Schema }> }
}
type Doc = {
  paths: Record<string, Record<string, Operation>>
  components?: { schemas?: Record<string, Schema> }
}

let h: Harness
let doc: Doc
const keys = {} as Record<Role, string>

function resolve(schema: Schema | undefined): Schema {
  if (!schema) return {}
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '')
    return resolve(doc.components?.schemas?.[name])
  }
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map(resolve)) as Schema
  if (schema.anyOf ?? schema.oneOf) return resolve((schema.anyOf ?? schema.oneOf)![0])
  return schema
}

const sqlish = fc.constantFrom(
  "' OR '1'='1",
  '1; DROP TABLE loans; --',
  '" UNION SELECT * FROM principals --',
  "\\'; SELECT SLEEP(5); --",
  '%27%20OR%201=1',
)
const weirdString = fc.oneof(
  sqlish,
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\u202e\u0301\ud83d\udca9',
    '\ud800',
    '𝕳𝖔𝖘𝖙𝖎𝖑𝖊',
    '',
    ' ',
    '../../etc/passwd',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 256, max: 20_000 }).map((n) => 'x'.repeat(n)),
)
const hugeNumber = fc.constantFrom(
  1e30,
  2 ** 63,
  -(2 ** 63),
  1e308,
  Number.MAX_SAFE_INTEGER + 2,
  -1,
  -100,
  0.5,
  -0.5,
  99.99,
)
/** Values that no schema of this API accepts for a field of the given type. */
function wrongFor(schema: Schema): fc.Arbitrary<unknown> {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  const common = [fc.constant([]), fc.constant({ nested: { deeper: [1, 2, 3] } }), fc.constant(true)]
  switch (type ?? '') {
    case 'integer':
    case 'number':
      return fc.oneof(fc.constantFrom(1e30, 2 ** 63, -(2 ** 63), 1e308, 0.5, -0.5), weirdString, ...common)
    case 'boolean':
      return fc.oneof(fc.constantFrom('true', 1, 0, 'yes'), weirdString, ...common)
    case 'array':
      return fc.oneof(fc.constant({ length: 1 }), weirdString, fc.constant(1e30))
    case 'object':
      return fc.oneof(fc.constant([{}]), weirdString, fc.constant(1e30), fc.constant(true))
    default:
      if (schema.enum) return fc.oneof(fc.constantFrom('NOT_AN_ENUM', 1e30), fc.constant([]), fc.constant({}))
      return fc.oneof(fc.constant(1e30), fc.constant(2 ** 63), ...common)
  }
}
/** Plausible or hostile values: may or may not pass validation. */
function anyFor(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema)
  const type = Array.isArray(s.type) ? s.type[0] : s.type
  const hostile = fc.oneof(hugeNumber, weirdString, fc.constant(null), fc.constant([]))
  if (s.enum) return fc.oneof(fc.constantFrom(...s.enum), hostile)
  switch (type ?? '') {
    case 'integer':
    case 'number':
      return fc.oneof(fc.integer({ min: -5, max: 1_000_000 }), hugeNumber, fc.double(), hostile)
    case 'boolean':
      return fc.oneof(fc.boolean(), hostile)
    case 'string':
      return fc.oneof(
        fc.constantFrom('2026-01-01', '2026-02-30', '9999-12-31', 'seed', 'x'),
        weirdString,
        hostile,
      )
    case 'array':
      return depth > 2
        ? fc.constant([])
        : fc.oneof(fc.array(anyFor(s.items ?? {}, depth + 1), { maxLength: 4 }), hostile)
    case 'object':
      return depth > 2 ? fc.constant({}) : fc.oneof(objectFor(s, depth + 1, false), hostile)
    default:
      return hostile
  }
}
/** An object for the schema; with `invalid`, at least one field is wrong or a required one missing. */
function objectFor(schema: Schema, depth: number, invalid: boolean): fc.Arbitrary<unknown> {
  const s = resolve(schema)
  const props = Object.entries(s.properties ?? {})
  const required = s.required ?? []
  const extra = fc.option(fc.dictionary(fc.string({ maxLength: 12 }), anyFor({}, 3), { maxKeys: 3 }), {
    nil: undefined,
  })
  const fields = fc.record(
    Object.fromEntries(
      props.map(([name, p]) => [name, fc.option(anyFor(p, depth), { nil: undefined, freq: 3 })]),
    ),
  )
  if (!invalid || props.length === 0) {
    return fc.tuple(fields, extra).map(([f, e]) => ({ ...e, ...stripUndefined(f) }))
  }
  const pick = fc.integer({ min: 0, max: props.length - 1 })
  const spoiler = pick.chain((index) => {
    const [name, p] = props[index]!
    const missingRequired = required.includes(name) ? [fc.constant({ kind: 'missing' as const, name })] : []
    return fc.oneof(
      wrongFor(resolve(p)).map((value) => ({ kind: 'wrong' as const, name, value })),
      ...missingRequired,
    )
  })
  return fc.tuple(fields, extra, spoiler).map(([f, e, spoil]) => {
    const body: Record<string, unknown> = { ...e, ...stripUndefined(f) }
    if (spoil.kind === 'missing') delete body[spoil.name]
    else body[spoil.name] = spoil.value
    return body
  })
}
function stripUndefined(record: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined))
}

const badId = fc.oneof(
  fc.constantFrom(
    '0',
    '-1',
    '1e20',
    'abc',
    '%00',
    '99999999999999999999',
    '1.5',
    '%27%20OR%201%3D1',
    '%F0%9F%92%A9',
    '0x10',
  ),
  fc.constantFrom('999999999', '123456789012345').map(String),
)
/** Percent-encodes, keeping lone surrogates as raw bytes rather than throwing. */
function encode(value: string): string {
  return [...value]
    .map((ch) => {
      try {
        return encodeURIComponent(ch)
      } catch {
        return '%ED%A0%80'
      }
    })
    .join('')
}
function pathParam(schema: Schema): fc.Arbitrary<string> {
  const s = resolve(schema)
  if (s.type === 'integer' || s.type === 'number') return badId
  return fc.oneof(badId, weirdString.filter((v) => v.length > 0 && v.length < 2000).map(encode))
}

type Built = { path: string; body?: unknown; headers: Record<string, string> }

function requestFor(template: string, method: string, op: Operation): fc.Arbitrary<Built> {
  const params = op.parameters ?? []
  const pathParams = params.filter((p) => p.in === 'path')
  const queryParams = params.filter((p) => p.in === 'query')
  const content = op.requestBody?.content ?? {}
  const jsonSchema = content['application/json']?.schema
  const hasBody = method !== 'get' && method !== 'delete'
  // With path parameters the bad id alone makes the request invalid; the body can be anything.
  const mustSpoilBody = pathParams.length === 0
  const pathArb = fc
    .record(Object.fromEntries(pathParams.map((p) => [p.name, pathParam(p.schema ?? {})])))
    .map((values) => template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] as string))
  const queryArb = fc
    .tuple(
      fc.record(
        Object.fromEntries(
          queryParams.map((p) => [
            p.name,
            fc.option(
              fc.oneof(
                anyFor(p.schema ?? {}).map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))),
                fc.constantFrom('-1', '0', '1e30', '1.5', 'abc', '', '%00', '201', '99999999999999999999'),
              ),
              { nil: undefined },
            ),
          ]),
        ),
      ),
      fc.option(fc.constantFrom('limit=-1', 'cursor=%00', 'limit=1e9&limit=2', 'x=%FF', 'date=2026-13-45'), {
        nil: undefined,
      }),
    )
    .map(([values, extra]) => {
      const parts = Object.entries(values)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${encode(v as string)}`)
      if (extra) parts.push(extra)
      return parts.length > 0 ? `?${parts.join('&')}` : ''
    })
  const malformed = fc.constantFrom(
    '{',
    '{"a":',
    'null',
    '"str"',
    '[1,2',
    '{"amountFen": 1e999}',
    '\u0000',
    '{}}',
    'NaN',
  )
  let bodyArb: fc.Arbitrary<{ body?: unknown; contentType?: string }>
  if (!hasBody) bodyArb = fc.constant({})
  else if (jsonSchema) {
    const schema = resolve(jsonSchema)
    const arrays = fc.constantFrom(
      [],
      [{}],
      [schema.properties ? Object.fromEntries(Object.keys(schema.properties).map((k) => [k, 1])) : 1],
    )
    bodyArb = fc.oneof(
      { weight: 5, arbitrary: objectFor(schema, 0, mustSpoilBody).map((body) => ({ body })) },
      {
        weight: 1,
        arbitrary: (mustSpoilBody ? arrays : fc.oneof(arrays, objectFor(schema, 0, false))).map((body) => ({
          body,
        })),
      },
      { weight: 1, arbitrary: malformed.map((body) => ({ body })) },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom('text/plain', 'application/xml', 'multipart/form-data')
          .map((contentType) => ({ body: '<a/>', contentType })),
      },
    )
  } else {
    // Non-JSON bodies (e.g. NDJSON/CSV imports): junk lines in every declared media type.
    const types = Object.keys(content)
    bodyArb = fc.record({
      body: fc.oneof(
        weirdString,
        fc.constantFrom(
          'date,grossFen\n2026-01-01,1e30',
          '{"date":"2026-01-01","grossFen":-5}\n{',
          '\u0000\n\u0000',
        ),
      ),
      contentType:
        types.length > 0 ? fc.constantFrom(...types, 'application/json') : fc.constant('text/plain'),
    })
  }
  const idem = fc.oneof(
    fc.constant(undefined),
    fc.string({ minLength: 1, maxLength: 40 }).filter((v) => /^[\x21-\x7e]+$/.test(v)),
    fc.constantFrom('x'.repeat(5000), "'; DROP TABLE idempotency_keys; --"),
  )
  return fc.tuple(pathArb, queryArb, bodyArb, idem).map(([path, query, body, idemKey]) => {
    const headers: Record<string, string> = {}
    if (idemKey !== undefined) headers['Idempotency-Key'] = idemKey
    if (body.contentType) headers['Content-Type'] = body.contentType
    return { path: path + query, body: body.body, headers }
  })
}

function operations(): Array<{ method: string; template: string; op: Operation }> {
  return Object.entries(doc.paths).flatMap(([template, ops]) =>
    Object.entries(ops)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, op]) => ({ method, template, op })),
  )
}

/** A hostile request that hangs is a failure too (with no worker, one that reaches Temporal would). */
async function withTimeout<T>(promise: Promise<T>, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label} did not answer within 10 s`)), 10_000)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

function assertRefusal(label: string, response: ApiResponse) {
  const problemJson = (response.headers.get('content-type') ?? '').includes('application/problem+json')
  const ok =
    response.status < 500 &&
    (response.status < 400 ||
      (problemJson && typeof response.body?.code === 'string' && response.body.code !== ''))
  if (!ok) {
    throw new Error(
      `${label} → ${response.status} ${response.headers.get('content-type')} ${JSON.stringify(response.body)?.slice(0, 400)}`,
    )
  }
}

const ROLE_ORDER: Role[] = [
  'admin',
  'officer',
  'platform',
  'merchant',
  'farmer',
  'supplier',
  'offtaker',
  'insurer',
]
/** A key of a role the route lets through: probed with a malformed body, which writes nothing. */
async function keyFor(method: string, template: string): Promise<string> {
  const path = template.replace(/\{(\w+)\}/g, '1')
  for (const role of ROLE_ORDER) {
    const body = method === 'get' || method === 'delete' ? undefined : '{'
    const response = await withTimeout(
      h.request(method.toUpperCase(), path, { key: keys[role], body }),
      `probe ${template}`,
    )
    if (response.status !== 403) return keys[role]
  }
  throw new Error(`no role may call ${method} ${template}`)
}

const COUNTED = ['journal_entries', 'loans', 'loan_applications', 'purchases'] as const
const RECORDED_REFUSALS = ['restricted_purchase.refused', 'restricted_wallet.breach_attempt']
async function counts() {
  const result: Record<string, number> = {}
  for (const table of COUNTED) {
    const row = await h.db
      .selectFrom(table as never)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    result[table] = Number((row as { n: number }).n)
  }
  const events = await h.db
    .selectFrom('events')
    .where('type', 'not in', RECORDED_REFUSALS as never)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  result.events = Number(events.n)
  return result
}

beforeAll(async () => {
  h = await startHarness({ worker: false })
  keys.admin = h.adminKey
  keys.officer = await h.keyFor('officer')
  keys.platform = await h.keyFor('platform')
  const made = async (path: string, body: Record<string, unknown>, id: string) => {
    const response = await h.request('POST', path, { key: h.adminKey, body })
    expect(response.status, JSON.stringify(response.body)).toBe(201)
    return response.body[id] as number
  }
  keys.merchant = await h.keyFor(
    'merchant',
    await made(
      '/v1/merchants',
      { externalRef: 'hostile-m', name: 'M', openedOn: '2025-01-01' },
      'merchantId',
    ),
  )
  keys.farmer = await h.keyFor(
    'farmer',
    await made('/v1/farmers', { externalRef: 'hostile-f', name: 'F', region: 'R' }, 'farmerId'),
  )
  keys.supplier = await h.keyFor(
    'supplier',
    await made('/v1/suppliers', { externalRef: 'hostile-s', name: 'S', approved: true }, 'supplierId'),
  )
  keys.offtaker = await h.keyFor(
    'offtaker',
    await made('/v1/offtakers', { externalRef: 'hostile-o', name: 'O' }, 'offtakerId'),
  )
  keys.insurer = await h.keyFor(
    'insurer',
    await made('/v1/insurers', { externalRef: 'hostile-i', name: 'I' }, 'insurerId'),
  )
  const response = await h.request('GET', '/openapi.json')
  expect(response.status).toBe(200)
  doc = response.body as Doc
})

afterAll(async () => {
  await h?.close()
})

describe('hostile input', () => {
  it('no operation answers a hostile request with a 5xx, a bare error or a write', async () => {
    const before = await counts()
    const ops = operations()
    expect(ops.length).toBeGreaterThan(40)
    const failures: string[] = []
    for (const { method, template, op } of ops) {
      // A write that takes no input at all (POST /v1/credit-lines/refresh) cannot be sent a hostile
      // request: every request to it is valid and runs it. (Its documented header, the optional
      // Idempotency-Key, is not input to it.)
      const inputs = (op.parameters ?? []).filter((p) => p.in !== 'header')
      if (method !== 'get' && !op.requestBody && inputs.length === 0) continue
      const key = await keyFor(method, template)
      const label = `${method.toUpperCase()} ${template}`
      const started = Date.now()
      // Oversized body (> 1 MiB) and the bare malformed bodies, once per operation.
      if (method !== 'get' && method !== 'delete') {
        const path = template.replace(/\{(\w+)\}/g, '1')
        const huge = JSON.stringify(['x'.repeat(1_100_000)])
        for (const body of [huge, '{'.repeat(10_000), `[${'1,'.repeat(300_000)}1]`]) {
          try {
            const response = await withTimeout(
              h.request(method.toUpperCase(), path, { key, body }),
              `${label} big`,
            )
            assertRefusal(`${label} oversized/deep`, response)
          } catch (error) {
            failures.push((error as Error).message)
          }
        }
      }
      // A path longer than idempotency_keys.path (1,024) with an Idempotency-Key: once a 500.
      if (template.includes('{')) {
        const path = template.replace(/\{(\w+)\}/g, () => 'x'.repeat(1500))
        try {
          const response = await withTimeout(
            h.request(method.toUpperCase(), path, {
              key,
              headers: { 'Idempotency-Key': `long-path-${method}-${template}`.replace(/[^\x21-\x7e]/g, '_') },
              body: method === 'get' || method === 'delete' ? undefined : '{}',
            }),
            `${label} long path`,
          )
          assertRefusal(`${label} long path`, response)
        } catch (error) {
          failures.push((error as Error).message)
        }
      }
      try {
        await fc.assert(
          fc.asyncProperty(requestFor(template, method, op), async (built) => {
            const response = await withTimeout(
              h.request(method.toUpperCase(), built.path, { key, body: built.body, headers: built.headers }),
              `${label} ${built.path}`,
            )
            assertRefusal(
              `${label} ${built.path} body=${JSON.stringify(built.body)?.slice(0, 300)}`,
              response,
            )
          }),
          { seed: SEED, numRuns: RUNS, endOnFailure: true },
        )
      } catch (error) {
        failures.push(
          `${label}, seed ${SEED}: ${(error as Error).message
            .split('\n')
            .filter((line) => line.trim() !== '' && !line.startsWith('Hint'))
            .map((line) => (line.length > 700 && !process.env.HOSTILE_FULL ? `${line.slice(0, 700)}…` : line))
            .join('\n')}\n  cause: ${String((error as Error).cause)}`,
        )
      }
      if (process.env.HOSTILE_VERBOSE) console.error(label, Date.now() - started, 'ms')
    }
    expect(failures, `seed ${SEED} (HOSTILE_SEED to replay)\n${failures.join('\n\n')}`).toEqual([])
    expect(await counts()).toEqual(before)
  }, 110_000)
})
