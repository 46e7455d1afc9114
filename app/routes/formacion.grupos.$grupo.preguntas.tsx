import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireCohortAccess } from '#app/cohorts/guards.server.ts'
import { matrixColumns, questionAnalysis } from '#app/cohorts/report.server.ts'
import { getContent } from '#app/content/content.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { TableWrap } from '#app/ui/table-wrap.tsx'

export const handle = { i18n: ['common', 'cohorts'], hydrate: true }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { cohort, courseIds } = requireCohortAccess(request, context, params.grupo)
  const courses = getContent().courses.filter((c) => courseIds.includes(c.id))
  const quizzes = matrixColumns(courses).filter((c) => c.kind === 'quiz')
  const chosen = new URL(request.url).searchParams.get('evaluacion') ?? quizzes[0]?.id
  if (chosen && !quizzes.some((q) => q.id === chosen)) throw new Response('Not found', { status: 404 })
  const analysis = chosen ? questionAnalysis(cohort.id, chosen) : null
  const lessonHref = new Map(courses.flatMap((c) => c.lessons.map((l) => [l.id, `/cursos/${c.slug}/${l.slug}`] as const)))
  return {
    title: cohort.name,
    cohort: { id: cohort.id, name: cohort.name },
    quizzes: quizzes.map((q) => ({ id: q.id, title: q.title })),
    chosen,
    analysis: analysis && {
      ...analysis,
      rows: analysis.rows.map((r) => ({ ...r, lessonHref: r.lessonId ? (lessonHref.get(r.lessonId) ?? null) : null })),
    },
  }
}

export default function QuestionAnalysis() {
  const { cohort, quizzes, chosen, analysis } = useLoaderData<typeof loader>()
  const { t } = useTranslation('cohorts')
  return (
    <section aria-labelledby="qa-title">
      <p>
        <Link to={`/formacion/grupos/${cohort.id}`}>← {cohort.name}</Link>
      </p>
      <h1 id="qa-title">{t('questions.title')}</h1>
      <Form method="get" className="form inline-form">
        <div className="field">
          <label htmlFor="evaluacion">{t('questions.quiz')}</label>
          <select id="evaluacion" name="evaluacion" defaultValue={chosen ?? ''}>
            {quizzes.map((q) => (
              <option key={q.id} value={q.id}>
                {q.title}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button secondary">
          {t('questions.show')}
        </button>
      </Form>
      {analysis ? (
        <>
          <p>{t('questions.attempts', { count: analysis.attempts })}</p>
          <TableWrap label={t('questions.title')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('questions.question')}</th>
                  <th scope="col">{t('questions.shareRight')}</th>
                  <th scope="col">{t('questions.commonWrong')}</th>
                  <th scope="col">{t('questions.lesson')}</th>
                </tr>
              </thead>
              <tbody>
                {analysis.rows.map((r) => (
                  <tr key={r.id}>
                    <td>{r.prompt}</td>
                    <td>{r.share === null ? t('questions.notAnswered') : t('questions.shareValue', { share: r.share, right: r.right, shown: r.shown })}</td>
                    <td>{r.commonWrong ? t('questions.wrongValue', { text: r.commonWrong.text, count: r.commonWrong.count }) : '—'}</td>
                    <td>{r.lessonHref ? <Link to={r.lessonHref}>{t('questions.openLesson')}</Link> : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      ) : (
        <p>{t('questions.none')}</p>
      )}
    </section>
  )
}
