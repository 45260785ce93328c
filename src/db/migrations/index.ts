/**
 * Every migration, in order. Names sort; a new migration gets the next number and is never edited
 * once it has landed.
 * @module
 */
import type { Migration } from 'kysely'
import * as m0001 from './0001-foundation.js'
import * as m0002 from './0002-ledger.js'
import * as m0003 from './0003-merchants.js'
import * as m0004 from './0004-credit-lines.js'
import * as m0005 from './0005-merchant-loans.js'
import * as m0006 from './0006-loan-servicing.js'
import * as m0007 from './0007-loan-delinquency.js'
import * as m0008 from './0008-ledger-speed.js'
import * as m0009 from './0009-agri.js'
import * as m0010 from './0010-console-sessions.js'
import * as m0011 from './0011-events.js'
import * as m0012 from './0012-claim-settlement.js'
import * as m0013 from './0013-ledger-refusal-once.js'
import * as m0014 from './0014-abuse-limits.js'
import * as m0015 from './0015-principal-revocation.js'
import * as m0016 from './0016-schedule-version.js'
import * as m0017 from './0017-sales-settled.js'
import * as m0018 from './0018-catalogue-review.js'
import * as m0019 from './0019-party-approval.js'
import * as m0020 from './0020-supplier-settlements.js'
import * as m0024 from './0024-purchase-requests.js'
import * as m0026 from './0026-insurer-settlements.js'
import * as m0027 from './0027-loan-accrued-interest.js'
import * as m0028 from './0028-offtaker-cash.js'
import * as m0029 from './0029-claim-decisions.js'
import * as m0030 from './0030-interest-on-use.js'
import * as m0031 from './0031-restricted-release.js'
import * as m0032 from './0032-bank-line-claims.js'
import * as m0033 from './0033-sign-in-links.js'
import * as m0034 from './0034-loan-agreements.js'
import * as m0038 from './0038-webhook-disabled.js'
import * as m0039 from './0039-webhook-secrets-sealed.js'

export const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-ledger': m0002,
  '0003-merchants': m0003,
  '0004-credit-lines': m0004,
  '0005-merchant-loans': m0005,
  '0006-loan-servicing': m0006,
  '0007-loan-delinquency': m0007,
  '0008-ledger-speed': m0008,
  '0009-agri': m0009,
  '0010-console-sessions': m0010,
  '0011-events': m0011,
  '0012-claim-settlement': m0012,
  '0013-ledger-refusal-once': m0013,
  '0014-abuse-limits': m0014,
  '0015-principal-revocation': m0015,
  '0016-schedule-version': m0016,
  '0017-sales-settled': m0017,
  '0018-catalogue-review': m0018,
  '0019-party-approval': m0019,
  '0020-supplier-settlements': m0020,
  '0024-purchase-requests': m0024,
  '0026-insurer-settlements': m0026,
  '0027-loan-accrued-interest': m0027,
  '0028-offtaker-cash': m0028,
  '0029-claim-decisions': m0029,
  '0030-interest-on-use': m0030,
  '0031-restricted-release': m0031,
  '0032-bank-line-claims': m0032,
  '0033-sign-in-links': m0033,
  '0034-loan-agreements': m0034,
  '0038-webhook-disabled': m0038,
  '0039-webhook-secrets-sealed': m0039,
}
