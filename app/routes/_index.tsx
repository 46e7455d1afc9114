import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getRequestT } from '#app/utils/i18n.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const handle = { i18n: ['common', 'home'] }
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  ...pageTitle(data),
  { name: 'description', content: data?.description ?? '' },
]

const themes = ['formalization', 'safety', 'childLabour', 'craft'] as const

export async function loader({ request, context }: LoaderFunctionArgs) {
  const t = await getRequestT(request, 'home')
  return {
    title: t('title'),
    description: t('intro'),
    firstName: context.user?.fullName.split(' ')[0] ?? null,
  }
}

export default function Home() {
  const { firstName } = useLoaderData<typeof loader>()
  const { t } = useTranslation('home')
  return (
    <>
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
