/**
 * The console's page frame in the reader's language: skip link, navigation, who is signed in, the
 * business date, the language switch (links, so it works without script and by keyboard) and a
 * sign-out form (a POST with the session's CSRF token, never a link).
 * @module
 */
import { html } from 'hono/html'
import { LOCALES, type Locale } from '../../i18n/locale.js'
import type { Translator } from '../../i18n/translator.js'
import type { Html } from './format.js'

export const CONSOLE_PATH = '/console'
export const CONSOLE_ASSETS = {
  style: `${CONSOLE_PATH}/assets/console.css`,
  script: `${CONSOLE_PATH}/assets/console.js`,
  chart: `${CONSOLE_PATH}/assets/chart.umd.min.js`,
  icon: `${CONSOLE_PATH}/assets/icon.svg`,
} as const

export type PageFrame = {
  t: Translator
  /** The language switch's link for each locale (the current URL with `?lang=`). */
  langHref: (locale: Locale) => string
  title: string
  /** Which navigation entry is current. */
  section: 'overview' | 'loans' | 'agri' | 'audit' | 'none'
  officer?: { principalRef: string; csrfToken: string; businessDate: string }
  /** Charts need Chart.js; other pages do not load it. */
  charts?: boolean
  notice?: string | undefined
  error?: string | undefined
}

function navLink(href: string, label: string, current: boolean) {
  return html`<li>
    <a href="${href}" ${current ? html`aria-current="page"` : ''}>${label}</a>
  </li>`
}

function languageSwitch(frame: PageFrame) {
  const { t } = frame
  return html`<nav aria-label="${t.t('common.language')}" class="lang">
    <ul>
      ${LOCALES.map((locale) =>
        locale === t.locale
          ? html`<li>
              <span aria-current="true" lang="${locale}">${t.t(`common.languageName.${locale}`)}</span>
            </li>`
          : html`<li>
              <a href="${frame.langHref(locale)}" lang="${locale}" hreflang="${locale}"
                >${t.t(`common.languageName.${locale}`)}</a
              >
            </li>`,
      )}
    </ul>
  </nav>`
}

export function layout(frame: PageFrame, body: Html) {
  const { t, officer } = frame
  const brand = t.t('common.pages.console')
  return html`<!doctype html>
    <html lang="${t.locale}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <!-- The app-wide header says no-referrer, under which a browser posts forms with Origin: null;
             the console checks the Origin of every POST, so its pages send it to their own origin. -->
        <meta name="referrer" content="same-origin" />
        <title>${frame.title} · ${brand}</title>
        <link rel="icon" href="${CONSOLE_ASSETS.icon}" type="image/svg+xml" />
        <link rel="stylesheet" href="${CONSOLE_ASSETS.style}" />
        ${frame.charts ? html`<script src="${CONSOLE_ASSETS.chart}" defer></script>` : ''}
        <script src="${CONSOLE_ASSETS.script}" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">${t.t('common.skipToContent')}</a>
        <header class="top">
          <span class="brand">${brand}</span>
          ${
            officer
              ? html`<nav aria-label="${t.t('console.nav.label')}">
                  <ul>
                    ${navLink(CONSOLE_PATH, t.t('console.nav.overview'), frame.section === 'overview')}
                    ${navLink(`${CONSOLE_PATH}/loans`, t.t('console.nav.loans'), frame.section === 'loans')}
                    ${navLink(`${CONSOLE_PATH}/agri`, t.t('console.nav.agri'), frame.section === 'agri')}
                    ${navLink(`${CONSOLE_PATH}/audit`, t.t('console.nav.audit'), frame.section === 'audit')}
                  </ul>
                </nav>`
              : ''
          }
          <div class="end">
            ${
              officer
                ? html`<span class="who"
                    >${t.t('console.frame.businessDate')}
                    <strong id="business-date" data-date="${officer.businessDate}"
                      >${t.date(officer.businessDate)}</strong
                    >
                    · ${t.t('console.frame.officer', { ref: officer.principalRef })}</span
                  >`
                : ''
            }
            ${languageSwitch(frame)}
            ${
              officer
                ? html`<form method="post" action="${CONSOLE_PATH}/logout" class="inline">
                    <input type="hidden" name="csrf" value="${officer.csrfToken}" />
                    <button type="submit" class="link">${t.t('common.signOut')}</button>
                  </form>`
                : ''
            }
          </div>
        </header>
        <main id="main" tabindex="-1">
          ${frame.notice ? html`<p class="notice" role="status">${frame.notice}</p>` : ''}
          ${frame.error ? html`<p class="error" role="alert">${frame.error}</p>` : ''} ${body}
        </main>
      </body>
    </html>`
}

/** A data table for a chart, for screen readers and for anyone who wants the numbers. */
export function chartFigure(
  t: Translator,
  id: string,
  title: string,
  description: string,
  table: { head: string[]; rows: Array<Array<string | number>> },
) {
  return html`<figure class="chart" aria-labelledby="${id}-title">
    <figcaption id="${id}-title">${title}</figcaption>
    <div class="canvas-box">
      <canvas id="${id}" role="img" aria-label="${title}: ${description}"></canvas>
    </div>
    <details>
      <summary>${t.t('console.chart.data', { title })}</summary>
      <table>
        <thead>
          <tr>
            ${table.head.map((cell) => html`<th scope="col">${cell}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${table.rows.map(
            (row) =>
              html`<tr>
                ${row.map((cell) => html`<td>${cell}</td>`)}
              </tr>`,
          )}
        </tbody>
      </table>
    </details>
  </figure>`
}
