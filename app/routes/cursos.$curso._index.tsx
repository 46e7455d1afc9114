import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getCourseAudioBytes } from '#app/content/audio.server.ts'
import { getCourseBySlug } from '#app/content/content.server.ts'
import { HeldCertificate } from '#app/certificates/certificate-notice.tsx'
import { listCertificatesOf } from '#app/certificates/certificates.server.ts'
import { summarizeCertificate } from '#app/certificates/notice.server.ts'
import { getLanguage } from '#app/i18n/i18next.server.ts'
import { getQuiz } from '#app/content/content.server.ts'
import { loadLearnerRecord } from '#app/learning/record.server.ts'
import { courseProgress, emptyRecord, isLessonDone } from '#app/learning/requirements.ts'
import { ProgressBar } from '#app/ui/progress-bar.tsx'
import { pageTitle } from '#app/utils/meta.ts'

export const handle = { i18n: ['common', 'courses', 'certificates'] }
export const meta: MetaFunction<typeof loader> = ({ data }) => [...pageTitle(data), { name: 'description', content: data?.course.summary ?? '' }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const course = getCourseBySlug(params.curso ?? '')
  if (!course) throw new Response('Not found', { status: 404 })
  const user = context.user
  const record = user ? loadLearnerRecord(user.id) : emptyRecord()
  const progress = courseProgress(course, record)
  const quizCard = (quizId: string | null) => {
    const quiz = quizId ? getQuiz(quizId) : undefined
    if (!quiz) return null
    const status = record.quizzes.get(quiz.id)
    return {
      slug: quiz.slug,
      title: quiz.title,
      passMark: quiz.passMark,
      bestScore: status?.bestScore ?? null,
      passed: Boolean(status?.passed),
      attempts: status?.attempts ?? 0,
    }
  }
  const certificate = user ? listCertificatesOf(user.id).find((c) => c.kind === 'course' && c.subjectId === course.id) : undefined
  return {
    title: course.title,
    signedIn: Boolean(user),
    certificate: certificate ? summarizeCertificate(certificate, await getLanguage(request)) : null,
    progress,
    course: {
      slug: course.slug,
      title: course.title,
      summary: course.summary,
      descriptionHtml: course.descriptionHtml,
      audience: course.audience,
      objectives: course.objectives,
      certificateHours: course.certificateHours,
      audioBytes: getCourseAudioBytes(course.lessons.map((l) => l.id)),
      exam: quizCard(course.examId),
      modules: course.modules.map((m) => ({
        id: m.id,
        title: m.title,
        summary: m.summary,
        quiz: quizCard(m.quizId),
        lessons: course.lessons
          .filter((l) => l.moduleId === m.id)
          .map((l) => ({ slug: l.slug, title: l.title, readingMinutes: l.readingMinutes, audience: l.audience, done: isLessonDone(record, l.id) })),
      })),
    },
  }
}

