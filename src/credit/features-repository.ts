/**
 * The scorecard's features computed in MySQL, set-based, for many merchants at once. This is the
 * production path; src/credit/features.ts is the specification it implements, and a test pins the
 * two to each other on a synthetic population. Windows, fallbacks and zero days follow that file
 * exactly (k = asOfDate − sales_date; a W-day window has n_W = min(W, tenure + 1) open days; days
 * without a row count as zero).
 * @module
 */
import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import { FEATURE_WINDOW_DAYS, MEDIUM_WINDOW_DAYS, TREND_MIN_DAYS, type MerchantFeatures } from './features.js'

export type MerchantFeatureRow = { merchantId: number; openedOn: string; features: MerchantFeatures }

/**
 * Features as of `asOfDate` for every merchant with id in [fromMerchantId, toMerchantId] that had
 * opened by then. One query; the sales primary key (merchant_id, sales_date) bounds each scan.
 */
export async function computeFeaturesInSql(
  db: Db,
  range: { asOfDate: string; fromMerchantId: number; toMerchantId: number },
): Promise<MerchantFeatureRow[]> {
  const { asOfDate } = range
  // MySQL may hand DOUBLE and DECIMAL columns back as strings; every feature is read as a number.
  const { rows } = await sql<
    { merchantId: number; openedOn: string } & Record<keyof MerchantFeatures, number | string>
  >`
    SELECT a.merchant_id AS merchantId, a.opened_on AS openedOn, a.tenure AS tenureDays,
      a.active180 / a.n180 AS activeDaysShare180,
      a.net30 / a.n30 AS avgDailyNetFen30,
      a.net90 / a.n90 AS avgDailyNetFen90,
      a.net180 / a.n180 AS avgDailyNetFen180,
      CASE WHEN a.n90 < ${TREND_MIN_DAYS} OR a.net90 <= 0 THEN 0
           ELSE (a.xy90 - (a.n90 - 1) / 2 * a.net90) / (a.n90 * (a.n90 * a.n90 - 1) / 12) / (a.net90 / a.n90) END
        AS trendSlope90,
      CASE WHEN a.n90 < 2 OR a.net90 <= 0 THEN 0
           ELSE SQRT(GREATEST(0, a.sq90 / a.n90 - POW(a.net90 / a.n90, 2))) / (a.net90 / a.n90) END AS cv90,
      CASE WHEN a.lnN180 < ${TREND_MIN_DAYS} THEN 0
           ELSE (a.lnN180 * a.lnXY180 - a.lnX180 * a.lnY180) / (a.lnN180 * a.lnXX180 - a.lnX180 * a.lnX180) END
        AS logTrendSlope180,
      CASE WHEN a.lnN90 < 2 THEN 0
           ELSE SQRT(GREATEST(0, a.lnYY90 / a.lnN90 - POW(a.lnY90 / a.lnN90, 2))) END AS logVolatility90,
      CASE WHEN a.gross90 > 0 THEN a.refund90 / a.gross90 ELSE 0 END AS refundRate90,
      COALESCE(a.lastSaleK, a.n180) AS daysSinceLastSale,
      a.orders30 AS orderCount30,
      CASE WHEN a.net90 <= 0 THEN 1 ELSE GREATEST(0, a.net7 / a.n7) / (a.net90 / a.n90) END AS spikeRatio7to90
    FROM (
      SELECT m.id AS merchant_id, m.opened_on, m.tenure,
        LEAST(7, m.tenure + 1) AS n7, LEAST(30, m.tenure + 1) AS n30,
        LEAST(${MEDIUM_WINDOW_DAYS}, m.tenure + 1) AS n90, LEAST(${FEATURE_WINDOW_DAYS}, m.tenure + 1) AS n180,
        COALESCE(SUM(CASE WHEN s.k < 7 THEN s.net_fen END), 0) * 1e0 AS net7,
        COALESCE(SUM(CASE WHEN s.k < 30 THEN s.net_fen END), 0) * 1e0 AS net30,
        COALESCE(SUM(CASE WHEN s.k < 90 THEN s.net_fen END), 0) * 1e0 AS net90,
        COALESCE(SUM(s.net_fen), 0) * 1e0 AS net180,
        COALESCE(SUM(CASE WHEN s.k < 90 THEN s.gross_fen END), 0) * 1e0 AS gross90,
        COALESCE(SUM(CASE WHEN s.k < 90 THEN s.refund_fen END), 0) * 1e0 AS refund90,
        COALESCE(SUM(CASE WHEN s.k < 30 THEN s.order_count END), 0) * 1e0 AS orders30,
        COALESCE(SUM(CASE WHEN s.net_fen > 0 THEN 1 ELSE 0 END), 0) * 1e0 AS active180,
        MIN(CASE WHEN s.net_fen > 0 THEN s.k END) AS lastSaleK,
        -- Sums become DOUBLE (* 1e0): DECIMAL division would keep only 4 digits, the specification is float64.
        -- Σ x·y over the 90-day window with x = n90 − 1 − k (oldest day x = 0), zeros adding nothing.
        COALESCE(SUM(CASE WHEN s.k < 90 THEN (LEAST(90, m.tenure + 1) - 1 - s.k) * s.net_fen END), 0) * 1e0 AS xy90,
        COALESCE(SUM(CASE WHEN s.k < 90 THEN s.net_fen * s.net_fen END), 0) * 1e0 AS sq90,
        -- ln(net) on trading days (net > 0), x = −k: the sums of an OLS line and of a variance.
        COALESCE(SUM(CASE WHEN s.net_fen > 0 THEN 1 END), 0) AS lnN180,
        COALESCE(SUM(CASE WHEN s.net_fen > 0 THEN -s.k END), 0) * 1e0 AS lnX180,
        COALESCE(SUM(CASE WHEN s.net_fen > 0 THEN s.k * s.k END), 0) * 1e0 AS lnXX180,
        COALESCE(SUM(CASE WHEN s.net_fen > 0 THEN LN(s.net_fen) END), 0) AS lnY180,
        COALESCE(SUM(CASE WHEN s.net_fen > 0 THEN -s.k * LN(s.net_fen) END), 0) AS lnXY180,
        COALESCE(SUM(CASE WHEN s.net_fen > 0 AND s.k < 90 THEN 1 END), 0) AS lnN90,
        COALESCE(SUM(CASE WHEN s.net_fen > 0 AND s.k < 90 THEN LN(s.net_fen) END), 0) AS lnY90,
        COALESCE(SUM(CASE WHEN s.net_fen > 0 AND s.k < 90 THEN POW(LN(s.net_fen), 2) END), 0) AS lnYY90
      FROM (
        SELECT id, opened_on, DATEDIFF(${asOfDate}, opened_on) AS tenure FROM merchants
        WHERE id BETWEEN ${range.fromMerchantId} AND ${range.toMerchantId} AND opened_on <= ${asOfDate}
      ) m
      LEFT JOIN (
        SELECT merchant_id, DATEDIFF(${asOfDate}, sales_date) AS k, net_fen, gross_fen, refund_fen, order_count
        FROM merchant_daily_sales
        WHERE merchant_id BETWEEN ${range.fromMerchantId} AND ${range.toMerchantId}
          AND sales_date <= ${asOfDate} AND sales_date > DATE_SUB(${asOfDate}, INTERVAL ${FEATURE_WINDOW_DAYS} DAY)
      ) s ON s.merchant_id = m.id AND s.k <= m.tenure
      GROUP BY m.id, m.opened_on, m.tenure
    ) a
    ORDER BY a.merchant_id`.execute(db)
  return rows.map(({ merchantId, openedOn, ...features }) => ({
    merchantId: Number(merchantId),
    openedOn,
    features: Object.fromEntries(
      Object.entries(features).map(([name, value]) => [name, Number(value)]),
    ) as MerchantFeatures,
  }))
}
