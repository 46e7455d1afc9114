import { useTranslation } from 'react-i18next'
import type { LoginCard } from './cohorts.server.ts'

/** Printable login cards: eight to an A4 page (see the print rules in app.css). */
export function LoginCards({ cards, siteUrl }: { cards: LoginCard[]; siteUrl: string }) {
  const { t } = useTranslation('cohorts')
  return (
    <section className="login-cards-section" aria-labelledby="cards-title">
      <div className="no-print">
        <h2 id="cards-title">{t('cards.title', { count: cards.length })}</h2>
        <p className="notice">{t('cards.once')}</p>
        <p>
          <button type="button" className="button print-button" data-print>
            {t('cards.print')}
          </button>
        </p>
      </div>
      <ul className="login-cards">
        {cards.map((card) => (
          <li key={card.username} className="login-card">
            <p className="card-brand">Aula Somos Tesoro</p>
            <p className="card-name">{card.fullName}</p>
            <dl>
              <div>
                <dt>{t('cards.username')}</dt>
                <dd>{card.username}</dd>
              </div>
              <div>
                <dt>{t('cards.pin')}</dt>
                <dd>{card.pin}</dd>
              </div>
              <div>
                <dt>{t('cards.site')}</dt>
                <dd>{siteUrl}</dd>
              </div>
            </dl>
          </li>
        ))}
      </ul>
    </section>
  )
}
