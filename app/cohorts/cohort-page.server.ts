import type { AppLoadContext } from '@remix-run/node'
import { getLanguage } from '#app/i18n/i18next.server.ts'
import { formatDate, formatShortDate } from '#app/utils/dates.server.ts'
import { requireCohortAccess } from './guards.server.ts'
import { listCohortCertificates } from './report.server.ts'
import { pdfPath } from '#app/certificates/urls.server.ts'
import { formatCode } from '#app/certificates/code.ts'
import { buildCohortReport } from './report.server.ts'

export const MATRIX_PAGE_SIZE = 50
const LIST_PREVIEW = 30

/** The cohort view's data: summary and action lists over everyone, the matrix one page at a time. */
export async function loadCohortView(request: Request, context: AppLoadContext, cohortId: string | undefined) {
  const { cohort, courseIds } = requireCohortAccess(request, context, cohortId)
  const lng = await getLanguage(request)
  const url = new URL(request.url)
  const page = Math.max(1, Number(url.searchParams.get('pagina')) || 1)
  const report = buildCohortReport(cohort.id, courseIds)
  const person = (l: (typeof report.learners)[number]) => ({
    id: l.id,
    fullName: l.fullName,
    username: l.username,
    percent: l.percent,
    lastActive: l.lastActive ? formatDate(new Date(l.lastActive), lng) : null,
  })
  const pages = Math.max(1, Math.ceil(report.learners.length / MATRIX_PAGE_SIZE))
  return {
    title: cohort.name,
    cohort: { id: cohort.id, name: cohort.name, municipality: cohort.municipality, startsOn: cohort.startsOn, endsOn: cohort.endsOn },
    summary: report.summary,
    // The page shows the first names of each list and its size; the matrix and CSV have everyone.
    lists: {
      stuck: { count: report.lists.stuck.length, people: report.lists.stuck.slice(0, LIST_PREVIEW).map(person) },
      ready: { count: report.lists.ready.length, people: report.lists.ready.slice(0, LIST_PREVIEW).map(person) },
      notSeen: { count: report.lists.notSeen.length, people: report.lists.notSeen.slice(0, LIST_PREVIEW).map(person) },
    },
    columns: report.columns.map((c) => ({ kind: c.kind, id: c.id, title: c.title })),
    matrix: report.learners.slice((page - 1) * MATRIX_PAGE_SIZE, page * MATRIX_PAGE_SIZE).map((l) => ({ ...person(l), cells: l.cells })),
    page,
    pages,
    charts: {
      moduleCompletion: report.charts.moduleCompletion,
      weeklyActivity: report.charts.weeklyActivity.map((w) => ({ week: formatShortDate(new Date(w.start), lng), lessons: w.lessons, quizzes: w.quizzes })),
    },
    certificates: listCohortCertificates(cohort.id).map((c) => ({
      code: formatCode(c.code),
      holderName: c.holderName,
      title: c.title,
      issuedOn: formatDate(c.issuedAt, lng),
      revoked: Boolean(c.revokedAt),
      pdf: pdfPath(c.code),
    })),
    quizzes: report.columns.filter((c) => c.kind === 'quiz').map((c) => ({ id: c.id, title: c.title })),
  }
}
