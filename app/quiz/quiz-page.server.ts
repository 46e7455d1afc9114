import { data, redirect, type AppLoadContext } from '@remix-run/node'
import { requireUser } from '#app/auth/guards.server.ts'
import { listCertificatesOf, listIssuedAt } from '#app/certificates/certificates.server.ts'
import { summarizeCertificate } from '#app/certificates/notice.server.ts'
import { getContent } from '#app/content/content.server.ts'
import type { QuizEntry } from '#app/content/types.ts'
import { getLanguage } from '#app/i18n/i18next.server.ts'
import { startQuizAttempt, submitQuizAttempt } from '#app/learning/events.server.ts'
import { loadLearnerRecord } from '#app/learning/record.server.ts'
import { examPrerequisites, requirementsBeforeExam } from '#app/learning/requirements.ts'
import { writerOf } from '#app/offline/writer.server.ts'
import { issueWriteToken } from '#app/offline/write-token.server.ts'
import { formatDateTime } from '#app/utils/dates.server.ts'
import { readFormData } from '#app/utils/form-data.server.ts'
import { forbidden, notFound } from '#app/utils/http.server.ts'
import { getAttempt, getAvailability, getOpenAttempt, listSubmittedAttempts } from './attempts.server.ts'
import { questionsForForm, reviewOfAttempt, reviewPolicy, type QuizPlace } from './quiz-places.server.ts'

// The HTTP side of the quiz routes of courses and programmes (shared route code):
// loaders and actions that call the learning events and map their results to responses.

/** Titles and links of what a learner must finish before an exam opens. */
function missingBeforeExam(userId: string, quiz: QuizEntry) {
  const content = getContent()
  const requirements = requirementsBeforeExam(quiz, content)
  if (!requirements) return []
  const { missingLessonIds, missingQuizIds } = examPrerequisites(quiz, requirements, loadLearnerRecord(userId))
  const items: { title: string; href: string }[] = []
  for (const course of content.courses) {
    for (const lesson of course.lessons)
      if (missingLessonIds.includes(lesson.id)) items.push({ title: lesson.title, href: `/cursos/${course.slug}/${lesson.slug}` })
    for (const module of course.modules) {
      const q = module.quizId ? content.quizzes[module.quizId] : undefined
      if (q && missingQuizIds.includes(q.id)) items.push({ title: q.title, href: `/cursos/${course.slug}/evaluaciones/${q.slug}` })
    }
  }
  return items
}

export async function loadQuizPage(request: Request, context: AppLoadContext, { quiz, home, quizUrl }: QuizPlace) {
  const lng = await getLanguage(request)
  const user = context.user
  const openAttempt = user ? getOpenAttempt(user.id, quiz.id) : undefined
  const availability = user ? getAvailability(user.id, quiz) : null
  const history = user
    ? listSubmittedAttempts(user.id, quiz.id).map((a) => ({
        id: a.id,
        score: a.score ?? 0,
        passed: Boolean(a.passed),
        expired: a.expired,
        submittedAt: formatDateTime(a.submittedAt!, lng),
      }))
    : []
  return {
    title: quiz.title,
    signedIn: Boolean(user),
    home,
    quizUrl,
    quiz: {
      title: quiz.title,
      passMark: quiz.passMark,
      questionCount: Math.min(quiz.draw ?? quiz.questions.length, quiz.questions.length),
      timeLimitMinutes: quiz.timeLimitMinutes ?? null,
      maxAttempts: quiz.maxAttempts ?? null,
      attemptWindowHours: quiz.attemptWindowHours ?? null,
    },
    attempt: openAttempt
      ? {
          id: openAttempt.id,
          deadline: openAttempt.deadlineAt ? formatDateTime(openAttempt.deadlineAt, lng) : null,
          // The submission may be sent later (offline queue, after a shared-computer sign-out):
          // it is graded for this learner, whoever is signed in then.
          writeToken: issueWriteToken(openAttempt.userId, 'quiz', openAttempt.id),
          questions: questionsForForm(quiz, openAttempt),
        }
      : null,
    availability: availability
      ? availability.canStart
        ? { canStart: true as const, attemptsLeft: availability.attemptsLeft }
        : { canStart: false as const, nextOpensAt: formatDateTime(availability.nextOpensAt, lng) }
      : null,
    /** For final exams: what is still missing before the exam can be started (empty when it can). */
    missing: user && !openAttempt ? missingBeforeExam(user.id, quiz) : [],
    history,
    best: history.reduce<number | null>((best, a) => (best === null || a.score > best ? a.score : best), null),
  }
}

