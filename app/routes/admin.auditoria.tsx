import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import {
  PAGE_SIZE,
  actionLabel,
  describeDetails,
  knownAuditActions,
  listAuditEvents,
  namesFor,
  parseAuditFilters,
  personName,
  type AuditSubject,
  type DetailEntry,
} from '#app/audit/audit-log.server.ts'
import { requireUserWithRole } from '#app/auth/guards.server.ts'
import { getLanguage } from '#app/i18n/i18next.server.ts'
import { getFixedT } from '#app/i18n/translations.server.ts'
import { Field, SelectField } from '#app/ui/form.tsx'
import { TableWrap } from '#app/ui/table-wrap.tsx'
import { formatDateTime } from '#app/utils/dates.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

// /admin/auditoria — the audit log: who did what to what and when, newest first, 50 to a page
// with the true total. Filters are a GET form (work without JavaScript): a person (?persona=:
// events about them or by them; the admin user page links here), who did it (?actor= an id,
// ?quien= a name search), the action, and a date range (Colombia days). The same filters
// export the whole matching log as CSV (/admin/auditoria.csv).

export const handle = { i18n: ['common', 'admin'], hydrate: true }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

const FILTER_KEYS = ['persona', 'actor', 'quien', 'accion', 'desde', 'hasta'] as const

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireUserWithRole(request, context, ['admin'])
  const lng = await getLanguage(request)
  const t = await getFixedT(lng, 'admin')
  const url = new URL(request.url)
  const parsed = parseAuditFilters(url.searchParams)
  const ignored: string[] = parsed.ok ? parsed.ignored : []
  // A dropped filter is not carried on (links, hidden fields, the CSV); the page says so.
  const values = Object.fromEntries(FILTER_KEYS.map((k) => [k, ignored.includes(k) ? '' : (url.searchParams.get(k) ?? '')])) as Record<
    (typeof FILTER_KEYS)[number],
    string
  >
  const actions = knownAuditActions.map((a) => ({ value: a, label: actionLabel(a, t) })).sort((a, b) => a.label.localeCompare(b.label, 'es'))
  const common = { title: t('audit.title'), values, actions, notice: ignored.length ? 'audit.errors.filterIgnored' : null }
  if (!parsed.ok) return data({ ...common, fieldErrors: parsed.fieldErrors, page: 1, total: 0, pages: 0, rows: [], chips: [], csv: null }, { status: 400 })
  const { filters } = parsed
  const { total, page, pages, rows } = listAuditEvents(filters, { page: parsed.page })
  const names = namesFor(rows)
  const query = new URLSearchParams(Object.entries(values).filter(([, v]) => v))
  const chips = [
    filters.personId ? { key: 'persona', label: t('audit.filters.personChip', { name: personName(filters.personId) ?? filters.personId }) } : null,
    filters.actorId ? { key: 'actor', label: t('audit.filters.actorChip', { name: personName(filters.actorId) ?? filters.actorId }) } : null,
  ]
    .filter((c) => c !== null)
    .map((c) => {
      const without = new URLSearchParams(query)
      without.delete(c.key)
      return { ...c, remove: `/admin/auditoria${without.size ? `?${without}` : ''}` }
    })
  return data({
    ...common,
    fieldErrors: {} as Record<string, string>,
    page,
    total,
    pages,
    chips,
    csv: `/admin/auditoria.csv${query.size ? `?${query}` : ''}`,
    rows: rows.map((r) => ({
      id: r.id,
      at: formatDateTime(r.at, lng),
      iso: r.at.toISOString(),
      action: actionLabel(r.action, t),
      code: r.action,
      actor: r.actor,
      subject: r.subject,
      details: describeDetails(r.details, t, lng, names),
    })),
  })
}

