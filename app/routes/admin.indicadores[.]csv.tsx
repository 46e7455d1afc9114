import type { LoaderFunctionArgs } from '@remix-run/node'
import { indicatorsCsv, loadIndicatorsView } from '#app/admin/indicators.server.ts'
import { csvResponse } from '#app/utils/csv.ts'

// The funder's indicators as a spreadsheet: the same suppressed figures as the page.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { report, t, status } = await loadIndicatorsView(request, context)
  if (status !== 200) throw new Response(t('invalidPeriod'), { status: 400 })
  return csvResponse(indicatorsCsv(report, t), `indicadores-${report.period.from}-a-${report.period.to}.csv`)
}
