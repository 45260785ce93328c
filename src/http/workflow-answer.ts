/**
 * Waiting for a workflow's answer inside a request. The wait is bounded: when no answer comes in time
 * (no worker runs, or a wait missed a Temporal restart: the chaos run's stall), the gRPC calls end with
 * DEADLINE_EXCEEDED, which the error handler answers as 503 `service_unavailable` with Retry-After,
 * and the idempotency middleware gives the key back. The client's retry joins the same workflow (its
 * id comes from the key) and gets the answer as soon as there is one, instead of finding the key
 * "in progress" for the idempotency lock's two minutes.
 */
import type { Client } from '@temporalio/client'

/** Long enough for a decision and a disbursement on a loaded machine, with a worker restarting. */
export const WORKFLOW_ANSWER_WAIT_MS_DEFAULT = 15_000

export function awaitWorkflowAnswer<T>(
  temporal: Client,
  waitMs: number | undefined,
  call: () => Promise<T>,
): Promise<T> {
  return temporal.withDeadline(Date.now() + (waitMs ?? WORKFLOW_ANSWER_WAIT_MS_DEFAULT), call)
}
