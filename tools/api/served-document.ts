/**
 * The OpenAPI document exactly as the app serves it at `/openapi.json`, built without a server,
 * a database or Temporal: the app is wired to services that are never reached (a pool and a Temporal
 * connection that open only on first use), and the document route touches neither.
 * @module
 */
import { Client, Connection } from '@temporalio/client'
import { AdminKey } from '../../src/access/principal-service.js'
import { createApp } from '../../src/http/app.js'
import { createLogger } from '../../src/log.js'
import { openServices } from '../../src/services.js'

/** Never connected to: the document route reads no data. */
const UNUSED_DATABASE_URL = 'mysql://root@127.0.0.1:1/openapi_document'
const UNUSED_TEMPORAL_ADDRESS = '127.0.0.1:1'
/** What the document's `servers` names when it is written out for tools. */
export const DOCUMENT_ORIGIN = 'http://127.0.0.1:3000'

export async function servedOpenApiDocument(): Promise<Record<string, unknown>> {
  const services = openServices(UNUSED_DATABASE_URL)
  try {
    const app = createApp({
      ...services,
      temporal: new Client({ connection: Connection.lazy({ address: UNUSED_TEMPORAL_ADDRESS }) }),
      taskQueue: 'openapi-document',
      log: createLogger('silent'),
      adminKey: new AdminKey('openapi-document-unused-admin-key'),
    })
    const response = await app.request(`${DOCUMENT_ORIGIN}/openapi.json`)
    if (response.status !== 200) throw new Error(`/openapi.json answered ${response.status}`)
    return (await response.json()) as Record<string, unknown>
  } finally {
    await services.close()
  }
}
