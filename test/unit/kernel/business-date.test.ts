import { describe, expect, it } from 'vitest'
import { addDays, daysBetween, isIsoDate, isoDate } from '../../../src/kernel/business-date.js'

describe('business dates', () => {
  it('crosses month and year ends', () => {
    expect(addDays(isoDate('2026-01-31'), 1)).toBe('2026-02-01')
    expect(addDays(isoDate('2026-12-31'), 1)).toBe('2027-01-01')
    expect(addDays(isoDate('2026-03-01'), -1)).toBe('2026-02-28')
  })

  it('knows leap days', () => {
    expect(addDays(isoDate('2028-02-28'), 1)).toBe('2028-02-29')
    expect(daysBetween(isoDate('2028-01-01'), isoDate('2029-01-01'))).toBe(366)
    expect(isIsoDate('2027-02-29')).toBe(false)
  })

  it('rejects what is not a calendar date', () => {
    for (const value of ['2026-13-01', '2026-1-1', '20260101', '2026-02-30', '']) {
      expect(isIsoDate(value)).toBe(false)
    }
  })
})
