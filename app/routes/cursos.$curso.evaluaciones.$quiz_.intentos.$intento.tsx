import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireUser } from '#app/auth/guards.server.ts'
import { getAttempt } from '#app/quiz/attempts.server.ts'
import { requireCourseQuiz, reviewOfAttempt } from '#app/quiz/quiz-pages.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const handle = { i18n: ['common', 'courses', 'quiz'] }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { course, quiz } = requireCourseQuiz(params.curso, params.quiz)
  const user = requireUser(request, context)
  const attempt = getAttempt(params.intento ?? '')
  if (!attempt || attempt.quizId !== quiz.id) throw new Response('Not found', { status: 404 })
  // Only the learner and administrators see an attempt (trainers of a cohort come with cohorts).
  if (attempt.userId !== user.id && user.role !== 'admin') throw new Response('Forbidden', { status: 403 })
  const quizUrl = `/cursos/${course.slug}/evaluaciones/${quiz.slug}`
  if (!attempt.submittedAt) throw redirect(quizUrl)
  const nextModule = quiz.moduleId ? course.modules[course.modules.findIndex((m) => m.id === quiz.moduleId) + 1] : undefined
  const nextLesson = nextModule ? course.lessons.find((l) => l.moduleId === nextModule.id) : undefined
  return {
    title: quiz.title,
    course: { slug: course.slug, title: course.title },
    quiz: { title: quiz.title, passMark: quiz.passMark, url: quizUrl },
    result: {
      score: attempt.score ?? 0,
      passed: Boolean(attempt.passed),
      expired: attempt.expired,
      correct: attempt.correctCount ?? 0,
      total: attempt.totalCount,
    },
    next: nextLesson ? { href: `/cursos/${course.slug}/${nextLesson.slug}`, title: nextModule!.title } : null,
    review: attempt.expired ? [] : reviewOfAttempt(quiz, course, attempt),
  }
}

export default function AttemptResult() {
  const { course, quiz, result, review, next } = useLoaderData<typeof loader>()
  const { t } = useTranslation('quiz')
  return (
    <article className="quiz" aria-labelledby="result-title">
      <nav aria-label={t('courses:breadcrumb')} className="breadcrumb">
        <Link to={`/cursos/${course.slug}`}>{course.title}</Link> <span aria-hidden="true">›</span> <Link to={quiz.url}>{quiz.title}</Link>
      </nav>
      <h1 id="result-title">{t('result.title')}</h1>
      <section className={`result-box ${result.passed ? 'passed' : 'failed'}`} aria-live="polite">
        <p className="result-score">
          {t('result.score', { score: result.score, correct: result.correct, total: result.total })}
        </p>
        <p className="result-verdict">
          {result.expired ? t('result.expired') : result.passed ? t('result.passed', { mark: quiz.passMark }) : t('result.failed', { mark: quiz.passMark })}
        </p>
        <p className="actions">
          {result.passed ? (
            next ? (
              <Link className="button" to={next.href}>
                {t('result.nextModule', { title: next.title })}
              </Link>
            ) : (
              <Link className="button" to={`/cursos/${course.slug}`}>
                {t('result.backToCourse')}
              </Link>
            )
          ) : (
            <Link className="button" to={quiz.url}>
              {t('result.tryAgain')}
            </Link>
          )}{' '}
          <Link className="button secondary" to={`/cursos/${course.slug}`}>
            {t('result.seeProgress')}
          </Link>
        </p>
      </section>

      {review.length ? (
        <section aria-labelledby="review-title">
          <h2 id="review-title">{t('review.title')}</h2>
          <ol className="questions review">
            {review.map((q, i) => (
              <li key={q.id} className={q.right ? 'right' : 'wrong'}>
                <h3>
                  <span className="question-number">{t('questionN', { n: i + 1 })}</span> {q.prompt}
                </h3>
                <p className="verdict">{q.right ? `✓ ${t('review.right')}` : `✗ ${t('review.wrong')}`}</p>
                <ul className="review-options">
                  {q.options.map((o) => (
                    <li key={o.id} className={[o.correct ? 'correct' : '', o.chosen ? 'chosen' : ''].join(' ')}>
                      <span className="option-text">
                        {o.chosen ? <strong>{t('review.yourAnswer')} </strong> : null}
                        {o.correct ? <strong>{t('review.correctAnswer')} </strong> : null}
                        {o.text}
                      </span>
                      {(o.chosen || o.correct) && o.feedback ? <span className="feedback">{o.feedback}</span> : null}
                    </li>
                  ))}
                </ul>
                {q.explanation ? (
                  <p className="explanation">
                    <strong>{t('review.why')}</strong> {q.explanation}
                  </p>
                ) : null}
                {q.lesson ? (
                  <p>
                    <Link to={q.lesson.href}>{t('review.readLesson', { title: q.lesson.title })}</Link>
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </article>
  )
}