export default function AuditLog() {
  const { values, actions, fieldErrors, notice, rows, total, page, pages, chips, csv } = useLoaderData<typeof loader>()
  const { t } = useTranslation('admin')
  const pageLink = (n: number) => {
    const q = new URLSearchParams(Object.entries(values).filter(([, v]) => v))
    if (n > 1) q.set('pagina', String(n))
    return `/admin/auditoria${q.size ? `?${q}` : ''}`
  }
  const first = (page - 1) * PAGE_SIZE + 1
  return (
    <section aria-labelledby="audit-title" className="audit-page">
      <p>
        <Link to="/admin">← {t('title')}</Link>
      </p>
      <h1 id="audit-title">{t('audit.title')}</h1>
      <p className="lead">{t('audit.intro')}</p>
      {notice ? (
        <p className="notice notice-error" role="alert">
          {t(notice)}
        </p>
      ) : null}
      <Form method="get" className="form filters" aria-label={t('audit.filters.label')}>
        {chips.map((c) => (
          <p key={c.key} className="filter-chip">
            <input type="hidden" name={c.key} value={values[c.key as keyof typeof values]} />
            {c.label} <Link to={c.remove}>{t('audit.filters.remove')}</Link>
          </p>
        ))}
        <div className="filter-grid">
          <Field
            name="quien"
            ns="admin"
            label={t('audit.filters.who')}
            hint={t('audit.filters.whoHint')}
            defaultValue={values.quien}
            error={fieldErrors.quien}
          />
          <SelectField
            name="accion"
            ns="admin"
            label={t('audit.filters.action')}
            defaultValue={values.accion}
            error={fieldErrors.accion}
            options={[{ value: '', label: t('audit.filters.anyAction') }, ...actions]}
          />
          <Field name="desde" ns="admin" type="date" label={t('audit.filters.from')} defaultValue={values.desde} error={fieldErrors.desde} />
          <Field name="hasta" ns="admin" type="date" label={t('audit.filters.to')} defaultValue={values.hasta} error={fieldErrors.hasta} />
        </div>
        <p className="row-actions">
          <button type="submit" className="button">
            {t('audit.filters.submit')}
          </button>
          <Link to="/admin/auditoria" className="button secondary">
            {t('audit.filters.clear')}
          </Link>
          {csv ? (
            <a href={csv} className="button secondary" download>
              {t('audit.export')}
            </a>
          ) : null}
        </p>
      </Form>
      {Object.keys(fieldErrors).length ? null : (
        <>
          <p className="meta-line" role="status">
            {total ? t('audit.showing', { first, last: first + rows.length - 1, count: total }) : t('audit.none')}
          </p>
          {rows.length ? (
            <TableWrap label={t('audit.title')}>
              <table className="audit-table">
                <thead>
                  <tr>
                    <th scope="col">{t('audit.columns.at')}</th>
                    <th scope="col">{t('audit.columns.action')}</th>
                    <th scope="col">{t('audit.columns.actor')}</th>
                    <th scope="col">{t('audit.columns.subject')}</th>
                    <th scope="col">{t('audit.columns.details')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.id}>
                      <td>
                        <time dateTime={r.iso}>{r.at}</time>
                      </td>
                      <td>
                        {r.action}
                        <br />
                        <code className="hint">{r.code}</code>
                      </td>
                      <td>{r.actor ? <Link to={`/admin/usuarios/${r.actor.id}`}>{r.actor.name}</Link> : <span className="hint">{t('audit.noActor')}</span>}</td>
                      <td>
                        <Subject subject={r.subject} />
                      </td>
                      <td>
                        <Details entries={r.details} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          ) : null}
          {pages > 1 ? (
            <nav className="audit-pager" aria-label={t('audit.pager.label')}>
              {page > 1 ? <Link to={pageLink(page - 1)}>← {t('audit.pager.newer')}</Link> : null}
              <span>{t('audit.pager.page', { page, pages })}</span>
              {page < pages ? <Link to={pageLink(page + 1)}>{t('audit.pager.older')} →</Link> : null}
            </nav>
          ) : null}
        </>
      )}
    </section>
  )
}

function Subject({ subject }: { subject: AuditSubject | null }) {
  const { t } = useTranslation('admin')
  if (!subject) return <span className="hint">—</span>
  switch (subject.kind) {
    case 'user':
      return <Link to={`/admin/usuarios/${subject.id}`}>{subject.name}</Link>
    case 'certificate':
      return (
        <>
          {t('audit.subjectKinds.certificate')} <Link to={`/verificar/${subject.code}`}>{subject.code}</Link>
          <br />
          <span className="hint">
            {subject.title} · {subject.holder}
          </span>
        </>
      )
    case 'cohort':
      return (
        <>
          {t('audit.subjectKinds.cohort')} <Link to={`/formacion/grupos/${subject.id}`}>{subject.name}</Link>
        </>
      )
    default:
      return <code>{subject.id}</code>
  }
}

function Details({ entries }: { entries: DetailEntry[] }) {
  if (!entries.length) return <span className="hint">—</span>
  return (
    <dl className="audit-details">
      {entries.map((d) => (
        <div key={d.key}>
          <dt>{d.label}</dt>
          <dd>{d.link ? <Link to={d.link.kind === 'user' ? `/admin/usuarios/${d.link.id}` : `/formacion/grupos/${d.link.id}`}>{d.value}</Link> : d.value}</dd>
        </div>
      ))}
    </dl>
  )
}
