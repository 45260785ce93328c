/**
 * Structured logs (pino). Secrets never reach a log line: the redact list covers the headers and
 * fields that carry them.
 * @module
 */
import { pino, type Logger } from 'pino'

export type { Logger }

export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: [
        'apiKey',
        '*.apiKey',
        'secret',
        '*.secret',
        'req.headers.authorization',
        'headers.authorization',
      ],
      censor: '[redacted]',
    },
  })
}
