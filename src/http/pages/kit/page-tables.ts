/**
 * Tables on party pages: a table whose rows stack into labelled lines on a phone (`table.stack`:
 * each cell shows its column's name from `data-label`), inside a wrapper that scrolls if it must.
 * @module
 */
import { html } from 'hono/html'
import type { Html } from './page-layout.js'

export type Column<Row> = {
  label: string
  value: (row: Row) => string | Html
  /** Right-aligned figures (money, counts). */
  num?: boolean
}

export function stackTable<Row>(
  id: string,
  /** The id of the heading that names the table. */
  labelledBy: string,
  columns: ReadonlyArray<Column<Row>>,
  rows: readonly Row[],
) {
  // The wrapper scrolls a wide table sideways; it takes focus so a keyboard can scroll it too.
  return html`<div class="table-wrap" role="region" tabindex="0" aria-labelledby="${labelledBy}">
    <table class="stack" id="${id}" aria-labelledby="${labelledBy}">
      <thead>
        <tr>
          ${columns.map((column) => html`<th scope="col" class="${column.num ? 'num' : ''}">${column.label}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (row) =>
            html`<tr>
              ${columns.map(
                (column) =>
                  html`<td data-label="${column.label}" class="${column.num ? 'num' : ''}">
                    ${column.value(row)}
                  </td>`,
              )}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`
}
