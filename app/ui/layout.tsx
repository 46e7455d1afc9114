import { useTranslation } from 'react-i18next'
import type { Language } from '#app/i18n/config.ts'
import type { RootData } from '#app/root.tsx'

type HeaderUser = NonNullable<RootData['user']>

// Plain anchors and forms, not Remix's <Link>/<Form>: learner pages load no framework runtime
// (nothing to navigate client-side), and the router hooks behind each <Link> were a measurable
// part of every page's render (issue 16). Trainer and admin pages just load a new document.

/** A main-menu entry, marked as the current section like NavLink did. */
function NavItem({ to, currentPath, children }: { to: string; currentPath: string; children: React.ReactNode }) {
  const path = currentPath.split('?')[0]
  const current = path === to || path.startsWith(`${to}/`)
  return (
    <a href={to} className={current ? 'active' : undefined} aria-current={current ? 'page' : undefined}>
      {children}
    </a>
  )
}

export function SiteHeader({ user, locale, currentPath }: { user: HeaderUser | null; locale: Language; currentPath: string }) {
  const { t } = useTranslation()
  return (
    <header className="site-header">
      <div className="header-inner">
        <a href="/" className="brand" aria-label={t('brand.home')}>
          <img src="/favicon.svg" alt="" width="32" height="32" />
          <span>
            Aula <strong>Somos Tesoro</strong>
          </span>
        </a>
        <LanguageSwitch locale={locale} currentPath={currentPath} />
        <nav aria-label={t('nav.label')} className="main-nav">
          <NavItem to="/cursos" currentPath={currentPath}>
            {t('nav.courses')}
          </NavItem>
          {user ? (
            <NavItem to="/mis-certificados" currentPath={currentPath}>
              {t('nav.certificates')}
            </NavItem>
          ) : (
            <NavItem to="/verificar" currentPath={currentPath}>
              {t('nav.verify')}
            </NavItem>
          )}
          {user?.role === 'trainer' || user?.role === 'admin' ? (
            <NavItem to="/formacion" currentPath={currentPath}>
              {t('nav.training')}
            </NavItem>
          ) : null}
          {user?.role === 'admin' ? (
            <NavItem to="/admin" currentPath={currentPath}>
              {t('nav.admin')}
            </NavItem>
          ) : null}
        </nav>
        <div className="account">
          {user ? (
            <>
              <a href="/mi-cuenta" className="signed-in" data-testid="signed-in-name" title={t('nav.account')}>
                <span className="visually-hidden">{t('account.signedInAs')} </span>
                {user.fullName}
              </a>
              <form method="post" action="/salir">
                <button type="submit" className="button small secondary">
                  {t('account.signOut')}
                </button>
              </form>
            </>
          ) : (
            <>
              <a href={`/ingresar?redirectTo=${encodeURIComponent(currentPath)}`} className="button small">
                {t('account.signIn')}
              </a>
              <a href="/registro" className="button small secondary">
                {t('account.register')}
              </a>
            </>
          )}
        </div>
      </div>
    </header>
  )
}

function LanguageSwitch({ locale, currentPath }: { locale: Language; currentPath: string }) {
  const { t } = useTranslation()
  const other: Language = locale === 'es' ? 'en' : 'es'
  return (
    <form method="post" action="/idioma" className="language-switch">
      <input type="hidden" name="lng" value={other} />
      <input type="hidden" name="redirectTo" value={currentPath} />
      <button type="submit" className="link-button" lang={other} aria-label={t('language.switchTo', { lng: t(`language.${other}`) })}>
        {other === 'en' ? 'English' : 'Español'}
      </button>
    </form>
  )
}

export function SiteFooter() {
  const { t } = useTranslation()
  return (
    <footer className="site-footer">
      <div className="footer-inner">
        <p>{t('footer.about')}</p>
        <p>
          <a href="/privacidad">{t('footer.privacy')}</a>
        </p>
      </div>
    </footer>
  )
}
