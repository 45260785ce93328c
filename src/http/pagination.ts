/** List paging as API.md says: `?limit=` (at most 200) and an opaque `?cursor=`; answers `{items, nextCursor}`. */
import { z } from '@hono/zod-openapi'

export const LIST_LIMIT_MAX = 200
export const LIST_LIMIT_DEFAULT = 50

export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(LIST_LIMIT_MAX).default(LIST_LIMIT_DEFAULT),
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, 'must be a cursor from a previous page')
    .optional(),
})

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() })
}
