import { describe, expect, it } from 'vitest'
import { chooseLocale, fromAcceptLanguage } from '../../../src/i18n/locale.js'

describe('choosing the page language', () => {
  it('prefers ?lang=, then the cookie, then Accept-Language, then English', () => {
    const accept = 'zh-CN,zh;q=0.9'
    expect(chooseLocale({ query: 'en', cookie: 'zh-CN', acceptLanguage: accept })).toEqual({
      locale: 'en',
      remember: true,
    })
    expect(chooseLocale({ query: 'fr', cookie: 'en', acceptLanguage: accept })).toEqual({
      locale: 'en',
      remember: false,
    })
    expect(chooseLocale({ query: undefined, cookie: undefined, acceptLanguage: accept }).locale).toBe('zh-CN')
    expect(chooseLocale({ query: undefined, cookie: undefined, acceptLanguage: 'de-DE' }).locale).toBe('en')
  })

  it('reads Accept-Language by weight, any Chinese as zh-CN', () => {
    expect(fromAcceptLanguage('fr;q=0.9, zh-TW;q=0.8, en;q=0.5')).toBe('zh-CN')
    expect(fromAcceptLanguage('zh;q=0.1, en;q=0.9')).toBe('en')
    expect(fromAcceptLanguage('zh;q=0, de')).toBeUndefined()
    expect(fromAcceptLanguage(undefined)).toBeUndefined()
  })
})
