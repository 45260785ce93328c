/**
 * The party pages' one stylesheet: phone first (360 px wide), large type, high contrast, visible
 * focus; wider screens get a centred column. Served as a file so the CSP can forbid inline styles.
 * @module
 */
export const PAGE_ASSETS_PATH = '/pages/assets'
export const PAGE_STYLE_PATH = `${PAGE_ASSETS_PATH}/page.css`
export const PAGE_ICON_PATH = `${PAGE_ASSETS_PATH}/icon.svg`

export const PAGE_ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="8" fill="#146c2e"/>' +
  '<path d="M5 4l3 4 3-4M8 8v5M5.5 9h5M5.5 11h5" stroke="#fff" stroke-width="1.5" fill="none"/></svg>'

export const PAGE_CSS = String.raw`
*, *::before, *::after { box-sizing: border-box; }
html { font-size: 112.5%; -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: system-ui, -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
  line-height: 1.5; color: #1b1b1b; background: #f6f7f9; }
a { color: #0b57d0; }
:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem 1rem; z-index: 10; }
.skip:focus { left: .5rem; }
header.top { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between;
  padding: .6rem 1rem; background: #fff; border-bottom: 1px solid #d0d4da; }
header.top .brand { font-weight: 700; font-size: 1.1rem; }
header.top nav ul { list-style: none; margin: 0; padding: 0; display: flex; gap: .75rem; align-items: center; }
header.top form { margin: 0; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.25rem; margin: 1.5rem 0 .5rem; }
section, .card { background: #fff; border: 1px solid #d0d4da; border-radius: 8px; padding: 1rem; margin: 0 0 1rem; }
.big { font-size: 2rem; font-weight: 700; }
p.big { margin: 0 0 .75rem; }
.muted, .hint { color: #4a4f57; }
.notice { background: #e6f4ea; border: 1px solid #146c2e; padding: .75rem 1rem; border-radius: 8px; }
.error { background: #fce8e6; border: 1px solid #b3261e; padding: .75rem 1rem; border-radius: 8px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid #e3e6ea; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.table-wrap { overflow-x: auto; }
label { display: block; font-weight: 600; margin: .5rem 0 .25rem; }
input, select, textarea { font: inherit; padding: .5rem .6rem; border: 1px solid #6b717a; border-radius: 6px;
  width: 100%; max-width: 24rem; background: #fff; color: #1b1b1b; }
button, .button { font: inherit; font-weight: 600; padding: .6rem 1.1rem; border-radius: 6px; border: 1px solid #0b57d0;
  background: #0b57d0; color: #fff; cursor: pointer; display: inline-block; text-decoration: none; min-height: 44px; }
button.secondary, .button.secondary { background: #fff; color: #0b57d0; }
button.danger { background: #b3261e; border-color: #b3261e; }
.row { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; }
dl.facts { display: grid; grid-template-columns: fit-content(60%) minmax(0, 1fr); gap: .25rem 1rem; margin: 0; }
dl.facts dt { color: #4a4f57; }
dl.facts dd { margin: 0; font-weight: 600; }
.code { font-family: ui-monospace, monospace; font-size: 2.2rem; font-weight: 700; letter-spacing: .15em; margin: 0; }
h3 { font-size: 1.05rem; margin: 1rem 0 .4rem; }
section > h2:first-child, .card > h2:first-child { margin-top: 0; }
p.big { margin: 0 0 .5rem; line-height: 1.2; }
ul.plain { list-style: none; margin: .25rem 0 .75rem; padding: 0; }
ul.list { list-style: none; margin: 0; padding: 0; }
ul.list li { display: flex; flex-direction: column; gap: .1rem; padding: .6rem 0; border-bottom: 1px solid #e3e6ea; }
ul.list li:last-child { border-bottom: 0; }
.line { display: flex; justify-content: space-between; gap: 1rem; flex-wrap: wrap; }
.card.ask { border: 2px solid #0b57d0; }
.ask .shop { font-weight: 600; margin: 0; }
fieldset { border: 0; margin: 1rem 0; padding: 0; }
legend { font-weight: 700; padding: 0; margin-bottom: .25rem; }
.qty { margin-bottom: .5rem; }
.qty label .hint { display: block; font-weight: 400; }
.qty input { max-width: 8rem; }
.tag.approved { color: #146c2e; font-weight: 600; }
.tag.rejected { color: #b3261e; font-weight: 600; }
input.code-input { font-family: ui-monospace, monospace; font-size: 1.6rem; letter-spacing: .2em; max-width: 11rem; }
form + form { margin-top: .75rem; }
.row form + form { margin-top: 0; }
label.check { display: flex; gap: .6rem; align-items: center; font-weight: 400; margin: .2rem 0; min-height: 44px; }
label.check input { width: 1.4rem; height: 1.4rem; margin: 0; flex: none; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
.options { display: flex; flex-direction: column; gap: 1rem; }
.options .card { margin: 0; }
td.date { white-space: nowrap; }
h4 { margin: 1rem 0 .5rem; }
details summary { cursor: pointer; padding: .5rem 0; font-weight: 600; min-height: 44px; }
pre.agreement { white-space: pre-wrap; overflow-wrap: anywhere; font: inherit; line-height: 1.6; margin: 0 0 1rem;
  background: #fbfbfc; border: 1px solid #d0d4da; border-radius: 6px; padding: 1rem; }
@media (max-width: 40rem) {
  main { padding: .75rem; }
  h1 { font-size: 1.4rem; }
  table.stack thead { position: absolute; left: -9999px; }
  table.stack tr { display: block; border-bottom: 1px solid #d0d4da; padding: .4rem 0; }
  table.stack td { display: flex; justify-content: space-between; gap: 1rem; border: 0; padding: .15rem 0; }
  table.stack td::before { content: attr(data-label); color: #4a4f57; text-align: left; flex: none; max-width: 45%; }
  table.stack td { text-align: right; }
  table.stack th[scope="row"] { display: block; border: 0; padding: .15rem 0; }
}
`
