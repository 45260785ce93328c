/**
 * A party page's frame: `<html lang>` in the reader's language, a skip link, the page's name, the
 * language switch (links, so it works without script and by keyboard), and a sign-out form (a POST
 * with the session's CSRF token, never a link).
 * @module
 */
import { html } from 'hono/html'
import { LOCALES, type Locale } from '../../../i18n/locale.js'
import type { Translator } from '../../../i18n/translator.js'
import { PAGE_ICON_PATH, PAGE_STYLE_PATH } from './page-assets.js'

export type Html = ReturnType<typeof html>

export type PageFrame = {
  t: Translator
  /** The page's name in the header, e.g. `t.t('common.pages.farmer')`. */
  brand: string
  title: string
  /** The language switch's link for each locale (the current URL with `?lang=`). */
  langHref: (locale: Locale) => string
  /** Signed in: where sign-out posts, and the token it carries. */
  signOut?: { action: string; csrfToken: string } | undefined
  notice?: string | undefined
  error?: string | undefined
  /** Extra files for this page (its own script, if it has one). */
  scripts?: readonly string[]
}

export function pageLayout(frame: PageFrame, body: Html) {
  const { t } = frame
  return html`<!doctype html>
    <html lang="${t.locale}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>${frame.title} · ${frame.brand}</title>
        <link rel="icon" href="${PAGE_ICON_PATH}" type="image/svg+xml" />
        <link rel="stylesheet" href="${PAGE_STYLE_PATH}" />
        ${(frame.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
      </head>
      <body>
        <a class="skip" href="#main">${t.t('common.skipToContent')}</a>
        <header class="top">
          <span class="brand">${frame.brand}</span>
          <nav aria-label="${t.t('common.language')}">
            <ul>
              ${LOCALES.map((locale) =>
                locale === t.locale
                  ? html`<li>
                      <span aria-current="true" lang="${locale}"
                        >${t.t(`common.languageName.${locale}`)}</span
                      >
                    </li>`
                  : html`<li>
                      <a href="${frame.langHref(locale)}" lang="${locale}" hreflang="${locale}"
                        >${t.t(`common.languageName.${locale}`)}</a
                      >
                    </li>`,
              )}
              ${
                frame.signOut
                  ? html`<li>
                      <form method="post" action="${frame.signOut.action}">
                        <input type="hidden" name="csrf" value="${frame.signOut.csrfToken}" />
                        <button type="submit" class="secondary">${t.t('common.signOut')}</button>
                      </form>
                    </li>`
                  : ''
              }
            </ul>
          </nav>
        </header>
        <main id="main" tabindex="-1">
          ${frame.notice ? html`<p class="notice" role="status">${frame.notice}</p>` : ''}
          ${frame.error ? html`<p class="error" role="alert">${frame.error}</p>` : ''} ${body}
        </main>
      </body>
    </html>`
}
