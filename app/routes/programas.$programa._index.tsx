import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { HeldCertificate } from '#app/certificates/certificate-notice.tsx'
import { listCertificatesOf } from '#app/certificates/certificates.server.ts'
import { summarizeCertificate } from '#app/certificates/notice.server.ts'
import { getContent, getQuiz } from '#app/content/content.server.ts'
import type { CourseEntry } from '#app/content/types.ts'
import { getLanguage } from '#app/i18n/i18next.server.ts'
import { loadLearnerRecord } from '#app/learning/record.server.ts'
import { emptyRecord, programmeStanding, progressCounts, type ModuleStanding } from '#app/learning/requirements.ts'
import { ProgressBar } from '#app/ui/progress-bar.tsx'
import { pageTitle } from '#app/utils/meta.ts'

export const handle = { i18n: ['common', 'courses', 'certificates'] }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { courses, programmes } = getContent()
  const programme = programmes.find((p) => p.slug === params.programa)
  if (!programme) throw new Response('Not found', { status: 404 })
  const user = context.user
  const record = user ? loadLearnerRecord(user.id) : emptyRecord()
  const examQuiz = programme.examId ? getQuiz(programme.examId) : undefined
  const progress = programmeStanding(programme, courses, record, examQuiz)
  const certificate = user ? listCertificatesOf(user.id).find((c) => c.kind === 'programme' && c.subjectId === programme.id) : undefined

  const lessonHref = (course: CourseEntry, lessonId: string) => `/cursos/${course.slug}/${course.lessons.find((l) => l.id === lessonId)?.slug ?? ''}`
  const quizHref = (course: CourseEntry, quizId: string) => `/cursos/${course.slug}/evaluaciones/${getQuiz(quizId)?.slug ?? ''}`
  const examHref = examQuiz ? `/programas/${programme.slug}/evaluaciones/${examQuiz.slug}` : ''
  const step = (course: CourseEntry, next: ModuleStanding['next']) =>
    next?.kind === 'lesson'
      ? { href: lessonHref(course, next.id), title: course.lessons.find((l) => l.id === next.id)?.title ?? '' }
      : next?.kind === 'quiz'
        ? { href: quizHref(course, next.id), title: getQuiz(next.id)?.title ?? '' }
        : null
  const nextModule = progress.modules.find((m) => m.module.id === progress.next?.moduleId)

  return {
    title: programme.title,
    signedIn: Boolean(user),
    programme: { title: programme.title, summary: programme.summary, hours: programme.certificateHours },
    modules: progress.modules.map(({ course, module, standing: s }) => {
      const quiz = module.quizId ? getQuiz(module.quizId) : undefined
      return {
        id: module.id,
        title: module.title,
        course: { title: course.title, href: `/cursos/${course.slug}` },
        state: s.state,
        lessonsDone: s.lessonsDone,
        lessonsTotal: s.lessonsTotal,
        lessons: module.lessonIds.map((id) => ({
          id,
          title: course.lessons.find((l) => l.id === id)?.title ?? '',
          href: lessonHref(course, id),
          done: record.lessons.get(id)?.completedAt != null,
        })),
        quiz:
          quiz && s.quiz
            ? {
                title: quiz.title,
                href: quizHref(course, quiz.id),
                passMark: quiz.passMark,
                passed: s.quiz.passed,
                bestScore: s.quiz.bestScore,
                attempts: s.quiz.attempts,
              }
            : null,
        next: step(course, s.next),
      }
    }),
    exam:
      examQuiz && progress.exam
        ? {
            title: examQuiz.title,
            href: examHref,
            passMark: examQuiz.passMark,
            passed: progress.exam.passed,
            bestScore: progress.exam.bestScore,
            attempts: progress.exam.attempts,
            open: progress.exam.open,
            waitingFor: progress.exam.waitingFor.map((w) => {
              const m = progress.modules.find((x) => x.module.id === w.moduleId)!
              return { ...w, title: m.module.title, href: step(m.course, m.standing.next)?.href ?? `/cursos/${m.course.slug}` }
            }),
          }
        : null,
    /** «Empezar» / «Continuar»: the next thing to do in the whole programme. */
    next:
      progress.next?.kind === 'exam'
        ? { href: examHref, title: examQuiz?.title ?? '', start: false }
        : nextModule
          ? { ...step(nextModule.course, nextModule.standing.next)!, start: progress.done === 0 }
          : null,
    certificate: certificate ? summarizeCertificate(certificate, await getLanguage(request)) : null,
    progress: { ...progressCounts(progress), complete: progress.complete, readyForExam: progress.readyForExam },
  }
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>

