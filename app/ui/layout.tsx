import { Form, Link, NavLink } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { Language } from '#app/i18n/config.ts'
import type { RootData } from '#app/root.tsx'

type HeaderUser = NonNullable<RootData['user']>

export function SiteHeader({ user, locale, currentPath }: { user: HeaderUser | null; locale: Language; currentPath: string }) {
  const { t } = useTranslation()
  return (
    <header className="site-header">
      <div className="header-inner">
        <Link to="/" className="brand" aria-label={t('brand.home')}>
          <img src="/favicon.svg" alt="" width="32" height="32" />
          <span>
            Aula <strong>Somos Tesoro</strong>
          </span>
        </Link>
        <LanguageSwitch locale={locale} currentPath={currentPath} />
        <nav aria-label={t('nav.label')} className="main-nav">
          <NavLink to="/cursos">{t('nav.courses')}</NavLink>
          {user ? <NavLink to="/mis-certificados">{t('nav.certificates')}</NavLink> : <NavLink to="/verificar">{t('nav.verify')}</NavLink>}
          {user?.role === 'trainer' || user?.role === 'admin' ? <NavLink to="/formacion">{t('nav.training')}</NavLink> : null}
          {user?.role === 'admin' ? <NavLink to="/admin">{t('nav.admin')}</NavLink> : null}
        </nav>
        <div className="account">
          {user ? (
            <>
              <Link to="/mi-cuenta" className="signed-in" data-testid="signed-in-name" title={t('nav.account')}>
                <span className="visually-hidden">{t('account.signedInAs')} </span>
                {user.fullName}
              </Link>
              <Form method="post" action="/salir">
                <button type="submit" className="button small secondary">
                  {t('account.signOut')}
                </button>
              </Form>
            </>
          ) : (
            <>
              <Link to={`/ingresar?redirectTo=${encodeURIComponent(currentPath)}`} className="button small">
                {t('account.signIn')}
              </Link>
              <Link to="/registro" className="button small secondary">
                {t('account.register')}
              </Link>
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
    <Form method="post" action="/idioma" reloadDocument className="language-switch">
      <input type="hidden" name="lng" value={other} />
      <input type="hidden" name="redirectTo" value={currentPath} />
      <button type="submit" className="link-button" lang={other} aria-label={t('language.switchTo', { lng: t(`language.${other}`) })}>
        {other === 'en' ? 'English' : 'Español'}
      </button>
    </Form>
  )
}

export function SiteFooter() {
  const { t } = useTranslation()
  return (
    <footer className="site-footer">
      <div className="footer-inner">
        <p>{t('footer.about')}</p>
        <p>
          <Link to="/privacidad">{t('footer.privacy')}</Link>
        </p>
      </div>
    </footer>
  )
}
