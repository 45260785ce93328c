import { ensureTemporalCli } from './temporal-cli.js'

// Prints nothing when a CLI is already there; the build logs its own progress.
await ensureTemporalCli()
