import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireCohortAccess } from '#app/cohorts/guards.server.ts'
import { matrixCsv } from '#app/cohorts/exports.server.ts'
import { csvResponse } from '#app/utils/csv.ts'
import { getRequestT } from '#app/utils/i18n.server.ts'

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { cohort, courseIds } = requireCohortAccess(request, context, params.grupo)
  const t = await getRequestT(request, 'cohorts')
  return csvResponse(matrixCsv(cohort.id, courseIds, t), `matriz-${cohort.name.replace(/[^\p{L}\p{N}]+/gu, '-')}.csv`)
}
