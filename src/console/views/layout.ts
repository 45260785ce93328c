/**
 * The console's page frame: skip link, navigation, who is signed in, the business date and a
 * sign-out form (a POST with the session's CSRF token, never a link).
 * @module
 */
import { html } from 'hono/html'
import type { Html } from './format.js'

export const CONSOLE_PATH = '/console'
export const CONSOLE_ASSETS = {
  style: `${CONSOLE_PATH}/assets/console.css`,
  script: `${CONSOLE_PATH}/assets/console.js`,
  chart: `${CONSOLE_PATH}/assets/chart.umd.min.js`,
  icon: `${CONSOLE_PATH}/assets/icon.svg`,
} as const

export type PageFrame = {
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

export function layout(frame: PageFrame, body: Html) {
  const officer = frame.officer
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <!-- The app-wide header says no-referrer, under which a browser posts forms with Origin: null;
             the console checks the Origin of every POST, so its pages send it to their own origin. -->
        <meta name="referrer" content="same-origin" />
        <title>${frame.title} · Loan officer console</title>
        <link rel="icon" href="${CONSOLE_ASSETS.icon}" type="image/svg+xml" />
        <link rel="stylesheet" href="${CONSOLE_ASSETS.style}" />
        ${frame.charts ? html`<script src="${CONSOLE_ASSETS.chart}" defer></script>` : ''}
        <script src="${CONSOLE_ASSETS.script}" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
          <span class="brand">Loan officer console</span>
          ${
            officer
              ? html`<nav aria-label="Console">
                    <ul>
                      ${navLink(CONSOLE_PATH, 'Overview', frame.section === 'overview')}
                      ${navLink(`${CONSOLE_PATH}/loans`, 'Loans', frame.section === 'loans')}
                      ${navLink(`${CONSOLE_PATH}/agri`, 'Agri', frame.section === 'agri')}
                      ${navLink(`${CONSOLE_PATH}/audit`, 'Audit log', frame.section === 'audit')}
                    </ul>
                  </nav>
                  <span class="who"
                    >Business date <strong id="business-date">${officer.businessDate}</strong> · officer
                    ${officer.principalRef}</span
                  >
                  <form method="post" action="${CONSOLE_PATH}/logout" class="inline">
                    <input type="hidden" name="csrf" value="${officer.csrfToken}" />
                    <button type="submit" class="link">Sign out</button>
                  </form>`
              : ''
          }
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
      <summary>Data: ${title}</summary>
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
