import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { countPendingDeletionRequests, countUsers } from '#app/admin/users.server.ts'
import { requireUserWithRole } from '#app/auth/guards.server.ts'
import { getRequestT } from '#app/utils/i18n.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

// The administration home: where each part of the work is, and what waits for someone
// (deletion requests nobody has carried out yet).

export const handle = { i18n: ['common', 'admin'], hydrate: true }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireUserWithRole(request, context, ['admin'])
  const t = await getRequestT(request, 'admin')
  return {
    title: t('title'),
    people: countUsers(),
    pendingDeletions: countPendingDeletionRequests(),
  }
}

export default function AdminHome() {
  const { people, pendingDeletions } = useLoaderData<typeof loader>()
  const { t } = useTranslation('admin')
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t('title')}</h1>
      {pendingDeletions ? (
        <p className="notice notice-warn">
          <Link to="/admin/usuarios?solicitud=pendientes">{t('home.pending', { count: pendingDeletions })}</Link>
        </p>
      ) : (
        <p className="hint">{t('home.noPending')}</p>
      )}
      <ul className="cards admin-home">
        <li className="card">
          <h2>
            <Link to="/admin/usuarios">{t('home.users')}</Link>
          </h2>
          <p>{t('users.title', { count: people })}</p>
        </li>
        <li className="card">
          <h2>
            <Link to="/admin/certificados">{t('home.certificates')}</Link>
          </h2>
          <p>{t('certificatesLink')}</p>
        </li>
        <li className="card">
          <h2>
            <Link to="/admin/auditoria">{t('home.audit')}</Link>
          </h2>
          <p>{t('home.auditHint')}</p>
        </li>
        <li className="card">
          <h2>
            <Link to="/admin/indicadores">{t('home.indicators')}</Link>
          </h2>
          <p>{t('home.indicatorsHint')}</p>
        </li>
      </ul>
    </section>
  )
}
