/**
 * The credit policy: hard declines, limits and risk-based prices by score band. All parameters live
 * in {@link CREDIT_POLICY}, which carries a version stored with every decision, so an officer can
 * always see which rules decided. Pure; safe to import from workflows.
 * @module
 */
import { mulBps } from '../kernel/money.js'
import type { MerchantFeatures } from './features.js'
import { REASONS_MAX, type MerchantScore } from './scorecard.js'

export type ScoreBand = 'A' | 'B' | 'C' | 'D'
export type RepaymentMethod = 'installment' | 'sales_share'
export type InstallmentFrequency = 'daily' | 'weekly' | 'monthly'

export type InstallmentTerm = { termDays: number; frequency: InstallmentFrequency; repayments: number }

export type BandPolicy = {
  band: ScoreBand
  /** A merchant is in the first band whose `pdMax` its PD does not exceed. */
  pdMax: number
  /** The limit as a share of a month (30 days) of average net sales over 90 days, in basis points. */
  limitBpsOfMonthlyNetSales: number
  annualRateBps: number
  /** Sales-share loans take this share of each day's net sales. */
  salesShareBps: number
  /** Sales-share loans cost one fixed fee: this share of the principal. */
  salesShareFeeBps: number
}

export const CREDIT_POLICY = {
  // 2026-12: approved lines also say what supports them (the scorecard's strengths, and the sales
  // the limit is set from), so no line is shown with an empty list of reasons.
  version: 'credit-policy-2026-12-v1',
  tenureDaysMin: 30,
  daysSinceLastSaleMax: 14,
  /** Loans are "under 1,000,000 yuan" (PRODUCT.md): the limit stops one fen below. */
  creditLimitFenMax: 99_999_999,
  /** The smallest loan is 1 yuan, so an eligible line is never below it. */
  creditLimitFenMin: 100,
  offerValidityDays: 7,
  bands: [
    {
      band: 'A',
      pdMax: 0.01,
      limitBpsOfMonthlyNetSales: 15_000,
      annualRateBps: 1_080,
      salesShareBps: 1_000,
      salesShareFeeBps: 250,
    },
    {
      band: 'B',
      pdMax: 0.03,
      limitBpsOfMonthlyNetSales: 10_000,
      annualRateBps: 1_440,
      salesShareBps: 1_200,
      salesShareFeeBps: 350,
    },
    {
      band: 'C',
      pdMax: 0.06,
      limitBpsOfMonthlyNetSales: 6_000,
      annualRateBps: 1_800,
      salesShareBps: 1_500,
      salesShareFeeBps: 500,
    },
    {
      band: 'D',
      pdMax: 0.12,
      limitBpsOfMonthlyNetSales: 3_000,
      annualRateBps: 2_400,
      salesShareBps: 2_000,
      salesShareFeeBps: 700,
    },
  ] satisfies BandPolicy[],
  installmentTerms: [
    { termDays: 30, frequency: 'daily', repayments: 30 },
    { termDays: 84, frequency: 'weekly', repayments: 12 },
    { termDays: 180, frequency: 'monthly', repayments: 6 },
  ] satisfies InstallmentTerm[],
  salesShareTermDays: 180,
} as const

export type CreditPolicy = typeof CREDIT_POLICY

export type DeclineCode = 'short_tenure' | 'no_recent_sales' | 'no_sales' | 'risk_too_high'

/** What a declined merchant is told, per decline code (the pages translate them by code). */
export const DECLINE_TEXTS: Record<DeclineCode, string> = {
  short_tenure: 'Your shop needs at least 30 days of sales history with us.',
  no_recent_sales: 'Your shop has had no sales in the last 14 days.',
  no_sales: 'Your shop has no net sales in the last three months.',
  risk_too_high: 'Your recent sales do not support a credit line yet.',
}

/**
 * Said of every approved line, last: how its limit is set (a share of the average net sales of the
 * last 90 days, by band), so an approved line always has a reason, even for a merchant the scorecard
 * finds nothing to say about.
 */
export const LINE_REASON_TEXTS = {
  line_from_sales: 'Your line is set from your net sales of the last three months.',
} as const
export type LineReasonCode = keyof typeof LINE_REASON_TEXTS

export type CreditDecision = {
  eligible: boolean
  creditLimitFen: number
  scoreBand: ScoreBand | null
  reasons: Array<{ code: string; text: string }>
}

/**
 * Decides a merchant's line from its features and score. Declines say every hard rule that failed,
 * first, then the scorecard's reasons. An approval says what holds the line down (the scorecard's
 * reasons), then what supports it (its strengths), at most {@link REASONS_MAX} of those, and last how
 * the limit is set (`line_from_sales`).
 */
export function decideCreditLine(
  features: MerchantFeatures,
  score: MerchantScore,
  policy: CreditPolicy = CREDIT_POLICY,
): CreditDecision {
  const declines: DeclineCode[] = []
  if (features.tenureDays < policy.tenureDaysMin) declines.push('short_tenure')
  if (features.daysSinceLastSale > policy.daysSinceLastSaleMax) declines.push('no_recent_sales')
  if (features.avgDailyNetFen90 <= 0) declines.push('no_sales')
  const band = policy.bands.find((candidate) => score.pd <= candidate.pdMax)
  if (!band) declines.push('risk_too_high')
  const scoreReasons = score.reasons.map((reason) => ({ code: reason.code, text: reason.text }))
  if (declines.length > 0 || !band) {
    return {
      eligible: false,
      creditLimitFen: 0,
      scoreBand: null,
      reasons: [...declines.map((code) => ({ code, text: DECLINE_TEXTS[code] })), ...scoreReasons],
    }
  }
  const monthlyNetFen = Math.floor(features.avgDailyNetFen90 * 30)
  const limitFen = Math.floor(mulBps(monthlyNetFen, band.limitBpsOfMonthlyNetSales) / 100) * 100 // whole yuan
  return {
    eligible: true,
    creditLimitFen: Math.min(policy.creditLimitFenMax, Math.max(policy.creditLimitFenMin, limitFen)),
    scoreBand: band.band,
    reasons: [
      ...[...scoreReasons, ...score.strengths.map(({ code, text }) => ({ code, text }))].slice(
        0,
        REASONS_MAX,
      ),
      { code: 'line_from_sales', text: LINE_REASON_TEXTS.line_from_sales },
    ],
  }
}

export function bandPolicy(band: ScoreBand, policy: CreditPolicy = CREDIT_POLICY): BandPolicy {
  return policy.bands.find((candidate) => candidate.band === band)!
}
