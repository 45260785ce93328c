import { describe, expect, it } from 'vitest'
import { findAnomalies, type Expectations, type LedgerFacts } from '../../../tools/chaos/chaos-check.js'

/** One merchant who borrowed 10,000 fen and repaid 3,000 (2,900 of it principal), one refused race; one farm. */
function consistent(): { expected: Expectations; facts: LedgerFacts } {
  const expected: Expectations = {
    merchantIds: [7],
    farms: [{ walletId: 20, farmerId: 3, restrictedBaselineFen: 980_000, farmerBaselineFen: 0 }],
    approvedLoans: [{ merchantId: 7, loanId: 11, amountFen: 10_000 }],
    repayments: [
      { merchantId: 7, loanId: 11, ledgerKey: 'repay:p:1:a', paidFen: 3_000, principalFen: 2_900 },
    ],
    refusedRepaymentKeys: ['repay:p:1:b'],
    purchases: [{ walletId: 20, purchaseId: 5, amountFen: 15_000 }],
    deliveries: [{ walletId: 20, farmerId: 3, deliveryId: 9, sweptFen: 965_000, toFarmerFen: 120_000 }],
  }
  const facts: LedgerFacts = {
    merchantLoans: new Map([[11, { merchantId: 7, principalFen: 10_000 }]]),
    disbursementEntriesByLoan: new Map([[11, 1]]),
    repaymentEntriesByKey: new Map([['repay:p:1:a', 1]]),
    repaymentEntriesTotal: 1,
    merchantWalletFen: new Map([[7, 7_000]]),
    loanPrincipalFen: new Map([[11, 7_100]]),
    purchases: new Map([
      [5, { walletId: 20, amountFen: 15_000, status: 'paid' }],
      [6, { walletId: 20, amountFen: 99_900, status: 'refused' }],
    ]),
    restrictedWalletFen: new Map([[20, 0]]),
    farmerWalletFen: new Map([[3, 120_000]]),
    deliveryIds: new Set([9]),
  }
  return { expected, facts }
}

describe('the chaos checker', () => {
  it('finds nothing when the ledger holds exactly what the answers imply', () => {
    const { expected, facts } = consistent()
    expect(findAnomalies(expected, facts)).toEqual([])
  })

  it('names a second disbursement of one approved loan', () => {
    const { expected, facts } = consistent()
    facts.disbursementEntriesByLoan.set(11, 2)
    expect(findAnomalies(expected, facts)).toEqual(['loan 11: 2 disbursement entries, expected 1'])
  })

  it('names a wallet one fen off what the accepted requests imply', () => {
    const { expected, facts } = consistent()
    expected.repayments[0]!.paidFen = 2_999 // a tampered expectation: the answer said 2,999
    expect(findAnomalies(expected, facts)).toContain(
      'merchant 7 wallet: 7000 fen, accepted requests imply 7001',
    )
  })

  it('names a refused repayment that moved money anyway, and a loan nobody was told of', () => {
    const { expected, facts } = consistent()
    facts.repaymentEntriesByKey.set('repay:p:1:b', 1)
    facts.repaymentEntriesTotal = 2
    facts.merchantLoans.set(12, { merchantId: 7, principalFen: 500 })
    const anomalies = findAnomalies(expected, facts)
    expect(anomalies).toContain('repayment repay:p:1:b: refused but 1 ledger entries posted')
    expect(anomalies).toContain('2 repayment entries, 1 accepted repayments')
    expect(anomalies).toContain('loan 12: in the database but no client was told of it')
  })

  it('names a purchase paid twice and a restricted wallet that does not add up', () => {
    const { expected, facts } = consistent()
    facts.purchases.set(8, { walletId: 20, amountFen: 15_000, status: 'paid' })
    facts.restrictedWalletFen.set(20, -15_000)
    const anomalies = findAnomalies(expected, facts)
    expect(anomalies).toContain('purchase 8: paid in the database but no client was told of it')
    expect(anomalies).toContain('restricted wallet 20: -15000 fen, accepted requests imply 0')
  })
})
