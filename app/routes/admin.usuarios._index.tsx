import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { listCohortChoices, searchUsers } from '#app/admin/users.server.ts'
import { parseUserFilters, userFiltersQuery } from '#app/admin/user-filters.ts'
import { lockedUserIds } from '#app/auth/accounts.server.ts'
import { requireUserWithRole } from '#app/auth/guards.server.ts'
import { profiles, roles } from '#app/db/schema.ts'
import { getRequestT } from '#app/utils/i18n.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { municipalities, municipalityName } from '#app/utils/municipalities.ts'
import { TableWrap } from '#app/ui/table-wrap.tsx'

// /admin/usuarios: search and filter everyone with an account, 50 to a page, with the true
// total. A GET form (works without JavaScript); page links carry the filters.

export const handle = { i18n: ['common', 'admin', 'auth'], hydrate: true }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireUserWithRole(request, context, ['admin'])
  const t = await getRequestT(request, 'admin')
  const { filters, page } = parseUserFilters(new URL(request.url).searchParams)
  const result = searchUsers(filters, page)
  const locked = lockedUserIds(result.users.map((u) => u.id))
  return {
    title: t('users.listTitle'),
    filters,
    total: result.total,
    page: result.page,
    pages: result.pages,
    cohorts: listCohortChoices(),
    users: result.users.map((u) => ({
      id: u.id,
      fullName: u.fullName,
      login: u.email ?? u.username,
      role: u.role,
      profile: u.profile,
      municipality: u.municipality ? municipalityName(u.municipality) : '',
      inactive: Boolean(u.deactivatedAt),
      deletion: u.anonymisedAt ? ('done' as const) : u.deletionRequestedAt ? ('pending' as const) : null,
      signInLocked: locked.has(u.id),
    })),
  }
}

export default function AdminUsers() {
  const { filters, total, page, pages, cohorts, users } = useLoaderData<typeof loader>()
  const { t } = useTranslation('admin')
  const { t: ta } = useTranslation('auth')
  const filtered = userFiltersQuery(filters) !== ''
  return (
    <section aria-labelledby="users-title">
      <p>
        <Link to="/admin">← {t('title')}</Link>
      </p>
      <h1 id="users-title">{t('users.listTitle')}</h1>
      <Form key={userFiltersQuery(filters)} method="get" className="form filters" role="search" aria-label={t('users.search')}>
        <div className="field">
          <label htmlFor="users-q">{t('users.searchLabel')}</label>
          <input id="users-q" name="q" type="search" defaultValue={filters.q} maxLength={100} />
        </div>
        <div className="filter-grid">
          <Select name="rol" label={t('users.role')} value={filters.role} options={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
          <Select name="perfil" label={t('users.profile')} value={filters.profile} options={profiles.map((p) => ({ value: p, label: ta(`profiles.${p}`) }))} />
          <Select
            name="municipio"
            label={t('users.municipality')}
            value={filters.municipality}
            options={municipalities.map((m) => ({ value: m.id, label: m.name }))}
          />
          <Select name="grupo" label={t('users.cohort')} value={filters.cohortId} options={cohorts.map((c) => ({ value: c.id, label: c.name }))} />
          <Select
            name="estado"
            label={t('users.status')}
            value={filters.status === 'active' ? 'activas' : filters.status === 'inactive' ? 'inactivas' : null}
            options={[
              { value: 'activas', label: t('users.statusActive') },
              { value: 'inactivas', label: t('users.statusInactive') },
            ]}
          />
          <Select
            name="solicitud"
            label={t('users.deletion')}
            value={filters.deletion === 'pending' ? 'pendientes' : filters.deletion === 'done' ? 'atendidas' : null}
            options={[
              { value: 'pendientes', label: t('users.deletionPending') },
              { value: 'atendidas', label: t('users.deletionDone') },
            ]}
          />
        </div>
        <div className="row-actions">
          <button type="submit" className="button">
            {t('users.search')}
          </button>
          {filtered ? (
            <Link to="/admin/usuarios" className="button secondary">
              {t('users.clear')}
            </Link>
          ) : null}
        </div>
      </Form>

      <h2 id="users-count" aria-live="polite">
        {t('users.found', { count: total })}
      </h2>
      {users.length ? (
        <TableWrap label={t('users.found', { count: total })}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('users.name')}</th>
                <th scope="col">{t('users.login')}</th>
                <th scope="col">{t('users.role')}</th>
                <th scope="col">{t('users.profile')}</th>
                <th scope="col">{t('users.municipality')}</th>
                <th scope="col">{t('users.state')}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td>
                    <Link to={`/admin/usuarios/${u.id}`}>{u.fullName}</Link>
                  </td>
                  <td>{u.login ?? '—'}</td>
                  <td>{t(`roles.${u.role}`)}</td>
                  <td>{ta(`profiles.${u.profile}`)}</td>
                  <td>{u.municipality || '—'}</td>
                  <td>
                    {[
                      u.inactive ? t('users.inactive') : t('users.active'),
                      u.deletion === 'pending' ? t('users.deletionRequested') : null,
                      u.deletion === 'done' ? t('users.anonymised') : null,
                      u.signInLocked ? t('users.signInLocked') : null,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : (
        <p className="notice">{t('users.none')}</p>
      )}
      {pages > 1 ? (
        <nav className="pager" aria-label={t('users.pages')}>
          {page > 1 ? <Link to={`/admin/usuarios${userFiltersQuery(filters, page - 1)}`}>← {t('users.previous')}</Link> : <span />}
          <span>{t('users.pageOf', { page, pages })}</span>
          {page < pages ? <Link to={`/admin/usuarios${userFiltersQuery(filters, page + 1)}`}>{t('users.next')} →</Link> : <span />}
        </nav>
      ) : null}
    </section>
  )
}

function Select({ name, label, value, options }: { name: string; label: string; value: string | null; options: { value: string; label: string }[] }) {
  const { t } = useTranslation('admin')
  const id = `users-${name}`
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value ?? ''}>
        <option value="">{t('users.all')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
}
