/** Workflow ids and limits shared by the API, the worker and the workflows. Pure. */

/** Only one close-of-business run at a time: every run uses this id. */
export const CLOSE_OF_BUSINESS_RUN_ID = 'close-of-business'
export const COB_DAYS_MAX = 366

/** One workflow per business date: the id is the business key, so a date is closed by one workflow. */
export function closeOfBusinessDayId(businessDate: string): string {
  return `cob/${businessDate}`
}
