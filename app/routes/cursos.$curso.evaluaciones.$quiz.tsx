import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireUser } from '#app/auth/guards.server.ts'
import { getLanguage } from '#app/i18n/i18next.server.ts'
import { getAvailability, getOpenAttempt, listSubmittedAttempts, startAttempt, submitAttempt } from '#app/quiz/attempts.server.ts'
import { questionsForForm, requireCourseQuiz } from '#app/quiz/quiz-pages.server.ts'
import { formatDateTime } from '#app/utils/dates.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const handle = { i18n: ['common', 'courses', 'quiz'] }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { course, quiz } = requireCourseQuiz(params.curso, params.quiz)
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
    course: { slug: course.slug, title: course.title },
    quiz: {
      slug: quiz.slug,
      title: quiz.title,
      kind: quiz.kind,
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

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { course, quiz } = requireCourseQuiz(params.curso, params.quiz)
  const user = requireUser(request, context)
  const form = await request.formData()
  const here = `/cursos/${course.slug}/evaluaciones/${quiz.slug}`

  if (form.get('intent') === 'start') {
    const started = startAttempt(user.id, quiz)
    if (!started.ok) {
      const lng = await getLanguage(request)
      return data({ error: 'limit' as const, nextOpensAt: formatDateTime(started.nextOpensAt, lng), problems: {}, answers: {} }, { status: 429 })
    }
    throw redirect(`${here}#preguntas`)
  }

  const result = submitAttempt({ userId: user.id, attemptId: String(form.get('attemptId') ?? ''), quiz, form: form.entries() })
  if (!result.ok) {
    if (result.reason === 'forbidden') throw new Response('Forbidden', { status: 403 })
    if (result.reason === 'notFound') throw new Response('Not found', { status: 404 })
    if (result.reason === 'expired') throw redirect(`${here}/intentos/${result.attempt.id}`)
    const problems = Object.fromEntries(result.problems.map((p) => [p.questionId ?? 'form', p.problem]))
    return data({ error: 'invalid' as const, nextOpensAt: null, problems, answers: result.answers }, { status: 400 })
  }
  throw redirect(`${here}/intentos/${result.attempt.id}`)
}

export default function QuizPage() {
  const { course, quiz, attempt, availability, history, best, signedIn } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('quiz')
  const here = useLocation().pathname
  const problems: Record<string, string> = actionData?.problems ?? {}
  const previous: Record<string, string[]> = actionData?.answers ?? {}

  return (
    <article className="quiz" aria-labelledby="quiz-title">
      <nav aria-label={t('courses:breadcrumb')} className="breadcrumb">
        <Link to="/cursos">{t('courses:catalog.title')}</Link> <span aria-hidden="true">›</span>{' '}
        <Link to={`/cursos/${course.slug}`}>{course.title}</Link>
      </nav>
      <h1 id="quiz-title">{quiz.title}</h1>
      <ul className="quiz-rules">
        <li>{t('rules.questions', { count: quiz.questionCount })}</li>
        <li>{t('rules.passMark', { mark: quiz.passMark })}</li>
        {quiz.timeLimitMinutes ? <li>{t('rules.timeLimit', { count: quiz.timeLimitMinutes })}</li> : null}
        {quiz.maxAttempts ? <li>{t('rules.attempts', { count: quiz.maxAttempts, hours: quiz.attemptWindowHours ?? 24 })}</li> : <li>{t('rules.retake')}</li>}
      </ul>

      {!signedIn ? (
        <p className="notice">
          {t('signInFirst')} <Link to={`/ingresar?redirectTo=${encodeURIComponent(here)}`}>{t('signInLink')}</Link>
        </p>
      ) : attempt ? (
        <Form method="post" className="quiz-form" id="preguntas" noValidate>
          <input type="hidden" name="attemptId" value={attempt.id} />
          {attempt.deadline ? <p className="notice">{t('deadline', { time: attempt.deadline })}</p> : null}
          {actionData?.error === 'invalid' ? (
            <p className="form-error" role="alert">
              {t('errors.fixAnswers')}
            </p>
          ) : null}
          <ol className="questions">
            {attempt.questions.map((q, i) => (
              <li key={q.id}>
                <fieldset className="question" aria-describedby={problems[q.id] ? `err-${q.id}` : undefined}>
                  <legend>
                    <span className="question-number">{t('questionN', { n: i + 1 })}</span> {q.prompt}
                    {q.type === 'multiple' ? <span className="hint"> {t('chooseAll')}</span> : null}
                  </legend>
                  {problems[q.id] ? (
                    <p className="field-error" id={`err-${q.id}`}>
                      {t(`errors.${problems[q.id]}`)}
                    </p>
                  ) : null}
                  {q.options.map((o) => (
                    <label key={o.id} className="option">
                      <input
                        type={q.type === 'multiple' ? 'checkbox' : 'radio'}
                        name={`q:${q.id}`}
                        value={o.id}
                        defaultChecked={previous[q.id]?.includes(o.id)}
                      />
                      <span>{o.text}</span>
                    </label>
                  ))}
                </fieldset>
              </li>
            ))}
          </ol>
          <button type="submit" name="intent" value="submit" className="button block">
            {t('submit')}
          </button>
        </Form>
      ) : (
        <div className="quiz-start">
          {actionData?.error === 'limit' || availability?.canStart === false ? (
            <p className="form-error" role="alert">
              {t('errors.limit', { time: actionData?.nextOpensAt ?? (availability && !availability.canStart ? availability.nextOpensAt : '') })}
            </p>
          ) : (
            <Form method="post">
              {availability?.attemptsLeft != null ? <p>{t('attemptsLeft', { count: availability.attemptsLeft })}</p> : null}
              <button type="submit" name="intent" value="start" className="button">
                {history.length ? t('retake') : t('start')}
              </button>
            </Form>
          )}
        </div>
      )}

      {history.length ? (
        <section aria-labelledby="history-title">
          <h2 id="history-title">{t('history.title')}</h2>
          {best !== null ? <p>{t('history.best', { score: best })}</p> : null}
          <ul className="attempt-list">
            {history.map((a) => (
              <li key={a.id}>
                <Link to={`${here}/intentos/${a.id}`}>{a.submittedAt}</Link>: {a.score} % ·{' '}
                {a.expired ? t('result.expired') : a.passed ? t('result.passedShort') : t('result.failedShort')}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  )
}
