/**
 * `npm run api:client`: regenerates the typed client's schema (clients/typescript/microloan-api.ts)
 * from the document the app serves.
 * @module
 */
import { CLIENT_SCHEMA_FILE, writeClientSchema } from './api-client-generate.js'
import { servedOpenApiDocument } from './served-document.js'

await writeClientSchema(await servedOpenApiDocument())
console.log(`wrote ${CLIENT_SCHEMA_FILE}`)
