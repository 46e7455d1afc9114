import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireUser } from '#app/auth/guards.server.ts'
import { listCertificatesOf } from '#app/certificates/certificates.server.ts'
import { formatCode } from '#app/certificates/code.ts'
import { pdfPath, verificationUrl } from '#app/certificates/urls.server.ts'
import { getLanguage } from '#app/i18n/i18next.server.ts'
import { getFixedT } from '#app/i18n/translations.server.ts'
import { formatDate } from '#app/utils/dates.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const handle = { i18n: ['common', 'certificates'] }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context)
  const lng = await getLanguage(request)
  const t = await getFixedT(lng, 'certificates')
  return {
    title: t('mine.title'),
    certificates: listCertificatesOf(user.id).map((c) => ({
      code: formatCode(c.code),
      title: c.title,
      kind: c.kind,
      hours: c.hours,
      issuedOn: formatDate(c.issuedAt, lng),
      revokedOn: c.revokedAt ? formatDate(c.revokedAt, lng) : null,
      pdf: pdfPath(c.code),
      shareUrl: verificationUrl(c.code),
    })),
  }
}

export default function MyCertificates() {
  const { certificates } = useLoaderData<typeof loader>()
  const { t } = useTranslation('certificates')
  return (
    <section aria-labelledby="mine-title">
      <h1 id="mine-title">{t('mine.title')}</h1>
      {certificates.length === 0 ? (
        <p className="notice">
          {t('mine.none')} <Link to="/cursos">{t('mine.goToCourses')}</Link>
        </p>
      ) : (
        <ul className="cards">
          {certificates.map((c) => (
            <li key={c.code} className="card certificate-card">
              <h2>{c.title}</h2>
              <p>
                {t('mine.summary', { hours: c.hours, date: c.issuedOn })}
                {c.revokedOn ? <strong className="field-error"> · {t('mine.revokedOn', { date: c.revokedOn })}</strong> : null}
              </p>
              <p>
                {t('verify.code')}: <code>{c.code}</code>
              </p>
              <p>
                <a className="button" href={c.pdf} download>
                  {t('mine.download')}
                </a>
              </p>
              <p className="share">
                {t('mine.share')} <a href={c.shareUrl}>{c.shareUrl}</a>
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
