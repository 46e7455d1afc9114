import type { TFunction } from 'i18next'

/** "45 min", "3 h", "3 h 30 min". */
export function formatDuration(minutes: number, t: TFunction) {
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  if (!h) return t('duration.minutes', { count: m })
  if (!m) return t('duration.hours', { count: h })
  return t('duration.hoursMinutes', { h, m })
}
