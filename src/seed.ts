/**
 * Demo data for `npm start` and `npm run seed`: idempotent, so running it again changes nothing.
 * On a fresh database it creates one officer and one platform principal and returns their keys once.
 * @module
 */
import { createPrincipal, type CreatedPrincipal } from './access/principal-service.js'
import type { Db } from './db/database.js'

export async function seedDemoData(db: Db): Promise<{ created: CreatedPrincipal[] }> {
  const existing = await db.selectFrom('principals').select('id').limit(1).executeTakeFirst()
  if (existing) return { created: [] }
  const officer = await createPrincipal(db, { role: 'officer', subjectId: null })
  const platform = await createPrincipal(db, { role: 'platform', subjectId: null })
  return { created: [officer, platform] }
}
