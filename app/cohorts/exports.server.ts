import type { TFunction } from 'i18next'
import { toExcelCsv } from '#app/utils/csv.ts'
import { listMembers } from './cohorts.server.ts'
import { attendanceOf, buildCohortReport } from './report.server.ts'

/** The progress matrix as a spreadsheet: one row per learner, lessons as 1/0, quizzes as best score. */
export function matrixCsv(cohortId: string, courseIds: string[], t: TFunction) {
  const report = buildCohortReport(cohortId, courseIds)
  const header = [t('participants.name'), t('participants.username'), t('export.progress'), ...report.columns.map((c) => c.title)]
  const rows = report.learners.map((l) => [
    l.fullName,
    l.username ?? l.email ?? '',
    l.percent,
    ...report.cellsOf(l.id).map((cell) => ('score' in cell ? cell.score : cell.state === 'done' ? 1 : 0)),
  ])
  return toExcelCsv([header, ...rows])
}

export function attendanceCsv(cohortId: string, t: TFunction) {
  const { sessions, isPresent } = attendanceOf(cohortId)
  const header = [t('participants.name'), ...sessions.map((s) => `${s.heldOn} ${s.topic}`), t('attendance.total')]
  const rows = listMembers(cohortId).map((m) => {
    const marks = sessions.map((s) => (isPresent(s.id, m.id) ? 1 : 0))
    return [m.fullName, ...marks, marks.reduce<number>((a, b) => a + b, 0)]
  })
  return toExcelCsv([header, ...rows])
}
