/**
 * The API document's part of `npm run lint`: Redocly CLI's recommended rules over the document the
 * app serves (written to a temporary file; no server is started), failing on any error; then a check
 * that the committed client schema is what the document generates.
 * @module
 */
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PROJECT_ROOT } from '../../src/paths.js'
import { CLIENT_SCHEMA_FILE, clientSchemaIsCurrent } from './api-client-generate.js'
import { servedOpenApiDocument } from './served-document.js'

const document = await servedOpenApiDocument()
const dir = await mkdtemp(join(tmpdir(), 'microloan-openapi-'))
let failed = false
try {
  const file = join(dir, 'openapi.json')
  await writeFile(file, JSON.stringify(document, null, 2))
  const lint = spawnSync(
    join(PROJECT_ROOT, 'node_modules/.bin/redocly'),
    ['lint', file, '--config', join(PROJECT_ROOT, 'redocly.yaml'), '--format', 'codeframe'],
    {
      stdio: 'inherit',
      // Nothing leaves the machine: no usage report, no update check.
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    },
  )
  if (lint.status !== 0) {
    console.error('The served OpenAPI document has lint errors (above).')
    failed = true
  }
} finally {
  await rm(dir, { recursive: true, force: true })
}
if (!(await clientSchemaIsCurrent(document))) {
  console.error(`${CLIENT_SCHEMA_FILE} is stale: run \`npm run api:client\` and commit it.`)
  failed = true
}
process.exit(failed ? 1 : 0)
