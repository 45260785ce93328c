/**
 * The console's stylesheet and its one script, served as files so the CSP can forbid inline code.
 * The script only draws charts (Chart.js, served from node_modules) from the JSON the overview
 * embeds; every page works without it, and every chart has its data table beside it.
 * @module
 */

export const CONSOLE_ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0b3d91"/>' +
  '<path d="M3 12V7m3.5 5V4m3.5 8V8m3.5 4V5" stroke="#fff" stroke-width="1.8"/></svg>'

export const CONSOLE_SCRIPT = String.raw`'use strict'
;(function () {
  var source = document.getElementById('chart-data')
  if (!source || typeof window.Chart === 'undefined') return
  var data = JSON.parse(source.textContent || '{}')
  // Series names and axis labels come translated in the page's JSON; the script holds no words.
  var text = data.text || {}
  var Chart = window.Chart
  Chart.defaults.font.size = 13
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif'
  Chart.defaults.color = '#1b1b1b'
  Chart.defaults.animation = false
  var palette = ['#0b57d0', '#b3261e', '#146c2e', '#8a5300', '#6b3fa0', '#00696f', '#5c5f66', '#c2185b',
    '#2e7d32', '#ad1457', '#283593', '#4e342e']
  function grouped(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',') }
  // Whole yuan from fen, the sign before the ¥ and never a "-0": -¥1,200 / ¥0 / ¥35,000.
  function yuan(fen) {
    var whole = Math.round(Number(fen) / 100)
    return (whole < 0 ? '-' : '') + '¥' + grouped(Math.abs(whole))
  }
  function pct(bps) { return (Number(bps) / 100).toFixed(2) + '%' }
  function draw(id, config) {
    var canvas = document.getElementById(id)
    if (!canvas) return
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false }, config.options || {})
    new Chart(canvas, config)
  }
  var fenTicks = { callback: function (v) { return yuan(v) } }
  var fenAxis = { ticks: fenTicks }
  function tooltip(format) {
    return { callbacks: { label: function (item) {
      var value = item.parsed && typeof item.parsed === 'object'
        ? (item.chart.options.indexAxis === 'y' ? item.parsed.x : item.parsed.y) : item.raw
      return (item.dataset.label ? item.dataset.label + ': ' : '') + format(value)
    } } }
  }

  draw('chart-trend', {
    data: {
      labels: data.trend.labels,
      datasets: [
        { type: 'line', label: text.outstanding, data: data.trend.outstandingFen, borderColor: palette[0],
          backgroundColor: palette[0], yAxisID: 'y', pointRadius: 2 },
        { type: 'bar', label: text.collected, data: data.trend.collectedFen, backgroundColor: palette[2], yAxisID: 'y1' },
        { type: 'bar', label: text.disbursed, data: data.trend.disbursedFen, backgroundColor: palette[3], yAxisID: 'y1' }
      ]
    },
    options: { plugins: { tooltip: tooltip(yuan) },
      scales: { y: fenAxis, y1: { position: 'right', grid: { drawOnChartArea: false }, ticks: fenTicks } } }
  })
  draw('chart-buckets', {
    type: 'bar',
    data: { labels: data.buckets.labels, datasets: [{ label: text.principal, data: data.buckets.principalFen,
      backgroundColor: ['#146c2e', '#8a5300', '#c75000', '#b3261e', '#6d0e0a'] }] },
    options: { plugins: { legend: { display: false }, tooltip: tooltip(yuan) }, scales: { y: fenAxis } }
  })
  draw('chart-vintages', {
    type: 'line',
    data: {
      labels: text.monthsOnBook || [],
      datasets: data.vintages.map(function (v, i) {
        return { label: v.label, data: v.sharesBps, borderColor: palette[i % palette.length],
          backgroundColor: palette[i % palette.length], pointRadius: 2 }
      })
    },
    options: { plugins: { tooltip: tooltip(pct) },
      scales: { y: { min: 0, ticks: { callback: function (v) { return pct(v) } } } } }
  })
  draw('chart-spend', {
    type: 'bar',
    data: { labels: data.spend.labels, datasets: [{ label: text.spent, data: data.spend.spentFen,
      backgroundColor: palette[2] }] },
    options: { indexAxis: 'y', plugins: { legend: { display: false }, tooltip: tooltip(yuan) },
      scales: { x: fenAxis } }
  })
  draw('chart-deliveries', {
    type: 'bar',
    data: { labels: data.deliveries.labels, datasets: [
      { label: text.contractedKg, data: data.deliveries.contractedKg, backgroundColor: '#9aa0a6' },
      { label: text.deliveredKg, data: data.deliveries.deliveredKg, backgroundColor: palette[0] }
    ] },
    options: { scales: { y: { ticks: { callback: function (v) { return grouped(v) } } } } }
  })
})()
`

