/**
 * The typed client's schema, generated from the served OpenAPI document by openapi-typescript:
 * `npm run api:client` writes it, `npm run lint` fails when the committed file differs.
 * @module
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript'
import { PROJECT_ROOT } from '../../src/paths.js'

export const CLIENT_SCHEMA_FILE = join(PROJECT_ROOT, 'clients/typescript/microloan-api.ts')

const HEADER = `/**
 * The Microloan API's types, generated from /openapi.json by openapi-typescript.
 * Do not edit: \`npm run api:client\` regenerates it, and \`npm run lint\` fails when it is stale.
 */
`

export async function generateClientSchema(document: Record<string, unknown>): Promise<string> {
  // The document's servers name where it was served from; the types do not depend on it.
  const ast = await openapiTS(document as unknown as OpenAPI3, { alphabetize: false })
  return HEADER + astToString(ast)
}

export async function writeClientSchema(document: Record<string, unknown>): Promise<void> {
  await writeFile(CLIENT_SCHEMA_FILE, await generateClientSchema(document))
}

/** Whether the committed schema is what the document generates now. */
export async function clientSchemaIsCurrent(document: Record<string, unknown>): Promise<boolean> {
  const committed = await readFile(CLIENT_SCHEMA_FILE, 'utf8').catch(() => '')
  return committed === (await generateClientSchema(document))
}
