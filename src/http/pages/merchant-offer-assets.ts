/**
 * The offer page's script and stylesheet, served as files so the page's CSP can forbid inline code.
 * The script is plain browser JavaScript (no build step, no framework); the integration test drives
 * it in headless Chromium (test/integration/merchant-loans/offer-page.test.ts).
 *
 * Money: amounts are typed in yuan, parsed exactly into integer fen (never through a float), sent
 * as fen, and shown in yuan with two decimals.
 * @module
 */

export const MERCHANT_OFFER_SCRIPT = String.raw`'use strict'
;(function () {
  var STORE = 'microloan.merchantOffer'
  var $ = function (id) { return document.getElementById(id) }
  var feeBps = JSON.parse(document.body.dataset.salesShareFeeBps || '{}')
  var session = null // { merchantId, key }: sessionStorage only, never the URL
  var offer = null
  var businessDate = null
  var pending = null // { key, body }: one Idempotency-Key per accept, reused when that accept is retried
  var previewSeq = 0
  var previewTimer = 0

  function yuan(fen) {
    var sign = fen < 0 ? '-' : ''
    var abs = Math.abs(fen)
    var whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
    return sign + '¥' + whole + '.' + String(abs % 100).padStart(2, '0')
  }
  function plainYuan(fen) {
    return Math.floor(fen / 100) + '.' + String(fen % 100).padStart(2, '0')
  }
  /** "1,234.5" or "¥12" to fen; null when it is not an amount with at most two decimals. */
  function parseYuan(text) {
    var match = /^(\d{1,11})(?:\.(\d{1,2}))?$/.exec(text.trim().replace(/^¥/, '').replace(/,/g, ''))
    if (!match) return null
    return Number(match[1]) * 100 + Number((match[2] || '').padEnd(2, '0'))
  }
  function percent(bps) { return (bps / 100).toFixed(2) + '%' }
  /** amount × bps / 10000, half-even to the fen: the server's rule for the sales-share fee. */
  function mulBps(amountFen, bps) {
    var n = BigInt(amountFen) * BigInt(bps)
    var q = n / 10000n
    var twice = 2n * (n % 10000n)
    if (twice < 10000n) return Number(q)
    if (twice > 10000n) return Number(q + 1n)
    return Number(q % 2n === 0n ? q : q + 1n)
  }
  function newIdempotencyKey() {
    if (crypto.randomUUID) return crypto.randomUUID()
    var bytes = crypto.getRandomValues(new Uint8Array(16))
    return Array.from(bytes, function (b) { return b.toString(16).padStart(2, '0') }).join('')
  }
  function el(tag, text, attrs) {
    var node = document.createElement(tag)
    if (text !== undefined && text !== null) node.textContent = String(text)
    for (var name in attrs || {}) node.setAttribute(name, attrs[name])
    return node
  }
  function row(cells, header) {
    var tr = el('tr')
    cells.forEach(function (cell, i) {
      if (cell instanceof Node) { var td = el('td'); td.appendChild(cell); tr.appendChild(td) }
      else tr.appendChild(el(i === 0 && header ? 'th' : 'td', cell, i === 0 && header ? { scope: 'row' } : {}))
    })
    return tr
  }
  function setMoney(id, fen) {
    var node = $(id)
    node.textContent = yuan(fen)
    node.dataset.fen = String(fen)
  }

  function say(text) { $('status').textContent = text }
  function clearAlert() { $('alert').hidden = true; $('alert').replaceChildren() }
  function alertBox(title, lines) {
    var box = $('alert')
    box.replaceChildren(el('strong', title))
    if (lines && lines.length) {
      var list = el('ul')
      lines.forEach(function (line) { list.appendChild(el('li', line)) })
      box.appendChild(list)
    }
    box.hidden = false
  }
  function problemLines(body) {
    if (!body || typeof body !== 'object') return ['The server answered unexpectedly.']
    var lines = [body.detail || body.title || 'The request was refused.']
    ;(body.errors || []).forEach(function (e) { lines.push(e.path + ': ' + e.message) })
    return lines
  }

  async function api(method, path, body, headers) {
    var init = { method: method, headers: Object.assign({ Authorization: 'Bearer ' + session.key }, headers || {}) }
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json'
      init.body = typeof body === 'string' ? body : JSON.stringify(body)
    }
    var response = await fetch(path, init)
    var text = await response.text()
    var parsed = null
    try { parsed = text ? JSON.parse(text) : null } catch (e) { parsed = null }
    return { status: response.status, body: parsed }
  }

  function signedOut(message) {
    session = null
    offer = null
    sessionStorage.removeItem(STORE)
    $('sign-in').hidden = false
    ;['offer', 'loan', 'loans', 'sign-out'].forEach(function (id) { $(id).hidden = true })
    $('api-key').value = ''
    if (message) alertBox(message)
    $('merchant-id').value ? $('api-key').focus() : $('merchant-id').focus()
  }

  /** Loads the line and the loans; a refresh after an answer leaves that answer on screen. */
  async function loadAll(focus, refresh) {
    if (!refresh) say('Loading your offer…')
    var base = '/v1/merchants/' + session.merchantId
    var answers = await Promise.all([
      api('GET', base + '/offer'),
      api('GET', '/v1/system/business-date'),
      api('GET', '/v1/loans?borrowerId=' + session.merchantId + '&limit=50'),
    ])
    var refused = answers.find(function (a) { return a.status !== 200 })
    if (refused) {
      if (!refresh) say('')
      if (refused.status === 401) return signedOut('This key was not accepted: ' + problemLines(refused.body)[0])
      return alertBox('Could not load your offer', problemLines(refused.body))
    }
    offer = answers[0].body
    businessDate = answers[1].body.businessDate
    $('sign-in').hidden = true
    $('sign-out').hidden = false
    renderOffer()
    renderLoans(answers[2].body.items)
    if (!refresh) say('')
    if (focus) $('offer-title').focus()
  }

  function renderOffer() {
    $('offer').hidden = false
    setMoney('available', offer.availableFen)
    setMoney('limit', offer.creditLimitFen)
    $('band').textContent = offer.scoreBand ? '· band ' + offer.scoreBand : ''
    var reasons = $('line-reasons')
    reasons.replaceChildren()
    offer.reasons.forEach(function (r) { reasons.appendChild(el('li', r.text, { 'data-code': r.code })) })
    var canBorrow = offer.eligible && offer.availableFen >= offer.minAmountFen && offer.options.length > 0
    $('line-note').textContent = !offer.eligible
      ? 'You have no credit line right now. Why:'
      : canBorrow
        ? 'Borrow from ' + yuan(offer.minAmountFen) + ' up to ' + yuan(offer.availableFen) + '. What shapes your line:'
        : 'Your whole line is in use; repaying frees it again.'
    $('loan-form').hidden = !canBorrow
    if (!canBorrow) return
    var amount = $('amount')
    var typed = parseYuan(amount.value)
    if (typed === null || typed > offer.availableFen) amount.value = plainYuan(offer.availableFen)
    $('amount-hint').textContent = yuan(offer.minAmountFen) + ' to ' + yuan(offer.availableFen)
    var chosen = document.querySelector('input[name="option"]:checked')
    var chosenIndex = chosen ? Number(chosen.value) : 0
    var box = $('options')
    box.replaceChildren()
    offer.options.forEach(function (option, i) {
      var id = 'option-' + i
      var input = el('input', null, { type: 'radio', name: 'option', id: id, value: String(i) })
      if (i === chosenIndex) input.checked = true
      var label = el('label', optionLabel(option), { for: id })
      var line = el('div', null, { class: 'option' })
      line.append(input, label)
      box.appendChild(line)
    })
    schedulePreview(0)
  }

  function optionLabel(option) {
    if (option.repaymentMethod === 'sales_share') {
      return 'Up to ' + option.termDays + ' days · ' + percent(option.salesShareBps) + ' of each day\'s sales'
    }
    return option.termDays + ' days · ' + option.repayments + ' ' + option.frequency + ' installments · ' +
      percent(option.annualRateBps) + ' a year'
  }

  function chosenOption() {
    var chosen = document.querySelector('input[name="option"]:checked')
    return chosen ? offer.options[Number(chosen.value)] : undefined
  }

  function clearQuote() {
    ;['total-cost', 'total-repay', 'apr', 'repayments'].forEach(function (id) {
      $(id).textContent = '–'
      delete $(id).dataset.fen
      delete $(id).dataset.bps
    })
    $('preview-schedule').tBodies[0].replaceChildren()
  }

  function schedulePreview(delayMs) {
    clearTimeout(previewTimer)
    previewTimer = setTimeout(function () { preview().catch(function () { say('Could not compute the price.') }) }, delayMs)
  }

  async function preview() {
    var seq = ++previewSeq
    var option = chosenOption()
    var amountFen = parseYuan($('amount').value)
    var hint = $('amount-hint')
    hint.classList.remove('error')
    hint.textContent = yuan(offer.minAmountFen) + ' to ' + yuan(offer.availableFen)
    if (amountFen === null || amountFen < offer.minAmountFen) {
      clearQuote()
      hint.classList.add('error')
      hint.textContent = 'Enter an amount of at least ' + yuan(offer.minAmountFen) + ', with at most two decimals.'
      return
    }
    if (amountFen > offer.availableFen) {
      hint.classList.add('error')
      hint.textContent = 'That is more than the ' + yuan(offer.availableFen) + ' available.'
    }
    if (!option) return clearQuote()
    if (option.repaymentMethod === 'sales_share') {
      var fee = mulBps(amountFen, feeBps[offer.scoreBand])
      clearQuote()
      setMoney('total-cost', fee)
      $('total-cost').textContent += ' (one fixed fee)'
      setMoney('total-repay', amountFen + fee)
      $('apr').textContent = 'Not fixed: it depends on how fast your sales repay'
      $('repayments').textContent = percent(option.salesShareBps) + ' of each day\'s sales, within ' + option.termDays + ' days'
      return
    }
    var answer = await api('POST', '/v1/schedule-preview', {
      principalFen: amountFen,
      annualRateBps: option.annualRateBps,
      repayments: option.repayments,
      frequency: option.frequency,
      method: 'annuity',
      interestBasis: 'act365',
      startDate: businessDate,
    })
    if (seq !== previewSeq) return // a newer amount or option is being priced
    clearQuote()
    if (answer.status !== 200) return alertBox('Could not compute the price', problemLines(answer.body))
    var schedule = answer.body
    setMoney('total-cost', schedule.totalInterestFen)
    $('total-cost').textContent += ' interest'
    setMoney('total-repay', amountFen + schedule.totalInterestFen)
    $('apr').textContent = percent(schedule.aprBps)
    $('apr').dataset.bps = String(schedule.aprBps)
    var first = schedule.installments[0]
    var last = schedule.installments[schedule.installments.length - 1]
    $('repayments').textContent = schedule.installments.length + ' × about ' + yuan(first.totalFen) + ', ' +
      first.dueDate + ' to ' + last.dueDate
    var body = $('preview-schedule').tBodies[0]
    schedule.installments.forEach(function (i) {
      body.appendChild(row([i.n, i.dueDate, yuan(i.principalFen), yuan(i.interestFen), yuan(i.totalFen)], true))
    })
  }

  async function accept(event) {
    event.preventDefault()
    clearAlert()
    var option = chosenOption()
    var amountFen = parseYuan($('amount').value)
    if (amountFen === null || !option) {
      $('amount').focus()
      return alertBox('Enter an amount in yuan, for example 1000.00, and choose how to repay.')
    }
    var request = { merchantId: Number(session.merchantId), amountFen: amountFen, termDays: option.termDays,
      repaymentMethod: option.repaymentMethod }
    if (option.frequency) request.frequency = option.frequency
    var body = JSON.stringify(request)
    if (!pending || pending.body !== body) pending = { key: newIdempotencyKey(), body: body }
    var button = $('accept')
    button.disabled = true
    say('Sending your application…')
    var answer
    try {
      answer = await api('POST', '/v1/loan-applications', body, { 'Idempotency-Key': pending.key })
    } catch (e) {
      button.disabled = false
      say('')
      return alertBox('The connection failed before an answer came.',
        ['Press Accept again: the same application is resent, and you are never lent twice.'])
    } finally {
      button.disabled = false
    }
    // Still in progress, or the server failed: the same key is kept for the retry.
    if (answer.status >= 500 || (answer.body && answer.body.code === 'idempotency_request_in_progress')) {
      say('')
      return alertBox('No answer yet.', ['Press Accept again: the same application is resent, and you are never lent twice.'])
    }
    pending = null
    say('')
    if (answer.status !== 201) {
      alertBox('Refused', problemLines(answer.body))
      if (answer.status === 401) return signedOut('This key was not accepted.')
      return loadAll(false, true)
    }
    if (answer.body.status !== 'approved') {
      alertBox('Declined', answer.body.reasons.map(function (r) { return r.text }))
      return loadAll(false, true)
    }
    say('Approved: ' + yuan(amountFen) + ' is in your wallet.')
    await showLoan(answer.body.loanId)
    await loadAll(false, true)
  }

  async function showLoan(loanId) {
    var answer = await api('GET', '/v1/loans/' + loanId)
    if (answer.status !== 200) return alertBox('Could not load loan ' + loanId, problemLines(answer.body))
    var loan = answer.body
    $('loan').hidden = false
    $('loan').dataset.loanId = String(loan.loanId)
    $('loan-title').textContent = 'Loan ' + loan.loanId + ' · ' + loan.status
    var facts = $('loan-facts')
    facts.replaceChildren()
    var paidFen = loan.schedule.reduce(function (sum, s) { return sum + s.paidFen }, 0)
    ;[
      ['Amount', yuan(loan.principalFen), { id: 'loan-principal', 'data-fen': String(loan.principalFen) }],
      ['Total to repay', yuan(loan.totalRepayFen)],
      loan.aprBps !== null ? ['APR', percent(loan.aprBps)] : ['Sales share', percent(loan.salesShareBps)],
      ['Paid so far', yuan(paidFen)],
      ['Outstanding', yuan(loan.outstanding.totalFen)],
      ['Disbursed', loan.disbursedOn || 'pending'],
      ['Matures', loan.maturesOn],
    ].forEach(function (fact) {
      facts.append(el('dt', fact[0]), el('dd', fact[1], fact[2]))
    })
    var body = $('loan-schedule').tBodies[0]
    body.replaceChildren()
    loan.schedule.forEach(function (s) {
      body.appendChild(row([s.dueDate, yuan(s.principalFen), yuan(s.interestFen), yuan(s.feesFen), yuan(s.paidFen), s.status], true))
    })
    $('loan-title').focus()
  }

  function renderLoans(items) {
    $('loans').hidden = false
    $('no-loans').hidden = items.length > 0
    $('loans-table').hidden = items.length === 0
    var body = $('loans-table').tBodies[0]
    body.replaceChildren()
    items.forEach(function (loan) {
      var view = el('button', 'View', { type: 'button', class: 'link', 'aria-label': 'View loan ' + loan.loanId })
      view.addEventListener('click', function () { clearAlert(); showLoan(loan.loanId) })
      body.appendChild(row([String(loan.loanId), yuan(loan.principalFen), yuan(loan.outstanding.totalFen), loan.status, loan.maturesOn, view], true))
    })
  }

  function signIn(event) {
    event.preventDefault()
    clearAlert()
    var merchantId = $('merchant-id').value.trim()
    var key = $('api-key').value.trim()
    if (!/^[0-9]+$/.test(merchantId) || !key) return alertBox('Enter your merchant ID and your API key.')
    session = { merchantId: merchantId, key: key }
    sessionStorage.setItem(STORE, JSON.stringify(session))
    $('api-key').value = ''
    loadAll(true).catch(function () { say(''); alertBox('The connection failed; try again.') })
  }

  document.addEventListener('DOMContentLoaded', function () {
    $('merchant-id').value = document.body.dataset.merchantId || ''
    $('key-form').addEventListener('submit', signIn)
    $('loan-form').addEventListener('submit', function (event) {
      accept(event).catch(function () { $('accept').disabled = false; alertBox('Something went wrong; press Accept again.') })
    })
    $('amount').addEventListener('input', function () { schedulePreview(250) })
    $('options').addEventListener('change', function () { schedulePreview(0) })
    $('sign-out').addEventListener('click', function () { clearAlert(); say('Signed out.'); signedOut() })
    try { session = JSON.parse(sessionStorage.getItem(STORE) || 'null') } catch (e) { session = null }
    if (session && session.merchantId && session.key) {
      $('merchant-id').value = session.merchantId
      loadAll(false).catch(function () { alertBox('The connection failed; reload to try again.') })
    }
  })
})()
`

