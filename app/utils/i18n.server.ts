import { getLanguage } from '#app/i18n/i18next.server.ts'
import { getFixedT } from '#app/i18n/translations.server.ts'

/** The translate function for this request's language. */
export async function getRequestT(request: Request, ns: string | string[] = 'common') {
  return getFixedT(await getLanguage(request), ns)
}
