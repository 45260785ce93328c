/**
 * `/merchant`: the merchant's page, signed in through a sign-in link (kit/party-session.ts). The line
 * with what shapes it, prices of any amount for every option, the agreement read before accepting
 * (its hash goes back with the form, and the loan is booked only on exactly that text), the loans with
 * their schedules and repayments, paying part now, paying off with the live quote, and refilling.
 * Money-moving forms carry a random action id, the request's business key: a double submit or a
 * reload never lends or pays twice.
 * @module
 */
import { randomUUID } from 'node:crypto'
import { Hono, type MiddlewareHandler } from 'hono'
import { asLocale } from '../../../i18n/locale.js'
import { renderLoanAgreement } from '../../../i18n/loan-agreement-text.js'
import { Conflict, NotFound, Refusal } from '../../../kernel/errors.js'
import { parseYuan } from '../../../kernel/money.js'
import { loanAgreement, termsHashOf } from '../../../merchant-loans/loan-agreement.js'
import type { ApplicationRequest } from '../../../merchant-loans/origination-rules.js'
import { payoffQuote, repayFromWallet } from '../../../servicing/servicing-service.js'
import { getBusinessDate } from '../../../system/business-date-service.js'
import { originateMerchantLoan } from '../../routes/loan-application-routes.js'
import { PAGE_CSP } from '../kit/page-http.js'
import type { PartyPageDeps } from '../kit/party-page-deps.js'
import { renderPartyPage, type PartyContext, type PartyEnv } from '../kit/party-session.js'
import { MERCHANT_OFFER_PATH } from '../merchant-offer-page.js'
import { acceptedAgreementView, loanView } from './loan-views.js'
import {
  loanActions,
  loanRepayments,
  merchantLoan,
  merchantLoans,
  MIN_AMOUNT_FEN,
  priceOptions,
  readLine,
  walletBalanceFen,
  type MerchantLine,
  type PricedOption,
} from './merchant-reads.js'
import { agreementView, homeView, type PriceState } from './merchant-views.js'

type ErrorStatus = 400 | 404 | 409 | 422

/** The page may be framed by the checkout, as `/merchant/offer` is (MerchantOfferPageOptions). */
export function merchantPageCsp(frameAncestors: readonly string[]): string {
  return PAGE_CSP.replace("frame-ancestors 'none'", `frame-ancestors ${frameAncestors.join(' ')}`)
}

/** "1,234.56" or "¥12" → fen; undefined unless a positive amount with at most two decimals. */
function positiveYuan(text: string): number | undefined {
  const amountFen = parseYuan(text)
  return amountFen !== null && amountFen > 0 ? amountFen : undefined
}

function idOf(text: string | undefined): number | undefined {
  return text !== undefined && /^[1-9][0-9]{0,14}$/.test(text) ? Number(text) : undefined
}

const ACTION_ID = /^[A-Za-z0-9-]{16,64}$/
const TERMS_HASH = /^[0-9a-f]{64}$/
const OPTION_KEY = /^(?:installment-(daily|weekly|monthly)|sales_share)-([1-9][0-9]{0,3})$/

/** The application an option key (merchant-reads.ts `optionKey`) asks for. */
function requestOf(
  merchantId: number,
  amountFen: number,
  key: string,
  refillOfLoanId: number | undefined,
): ApplicationRequest | undefined {
  const match = OPTION_KEY.exec(key)
  if (!match) return undefined
  const frequency = match[1] as ApplicationRequest['frequency']
  return {
    merchantId,
    amountFen,
    termDays: Number(match[2]),
    repaymentMethod: frequency ? 'installment' : 'sales_share',
    ...(frequency ? { frequency } : {}),
    ...(refillOfLoanId !== undefined ? { refillOfLoanId } : {}),
  }
}