export const MERCHANT_OFFER_CSS = `
:root { color-scheme: light; font: 16px/1.5 system-ui, sans-serif; color: #1b1b1b; background: #fff; }
main { max-width: 40rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
h2 { font-size: 1.15rem; margin: 1.25rem 0 .5rem; }
label, legend { display: block; font-weight: 600; margin-top: .75rem; }
input:not([type=radio]) { display: block; width: 100%; max-width: 20rem; box-sizing: border-box;
  padding: .5rem; font: inherit; border: 1px solid #5c5c5c; border-radius: 4px; }
fieldset { border: 1px solid #8a8a8a; border-radius: 4px; margin: 1rem 0; padding: .25rem .75rem .75rem; }
.option { display: flex; gap: .5rem; align-items: baseline; margin-top: .4rem; }
.option label { display: inline; font-weight: 400; margin: 0; }
button { font: inherit; margin-top: 1rem; padding: .6rem 1.25rem; border: 0; border-radius: 4px;
  background: #0b57d0; color: #fff; cursor: pointer; }
button:disabled { background: #5c5c5c; cursor: progress; }
button.link { background: none; color: #0b57d0; text-decoration: underline; padding: 0; margin: 0; }
:focus-visible { outline: 3px solid #b35c00; outline-offset: 2px; }
.big { font-size: 1.6rem; }
.hint { margin: .25rem 0 0; color: #444; }
.hint.error { color: #a0001c; font-weight: 600; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dt { font-weight: 600; } dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; }
th, td { text-align: right; padding: .2rem .5rem; border-bottom: 1px solid #d0d0d0; }
th:first-child, td:first-child { text-align: left; }
[role=alert]:not([hidden]) { border: 2px solid #a0001c; background: #fdecee; color: #5a0010;
  padding: .5rem .75rem; border-radius: 4px; margin: .75rem 0; }
[role=status]:empty { display: none; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
`
