/**
 * Close of business run in this process, without Temporal: the steps the `cob/{date}` workflow runs
 * ({@link closeBusinessDayInOrder}), in its order, over the same activities the worker offers. For
 * the demo history (src/demo/) and the simulations (tools/simulation/), which close many dates in a
 * row and have no workflow to run them.
 * @module
 */
import { createAgriActivities } from '../agri/agri-activities.js'
import type { MilestoneEvent } from '../agri/agri-servicing.js'
import type { Db } from '../db/database.js'
import type { IsoDate } from '../kernel/business-date.js'
import type { LedgerService } from '../ledger/ledger-service.js'
import {
  closeBusinessDayInOrder,
  type CloseOfBusinessSteps,
  type DayCloseSummary,
} from '../servicing/close-of-business-steps.js'
import { createCloseOfBusinessActivities } from './close-of-business-activities.js'

export type CloseStep = 'settle' | 'service' | 'milestones' | 'close'

/**
 * Closes `businessDate` in-process: {@link closeBusinessDayInOrder} over the activities, each step's
 * time counted by `timed`. The workflow also signals each farm loan's workflow about its milestones;
 * loans booked in-process have none, so the milestones are returned instead.
 */
export async function closeOfBusinessInProcess(
  services: { db: Db; ledger: LedgerService },
  input: { businessDate: IsoDate; closedBy: string },
  timed: <T>(step: CloseStep, work: () => Promise<T>) => Promise<T> = (_step, work) => work(),
): Promise<{ summary: DayCloseSummary; milestones: MilestoneEvent[] }> {
  const cob = createCloseOfBusinessActivities(services)
  const agri = createAgriActivities(services)
  const steps: CloseOfBusinessSteps<MilestoneEvent> = {
    settleMerchantSalesBatch: (input) => timed('settle', () => cob.settleMerchantSalesBatch(input)),
    serviceLoanBatch: (input) => timed('service', () => cob.serviceLoanBatch(input)),
    serviceAgriMilestones: (input) => timed('milestones', () => agri.serviceAgriMilestones(input)),
    closeBusinessDay: (input) => timed('close', () => cob.closeBusinessDay(input)),
  }
  return closeBusinessDayInOrder(steps, input)
}
