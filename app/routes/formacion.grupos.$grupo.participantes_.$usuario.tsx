import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { loadCohortLearner } from '#app/cohorts/learner-page.server.ts'
import { StuckReasons } from '#app/cohorts/stuck-reasons.tsx'
import { CertificateList } from '#app/cohorts/certificate-list.tsx'
import { ProgressBar } from '#app/ui/progress-bar.tsx'
import { TableWrap } from '#app/ui/table-wrap.tsx'
import { pageTitle } from '#app/utils/meta.ts'

// One learner of a cohort, for its trainers: /formacion/grupos/:grupo/participantes/:usuario
// (the account id). «Nuevo PIN» and «Quitar del grupo» show their confirmation here
// (?confirmar=nuevo-pin | quitar); the confirmed form posts to the participants page.

export const handle = { i18n: ['common', 'cohorts', 'courses'], hydrate: true }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return loadCohortLearner(request, context, params.grupo, params.usuario)
}

export default function CohortLearner() {
  const data = useLoaderData<typeof loader>()
  const { cohort, learner, confirm } = data
  const { t } = useTranslation('cohorts')
  const here = `/formacion/grupos/${cohort.id}/participantes/${learner.id}`
  if (confirm) {
    const key = confirm === 'resetPin' ? 'confirm.resetPin' : 'confirm.remove'
    return (
      <section aria-labelledby="confirm-title" className="confirm-page">
        <p>
          <Link to={here}>← {learner.fullName}</Link>
        </p>
        <h1 id="confirm-title">{t(`${key}.question`, { name: learner.fullName })}</h1>
        <p className="confirm-detail">{t(`${key}.detail`)}</p>
        <div className="confirm-actions">
          <Form method="post" action={`/formacion/grupos/${cohort.id}/participantes`} className="inline">
            <input type="hidden" name="intent" value={confirm === 'resetPin' ? 'reset-pin' : 'remove'} />
            <input type="hidden" name="userId" value={learner.id} />
            <input type="hidden" name="confirm" value="1" />
            {confirm === 'resetPin' ? <input type="hidden" name="submissionKey" value={data.submissionKey} /> : null}
            <button type="submit" className={`button${confirm === 'remove' ? ' danger' : ''}`}>
              {t('confirm.confirm')}
            </button>
          </Form>
          <Link to={here} className="button secondary">
            {t('confirm.cancel')}
          </Link>
        </div>
      </section>
    )
  }
  return (
    <article aria-labelledby="learner-title" className="learner-page">
      <p className="no-print">
        <Link to={`/formacion/grupos/${cohort.id}`}>← {cohort.name}</Link>
      </p>
      <h1 id="learner-title">{learner.fullName}</h1>
      <p className="meta-line">
        {learner.username ?? learner.email} · {t(`municipalities.${learner.municipality}`)} · {t('learner.overall', { percent: data.percent })} ·{' '}
        {data.lastActive ? t('view.lastActive', { date: data.lastActive }) : t('view.neverActive')}
      </p>
      {data.stuck ? (
        <div className="notice notice-warn" role="note">
          <strong>{t('learner.needsHelp')}</strong> <StuckReasons reasons={data.stuck} />
        </div>
      ) : null}

      <section aria-labelledby="learner-courses">
        <h2 id="learner-courses">{t('learner.progress')}</h2>
        {data.courses.map((course) => (
          <div key={course.id} className="learner-course">
            <h3>{course.title}</h3>
            <ProgressBar progress={course.progress} />
            {course.complete ? (
              <p className="status-done">{t('learner.complete')}</p>
            ) : course.readyForExam ? (
              <p className="status-ready">{t('learner.readyForExam')}</p>
            ) : null}
            <ul className="plain-list module-progress">
              {course.modules.map((m) => (
                <li key={m.id}>
                  <strong>
                    M{m.number} · {m.title}
                  </strong>
                  : {t('learner.lessonsOf', { done: m.lessonsDone, total: m.lessonsTotal })}
                  {m.quiz ? (
                    <>
                      {' '}
                      · {t('learner.moduleQuiz')}: {quizState(t, m.quiz)}
                    </>
                  ) : null}
                </li>
              ))}
              {course.exam ? (
                <li>
                  <strong>{t('learner.exam')}</strong>: {quizState(t, course.exam)}
                </li>
              ) : null}
            </ul>
          </div>
        ))}
      </section>

      <section aria-labelledby="learner-attempts">
        <h2 id="learner-attempts">{t('learner.attempts', { count: data.attempts.length })}</h2>
        {data.attempts.length ? (
          <TableWrap label={t('learner.attempts', { count: data.attempts.length })}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('learner.quiz')}</th>
                  <th scope="col">{t('learner.date')}</th>
                  <th scope="col">{t('learner.score')}</th>
                  <th scope="col">{t('learner.result')}</th>
                </tr>
              </thead>
              <tbody>
                {data.attempts.map((a) => (
                  <tr key={a.id}>
                    <td>{a.quiz}</td>
                    <td>{a.on}</td>
                    <td>{a.score === null ? '—' : `${a.score} %`}</td>
                    <td className={a.passed ? 'cell-passed' : 'cell-failed'}>
                      {a.expired ? t('learner.expired') : a.passed ? t('cell.passed') : t('cell.failed')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        ) : (
          <p className="hint">{t('learner.noAttempts')}</p>
        )}
      </section>

      <section aria-labelledby="learner-attendance">
        <h2 id="learner-attendance">{t('learner.attendance', { present: data.attendance.filter((s) => s.present).length, total: data.attendance.length })}</h2>
        {data.attendance.length ? (
          <ul className="plain-list">
            {data.attendance.map((s) => (
              <li key={s.id}>
                {s.heldOn} · {s.topic}: <strong>{s.present ? t('learner.present') : t('learner.absent')}</strong>
              </li>
            ))}
          </ul>
        ) : (
          <p className="hint">{t('learner.noSessions')}</p>
        )}
      </section>

      <section aria-labelledby="learner-certificates">
        <h2 id="learner-certificates">{t('learner.certificates', { count: data.certificates.length })}</h2>
        <CertificateList certificates={data.certificates} />
      </section>

      <section aria-labelledby="learner-account" className="no-print">
        <h2 id="learner-account">{t('learner.account')}</h2>
        <div className="row-actions">
          {data.canResetPin ? (
            <Link className="button secondary" to={`${here}?confirmar=nuevo-pin`}>
              {t('participants.resetPin')}
            </Link>
          ) : null}
          {data.canCreateResetLink ? (
            <Form method="post" action={`${here}/enlace`} className="inline">
              <input type="hidden" name="intent" value="create" />
              <input type="hidden" name="submissionKey" value={data.submissionKey} />
              <button type="submit" className="button secondary">
                {t('learner.resetLink')}
              </button>
            </Form>
          ) : null}
          <Link className="button secondary" to={`${here}?confirmar=quitar`}>
            {t('participants.remove')}
          </Link>
        </div>
      </section>
    </article>
  )
}

type QuizState = { passed: boolean; bestScore: number | null; attempts: number }

function quizState(t: (key: string, options?: Record<string, unknown>) => string, quiz: QuizState) {
  if (!quiz.attempts) return t('learner.quizNone')
  return t(quiz.passed ? 'learner.quizPassed' : 'learner.quizFailed', { score: quiz.bestScore ?? 0, count: quiz.attempts })
}
