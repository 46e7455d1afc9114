import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { PrintableCard } from './login-card-qr.server.ts'

/**
 * Printable login cards (print rules in app.css): eight to an A4 page, or one to a page in large
 * type. Each card: name, username and PIN in large type, the address, a QR code that opens the
 * sign-in page with the username filled in (never the PIN), and three illustrated steps.
 */
export function LoginCards({
  cards,
  address,
  onePerPage,
  layoutLinks,
}: {
  cards: PrintableCard[]
  address: string
  onePerPage: boolean
  /** Where to see the cards eight to a page, and one to a page (plain links: no JavaScript needed). */
  layoutLinks: { eight: string; one: string }
}) {
  const { t } = useTranslation('cohorts')
  return (
    <section className="login-cards-section" aria-labelledby="cards-title">
      <div className="no-print">
        <h2 id="cards-title">{t('cards.title', { count: cards.length })}</h2>
        <p className="notice">{t('cards.once')}</p>
        <p className="card-layouts">
          {t('cards.layout')}{' '}
          {onePerPage ? (
            <>
              <Link to={layoutLinks.eight}>{t('cards.eightPerPage')}</Link> · <strong aria-current="true">{t('cards.onePerPage')}</strong>
            </>
          ) : (
            <>
              <strong aria-current="true">{t('cards.eightPerPage')}</strong> · <Link to={layoutLinks.one}>{t('cards.onePerPage')}</Link>
            </>
          )}
        </p>
        <p>
          <button type="button" className="button print-button" data-print>
            {t('cards.print')}
          </button>
        </p>
      </div>
      <ul className={`login-cards${onePerPage ? ' one-per-page' : ''}`}>
        {cards.map((card) => (
          <li key={card.username} className="login-card">
            <p className="card-head">
              <span className="card-brand">Aula Somos Tesoro</span> <span className="card-name">{card.fullName}</span>
            </p>
            <div className="card-main">
              <img className="card-qr" src={card.qr} alt={t('cards.qrAlt', { username: card.username })} />
              <dl className="card-secrets">
                <div>
                  <dt>{t('cards.username')}</dt>
                  <dd className="card-username">{card.username}</dd>
                </div>
                <div>
                  <dt>{t('cards.pin')}</dt>
                  <dd className="card-pin">{card.pin}</dd>
                </div>
                <div>
                  <dt>{t('cards.site')}</dt>
                  <dd className="card-address">{address}</dd>
                </div>
              </dl>
            </div>
            <ol className="card-steps">
              <li>
                <ScanIcon />
                <span>{t('cards.steps.open')}</span>
              </li>
              <li>
                <PinIcon />
                <span>{t('cards.steps.pin')}</span>
              </li>
              <li>
                <SharedIcon />
                <span>{t('cards.steps.shared')}</span>
              </li>
            </ol>
          </li>
        ))}
      </ul>
    </section>
  )
}

// Simple line drawings that print in black; decorative (each step says it in words).
function Icon({ children }: { children: React.ReactNode }) {
  return (
    <svg
      className="card-icon"
      viewBox="0 0 32 32"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {children}
    </svg>
  )
}

/** A phone with a QR code on its screen. */
function ScanIcon() {
  return (
    <Icon>
      <rect x="8" y="2" width="16" height="28" rx="3" />
      <path d="M14 26h4" />
      <rect x="11" y="7" width="3.5" height="3.5" />
      <rect x="17.5" y="7" width="3.5" height="3.5" />
      <rect x="11" y="13.5" width="3.5" height="3.5" />
      <path d="M18 15h3M19.5 18h1.5" />
    </Icon>
  )
}

/** A PIN field: dots and a cursor. */
function PinIcon() {
  return (
    <Icon>
      <rect x="2" y="8" width="28" height="12" rx="3" />
      <circle cx="8" cy="14" r="1.6" fill="currentColor" />
      <circle cx="13" cy="14" r="1.6" fill="currentColor" />
      <circle cx="18" cy="14" r="1.6" fill="currentColor" />
      <path d="M23 11v6" />
    </Icon>
  )
}

/** A computer screen with a ticked box. */
function SharedIcon() {
  return (
    <Icon>
      <rect x="2" y="4" width="28" height="18" rx="2" />
      <path d="M12 28h8M16 22v6" />
      <rect x="10" y="8" width="10" height="10" rx="1" />
      <path d="M12.5 13l2 2 4-4.5" />
    </Icon>
  )
}
