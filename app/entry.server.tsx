import { PassThrough } from 'node:stream'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream, renderToString } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { idleNoticeCookie, resolveSession } from '#app/auth/session.server.ts'
import { getLanguage, i18next } from '#app/i18n/i18next.server.ts'
import { createI18nInstance } from '#app/i18n/translations.server.ts'
import { documentResponse } from '#app/utils/document-response.server.ts'
import { NonceProvider } from '#app/utils/nonce-provider.ts'
import '#app/load-context.ts'
import { getLogger } from '../server/logging.js'

export const streamTimeout = 5000

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // The request log names the route rendered (server/logging.js), also for a page without a loader.
  loadContext.routeId = remixContext.staticHandlerContext.matches.at(-1)?.route.id ?? loadContext.routeId
  const lng = await getLanguage(request)
  const instance = await createI18nInstance(lng, routeNamespaces(remixContext))
  const nonce = loadContext.nonce
  const app = (
    <NonceProvider value={nonce}>
      <I18nextProvider i18n={instance}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </I18nextProvider>
    </NonceProvider>
  )

  // Learner pages load no framework runtime, so nothing streams after the document: one
  // synchronous render to a string skips the stream machinery and lets the response carry
  // its length (issue 16). Hydrated pages (trainers, admins) stream their data as before.
  if (!hydrates(remixContext)) {
    // and no runtime to hand the loader data to: never encode it (patches/@remix-run+server-runtime)
    Object.defineProperty(remixContext, 'serverHandoffStream', { value: undefined })
    return documentResponse(`<!DOCTYPE html>${renderToString(app)}`, request, responseHeaders, responseStatusCode)
  }

  const callbackName = isbot(request.headers.get('user-agent') ?? '') ? 'onAllReady' : 'onShellReady'
  return new Promise((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(app, {
      nonce,
      [callbackName]: () => {
        shellRendered = true
        const body = new PassThrough()
        responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
        resolve(
          new Response(createReadableStreamFromReadable(body), {
            headers: responseHeaders,
            status: responseStatusCode,
          }),
        )
        pipe(body)
      },
      onShellError: reject,
      onError(error: unknown) {
        responseStatusCode = 500
        if (shellRendered) getLogger().error({ err: error }, 'error while streaming a page')
      },
    })
    setTimeout(abort, streamTimeout + 1000)
  })
}

const namespacesOfBuild = new WeakMap<EntryContext['routeModules'], string[]>()
/** The namespaces every route of the build declares: the same for every request of a build. */
function routeNamespaces(remixContext: EntryContext) {
  let namespaces = namespacesOfBuild.get(remixContext.routeModules)
  if (!namespaces) {
    namespaces = i18next.getRouteNamespaces(remixContext)
    namespacesOfBuild.set(remixContext.routeModules, namespaces)
  }
  return namespaces
}

/** Whether a matched route asks for the framework runtime in the browser (root.tsx, DocumentHandle). */
function hydrates(remixContext: EntryContext) {
  return remixContext.staticHandlerContext.matches.some(
    (match) => (remixContext.routeModules[match.route.id]?.handle as { hydrate?: boolean } | undefined)?.hydrate,
  )
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (!request.signal.aborted) getLogger().error({ err: error }, 'error in a loader or action')
}

type ExpressLikeRequest = IncomingMessage & { ip?: string }
type ExpressLikeResponse = ServerResponse & { locals: Record<string, unknown>; append(field: string, value: string): void }

/**
 * Called by server/index.js for every request before Remix runs: resolves the
 * session once (so a client-side navigation refreshes the cookie too) and
 * hands the user, the client address and the CSP nonce to loaders and actions.
 */
export async function getLoadContext(req: ExpressLikeRequest, res: ExpressLikeResponse): Promise<AppLoadContext> {
  const { user, session, setCookies, endedByIdle } = await resolveSession(req.headers.cookie)
  for (const cookie of setCookies) res.append('Set-Cookie', cookie)
  if (endedByIdle) res.append('Set-Cookie', idleNoticeCookie())
  return {
    user,
    session,
    clientIp: req.ip ?? req.socket.remoteAddress ?? 'unknown',
    nonce: String(res.locals.nonce ?? ''),
  }
}

export { assertNoDemoAccounts } from '#app/db/demo-guard.server.ts'
// For server/index.js: /healthz and the graceful shutdown.
export { checkDatabaseHealth, closeDatabase } from '#app/db/client.server.ts'
