import type { Language } from '#app/i18n/config.ts'

/** Dates as people in Colombia read them, formatted on the server (no hydration drift). */
export function formatDateTime(date: Date, lng: Language) {
  return new Intl.DateTimeFormat(lng === 'es' ? 'es-CO' : 'en', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'America/Bogota',
  }).format(date)
}

export function formatDate(date: Date, lng: Language) {
  return new Intl.DateTimeFormat(lng === 'es' ? 'es-CO' : 'en', { dateStyle: 'long', timeZone: 'America/Bogota' }).format(date)
}

/** "3 oct." — for chart labels. */
export function formatShortDate(date: Date, lng: Language) {
  return new Intl.DateTimeFormat(lng === 'es' ? 'es-CO' : 'en', { day: 'numeric', month: 'short', timeZone: 'America/Bogota' }).format(date)
}
