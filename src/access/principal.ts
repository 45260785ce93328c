/**
 * Who may call: the roles and the principal a request runs as. Every domain that scopes by caller
 * imports these from here; the HTTP layer only attaches the principal to the request.
 * @module
 */
export const ROLES = [
  'admin',
  'platform',
  'officer',
  'merchant',
  'farmer',
  'supplier',
  'offtaker',
  'insurer',
] as const
export type Role = (typeof ROLES)[number]

/** Who is calling: `ref` is stable (`admin`, `p:42`) and scopes idempotency keys and audit entries. */
export type Principal = Readonly<{
  ref: string
  principalId: number | null
  role: Role
  subjectId: number | null
}>
