import { and, desc, eq, inArray, isNotNull, sql, type SQLWrapper } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import { db, type Executor } from '#app/db/client.server.ts'
import { lessonProgress, quizAttempts } from '#app/db/schema.ts'
import { emptyRecord, type LearnerRecord } from './requirements.ts'

// Loads learning records: one learner's in two queries, or a whole cohort's in
// two grouped queries (never one per learner).

type Learners = { kind: 'one'; userId: string } | { kind: 'many'; subquery: SQLWrapper }

function whoFilter(column: SQLiteColumn, who: Learners) {
  return who.kind === 'one' ? eq(column, who.userId) : inArray(column, who.subquery)
}

function load(who: Learners, scope: { courseIds?: string[]; quizIds?: string[] }, executor: Executor): Map<string, LearnerRecord> {
  const records = new Map<string, LearnerRecord>()
  const recordOf = (userId: string) => {
    let r = records.get(userId)
    if (!r) records.set(userId, (r = emptyRecord()))
    return r
  }
  // One row per learner, their lessons as one JSON array: a cohort of 1,000 has ~28,000 lesson
  // rows, and handing each to JavaScript as its own row cost twice the parse of one JSON text
  // per learner (issue 16). Times are epoch milliseconds.
  const lessonRows = executor
    .select({
      userId: lessonProgress.userId,
      lessons: sql<string>`json_group_array(json_array(${lessonProgress.lessonId}, ${lessonProgress.firstOpenedAt}, ${lessonProgress.completedAt}))`,
    })
    .from(lessonProgress)
    .where(and(whoFilter(lessonProgress.userId, who), scope.courseIds ? inArray(lessonProgress.courseId, scope.courseIds) : undefined))
    .groupBy(lessonProgress.userId)
    .values() as [userId: string, lessons: string][]
  for (const [userId, lessons] of lessonRows) {
    const record = recordOf(userId)
    for (const [lessonId, openedAt, completedAt] of JSON.parse(lessons) as [string, number, number | null][]) {
      record.lessons.set(lessonId, { openedAt, completedAt })
    }
  }
  if (scope.quizIds && scope.quizIds.length === 0) return records
  // Each learner's results per quiz, grouped in SQL, then one JSON array per learner as above.
  const results = executor
    .select({
      userId: quizAttempts.userId,
      result:
        sql<string>`json_array(${quizAttempts.quizId}, max(${quizAttempts.score}), max(coalesce(${quizAttempts.passed}, 0)), count(*), sum(case when ${quizAttempts.passed} = 0 then 1 else 0 end), max(${quizAttempts.submittedAt}))`.as(
          'result',
        ),
    })
    .from(quizAttempts)
    .where(
      and(whoFilter(quizAttempts.userId, who), isNotNull(quizAttempts.submittedAt), scope.quizIds ? inArray(quizAttempts.quizId, scope.quizIds) : undefined),
    )
    .groupBy(quizAttempts.userId, quizAttempts.quizId)
    .as('results')
  const quizRows = executor
    .select({ userId: results.userId, quizzes: sql<string>`json_group_array(json(${results.result}))` })
    .from(results)
    .groupBy(results.userId)
    .values() as [userId: string, quizzes: string][]
  for (const [userId, quizzes] of quizRows) {
    const record = recordOf(userId)
    for (const [quizId, best, passed, attempts, failed, last] of JSON.parse(quizzes) as QuizResultRow[]) {
      record.quizzes.set(quizId, { bestScore: best ?? 0, passed: Boolean(passed), attempts, failed: failed ?? 0, lastSubmittedAt: last ?? null })
    }
  }
  return records
}

type QuizResultRow = [quizId: string, best: number | null, passed: number, attempts: number, failed: number | null, last: number | null]

/** Everything one learner has done (every course, including lessons and quizzes since removed). */
export function loadLearnerRecord(userId: string, executor: Executor = db): LearnerRecord {
  return load({ kind: 'one', userId }, {}, executor).get(userId) ?? emptyRecord()
}

/** The records of every learner in `memberIds` (a subquery), limited to some courses and quizzes. */
export function loadRecordsOf(memberIds: SQLWrapper, scope: { courseIds: string[]; quizIds: string[] }, executor: Executor = db) {
  if (scope.courseIds.length === 0) return new Map<string, LearnerRecord>()
  return load({ kind: 'many', subquery: memberIds }, scope, executor)
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
