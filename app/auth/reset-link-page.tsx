import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import type { handoverAction, loadHandoverPage } from './reset-link-page.server.ts'

/**
 * The page that creates a one-time link to change a PIN or password (for the admin and the
 * cohort routes): the explanation and the button, then the link once, on a printable card
 * with its QR code, its expiry and «entréguelo en persona».
 */
export function HandoverLinkPage() {
  const data = useLoaderData<typeof loadHandoverPage>()
  const actionData = useActionData<typeof handoverAction>()
  const { t } = useTranslation('admin')
  const { person, result } = data
  const kind = person?.secretKind === 'password' ? 'password' : 'pin'

  // The print button is an enhancement; without JavaScript the browser's own print works.
  useEffect(() => {
    const button = document.querySelector<HTMLButtonElement>('[data-print]')
    const print = () => window.print()
    button?.addEventListener('click', print)
    return () => button?.removeEventListener('click', print)
  }, [result])

  return (
    <section aria-labelledby="reset-link-title" className="reset-link-page">
      <p className="no-print">
        <Link to={data.back.to}>← {data.back.label}</Link>
      </p>
      <h1 id="reset-link-title" className="no-print">
        {person ? t(`resetLink.titleFor.${kind}`, { name: person.fullName }) : t('resetLink.title')}
      </h1>
      {result?.state === 'show' && person ? (
        <>
          <div className="no-print">
            <p className="notice" role="status">
              {t('resetLink.ready')}
            </p>
            <p>
              <button type="button" className="button print-button" data-print>
                {t('resetLink.print')}
              </button>
            </p>
          </div>
          <article className="login-card reset-link-card" aria-label={t(`resetLink.card.heading.${kind}`)}>
            <p className="card-head">
              <span className="card-brand">Aula Somos Tesoro</span> <span className="card-name">{person.fullName}</span>
            </p>
            <p className="reset-card-heading">{t(`resetLink.card.heading.${kind}`)}</p>
            <div className="card-main">
              <img className="card-qr" src={result.qr} alt={t('resetLink.card.qrAlt', { name: person.fullName })} />
              <dl className="card-secrets">
                {person.username ? (
                  <div>
                    <dt>{t('resetLink.card.username')}</dt>
                    <dd className="card-username">{person.username}</dd>
                  </div>
                ) : null}
                <div>
                  <dt>{t('resetLink.card.link')}</dt>
                  <dd className="reset-card-url" data-testid="reset-link-url">
                    {result.url}
                  </dd>
                </div>
                <div>
                  <dt>{t('resetLink.card.expires')}</dt>
                  <dd className="reset-card-expires">{result.expiresOn}</dd>
                </div>
              </dl>
            </div>
            <p className="reset-card-steps">{t(`resetLink.card.steps.${kind}`)}</p>
            <p className="reset-card-warning">
              <strong>{t('resetLink.handInPerson')}</strong> {t('resetLink.card.once')}
            </p>
          </article>
        </>
      ) : (
        <div className="no-print">
          {result ? (
            <p className="notice notice-error" role="alert">
              {t(`resetLink.state.${result.state}`)}
            </p>
          ) : null}
          {actionData?.error ? (
            <p className="notice notice-error" role="alert">
              {actionData.error === 'tooMany' ? t('resetLink.tooMany', { count: actionData.waitMinutes }) : t('resetLink.inactive')}
            </p>
          ) : null}
          {data.inactive || !person ? (
            <p className="notice notice-error">{t('resetLink.inactive')}</p>
          ) : (
            <>
              <p className="meta-line">
                {person.username ?? person.email} · {t(`roles.${person.role}`)}
              </p>
              <p>{t(`resetLink.intro.${kind}`)}</p>
              <p>
                <strong>{t('resetLink.handInPerson')}</strong>
              </p>
              {person.role === 'admin' ? <p className="notice">{t('resetLink.adminTarget')}</p> : null}
              <Form method="post" action={data.action}>
                <input type="hidden" name="intent" value="create" />
                <input type="hidden" name="submissionKey" value={data.submissionKey} />
                <button type="submit" className="button">
                  {t('resetLink.create')}
                </button>
              </Form>
            </>
          )}
        </div>
      )}
    </section>
  )
}