export function merchantPage(deps: PartyPageDeps): Hono<PartyEnv> {
  const app = new Hono<PartyEnv>()
  const csp = merchantPageCsp(deps.merchantFrameAncestors ?? ["'self'"])
  const framable: MiddlewareHandler<PartyEnv> = async (c, next) => {
    await next()
    // The older offer page (its own routes, its own policy) passes through here too.
    if (!c.req.path.startsWith(MERCHANT_OFFER_PATH)) c.res.headers.set('Content-Security-Policy', csp)
  }
  app.use('/merchant', framable)
  app.use('/merchant/*', framable)

  const merchantIdOf = (c: PartyContext) => c.get('party').subjectId!

  /** The line (as a refill of `refill` when that loan may be refilled) and the home page around it. */
  async function renderHome(
    c: PartyContext,
    input: {
      line?: MerchantLine
      refill?: number | undefined
      price?: PriceState
      error?: string
      declined?: ReadonlyArray<{ code: string; text: string }>
    },
    status: 200 | ErrorStatus = 200,
  ) {
    const t = c.get('t')
    const merchantId = merchantIdOf(c)
    const line =
      input.line ??
      (input.refill !== undefined ? await readLine(deps, merchantId, input.refill) : undefined) ??
      (await readLine(deps, merchantId))!
    const [loans, walletFen] = await Promise.all([
      merchantLoans(deps.db, merchantId),
      walletBalanceFen(deps.db, merchantId),
    ])
    return renderPartyPage(
      c,
      'merchant',
      { title: t.t('merchant.title'), error: input.error },
      homeView(t, {
        line,
        price: input.price ?? { amountText: '' },
        loans,
        walletFen,
        declined: input.declined,
      }),
      status,
    )
  }

  app.get('/merchant', async (c) => {
    const t = c.get('t')
    const merchantId = merchantIdOf(c)
    const refill = idOf(c.req.query('refill'))
    const line =
      (refill !== undefined ? await readLine(deps, merchantId, refill) : undefined) ??
      (await readLine(deps, merchantId))!
    const amountText = (c.req.query('amount') ?? '').slice(0, 32)
    if (amountText === '' || !line.lends) return renderHome(c, { line })
    const amountFen = positiveYuan(amountText)
    const minFen = line.refill ? line.refill.payoffFen + 1 : MIN_AMOUNT_FEN
    const error =
      amountFen === undefined
        ? t.t('merchant.price.invalid')
        : line.refill && amountFen < minFen
          ? t.t('merchant.price.refillBelowPayoff', { payoff: t.money(line.refill.payoffFen) })
          : amountFen < minFen
            ? t.t('merchant.price.belowMin', { min: t.money(minFen) })
            : amountFen > line.availableFen
              ? t.t('merchant.price.aboveAvailable', { max: t.money(line.availableFen) })
              : undefined
    if (error || amountFen === undefined) return renderHome(c, { line, price: { amountText, error } }, 400)
    const options = priceOptions(merchantId, line, amountFen)
    return renderHome(c, { line, price: { amountText, amountFen, options } })
  })

  /** The agreement of `key` for `amountFen` today, ready to accept; undefined when not offered. */
  async function agreementFor(
    c: PartyContext,
    amountFen: number | undefined,
    key: string,
    refill: number | undefined,
  ): Promise<{ priced: PricedOption; text: string } | undefined> {
    if (amountFen === undefined) return undefined
    const line = await readLine(deps, merchantIdOf(c), refill)
    if (!line?.lends || amountFen > line.availableFen) return undefined
    if (amountFen < (line.refill ? line.refill.payoffFen + 1 : MIN_AMOUNT_FEN)) return undefined
    const priced = priceOptions(merchantIdOf(c), line, amountFen).find((option) => option.key === key)
    return priced && { priced, text: renderLoanAgreement(priced.terms, c.get('t').locale) }
  }

  async function renderAgreement(
    c: PartyContext,
    input: { amountFen: number | undefined; key: string; refill: number | undefined; error?: string },
    status: 200 | ErrorStatus = 200,
  ) {
    const t = c.get('t')
    const agreement = await agreementFor(c, input.amountFen, input.key, input.refill)
    if (!agreement) {
      return renderHome(c, { refill: input.refill, error: t.t('merchant.agreement.notOffered') }, 422)
    }
    return renderPartyPage(
      c,
      'merchant',
      { title: t.t('merchant.agreement.title'), error: input.error },
      agreementView(t, {
        csrfToken: c.get('session').csrfToken,
        actionId: randomUUID(),
        priced: agreement.priced,
        amountFen: input.amountFen!,
        refillOfLoanId: input.refill,
        text: agreement.text,
        termsHash: termsHashOf(agreement.text),
      }),
      status,
    )
  }

  app.get('/merchant/agreement', (c) =>
    renderAgreement(c, {
      amountFen: idOf(c.req.query('amountFen')),
      key: c.req.query('option') ?? '',
      refill: idOf(c.req.query('refill')),
    }),
  )

  app.post('/merchant/loans', async (c) => {
    const t = c.get('t')
    const form = c.get('form')
    const merchantId = merchantIdOf(c)
    const amountFen = idOf(form.amountFen)
    const refill = idOf(form.refill)
    const key = form.option ?? ''
    const request = amountFen === undefined ? undefined : requestOf(merchantId, amountFen, key, refill)
    const action = form.action ?? ''
    const termsHash = form.termsHash ?? ''
    if (!request || !ACTION_ID.test(action) || !TERMS_HASH.test(termsHash)) {
      return renderHome(c, { error: t.code('refusal', 'validation_failed') }, 400)
    }
    const outcome = await originateMerchantLoan(deps, {
      principalRef: c.get('party').ref,
      requestKey: `page:${action}`,
      request,
      consent: {
        // The language the agreement was read in, whatever the page speaks now.
        language: asLocale(form.language) ?? t.locale,
        acceptedVia: 'page',
        acceptedAt: new Date(deps.nowMs()).toISOString(),
        shownTermsHash: termsHash,
      },
    })
    if (outcome.kind === 'approved') return c.redirect(`/merchant/loans/${outcome.loanId}?done=accepted`, 303)
    if (outcome.kind === 'declined') return renderHome(c, { declined: outcome.reasons })
    return renderAgreement(c, { amountFen, key, refill, error: t.code('refusal', outcome.code) }, 422)
  })

  async function renderLoan(
    c: PartyContext,
    loanId: number | undefined,
    input: { error?: string; payNowText?: string } = {},
    status: 200 | ErrorStatus = 200,
  ) {
    const t = c.get('t')
    const merchantId = merchantIdOf(c)
    const loan = loanId === undefined ? undefined : await merchantLoan(deps.db, merchantId, loanId)
    if (!loan) return renderHome(c, { error: t.code('refusal', 'not_found') }, 404)
    const [actions, repayments, walletFen] = await Promise.all([
      loanActions(deps, merchantId, loan),
      loanRepayments(deps.db, loan.loanId),
      walletBalanceFen(deps.db, merchantId),
    ])
    const done = c.req.query('done')
    const notice =
      done === 'accepted' || done === 'paid' || done === 'paidOff' ? t.t(`merchant.done.${done}`) : undefined
    return renderPartyPage(
      c,
      'merchant',
      { title: t.t('merchant.loan.title', { loanId: loan.loanId }), notice, error: input.error },
      loanView(t, {
        loan,
        actions,
        repayments,
        walletFen,
        csrfToken: c.get('session').csrfToken,
        payOffActionId: randomUUID(),
        payNowActionId: randomUUID(),
        noticeShown: notice !== undefined,
        ...(input.payNowText !== undefined ? { payNowText: input.payNowText } : {}),
      }),
      status,
    )
  }

  app.get('/merchant/loans/:loanId', (c) => renderLoan(c, idOf(c.req.param('loanId'))))

  app.get('/merchant/loans/:loanId/agreement', async (c) => {
    const t = c.get('t')
    const loanId = idOf(c.req.param('loanId'))
    const loan = loanId === undefined ? undefined : await merchantLoan(deps.db, merchantIdOf(c), loanId)
    if (!loan) return renderHome(c, { error: t.code('refusal', 'not_found') }, 404)
    return renderPartyPage(
      c,
      'merchant',
      { title: t.t('merchant.agreement.accepted') },
      acceptedAgreementView(t, loan.loanId, await loanAgreement(deps.db, loan.loanId)),
    )
  })

  /** Pays `amountFen` from the wallet towards the merchant's loan, once per action id. */
  async function pay(c: PartyContext, loanId: number, amountFen: number, action: string) {
    return repayFromWallet(deps, {
      loanId,
      amountFen,
      idempotencyKey: `repay:${c.get('party').ref}:page:${action}`,
    })
  }

  /** A refusal of the domain in the reader's words; anything else is not the reader's doing. */
  async function refusalText(c: PartyContext, error: unknown): Promise<string> {
    const t = c.get('t')
    if (error instanceof Refusal && error.code === 'insufficient_funds') {
      return t.t('merchant.loan.notEnough', {
        wallet: t.money(await walletBalanceFen(deps.db, merchantIdOf(c))),
      })
    }
    if (error instanceof Refusal || error instanceof Conflict || error instanceof NotFound) {
      return t.code('refusal', error.code)
    }
    throw error
  }

  app.post('/merchant/loans/:loanId/repayments', async (c) => {
    const t = c.get('t')
    const form = c.get('form')
    const loanId = idOf(c.req.param('loanId'))
    const loan = loanId === undefined ? undefined : await merchantLoan(deps.db, merchantIdOf(c), loanId)
    if (!loan) return renderHome(c, { error: t.code('refusal', 'not_found') }, 404)
    const amountText = (form.amount ?? '').slice(0, 32)
    const amountFen = positiveYuan(amountText)
    const action = form.action ?? ''
    if (amountFen === undefined || !ACTION_ID.test(action)) {
      return renderLoan(c, loan.loanId, { error: t.t('merchant.price.invalid'), payNowText: amountText }, 400)
    }
    try {
      await pay(c, loan.loanId, amountFen, action)
    } catch (error) {
      const text = await refusalText(c, error)
      return renderLoan(c, loan.loanId, { error: text, payNowText: amountText }, 422)
    }
    return c.redirect(`/merchant/loans/${loan.loanId}?done=paid`, 303)
  })

  app.post('/merchant/loans/:loanId/payoff', async (c) => {
    const t = c.get('t')
    const form = c.get('form')
    const loanId = idOf(c.req.param('loanId'))
    const loan = loanId === undefined ? undefined : await merchantLoan(deps.db, merchantIdOf(c), loanId)
    if (!loan) return renderHome(c, { error: t.code('refusal', 'not_found') }, 404)
    const quotedFen = idOf(form.quoteFen)
    const action = form.action ?? ''
    if (quotedFen === undefined || !ACTION_ID.test(action)) {
      return renderLoan(c, loan.loanId, { error: t.code('refusal', 'validation_failed') }, 400)
    }
    // The quote the merchant pressed is what is paid, and only while it is still the quote (a repeat
    // of a payoff already made finds it posted under the same action id and pays nothing more).
    if (loan.status === 'active') {
      const { payoffFen } = await payoffQuote(deps.db, loan.loanId, await getBusinessDate(deps.db))
      if (payoffFen !== quotedFen) {
        const error = t.t('merchant.loan.quoteChanged', { amount: t.money(payoffFen) })
        return renderLoan(c, loan.loanId, { error }, 409)
      }
    }
    try {
      await pay(c, loan.loanId, quotedFen, action)
    } catch (error) {
      return renderLoan(c, loan.loanId, { error: await refusalText(c, error) }, 422)
    }
    return c.redirect(`/merchant/loans/${loan.loanId}?done=paidOff`, 303)
  })

  return app
}
