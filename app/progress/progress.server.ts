import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm'
import type { CourseEntry, LessonEntry } from '#app/content/types.ts'
import { db, type Executor } from '#app/db/client.server.ts'
import { getQuizStatuses } from '#app/quiz/attempts.server.ts'
import { lessonProgress } from '#app/db/schema.ts'

/** The first time a learner opens a lesson; later visits change nothing (and write nothing). */
export function recordLessonOpened(userId: string, lesson: Pick<LessonEntry, 'id' | 'courseId'>, executor: Executor = db, now = new Date()) {
  const seen = executor
    .select({ lessonId: lessonProgress.lessonId })
    .from(lessonProgress)
    .where(and(eq(lessonProgress.userId, userId), eq(lessonProgress.lessonId, lesson.id)))
    .get()
  if (seen) return
  executor
    .insert(lessonProgress)
    .values({ userId, lessonId: lesson.id, courseId: lesson.courseId, firstOpenedAt: now })
    .onConflictDoNothing()
    .run()
}

/** Marks a lesson read. Idempotent: the first completion time is kept. */
export function markLessonCompleted(userId: string, lesson: Pick<LessonEntry, 'id' | 'courseId'>, executor: Executor = db, now = new Date()) {
  executor
    .insert(lessonProgress)
    .values({ userId, lessonId: lesson.id, courseId: lesson.courseId, firstOpenedAt: now, completedAt: now })
    .onConflictDoUpdate({
      target: [lessonProgress.userId, lessonProgress.lessonId],
      set: { completedAt: sql`coalesce(${lessonProgress.completedAt}, excluded.completed_at)` },
    })
    .run()
}

/** Ids of the lessons this learner completed (any course, including lessons since removed). */
export function getCompletedLessonIds(userId: string, lessonIds?: string[], executor: Executor = db): Set<string> {
  const rows = executor
    .select({ lessonId: lessonProgress.lessonId })
    .from(lessonProgress)
    .where(
      and(
        eq(lessonProgress.userId, userId),
        isNotNull(lessonProgress.completedAt),
        lessonIds ? inArray(lessonProgress.lessonId, lessonIds) : undefined,
      ),
    )
    .all()
  return new Set(rows.map((r) => r.lessonId))
}

export type CourseProgress = {
  lessonsDone: number
  lessonsTotal: number
  quizzesPassed: number
  quizzesTotal: number
  /** Lessons read plus quizzes passed, over all of them. */
  done: number
  total: number
  percent: number
  /** Every current lesson read and every quiz (and the final exam) passed. */
  complete: boolean
  completedIds: string[]
  /** The first lesson not yet read, in reading order; null when all are read. */
  nextLesson: Pick<LessonEntry, 'id' | 'slug' | 'title'> | null
}

/** The quizzes a course requires: each module's quiz, then the final exam. */
export function requiredQuizIds(course: CourseEntry): string[] {
  return [...course.modules.map((m) => m.quizId), course.examId].filter((id): id is string => Boolean(id))
}

/**
 * Derived from the lessons and quizzes the course has now: a removed lesson stops
 * counting (its history stays in the table), a moved or renamed file keeps its id.
 */
export function courseProgress(course: CourseEntry, completed: Set<string>, passedQuizIds: Set<string> = new Set()): CourseProgress {
  const lessonsTotal = course.lessons.length
  const completedIds = course.lessons.filter((l) => completed.has(l.id)).map((l) => l.id)
  const quizIds = requiredQuizIds(course)
  const quizzesPassed = quizIds.filter((id) => passedQuizIds.has(id)).length
  const next = course.lessons.find((l) => !completed.has(l.id)) ?? null
  const done = completedIds.length + quizzesPassed
  const total = lessonsTotal + quizIds.length
  return {
    lessonsDone: completedIds.length,
    lessonsTotal,
    quizzesPassed,
    quizzesTotal: quizIds.length,
    done,
    total,
    percent: total ? Math.round((done / total) * 100) : 0,
    complete: total > 0 && done === total,
    completedIds,
    nextLesson: next ? { id: next.id, slug: next.slug, title: next.title } : null,
  }
}

/** Progress in several courses with two queries, whatever the number of courses. */
export function getLearnerProgress(userId: string, courses: CourseEntry[], executor: Executor = db): Map<string, CourseProgress> {
  const completed = getCompletedLessonIds(userId, courses.flatMap((c) => c.lessons.map((l) => l.id)), executor)
  const statuses = getQuizStatuses(userId, courses.flatMap(requiredQuizIds), executor)
  const passed = new Set([...statuses].filter(([, s]) => s.passed).map(([id]) => id))
  return new Map(courses.map((c) => [c.id, courseProgress(c, completed, passed)]))
}

/** The course the learner touched most recently, for "Continuar donde quedé". */
export function getLastActiveCourseId(userId: string, executor: Executor = db): string | null {
  const row = executor
    .select({ courseId: lessonProgress.courseId })
    .from(lessonProgress)
    .where(eq(lessonProgress.userId, userId))
    .orderBy(desc(sql`coalesce(${lessonProgress.completedAt}, ${lessonProgress.firstOpenedAt})`))
    .limit(1)
    .get()
  return row?.courseId ?? null
}
