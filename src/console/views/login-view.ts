/**
 * The sign-in page: one field for the officer's API key, posted with a login CSRF token (the
 * double-submit cookie set with this page), never put in a URL.
 * @module
 */
import { html } from 'hono/html'
import { CONSOLE_PATH } from './layout.js'

export function loginView(loginToken: string) {
  return html`<h1>Sign in</h1>
    <form method="post" action="${CONSOLE_PATH}/login" class="login" autocomplete="off">
      <input type="hidden" name="csrf" value="${loginToken}" />
      <label for="api-key">Officer API key</label>
      <input
        id="api-key"
        name="apiKey"
        type="password"
        required
        spellcheck="false"
        autocomplete="off"
        autofocus
      />
      <button type="submit">Sign in</button>
    </form>
    <p class="hint">
      Only loan officers' keys open the console. The session ends after 8 hours without use.
    </p>`
}
