/**
 * Credit lines: computed in batches (features in SQL, score and policy in TypeScript, one bulk
 * upsert), stored with everything that decided them, and recomputed on demand when stale or after
 * new sales.
 * @module
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { sql, type Transaction } from 'kysely'
import type { Db } from '../db/database.js'
import type { Database } from '../db/schema.js'
import { addDays, daysBetween, isoDate, type IsoDate } from '../kernel/business-date.js'
import { NotFound } from '../kernel/errors.js'
import { fenFromDb } from '../kernel/money.js'
import { getBusinessDate } from '../system/business-date-service.js'
import { CREDIT_POLICY, decideCreditLine, type ScoreBand } from './credit-policy.js'
import { computeFeaturesInSql } from './features-repository.js'
import { recordEvents, type OutboxEvent } from '../events/events.js'
import type { MerchantFeatures } from './features.js'
import { parseScorecardModel, SCORECARD_VERSION, scoreMerchant, type ScorecardModel } from './scorecard.js'

/** Merchants per refresh batch: one SQL scan and one upsert each. */
export const CREDIT_REFRESH_BATCH_MERCHANTS = 2_000

/** Where the committed scorecard of `SCORECARD_VERSION` lives (written by `npm run model:train`). */
export const SCORECARD_MODEL_PATH = fileURLToPath(
  new URL(`./models/${SCORECARD_VERSION}.json`, import.meta.url),
)

/** The committed scorecard, loaded once at start. */
export function loadScorecardModel(): ScorecardModel {
  return parseScorecardModel(JSON.parse(readFileSync(SCORECARD_MODEL_PATH, 'utf8')))
}

export type CreditLine = {
  merchantId: number
  asOfDate: string
  computedAt: Date
  eligible: boolean
  creditLimitFen: number
  score: number
  scoreBand: ScoreBand | null
  pd: number
  reasons: Array<{ code: string; text: string }>
  features: MerchantFeatures
  policyVersion: string
  modelVersion: string
}

/** Features are taken as of the last closed business date: the open day's sales may still change. */
export function featuresAsOf(businessDate: IsoDate): IsoDate {
  return addDays(businessDate, -1)
}

/** Recomputes and stores the lines of every merchant with id in the range; returns counts. */
export async function refreshCreditLines(
  db: Db,
  model: ScorecardModel,
  range: { asOfDate: string; fromMerchantId: number; toMerchantId: number },
): Promise<{ merchants: number; eligible: number }> {
  const rows = await computeFeaturesInSql(db, range)
  if (rows.length === 0) return { merchants: 0, eligible: 0 }
  const computedAt = new Date()
  let eligible = 0
  const decisions: Array<{ merchantId: number; decision: ReturnType<typeof decideCreditLine> }> = []
  const values = rows.map((row) => {
    const score = scoreMerchant(model, row.features)
    const decision = decideCreditLine(row.features, score)
    decisions.push({ merchantId: Number(row.merchantId), decision })
    if (decision.eligible) eligible += 1
    return sql`(${row.merchantId}, ${range.asOfDate}, ${computedAt}, ${CREDIT_POLICY.version}, ${model.version},
      ${decision.eligible}, ${decision.creditLimitFen}, ${score.score}, ${decision.scoreBand}, ${score.pd},
      ${JSON.stringify(decision.reasons)}, ${JSON.stringify(row.features)})`
  })
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('creditLines')
      .select(['merchantId', 'eligible', 'creditLimitFen', 'asOfDate'])
      .where('merchantId', '>=', range.fromMerchantId)
      .where('merchantId', '<=', range.toMerchantId)
      .execute()
    await sql`
      INSERT INTO credit_lines (merchant_id, as_of_date, computed_at, policy_version, model_version, eligible,
        credit_limit_fen, score, score_band, pd, reasons, features)
      VALUES ${sql.join(values)}
      ON DUPLICATE KEY UPDATE as_of_date = VALUES(as_of_date), computed_at = VALUES(computed_at),
        policy_version = VALUES(policy_version), model_version = VALUES(model_version), eligible = VALUES(eligible),
        credit_limit_fen = VALUES(credit_limit_fen), score = VALUES(score), score_band = VALUES(score_band),
        pd = VALUES(pd), reasons = VALUES(reasons), features = VALUES(features)`.execute(trx)
    // An offer is announced when a merchant gains a line or its limit changes, and withdrawn
    // (offer.expired) when the line is lost.
    const previous = new Map(before.map((row) => [Number(row.merchantId), row]))
    const events = decisions.flatMap(({ merchantId, decision }): OutboxEvent[] => {
      const was = previous.get(merchantId)
      // A line not refreshed within the offer's validity has expired (close of business said so).
      const wasEligible =
        was?.eligible === 1 &&
        daysBetween(isoDate(was.asOfDate), range.asOfDate as IsoDate) <= CREDIT_POLICY.offerValidityDays
      if (decision.eligible && (!wasEligible || fenFromDb(was!.creditLimitFen) !== decision.creditLimitFen)) {
        return [
          {
            key: `offer.created:${merchantId}:${range.asOfDate}`,
            type: 'offer.created',
            businessDate: addDays(range.asOfDate as IsoDate, 1),
            subject: { merchantId },
            data: { creditLimitFen: decision.creditLimitFen, scoreBand: decision.scoreBand },
          },
        ]
      }
      if (!decision.eligible && wasEligible) {
        return [
          {
            key: `offer.expired:${merchantId}:${range.asOfDate}`,
            type: 'offer.expired',
            businessDate: addDays(range.asOfDate as IsoDate, 1),
            subject: { merchantId },
            data: { why: 'line withdrawn', reasons: decision.reasons },
          },
        ]
      }
      return []
    })
    await recordEvents(trx, events)
  })
  return { merchants: rows.length, eligible }
}

