import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireUserWithRole } from '#app/auth/guards.server.ts'
import { listCohortsFor } from '#app/cohorts/cohorts.server.ts'
import { getRequestT } from '#app/utils/i18n.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const handle = { i18n: ['common', 'cohorts'], hydrate: true }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUserWithRole(request, context, ['trainer', 'admin'])
  const t = await getRequestT(request, 'cohorts')
  return { title: t('list.title'), cohorts: listCohortsFor(user) }
}

export default function TrainerHome() {
  const { cohorts } = useLoaderData<typeof loader>()
  const { t } = useTranslation('cohorts')
  return (
    <section aria-labelledby="cohorts-title">
      <h1 id="cohorts-title">{t('list.title')}</h1>
      <p>
        <Link className="button" to="/formacion/grupos/nuevo">
          {t('list.new')}
        </Link>
      </p>
      {cohorts.length === 0 ? (
        <p className="notice">{t('list.none')}</p>
      ) : (
        <ul className="cards">
          {cohorts.map((c) => (
            <li key={c.id} className="card">
              <h2>
                <Link to={`/formacion/grupos/${c.id}`}>{c.name}</Link>
              </h2>
              <p>{t('list.meta', { municipality: t(`municipalities.${c.municipality}`), start: c.startsOn, end: c.endsOn })}</p>
              <p>{t('list.members', { count: c.members })}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
