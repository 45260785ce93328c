/**
 * The portfolio overview: the summary's figures (the same computation as `GET /v1/portfolio/summary`),
 * by product and by bucket, and the charts with their data tables. The chart script gets its words
 * (series names, labels) in the embedded JSON, already in the reader's language.
 * @module
 */
import { html, raw } from 'hono/html'
import type { PortfolioOverview, PortfolioFigures, Product } from '../../portfolio/portfolio-service.js'
import { BUCKETS } from '../../portfolio/portfolio-service.js'
import type { CropDeliveries, Vintage } from '../../portfolio/portfolio-charts.js'
import type { Translator } from '../../i18n/translator.js'
import { field, month, word, type FieldName } from './format.js'
import { chartFigure, CONSOLE_PATH } from './layout.js'

export type OverviewModel = PortfolioOverview & {
  vintages: Vintage[]
  spend: Array<{ category: string; spentFen: number }>
  deliveries: CropDeliveries[]
}

function figure(name: keyof PortfolioFigures, label: string, value: number, shown: string) {
  return html`<div class="figure">
    <dt>${label}</dt>
    <dd data-figure="${name}" data-value="${value}">${shown}</dd>
  </div>`
}

function productRow(t: Translator, label: string, figures: PortfolioFigures, product?: Product) {
  const link = product ? `${CONSOLE_PATH}/loans?product=${product}&status=active` : `${CONSOLE_PATH}/loans`
  return html`<tr data-product="${product ?? 'all'}">
    <th scope="row"><a href="${link}">${label}</a></th>
    <td class="num">${t.count(figures.activeLoans)}</td>
    <td class="num">${t.money(figures.outstandingPrincipalFen)}</td>
    <td class="num">${t.money(figures.disbursedTodayFen)}</td>
    <td class="num">${t.money(figures.collectedTodayFen)}</td>
    <td class="num">${t.percent(figures.par1Bps)}</td>
    <td class="num">${t.percent(figures.par30Bps)}</td>
    <td class="num">${t.percent(figures.par90Bps)}</td>
    <td class="num">${t.percent(figures.nplBps)}</td>
  </tr>`
}

/** JSON for the chart script, safe inside a script element (no `<`, so no `</script>`). */
function chartData(value: unknown) {
  return raw(JSON.stringify(value).replace(/</g, '\\u003c'))
}

