import type { LessonEntry, QuizEntry } from '#app/content/types.ts'
import type { ShownQuestion } from '#app/db/schema.ts'
import { completeLesson, openLesson, startQuizAttempt, submitQuizAttempt } from '#app/learning/events.server.ts'

// One home for test data about learning: the same events the app runs, never raw inserts.

const HOUR = 3_600_000

/** Opens a lesson an hour before `now` and marks it read at `now` (a plausible reading time). */
export function readLesson(userId: string, lesson: Pick<LessonEntry, 'id' | 'courseId' | 'readingMinutes'>, now = new Date()) {
  openLesson(userId, lesson, new Date(now.getTime() - HOUR))
  const result = completeLesson(userId, lesson, now)
  if (!result.ok) throw new Error(`lesson ${lesson.id} not completed`)
  return result
}

/** Form fields for the given authoring option ids, translated to the attempt's opaque tokens. */
export function answerForm(shown: ShownQuestion[], answers: Record<string, string[]>): [string, string][] {
  return shown.flatMap((q) => {
    const tokenOf = new Map(q.snapshot ? q.snapshot.options.map((o) => [o.optionId, o.token]) : q.optionIds.map((id) => [id, id]))
    return (answers[q.questionId] ?? []).map((id) => [`q:${q.questionId}`, tokenOf.get(id) ?? id] as [string, string])
  })
}

/** The right answers of an attempt, read from what it stored. */
export function rightAnswers(shown: ShownQuestion[]): Record<string, string[]> {
  return Object.fromEntries(shown.map((q) => [q.questionId, (q.snapshot?.options ?? []).filter((o) => o.correct).map((o) => o.optionId)]))
}

/** Wrong but valid answers: the first wrong option of each question. */
export function wrongAnswers(shown: ShownQuestion[]): Record<string, string[]> {
  return Object.fromEntries(shown.map((q) => [q.questionId, [(q.snapshot?.options ?? []).find((o) => !o.correct)!.optionId]]))
}

/** Starts an attempt and submits the given answers (default: all right). */
export function takeQuiz(userId: string, quiz: QuizEntry, choose: (shown: ShownQuestion[]) => Record<string, string[]> = rightAnswers, now = new Date()) {
  const started = startQuizAttempt(userId, quiz, now)
  if (!started.ok) throw new Error(`quiz ${quiz.id} not started: ${started.reason}`)
  return submitQuizAttempt({ userId, attemptId: started.attempt.id, quiz, form: answerForm(started.attempt.questions, choose(started.attempt.questions)) }, now)
}

/** A learner joins a cohort the way a person does: typing its join code in "Mi cuenta". */
export async function enrolByCode(cohortId: string, learnerId: string) {
  const { db } = await import('#app/db/client.server.ts')
  const { cohorts } = await import('#app/db/schema.ts')
  const { joinCohortByCode } = await import('#app/cohorts/cohorts.server.ts')
  const { eq } = await import('drizzle-orm')
  const cohort = db.select({ joinCode: cohorts.joinCode }).from(cohorts).where(eq(cohorts.id, cohortId)).get()
  const joined = joinCohortByCode({ id: learnerId, role: 'learner' }, cohort!.joinCode!)
  if (!joined.ok) throw new Error(`could not join: ${joined.reason}`)
}
