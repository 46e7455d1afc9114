import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { listUsers } from '#app/admin/users.server.ts'
import { requireUserWithRole } from '#app/auth/guards.server.ts'
import { getRequestT } from '#app/utils/i18n.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const handle = { i18n: ['common', 'admin', 'auth'] }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireUserWithRole(request, context, ['admin'])
  const t = await getRequestT(request, 'admin')
  return { title: t('title'), users: listUsers() }
}

export default function AdminHome() {
  const { users } = useLoaderData<typeof loader>()
  const { t } = useTranslation('admin')
  const { t: ta } = useTranslation('auth')
  return (
    <section>
      <h1>{t('title')}</h1>
      <p>
        <Link to="/admin/certificados">{t('certificatesLink')}</Link>
      </p>
      <h2>{t('users.title', { count: users.length })}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('users.name')}</th>
              <th scope="col">{t('users.login')}</th>
              <th scope="col">{t('users.role')}</th>
              <th scope="col">{t('users.profile')}</th>
              <th scope="col">{t('users.municipality')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.fullName}</td>
                <td>{u.email ?? u.username}</td>
                <td>{t(`roles.${u.role}`)}</td>
                <td>{ta(`profiles.${u.profile}`)}</td>
                <td>{u.municipality}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
