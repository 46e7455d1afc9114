import type { AppLoadContext } from '@remix-run/node'
import { requireUserWithRole } from '#app/auth/guards.server.ts'
import { forbidden, notFound } from '#app/utils/http.server.ts'
import { cohortAccess } from './cohorts.server.ts'

/** Route guard: a trainer of this cohort or an admin, else 403 (404 for no such cohort). */
export function requireCohortAccess(request: Request, context: AppLoadContext, cohortId: string | undefined) {
  const user = requireUserWithRole(request, context, ['trainer', 'admin'])
  const access = cohortAccess(user, cohortId)
  if (!access.ok) return access.reason === 'notFound' ? notFound() : forbidden()
  return { user, cohort: access.cohort, courseIds: access.courseIds }
}
