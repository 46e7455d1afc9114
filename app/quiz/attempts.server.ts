import { and, asc, desc, eq, gte, isNotNull, isNull } from 'drizzle-orm'
import type { QuizEntry } from '#app/content/types.ts'
import { db, type Executor } from '#app/db/client.server.ts'
import { quizAttempts } from '#app/db/schema.ts'

/** A few seconds of grace for the network after the time limit. */
const DEADLINE_GRACE_MS = 30_000

export type Attempt = typeof quizAttempts.$inferSelect

export type Availability = { canStart: true; attemptsLeft: number | null } | { canStart: false; attemptsLeft: 0; nextOpensAt: Date }

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

/** An attempt past its time limit and the grace period: it can no longer be submitted. */
export function isPastDeadline(attempt: Pick<Attempt, 'deadlineAt'>, now = new Date()) {
  return Boolean(attempt.deadlineAt && attempt.deadlineAt.getTime() + DEADLINE_GRACE_MS < now.getTime())
}

/** The attempt in progress, if any (not submitted and not past its time limit). Reads only. */
export function getOpenAttempt(userId: string, quizId: string, now = new Date(), executor: Executor = db): Attempt | undefined {
  const open = executor
    .select()
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.quizId, quizId), isNull(quizAttempts.submittedAt)))
    .orderBy(desc(quizAttempts.startedAt))
    .limit(1)
    .get()
  return open && !isPastDeadline(open, now) ? open : undefined
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
