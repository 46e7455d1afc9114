import type { LoaderFunctionArgs } from '@remix-run/node'
import { auditCsvStream, parseAuditFilters } from '#app/audit/audit-log.server.ts'
import { requireUserWithRole } from '#app/auth/guards.server.ts'
import { getLanguage } from '#app/i18n/i18next.server.ts'
import { getFixedT } from '#app/i18n/translations.server.ts'
import { csvResponse } from '#app/utils/csv.ts'

// /admin/auditoria.csv?<the page's filters> — the whole filtered log for Spanish Excel, streamed
// in batches (a log of 100,000 events never sits in memory at once).

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireUserWithRole(request, context, ['admin'])
  const parsed = parseAuditFilters(new URL(request.url).searchParams)
  if (!parsed.ok) throw new Response('Bad request', { status: 400 })
  const lng = await getLanguage(request)
  const t = await getFixedT(lng, 'admin')
  const day = new Date(Date.now() - 5 * 3_600_000).toISOString().slice(0, 10)
  return csvResponse(auditCsvStream(parsed.filters, t, lng), `auditoria-${day}.csv`)
}
