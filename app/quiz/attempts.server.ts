import { randomUUID } from 'node:crypto'
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull } from 'drizzle-orm'
import type { Question } from '#app/content/schema.ts'
import type { QuizEntry } from '#app/content/types.ts'
import { db, type Executor } from '#app/db/client.server.ts'
import { quizAttempts, type AttemptAnswers } from '#app/db/schema.ts'
import { drawQuestions, gradeAttempt, parseAnswers, type AnswerProblem } from './grading.ts'

/** A few seconds of grace for the network after the time limit. */
const DEADLINE_GRACE_MS = 30_000

export type Attempt = typeof quizAttempts.$inferSelect

export type Availability =
  | { canStart: true; attemptsLeft: number | null }
  | { canStart: false; attemptsLeft: 0; nextOpensAt: Date }

/** Exam attempt limits: at most `maxAttempts` started within the last `attemptWindowHours`. */
export function getAvailability(userId: string, quiz: QuizEntry, now = new Date(), executor: Executor = db): Availability {
  if (!quiz.maxAttempts) return { canStart: true, attemptsLeft: null }
  const windowMs = (quiz.attemptWindowHours ?? 24) * 3_600_000
  const recent = executor
    .select({ startedAt: quizAttempts.startedAt })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.quizId, quiz.id), gte(quizAttempts.startedAt, new Date(now.getTime() - windowMs))))
    .orderBy(asc(quizAttempts.startedAt))
    .all()
  if (recent.length < quiz.maxAttempts) return { canStart: true, attemptsLeft: quiz.maxAttempts - recent.length }
  // The oldest attempt in the window leaves it first.
  const opensAt = new Date(recent[recent.length - quiz.maxAttempts].startedAt.getTime() + windowMs)
  return { canStart: false, attemptsLeft: 0, nextOpensAt: opensAt }
}

/** The attempt in progress, if any (not submitted and not past its time limit). */
export function getOpenAttempt(userId: string, quizId: string, now = new Date(), executor: Executor = db): Attempt | undefined {
  const open = executor
    .select()
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.quizId, quizId), isNull(quizAttempts.submittedAt)))
    .orderBy(desc(quizAttempts.startedAt))
    .limit(1)
    .get()
  if (!open) return undefined
  if (open.deadlineAt && open.deadlineAt.getTime() + DEADLINE_GRACE_MS < now.getTime()) {
    closeExpired(open.id, now, executor)
    return undefined
  }
  return open
}

function closeExpired(attemptId: string, now: Date, executor: Executor) {
  executor
    .update(quizAttempts)
    .set({ submittedAt: now, expired: true, answers: {}, correctCount: 0, score: 0, passed: false })
    .where(and(eq(quizAttempts.id, attemptId), isNull(quizAttempts.submittedAt)))
    .run()
}

export type StartResult = { ok: true; attempt: Attempt } | { ok: false; reason: 'limit'; nextOpensAt: Date }

/** Starts an attempt, or returns the one already open. The limit check and the insert are one transaction. */
export function startAttempt(userId: string, quiz: QuizEntry, now = new Date(), random: () => number = Math.random): StartResult {
  return db.transaction((tx): StartResult => {
    const open = getOpenAttempt(userId, quiz.id, now, tx)
    if (open) return { ok: true, attempt: open }
    const availability = getAvailability(userId, quiz, now, tx)
    if (!availability.canStart) return { ok: false, reason: 'limit', nextOpensAt: availability.nextOpensAt }
    const questions = drawQuestions(quiz, random)
    const attempt = tx
      .insert(quizAttempts)
      .values({
        id: randomUUID(),
        userId,
        quizId: quiz.id,
        courseId: quiz.courseId,
        programmeId: quiz.programmeId,
        questions,
        totalCount: questions.length,
        startedAt: now,
        deadlineAt: quiz.timeLimitMinutes ? new Date(now.getTime() + quiz.timeLimitMinutes * 60_000) : null,
      })
      .returning()
      .get()
    return { ok: true, attempt }
  })
}

