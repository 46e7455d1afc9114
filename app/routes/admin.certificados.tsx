import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { requireUserWithRole } from '#app/auth/guards.server.ts'
import { listAllCertificates, revokeCertificate } from '#app/certificates/certificates.server.ts'
import { formatCode, normalizeCode } from '#app/certificates/code.ts'
import { getLanguage } from '#app/i18n/i18next.server.ts'
import { getFixedT } from '#app/i18n/translations.server.ts'
import { formatDate } from '#app/utils/dates.server.ts'
import { fieldErrorsOf } from '#app/utils/forms.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { TableWrap } from '#app/ui/table-wrap.tsx'
import { readFormData } from '#app/utils/form-data.server.ts'

export const handle = { i18n: ['common', 'admin', 'certificates'], hydrate: true }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireUserWithRole(request, context, ['admin'])
  const lng = await getLanguage(request)
  const t = await getFixedT(lng, 'certificates')
  const all = listAllCertificates()
  // A replaced certificate names the corrected one that took its place (usually in the same list).
  const codeOf = new Map(all.map((c) => [c.id, formatCode(c.code)]))
  return {
    title: t('admin.title'),
    certificates: all.map((c) => ({
      code: formatCode(c.code),
      holderName: c.holderName,
      title: c.title,
      issuedOn: formatDate(c.issuedAt, lng),
      revokedOn: c.revokedAt ? formatDate(c.revokedAt, lng) : null,
      reason: c.revocationReason,
      replacedBy: c.replacedById ? (codeOf.get(c.replacedById) ?? '…') : null,
    })),
  }
}

const RevokeSchema = z.object({
  code: z.string().transform((v, ctx) => normalizeCode(v) ?? (ctx.addIssue({ code: 'custom', message: 'admin.errors.code' }), z.NEVER)),
  reason: z.string().trim().min(5, 'admin.errors.reason').max(500, 'admin.errors.reason'),
})

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = requireUserWithRole(request, context, ['admin'])
  const form = Object.fromEntries(await readFormData(request))
  const row = typeof form.code === 'string' ? form.code : null
  const parsed = RevokeSchema.safeParse(form)
  if (!parsed.success) {
    return data({ errors: fieldErrorsOf(parsed.error), code: row }, { status: 400 })
  }
  const result = revokeCertificate(parsed.data.code, { adminId: admin.id, reason: parsed.data.reason })
  if (!result.ok) return data({ errors: { code: `admin.errors.${result.reason}` } as Record<string, string>, code: row }, { status: 400 })
  throw redirect('/admin/certificados')
}

export default function AdminCertificates() {
  const { certificates } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('certificates')
  return (
    <section aria-labelledby="admin-cert-title">
      <p>
        <Link to="/admin">{t('admin:title')}</Link>
      </p>
      <h1 id="admin-cert-title">{t('admin.title')}</h1>
      <TableWrap label={t('admin.title')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('verify.code')}</th>
              <th scope="col">{t('verify.holder')}</th>
              <th scope="col">{t('verify.course')}</th>
              <th scope="col">{t('verify.issuedOn')}</th>
              <th scope="col">{t('admin.state')}</th>
            </tr>
          </thead>
          <tbody>
            {certificates.map((c) => (
              <tr key={c.code}>
                <td>
                  <Link to={`/verificar/${c.code}`}>
                    <code>{c.code}</code>
                  </Link>
                </td>
                <td>{c.holderName}</td>
                <td>{c.title}</td>
                <td>{c.issuedOn}</td>
                <td>
                  {c.replacedBy ? (
                    t('admin.replacedBy', { code: c.replacedBy })
                  ) : c.revokedOn ? (
                    <>
                      {t('admin.revokedOn', { date: c.revokedOn })}: {c.reason}
                    </>
                  ) : (
                    <details open={actionData?.code === c.code}>
                      <summary>{t('admin.revoke')}</summary>
                      <Form method="post" className="form" noValidate>
                        <input type="hidden" name="code" value={c.code} />
                        <div className="field">
                          <label htmlFor={`reason-${c.code}`}>{t('admin.reason')}</label>
                          <textarea
                            id={`reason-${c.code}`}
                            name="reason"
                            rows={2}
                            required
                            aria-invalid={actionData?.code === c.code ? true : undefined}
                            aria-describedby={actionData?.code === c.code ? `reason-error-${c.code}` : undefined}
                          />
                          {actionData?.code === c.code
                            ? Object.values(actionData.errors).map((e) => (
                                <p key={e} className="field-error" id={`reason-error-${c.code}`}>
                                  {t(e)}
                                </p>
                              ))
                            : null}
                        </div>
                        <button type="submit" className="button small">
                          {t('admin.confirmRevoke')}
                        </button>
                      </Form>
                    </details>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  )
}
