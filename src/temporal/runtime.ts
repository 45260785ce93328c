import { DefaultLogger, Runtime } from '@temporalio/worker'

/**
 * Installs the Temporal core runtime once per process: SDK logs at WARN (the bundler's INFO output is
 * noise) and no signal handlers of its own, so the process's shutdown drains in our order.
 */
export function installTemporalRuntime(): void {
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] })
}