export default function CoursePage() {
  const { course, progress, signedIn, certificate } = useLoaderData<typeof loader>()
  const { t } = useTranslation('courses')
  return (
    <article aria-labelledby="course-title">
      <nav aria-label={t('breadcrumb')} className="breadcrumb">
        <Link to="/cursos">{t('catalog.title')}</Link>
      </nav>
      <h1 id="course-title">{course.title}</h1>
      <p className="lead">{course.summary}</p>
      <p className="meta-line">
        {t(`audience.${course.audience}`)} · {t('course.certificateHours', { count: course.certificateHours })}
      </p>

      <section className="course-status" aria-labelledby="status-title">
        <h2 id="status-title" className="visually-hidden">
          {t('course.yourProgress')}
        </h2>
        {signedIn ? <ProgressBar progress={progress} /> : <p className="notice">{t('course.guestNotice')}</p>}
        {progress.nextLesson ? (
          <Link className="button" to={`/cursos/${course.slug}/${progress.nextLesson.slug}`}>
            {progress.done ? t('course.continueWith', { title: progress.nextLesson.title }) : t('course.startWith', { title: progress.nextLesson.title })}
          </Link>
        ) : (
          <p className="notice">{t('course.allRead')}</p>
        )}
      </section>

      {/* Reading with no signal: the enhancement script fills this in where the browser can keep pages. */}
      <section
        className="course-download"
        aria-labelledby="download-title"
        data-course-download
        data-course={course.slug}
        data-audio-bytes={course.audioBytes}
        hidden
      >
        <h2 id="download-title">{t('course.offlineTitle')}</h2>
      </section>

      <div className="prose" dangerouslySetInnerHTML={{ __html: course.descriptionHtml }} />
      <h2>{t('course.objectives')}</h2>
      <ul>
        {course.objectives.map((o) => (
          <li key={o}>{o}</li>
        ))}
      </ul>

      <h2>{t('course.contents')}</h2>
      <ol className="module-list">
        {course.modules.map((m, i) => (
          <li key={m.id} className="module">
            <h3>
              {t('course.moduleN', { n: i + 1 })}: {m.title}
            </h3>
            <p>{m.summary}</p>
            <ol className="lesson-list">
              {m.lessons.map((l) => (
                <li key={l.slug} className={l.done ? 'done' : undefined}>
                  <span className="lesson-state" aria-hidden="true">
                    {l.done ? '✓' : '○'}
                  </span>
                  <Link to={`/cursos/${course.slug}/${l.slug}`}>{l.title}</Link>
                  <span className="lesson-meta">
                    {signedIn ? <span className="state-text">{l.done ? t('lesson.read') : t('lesson.unread')} · </span> : null}
                    {t('duration.minutes', { count: l.readingMinutes })}
                    {l.audience === 'officials' ? ` · ${t('audience.officialsShort')}` : ''}
                  </span>
                </li>
              ))}
            </ol>
            {m.quiz ? <QuizLine courseSlug={course.slug} quiz={m.quiz} signedIn={signedIn} /> : null}
          </li>
        ))}
      </ol>

      <section className="certificate-box" aria-labelledby="certificate-title">
        <h2 id="certificate-title">{t('course.certificateTitle')}</h2>
        <p>{t('course.certificateRule', { count: course.certificateHours })}</p>
        {course.exam ? <QuizLine courseSlug={course.slug} quiz={course.exam} signedIn={signedIn} /> : null}
        {certificate ? <HeldCertificate certificate={certificate} /> : signedIn ? <MissingForCertificate progress={progress} /> : null}
      </section>
    </article>
  )
}

type QuizCard = { slug: string; title: string; passMark: number; bestScore: number | null; passed: boolean; attempts: number }

function QuizLine({ courseSlug, quiz, signedIn }: { courseSlug: string; quiz: QuizCard; signedIn: boolean }) {
  const { t } = useTranslation('courses')
  return (
    <p className={`quiz-line${quiz.passed ? ' done' : ''}`}>
      <span className="lesson-state" aria-hidden="true">
        {quiz.passed ? '✓' : '✎'}
      </span>
      <Link to={`/cursos/${courseSlug}/evaluaciones/${quiz.slug}`}>{quiz.title}</Link>{' '}
      <span className="lesson-meta">
        {signedIn && quiz.attempts
          ? quiz.passed
            ? t('quizState.passed', { score: quiz.bestScore })
            : t('quizState.notYet', { score: quiz.bestScore, mark: quiz.passMark })
          : t('quizState.passMark', { mark: quiz.passMark })}
      </span>
    </p>
  )
}

function MissingForCertificate({
  progress,
}: {
  progress: { complete: boolean; lessonsDone: number; lessonsTotal: number; quizzesPassed: number; quizzesTotal: number }
}) {
  const { t } = useTranslation('courses')
  if (progress.complete) return <p className="notice">{t('course.certificateReady')}</p>
  return (
    <p>
      <strong>{t('course.missing')}</strong>{' '}
      {t('course.missingDetail', {
        lessons: progress.lessonsTotal - progress.lessonsDone,
        quizzes: progress.quizzesTotal - progress.quizzesPassed,
      })}
    </p>
  )
}
