import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { EarnedNotice, HeldCertificate } from '#app/certificates/certificate-notice.tsx'
import { WRITE_TOKEN_FIELD } from '#app/offline/fields.ts'
import type { loadAttemptResult, loadQuizPage, quizPageAction } from './quiz-page.server.ts'

// The quiz page and the result page, shared by course quizzes and programme exams.

export function QuizPageView() {
  const { home, quizUrl, quiz, attempt, availability, history, best, signedIn, missing } = useLoaderData<typeof loadQuizPage>()
  const actionData = useActionData<typeof quizPageAction>()
  const { t } = useTranslation('quiz')
  const here = quizUrl
  const problems: Record<string, string> = actionData?.problems ?? {}
  const previous: Record<string, string[]> = actionData?.answers ?? {}

  return (
    <article className="quiz" aria-labelledby="quiz-title">
      <nav aria-label={t('courses:breadcrumb')} className="breadcrumb">
        <Link to={home.url}>{home.title}</Link>
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
          <input type="hidden" name={WRITE_TOKEN_FIELD} value={attempt.writeToken} />
          {attempt.deadline ? (
            <>
              <input type="hidden" name="timed" value="1" />
              <p className="notice">
                {t('deadline', { time: attempt.deadline })} {t('deadlineOffline')}
              </p>
            </>
          ) : null}
          {actionData?.error === 'invalid' ? (
            // Focus lands on the error summary after a refused submission, with or without JavaScript.
            // eslint-disable-next-line jsx-a11y/no-autofocus
            <p className="form-error" role="alert" tabIndex={-1} autoFocus>
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
                  {q.options.map((o, j) => (
                    <label key={o.id} className="option">
                      <input
                        type={q.type === 'multiple' ? 'checkbox' : 'radio'}
                        name={`q:${q.id}`}
                        value={o.id}
                        defaultChecked={previous[q.id]?.includes(o.id)}
                        // After «Comenzar», focus is on the first answer of the first question.
                        // eslint-disable-next-line jsx-a11y/no-autofocus
                        autoFocus={!actionData && i === 0 && j === 0}
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
          {missing.length ? (
            <div className="notice" role={actionData?.error === 'prerequisites' ? 'alert' : undefined}>
              <p>
                <strong>{t('prerequisites.title')}</strong> {t('prerequisites.why')}
              </p>
              <ul>
                {missing.map((m) => (
                  <li key={m.href}>
                    <Link to={m.href}>{m.title}</Link>
                  </li>
                ))}
              </ul>
            </div>
          ) : actionData?.error === 'limit' || availability?.canStart === false ? (
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

export function AttemptResultView() {
  const { home, quiz, result, review, next, issued, held, answersRevealed } = useLoaderData<typeof loadAttemptResult>()
  const { t } = useTranslation('quiz')
  // When this attempt issued a constancia, that is the news: it comes first and takes the focus.
  const success = issued.some((c) => !c.revokedOn)
  return (
    <article className="quiz" aria-labelledby="result-title">
      <nav aria-label={t('courses:breadcrumb')} className="breadcrumb">
        <Link to={home.url}>{home.title}</Link> <span aria-hidden="true">›</span> <Link to={quiz.url}>{quiz.title}</Link>
      </nav>
      <h1 id="result-title">{t('result.title')}</h1>
      <EarnedNotice certificates={issued} focus={success} />
      {/* The result is where focus lands after «Entregar respuestas». */}
      {/* eslint-disable-next-line jsx-a11y/no-autofocus */}
      <section className={`result-box ${result.passed ? 'passed' : 'failed'}`} aria-live="polite" tabIndex={-1} autoFocus={!success}>
        <p className="result-score">{t('result.score', { score: result.score, correct: result.correct, total: result.total })}</p>
        <p className="result-verdict">
          {result.expired ? t('result.expired') : result.passed ? t('result.passed', { mark: quiz.passMark }) : t('result.failed', { mark: quiz.passMark })}
        </p>
        {held ? <HeldCertificate certificate={held} /> : null}
        <p className="actions">
          {result.passed ? (
            next ? (
              <Link className="button" to={next.href}>
                {t('result.nextModule', { title: next.title })}
              </Link>
            ) : (
              <Link className="button" to={home.url}>
                {t('result.backToCourse')}
              </Link>
            )
          ) : (
            <Link className="button" to={quiz.url}>
              {t('result.tryAgain')}
            </Link>
          )}{' '}
          <Link className="button secondary" to={home.url}>
            {t('result.seeProgress')}
          </Link>
        </p>
      </section>

      {review.length ? (
        <section aria-labelledby="review-title">
          <h2 id="review-title">{t('review.title')}</h2>
          {!answersRevealed ? <p className="notice">{t('review.answersHidden')}</p> : null}
          <ol className="questions review">
            {review.map((q, i) => (
              <li key={q.id} className={q.right === null ? 'retired' : q.right ? 'right' : 'wrong'}>
                {q.retired ? <p className="notice">{t('review.retired')}</p> : null}
                {q.prompt === null ? null : (
                  <>
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
                  </>
                )}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </article>
  )
}