export default function ProgrammePage() {
  const { programme, modules, exam, certificate, signedIn, next, progress } = useLoaderData<typeof loader>()
  const { t } = useTranslation('certificates')
  return (
    <article aria-labelledby="programme-title">
      <h1 id="programme-title">{programme.title}</h1>
      <p className="lead">{programme.summary}</p>
      <p className="meta-line">{t('programme.hours', { count: programme.hours })}</p>
      {certificate ? <HeldCertificate certificate={certificate} /> : null}

      <section className="course-status" aria-labelledby="status-title">
        <h2 id="status-title" className="visually-hidden">
          {t('courses:course.yourProgress')}
        </h2>
        {signedIn ? <ProgressBar progress={progress} /> : <p className="notice">{t('courses:course.guestNotice')}</p>}
        {next ? (
          <Link className="button" to={next.href}>
            {next.start ? t('programme.startWith', { title: next.title }) : t('programme.continueWith', { title: next.title })}
          </Link>
        ) : progress.complete ? (
          <p className="notice done-notice">✓ {t('programme.allDone')}</p>
        ) : null}
      </section>

      <h2>{t('programme.requirements')}</h2>
      <ol className="module-list">
        {modules.map((m) => (
          <ModuleCard key={m.id} module={m} signedIn={signedIn} />
        ))}
      </ol>
      {exam ? <ExamBox exam={exam} signedIn={signedIn} /> : null}
    </article>
  )
}

function ModuleCard({ module: m, signedIn }: { module: Loaded['modules'][number]; signedIn: boolean }) {
  const { t } = useTranslation('certificates')
  return (
    <li className={`module programme-module state-${m.state}`} aria-labelledby={`module-${m.id}`}>
      <h3 id={`module-${m.id}`}>{m.title}</h3>
      <p className="meta-line">
        {t('programme.fromCourse')} <Link to={m.course.href}>{m.course.title}</Link>
      </p>
      {signedIn ? (
        <p className="module-state">
          <strong className={`state-badge state-${m.state}`}>
            {m.state === 'done' ? '✓ ' : ''}
            {t(`programme.state.${m.state}`)}
          </strong>
          {m.state === 'inProgress' ? ` · ${t('programme.moduleState', { done: m.lessonsDone, total: m.lessonsTotal })}` : null}
        </p>
      ) : null}
      <ol className="lesson-list">
        {m.lessons.map((l) => (
          <li key={l.id} className={signedIn && l.done ? 'done' : undefined}>
            <span className="lesson-state" aria-hidden="true">
              {signedIn && l.done ? '✓' : '○'}
            </span>
            <Link to={l.href}>{l.title}</Link>
            {signedIn ? <span className="lesson-meta state-text">{l.done ? t('courses:lesson.read') : t('courses:lesson.unread')}</span> : null}
          </li>
        ))}
      </ol>
      {m.quiz ? (
        <p className={`quiz-line${signedIn && m.quiz.passed ? ' done' : ''}`}>
          <span className="lesson-state" aria-hidden="true">
            {signedIn && m.quiz.passed ? '✓' : '✎'}
          </span>
          <Link to={m.quiz.href}>{m.quiz.title}</Link>{' '}
          <span className="lesson-meta">
            {signedIn && m.quiz.passed
              ? t('programme.quizPassed', { score: m.quiz.bestScore })
              : signedIn && m.quiz.attempts
                ? t('programme.quizNotYet', { score: m.quiz.bestScore, mark: m.quiz.passMark })
                : t('courses:quizState.passMark', { mark: m.quiz.passMark })}
          </span>
        </p>
      ) : null}
      {signedIn && m.next ? (
        <p>
          <Link className="button secondary" to={m.next.href}>
            {m.state === 'notStarted' ? t('programme.start') : t('programme.continue')}
            <span className="visually-hidden">: {m.next.title}</span>
          </Link>
        </p>
      ) : null}
    </li>
  )
}

function ExamBox({ exam, signedIn }: { exam: NonNullable<Loaded['exam']>; signedIn: boolean }) {
  const { t } = useTranslation('certificates')
  return (
    <section className="certificate-box" aria-labelledby="exam-title">
      <h2 id="exam-title">{exam.title}</h2>
      {!signedIn ? (
        <p>{t('programme.examRule')}</p>
      ) : exam.passed ? (
        <p className="done-notice">✓ {t('programme.examPassed', { score: exam.bestScore })}</p>
      ) : exam.open ? (
        <>
          <p>{exam.attempts ? t('programme.examNotYet', { score: exam.bestScore, mark: exam.passMark }) : t('programme.examOpen')}</p>
          <p>
            <Link className="button" to={exam.href}>
              {exam.attempts ? t('programme.examRetake') : t('programme.examLink')}
            </Link>
          </p>
        </>
      ) : (
        <div className="exam-waiting">
          <p>
            <strong>{t('programme.examWaiting')}</strong> {t('programme.examMissing')}
          </p>
          <ul>
            {exam.waitingFor.map((w) => (
              <li key={w.moduleId}>
                <Link to={w.href}>{w.title}</Link>
                <span className="waiting-detail">
                  {[w.lessonsMissing ? t('programme.missingLessons', { count: w.lessonsMissing }) : null, w.quizMissing ? t('programme.missingQuiz') : null]
                    .filter(Boolean)
                    .join(t('programme.and'))}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  )
}
