/**
 * The audit log: who did what to which record, when and why. Entries are written in the same
 * transaction as the change where there is one, and once per request (`actionKey`), so a retried
 * request never leaves two entries.
 * @module
 */
import type { Kysely, Transaction } from 'kysely'
import type { Db } from '../db/database.js'
import type { Database } from '../db/schema.js'
import type { IsoDate } from '../kernel/business-date.js'

export type AuditEntryInput = {
  principalRef: string
  action: string
  subjectType: string
  subjectId: string | number
  reason: string | null
  details: Record<string, unknown>
  businessDate: IsoDate
  /** Unique per request; a second entry with the same key is not written. */
  actionKey: string
}

export async function recordAudit(db: Kysely<Database> | Transaction<Database>, input: AuditEntryInput) {
  await db
    .insertInto('auditLog')
    .values({
      principalRef: input.principalRef,
      action: input.action,
      subjectType: input.subjectType,
      subjectId: String(input.subjectId),
      reason: input.reason,
      details: JSON.stringify(input.details),
      businessDate: input.businessDate,
      actionKey: input.actionKey,
    })
    .ignore()
    .execute()
}

export type AuditEntry = {
  auditId: number
  at: string
  businessDate: string | null
  principalRef: string
  action: string
  subjectType: string
  subjectId: string
  reason: string | null
  details: unknown
}

/** Newest first, paged by id. */
export async function listAudit(
  db: Db,
  filter: { subjectType?: string; subjectId?: string; action?: string },
  page: { limit: number; cursor?: number },
): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('auditLog')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
  if (filter.subjectType) query = query.where('subjectType', '=', filter.subjectType)
  if (filter.subjectId) query = query.where('subjectId', '=', filter.subjectId)
  if (filter.action) query = query.where('action', '=', filter.action)
  if (page.cursor !== undefined) query = query.where('id', '<', page.cursor)
  const rows = await query.execute()
  const items = rows.slice(0, page.limit).map((row) => ({
    auditId: Number(row.id),
    at: row.at.toISOString(),
    businessDate: row.businessDate,
    principalRef: row.principalRef,
    action: row.action,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    reason: row.reason,
    details: row.details === null ? null : (JSON.parse(row.details) as unknown),
  }))
  return { items, nextCursor: rows.length > page.limit ? String(items.at(-1)!.auditId) : null }
}
