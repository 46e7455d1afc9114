import type { Language } from '#app/i18n/config.ts'

// Dates as people in Colombia read them, formatted on the server (no hydration drift). A
// formatter costs far more to build than to use, and lists format hundreds of dates: one per
// language and style, kept.
const formatters = new Map<string, Intl.DateTimeFormat>()
function formatter(lng: Language, style: 'dateTime' | 'date' | 'short') {
  const key = `${lng}|${style}`
  let found = formatters.get(key)
  if (!found) {
    const options: Intl.DateTimeFormatOptions =
      style === 'dateTime' ? { dateStyle: 'long', timeStyle: 'short' } : style === 'date' ? { dateStyle: 'long' } : { day: 'numeric', month: 'short' }
    found = new Intl.DateTimeFormat(lng === 'es' ? 'es-CO' : 'en', { ...options, timeZone: 'America/Bogota' })
    formatters.set(key, found)
  }
  return found
}

export function formatDateTime(date: Date, lng: Language) {
  return formatter(lng, 'dateTime').format(date)
}

export function formatDate(date: Date, lng: Language) {
  return formatter(lng, 'date').format(date)
}

/** "3 oct." — for chart labels. */
export function formatShortDate(date: Date, lng: Language) {
  return formatter(lng, 'short').format(date)
}
