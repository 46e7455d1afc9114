import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { listCertificatesOf } from '#app/certificates/certificates.server.ts'
import { formatCode } from '#app/certificates/code.ts'
import { getContent, getQuiz } from '#app/content/content.server.ts'
import { loadLearnerRecord } from '#app/learning/record.server.ts'
import { emptyRecord, isLessonDone, isQuizPassed, programmeModules, programmeRequirements, standing } from '#app/learning/requirements.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const handle = { i18n: ['common', 'courses', 'certificates'] }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

export async function loader({ params, context }: LoaderFunctionArgs) {
  const { courses, programmes } = getContent()
  const programme = programmes.find((p) => p.slug === params.programa)
  if (!programme) throw new Response('Not found', { status: 404 })
  const user = context.user
  const modules = programmeModules(programme, courses)
  const record = user ? loadLearnerRecord(user.id) : emptyRecord()
  const progress = standing(programmeRequirements(programme, courses), record)
  const exam = programme.examId ? getQuiz(programme.examId) : undefined
  const certificate = user ? listCertificatesOf(user.id).find((c) => c.kind === 'programme' && c.subjectId === programme.id) : undefined
  return {
    title: programme.title,
    signedIn: Boolean(user),
    programme: { title: programme.title, summary: programme.summary, hours: programme.certificateHours },
    modules: modules.map(({ course, module }) => {
      const quiz = module.quizId ? getQuiz(module.quizId) : undefined
      return {
        id: module.id,
        title: module.title,
        courseTitle: course.title,
        href: `/cursos/${course.slug}`,
        lessonsDone: module.lessonIds.filter((id) => isLessonDone(record, id)).length,
        lessonsTotal: module.lessonIds.length,
        quiz: quiz ? { href: `/cursos/${course.slug}/evaluaciones/${quiz.slug}`, passed: isQuizPassed(record, quiz.id) } : null,
      }
    }),
    exam: exam ? { href: `/programas/${programme.slug}/evaluaciones/${exam.slug}`, title: exam.title, passed: isQuizPassed(record, exam.id) } : null,
    certificate: certificate ? { code: formatCode(certificate.code), revoked: Boolean(certificate.revokedAt) } : null,
    progress: { percent: progress.percent, done: progress.done, total: progress.total, complete: progress.complete, readyForExam: progress.readyForExam },
  }
}

export default function ProgrammePage() {
  const { programme, modules, exam, certificate, signedIn } = useLoaderData<typeof loader>()
  const { t } = useTranslation('certificates')
  return (
    <article aria-labelledby="programme-title">
      <h1 id="programme-title">{programme.title}</h1>
      <p className="lead">{programme.summary}</p>
      <p className="meta-line">{t('programme.hours', { count: programme.hours })}</p>
      {certificate?.revoked ? (
        <p className="notice notice-error">{t('programme.revoked', { code: certificate.code })}</p>
      ) : certificate ? (
        <p className="notice">
          ✓ {t('programme.earned')} <Link to="/mis-certificados">{t('programme.seeCertificate')}</Link>
        </p>
      ) : null}
      <h2>{t('programme.requirements')}</h2>
      <ol className="module-list">
        {modules.map((m) => (
          <li key={m.id} className="module">
            <h3>{m.title}</h3>
            <p className="meta-line">
              {t('programme.fromCourse')} <Link to={m.href}>{m.courseTitle}</Link>
            </p>
            {signedIn ? (
              <p>
                {t('programme.moduleState', { done: m.lessonsDone, total: m.lessonsTotal })} ·{' '}
                {m.quiz?.passed ? `✓ ${t('programme.quizPassed')}` : t('programme.quizPending')}
              </p>
            ) : null}
            {m.quiz ? <Link to={m.quiz.href}>{t('programme.quizLink')}</Link> : null}
          </li>
        ))}
      </ol>
      {exam ? (
        <section className="certificate-box">
          <h2>{exam.title}</h2>
          <p>{t('programme.examRule')}</p>
          <p>
            {exam.passed ? <strong>✓ {t('programme.quizPassed')} </strong> : null}
            <Link className="button" to={exam.href}>
              {t('programme.examLink')}
            </Link>
          </p>
        </section>
      ) : null}
    </article>
  )
}
