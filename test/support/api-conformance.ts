/**
 * Holds the server to its document: an openapi-fetch middleware that fails a request whose answer
 * has a status the operation does not document, or a JSON body missing a property the documented
 * schema requires (or of another JSON type). The generated types check the client at compile time;
 * this checks the server at run time.
 */
import type { Middleware } from 'openapi-fetch'

type Schema = {
  $ref?: string
  type?: string | string[]
  required?: string[]
  properties?: Record<string, Schema>
  items?: Schema
  anyOf?: Schema[]
  oneOf?: Schema[]
}
type Document = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>
  >
  components: { schemas: Record<string, Schema> }
}

function typeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

/** Where `value` departs from `schema`: paths of missing properties and wrong types. */
export function departures(document: Document, schema: Schema, value: unknown, at = '$'): string[] {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '')
    return departures(document, document.components.schemas[name] ?? {}, value, at)
  }
  const alternatives = schema.anyOf ?? schema.oneOf
  if (alternatives) {
    return alternatives.some((alternative) => departures(document, alternative, value, at).length === 0)
      ? []
      : [`${at}: matches none of its alternatives`]
  }
  if (schema.type !== undefined) {
    const allowed = Array.isArray(schema.type) ? schema.type : [schema.type]
    const actual = typeOf(value)
    const fits = allowed.includes(actual) || (actual === 'integer' && allowed.includes('number'))
    if (!fits) return [`${at}: ${actual}, documented ${allowed.join('|')}`]
  }
  if (typeOf(value) === 'object') {
    const record = value as Record<string, unknown>
    const missing = (schema.required ?? [])
      .filter((key) => !(key in record))
      .map((key) => `${at}.${key}: missing`)
    const inner = Object.entries(schema.properties ?? {}).flatMap(([key, property]) =>
      key in record ? departures(document, property, record[key], `${at}.${key}`) : [],
    )
    return [...missing, ...inner]
  }
  if (typeOf(value) === 'array' && schema.items) {
    return (value as unknown[]).flatMap((item, index) =>
      departures(document, schema.items!, item, `${at}[${index}]`),
    )
  }
  return []
}

/** Every answer's status and body checked against `document`; what departs is pushed to `found`. */
export function conformance(document: Document, found: string[]): Middleware {
  return {
    async onResponse({ request, response, schemaPath }) {
      const operation = document.paths[schemaPath]?.[request.method.toLowerCase()]
      const name = `${request.method} ${schemaPath} → ${response.status}`
      const documented = operation?.responses[String(response.status)]
      if (!documented) {
        found.push(`${name}: status not documented`)
        return undefined
      }
      const contentType = (response.headers.get('Content-Type') ?? '').split(';')[0]!
      const schema = documented.content?.[contentType]?.schema
      if (!schema) {
        if (response.status !== 204) found.push(`${name}: ${contentType || 'no body'} not documented`)
        return undefined
      }
      const body: unknown = await response.clone().json()
      for (const departure of departures(document, schema, body)) found.push(`${name}: ${departure}`)
      return undefined
    },
  }
}
