import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError, useRouteLoaderData } from '@remix-run/react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { useChangeLanguage } from 'remix-i18next/react'
import { getLanguage } from '#app/i18n/i18next.server.ts'
import { htmlLang, learnerNamespaces, namespaces, type Language } from '#app/i18n/config.ts'
import { SiteFooter, SiteHeader } from '#app/ui/layout.tsx'
import { useNonce } from '#app/utils/nonce-provider.ts'
import appStyles from '#app/styles/app.css'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: appStyles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const handle = { i18n: ['common'] }
export { rootMeta as meta } from '#app/utils/meta.ts'

export async function loader({ request, context }: LoaderFunctionArgs) {
  const locale = await getLanguage(request)
  const user = context.user
  const url = new URL(request.url)
  return {
    locale,
    currentPath: `${url.pathname}${url.search}`,
    user: user ? { id: user.id, fullName: user.fullName, role: user.role } : null,
  }
}

export type RootData = Awaited<ReturnType<typeof loader>>

export function useRootData() {
  return useRouteLoaderData<typeof loader>('root')
}

function Document({ children, locale }: { children: React.ReactNode; locale: Language }) {
  const nonce = useNonce()
  return (
    <html lang={htmlLang[locale]} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#0b5d3b" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRootData()
  const locale = data?.locale ?? 'es'
  useChangeLanguage(locale)
  usePreloadedTranslations(data?.user?.role ?? null)
  return (
    <Document locale={locale}>
      <a className="skip-link" href="#contenido">
        <SkipText />
      </a>
      <SiteHeader user={data?.user ?? null} locale={locale} currentPath={data?.currentPath ?? '/'} />
      <main id="contenido" className="main" tabIndex={-1}>
        {children}
      </main>
      <SiteFooter />
    </Document>
  )
}

/**
 * Pages are server-rendered and readable before any script. After hydration, load the
 * translations of the areas this person can reach, so client-side navigation never
 * flashes untranslated keys.
 */
function usePreloadedTranslations(role: string | null) {
  const { i18n } = useTranslation()
  useEffect(() => {
    void i18n.loadNamespaces(role === 'trainer' || role === 'admin' ? [...namespaces] : [...learnerNamespaces])
  }, [i18n, role])
}

function SkipText() {
  const { t } = useTranslation()
  return <>{t('skipToContent')}</>
}

export default function App() {
  return <Outlet />
}

const errorKinds: Record<number, string> = {
  400: 'badRequest',
  403: 'forbidden',
  404: 'notFound',
  405: 'methodNotAllowed',
  413: 'tooLarge',
}

export function ErrorBoundary() {
  const error = useRouteError()
  const { t } = useTranslation()
  const status = isRouteErrorResponse(error) ? error.status : 500
  const kind = errorKinds[status] ?? 'serverError'
  if (status >= 500) console.error(error)
  return (
    <section className="page narrow error-page" aria-labelledby="error-title">
      <p className="error-code">{status}</p>
      <h1 id="error-title">{t(`errors.${kind}.title`)}</h1>
      <p>{t(`errors.${kind}.body`)}</p>
      <p>
        <a className="button" href="/">
          {t('errors.backHome')}
        </a>
      </p>
    </section>
  )
}
