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
  // Raw rows (no per-value mapping): a cohort has tens of thousands; times are epoch milliseconds.
  const lessonRows = executor
    .select({
      userId: lessonProgress.userId,
      lessonId: lessonProgress.lessonId,
      openedAt: sql<number>`${lessonProgress.firstOpenedAt}`,
      completedAt: sql<number | null>`${lessonProgress.completedAt}`,
    })
    .from(lessonProgress)
    .where(and(whoFilter(lessonProgress.userId, who), scope.courseIds ? inArray(lessonProgress.courseId, scope.courseIds) : undefined))
    .values() as [userId: string, lessonId: string, openedAt: number, completedAt: number | null][]
  for (const [userId, lessonId, openedAt, completedAt] of lessonRows) {
    recordOf(userId).lessons.set(lessonId, { openedAt, completedAt })
  }
  const quizRows =
    scope.quizIds && scope.quizIds.length === 0
      ? []
      : executor
          .select({
            userId: quizAttempts.userId,
            quizId: quizAttempts.quizId,
            best: sql<number | null>`max(${quizAttempts.score})`,
            passed: sql<number>`max(coalesce(${quizAttempts.passed}, 0))`,
            attempts: sql<number>`count(*)`,
            failed: sql<number>`sum(case when ${quizAttempts.passed} = 0 then 1 else 0 end)`,
            last: sql<number | null>`max(${quizAttempts.submittedAt})`,
          })
          .from(quizAttempts)
          .where(
            and(
              whoFilter(quizAttempts.userId, who),
              isNotNull(quizAttempts.submittedAt),
              scope.quizIds ? inArray(quizAttempts.quizId, scope.quizIds) : undefined,
            ),
          )
          .groupBy(quizAttempts.userId, quizAttempts.quizId)
          .all()
  for (const row of quizRows) {
    recordOf(row.userId).quizzes.set(row.quizId, {
      bestScore: row.best ?? 0,
      passed: Boolean(row.passed),
      attempts: row.attempts,
      failed: row.failed ?? 0,
      lastSubmittedAt: row.last ?? null,
    })
  }
  return records
}

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
