/**
 * The bounded wait for a workflow's answer: a call that ends at its deadline, whether gRPC says
 * DEADLINE_EXCEEDED or (the server cancelling its long poll at the propagated deadline, as seen in the
 * crash test) CANCELLED, is "no answer yet", which the API answers 503 so the client retries; any
 * other failure passes through unchanged.
 */
import { Metadata, status } from '@grpc/grpc-js'
import { ServiceError } from '@temporalio/client'
import { describe, expect, it } from 'vitest'
import { isDependencyUnavailable } from '../../../src/http/problem.js'
import { awaitWorkflowAnswer, NoWorkflowAnswer } from '../../../src/http/workflow-answer.js'

function grpcError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: new Metadata() })
}

/** A client whose calls run at once, recording the deadline they were given. */
function clientRecording(deadlines: number[]) {
  return {
    withDeadline<R>(deadline: number | Date, fn: () => Promise<R>): Promise<R> {
      deadlines.push(Number(deadline))
      return fn()
    },
  }
}

describe('awaitWorkflowAnswer', () => {
  it('gives the calls a deadline of now plus the wait, and returns their answer', async () => {
    const deadlines: number[] = []
    const before = Date.now()
    expect(await awaitWorkflowAnswer(clientRecording(deadlines), 2_000, async () => 'approved')).toBe(
      'approved',
    )
    expect(deadlines[0]).toBeGreaterThanOrEqual(before + 2_000)
    expect(deadlines[0]).toBeLessThanOrEqual(Date.now() + 2_000)
  })

  it.each([
    ['CANCELLED', status.CANCELLED],
    ['DEADLINE_EXCEEDED', status.DEADLINE_EXCEEDED],
  ])(
    'turns a call ended with %s (wrapped as the SDK wraps it) into no answer, a dependency unavailable',
    async (_, code) => {
      const failing = async () => {
        throw new ServiceError('Failed to get Workflow execution history', { cause: grpcError(code, 'x') })
      }
      const error = await awaitWorkflowAnswer(clientRecording([]), 1_000, failing).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(NoWorkflowAnswer)
      expect(isDependencyUnavailable(error)).toBe(true)
    },
  )

  it('passes any other failure through as it is', async () => {
    const invalid = new ServiceError('bad', { cause: grpcError(status.INVALID_ARGUMENT, 'bad request') })
    const error = await awaitWorkflowAnswer(clientRecording([]), 1_000, async () => {
      throw invalid
    }).catch((e: unknown) => e)
    expect(error).toBe(invalid)
  })
})
