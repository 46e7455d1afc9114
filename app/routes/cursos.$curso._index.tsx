import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getCourseBySlug } from '#app/content/content.server.ts'
import { courseProgress, getCompletedLessonIds } from '#app/progress/progress.server.ts'
import { formatDuration } from '#app/ui/duration.ts'
import { ProgressBar } from '#app/ui/progress-bar.tsx'
import { pageTitle } from '#app/utils/meta.ts'

export const handle = { i18n: ['common', 'courses'] }
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  ...pageTitle(data),
  { name: 'description', content: data?.course.summary ?? '' },
]

export async function loader({ params, context }: LoaderFunctionArgs) {
  const course = getCourseBySlug(params.curso ?? '')
  if (!course) throw new Response('Not found', { status: 404 })
  const completed = context.user ? getCompletedLessonIds(context.user.id, course.lessons.map((l) => l.id)) : new Set<string>()
  const progress = courseProgress(course, completed)
  return {
    title: course.title,
    signedIn: Boolean(context.user),
    progress,
    course: {
      slug: course.slug,
      title: course.title,
      summary: course.summary,
      descriptionHtml: course.descriptionHtml,
      audience: course.audience,
      minutes: course.minutes,
      objectives: course.objectives,
      certificateHours: course.certificateHours,
      hasExam: Boolean(course.examId),
      modules: course.modules.map((m) => ({
        id: m.id,
        title: m.title,
        summary: m.summary,
        hasQuiz: Boolean(m.quizId),
        lessons: course.lessons
          .filter((l) => l.moduleId === m.id)
          .map((l) => ({ slug: l.slug, title: l.title, readingMinutes: l.readingMinutes, audience: l.audience, done: completed.has(l.id) })),
      })),
    },
  }
}

export default function CoursePage() {
  const { course, progress, signedIn } = useLoaderData<typeof loader>()
  const { t } = useTranslation('courses')
  return (
    <article aria-labelledby="course-title">
      <nav aria-label={t('breadcrumb')} className="breadcrumb">
        <Link to="/cursos">{t('catalog.title')}</Link>
      </nav>
      <h1 id="course-title">{course.title}</h1>
      <p className="lead">{course.summary}</p>
      <p className="meta-line">
        {t(`audience.${course.audience}`)} · {formatDuration(course.minutes, t)} · {t('course.certificateHours', { count: course.certificateHours })}
      </p>

      <section className="course-status" aria-labelledby="status-title">
        <h2 id="status-title" className="visually-hidden">
          {t('course.yourProgress')}
        </h2>
        {signedIn ? (
          <ProgressBar done={progress.done} total={progress.total} />
        ) : (
          <p className="notice">{t('course.guestNotice')}</p>
        )}
        {progress.nextLesson ? (
          <Link className="button" to={`/cursos/${course.slug}/${progress.nextLesson.slug}`}>
            {progress.done ? t('course.continueWith', { title: progress.nextLesson.title }) : t('course.startWith', { title: progress.nextLesson.title })}
          </Link>
        ) : (
          <p className="notice">{t('course.allRead')}</p>
        )}
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
            {m.hasQuiz ? <p className="quiz-line">{t('course.moduleQuiz')}</p> : null}
          </li>
        ))}
      </ol>

      <section className="certificate-box" aria-labelledby="certificate-title">
        <h2 id="certificate-title">{t('course.certificateTitle')}</h2>
        <p>{t('course.certificateRule', { count: course.certificateHours })}</p>
        {course.hasExam ? <p>{t('course.certificateExam')}</p> : null}
      </section>
    </article>
  )
}
