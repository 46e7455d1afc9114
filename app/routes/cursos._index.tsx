import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getContent, listCourses } from '#app/content/content.server.ts'
import { loadLearnerRecord } from '#app/learning/record.server.ts'
import { courseProgress } from '#app/learning/requirements.ts'
import { formatDuration } from '#app/ui/duration.ts'
import { ProgressBar } from '#app/ui/progress-bar.tsx'
import { getRequestT } from '#app/utils/i18n.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const handle = { i18n: ['common', 'courses'] }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

export async function loader({ request, context }: LoaderFunctionArgs) {
  const t = await getRequestT(request, 'courses')
  const all = listCourses()
  const record = context.user ? loadLearnerRecord(context.user.id) : null
  const courses = all.map((course) => ({
    slug: course.slug,
    title: course.title,
    summary: course.summary,
    audience: course.audience,
    // The hours the constancia states (computed from the content), not the author's estimate.
    minutes: course.certificateHours * 60,
    modules: course.modules.length,
    lessons: course.lessons.length,
    certificateHours: course.certificateHours,
    progress: record ? courseProgress(course, record) : null,
  }))
  const programmes = getContent().programmes.map((p) => ({ slug: p.slug, title: p.title, summary: p.summary, hours: p.certificateHours }))
  return { title: t('catalog.title'), courses, programmes, signedIn: Boolean(context.user) }
}

export default function Catalog() {
  const { courses, programmes, signedIn } = useLoaderData<typeof loader>()
  const { t } = useTranslation('courses')
  return (
    <section aria-labelledby="catalog-title">
      <h1 id="catalog-title">{t('catalog.title')}</h1>
      <p className="lead">{t('catalog.intro')}</p>
      {!signedIn ? <p className="notice">{t('catalog.guestNotice')}</p> : null}
      <ul className="cards course-cards">
        {courses.map((c) => (
          <li key={c.slug} className="card">
            <h2>
              <Link to={`/cursos/${c.slug}`}>{c.title}</Link>
            </h2>
            <p>{c.summary}</p>
            <dl className="facts">
              <div>
                <dt>{t('facts.audience')}</dt>
                <dd>{t(`audience.${c.audience}`)}</dd>
              </div>
              <div>
                <dt>{t('facts.duration')}</dt>
                <dd>{formatDuration(c.minutes, t)}</dd>
              </div>
              <div>
                <dt>{t('facts.content')}</dt>
                <dd>{t('facts.modulesLessons', { modules: c.modules, lessons: c.lessons })}</dd>
              </div>
            </dl>
            {c.progress ? (
              <>
                <ProgressBar progress={c.progress} />
                {c.progress.nextLesson ? (
                  <Link className="button" to={`/cursos/${c.slug}/${c.progress.nextLesson.slug}`}>
                    {c.progress.done ? t('catalog.continue') : t('catalog.start')}
                    <span className="visually-hidden">: {c.title}</span>
                  </Link>
                ) : (
                  <Link className="button secondary" to={`/cursos/${c.slug}`}>
                    {t('catalog.allRead')}
                  </Link>
                )}
              </>
            ) : (
              <Link className="button secondary" to={`/cursos/${c.slug}`}>
                {t('catalog.see')}
                <span className="visually-hidden">: {c.title}</span>
              </Link>
            )}
          </li>
        ))}
      </ul>
      {programmes.length ? (
        <section aria-labelledby="programmes-title">
          <h2 id="programmes-title">{t('catalog.programmes')}</h2>
          <ul className="cards">
            {programmes.map((p) => (
              <li key={p.slug} className="card">
                <h3>
                  <Link to={`/programas/${p.slug}`}>{p.title}</Link>
                </h3>
                <p>{p.summary}</p>
                <p className="meta-line">{t('course.certificateHours', { count: p.hours })}</p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  )
}
