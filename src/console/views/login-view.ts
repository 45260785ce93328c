/**
 * The sign-in page: one field for the officer's API key, posted with a login CSRF token (the
 * double-submit cookie set with this page), never put in a URL.
 * @module
 */
import { html } from 'hono/html'
import type { Translator } from '../../i18n/translator.js'
import { CONSOLE_PATH } from './layout.js'

export function loginView(t: Translator, loginToken: string) {
  return html`<h1>${t.t('common.signIn.title')}</h1>
    <form method="post" action="${CONSOLE_PATH}/login" class="login" autocomplete="off">
      <input type="hidden" name="csrf" value="${loginToken}" />
      <label for="api-key">${t.t('console.login.keyLabel')}</label>
      <input
        id="api-key"
        name="apiKey"
        type="password"
        required
        spellcheck="false"
        autocomplete="off"
        autofocus
      />
      <button type="submit">${t.t('common.signIn.title')}</button>
    </form>
    <p class="hint">${t.t('console.login.hint')}</p>`
}
