import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getCourseById } from '#app/content/content.server.ts'
import { getLastActiveCourseId, loadLearnerRecord } from '#app/learning/record.server.ts'
import { courseProgress } from '#app/learning/requirements.ts'
import { ProgressBar } from '#app/ui/progress-bar.tsx'
import { getRequestT } from '#app/utils/i18n.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { latestSecretResetBySomeoneElse } from '#app/audit/audit.server.ts'
import { getLanguage } from '#app/i18n/i18next.server.ts'
import { formatDateTime } from '#app/utils/dates.server.ts'

export const handle = { i18n: ['common', 'home', 'courses'] }
export const meta: MetaFunction<typeof loader> = ({ data }) => [...pageTitle(data), { name: 'description', content: data?.description ?? '' }]

const themes = ['formalization', 'safety', 'childLabour', 'craft'] as const

export async function loader({ request, context }: LoaderFunctionArgs) {
  const t = await getRequestT(request, 'home')
  return {
    title: t('title'),
    description: t('intro'),
    firstName: context.user?.fullName.split(' ')[0] ?? null,
    continueReading: context.user ? continueReadingFor(context.user.id) : null,
    pinReset: context.user ? pinResetNotice(context.user.id, await getLanguage(request)) : null,
  }
}

/** Who reset this learner's PIN and when (the learner should know; a reset they did not ask for is a warning). */
function pinResetNotice(userId: string, lng: Parameters<typeof formatDateTime>[1]) {
  const reset = latestSecretResetBySomeoneElse(userId)
  return reset ? { on: formatDateTime(reset.at, lng), by: reset.by, kind: reset.kind } : null
}

/** "Continuar donde quedé": the last course touched and its first unread lesson. */
function continueReadingFor(userId: string) {
  const courseId = getLastActiveCourseId(userId)
  const course = courseId ? getCourseById(courseId) : undefined
  if (!course) return null
  const progress = courseProgress(course, loadLearnerRecord(userId))
  if (!progress.nextLesson) return null
  return { courseSlug: course.slug, courseTitle: course.title, lesson: progress.nextLesson, progress }
}

export default function Home() {
  const { firstName, continueReading, pinReset } = useLoaderData<typeof loader>()
  const { t } = useTranslation('home')
  const { t: tc } = useTranslation('courses')
  return (
    <>
      {pinReset ? (
        <p className="notice" role="status">
          {t(pinReset.kind === 'link' ? 'resetLinkCreated' : 'pinReset', { by: pinReset.by ?? t('pinResetSomeone'), on: pinReset.on })}
        </p>
      ) : null}
      {continueReading ? (
        <section className="card continue-card" aria-labelledby="continue-title">
          <h2 id="continue-title">{tc('continue.title')}</h2>
          <p>
            <strong>{continueReading.courseTitle}</strong>: {continueReading.lesson.title}
          </p>
          <ProgressBar progress={continueReading.progress} />
          <p>
            <Link className="button" to={`/cursos/${continueReading.courseSlug}/${continueReading.lesson.slug}`}>
              {tc('continue.cta')}
            </Link>
          </p>
        </section>
      ) : null}
      <section className="hero" aria-labelledby="home-title">
        <h1 id="home-title">{firstName ? t('welcomeBack', { name: firstName }) : t('title')}</h1>
        <p className="lead">{t('intro')}</p>
        <p>
          <Link to="/cursos" className="button">
            {t('seeCourses')}
          </Link>{' '}
          {firstName ? null : (
            <Link to="/registro" className="button secondary">
              {t('createAccount')}
            </Link>
          )}
        </p>
      </section>
      <section aria-labelledby="themes-title">
        <h2 id="themes-title">{t('themesTitle')}</h2>
        <ul className="cards">
          {themes.map((theme) => (
            <li key={theme} className="card">
              <h3>{t(`themes.${theme}.title`)}</h3>
              <p>{t(`themes.${theme}.body`)}</p>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="how-title">
        <h2 id="how-title">{t('howTitle')}</h2>
        <ol>
          <li>{t('how.account')}</li>
          <li>{t('how.read')}</li>
          <li>{t('how.quiz')}</li>
          <li>{t('how.certificate')}</li>
        </ol>
      </section>
      <section aria-labelledby="programme-title">
        <h2 id="programme-title">{t('programmeTitle')}</h2>
        <p>{t('programmeBody')}</p>
      </section>
    </>
  )
}
