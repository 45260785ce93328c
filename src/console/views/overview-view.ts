/**
 * The portfolio overview: the summary's figures (the same computation as `GET /v1/portfolio/summary`),
 * by product and by bucket, and the charts with their data tables.
 * @module
 */
import { html, raw } from 'hono/html'
import type { PortfolioOverview, PortfolioFigures, Product } from '../../portfolio/portfolio-service.js'
import { BUCKETS } from '../../portfolio/portfolio-service.js'
import type { CropDeliveries, Vintage } from '../../portfolio/portfolio-charts.js'
import { count, percent, yuan } from './format.js'
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

function productRow(label: string, figures: PortfolioFigures, product?: Product) {
  const link = product ? `${CONSOLE_PATH}/loans?product=${product}&status=active` : `${CONSOLE_PATH}/loans`
  return html`<tr data-product="${product ?? 'all'}">
    <th scope="row"><a href="${link}">${label}</a></th>
    <td class="num">${count(figures.activeLoans)}</td>
    <td class="num">${yuan(figures.outstandingPrincipalFen)}</td>
    <td class="num">${yuan(figures.disbursedTodayFen)}</td>
    <td class="num">${yuan(figures.collectedTodayFen)}</td>
    <td class="num">${percent(figures.par1Bps)}</td>
    <td class="num">${percent(figures.par30Bps)}</td>
    <td class="num">${percent(figures.par90Bps)}</td>
    <td class="num">${percent(figures.nplBps)}</td>
  </tr>`
}

/** JSON for the chart script, safe inside a script element (no `<`, so no `</script>`). */
function chartData(value: unknown) {
  return raw(JSON.stringify(value).replace(/</g, '\\u003c'))
}