export function overviewView(t: Translator, model: OverviewModel) {
  const { summary, trend, vintages, spend, deliveries } = model
  const f = (name: FieldName) => field(t, name)
  const mobMax = Math.max(0, ...vintages.map((vintage) => vintage.sharesBps.length - 1))
  const data = {
    trend: {
      labels: trend.map((point) => t.date(point.businessDate)),
      outstandingFen: trend.map((point) => point.outstandingPrincipalFen),
      collectedFen: trend.map((point) => point.collectedFen),
      disbursedFen: trend.map((point) => point.disbursedFen),
    },
    buckets: {
      labels: BUCKETS.map((bucket) => word(t, 'bucket', bucket)),
      counts: BUCKETS.map((bucket) => summary.buckets[bucket].count),
      principalFen: BUCKETS.map((bucket) => summary.buckets[bucket].principalFen),
    },
    vintages: vintages.map((vintage) => ({ label: month(t, vintage.month), sharesBps: vintage.sharesBps })),
    spend: {
      labels: spend.map((row) => word(t, 'category', row.category)),
      spentFen: spend.map((row) => row.spentFen),
    },
    deliveries: {
      labels: deliveries.map((row) => word(t, 'crop', row.crop)),
      contractedKg: deliveries.map((row) => row.contractedKg),
      deliveredKg: deliveries.map((row) => row.deliveredKg),
    },
    /** The series' names and the months-on-book axis, in the reader's language. */
    text: {
      outstanding: f('outstandingPrincipal'),
      collected: f('collected'),
      disbursed: f('disbursed'),
      principal: f('principal'),
      spent: f('spent'),
      contractedKg: f('contractedKg'),
      deliveredKg: f('deliveredKg'),
      monthsOnBook: Array.from({ length: mobMax + 1 }, (_, mob) =>
        t.t('console.chart.monthOnBook', { month: mob }),
      ),
    },
  }
  return html`<h1>${t.t('console.overview.title')}</h1>
    <p class="hint" data-as-of="${summary.asOf}">
      ${t.t('console.overview.asOf', { date: t.date(summary.asOf) })}
    </p>
    <dl class="figures" aria-label="${t.t('console.overview.figuresLabel')}">
      ${figure(
        'outstandingPrincipalFen',
        f('outstandingPrincipal'),
        summary.outstandingPrincipalFen,
        t.money(summary.outstandingPrincipalFen),
      )}
      ${figure('activeLoans', f('loansOnBook'), summary.activeLoans, t.count(summary.activeLoans))}
      ${figure(
        'disbursedTodayFen',
        f('disbursedToday'),
        summary.disbursedTodayFen,
        t.money(summary.disbursedTodayFen),
      )}
      ${figure(
        'collectedTodayFen',
        f('collectedToday'),
        summary.collectedTodayFen,
        t.money(summary.collectedTodayFen),
      )}
      ${figure('par1Bps', f('par1'), summary.par1Bps, t.percent(summary.par1Bps))}
      ${figure('par30Bps', f('par30'), summary.par30Bps, t.percent(summary.par30Bps))}
      ${figure('par90Bps', f('par90'), summary.par90Bps, t.percent(summary.par90Bps))}
      ${figure('nplBps', f('nplShare'), summary.nplBps, t.percent(summary.nplBps))}
    </dl>

    <section aria-labelledby="by-product-title">
      <h2 id="by-product-title">${t.t('console.overview.byProduct')}</h2>
      <table id="by-product">
        <thead>
          <tr>
            <th scope="col">${f('product')}</th>
            <th scope="col" class="num">${f('loans')}</th>
            <th scope="col" class="num">${f('outstanding')}</th>
            <th scope="col" class="num">${f('disbursedToday')}</th>
            <th scope="col" class="num">${f('collectedToday')}</th>
            <th scope="col" class="num">${f('par1')}</th>
            <th scope="col" class="num">${f('par30')}</th>
            <th scope="col" class="num">${f('par90')}</th>
            <th scope="col" class="num">${f('npl')}</th>
          </tr>
        </thead>
        <tbody>
          ${productRow(t, word(t, 'product', 'merchant'), summary.byProduct.merchant, 'merchant')}
          ${productRow(t, word(t, 'product', 'agri'), summary.byProduct.agri, 'agri')}
          ${productRow(t, t.t('console.overview.allProducts'), summary)}
        </tbody>
      </table>
    </section>

    <section aria-labelledby="buckets-title">
      <h2 id="buckets-title">${t.t('console.overview.daysPastDue')}</h2>
      <table id="buckets">
        <thead>
          <tr>
            <th scope="col">${f('bucket')}</th>
            <th scope="col" class="num">${f('loans')}</th>
            <th scope="col" class="num">${f('principal')}</th>
          </tr>
        </thead>
        <tbody>
          ${BUCKETS.map(
            (bucket) =>
              html`<tr data-bucket="${bucket}">
                <th scope="row">
                  <a href="${CONSOLE_PATH}/loans?bucket=${encodeURIComponent(bucket)}"
                    >${word(t, 'bucket', bucket)}</a
                  >
                </th>
                <td class="num">${t.count(summary.buckets[bucket].count)}</td>
                <td class="num">${t.money(summary.buckets[bucket].principalFen)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>

    <section class="charts" aria-labelledby="charts-title">
      <h2 id="charts-title">${t.t('console.overview.trends')}</h2>
      <script type="application/json" id="chart-data">
        ${chartData(data)}
      </script>
      ${chartFigure(
        t,
        'chart-trend',
        t.t('console.chart.trend.title'),
        t.t('console.chart.trend.description'),
        {
          head: [f('businessDate'), f('outstanding'), f('disbursed'), f('collected')],
          rows: trend.map((point) => [
            t.date(point.businessDate),
            t.money(point.outstandingPrincipalFen),
            t.money(point.disbursedFen),
            t.money(point.collectedFen),
          ]),
        },
      )}
      ${chartFigure(
        t,
        'chart-buckets',
        t.t('console.chart.buckets.title'),
        t.t('console.chart.buckets.description'),
        {
          head: [f('bucket'), f('loans'), f('principal')],
          rows: BUCKETS.map((bucket) => [
            word(t, 'bucket', bucket),
            t.count(summary.buckets[bucket].count),
            t.money(summary.buckets[bucket].principalFen),
          ]),
        },
      )}
      ${chartFigure(
        t,
        'chart-vintages',
        t.t('console.chart.vintages.title'),
        t.t('console.chart.vintages.description'),
        {
          head: [f('monthDisbursed'), f('loans'), ...data.text.monthsOnBook],
          rows: vintages.map((vintage) => [
            month(t, vintage.month),
            t.count(vintage.loans),
            ...Array.from({ length: mobMax + 1 }, (_, mob) => {
              const share = vintage.sharesBps[mob]
              return share === undefined ? '–' : t.percent(share)
            }),
          ]),
        },
      )}
      ${chartFigure(
        t,
        'chart-spend',
        t.t('console.chart.spend.title'),
        t.t('console.chart.spend.description'),
        {
          head: [f('category'), f('spent')],
          rows: spend.map((row) => [word(t, 'category', row.category), t.money(row.spentFen)]),
        },
      )}
      ${chartFigure(
        t,
        'chart-deliveries',
        t.t('console.chart.deliveries.title'),
        t.t('console.chart.deliveries.description'),
        {
          head: [f('crop'), f('contracts'), f('contractedKg'), f('deliveredKg')],
          rows: deliveries.map((row) => [
            word(t, 'crop', row.crop),
            t.count(row.contracts),
            t.count(row.contractedKg),
            t.count(row.deliveredKg),
          ]),
        },
      )}
    </section>`
}
