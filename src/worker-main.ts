/**
 * A worker process alone (for scaling out, and for tests that kill a worker): needs TEMPORAL_ADDRESS.
 * @module
 */
import { NativeConnection } from '@temporalio/worker'
import { loadConfig } from './config.js'
import { createLogger } from './log.js'
import { openServices, secretsKeyringOf } from './services.js'
import { installTemporalRuntime } from './temporal/runtime.js'
import { createWorker } from './worker.js'

const config = loadConfig()
const log = createLogger(config.logLevel)
installTemporalRuntime()
if (!config.temporalAddress) {
  console.error('Invalid configuration: TEMPORAL_ADDRESS: required for a stand-alone worker')
  process.exit(1)
}
const services = openServices(config.databaseUrl, { secrets: secretsKeyringOf(config) })
const connection = await NativeConnection.connect({ address: config.temporalAddress })
const worker = await createWorker({
  connection,
  namespace: config.temporalNamespace,
  taskQueue: config.taskQueue,
  deps: services,
  ...(config.workflowBundlePath ? { workflowBundle: { codePath: config.workflowBundlePath } } : {}),
})
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => worker.shutdown())
log.info({ taskQueue: config.taskQueue }, 'worker running')
await worker.run()
await connection.close()
await services.close()