export function overviewView(model: OverviewModel) {
  const { summary, trend, vintages, spend, deliveries } = model
  const data = {
    trend: {
      labels: trend.map((point) => point.businessDate),
      outstandingFen: trend.map((point) => point.outstandingPrincipalFen),
      collectedFen: trend.map((point) => point.collectedFen),
      disbursedFen: trend.map((point) => point.disbursedFen),
    },
    buckets: {
      labels: [...BUCKETS],
      counts: BUCKETS.map((bucket) => summary.buckets[bucket].count),
      principalFen: BUCKETS.map((bucket) => summary.buckets[bucket].principalFen),
    },
    vintages: vintages.map((vintage) => ({ label: vintage.month, sharesBps: vintage.sharesBps })),
    spend: { labels: spend.map((row) => row.category), spentFen: spend.map((row) => row.spentFen) },
    deliveries: {
      labels: deliveries.map((row) => row.crop),
      contractedKg: deliveries.map((row) => row.contractedKg),
      deliveredKg: deliveries.map((row) => row.deliveredKg),
    },
  }
  const mobMax = Math.max(0, ...vintages.map((vintage) => vintage.sharesBps.length - 1))
  return html`<h1>Portfolio overview</h1>
    <p class="hint">
      As of business date <strong data-as-of="${summary.asOf}">${summary.asOf}</strong>; days past due as of
      the last close of business.
    </p>
    <dl class="figures" aria-label="Portfolio figures">
      ${figure(
        'outstandingPrincipalFen',
        'Outstanding principal',
        summary.outstandingPrincipalFen,
        yuan(summary.outstandingPrincipalFen),
      )}
      ${figure('activeLoans', 'Loans on book', summary.activeLoans, count(summary.activeLoans))}
      ${figure('disbursedTodayFen', 'Disbursed today', summary.disbursedTodayFen, yuan(summary.disbursedTodayFen))}
      ${figure('collectedTodayFen', 'Collected today', summary.collectedTodayFen, yuan(summary.collectedTodayFen))}
      ${figure('par1Bps', 'PAR1', summary.par1Bps, percent(summary.par1Bps))}
      ${figure('par30Bps', 'PAR30', summary.par30Bps, percent(summary.par30Bps))}
      ${figure('par90Bps', 'PAR90', summary.par90Bps, percent(summary.par90Bps))}
      ${figure('nplBps', 'NPL share', summary.nplBps, percent(summary.nplBps))}
    </dl>

    <section aria-labelledby="by-product-title">
      <h2 id="by-product-title">By product</h2>
      <table id="by-product">
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col" class="num">Loans</th>
            <th scope="col" class="num">Outstanding</th>
            <th scope="col" class="num">Disbursed today</th>
            <th scope="col" class="num">Collected today</th>
            <th scope="col" class="num">PAR1</th>
            <th scope="col" class="num">PAR30</th>
            <th scope="col" class="num">PAR90</th>
            <th scope="col" class="num">NPL</th>
          </tr>
        </thead>
        <tbody>
          ${productRow('Merchant', summary.byProduct.merchant, 'merchant')}
          ${productRow('Agri', summary.byProduct.agri, 'agri')} ${productRow('All products', summary)}
        </tbody>
      </table>
    </section>

    <section aria-labelledby="buckets-title">
      <h2 id="buckets-title">Days past due</h2>
      <table id="buckets">
        <thead>
          <tr>
            <th scope="col">Bucket</th>
            <th scope="col" class="num">Loans</th>
            <th scope="col" class="num">Principal</th>
          </tr>
        </thead>
        <tbody>
          ${BUCKETS.map(
            (bucket) =>
              html`<tr data-bucket="${bucket}">
                <th scope="row"><a href="${CONSOLE_PATH}/loans?bucket=${bucket}">${bucket}</a></th>
                <td class="num">${count(summary.buckets[bucket].count)}</td>
                <td class="num">${yuan(summary.buckets[bucket].principalFen)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>

    <section class="charts" aria-labelledby="charts-title">
      <h2 id="charts-title">Trends</h2>
      <script type="application/json" id="chart-data">
        ${chartData(data)}
      </script>
      ${chartFigure(
        'chart-trend',
        'Outstanding principal and collections',
        'outstanding principal (line) and collections (bars) by business date',
        {
          head: ['Business date', 'Outstanding', 'Disbursed', 'Collected'],
          rows: trend.map((point) => [
            point.businessDate,
            yuan(point.outstandingPrincipalFen),
            yuan(point.disbursedFen),
            yuan(point.collectedFen),
          ]),
        },
      )}
      ${chartFigure('chart-buckets', 'Days-past-due buckets', 'principal outstanding in each bucket', {
        head: ['Bucket', 'Loans', 'Principal'],
        rows: BUCKETS.map((bucket) => [
          bucket,
          count(summary.buckets[bucket].count),
          yuan(summary.buckets[bucket].principalFen),
        ]),
      })}
      ${chartFigure(
        'chart-vintages',
        'Vintage curves: share reaching 30+ days past due',
        'for each disbursement month, the share of its loans that reached 31+ days past due by months on book',
        {
          head: ['Disbursed', 'Loans', ...Array.from({ length: mobMax + 1 }, (_, mob) => `MOB ${mob}`)],
          rows: vintages.map((vintage) => [
            vintage.month,
            count(vintage.loans),
            ...Array.from({ length: mobMax + 1 }, (_, mob) => {
              const share = vintage.sharesBps[mob]
              return share === undefined ? '–' : percent(share)
            }),
          ]),
        },
      )}
      ${chartFigure('chart-spend', 'Restricted spend by category', 'farm-input spending net of refunds', {
        head: ['Category', 'Spent'],
        rows: spend.map((row) => [row.category, yuan(row.spentFen)]),
      })}
      ${chartFigure('chart-deliveries', 'Deliveries against contracted quantity', 'kilograms by crop', {
        head: ['Crop', 'Contracts', 'Contracted kg', 'Delivered kg'],
        rows: deliveries.map((row) => [
          row.crop,
          row.contracts,
          count(row.contractedKg),
          count(row.deliveredKg),
        ]),
      })}
    </section>`
}
