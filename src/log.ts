/**
 * Structured logs (pino). Secrets never reach a log line: the redact list covers the headers and
 * fields that carry them.
 * @module
 */
import { pino, type DestinationStream, type Logger } from 'pino'

export type { Logger }

/** `destination` defaults to stdout; tests pass one to read what would be logged. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
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
    },
    destination,
  )
}
