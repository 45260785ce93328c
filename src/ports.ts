/**
 * TCP ports on this machine: one nothing listens on, and whether something answers on one. Used by
 * the start-up (a private MariaDB, the Temporal dev server), the chaos suite and the tests.
 * @module
 */
import { createConnection, createServer, type AddressInfo } from 'node:net'

/** How long a probe waits for a TCP handshake before it calls the port silent. */
export const PORT_PROBE_TIMEOUT_MS = 2_000

/** A TCP port nothing listens on now (the OS picks it; it is released before this returns). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/** Whether something accepts TCP connections on host:port within `timeoutMs`. */
export function portAnswers(host: string, port: number, timeoutMs = PORT_PROBE_TIMEOUT_MS): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port })
    socket.setTimeout(timeoutMs)
    const answer = (answered: boolean) => {
      socket.destroy()
      resolve(answered)
    }
    socket.once('connect', () => answer(true))
    socket.once('timeout', () => answer(false))
    socket.once('error', () => answer(false))
  })
}
