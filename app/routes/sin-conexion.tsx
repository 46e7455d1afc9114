import type { MetaFunction } from '@remix-run/node'
import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { DocumentHandle } from '#app/root.tsx'

// The page the service worker shows when a page is not on this device and there is no
// signal. It is kept for whoever uses the device next, so it never names anyone
// (`anonymous`); the enhancement script fills in what this device holds.
export const handle: DocumentHandle & { i18n: string[] } = { i18n: ['common', 'offline'], anonymous: true }
export const meta: MetaFunction = () => [{ title: 'Sin conexión · Aula Somos Tesoro' }]

export default function OfflinePage() {
  const { t } = useTranslation('offline')
  return (
    <section className="page narrow offline-page" aria-labelledby="offline-title">
      <h1 id="offline-title">{t('page.title')}</h1>
      <p className="lead">{t('page.intro')}</p>
      <p className="notice" id="offline-saved" role="status" hidden />
      <section aria-labelledby="available-title">
        <h2 id="available-title">{t('page.available')}</h2>
        <div id="offline-available" data-empty={t('page.none')}>
          <noscript>
            <p>{t('page.noScript')}</p>
          </noscript>
        </div>
      </section>
      <section aria-labelledby="pending-title">
        <h2 id="pending-title">{t('page.pending')}</h2>
        <div id="offline-pending" data-empty={t('page.pendingNone')} />
      </section>
      <section aria-labelledby="needs-title">
        <h2 id="needs-title">{t('page.needsTitle')}</h2>
        <p>{t('page.needsConnection')}</p>
      </section>
      <p>
        <Link className="button secondary" to="/">
          {t('page.back')}
        </Link>
      </p>
    </section>
  )
}
