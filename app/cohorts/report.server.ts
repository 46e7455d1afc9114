import { and, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm'
import { getContent, getQuiz } from '#app/content/content.server.ts'
import type { CourseEntry } from '#app/content/types.ts'
import { db } from '#app/db/client.server.ts'
import { attendanceMarks, attendanceSessions, certificates, cohortMembers, quizAttempts, users } from '#app/db/schema.ts'
import { isAnswerCorrect } from '#app/quiz/grading.ts'
import { loadRecordsOf } from '#app/learning/record.server.ts'
import { courseRequirements, emptyRecord, isComplete, standing, type LearnerRecord } from '#app/learning/requirements.ts'
import { listMembers } from './cohorts.server.ts'

// Everything a trainer sees about a cohort, computed with a fixed number of
// queries (never one per learner), so it stays fast with a thousand learners.

const DAY = 86_400_000
export const STUCK_AFTER_DAYS = 14
const WEEKS_OF_ACTIVITY = 8

export type Column = {
  kind: 'lesson' | 'quiz'
  id: string
  title: string
  courseId: string
  moduleId: string | null
  moduleTitle: string | null
  /** 1-based place of the module in its course (null: the course's final exam). */
  moduleNumber: number | null
  /** 1-based place of the lesson within its module (null: a quiz). */
  lessonNumber: number | null
}
export type Cell = { state: 'done' | 'started' | 'none' } | { state: 'passed' | 'failed' | 'none'; score: number | null }

/** The cohort's learner ids, as a subquery (the database does the join, not a loop). */
function membersOf(cohortId: string) {
  return db.select({ id: cohortMembers.userId }).from(cohortMembers).where(eq(cohortMembers.cohortId, cohortId))
}

function cohortCourses(courseIds: string[]): CourseEntry[] {
  return getContent().courses.filter((c) => courseIds.includes(c.id))
}

export function matrixColumns(courses: CourseEntry[]): Column[] {
  return courses.flatMap((course) => [
    ...course.modules.flatMap((m, mi) => {
      const place = { courseId: course.id, moduleId: m.id, moduleTitle: m.title, moduleNumber: mi + 1 }
      return [
        ...course.lessons
          .filter((l) => l.moduleId === m.id)
          .map((l, li) => ({ kind: 'lesson' as const, id: l.id, title: l.title, ...place, lessonNumber: li + 1 })),
        ...(m.quizId ? [{ kind: 'quiz' as const, id: m.quizId, title: getQuiz(m.quizId)?.title ?? m.quizId, ...place, lessonNumber: null }] : []),
      ]
    }),
    ...(course.examId
      ? [
          {
            kind: 'quiz' as const,
            id: course.examId,
            title: getQuiz(course.examId)?.title ?? course.examId,
            courseId: course.id,
            moduleId: null,
            moduleTitle: null,
            moduleNumber: null,
            lessonNumber: null,
          },
        ]
      : []),
  ])
}

/** Why a learner is in the "stuck" list: days without activity, quizzes failed twice or more and not passed. */
export type StuckReasons = { idleDays: number | null; failedQuizzes: { id: string; title: string; failed: number }[] }

/**
 * A learner's last activity and what holds them up, from their record (no query): idle for
 * `stuckAfterDays` or more, or a quiz failed at least twice and not passed since.
 */
export function activityOf(record: LearnerRecord, quizTitle: Map<string, string>, now: number, stuckAfterDays = STUCK_AFTER_DAYS) {
  let lastActive = 0
  for (const l of record.lessons.values()) lastActive = Math.max(lastActive, l.completedAt ?? 0, l.openedAt)
  for (const q of record.quizzes.values()) lastActive = Math.max(lastActive, q.lastSubmittedAt ?? 0)
  const idleDays = lastActive && lastActive < now - stuckAfterDays * DAY ? Math.floor((now - lastActive) / DAY) : null
  const failedQuizzes = [...record.quizzes.entries()]
    .filter(([id, q]) => quizTitle.has(id) && !q.passed && q.failed >= 2)
    .map(([id, q]) => ({ id, title: quizTitle.get(id)!, failed: q.failed }))
  const stuckReasons: StuckReasons = { idleDays, failedQuizzes }
  return { lastActive: lastActive || null, stuckReasons }
}

export function isStuck(percent: number, reasons: StuckReasons) {
  return percent < 100 && (reasons.idleDays !== null || reasons.failedQuizzes.length > 0)
}

export function buildCohortReport(cohortId: string, courseIds: string[], now = Date.now(), stuckAfterDays = STUCK_AFTER_DAYS) {
  const courses = cohortCourses(courseIds)
  const columns = matrixColumns(courses)
  const requirements = courses.map((course) => ({ course, requirements: courseRequirements(course) }))
  const quizIds = requirements.flatMap((r) => r.requirements.quizIds)
  const lessonIds = requirements.flatMap((r) => r.requirements.lessonIds)
  const members = listMembers(cohortId)
  const records = loadRecordsOf(membersOf(cohortId), { courseIds: courses.map((c) => c.id), quizIds })
  const certificateRows = courseIds.length
    ? db
        .select({ userId: certificates.userId, count: sql<number>`count(*)` })
        .from(certificates)
        .where(
          and(
            inArray(certificates.userId, membersOf(cohortId)),
            eq(certificates.kind, 'course'),
            inArray(certificates.subjectId, courseIds),
            // a corrected certificate and the one it replaced count once
            isNull(certificates.replacedById),
          ),
        )
        .groupBy(certificates.userId)
        .all()
    : []
  const certificatesByUser = new Map(certificateRows.map((r) => [r.userId, r.count]))
  const all = { lessonIds, quizIds, examId: null, satisfiable: true }
  const quizTitle = new Map(columns.filter((c) => c.kind === 'quiz').map((c) => [c.id, c.title]))

  /** One learner's row of the matrix; built only for the rows someone shows (a page, the CSV). */
  const cellsOf = (userId: string): Cell[] => {
    const record = records.get(userId) ?? emptyRecord()
    return columns.map((col) => {
      if (col.kind === 'lesson') {
        const l = record.lessons.get(col.id)
        return { state: l?.completedAt ? 'done' : l ? 'started' : 'none' }
      }
      const q = record.quizzes.get(col.id)
      return q ? { state: q.passed ? 'passed' : 'failed', score: q.bestScore } : { state: 'none', score: null }
    })
  }

  const learners = members.map((member) => {
    const record = records.get(member.id) ?? emptyRecord()
    // The same rule as the course page and the certificates: the cohort's courses as they are now.
    const overall = standing(all, record)
    const { lastActive, stuckReasons } = activityOf(record, quizTitle, now, stuckAfterDays)
    const failedTwice = stuckReasons.failedQuizzes.map((q) => q.id)
    const readyCourses = requirements.filter((r) => standing(r.requirements, record).readyForExam).map((r) => r.course)
    return {
      ...member,
      lessonsDone: overall.lessonsDone,
      quizzesPassed: overall.quizzesPassed,
      percent: overall.percent,
      lastActive,
      certificates: certificatesByUser.get(member.id) ?? 0,
      failedTwice,
      stuckReasons,
      readyCourses: readyCourses.map((c) => c.title),
    }
  })

  // Stuck: not finished, and idle for too long or held up by a quiz failed twice. A quiz
  // failed twice comes first (the trainer can help with that one), then the longest idle.
  const stuck = learners
    .filter((l) => isStuck(l.percent, l.stuckReasons))
    .sort(
      (a, b) => b.stuckReasons.failedQuizzes.length - a.stuckReasons.failedQuizzes.length || (b.stuckReasons.idleDays ?? 0) - (a.stuckReasons.idleDays ?? 0),
    )
  const moduleCompletion = courses.flatMap((course) =>
    course.modules.map((m) => {
      const moduleRequirements = { lessonIds: m.lessonIds, quizIds: m.quizId ? [m.quizId] : [], examId: null, satisfiable: true }
      const complete = learners.filter((l) => isComplete(moduleRequirements, records.get(l.id) ?? emptyRecord())).length
      return { id: m.id, title: m.title, courseTitle: course.title, complete, share: learners.length ? Math.round((complete / learners.length) * 100) : 0 }
    }),
  )
  return {
    columns,
    learners,
    cellsOf,
    summary: {
      enrolled: learners.length,
      activeLast7Days: learners.filter((l) => l.lastActive !== null && l.lastActive >= now - 7 * DAY).length,
      averageProgress: learners.length ? Math.round(learners.reduce((a, l) => a + l.percent, 0) / learners.length) : 0,
      certificates: learners.reduce((a, l) => a + l.certificates, 0),
    },
    lists: {
      stuck,
      ready: learners.filter((l) => l.readyCourses.length > 0),
      notSeen: learners.filter((l) => l.lastActive === null),
    },
    charts: {
      moduleCompletion,
      weeklyActivity: weeklyActivity(
        cohortId,
        [...records.values()].flatMap((r) => [...r.lessons.values()]),
        now,
      ),
    },
  }
}

/** Lessons read and quizzes submitted per week, for the last eight weeks (oldest first). */
function weeklyActivity(cohortId: string, lessonRows: { completedAt: number | null }[], now: number) {
  const weekStart = now - WEEKS_OF_ACTIVITY * 7 * DAY
  const weeks = Array.from({ length: WEEKS_OF_ACTIVITY }, (_, i) => ({ start: weekStart + i * 7 * DAY, lessons: 0, quizzes: 0 }))
  const slot = (t: number) => Math.floor((t - weekStart) / (7 * DAY))
  for (const r of lessonRows) {
    const t = r.completedAt
    if (t && t >= weekStart && t <= now) weeks[Math.min(slot(t), WEEKS_OF_ACTIVITY - 1)].lessons++
  }
  const inCohort = membersOf(cohortId)
  const submitted = db
    .select({ day: sql<number>`${quizAttempts.submittedAt} / 86400000`, count: sql<number>`count(*)` })
    .from(quizAttempts)
    .where(and(inArray(quizAttempts.userId, inCohort), sql`${quizAttempts.submittedAt} >= ${weekStart}`))
    .groupBy(sql`1`)
    .all()
  for (const r of submitted) {
    const t = r.day * DAY
    if (t <= now) weeks[Math.max(0, Math.min(slot(t), WEEKS_OF_ACTIVITY - 1))].quizzes += r.count
  }
  return weeks
}

/** Per question of a quiz: share right among this cohort's submitted attempts, the most chosen wrong option. */
export function questionAnalysis(cohortId: string, quizId: string) {
  const quiz = getQuiz(quizId)
  if (!quiz) return null
  const inCohort = membersOf(cohortId)
  const attempts = db
    .select({ questions: quizAttempts.questions, answers: quizAttempts.answers })
    .from(quizAttempts)
    .where(and(inArray(quizAttempts.userId, inCohort), eq(quizAttempts.quizId, quizId), isNotNull(quizAttempts.submittedAt), eq(quizAttempts.expired, false)))
    .all()
  const stats = new Map(quiz.questions.map((q) => [q.id, { shown: 0, right: 0, wrongChoices: new Map<string, number>() }]))
  for (const attempt of attempts) {
    for (const shown of attempt.questions) {
      const question = quiz.questions.find((q) => q.id === shown.questionId)
      const s = stats.get(shown.questionId)
      if (!question || !s) continue
      const chosen = attempt.answers?.[shown.questionId] ?? []
      s.shown++
      if (isAnswerCorrect(question, chosen)) s.right++
      else for (const id of chosen) if (!question.options.find((o) => o.id === id)?.correct) s.wrongChoices.set(id, (s.wrongChoices.get(id) ?? 0) + 1)
    }
  }
  const rows = quiz.questions
    .map((q) => {
      const s = stats.get(q.id)!
      const [wrongId, wrongCount] = [...s.wrongChoices.entries()].sort((a, b) => b[1] - a[1])[0] ?? [null, 0]
      return {
        id: q.id,
        prompt: q.prompt,
        lessonId: q.lesson ?? null,
        shown: s.shown,
        right: s.right,
        share: s.shown ? Math.round((s.right / s.shown) * 100) : null,
        commonWrong: wrongId ? { text: q.options.find((o) => o.id === wrongId)!.text, count: wrongCount } : null,
      }
    })
    .sort((a, b) => (a.share ?? 101) - (b.share ?? 101))
  return { quiz: { id: quiz.id, title: quiz.title }, attempts: attempts.length, rows }
}

export function attendanceOf(cohortId: string) {
  const sessions = db.select().from(attendanceSessions).where(eq(attendanceSessions.cohortId, cohortId)).orderBy(attendanceSessions.heldOn).all()
  const marks = sessions.length
    ? db
        .select()
        .from(attendanceMarks)
        .where(
          inArray(
            attendanceMarks.sessionId,
            sessions.map((s) => s.id),
          ),
        )
        .all()
    : []
  const present = new Set(marks.filter((m) => m.present).map((m) => `${m.sessionId}:${m.userId}`))
  return { sessions, isPresent: (sessionId: string, userId: string) => present.has(`${sessionId}:${userId}`) }
}

/** Certificates the cohort's learners hold now (any course or programme; not the ones a correction replaced), newest first. */
export function listCohortCertificates(cohortId: string) {
  return db
    .select()
    .from(certificates)
    .where(and(inArray(certificates.userId, membersOf(cohortId)), isNull(certificates.replacedById)))
    .orderBy(desc(certificates.issuedAt))
    .all()
}

/** One learner of the cohort (null when the person is not in it: another cohort's learner, or nobody). */
export function cohortLearner(cohortId: string, userId: string) {
  return (
    db
      .select({
        id: users.id,
        fullName: users.fullName,
        username: users.username,
        email: users.email,
        municipality: users.municipality,
        role: users.role,
        secretKind: users.secretKind,
      })
      .from(cohortMembers)
      .innerJoin(users, eq(users.id, cohortMembers.userId))
      .where(and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.userId, userId)))
      .get() ?? null
  )
}

