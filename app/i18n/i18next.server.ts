import { createCookie } from '@remix-run/node'
import { RemixI18Next } from 'remix-i18next/server'
import { getEnv } from '#app/utils/env.server.ts'
import { getResources } from './translations.server.ts'
import i18nConfig, { fallbackLanguage, supportedLanguages, type Language } from './config.ts'

export const languageCookie = createCookie('ast_lng', {
  path: '/',
  sameSite: 'lax',
  httpOnly: true,
  secure: getEnv().NODE_ENV === 'production',
  maxAge: 60 * 60 * 24 * 365,
})

export const i18next = new RemixI18Next({
  detection: {
    supportedLanguages: [...supportedLanguages],
    fallbackLanguage,
    cookie: languageCookie,
    // The visible switch writes the cookie; without it, the browser's Accept-Language decides.
    order: ['cookie', 'header'],
  },
  i18next: { ...i18nConfig, resources: getResources() },
})

const languageOf = new WeakMap<Request, Promise<Language>>()

/** The request's language; worked out once per request (root, route and document all ask). */
export function getLanguage(request: Request): Promise<Language> {
  let language = languageOf.get(request)
  if (!language) {
    language = i18next
      .getLocale(request)
      .then((locale) => ((supportedLanguages as readonly string[]).includes(locale) ? (locale as Language) : fallbackLanguage))
    languageOf.set(request, language)
  }
  return language
}
