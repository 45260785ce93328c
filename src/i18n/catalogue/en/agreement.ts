/**
 * The merchant loan agreement's template (src/i18n/loan-agreement-text.ts fills it): short and plain.
 * Changing a word here changes the agreement: bump LOAN_AGREEMENT_VERSION
 * (src/merchant-loans/loan-agreement.ts) with it.
 */
export const agreement = {
  title: 'Loan agreement',
  version: 'Version {{version}}',
  parties: 'Between the lender and merchant no. {{merchantId}} ("you"), on {{date}}.',
  loan: '1. The loan. We lend you {{amount}}, paid into your merchant wallet on {{date}}.',
  refill:
    'It first pays off your loan no. {{loanId}} ({{payoff}} on {{date}}); the rest goes into your wallet.',
  installments_one:
    '2. Repayment. You repay in {{count}} {{frequency}} installment, on {{maturesOn}}. Interest is {{rate}} a year, charged each day on the principal you still owe.',
  installments_other:
    '2. Repayment. You repay in {{count}} {{frequency}} installments, the last on {{maturesOn}}. Interest is {{rate}} a year, charged each day on the principal you still owe.',
  salesShare:
    '2. Repayment. {{share}} of each day’s net sales is taken from your settlements until the loan and its fee are repaid, by {{maturesOn}} at the latest. There is no interest. By each date below you must have repaid at least the amount shown.',
  cost: '3. Cost. Interest: {{cost}}. Total to repay: {{total}}. APR: {{apr}}.',
  costSalesShare:
    '3. Cost. Fee: {{cost}}. Total to repay: {{total}}. APR if you repay only the minimums: {{apr}}; repaying sooner costs the same fee.',
  payments: '4. Payments:',
  minimums: '4. Minimum repayments:',
  payment: '{{n}}. {{date}}: {{total}} (principal {{principal}}, interest {{interest}})',
  minimum: '{{n}}. {{date}}: {{total}} (principal {{principal}}, fee {{fee}})',
  collection:
    '5. Collection. What is due is taken from your daily sales settlements first; you may also pay from your wallet at any time.',
  early:
    '6. Paying early. You may repay part or all of the loan at any time, free of charge; interest runs only to the day you pay.',
  earlySalesShare:
    '6. Paying early. You may repay part or all of the loan at any time; the fee stays the same.',
  late: '7. Late payment. Principal not paid when due bears penalty interest of {{penalty}} a year until it is paid, and late payment can lower your credit line.',
  accept: 'By accepting, you agree to borrow on these terms.',
  frequency: { daily: 'daily', weekly: 'weekly', monthly: 'monthly' },
} as const
