import { ensureChromium } from './chromium.js'

// Prints nothing when Chromium is already there; apt-get's run is announced.
await ensureChromium()
