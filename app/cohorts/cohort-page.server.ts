import type { AppLoadContext } from '@remix-run/node'
import { getLanguage } from '#app/i18n/i18next.server.ts'
import { formatDate, formatShortDate } from '#app/utils/dates.server.ts'
import { requireCohortAccess } from './guards.server.ts'
import { listCohortCertificates } from './report.server.ts'
import { pdfPath } from '#app/certificates/urls.server.ts'
import { formatCode } from '#app/certificates/code.ts'
import { buildCohortReport, type Column } from './report.server.ts'
import { getContent } from '#app/content/content.server.ts'

export const MATRIX_PAGE_SIZE = 50
const LIST_PREVIEW = 30

/** The cohort view's data: summary and action lists over everyone, the matrix one page at a time. */
export async function loadCohortView(request: Request, context: AppLoadContext, cohortId: string | undefined) {
  const { cohort, courseIds } = requireCohortAccess(request, context, cohortId)
  const lng = await getLanguage(request)
  const url = new URL(request.url)
  const report = buildCohortReport(cohort.id, courseIds)
  const person = (l: (typeof report.learners)[number]) => ({
    id: l.id,
    fullName: l.fullName,
    username: l.username,
    percent: l.percent,
    lastActive: l.lastActive ? formatDate(new Date(l.lastActive), lng) : null,
  })
  const pages = Math.max(1, Math.ceil(report.learners.length / MATRIX_PAGE_SIZE))
  const page = Math.min(Math.max(1, Number(url.searchParams.get('pagina')) || 1), pages)
  return {
    title: cohort.name,
    cohort: { id: cohort.id, name: cohort.name, municipality: cohort.municipality, startsOn: cohort.startsOn, endsOn: cohort.endsOn },
    summary: report.summary,
    // The page shows the first names of each list and its size; the matrix and CSV have everyone.
    lists: {
      stuck: {
        count: report.lists.stuck.length,
        people: report.lists.stuck.slice(0, LIST_PREVIEW).map((l) => ({ ...person(l), reasons: l.stuckReasons })),
      },
      ready: {
        count: report.lists.ready.length,
        people: report.lists.ready.slice(0, LIST_PREVIEW).map((l) => ({ ...person(l), readyCourses: l.readyCourses })),
      },
      notSeen: { count: report.lists.notSeen.length, people: report.lists.notSeen.slice(0, LIST_PREVIEW).map(person) },
    },
    columns: report.columns.map((c) => ({ kind: c.kind, id: c.id, title: c.title })),
    header: matrixHeader(report.columns, courseTitles(courseIds)),
    matrix: report.learners.slice((page - 1) * MATRIX_PAGE_SIZE, page * MATRIX_PAGE_SIZE).map((l) => ({ ...person(l), cells: report.cellsOf(l.id) })),
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

function courseTitles(courseIds: string[]) {
  return new Map(
    getContent()
      .courses.filter((c) => courseIds.includes(c.id))
      .map((c) => [c.id, c.title]),
  )
}

/** Longest module title shown in a matrix header; the full title is in the caption, title attribute and visually hidden text. */
const SHORT_TITLE = 18

export function shortTitle(title: string, max = SHORT_TITLE) {
  if (title.length <= max) return title
  const cut = title.slice(0, max - 1)
  const space = cut.lastIndexOf(' ')
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,:;.-]+$/, '')}…`
}

/**
 * The matrix's three header rows: courses, modules ("M1 · Peligros…") and, per column, the
 * lesson number within its module ("L1"), the module quiz ("Ev.") or the final exam ("Final").
 */
export function matrixHeader(columns: Column[], titles: Map<string, string>) {
  const courses: { id: string; title: string; span: number }[] = []
  const modules: { key: string; number: number | null; title: string; short: string; span: number }[] = []
  for (const c of columns) {
    const course = courses.at(-1)
    if (course?.id === c.courseId) course.span++
    else courses.push({ id: c.courseId, title: titles.get(c.courseId) ?? c.courseId, span: 1 })
    const key = `${c.courseId}:${c.moduleId ?? 'exam'}`
    const module = modules.at(-1)
    if (module?.key === key) module.span++
    else modules.push({ key, number: c.moduleNumber, title: c.moduleTitle ?? c.title, short: c.moduleTitle ? shortTitle(c.moduleTitle) : '', span: 1 })
  }
  const cells = columns.map((c, i) => ({
    id: c.id,
    /** The first column of a module (or of the final exam): drawn with a thicker left border. */
    groupStart: i === 0 || columns[i - 1].moduleId !== c.moduleId || columns[i - 1].courseId !== c.courseId,
    kind: c.moduleId === null ? ('exam' as const) : c.kind,
    moduleNumber: c.moduleNumber,
    lessonNumber: c.lessonNumber,
    title: c.title,
  }))
  return { courses, modules, cells }
}