/** A learner's submitted attempts at some quizzes, newest first (one query). */
export function learnerAttempts(userId: string, quizIds: string[]) {
  if (!quizIds.length) return []
  return db
    .select({
      id: quizAttempts.id,
      quizId: quizAttempts.quizId,
      score: quizAttempts.score,
      passed: quizAttempts.passed,
      expired: quizAttempts.expired,
      submittedAt: quizAttempts.submittedAt,
    })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, userId), inArray(quizAttempts.quizId, quizIds), isNotNull(quizAttempts.submittedAt)))
    .orderBy(desc(quizAttempts.submittedAt))
    .all()
}

/** The cohort's sessions with this learner's mark (one query). */
export function learnerAttendance(cohortId: string, userId: string) {
  return db
    .select({ id: attendanceSessions.id, heldOn: attendanceSessions.heldOn, topic: attendanceSessions.topic, present: attendanceMarks.present })
    .from(attendanceSessions)
    .leftJoin(attendanceMarks, and(eq(attendanceMarks.sessionId, attendanceSessions.id), eq(attendanceMarks.userId, userId)))
    .where(eq(attendanceSessions.cohortId, cohortId))
    .orderBy(attendanceSessions.heldOn)
    .all()
    .map((s) => ({ ...s, present: Boolean(s.present) }))
}
