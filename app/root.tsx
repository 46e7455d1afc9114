import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useMatches, useRouteError, useRouteLoaderData } from '@remix-run/react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { useChangeLanguage } from 'remix-i18next/react'
import { getLanguage } from '#app/i18n/i18next.server.ts'
import { htmlLang, learnerNamespaces, namespaces, type Language } from '#app/i18n/config.ts'
import { getBrowserAssets } from '#app/offline/browser-assets.server.ts'
import { SiteFooter, SiteHeader } from '#app/ui/layout.tsx'
import { useNonce } from '#app/utils/nonce-provider.ts'
import appStyles from '#app/styles/app.css'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: appStyles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const handle = { i18n: ['common', 'offline'] }

/**
 * What a route may ask of the document in its `handle`:
 * - `hydrate`: load React and Remix in the browser (trainer and admin pages). Learner pages
 *   don't: they are plain HTML and forms, plus the small enhancement script.
 * - `anonymous`: render as for a guest even when someone is signed in (the offline page,
 *   which the service worker keeps for whoever uses the device next).
 */
export type DocumentHandle = { hydrate?: boolean; anonymous?: boolean }
export { rootMeta as meta } from '#app/utils/meta.ts'

export async function loader({ request, context }: LoaderFunctionArgs) {
  const locale = await getLanguage(request)
  const user = context.user
  const url = new URL(request.url)
  return {
    locale,
    currentPath: `${url.pathname}${url.search}`,
    user: user ? { id: user.id, fullName: user.fullName, role: user.role } : null,
    enhanceScript: getBrowserAssets().enhance,
  }
}

export type RootData = Awaited<ReturnType<typeof loader>>

export function useRootData() {
  return useRouteLoaderData<typeof loader>('root')
}

function useDocumentHandle(): Required<DocumentHandle> {
  const handles = useMatches().map((m) => (m.handle ?? {}) as DocumentHandle)
  return { hydrate: handles.some((h) => h.hydrate), anonymous: handles.some((h) => h.anonymous) }
}

function Document({ children, locale, learnerId }: { children: React.ReactNode; locale: Language; learnerId: string | undefined }) {
  const nonce = useNonce()
  const { hydrate } = useDocumentHandle()
  const enhanceScript = useRootData()?.enhanceScript
  return (
    <html lang={htmlLang[locale]} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#0b5d3b" />
        <Meta />
        <Links />
      </head>
      {/* data-learner: the enhancement script clears what this device kept for someone else. */}
      <body data-learner={learnerId}>
        {children}
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : enhanceScript ? (
          <>
            <ScriptTexts />
            <script type="module" src={enhanceScript} nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  )
}

/** The Spanish (or English) texts the enhancement script shows, from i18next like every other text. */
function ScriptTexts() {
  const { t, i18n } = useTranslation('offline')
  // The same JSON for every page in a language: serialised once per i18next instance (issue 16).
  let texts = scriptTextsOf.get(i18n)
  if (texts === undefined) {
    texts = JSON.stringify(t('script', { returnObjects: true })).replace(/</g, '\\u003c')
    scriptTextsOf.set(i18n, texts)
  }
  return <script type="application/json" id="aula-textos" dangerouslySetInnerHTML={{ __html: texts }} />
}
const scriptTextsOf = new WeakMap<object, string>()

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRootData()
  const locale = data?.locale ?? 'es'
  const { anonymous } = useDocumentHandle()
  const user = anonymous ? null : (data?.user ?? null)
  useChangeLanguage(locale)
  usePreloadedTranslations(data?.user?.role ?? null)
  return (
    <Document locale={locale} learnerId={anonymous ? undefined : (user?.id ?? '')}>
      <a className="skip-link" href="#contenido">
        <SkipText />
      </a>
      <SiteHeader user={user} locale={locale} currentPath={data?.currentPath ?? '/'} />
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
