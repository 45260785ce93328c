/**
 * Every activity the worker offers, built from its dependencies (no globals), as Temporal's
 * dependency-injection sample does.
 * @module
 */
import { createAgriActivities } from './agri/agri-activities.js'
import { createCreditActivities } from './credit/credit-activities.js'
import type { ScorecardModel } from './credit/scorecard.js'
import type { Db } from './db/database.js'
import type { SecretsKeyring } from './kernel/secrets-keyring.js'
import { createOriginationActivities } from './merchant-loans/origination-activities.js'
import type { LedgerService } from './ledger/ledger-service.js'
import { createCloseOfBusinessActivities } from './close-of-business/close-of-business-activities.js'
import { createBenchmarkActivities } from './temporal/benchmark-activities.js'
import { createWebhookActivities } from './events/webhook-activities.js'
import { renderLoanAgreement } from './i18n/loan-agreement-text.js'

export type ActivityDeps = {
  db: Db
  ledger: LedgerService
  scorecard: ScorecardModel
  /** The keys secrets are sealed under at rest (webhook signing secrets). */
  secrets: SecretsKeyring
}

export const createActivities = (deps: ActivityDeps) => ({
  ...createCloseOfBusinessActivities(deps),
  ...createBenchmarkActivities(),
  ...createCreditActivities(deps),
  // The agreement's template is words (src/i18n); the domain is handed the renderer.
  ...createOriginationActivities({ ...deps, renderAgreement: renderLoanAgreement }),
  ...createAgriActivities(deps),
  ...createWebhookActivities(deps),
})
