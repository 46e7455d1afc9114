import { useTranslation } from 'react-i18next'

type ListedCertificate = { code: string; title: string; issuedOn: string; revoked: boolean; pdf: string; holderName?: string }

/** Constancias as trainers see them (cohort page, learner page): holder when given, title, date, code, PDF. */
export function CertificateList({ certificates }: { certificates: ListedCertificate[] }) {
  const { t } = useTranslation('cohorts')
  if (!certificates.length) return <p className="hint">{t('view.nobody')}</p>
  return (
    <ul className="plain-list">
      {certificates.map((c) => (
        <li key={c.code}>
          {c.holderName ? <strong>{c.holderName}</strong> : null}
          {c.holderName ? ' · ' : null}
          {c.title} · {c.issuedOn} · <code>{c.code}</code>
          {c.revoked ? ` · ${t('view.revoked')}` : null} ·{' '}
          <a href={c.pdf} download>
            {t('view.downloadPdf')}
          </a>
        </li>
      ))}
    </ul>
  )
}
