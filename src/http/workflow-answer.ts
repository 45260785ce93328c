/**
 * Waiting for a workflow's answer inside a request. The wait is bounded: when no answer comes in time
 * (no worker runs, or a wait missed a Temporal restart: the chaos run's stall), the wait ends with
 * {@link NoWorkflowAnswer}, which the error handler answers as 503 `service_unavailable` with
 * Retry-After, and the idempotency middleware gives the key back. The client's retry joins the same
 * workflow (its id comes from the key) and gets the answer as soon as there is one, instead of finding
 * the key "in progress" for the idempotency lock's two minutes.
 */
import { isGrpcServiceError, type Client } from '@temporalio/client'

/** Long enough for a decision and a disbursement on a loaded machine, with a worker restarting. */
export const WORKFLOW_ANSWER_WAIT_MS_DEFAULT = 15_000
/** gRPC CANCELLED and DEADLINE_EXCEEDED: how a call ends at its deadline (the server, told the deadline, cancels its long poll). */
const DEADLINE_CODES = new Set([1, 4])
const CAUSE_DEPTH_MAX = 8

/** The workflow gave no answer within the wait; the client should send the same request again. */
export class NoWorkflowAnswer extends Error {
  override readonly name = 'NoWorkflowAnswer'
}

export async function awaitWorkflowAnswer<T>(
  temporal: Pick<Client, 'withDeadline'>,
  waitMs: number | undefined,
  call: () => Promise<T>,
): Promise<T> {
  const wait = waitMs ?? WORKFLOW_ANSWER_WAIT_MS_DEFAULT
  try {
    return await temporal.withDeadline(Date.now() + wait, call)
  } catch (error) {
    // Nothing here cancels a call, so a cancelled one, like one past its deadline, is the wait's end.
    if (endedAtDeadline(error)) {
      throw new NoWorkflowAnswer(`no answer from the workflow within ${wait} ms`, { cause: error })
    }
    throw error
  }
}

function endedAtDeadline(error: unknown): boolean {
  let current: unknown = error
  for (let depth = 0; depth < CAUSE_DEPTH_MAX && current instanceof Error; depth++) {
    if (isGrpcServiceError(current) && DEADLINE_CODES.has(current.code)) return true
    current = current.cause
  }
  return false
}