export const CONSOLE_CSS = `
:root { color-scheme: light; --ink: #1b1b1b; --muted: #4a4d52; --line: #c4c7cc; --accent: #0b57d0;
  --danger: #b3261e; --bg: #ffffff; --panel: #f3f5f8; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans CJK SC", "PingFang SC",
  "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible,
summary:focus-visible, main:focus-visible { outline: 3px solid #f9ab00; outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: 8px; }
.skip:focus { left: 8px; z-index: 10; }
.top { display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: center; padding: 10px 24px;
  background: #0b3d91; color: #fff; }
.top a, .top .link { color: #fff; }
.top nav ul { display: flex; gap: 16px; list-style: none; margin: 0; padding: 0; }
.top a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
.brand { font-weight: 700; }
.top .end { margin-left: auto; display: flex; flex-wrap: wrap; gap: 8px 20px; align-items: center; }
.top .lang span[aria-current] { font-weight: 700; }
main { padding: 16px 24px 48px; max-width: 1400px; }
h1 { font-size: 1.6rem; margin: 8px 0 12px; }
h2 { font-size: 1.2rem; margin: 24px 0 8px; }
h3 { font-size: 1.05rem; margin: 0 0 8px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { background: var(--panel); white-space: nowrap; }
.num { text-align: right; }
.hint { color: var(--muted); }
.notice { background: #e6f4ea; border: 1px solid #146c2e; padding: 8px 12px; }
.error { background: #fce8e6; border: 1px solid var(--danger); padding: 8px 12px; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 12px; margin: 0; }
.figure { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
.figure dt { color: var(--muted); font-size: 0.9rem; }
.figure dd { margin: 4px 0 0; font-size: 1.3rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 16px; }
.charts h2 { grid-column: 1 / -1; }
.chart { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 10px; }
.chart figcaption { font-weight: 600; margin-bottom: 6px; }
.canvas-box { position: relative; height: 260px; }
form.filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-end; background: var(--panel);
  padding: 12px; border-radius: 6px; }
.field { display: flex; flex-direction: column; gap: 4px; }
label { font-weight: 600; }
input, select, textarea { font: inherit; padding: 6px 8px; border: 1px solid #767a80; border-radius: 4px;
  color: var(--ink); background: #fff; }
button { font: inherit; padding: 7px 14px; border-radius: 4px; border: 1px solid var(--accent);
  background: var(--accent); color: #fff; cursor: pointer; }
button:disabled { background: #c4c7cc; border-color: #c4c7cc; color: #3c3f44; cursor: not-allowed; }
button.danger { background: var(--danger); border-color: var(--danger); }
button.link { background: none; border: none; padding: 0; text-decoration: underline; color: var(--accent); }
form.inline { display: inline; }
.pager { display: flex; gap: 16px; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 24px; }
.terms { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 4px 16px; margin: 0; }
.terms div { display: flex; justify-content: space-between; gap: 8px; border-bottom: 1px solid var(--line);
  padding: 3px 0; }
@media (max-width: 720px) {
  .top { padding: 10px 12px; }
  .top nav ul { flex-wrap: wrap; }
  main { padding: 12px 12px 40px; }
  /* A wide table scrolls inside its own box; the page itself never scrolls sideways. */
  table { display: block; overflow-x: auto; }
  /* Inside its box a cell keeps its words on one line (Chinese would break after every character);
     only sentences (reasons, refusals, details) wrap. */
  th, td { white-space: nowrap; }
  td.text { white-space: normal; min-width: 16em; }
  .terms { grid-template-columns: minmax(0, 1fr); }
  .charts, .columns { grid-template-columns: minmax(0, 1fr); }
}
.terms dt { color: var(--muted); }
.terms dd { margin: 0; font-weight: 600; }
.actions { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 16px; }
.actions form, form.confirm, form.login { display: flex; flex-direction: column; gap: 6px;
  border: 1px solid var(--line); border-radius: 6px; padding: 12px; max-width: 640px; }
.reason { max-width: 360px; }
tr.status-overdue td { background: #fce8e6; }
tr.claim-open td { background: #fff4e5; }
code { font-size: 0.85rem; word-break: break-all; }
`
