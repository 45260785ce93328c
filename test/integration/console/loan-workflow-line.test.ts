/**
 * The console's loan page names the loan's workflow and its state as Temporal reports it. A loan
 * booked without a workflow (the living book's history: ids `demo/...`) must say that plainly, not
 * "Temporal did not answer" (it did: there is no such workflow), and must not link to a Temporal page
 * that does not exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSession } from '../../../src/access/sessions.js'
import { startHarness, type Harness } from '../../support/harness.js'
import { fundLender } from '../../support/ledger.js'
import { merchantsWithLines } from '../../support/merchant-lines.js'

let h: Harness
let cookie: string
let loanId: number

beforeAll(async () => {
  h = await startHarness()
  await fundLender(h.ledger, 1_000_000_00)
  const [merchant] = await merchantsWithLines(h, { seed: 4242, merchantCount: 12, minAvailableFen: 50_000 })
  expect(merchant).toBeDefined()
  const applied = await h.request('POST', '/v1/loan-applications', {
    key: merchant!.key,
    body: {
      merchantId: merchant!.merchantId,
      amountFen: 50_000,
      termDays: 30,
      repaymentMethod: 'installment',
      frequency: 'daily',
    },
    headers: { 'Idempotency-Key': 'workflow-line-loan' },
  })
  expect(applied.body.status).toBe('approved')
  loanId = applied.body.loanId
  const officer = await h.created('/v1/admin/principals', h.adminKey, { role: 'officer' })
  const { sessionId } = await createSession(h.db, {
    principalId: officer.principalId,
    principalRef: `p:${officer.principalId}`,
  })
  cookie = `mlc_session=${sessionId}`
})
afterAll(async () => {
  await h?.close()
})

async function workflowLine(language: 'en' | 'zh-CN'): Promise<string> {
  const response = await h.app.request(`/console/loans/${loanId}?lang=${language}`, {
    headers: { Cookie: cookie, 'Accept-Language': language },
  })
  expect(response.status).toBe(200)
  const page = await response.text()
  const line = /<p id="workflow">([\s\S]*?)<\/p>/.exec(page)
  expect(line).not.toBeNull()
  return line![1]!
}

describe('the console loan page’s workflow line', () => {
  it('shows the state Temporal reports, with a link to the workflow in Temporal', async () => {
    const line = await workflowLine('en')
    expect(line).toContain('data-status="COMPLETED"')
    expect(line).toContain('/workflows/')
  })

  it('says a loan booked without a workflow has none, in both languages, with no link', async () => {
    const application = await h.db
      .selectFrom('loans')
      .select('applicationId')
      .where('id', '=', loanId)
      .executeTakeFirstOrThrow()
    await h.db
      .updateTable('loanApplications')
      .set({ workflowId: `demo/merchant/${loanId}/2026-01-01` })
      .where('id', '=', Number(application.applicationId))
      .execute()
    const english = await workflowLine('en')
    expect(english).toContain('data-status="NOT_FOUND"')
    expect(english).toContain('booked without a workflow')
    expect(english).not.toContain('did not answer')
    expect(english).not.toContain('<a ')
    const chinese = await workflowLine('zh-CN')
    expect(chinese).toContain('data-status="NOT_FOUND"')
    expect(chinese).not.toContain('没有响应')
    expect(chinese).not.toContain('booked without')
  })
})
