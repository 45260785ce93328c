/**
 * Delinquency buckets as data (PRODUCT.md conventions): current, 1–30, 31–60, 61–90, 90+ days past
 * due; 90+ is non-performing. Pure.
 * @module
 */
export const DELINQUENCY_BUCKETS = [
  { bucket: 'current', dpdMin: 0, dpdMax: 0 },
  { bucket: '1-30', dpdMin: 1, dpdMax: 30 },
  { bucket: '31-60', dpdMin: 31, dpdMax: 60 },
  { bucket: '61-90', dpdMin: 61, dpdMax: 90 },
  { bucket: '90+', dpdMin: 91, dpdMax: Number.POSITIVE_INFINITY },
] as const

export type Bucket = (typeof DELINQUENCY_BUCKETS)[number]['bucket']

export function bucketFor(daysPastDue: number): Bucket {
  return DELINQUENCY_BUCKETS.find((range) => daysPastDue >= range.dpdMin && daysPastDue <= range.dpdMax)!
    .bucket
}

export function isNonPerforming(daysPastDue: number): boolean {
  return bucketFor(daysPastDue) === '90+'
}
