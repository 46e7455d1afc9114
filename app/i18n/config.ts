export const supportedLanguages = ['es', 'en'] as const
export type Language = (typeof supportedLanguages)[number]
export const fallbackLanguage: Language = 'es'
/** One JSON file per namespace in public/locales/<lng>/. */
export const namespaces = ['common', 'auth', 'home', 'courses', 'quiz', 'certificates', 'cohorts', 'admin', 'privacy', 'offline', 'indicators'] as const
/** What learners and guests can reach; trainers and admins also get their areas' namespaces. */
export const learnerNamespaces = ['common', 'auth', 'home', 'courses', 'quiz', 'certificates', 'privacy', 'offline'] as const

/** BCP 47 tag written to <html lang>: Spanish as spoken in Colombia. */
export const htmlLang: Record<Language, string> = { es: 'es-CO', en: 'en' }

export default {
  supportedLngs: [...supportedLanguages],
  fallbackLng: fallbackLanguage,
  defaultNS: 'common',
  load: 'languageOnly' as const,
  react: { useSuspense: false },
  interpolation: { escapeValue: false },
}