export type SubmitResult =
  | { ok: true; attempt: Attempt; alreadySubmitted: boolean }
  | { ok: false; reason: 'notFound' }
  | { ok: false; reason: 'forbidden' }
  | { ok: false; reason: 'invalid'; problems: AnswerProblem[]; answers: AttemptAnswers }
  | { ok: false; reason: 'expired'; attempt: Attempt }

/**
 * Grades a submission against the attempt's stored questions, in one transaction.
 * A replayed or double-clicked form finds the attempt already submitted and grades nothing.
 * `onPassed` runs inside the same transaction (course completion, certificates).
 */
export function submitAttempt(
  { userId, attemptId, quiz, form }: { userId: string; attemptId: string; quiz: QuizEntry; form: Iterable<[string, FormDataEntryValue]> },
  now = new Date(),
  onGraded?: (tx: Executor, attempt: Attempt) => void,
): SubmitResult {
  return db.transaction((tx): SubmitResult => {
    const attempt = tx.select().from(quizAttempts).where(eq(quizAttempts.id, attemptId)).get()
    if (!attempt || attempt.quizId !== quiz.id) return { ok: false, reason: 'notFound' }
    if (attempt.userId !== userId) return { ok: false, reason: 'forbidden' }
    if (attempt.submittedAt) return { ok: true, attempt, alreadySubmitted: true }
    if (attempt.deadlineAt && attempt.deadlineAt.getTime() + DEADLINE_GRACE_MS < now.getTime()) {
      closeExpired(attempt.id, now, tx)
      return { ok: false, reason: 'expired', attempt: tx.select().from(quizAttempts).where(eq(quizAttempts.id, attemptId)).get()! }
    }
    const bank = new Map(quiz.questions.map((q) => [q.id, q]))
    const types = new Map<string, Question['type']>(quiz.questions.map((q) => [q.id, q.type]))
    const { answers, problems } = parseAnswers(form, attempt.questions, types)
    if (problems.length) return { ok: false, reason: 'invalid', problems, answers }
    const grade = gradeAttempt(attempt.questions, answers, bank, quiz.passMark)
    const graded = tx
      .update(quizAttempts)
      .set({ answers, correctCount: grade.correctCount, score: grade.score, passed: grade.passed, submittedAt: now })
      .where(and(eq(quizAttempts.id, attempt.id), isNull(quizAttempts.submittedAt)))
      .returning()
      .get()
    onGraded?.(tx, graded)
    return { ok: true, attempt: graded, alreadySubmitted: false }
  })
}

export function getAttempt(attemptId: string, executor: Executor = db): Attempt | undefined {
  return executor.select().from(quizAttempts).where(eq(quizAttempts.id, attemptId)).get()
}

/** Submitted attempts of one learner at one quiz, newest first. */
export function listSubmittedAttempts(userId: string, quizId: string, executor: Executor = db): Attempt[] {
  return executor
    .select()
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.quizId, quizId), isNotNull(quizAttempts.submittedAt)))
    .orderBy(desc(quizAttempts.submittedAt))
    .all()
}

export type QuizStatus = { bestScore: number | null; passed: boolean; attempts: number }

/** Best attempt per quiz (the best one counts), for many quizzes in one query. */
export function getQuizStatuses(userId: string, quizIds: string[], executor: Executor = db): Map<string, QuizStatus> {
  const statuses = new Map<string, QuizStatus>(quizIds.map((id) => [id, { bestScore: null, passed: false, attempts: 0 }]))
  if (!quizIds.length) return statuses
  const rows = executor
    .select({ quizId: quizAttempts.quizId, score: quizAttempts.score, passed: quizAttempts.passed })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, userId), inArray(quizAttempts.quizId, quizIds), isNotNull(quizAttempts.submittedAt)))
    .all()
  for (const row of rows) {
    const s = statuses.get(row.quizId)!
    s.attempts += 1
    s.bestScore = Math.max(s.bestScore ?? 0, row.score ?? 0)
    s.passed ||= Boolean(row.passed)
  }
  return statuses
}
