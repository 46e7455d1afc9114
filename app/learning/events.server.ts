import { randomBytes, randomUUID } from 'node:crypto'
import { and, eq, isNull, sql } from 'drizzle-orm'
import { recordAudit } from '#app/audit/audit.server.ts'
import { newCertificateCode } from '#app/certificates/certificates.server.ts'
import { getContent } from '#app/content/content.server.ts'
import type { LessonEntry, QuizEntry } from '#app/content/types.ts'
import { db, preparedOnce, type Executor } from '#app/db/client.server.ts'
import { certificates, lessonProgress, quizAttempts, users, type AttemptAnswers, type CertificateKind } from '#app/db/schema.ts'
import { getAvailability, getOpenAttempt, isPastDeadline, type Attempt } from '#app/quiz/attempts.server.ts'
import { drawQuestions, gradeAttempt, parseAnswers, type AnswerProblem } from '#app/quiz/grading.ts'
import { loadLearnerRecord } from './record.server.ts'
import { courseRequirements, examPrerequisites, programmeRequirements, readingSecondsLeft, requirementsBeforeExam, standing } from './requirements.ts'

// The only writers of the learning record. Each event is one synchronous
// transaction: it records what happened, issues any certificate it completes,
// writes an audit row, and returns a result. Routes turn results into HTTP.

export type Certificate = typeof certificates.$inferSelect

// Every lesson page a learner opens asks this.
const lessonOpening = preparedOnce(() =>
  db
    .select({ completedAt: lessonProgress.completedAt })
    .from(lessonProgress)
    .where(and(eq(lessonProgress.userId, sql.placeholder('userId')), eq(lessonProgress.lessonId, sql.placeholder('lessonId'))))
    .prepare(),
)

/** The first time a learner opens a lesson; later visits write nothing. Says whether (and when) it was read. */
export function openLesson(userId: string, lesson: Pick<LessonEntry, 'id' | 'courseId'>, now = new Date()): { completed: boolean; completedAt: Date | null } {
  const seen = lessonOpening().get({ userId, lessonId: lesson.id })
  if (seen) return { completed: Boolean(seen.completedAt), completedAt: seen.completedAt }
  db.insert(lessonProgress).values({ userId, lessonId: lesson.id, courseId: lesson.courseId, firstOpenedAt: now }).onConflictDoNothing().run()
  return { completed: false, completedAt: null }
}

export type CompleteLessonResult = { ok: true; alreadyDone: boolean; certificates: Certificate[] } | { ok: false; reason: 'tooSoon'; secondsLeft: number }

/**
 * Marks a lesson read, once a plausible time has passed since it was first opened
 * (`MIN_READING_SHARE` of its reading time). Idempotent: the first completion is kept.
 * `pageShownAt` is when the server signed the page the learner marked (its write token):
 * a lesson read from a downloaded copy was never opened online, so that is its opening.
 */
export function completeLesson(
  userId: string,
  lesson: Pick<LessonEntry, 'id' | 'courseId' | 'readingMinutes'>,
  now = new Date(),
  { pageShownAt = null }: { pageShownAt?: Date | null } = {},
): CompleteLessonResult {
  return db.transaction((tx): CompleteLessonResult => {
    const row = tx
      .select({ openedAt: lessonProgress.firstOpenedAt, completedAt: lessonProgress.completedAt })
      .from(lessonProgress)
      .where(and(eq(lessonProgress.userId, userId), eq(lessonProgress.lessonId, lesson.id)))
      .get()
    if (row?.completedAt) return { ok: true, alreadyDone: true, certificates: [] }
    const openings = [row?.openedAt, pageShownAt].filter((d): d is Date => d instanceof Date && d.getTime() <= now.getTime())
    const openedAt = openings.length ? Math.min(...openings.map((d) => d.getTime())) : null
    const secondsLeft = readingSecondsLeft(lesson, openedAt, now.getTime())
    if (!row)
      tx.insert(lessonProgress)
        .values({ userId, lessonId: lesson.id, courseId: lesson.courseId, firstOpenedAt: new Date(openedAt ?? now.getTime()) })
        .run()
    if (secondsLeft > 0) return { ok: false, reason: 'tooSoon', secondsLeft }
    tx.update(lessonProgress)
      .set({ completedAt: now })
      .where(and(eq(lessonProgress.userId, userId), eq(lessonProgress.lessonId, lesson.id), isNull(lessonProgress.completedAt)))
      .run()
    recordAudit(tx, { action: 'lesson.completed', actorId: userId, subjectId: userId, details: { lessonId: lesson.id } })
    return { ok: true, alreadyDone: false, certificates: issueEarnedCertificates(tx, userId, now) }
  })
}

export type StartQuizResult =
  | { ok: true; attempt: Attempt }
  | { ok: false; reason: 'limit'; nextOpensAt: Date }
  | { ok: false; reason: 'prerequisites'; missingLessonIds: string[]; missingQuizIds: string[] }

