/** Activities for the benchmark baselines: they do nothing, so only Temporal's overhead is measured. */
export const createBenchmarkActivities = () => ({
  async noop(): Promise<void> {},
})

export type BenchmarkActivities = ReturnType<typeof createBenchmarkActivities>
