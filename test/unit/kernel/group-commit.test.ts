import { setImmediate as nextTurn } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { GroupCommitQueue } from '../../../src/kernel/group-commit.js'

/** A queue whose batches finish when the test says, recording each batch and the most run at once. */
function recordingQueue(inFlightMax: number, batchMax: number) {
  const batches: number[][] = []
  const finish: Array<() => void> = []
  let running = 0
  let mostRunning = 0
  const queue = new GroupCommitQueue<number>({
    inFlightMax,
    batchMax: () => batchMax,
    run: async (batch) => {
      batches.push(batch)
      running += 1
      mostRunning = Math.max(mostRunning, running)
      await new Promise<void>((done) => finish.push(done))
      running -= 1
    },
  })
  return { queue, batches, finish, mostRunning: () => mostRunning }
}

describe('group commit queue', () => {
  it('sends a lone item at once, alone', async () => {
    const { queue, batches } = recordingQueue(2, 10)
    queue.push(1)
    await nextTurn()
    expect(batches).toEqual([[1]])
  })

  it('puts items of one turn in one batch, and those arriving while batches run in the next', async () => {
    const { queue, batches, finish, mostRunning } = recordingQueue(1, 3)
    for (const item of [1, 2, 3, 4, 5]) queue.push(item)
    await nextTurn()
    expect(batches).toEqual([[1, 2, 3]]) // batchMax 3; one batch in flight at most
    queue.push(6)
    await nextTurn()
    expect(batches).toHaveLength(1) // waits for the running batch
    finish.shift()!()
    await nextTurn()
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ])
    finish.shift()!()
    await nextTurn()
    expect(mostRunning()).toBe(1)
  })

  it('runs up to inFlightMax batches at once', async () => {
    const { queue, batches, finish, mostRunning } = recordingQueue(2, 1)
    for (const item of [1, 2, 3]) queue.push(item)
    await nextTurn()
    expect(batches).toEqual([[1], [2]])
    finish.shift()!()
    await nextTurn()
    expect(batches).toEqual([[1], [2], [3]])
    expect(mostRunning()).toBe(2)
    finish.splice(0).forEach((done) => done())
  })
})
