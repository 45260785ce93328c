/** Console sign-in for tests: the login form's way, without a browser. */
import { expect } from 'vitest'
import type { Harness } from './harness.js'

/** Signs an officer in the way the login form does; returns the session cookie (`name=value`). */
export async function signInToConsole(h: Pick<Harness, 'app'>, apiKey: string): Promise<string> {
  const form = await h.app.request('/console/login')
  const loginCookie = form.headers.getSetCookie()[0]!.split(';')[0]!
  const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())![1]!
  const signedIn = await h.app.request('/console/login', {
    method: 'POST',
    headers: { cookie: loginCookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, apiKey }).toString(),
  })
  expect(signedIn.status).toBe(303)
  return signedIn.headers
    .getSetCookie()
    .find((c) => c.startsWith('mlc_session='))!
    .split(';')[0]!
}
