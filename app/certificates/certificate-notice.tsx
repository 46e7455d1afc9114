import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { CertificateSummary } from './notice.server.ts'

// How learner pages speak of the learner's own constancias (server-rendered; no client state).
// Routes that use these list 'certificates' in their handle's i18n namespaces.

/**
 * The moment of success, at the top of the page of the lesson or attempt whose event issued
 * the constancias: code, PDF and verification page. A constancia revoked since then is shown
 * as revoked, with its date, never as earned.
 */
export function EarnedNotice({ certificates, focus = false }: { certificates: CertificateSummary[]; focus?: boolean }) {
  const { t } = useTranslation('certificates')
  const valid = certificates.filter((c) => !c.revokedOn)
  const revoked = certificates.filter((c) => c.revokedOn)
  if (certificates.length === 0) return null
  return (
    <div id="constancia">
      {valid.length ? (
        // eslint-disable-next-line jsx-a11y/no-autofocus -- the success is where focus lands after the event's redirect
        <section className="earned-notice" aria-labelledby="earned-title" role="status" tabIndex={-1} autoFocus={focus}>
          <h2 id="earned-title">{t('earned.title', { count: valid.length })}</h2>
          <ul>
            {valid.map((c) => (
              <li key={c.code}>
                <p>
                  <strong>{t('earned.document', { title: c.title })}</strong>
                  <br />
                  {t('verify.code')}: <code className="certificate-code">{c.code}</code>
                </p>
                <p className="earned-links">
                  <a className="button" href={c.pdf}>
                    {t('earned.pdf')}
                  </a>{' '}
                  <a className="button secondary" href={c.verify}>
                    {t('earned.verify')}
                  </a>
                </p>
              </li>
            ))}
          </ul>
          <p>
            <Link to="/mis-certificados">{t('earned.all')}</Link>
          </p>
        </section>
      ) : null}
      {revoked.map((c) => (
        <RevokedNotice key={c.code} certificate={c} />
      ))}
    </div>
  )
}

export function RevokedNotice({ certificate }: { certificate: CertificateSummary }) {
  const { t } = useTranslation('certificates')
  return (
    <p className="notice notice-error">
      {t('revokedNotice', { code: certificate.code, title: certificate.title, date: certificate.revokedOn })}{' '}
      <a href={certificate.verify}>{t('earned.verify')}</a>
    </p>
  )
}

/** A constancia the learner already holds for this course or programme (not the moment it was issued). */
export function HeldCertificate({ certificate }: { certificate: CertificateSummary }) {
  const { t } = useTranslation('certificates')
  if (certificate.revokedOn) return <RevokedNotice certificate={certificate} />
  return (
    <p className="notice done-notice">
      ✓ {t('held', { code: certificate.code })} <a href={certificate.pdf}>{t('earned.pdf')}</a> · <Link to="/mis-certificados">{t('earned.all')}</Link>
    </p>
  )
}
