import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, TEST_INITIAL_BUSINESS_DATE, type Harness } from '../../support/harness.js'

let h: Harness
let officerKey: string

beforeAll(async () => {
  h = await startHarness()
  officerKey = await h.keyFor('officer')
})
afterAll(async () => h?.close())

async function closedDates(): Promise<string[]> {
  const rows = await h.db
    .selectFrom('businessDayCloses')
    .select('businessDate')
    .orderBy('businessDate')
    .execute()
  return rows.map((row) => row.businessDate)
}

async function businessDate(): Promise<string> {
  const response = await h.request('GET', '/v1/system/business-date', { key: officerKey })
  expect(response.status).toBe(200)
  return response.body.businessDate
}

describe('close of business', () => {
  it('starts on the initial business date', async () => {
    expect(await businessDate()).toBe(TEST_INITIAL_BUSINESS_DATE)
  })

  it('closing 5 days advances the business date by exactly 5, one workflow per date', async () => {
    const response = await h.request('POST', '/v1/system/close-of-business', {
      key: officerKey,
      body: { days: 5 },
    })
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({
      fromDate: '2026-01-01',
      toDate: '2026-01-05',
      businessDate: '2026-01-06',
      daysClosed: 5,
    })
    expect(await businessDate()).toBe('2026-01-06')
    expect(await closedDates()).toEqual([
      '2026-01-01',
      '2026-01-02',
      '2026-01-03',
      '2026-01-04',
      '2026-01-05',
    ])

    for (const date of ['2026-01-01', '2026-01-05']) {
      const description = await h.client.workflow.getHandle(`cob/${date}`).describe()
      expect(description.status.name).toBe('COMPLETED')
      expect(description.type).toBe('closeOfBusinessDay')
    }
  })

  it('closes one day when no body is sent', async () => {
    const response = await h.request('POST', '/v1/system/close-of-business', { key: officerKey })
    expect(response.status).toBe(200)
    expect(response.body.daysClosed).toBe(1)
    expect(await businessDate()).toBe('2026-01-07')
  })

  it('never closes a date twice when two requests race: the loser gets 409', async () => {
    const before = await businessDate()
    const [a, b] = await Promise.all([
      h.request('POST', '/v1/system/close-of-business', { key: officerKey, body: { days: 3 } }),
      h.request('POST', '/v1/system/close-of-business', { key: officerKey, body: { days: 3 } }),
    ])
    const statuses = [a.status, b.status].sort()
    expect(statuses).toEqual([200, 409])
    const loser = a.status === 409 ? a : b
    expect(loser.body.code).toBe('close_of_business_running')
    const dates = await closedDates()
    expect(new Set(dates).size).toBe(dates.length)
    expect(await businessDate()).toBe(addDaysIso(before, 3))
  })

  it('refuses days outside 1..366 and writes nothing', async () => {
    const before = await businessDate()
    for (const days of [0, 367, -1, 1.5, '2']) {
      const response = await h.request('POST', '/v1/system/close-of-business', {
        key: officerKey,
        body: { days },
      })
      expect(response.status).toBe(400)
      expect(response.body.code).toBe('validation_failed')
    }
    expect(await businessDate()).toBe(before)
  })
})

function addDaysIso(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}