/**
 * Offers not refreshed within their validity expire with the day: one `offer.expired` event per line
 * and as-of date (`INSERT IGNORE` on its key), so each stale offer expires once however often it is
 * asked. Runs in the transaction that closes `closedDate` (close of business passes it to
 * `closeBusinessDate`), so the events commit with the close.
 */
export async function expireUnrenewedOffers(trx: Transaction<Database>, closedDate: IsoDate): Promise<void> {
  const refreshedBefore = addDays(closedDate, -CREDIT_POLICY.offerValidityDays)
  await sql`
    INSERT IGNORE INTO events (event_key, type, business_date, merchant_id, subject, data)
    SELECT CONCAT('offer.expired:', merchant_id, ':', as_of_date), 'offer.expired', ${closedDate}, merchant_id,
           CONCAT('{"merchantId":', merchant_id, '}'),
           CONCAT('{"why":"not renewed","creditLimitFen":', credit_limit_fen, ',"asOfDate":"', as_of_date, '"}')
    FROM credit_lines
    WHERE eligible = 1 AND as_of_date < ${refreshedBefore}`.execute(trx)
}

async function readCreditLine(db: Db, merchantId: number): Promise<CreditLine | undefined> {
  const row = await db
    .selectFrom('creditLines')
    .selectAll()
    .where('merchantId', '=', merchantId)
    .executeTakeFirst()
  if (!row) return undefined
  return {
    merchantId: Number(row.merchantId),
    asOfDate: row.asOfDate,
    computedAt: new Date(row.computedAt),
    eligible: row.eligible === 1,
    creditLimitFen: fenFromDb(row.creditLimitFen),
    score: row.score,
    scoreBand: row.scoreBand as ScoreBand | null,
    pd: Number(row.pd),
    reasons: JSON.parse(row.reasons),
    features: JSON.parse(row.features),
    policyVersion: row.policyVersion,
    modelVersion: row.modelVersion,
  }
}

/**
 * The merchant's line, recomputed first when it is missing, older than the last closed business
 * date, decided by another model or policy, or older than the merchant's latest sales data.
 */
export async function currentCreditLine(
  db: Db,
  model: ScorecardModel,
  merchantId: number,
): Promise<CreditLine> {
  const merchant = await db
    .selectFrom('merchants')
    .select('openedOn')
    .where('id', '=', merchantId)
    .executeTakeFirst()
  if (!merchant) throw new NotFound(`No merchant ${merchantId}.`)
  const asOfDate = featuresAsOf(await getBusinessDate(db))
  const stored = await readCreditLine(db, merchantId)
  if (stored && !(await isStale(db, stored, asOfDate, model))) return stored
  if (isoDate(merchant.openedOn) > asOfDate) {
    // Opened today: no closed day of sales yet. Score an empty history as of the opening day.
    await refreshCreditLines(db, model, {
      asOfDate: merchant.openedOn,
      fromMerchantId: merchantId,
      toMerchantId: merchantId,
    })
  } else {
    await refreshCreditLines(db, model, { asOfDate, fromMerchantId: merchantId, toMerchantId: merchantId })
  }
  return (await readCreditLine(db, merchantId))!
}

async function isStale(db: Db, line: CreditLine, asOfDate: string, model: ScorecardModel): Promise<boolean> {
  if (
    line.asOfDate < asOfDate ||
    line.policyVersion !== CREDIT_POLICY.version ||
    line.modelVersion !== model.version
  ) {
    return true
  }
  const latest = await db
    .selectFrom('merchantDailySales')
    .select((eb) => eb.fn.max('updatedAt').as('updatedAt'))
    .where('merchantId', '=', line.merchantId)
    .executeTakeFirst()
  return latest?.updatedAt ? new Date(latest.updatedAt) > line.computedAt : false
}

/** The id range refreshes walk in batches. */
export async function merchantIdRange(
  db: Db,
): Promise<{ fromMerchantId: number; toMerchantId: number } | null> {
  const row = await db
    .selectFrom('merchants')
    .select((eb) => [eb.fn.min('id').as('minId'), eb.fn.max('id').as('maxId')])
    .executeTakeFirst()
  if (!row || row.minId === null) return null
  return { fromMerchantId: Number(row.minId), toMerchantId: Number(row.maxId) }
}
