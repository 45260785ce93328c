// The worker's workflowsPath: every workflow the worker runs is exported here.
export * from './close-of-business.js'
export * from './benchmark.js'
export * from './credit-line-refresh.js'
export * from './merchant-loan-origination.js'
export * from './agri-loan.js'
export * from './webhooks.js'
