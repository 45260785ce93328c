/**
 * The catalogues are complete: every key in one locale is in the other, each text keeps the same
 * `{{placeholders}}`, and every code a page may show (refusals, credit reasons and declines) has a
 * text in both.
 */
import { describe, expect, it } from 'vitest'
import { DECLINE_TEXTS, LINE_REASON_TEXTS } from '../../../src/credit/credit-policy.js'
import { REASON_CODES, STRENGTH_CODES } from '../../../src/credit/scorecard.js'
import { REFUSALS } from '../../../src/kernel/refusals.js'
import { FRAUD_DECLINE_TEXTS } from '../../../src/merchant-loans/origination-rules.js'
import { LOCALES } from '../../../src/i18n/locale.js'
import { CATALOGUES, translator } from '../../../src/i18n/translator.js'

function leaves(tree: object, prefix = ''): Map<string, string> {
  const found = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') found.set(`${prefix}${key}`, value)
    else for (const [k, v] of leaves(value as object, `${prefix}${key}.`)) found.set(k, v)
  }
  return found
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort()

describe('message catalogues', () => {
  const en = leaves(CATALOGUES.en)
  const zh = leaves(CATALOGUES['zh-CN'])

  it('have the same keys in zh-CN and English', () => {
    expect([...zh.keys()].filter((key) => !en.has(key))).toEqual([])
    expect([...en.keys()].filter((key) => !zh.has(key))).toEqual([])
  })

  it('keep each text’s placeholders in both, and no text is empty', () => {
    for (const [key, text] of en) {
      expect(placeholders(zh.get(key) ?? ''), key).toEqual(placeholders(text))
      expect(text.trim(), key).not.toBe('')
      expect((zh.get(key) ?? '').trim(), key).not.toBe('')
    }
  })

  it('give the Chinese catalogue Chinese words (not English left untranslated)', () => {
    const sameAsEnglish = [...zh].filter(
      ([key, text]) =>
        text === en.get(key) && /[a-z]{3}/i.test(text) && !key.startsWith('common.languageName'),
    )
    expect(sameAsEnglish.map(([key]) => key)).toEqual([])
  })

  it('have a text for every credit reason, strength and decline code in both', () => {
    for (const locale of LOCALES) {
      const t = translator(locale)
      const reasons = [...REASON_CODES, ...STRENGTH_CODES, ...Object.keys(LINE_REASON_TEXTS)]
      for (const code of reasons) expect(t.code('reason', code), `${locale} ${code}`).not.toBe(code)
      for (const code of [...Object.keys(DECLINE_TEXTS), ...Object.keys(FRAUD_DECLINE_TEXTS)])
        expect(t.code('decline', code), `${locale} ${code}`).not.toBe(code)
    }
  })

  it('have a text for every refusal code in both, so that no page ever shows a code', () => {
    const codes = Object.keys(REFUSALS)
    expect(codes.length).toBeGreaterThan(90)
    for (const locale of LOCALES) {
      const t = translator(locale)
      const missing = codes.filter((code) => t.code('refusal', code) === code)
      expect(missing, locale).toEqual([])
    }
    // Nothing extra either: a text for a code that no answer carries is a code renamed by mistake.
    expect(Object.keys((CATALOGUES.en as { codes: { refusal: object } }).codes.refusal).sort()).toEqual(
      [...codes].sort(),
    )
    // Different codes say different things (a text copied onto the wrong code reads the same twice).
    for (const locale of LOCALES) {
      const texts = codes.map((code) => translator(locale).code('refusal', code))
      expect(
        texts.filter((text, i) => texts.indexOf(text) !== i),
        locale,
      ).toEqual([])
    }
  })

  it('format money as ¥12,345.67 in both and dates in each locale’s way', () => {
    for (const locale of LOCALES) expect(translator(locale).money(1_234_567)).toBe('¥12,345.67')
    expect(translator('en').money(-5)).toBe('-¥0.05')
    expect(translator('zh-CN').date('2026-12-07')).toBe('2026年12月7日')
    expect(translator('en').date('2026-12-07')).toBe('7 Dec 2026')
  })
})
