/**
 * The chart of accounts: every account's code, type, category and flags come from here, so the
 * same account is always opened the same way. docs/chart-of-accounts.md is the table for humans.
 * @module
 */
import type { AccountType } from './posting.js'

export type AccountCategory =
  | 'lender_cash'
  | 'equity'
  | 'loan_principal'
  | 'loan_interest'
  | 'loan_fees'
  | 'loan_penalty'
  | 'interest_income'
  | 'fee_income'
  | 'penalty_income'
  | 'merchant_wallet'
  | 'farmer_wallet'
  | 'restricted_wallet'
  | 'supplier_payable'
  | 'supplier_settlement'
  | 'insurer_settlement'
  | 'offtaker_clearing'
  | 'offtaker_proceeds_due'
  | 'insurer_receivable'
  | 'premium_payable'
  | 'platform_clearing'
  | 'payout_clearing'
  | 'credit_loss'
  | 'credit_loss_recovery'

export type AccountSpec = {
  code: string
  type: AccountType
  category: AccountCategory
  noOverdraft: boolean
  restricted: boolean
  loanId: number | null
}

function spec(
  code: string,
  type: AccountType,
  category: AccountCategory,
  flags: { noOverdraft?: boolean; restricted?: boolean; loanId?: number } = {},
): AccountSpec {
  return {
    code,
    type,
    category,
    noOverdraft: flags.noOverdraft ?? false,
    restricted: flags.restricted ?? false,
    loanId: flags.loanId ?? null,
  }
}

export const accounts = {
  /** The lender's money at its bank. It cannot go below zero: loans are funded, not conjured. */
  lenderCash: () => spec('lender:cash', 'asset', 'lender_cash', { noOverdraft: true }),
  lenderEquity: () => spec('lender:equity', 'equity', 'equity'),
  loanPrincipal: (loanId: number) =>
    spec(`loan:${loanId}:principal`, 'asset', 'loan_principal', { noOverdraft: true, loanId }),
  loanInterest: (loanId: number) =>
    spec(`loan:${loanId}:interest`, 'asset', 'loan_interest', { noOverdraft: true, loanId }),
  loanFees: (loanId: number) =>
    spec(`loan:${loanId}:fees`, 'asset', 'loan_fees', { noOverdraft: true, loanId }),
  loanPenalty: (loanId: number) =>
    spec(`loan:${loanId}:penalty`, 'asset', 'loan_penalty', { noOverdraft: true, loanId }),
  interestIncome: () => spec('income:interest', 'income', 'interest_income'),
  feeIncome: () => spec('income:fees', 'income', 'fee_income'),
  penaltyIncome: () => spec('income:penalty', 'income', 'penalty_income'),
  /** What the lender owes a merchant: money it may pay out. */
  merchantWallet: (merchantId: number) =>
    spec(`merchant:${merchantId}:wallet`, 'liability', 'merchant_wallet', { noOverdraft: true }),
  farmerWallet: (farmerId: number) =>
    spec(`farmer:${farmerId}:wallet`, 'liability', 'farmer_wallet', { noOverdraft: true }),
  /** A farm loan's restricted wallet: fenced by the database (see migration 0002). */
  restrictedWallet: (loanId: number) =>
    spec(`loan:${loanId}:restricted`, 'liability', 'restricted_wallet', {
      noOverdraft: true,
      restricted: true,
      loanId,
    }),
  /**
   * What the lender owes a supplier for goods sold to restricted wallets, not yet settled. Below zero
   * when a refund came after the goods were settled: the supplier owes it, netted at the next close.
   */
  supplierPayable: (supplierId: number) =>
    spec(`supplier:${supplierId}:payable`, 'liability', 'supplier_payable'),
  /** A supplier's settlements sent to its bank and not yet confirmed paid (or failed). */
  supplierSettling: (supplierId: number) =>
    spec(`supplier:${supplierId}:settling`, 'liability', 'supplier_settlement', { noOverdraft: true }),
  /** What an offtaker owes for deliveries (its receivable): debited at delivery, credited by its cash. */
  offtakerClearing: (offtakerId: number) =>
    spec(`offtaker:${offtakerId}:clearing`, 'asset', 'offtaker_clearing'),
  /**
   * Delivery proceeds awaiting the offtaker's cash: owed on to the loan and the farmer once the cash
   * arrives, never before. Equals the offtaker's open deliveries (proceeds − paid).
   */
  offtakerProceedsDue: (offtakerId: number) =>
    spec(`offtaker:${offtakerId}:proceeds-due`, 'liability', 'offtaker_proceeds_due', { noOverdraft: true }),
  insurerReceivable: (insurerId: number) =>
    spec(`insurer:${insurerId}:receivable`, 'asset', 'insurer_receivable'),
  /** An insurer's premiums sent to its bank, not yet confirmed (as a supplier's settling). */
  insurerSettling: (insurerId: number) =>
    spec(`insurer:${insurerId}:settling`, 'liability', 'insurer_settlement', { noOverdraft: true }),
  premiumPayable: (insurerId: number) =>
    spec(`insurer:${insurerId}:premium-payable`, 'liability', 'premium_payable', { noOverdraft: true }),
  /** Sales the payment platform has collected for merchants and not yet settled to the lender. */
  platformClearing: () => spec('platform:clearing', 'asset', 'platform_clearing'),
  /** Money on its way out to customers' bank accounts. */
  payoutClearing: () => spec('payout:clearing', 'liability', 'payout_clearing'),
  creditLoss: () => spec('expense:credit-loss', 'expense', 'credit_loss'),
  /** What the lender gets back on loans it had written off (income, as written-off fen come home). */
  recoveries: () => spec('income:recoveries', 'income', 'credit_loss_recovery'),
} as const
