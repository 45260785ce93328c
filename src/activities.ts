/**
 * Every activity the worker offers, built from its dependencies (no globals), as Temporal's
 * dependency-injection sample does.
 * @module
 */
import { createAgriActivities } from './agri/agri-activities.js'
import { createCreditActivities } from './credit/credit-activities.js'
import type { ScorecardModel } from './credit/scorecard.js'
import type { Db } from './db/database.js'
import { createOriginationActivities } from './merchant-loans/origination-activities.js'
import type { LedgerService } from './ledger/ledger-service.js'
import { createCloseOfBusinessActivities } from './close-of-business/close-of-business-activities.js'
import { createBenchmarkActivities } from './temporal/benchmark-activities.js'
import { createWebhookActivities } from './events/webhook-activities.js'

export type ActivityDeps = { db: Db; ledger: LedgerService; scorecard: ScorecardModel }

export const createActivities = (deps: ActivityDeps) => ({
  ...createCloseOfBusinessActivities(deps),
  ...createBenchmarkActivities(),
  ...createCreditActivities(deps),
  ...createOriginationActivities(deps),
  ...createAgriActivities(deps),
  ...createWebhookActivities(deps),
})
