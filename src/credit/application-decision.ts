/**
 * What merchant and farm loan applications share: a decision is taken once per workflow id and
 * stored with its reasons (`loan_applications`, `agri_loan_applications`), so a retry answers with
 * the stored outcome; a declined application is an `application.declined` event. Pure.
 *
 * Both products decide in three steps: read the facts (under the locks that make the decision
 * atomic), judge them with a pure function (`judgeApplication`, `judgeAgriApplication`), then write
 * what the judge said in the same transaction.
 * @module
 */
import type { IsoDate } from '../kernel/business-date.js'
import type { OutboxEvent, EventSubject } from '../events/events.js'

/** Why an application was decided as it was: a stable code and an English sentence. */
export type Reason = { code: string; text: string }

export type Declined = { kind: 'declined'; applicationId: number; reasons: Reason[] }

export type Approved = { kind: 'approved'; applicationId: number; loanId: number; reasons: Reason[] }

/** The columns both application tables store a decision in. */
export type StoredApplication = {
  id: number
  status: 'approved' | 'declined'
  loanId: number | null
  amountFen: number
  reasons: string
}

/** The outcome a stored application row records. */
export function storedDecision(row: StoredApplication): Declined | Approved {
  const reasons = JSON.parse(row.reasons) as Reason[]
  return row.status === 'approved'
    ? { kind: 'approved', applicationId: Number(row.id), loanId: Number(row.loanId), reasons }
    : { kind: 'declined', applicationId: Number(row.id), reasons }
}

/** The event a declined application writes in its own transaction; `key` makes it once per application. */
export function applicationDeclinedEvent(input: {
  key: string
  businessDate: IsoDate
  subject: EventSubject
  amountFen: number
  reasons: Reason[]
}): OutboxEvent {
  return {
    key: input.key,
    type: 'application.declined',
    businessDate: input.businessDate,
    subject: input.subject,
    data: { amountFen: input.amountFen, reasons: input.reasons },
  }
}