export async function quizPageAction(request: Request, context: AppLoadContext, { quiz, quizUrl }: QuizPlace) {
  const form = await readFormData(request)

  if (form.get('intent') === 'start') {
    const user = requireUser(request, context)
    const started = startQuizAttempt(user.id, quiz)
    if (!started.ok) {
      if (started.reason === 'prerequisites') return data({ error: 'prerequisites' as const, nextOpensAt: null, problems: {}, answers: {} }, { status: 409 })
      const lng = await getLanguage(request)
      return data({ error: 'limit' as const, nextOpensAt: formatDateTime(started.nextOpensAt, lng), problems: {}, answers: {} }, { status: 429 })
    }
    throw redirect(`${quizUrl}#preguntas`)
  }

  const attemptId = String(form.get('attemptId') ?? '')
  const writer = writerOf(form, context, 'quiz', attemptId)
  if (!writer.ok && writer.reason === 'signIn') requireUser(request, context)
  if (!writer.ok) forbidden()
  // Passing may complete a course or programme: its certificate is issued in the grading transaction.
  const result = submitQuizAttempt({ userId: writer.userId, attemptId, quiz, form: form.entries() })
  const resultUrl = (id: string) => `${quizUrl}/intentos/${id}`
  if (!result.ok) {
    if (result.reason === 'forbidden') forbidden()
    if (result.reason === 'notFound') notFound()
    if (result.reason === 'expired') throw redirect(writer.signedInAsWriter ? resultUrl(result.attempt.id) : quizUrl)
    const problems = Object.fromEntries(result.problems.map((p) => [p.questionId ?? 'form', p.problem]))
    return data({ error: 'invalid' as const, nextOpensAt: null, problems, answers: result.answers }, { status: 400 })
  }
  // Graded for the learner the page was shown to; if that is not who is signed in now,
  // the result opens after they sign in again.
  if (!writer.signedInAsWriter) {
    throw redirect(context.user ? quizUrl : `/ingresar?${new URLSearchParams({ redirectTo: resultUrl(result.attempt.id) })}`)
  }
  throw redirect(resultUrl(result.attempt.id))
}

export async function loadAttemptResult(request: Request, context: AppLoadContext, attemptId: string | undefined, place: QuizPlace) {
  const { quiz, home, quizUrl, nextAfterPass } = place
  const user = requireUser(request, context)
  const attempt = getAttempt(attemptId ?? '')
  if (!attempt || attempt.quizId !== quiz.id) notFound()
  // Only the learner and administrators see an attempt.
  if (attempt.userId !== user.id && user.role !== 'admin') forbidden()
  if (!attempt.submittedAt) throw redirect(quizUrl)
  const history = listSubmittedAttempts(attempt.userId, quiz.id)
  const policy = reviewPolicy(quiz, {
    passed: history.some((a) => a.passed),
    attemptsLeft: getAvailability(attempt.userId, quiz).attemptsLeft,
  })
  const lng = await getLanguage(request)
  // The moment of success is the learner's own: the attempt whose grading issued constancias
  // says so at the top; a later pass only mentions the constancia already held.
  const own = attempt.userId === user.id && Boolean(attempt.passed)
  const issued = own ? listIssuedAt(user.id, attempt.submittedAt).map((c) => summarizeCertificate(c, lng)) : []
  const held = own && issued.length === 0 ? certificateHeldFor(user.id, quiz) : undefined
  return {
    title: quiz.title,
    home,
    quiz: { title: quiz.title, passMark: quiz.passMark, url: quizUrl },
    result: {
      score: attempt.score ?? 0,
      passed: Boolean(attempt.passed),
      expired: attempt.expired,
      correct: attempt.correctCount ?? 0,
      total: attempt.totalCount,
    },
    next: nextAfterPass,
    issued,
    held: held ? summarizeCertificate(held, lng) : null,
    answersRevealed: policy.revealAnswers,
    review: attempt.expired ? [] : reviewOfAttempt(quiz, attempt, policy),
  }
}

/** The certificate of the course or programme this quiz belongs to, when the learner holds one (valid or revoked). */
function certificateHeldFor(userId: string, quiz: QuizEntry) {
  const subject = quiz.courseId ? { kind: 'course', id: quiz.courseId } : { kind: 'programme', id: quiz.programmeId }
  return listCertificatesOf(userId).find((c) => c.kind === subject.kind && c.subjectId === subject.id)
}
