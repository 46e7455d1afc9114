import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { z } from 'zod'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { changeRole, listUsers } from '#app/admin/users.server.ts'
import { lockedUserIds, unlockSignIn } from '#app/auth/accounts.server.ts'
import { roles } from '#app/db/schema.ts'
import { requireUserWithRole } from '#app/auth/guards.server.ts'
import { getRequestT } from '#app/utils/i18n.server.ts'
import { notFound } from '#app/utils/http.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { TableWrap } from '#app/ui/table-wrap.tsx'
import { readFormData } from '#app/utils/form-data.server.ts'

export const handle = { i18n: ['common', 'admin', 'auth'], hydrate: true }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireUserWithRole(request, context, ['admin'])
  const t = await getRequestT(request, 'admin')
  const all = listUsers()
  const locked = lockedUserIds(all.map((u) => u.id))
  return { title: t('title'), users: all.map((u) => ({ ...u, signInLocked: locked.has(u.id) })) }
}

const RoleSchema = z.object({ userId: z.string().min(1), role: z.enum(roles) })

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = requireUserWithRole(request, context, ['admin'])
  const form = Object.fromEntries(await readFormData(request))
  if (form.intent === 'unlock') {
    const unlocked = unlockSignIn(admin, String(form.userId ?? ''))
    if (!unlocked.ok) throw new Response('Not found', { status: 404 })
    throw redirect('/admin')
  }
  const parsed = RoleSchema.safeParse(form)
  if (!parsed.success) throw new Response('Bad request', { status: 400 })
  const changed = changeRole(parsed.data.userId, parsed.data.role, admin.id)
  if (!changed.ok && changed.reason === 'notFound') notFound()
  if (!changed.ok) return data({ error: 'lastAdmin' as const }, { status: 409 })
  throw redirect('/admin')
}

export default function AdminHome() {
  const { users } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('admin')
  const { t: ta } = useTranslation('auth')
  return (
    <section>
      <h1>{t('title')}</h1>
      {actionData?.error === 'lastAdmin' ? (
        <p className="notice notice-error" role="alert">
          {t('users.lastAdmin')}
        </p>
      ) : null}
      <p>
        <Link to="/admin/certificados">{t('certificatesLink')}</Link>
      </p>
      <p>
        <Link to="/admin/indicadores">{t('indicatorsLink')}</Link>
      </p>
      <h2>{t('users.title', { count: users.length })}</h2>
      <TableWrap label={t('users.title', { count: users.length })}>
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
                <td>
                  {u.fullName}
                  {u.deletionRequestedAt ? <strong className="field-error"> · {t('users.deletionRequested')}</strong> : null}
                  {u.signInLocked ? (
                    <Form method="post" className="inline">
                      <strong className="field-error"> · {t('users.signInLocked')} </strong>
                      <input type="hidden" name="intent" value="unlock" />
                      <input type="hidden" name="userId" value={u.id} />
                      <button type="submit" className="button small">
                        {t('users.unlock')}
                      </button>
                    </Form>
                  ) : null}
                </td>
                <td>{u.email ?? u.username}</td>
                <td>
                  <Form method="post" className="inline-form role-form">
                    <input type="hidden" name="userId" value={u.id} />
                    <label className="visually-hidden" htmlFor={`role-${u.id}`}>
                      {t('users.role')}: {u.fullName}
                    </label>
                    <select id={`role-${u.id}`} name="role" defaultValue={u.role}>
                      {roles.map((r) => (
                        <option key={r} value={r}>
                          {t(`roles.${r}`)}
                        </option>
                      ))}
                    </select>
                    <button type="submit" className="button small secondary">
                      {t('users.changeRole')}
                    </button>
                  </Form>
                </td>
                <td>{ta(`profiles.${u.profile}`)}</td>
                <td>{u.municipality}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  )
}
