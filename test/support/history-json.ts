/**
 * Workflow histories to and from the JSON form the Temporal CLI and UI use (proto3 JSON).
 *
 * Why not `historyToJSON`/`historyFromJSON` of @temporalio/common: in this install
 * @temporalio/common and @temporalio/proto each carry their own copy of protobufjs 8, and the
 * common copy's `toJson`/`fromJson` refuse the proto package's types (`TypeError: type must be a
 * Type`). Resolving protobufjs from @temporalio/proto gives the copy its types were built with.
 * The output is the same proto3 JSON the SDK functions would write.
 */
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { temporal } from '@temporalio/proto'

import { PROJECT_ROOT } from '../../src/paths.js'

/** Where `npm run histories:record` writes and the replay test reads. */
export const HISTORIES_DIR = join(PROJECT_ROOT, 'test', 'fixtures', 'histories')

type History = temporal.api.history.v1.History
type ProtoJson = {
  toJson(type: unknown, message: unknown): unknown
  fromJson(type: unknown, json: unknown, options?: unknown): unknown
}

const requireFromProto = createRequire(createRequire(import.meta.url).resolve('@temporalio/proto'))
const proto = requireFromProto('@temporalio/proto') as typeof import('@temporalio/proto')
const { toJson, fromJson } = requireFromProto('protobufjs/ext/protojson') as ProtoJson
const { patchProtobufRoot } = requireFromProto('@temporalio/proto/lib/patch-protobuf-root') as {
  patchProtobufRoot(root: unknown): { lookupType(name: string): unknown }
}
const historyType = patchProtobufRoot(proto).lookupType('temporal.api.history.v1.History')

export function historyToJson(history: temporal.api.history.v1.IHistory): string {
  return JSON.stringify(
    toJson(historyType, proto.temporal.api.history.v1.History.fromObject(history)),
    null,
    2,
  )
}

/** A History message (its event ids are Longs, so the worker takes it as is, not as JSON). */
export function historyFromJson(json: string): History {
  return fromJson(historyType, JSON.parse(json), { ignoreUnknownFields: true }) as History
}
