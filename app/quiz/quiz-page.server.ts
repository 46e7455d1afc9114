import { data, redirect, type AppLoadContext } from '@remix-run/node'
import { requireUser } from '#app/auth/guards.server.ts'
import { issueEarnedCertificates } from '#app/certificates/certificates.server.ts'
import { getLanguage } from '#app/i18n/i18next.server.ts'
import { formatDateTime } from '#app/utils/dates.server.ts'
import { getAttempt, getAvailability, getOpenAttempt, listSubmittedAttempts, startAttempt, submitAttempt } from './attempts.server.ts'
import { questionsForForm, reviewOfAttempt, type QuizPlace } from './quiz-places.server.ts'
import { readFormData } from '#app/utils/form-data.server.ts'

// Loaders and actions shared by the quiz routes of courses and programmes.

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
          questions: questionsForForm(quiz, openAttempt),
        }
      : null,
    availability: availability
      ? availability.canStart
        ? { canStart: true as const, attemptsLeft: availability.attemptsLeft }
        : { canStart: false as const, nextOpensAt: formatDateTime(availability.nextOpensAt, lng) }
      : null,
    history,
    best: history.reduce<number | null>((best, a) => (best === null || a.score > best ? a.score : best), null),
  }
}

export async function quizPageAction(request: Request, context: AppLoadContext, { quiz, quizUrl }: QuizPlace) {
  const user = requireUser(request, context)
  const form = await readFormData(request)

  if (form.get('intent') === 'start') {
    const started = startAttempt(user.id, quiz)
    if (!started.ok) {
      const lng = await getLanguage(request)
      return data({ error: 'limit' as const, nextOpensAt: formatDateTime(started.nextOpensAt, lng), problems: {}, answers: {} }, { status: 429 })
    }
    throw redirect(`${quizUrl}#preguntas`)
  }

  // Passing may complete a course or programme: certificates are issued in the grading transaction.
  const result = submitAttempt({ userId: user.id, attemptId: String(form.get('attemptId') ?? ''), quiz, form: form.entries() }, new Date(), (tx, attempt) => {
    if (attempt.passed) issueEarnedCertificates(tx, user.id)
  })
  if (!result.ok) {
    if (result.reason === 'forbidden') throw new Response('Forbidden', { status: 403 })
    if (result.reason === 'notFound') throw new Response('Not found', { status: 404 })
    if (result.reason === 'expired') throw redirect(`${quizUrl}/intentos/${result.attempt.id}`)
    const problems = Object.fromEntries(result.problems.map((p) => [p.questionId ?? 'form', p.problem]))
    return data({ error: 'invalid' as const, nextOpensAt: null, problems, answers: result.answers }, { status: 400 })
  }
  throw redirect(`${quizUrl}/intentos/${result.attempt.id}`)
}

export function loadAttemptResult(request: Request, context: AppLoadContext, attemptId: string | undefined, place: QuizPlace) {
  const { quiz, home, quizUrl, nextAfterPass } = place
  const user = requireUser(request, context)
  const attempt = getAttempt(attemptId ?? '')
  if (!attempt || attempt.quizId !== quiz.id) throw new Response('Not found', { status: 404 })
  // Only the learner and administrators see an attempt.
  if (attempt.userId !== user.id && user.role !== 'admin') throw new Response('Forbidden', { status: 403 })
  if (!attempt.submittedAt) throw redirect(quizUrl)
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
    review: attempt.expired ? [] : reviewOfAttempt(quiz, attempt),
  }
}
