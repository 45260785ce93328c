/**
 * The queue of a group commit: items that arrive while `inFlightMax` batches are running wait and go
 * together in the next batch (at most `batchMax` of them); items that arrive in the same turn of the
 * event loop go in the same batch. A lone item goes at once, so light load pays no latency for it.
 * What a batch does, and how each item gets its answer, is `run`'s.
 * @module
 */
export class GroupCommitQueue<T> {
  readonly #queue: T[] = []
  #inFlight = 0
  #pumpScheduled = false

  constructor(
    private readonly options: {
      inFlightMax: number
      /** Read at each batch, so it can be changed while the queue runs. */
      batchMax: () => number
      run: (batch: T[]) => Promise<void>
    },
  ) {}

  push(item: T): void {
    this.#queue.push(item)
    if (this.#pumpScheduled) return
    this.#pumpScheduled = true
    setImmediate(() => {
      this.#pumpScheduled = false
      this.#pump()
    })
  }

  #pump(): void {
    while (this.#inFlight < this.options.inFlightMax && this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.options.batchMax())
      this.#inFlight += 1
      void this.options.run(batch).finally(() => {
        this.#inFlight -= 1
        this.#pump()
      })
    }
  }
}
