import type { AppLoadContext } from '@remix-run/node'
import { listCertificatesOf } from '#app/certificates/certificates.server.ts'
import { formatCode } from '#app/certificates/code.ts'
import { pdfPath } from '#app/certificates/urls.server.ts'
import { getContent, getQuiz } from '#app/content/content.server.ts'
import { getLanguage } from '#app/i18n/i18next.server.ts'
import { loadLearnerRecord } from '#app/learning/record.server.ts'
import { courseProgress, courseRequirements, progressCounts, standing } from '#app/learning/requirements.ts'
import { formatDate } from '#app/utils/dates.server.ts'
import { notFound } from '#app/utils/http.server.ts'
import { newSubmissionKey } from './card-batches.server.ts'
import { requireCohortAccess } from './guards.server.ts'
import { activityOf, cohortLearner, isStuck, learnerAttempts, learnerAttendance } from './report.server.ts'

/** What «Nuevo PIN» and «Quitar del grupo» ask before acting (`?confirmar=` on the learner page). */
export const CONFIRMATIONS = { 'nuevo-pin': 'resetPin', quitar: 'remove' } as const
export type Confirmation = (typeof CONFIRMATIONS)[keyof typeof CONFIRMATIONS]

/**
 * One learner of a cohort, for its trainers and admins: progress per course (the learning
 * rules), attempts with scores, attendance, certificates. A trainer of another cohort gets
 * 403; a person who is not in this cohort, 404. A fixed number of queries.
 */
export async function loadCohortLearner(request: Request, context: AppLoadContext, cohortId: string | undefined, userId: string | undefined) {
  const { user, cohort, courseIds } = requireCohortAccess(request, context, cohortId)
  const learner = cohortLearner(cohort.id, userId ?? '')
  if (!learner) notFound()
  const lng = await getLanguage(request)
  const now = Date.now()
  const courses = getContent().courses.filter((c) => courseIds.includes(c.id))
  const record = loadLearnerRecord(learner.id)
  const quizTitle = new Map(courses.flatMap((c) => courseRequirements(c).quizIds.map((id) => [id, getQuiz(id)?.title ?? id] as const)))
  const { lastActive, stuckReasons } = activityOf(record, quizTitle, now)
  const overall = standing(
    { lessonIds: courses.flatMap((c) => c.lessons.map((l) => l.id)), quizIds: [...quizTitle.keys()], examId: null, satisfiable: true },
    record,
  )
  const url = new URL(request.url)
  const asked = url.searchParams.get('confirmar')
  const confirm: Confirmation | null = asked && asked in CONFIRMATIONS ? CONFIRMATIONS[asked as keyof typeof CONFIRMATIONS] : null
  // Only a learner's PIN is the cohort's to reset (an official signs in with a password).
  const canResetPin = Boolean(learner.username) && learner.role === 'learner'
  return {
    title: learner.fullName,
    cohort: { id: cohort.id, name: cohort.name },
    learner: { id: learner.id, fullName: learner.fullName, username: learner.username, email: learner.email, municipality: learner.municipality },
    lastActive: lastActive ? formatDate(new Date(lastActive), lng) : null,
    percent: overall.percent,
    stuck: isStuck(overall.percent, stuckReasons) ? stuckReasons : null,
    courses: courses.map((course) => {
      const progress = courseProgress(course, record)
      return {
        id: course.id,
        slug: course.slug,
        title: course.title,
        percent: progress.percent,
        progress: progressCounts(progress),
        complete: progress.complete,
        readyForExam: progress.readyForExam,
        modules: course.modules.map((m, i) => {
          const quiz = m.quizId ? record.quizzes.get(m.quizId) : undefined
          return {
            id: m.id,
            number: i + 1,
            title: m.title,
            lessonsDone: m.lessonIds.filter((id) => record.lessons.get(id)?.completedAt).length,
            lessonsTotal: m.lessonIds.length,
            quiz: m.quizId
              ? { title: quizTitle.get(m.quizId) ?? m.quizId, passed: Boolean(quiz?.passed), bestScore: quiz?.bestScore ?? null, attempts: quiz?.attempts ?? 0 }
              : null,
          }
        }),
        exam: course.examId
          ? {
              title: quizTitle.get(course.examId) ?? course.examId,
              passed: Boolean(record.quizzes.get(course.examId)?.passed),
              bestScore: record.quizzes.get(course.examId)?.bestScore ?? null,
              attempts: record.quizzes.get(course.examId)?.attempts ?? 0,
            }
          : null,
      }
    }),
    attempts: learnerAttempts(learner.id, [...quizTitle.keys()]).map((a) => ({
      id: a.id,
      quiz: quizTitle.get(a.quizId) ?? a.quizId,
      on: a.submittedAt ? formatDate(a.submittedAt, lng) : '',
      score: a.score,
      passed: Boolean(a.passed),
      expired: a.expired,
    })),
    attendance: learnerAttendance(cohort.id, learner.id),
    certificates: listCertificatesOf(learner.id).map((c) => ({
      code: formatCode(c.code),
      title: c.title,
      issuedOn: formatDate(c.issuedAt, lng),
      revoked: Boolean(c.revokedAt),
      pdf: pdfPath(c.code),
    })),
    canResetPin,
    // A one-time link to set a new PIN or password themselves (app/auth/reset-links.server.ts): learners
    // only, and for a trainer only PIN accounts (an official's password is not the cohort's to reset).
    canCreateResetLink: learner.role === 'learner' && (user.role === 'admin' || learner.secretKind === 'pin'),
    confirm: confirm === 'resetPin' && !canResetPin ? null : confirm,
    submissionKey: `${newSubmissionKey()}:${learner.id}`,
  }
}
