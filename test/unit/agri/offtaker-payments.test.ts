import { describe, expect, it } from 'vitest'
import { parseStatement } from '../../../src/agri/bank-statements.js'
import { ageingBucket } from '../../../src/agri/offtaker-payments.js'

describe('ageing unpaid proceeds', () => {
  it('puts proceeds in the bucket of their days past due, each boundary in the lower bucket', () => {
    const cases: Array<[number, string]> = [
      [0, 'current'],
      [1, '1-30'],
      [30, '1-30'],
      [31, '31-60'],
      [60, '31-60'],
      [61, '61-90'],
      [90, '61-90'],
      [91, '90+'],
      [400, '90+'],
    ]
    for (const [days, bucket] of cases) expect(ageingBucket(days), `${days} days`).toBe(bucket)
  })
})

describe('reading a bank statement', () => {
  it('reads each line of date,amountFen,reference,payerName', () => {
    expect(
      parseStatement('date,amountFen,reference,payerName\r\n2026-01-10,90000,DLV-7,Grain Co\r\n\r\n'),
    ).toEqual([{ valueDate: '2026-01-10', amountFen: 90_000, reference: 'DLV-7', payerName: 'Grain Co' }])
  })

  it('refuses the whole file for a wrong header or any malformed line', () => {
    expect(() => parseStatement('date,amount\n2026-01-10,5')).toThrow(
      expect.objectContaining({ code: 'invalid_csv_header' }),
    )
    for (const line of [
      '2026-01-10,-5,DLV-1,X',
      '2026-01-10,1.5,DLV-1,X',
      '10/01/2026,5,DLV-1,X',
      '2026-01-10,5,,X',
    ]) {
      expect(() => parseStatement(`date,amountFen,reference,payerName\n${line}`), line).toThrow(
        expect.objectContaining({ code: 'invalid_statement_line' }),
      )
    }
  })
})