/** Starts an attempt, or returns the one already open. Checks, closing and insert are one transaction. */
export function startQuizAttempt(userId: string, quiz: QuizEntry, now = new Date(), random: () => number = Math.random): StartQuizResult {
  return db.transaction((tx): StartQuizResult => {
    closeExpiredAttempts(tx, userId, quiz.id, now)
    const open = getOpenAttempt(userId, quiz.id, now, tx)
    if (open) return { ok: true, attempt: open }
    const requirements = requirementsBeforeExam(quiz, getContent())
    if (requirements) {
      const prerequisites = examPrerequisites(quiz, requirements, loadLearnerRecord(userId, tx))
      if (!prerequisites.met) return { ok: false, reason: 'prerequisites', ...prerequisites }
    }
    const availability = getAvailability(userId, quiz, now, tx)
    if (!availability.canStart) return { ok: false, reason: 'limit', nextOpensAt: availability.nextOpensAt }
    const questions = drawQuestions(quiz, random, () => randomBytes(9).toString('base64url'))
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

export type SubmitQuizResult =
  | { ok: true; attempt: Attempt; alreadySubmitted: boolean; certificates: Certificate[] }
  | { ok: false; reason: 'notFound' }
  | { ok: false; reason: 'forbidden' }
  | { ok: false; reason: 'invalid'; problems: AnswerProblem[]; answers: AttemptAnswers }
  | { ok: false; reason: 'expired'; attempt: Attempt }

/**
 * Grades a submission against what the attempt stored, in one transaction; a pass
 * may complete a course or programme, whose certificate is issued in it too.
 * A replayed or double-clicked form finds the attempt already submitted and grades nothing.
 */
export function submitQuizAttempt(
  { userId, attemptId, quiz, form }: { userId: string; attemptId: string; quiz: QuizEntry; form: Iterable<[string, FormDataEntryValue]> },
  now = new Date(),
): SubmitQuizResult {
  return db.transaction((tx): SubmitQuizResult => {
    const attempt = tx.select().from(quizAttempts).where(eq(quizAttempts.id, attemptId)).get()
    if (!attempt || attempt.quizId !== quiz.id) return { ok: false, reason: 'notFound' }
    if (attempt.userId !== userId) return { ok: false, reason: 'forbidden' }
    if (attempt.submittedAt) return { ok: true, attempt, alreadySubmitted: true, certificates: [] }
    if (isPastDeadline(attempt, now)) {
      closeExpiredAttempts(tx, userId, quiz.id, now)
      return { ok: false, reason: 'expired', attempt: tx.select().from(quizAttempts).where(eq(quizAttempts.id, attemptId)).get()! }
    }
    const bank = new Map(quiz.questions.map((q) => [q.id, q]))
    const { answers, problems } = parseAnswers(form, attempt.questions, bank)
    if (problems.length) return { ok: false, reason: 'invalid', problems, answers }
    const grade = gradeAttempt(attempt.questions, answers, bank, quiz.passMark)
    const graded = tx
      .update(quizAttempts)
      .set({ answers, correctCount: grade.correctCount, score: grade.score, passed: grade.passed, submittedAt: now })
      .where(and(eq(quizAttempts.id, attempt.id), isNull(quizAttempts.submittedAt)))
      .returning()
      .get()
    recordAudit(tx, {
      action: 'quiz.submitted',
      actorId: userId,
      subjectId: userId,
      details: { quizId: quiz.id, attemptId, score: grade.score, passed: grade.passed },
    })
    return { ok: true, attempt: graded, alreadySubmitted: false, certificates: grade.passed ? issueEarnedCertificates(tx, userId, now) : [] }
  })
}

/** Attempts left open past their time limit are closed as expired, without counting their answers. */
function closeExpiredAttempts(tx: Executor, userId: string, quizId: string, now: Date) {
  const open = tx
    .select({ id: quizAttempts.id, deadlineAt: quizAttempts.deadlineAt })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.quizId, quizId), isNull(quizAttempts.submittedAt)))
    .all()
  for (const attempt of open.filter((a) => isPastDeadline(a, now))) {
    tx.update(quizAttempts)
      .set({ submittedAt: now, expired: true, answers: {}, correctCount: 0, score: 0, passed: false })
      .where(and(eq(quizAttempts.id, attempt.id), isNull(quizAttempts.submittedAt)))
      .run()
  }
}

function issue(
  tx: Executor,
  userId: string,
  subject: { kind: CertificateKind; id: string; title: string; version: string; hours: number },
  now: Date,
): Certificate | null {
  const existing = tx
    .select({ id: certificates.id })
    .from(certificates)
    .where(and(eq(certificates.userId, userId), eq(certificates.kind, subject.kind), eq(certificates.subjectId, subject.id)))
    .get()
  if (existing) return null
  const holder = tx.select({ fullName: users.fullName }).from(users).where(eq(users.id, userId)).get()
  if (!holder) return null
  const certificate = tx
    .insert(certificates)
    .values({
      id: randomUUID(),
      code: newCertificateCode(tx),
      userId,
      kind: subject.kind,
      subjectId: subject.id,
      holderName: holder.fullName,
      title: subject.title,
      contentVersion: subject.version,
      hours: subject.hours,
      issuedAt: now,
    })
    // The unique (holder, kind, subject) index makes a second issue impossible even under a race.
    .onConflictDoNothing()
    .returning()
    .get()
  if (certificate)
    recordAudit(tx, {
      action: 'certificate.issued',
      actorId: userId,
      subjectId: certificate.id,
      details: { code: certificate.code, kind: subject.kind, subjectId: subject.id },
    })
  return certificate ?? null
}

/** Issues every course and programme certificate the learner's record now earns (inside the event's transaction). */
function issueEarnedCertificates(tx: Executor, userId: string, now: Date): Certificate[] {
  const { courses, programmes } = getContent()
  const record = loadLearnerRecord(userId, tx)
  const issued: Certificate[] = []
  for (const course of courses) {
    if (!standing(courseRequirements(course), record).complete) continue
    const c = issue(tx, userId, { kind: 'course', id: course.id, title: course.title, version: course.version, hours: course.certificateHours }, now)
    if (c) issued.push(c)
  }
  for (const programme of programmes) {
    if (!standing(programmeRequirements(programme, courses), record).complete) continue
    const c = issue(
      tx,
      userId,
      { kind: 'programme', id: programme.id, title: programme.title, version: programme.version, hours: programme.certificateHours },
      now,
    )
    if (c) issued.push(c)
  }
  return issued
}
