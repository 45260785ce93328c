/**
 * The lender's servicing rules as data, versioned like the credit policy: penalty interest on overdue
 * principal (a term of each loan's agreement, copied onto the loan when it is booked) and when a loan
 * is written off.
 * @module
 */
export const SERVICING_POLICY = {
  version: 'servicing-policy-2026-11-v1',
  /** Penalty interest a year on principal past its due date, ACT/365, accrued nightly. */
  penaltyAnnualRateBps: 2_400,
  /** A loan this many days past due is written off at close of business, with a credit-loss entry. */
  writeOffDaysPastDue: 180,
} as const
